// The SQLite Store's document history: each version as accepted and each outcome as recorded
// (written by Accept, RecordOutcomes and FailPending in their own transactions), read back with
// the audit entries about the document for Store::GetDocumentHistory, and a run's outcomes for
// Store::ListRunOutcomes.
#include <limits>
#include <string>

#include "store/sqlite_store_impl.h"

namespace xerosync::store::sqlite {
namespace {

constexpr const char* kInsertVersion = R"sql(
INSERT OR IGNORE INTO document_versions (document_id, version, operation, content_hash,
  accepted_at)
VALUES (?1, ?2, ?3, ?4, ?5))sql";
constexpr const char* kInsertOutcome = R"sql(
INSERT INTO document_outcomes (document_id, attempt_id, version, outcome, at, xero_id, error_id)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7))sql";

constexpr const char* kSelectDocumentKey =
    "SELECT tenant, kind, host_id FROM documents WHERE id = ?1";
constexpr const char* kSelectVersions = R"sql(
SELECT version, operation, content_hash, accepted_at FROM document_versions
WHERE document_id = ?1 ORDER BY version DESC LIMIT ?2)sql";
// The run: the organisation's run that had started by then and had not finished before (one
// runs at a time per organisation; the engine records outcomes inside its run).
constexpr const char* kSelectOutcomes = R"sql(
SELECT o.id, o.attempt_id, o.version, o.outcome, o.at, o.xero_id, o.error_id,
       e.code, e.message,
       (SELECT r.id FROM sync_runs r
        WHERE r.tenant = ?2 AND r.started_at <= o.at
          AND (r.finished_at IS NULL OR r.finished_at >= o.at)
        ORDER BY r.id DESC LIMIT 1),
       o.document_id, d.kind, d.host_id
FROM document_outcomes o JOIN documents d ON d.id = o.document_id
  LEFT JOIN sync_errors e ON e.id = o.error_id
WHERE o.document_id = ?1 ORDER BY o.id DESC LIMIT ?3)sql";
constexpr const char* kSelectRunWindow =
    "SELECT started_at, finished_at FROM sync_runs WHERE id = ?1 AND tenant = ?2";
constexpr const char* kSelectRunOutcomes = R"sql(
SELECT o.id, o.attempt_id, o.version, o.outcome, o.at, o.xero_id, o.error_id,
       e.code, e.message, ?3, o.document_id, d.kind, d.host_id
FROM document_outcomes o JOIN documents d ON d.id = o.document_id
  LEFT JOIN sync_errors e ON e.id = o.error_id
WHERE o.at >= ?4 AND o.at <= ?5 AND d.tenant = ?1 AND o.id > ?2
ORDER BY o.id LIMIT ?6)sql";
// The store names a document "kind:host_id" in the audit log, the API's edit "kind host_id",
// and an error "error:<id>".
constexpr const char* kSelectAudit = R"sql(
SELECT id, at, actor, action, subject, detail, tenant FROM audit_log
WHERE tenant = ?1 AND (subject = ?2 OR subject = ?3 OR subject IN
  (SELECT 'error:' || id FROM sync_errors WHERE document_id = ?4))
ORDER BY id DESC LIMIT ?5)sql";

// The rows of kSelectOutcomes or kSelectRunOutcomes.
Result<std::vector<OutcomeEntry>> ReadOutcomes(Stmt& stmt) {
  std::vector<OutcomeEntry> outcomes;
  while (true) {
    ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return outcomes;
    std::optional<OutcomeKind> outcome = ParseOutcomeKind(stmt.TextView(3));
    std::optional<DocumentKind> kind = ParseDocumentKind(stmt.TextView(11));
    if (!outcome || !kind) {
      return DataLossError("outcome " + std::to_string(stmt.Int(0)) + " cannot be read");
    }
    outcomes.push_back({.id = stmt.Int(0),
                        .document_id = stmt.Int(10),
                        .document = {*kind, stmt.Text(12)},
                        .attempt_id = stmt.OptInt(1),
                        .run_id = stmt.OptInt(9),
                        .version = stmt.Int(2),
                        .outcome = *outcome,
                        .at = stmt.Time(4),
                        .xero_id = stmt.Text(5),
                        .error_id = stmt.OptInt(6),
                        .error_code = stmt.OptText(7).value_or(""),
                        .error_message = stmt.OptText(8).value_or("")});
  }
}

}  // namespace

Status SqliteStore::VersionLocked(int64_t document_id, int64_t version, std::string_view operation,
                                  int64_t content_hash, TimePoint now) {
  ASSIGN_OR_RETURN(Stmt stmt, db_->Prepare(kInsertVersion));
  return stmt.BindAll(document_id, version, operation, content_hash, now).Run();
}

Status SqliteStore::OutcomeLocked(int64_t document_id, std::optional<int64_t> attempt_id,
                                  int64_t version, OutcomeKind outcome, std::string_view xero_id,
                                  std::optional<int64_t> error_id, TimePoint now) {
  ASSIGN_OR_RETURN(Stmt stmt, db_->Prepare(kInsertOutcome));
  return stmt
      .BindAll(document_id, attempt_id, version, OutcomeKindName(outcome), now, xero_id, error_id)
      .Run();
}

Result<DocumentHistory> SqliteStore::GetDocumentHistory(int64_t document_id, int limit) {
  if (limit < 1) return InvalidArgumentError("a document's history needs a limit of 1 or more");
  std::lock_guard lock(mu_);
  return db_->Read([&]() -> Result<DocumentHistory> {
    ASSIGN_OR_RETURN(Stmt key, db_->Prepare(kSelectDocumentKey));
    ASSIGN_OR_RETURN(bool found, key.BindAll(document_id).Step());
    if (!found) return NotFoundError("no document " + std::to_string(document_id));
    const std::string tenant = key.Text(0);
    const std::string kind = key.Text(1);
    const std::string host_id = key.Text(2);

    DocumentHistory history;
    ASSIGN_OR_RETURN(Stmt versions, db_->Prepare(kSelectVersions));
    versions.BindAll(document_id, limit);
    while (true) {
      ASSIGN_OR_RETURN(bool row, versions.Step());
      if (!row) break;
      std::optional<Operation> op = ParseOperation(versions.TextView(1));
      if (!op) {
        return DataLossError("a version of document " + std::to_string(document_id) +
                             " has an unknown operation");
      }
      history.versions.push_back({.version = versions.Int(0),
                                  .operation = *op,
                                  .content_hash = versions.Int(2),
                                  .accepted_at = versions.Time(3)});
    }

    ASSIGN_OR_RETURN(Stmt outcomes, db_->Prepare(kSelectOutcomes));
    outcomes.BindAll(document_id, tenant, limit);
    ASSIGN_OR_RETURN(history.outcomes, ReadOutcomes(outcomes));

    ASSIGN_OR_RETURN(Stmt audit, db_->Prepare(kSelectAudit));
    audit.BindAll(tenant, kind + ":" + host_id, kind + " " + host_id, document_id, limit);
    while (true) {
      ASSIGN_OR_RETURN(bool row, audit.Step());
      if (!row) break;
      AuditEntry entry;
      entry.id = audit.Int(0);
      entry.at = audit.Time(1);
      entry.actor = audit.Text(2);
      entry.action = audit.Text(3);
      entry.subject = audit.Text(4);
      entry.detail = audit.Text(5);
      if (std::optional<std::string> t = audit.OptText(6))
        entry.organisation = domain::TenantId(*t);
      history.audit.push_back(std::move(entry));
    }
    return history;
  });
}

Result<std::vector<OutcomeEntry>> SqliteStore::ListRunOutcomes(const domain::TenantId& tenant,
                                                               int64_t run_id, int64_t after_id,
                                                               int limit) {
  if (limit < 1)
    return InvalidArgumentError("a page of a run's outcomes needs a limit of 1 or more");
  std::lock_guard lock(mu_);
  return db_->Read([&]() -> Result<std::vector<OutcomeEntry>> {
    ASSIGN_OR_RETURN(Stmt window, db_->Prepare(kSelectRunWindow));
    ASSIGN_OR_RETURN(bool found, window.BindAll(run_id, tenant.value()).Step());
    if (!found) return NotFoundError("no sync run " + std::to_string(run_id));
    const TimePoint start = window.Time(0);
    // A run still running: everything since it started.
    const std::optional<TimePoint> finished = window.OptTime(1);
    ASSIGN_OR_RETURN(Stmt stmt, db_->Prepare(kSelectRunOutcomes));
    stmt.BindAll(tenant.value(), after_id, run_id, start);
    if (finished) {
      stmt.Bind(5, *finished);
    } else {
      stmt.Bind(5, std::numeric_limits<int64_t>::max());
    }
    stmt.Bind(6, limit);
    return ReadOutcomes(stmt);
  });
}

}  // namespace xerosync::store::sqlite
