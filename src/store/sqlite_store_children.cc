// Store::HasSyncedChildren (the pre-flight "cannot be edited in Xero" check, sync/prepare.h), in a
// file of its own: its query depends on migration 4's indexes.
#include "store/sqlite_store_impl.h"

namespace xerosync::store::sqlite {
namespace {

// Through the indexes of migration 4: a payment or allocation naming the key as its first or second
// parent, or (rare) among more than two; linked to Xero and not deleted or voided by the version
// there. Each arm names its index (the unique index on tenant and kind would otherwise look as
// good to the planner, and scan every payment) and repeats the partial index's condition word for
// word, as SQLite requires to use it.
constexpr const char* kHasSyncedChildren = R"sql(
SELECT 1 FROM (
  SELECT d.id, d.kind, d.host_id, d.state, d.operation FROM documents d INDEXED BY documents_by_first_parent
  WHERE d.tenant = ?1 AND d.kind IN ('payment', 'allocation')
    AND json_extract(d.parents, '$[0].host_id') = ?3
    AND json_extract(d.parents, '$[0].kind') = ?2
  UNION ALL
  SELECT d.id, d.kind, d.host_id, d.state, d.operation FROM documents d INDEXED BY documents_by_second_parent
  WHERE d.tenant = ?1 AND d.kind IN ('payment', 'allocation')
    AND json_extract(d.parents, '$[1].host_id') = ?3
    AND json_extract(d.parents, '$[1].kind') = ?2
  UNION ALL
  SELECT d.id, d.kind, d.host_id, d.state, d.operation FROM documents d INDEXED BY documents_with_many_parents
  WHERE d.tenant = ?1 AND d.kind IN ('payment', 'allocation')
    AND json_array_length(d.parents) > 2
    AND EXISTS (SELECT 1 FROM json_each(d.parents) p
                WHERE p.key >= 2 AND json_extract(p.value, '$.kind') = ?2
                  AND json_extract(p.value, '$.host_id') = ?3)
) c JOIN links l ON l.tenant = ?1 AND l.kind = c.kind AND l.host_id = c.host_id
WHERE NOT (c.state = 'synced' AND c.operation IN ('delete', 'void'))
LIMIT 1)sql";

}  // namespace

Result<bool> SqliteStore::HasSyncedChildren(const domain::TenantId& tenant,
                                            const DocumentKey& key) {
  std::lock_guard lock(mu_);
  return db_->Read([&]() -> Result<bool> {
    ASSIGN_OR_RETURN(Stmt stmt, db_->Prepare(kHasSyncedChildren));
    return stmt.BindAll(tenant.value(), DocumentKindName(key.kind), key.host_id).Step();
  });
}

}  // namespace xerosync::store::sqlite
