// SqliteStore's mappings, cached Xero settings and sealed connection records (store.h).
#include <string>

#include "store/sqlite_store_impl.h"

namespace xerosync::store::sqlite {
namespace {

constexpr const char* kSelectMapping = R"sql(
SELECT to_value FROM mappings WHERE tenant = ?1 AND kind = ?2 AND from_value = ?3)sql";
constexpr const char* kUpsertMapping = R"sql(
INSERT INTO mappings (tenant, kind, from_value, to_value) VALUES (?1, ?2, ?3, ?4)
ON CONFLICT (tenant, kind, from_value) DO UPDATE SET to_value = excluded.to_value)sql";
constexpr const char* kDeleteMapping =
    "DELETE FROM mappings WHERE tenant = ?1 AND kind = ?2 AND from_value = ?3";
constexpr const char* kBumpMappingsGeneration =
    "UPDATE organisations SET mappings_generation = mappings_generation + 1 WHERE tenant = ?1";
constexpr const char* kSelectMappings = R"sql(
SELECT kind, from_value, to_value FROM mappings WHERE tenant = ?1 ORDER BY kind, from_value)sql";
constexpr const char* kSelectSettings = R"sql(
SELECT kind, json, fetched_at FROM settings_cache WHERE tenant = ?1 AND kind = ?2)sql";
constexpr const char* kUpsertSettings = R"sql(
INSERT INTO settings_cache (tenant, kind, json, fetched_at) VALUES (?1, ?2, ?3, ?4)
ON CONFLICT (tenant, kind) DO UPDATE SET json = excluded.json, fetched_at = excluded.fetched_at)sql";
constexpr const char* kBumpSettingsGeneration =
    "UPDATE organisations SET settings_generation = settings_generation + 1 WHERE tenant = ?1";
constexpr const char* kSelectConnectionRecord =
    "SELECT sealed FROM connection_records WHERE connection_id = ?1";
constexpr const char* kUpsertConnectionRecord = R"sql(
INSERT INTO connection_records (connection_id, sealed) VALUES (?1, ?2)
ON CONFLICT (connection_id) DO UPDATE SET sealed = excluded.sealed)sql";
constexpr const char* kDeleteConnectionRecord =
    "DELETE FROM connection_records WHERE connection_id = ?1";
constexpr const char* kSelectConnectionRecords =
    "SELECT connection_id FROM connection_records ORDER BY connection_id";

}  // namespace

// ---- mappings and settings ----

Status SqliteStore::SetMapping(const domain::TenantId& tenant, const Mapping& mapping,
                               std::string_view actor, TimePoint now) {
  if (mapping.kind.empty() || mapping.from.empty()) {
    return InvalidArgumentError("a mapping needs a kind and a value to map from");
  }
  std::lock_guard lock(mu_);
  return db_->Write([&]() -> Status {
    RETURN_IF_ERROR(RequireOrganisationLocked(tenant));
    ASSIGN_OR_RETURN(Stmt current, db_->Prepare(kSelectMapping));
    ASSIGN_OR_RETURN(bool exists,
                     current.BindAll(tenant.value(), mapping.kind, mapping.from).Step());
    std::optional<std::string> before;
    if (exists) before = current.Text(0);
    std::optional<std::string> after;
    if (!mapping.to.empty()) after = mapping.to;
    if (before == after) return OkStatus();  // nothing changes: no generation bump, no audit
    if (after) {
      ASSIGN_OR_RETURN(Stmt upsert, db_->Prepare(kUpsertMapping));
      RETURN_IF_ERROR(upsert.BindAll(tenant.value(), mapping.kind, mapping.from, *after).Run());
    } else {
      ASSIGN_OR_RETURN(Stmt remove, db_->Prepare(kDeleteMapping));
      RETURN_IF_ERROR(remove.BindAll(tenant.value(), mapping.kind, mapping.from).Run());
    }
    ASSIGN_OR_RETURN(Stmt bump, db_->Prepare(kBumpMappingsGeneration));
    RETURN_IF_ERROR(bump.BindAll(tenant.value()).Run());
    return AuditLocked({.at = now,
                        .actor = std::string(actor),
                        .action = after ? "mapping.set" : "mapping.remove",
                        .subject = "mapping:" + mapping.kind + ":" + mapping.from,
                        .detail = after.value_or(""),
                        .organisation = tenant});
  });
}

Result<std::vector<Mapping>> SqliteStore::ListMappings(const domain::TenantId& tenant) {
  std::lock_guard lock(mu_);
  ASSIGN_OR_RETURN(Stmt stmt, db_->Prepare(kSelectMappings));
  stmt.BindAll(tenant.value());
  std::vector<Mapping> mappings;
  while (true) {
    ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return mappings;
    mappings.push_back({stmt.Text(0), stmt.Text(1), stmt.Text(2)});
  }
}

Result<bool> SqliteStore::PutSettings(const domain::TenantId& tenant,
                                      const CachedSettings& settings) {
  if (settings.kind.empty()) return InvalidArgumentError("cached settings need a kind");
  std::lock_guard lock(mu_);
  return db_->Write([&]() -> Result<bool> {
    RETURN_IF_ERROR(RequireOrganisationLocked(tenant));
    ASSIGN_OR_RETURN(Stmt current, db_->Prepare(kSelectSettings));
    ASSIGN_OR_RETURN(bool exists, current.BindAll(tenant.value(), settings.kind).Step());
    bool differs = !exists || current.TextView(1) != settings.json;
    ASSIGN_OR_RETURN(Stmt upsert, db_->Prepare(kUpsertSettings));
    RETURN_IF_ERROR(
        upsert.BindAll(tenant.value(), settings.kind, settings.json, settings.fetched_at).Run());
    if (differs) {
      ASSIGN_OR_RETURN(Stmt bump, db_->Prepare(kBumpSettingsGeneration));
      RETURN_IF_ERROR(bump.BindAll(tenant.value()).Run());
    }
    return differs;
  });
}

Result<std::optional<CachedSettings>> SqliteStore::GetSettings(const domain::TenantId& tenant,
                                                               std::string_view kind) {
  std::lock_guard lock(mu_);
  ASSIGN_OR_RETURN(Stmt stmt, db_->Prepare(kSelectSettings));
  ASSIGN_OR_RETURN(bool row, stmt.BindAll(tenant.value(), kind).Step());
  if (!row) return std::optional<CachedSettings>();
  return std::optional<CachedSettings>(CachedSettings{stmt.Text(0), stmt.Text(1), stmt.Time(2)});
}

// ---- connection records ----

Result<std::string> SqliteStore::LoadConnectionRecord(std::string_view connection_id) {
  std::lock_guard lock(mu_);
  ASSIGN_OR_RETURN(Stmt stmt, db_->Prepare(kSelectConnectionRecord));
  ASSIGN_OR_RETURN(bool row, stmt.BindAll(connection_id).Step());
  if (!row) return NotFoundError("no connection record " + std::string(connection_id));
  return stmt.Text(0);
}

Status SqliteStore::SaveConnectionRecord(std::string_view connection_id, std::string_view sealed) {
  if (connection_id.empty()) return InvalidArgumentError("a connection record needs an id");
  std::lock_guard lock(mu_);
  return db_->Write([&]() -> Status {
    ASSIGN_OR_RETURN(Stmt stmt, db_->Prepare(kUpsertConnectionRecord));
    return stmt.BindAll(connection_id, sealed).Run();
  });
}

Status SqliteStore::RemoveConnectionRecord(std::string_view connection_id) {
  std::lock_guard lock(mu_);
  return db_->Write([&]() -> Status {
    ASSIGN_OR_RETURN(Stmt stmt, db_->Prepare(kDeleteConnectionRecord));
    return stmt.BindAll(connection_id).Run();
  });
}

Result<std::vector<std::string>> SqliteStore::ListConnectionRecords() {
  std::lock_guard lock(mu_);
  ASSIGN_OR_RETURN(Stmt stmt, db_->Prepare(kSelectConnectionRecords));
  std::vector<std::string> ids;
  while (true) {
    ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return ids;
    ids.push_back(stmt.Text(0));
  }
}

}  // namespace xerosync::store::sqlite
