// The SQLite Store: opening, organisations, leases, sync errors, runs and the audit log.
// Documents and attempts are in sqlite_store_documents.cc; mappings, cached settings and
// connection records in sqlite_store_settings.cc.
#include "store/sqlite_store.h"

#include <string>
#include <utility>

#include "core/json.h"
#include "store/sqlite_schema.h"
#include "store/sqlite_store_impl.h"

namespace xerosync::store {
namespace sqlite {
namespace {

// ---- organisations ----
constexpr const char* kUpsertOrganisation = R"sql(
INSERT INTO organisations (tenant, connection_id, name) VALUES (?1, ?2, ?3)
ON CONFLICT (tenant) DO UPDATE SET connection_id = excluded.connection_id, name = excluded.name)sql";
constexpr const char* kSelectOrganisation = R"sql(
SELECT tenant, connection_id, name, paused_reason, paused_until, settings_generation,
       mappings_generation, sync_requested, initial_sync_done, paused_code
FROM organisations WHERE tenant = ?1)sql";
constexpr const char* kSelectOrganisations = R"sql(
SELECT tenant, connection_id, name, paused_reason, paused_until, settings_generation,
       mappings_generation, sync_requested, initial_sync_done, paused_code
FROM organisations ORDER BY tenant)sql";
constexpr const char* kSelectOrganisationExists = "SELECT 1 FROM organisations WHERE tenant = ?1";
constexpr const char* kPauseOrganisation =
    "UPDATE organisations SET paused_reason = ?2, paused_until = ?3, paused_code = ?4 "
    "WHERE tenant = ?1";
constexpr const char* kPausePendingDocuments = R"sql(
UPDATE documents SET state = 'paused', updated_at = ?2
WHERE tenant = ?1 AND state = 'pending')sql";
constexpr const char* kResumeOrganisation =
    "UPDATE organisations SET paused_reason = NULL, paused_until = NULL, paused_code = NULL "
    "WHERE tenant = ?1";
constexpr const char* kResumePausedDocuments = R"sql(
UPDATE documents SET state = 'pending', next_attempt_at = ?2, updated_at = ?2
WHERE tenant = ?1 AND state = 'paused')sql";
constexpr const char* kRequestSync =
    "UPDATE organisations SET sync_requested = 1 WHERE tenant = ?1";
constexpr const char* kTakeSyncRequest =
    "UPDATE organisations SET sync_requested = 0 WHERE tenant = ?1 AND sync_requested = 1";
constexpr const char* kSetInitialSyncDone =
    "UPDATE organisations SET initial_sync_done = ?2 WHERE tenant = ?1";

// ---- leases ----
// Taken when free, expired (expires_at <= now) or already the owner's; one statement, so the
// check and the take are one step under the write lock.
constexpr const char* kAcquireLease = R"sql(
INSERT INTO leases (name, owner, expires_at) VALUES (?1, ?2, ?3)
ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
WHERE leases.owner = excluded.owner OR leases.expires_at <= ?4)sql";
constexpr const char* kReleaseLease = "DELETE FROM leases WHERE name = ?1 AND owner = ?2";

// ---- sync errors ----
constexpr const char* kErrorColumns = R"sql(
SELECT id, tenant, document_id, code, message, fix, xero_messages, correlation_id, status,
       first_seen, last_seen, attempts, closed_reason, closed_by, settings_generation,
       mappings_generation, request_method, request_path, request_status, request_documents
FROM sync_errors)sql";
constexpr const char* kSelectDocumentTenant = "SELECT tenant FROM documents WHERE id = ?1";
constexpr const char* kSelectOpenError = R"sql(
SELECT id, code FROM sync_errors WHERE document_id = ?1 AND status = 'open')sql";
constexpr const char* kUpdateOpenError = R"sql(
UPDATE sync_errors SET message = ?2, fix = ?3, xero_messages = ?4, correlation_id = ?5,
  last_seen = ?6, attempts = attempts + 1, settings_generation = ?7, mappings_generation = ?8,
  request_method = ?9, request_path = ?10, request_status = ?11, request_documents = ?12
WHERE id = ?1)sql";
constexpr const char* kInsertError = R"sql(
INSERT INTO sync_errors (tenant, document_id, code, message, fix, xero_messages, correlation_id,
  status, first_seen, last_seen, attempts, settings_generation, mappings_generation,
  request_method, request_path, request_status, request_documents)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'open', ?8, ?8, 1, ?9, ?10, ?11, ?12, ?13, ?14))sql";
constexpr const char* kCloseError = R"sql(
UPDATE sync_errors SET status = ?2, closed_reason = ?3, closed_by = ?4 WHERE id = ?1)sql";
constexpr const char* kSetDocumentError = "UPDATE documents SET error_id = ?2 WHERE id = ?1";
constexpr const char* kArchiveFailedDocument = R"sql(
UPDATE documents SET state = 'archived', updated_at = ?2 WHERE id = ?1 AND state = 'failed')sql";
constexpr const char* kUnarchiveDocument = R"sql(
UPDATE documents SET state = 'failed', updated_at = ?2 WHERE id = ?1 AND state = 'archived')sql";

// ---- runs ----
constexpr const char* kRunColumns = R"sql(
SELECT id, tenant, trigger, started_at, finished_at, outcome, synced, failed, blocked, paused,
       api_calls, joined, detail
FROM sync_runs)sql";
constexpr const char* kInterruptRunning = R"sql(
UPDATE sync_runs SET outcome = 'interrupted', finished_at = ?2,
  detail = 'interrupted: the process running it stopped before it finished'
WHERE tenant = ?1 AND outcome = 'running')sql";
constexpr const char* kInsertRun = R"sql(
INSERT INTO sync_runs (tenant, trigger, started_at, outcome) VALUES (?1, ?2, ?3, 'running'))sql";
constexpr const char* kMarkRunJoined = "UPDATE sync_runs SET joined = 1 WHERE id = ?1";
constexpr const char* kFinishRun = R"sql(
UPDATE sync_runs SET outcome = ?2, finished_at = ?3, synced = ?4, failed = ?5, blocked = ?6,
  paused = ?7, api_calls = ?8, detail = ?9, joined = MAX(joined, ?10)
WHERE id = ?1)sql";
constexpr const char* kSummarizeRuns = R"sql(
SELECT COUNT(*), COALESCE(SUM(outcome = 'succeeded'), 0), MAX(finished_at)
FROM sync_runs WHERE tenant = ?1 AND outcome != 'running')sql";

// ---- audit ----
constexpr const char* kInsertAudit = R"sql(
INSERT INTO audit_log (at, actor, action, subject, detail, tenant) VALUES (?1, ?2, ?3, ?4, ?5, ?6))sql";
constexpr const char* kSelectAuditAll = R"sql(
SELECT id, at, actor, action, subject, detail, tenant FROM audit_log
WHERE id > ?1 ORDER BY id LIMIT ?2)sql";
constexpr const char* kSelectAuditOfTenant = R"sql(
SELECT id, at, actor, action, subject, detail, tenant FROM audit_log
WHERE tenant = ?3 AND id > ?1 ORDER BY id LIMIT ?2)sql";

Organisation ReadOrganisationRow(const Stmt& row) {
  Organisation org;
  org.tenant = domain::TenantId(row.Text(0));
  org.connection_id = row.Text(1);
  org.name = row.Text(2);
  org.paused_reason = row.OptText(3);
  org.paused_until = row.OptTime(4);
  org.settings_generation = row.Int(5);
  org.mappings_generation = row.Int(6);
  org.sync_requested = row.Bool(7);
  org.initial_sync_done = row.Bool(8);
  org.paused_code = row.OptText(9);
  return org;
}

std::string EncodeStrings(const std::vector<std::string>& items) {
  Json array = Json::MakeArray();
  for (const std::string& item : items) array.Append(Json::String(item));
  return array.Serialize();
}

Result<std::vector<std::string>> DecodeStrings(std::string_view text) {
  auto json = Json::Parse(text);
  if (!json.ok() || !json->is_array()) {
    return DataLossError("a stored list of Xero messages is not a JSON array");
  }
  std::vector<std::string> items;
  for (const Json& item : json->AsArray()) {
    if (!item.is_string()) return DataLossError("a stored Xero message is not a string");
    items.push_back(item.AsString());
  }
  return items;
}

// An error's request summary as its four nullable columns.
struct RequestColumns {
  std::optional<std::string> method;
  std::optional<std::string> path;
  std::optional<int64_t> status;
  std::optional<int64_t> documents;
};

RequestColumns RequestColumnsOf(const std::optional<RequestSummary>& request) {
  RequestColumns columns;
  if (!request) return columns;
  columns.method = request->method;
  columns.path = request->path;
  if (request->http_status) columns.status = *request->http_status;
  columns.documents = request->documents;
  return columns;
}

Result<SyncError> ReadErrorRow(const Stmt& row) {
  SyncError error;
  error.id = row.Int(0);
  error.organisation = domain::TenantId(row.Text(1));
  error.document_id = row.Int(2);
  error.report.code = row.Text(3);
  error.report.message = row.Text(4);
  error.report.fix = row.Text(5);
  ASSIGN_OR_RETURN(error.report.xero_messages, DecodeStrings(row.TextView(6)));
  error.report.correlation_id = row.OptText(7);
  auto status = ParseErrorStatus(row.TextView(8));
  if (!status) return DataLossError("sync error " + std::to_string(error.id) + " has no status");
  error.status = *status;
  error.first_seen = row.Time(9);
  error.last_seen = row.Time(10);
  error.attempts = static_cast<int>(row.Int(11));
  error.closed_reason = row.Text(12);
  error.closed_by = row.Text(13);
  error.settings_generation = row.Int(14);
  error.mappings_generation = row.Int(15);
  if (std::optional<std::string> method = row.OptText(16)) {
    RequestSummary request;
    request.method = std::move(*method);
    request.path = row.OptText(17).value_or("");
    if (std::optional<int64_t> answered = row.OptInt(18)) {
      request.http_status = static_cast<int>(*answered);
    }
    request.documents = row.OptInt(19).value_or(0);
    error.report.request = std::move(request);
  }
  return error;
}

Result<SyncRun> ReadRunRow(const Stmt& row) {
  SyncRun run;
  run.id = row.Int(0);
  run.organisation = domain::TenantId(row.Text(1));
  auto trigger = ParseRunTrigger(row.TextView(2));
  auto outcome = ParseRunOutcome(row.TextView(5));
  if (!trigger || !outcome) {
    return DataLossError("sync run " + std::to_string(run.id) +
                         " has an unknown trigger or outcome");
  }
  run.trigger = *trigger;
  run.started_at = row.Time(3);
  run.finished_at = row.OptTime(4);
  run.outcome = *outcome;
  run.counts = {row.Int(6), row.Int(7), row.Int(8), row.Int(9), row.Int(10)};
  run.joined = row.Bool(11);
  run.detail = row.Text(12);
  return run;
}

AuditEntry ReadAuditRow(const Stmt& row) {
  AuditEntry entry;
  entry.id = row.Int(0);
  entry.at = row.Time(1);
  entry.actor = row.Text(2);
  entry.action = row.Text(3);
  entry.subject = row.Text(4);
  entry.detail = row.Text(5);
  if (auto tenant = row.OptText(6)) entry.organisation = domain::TenantId(*tenant);
  return entry;
}

Status NoOrganisation(const domain::TenantId& tenant) {
  return NotFoundError("no organisation " + tenant.value());
}

}  // namespace

// ---- helpers ----

Status SqliteStore::RequireOrganisationLocked(const domain::TenantId& tenant) {
  ASSIGN_OR_RETURN(Stmt stmt, db_->Prepare(kSelectOrganisationExists));
  ASSIGN_OR_RETURN(bool row, stmt.BindAll(tenant.value()).Step());
  if (!row) return NoOrganisation(tenant);
  return OkStatus();
}

Result<Organisation> SqliteStore::LoadOrganisationLocked(const domain::TenantId& tenant) {
  ASSIGN_OR_RETURN(Stmt stmt, db_->Prepare(kSelectOrganisation));
  ASSIGN_OR_RETURN(bool row, stmt.BindAll(tenant.value()).Step());
  if (!row) return NoOrganisation(tenant);
  return ReadOrganisationRow(stmt);
}

Result<SyncError> SqliteStore::LoadErrorLocked(int64_t id) {
  ASSIGN_OR_RETURN(Stmt stmt, db_->Prepare(std::string(kErrorColumns) + " WHERE id = ?1"));
  ASSIGN_OR_RETURN(bool row, stmt.BindAll(id).Step());
  if (!row) return NotFoundError("no sync error " + std::to_string(id));
  return ReadErrorRow(stmt);
}

Result<SyncRun> SqliteStore::LoadRunLocked(int64_t id) {
  ASSIGN_OR_RETURN(Stmt stmt, db_->Prepare(std::string(kRunColumns) + " WHERE id = ?1"));
  ASSIGN_OR_RETURN(bool row, stmt.BindAll(id).Step());
  if (!row) return NotFoundError("no sync run " + std::to_string(id));
  return ReadRunRow(stmt);
}

Status SqliteStore::AuditLocked(const AuditEntry& entry) {
  ASSIGN_OR_RETURN(Stmt stmt, db_->Prepare(kInsertAudit));
  std::optional<std::string> tenant;
  if (entry.organisation) tenant = entry.organisation->value();
  return stmt.BindAll(entry.at, entry.actor, entry.action, entry.subject, entry.detail, tenant)
      .Run();
}

Status SqliteStore::ResolveOpenErrorLocked(int64_t document_id, std::string_view reason,
                                           std::string_view actor) {
  ASSIGN_OR_RETURN(Stmt open, db_->Prepare(kSelectOpenError));
  ASSIGN_OR_RETURN(bool row, open.BindAll(document_id).Step());
  if (!row) return OkStatus();
  int64_t error_id = open.Int(0);
  ASSIGN_OR_RETURN(Stmt close, db_->Prepare(kCloseError));
  return close.BindAll(error_id, ErrorStatusName(ErrorStatus::kResolved), reason, actor).Run();
}

// ---- organisations ----

Status SqliteStore::UpsertOrganisation(const domain::TenantId& tenant,
                                       std::string_view connection_id, std::string_view name) {
  if (tenant.empty()) return InvalidArgumentError("an organisation needs a tenant id");
  std::lock_guard lock(mu_);
  return db_->Write([&]() -> Status {
    ASSIGN_OR_RETURN(Stmt stmt, db_->Prepare(kUpsertOrganisation));
    return stmt.BindAll(tenant.value(), connection_id, name).Run();
  });
}

Result<Organisation> SqliteStore::GetOrganisation(const domain::TenantId& tenant) {
  std::lock_guard lock(mu_);
  return LoadOrganisationLocked(tenant);
}

Result<std::vector<Organisation>> SqliteStore::ListOrganisations() {
  std::lock_guard lock(mu_);
  ASSIGN_OR_RETURN(Stmt stmt, db_->Prepare(kSelectOrganisations));
  std::vector<Organisation> orgs;
  while (true) {
    ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return orgs;
    orgs.push_back(ReadOrganisationRow(stmt));
  }
}

Result<int64_t> SqliteStore::PauseOrganisation(const domain::TenantId& tenant,
                                               std::string_view code, std::string_view reason,
                                               std::optional<TimePoint> until, TimePoint now) {
  std::lock_guard lock(mu_);
  return db_->Write([&]() -> Result<int64_t> {
    RETURN_IF_ERROR(RequireOrganisationLocked(tenant));
    ASSIGN_OR_RETURN(Stmt org, db_->Prepare(kPauseOrganisation));
    RETURN_IF_ERROR(org.BindAll(tenant.value(), reason, until, code).Run());
    ASSIGN_OR_RETURN(Stmt docs, db_->Prepare(kPausePendingDocuments));
    RETURN_IF_ERROR(docs.BindAll(tenant.value(), now).Run());
    const int64_t moved = db_->Changes();
    RETURN_IF_ERROR(PauseEventLocked(tenant, code, reason, until, now));
    return moved;
  });
}

Result<int64_t> SqliteStore::ResumeOrganisation(const domain::TenantId& tenant, TimePoint now) {
  std::lock_guard lock(mu_);
  return db_->Write([&]() -> Result<int64_t> {
    RETURN_IF_ERROR(RequireOrganisationLocked(tenant));
    ASSIGN_OR_RETURN(Stmt org, db_->Prepare(kResumeOrganisation));
    RETURN_IF_ERROR(org.BindAll(tenant.value()).Run());
    ASSIGN_OR_RETURN(Stmt docs, db_->Prepare(kResumePausedDocuments));
    RETURN_IF_ERROR(docs.BindAll(tenant.value(), now).Run());
    return db_->Changes();
  });
}

Status SqliteStore::RequestSync(const domain::TenantId& tenant) {
  std::lock_guard lock(mu_);
  return db_->Write([&]() -> Status {
    RETURN_IF_ERROR(RequireOrganisationLocked(tenant));
    ASSIGN_OR_RETURN(Stmt stmt, db_->Prepare(kRequestSync));
    return stmt.BindAll(tenant.value()).Run();
  });
}

Result<bool> SqliteStore::TakeSyncRequest(const domain::TenantId& tenant) {
  std::lock_guard lock(mu_);
  return db_->Write([&]() -> Result<bool> {
    RETURN_IF_ERROR(RequireOrganisationLocked(tenant));
    ASSIGN_OR_RETURN(Stmt stmt, db_->Prepare(kTakeSyncRequest));
    RETURN_IF_ERROR(stmt.BindAll(tenant.value()).Run());
    return db_->Changes() == 1;
  });
}

Status SqliteStore::MarkInitialSyncDone(const domain::TenantId& tenant, bool done) {
  std::lock_guard lock(mu_);
  return db_->Write([&]() -> Status {
    RETURN_IF_ERROR(RequireOrganisationLocked(tenant));
    ASSIGN_OR_RETURN(Stmt stmt, db_->Prepare(kSetInitialSyncDone));
    return stmt.BindAll(tenant.value(), done).Run();
  });
}

// ---- leases ----

Result<bool> SqliteStore::TryAcquireLease(std::string_view name, std::string_view owner,
                                          TimePoint now, Duration ttl) {
  if (name.empty() || owner.empty()) {
    return InvalidArgumentError("a lease needs a name and an owner");
  }
  std::lock_guard lock(mu_);
  return db_->Write([&]() -> Result<bool> {
    ASSIGN_OR_RETURN(Stmt stmt, db_->Prepare(kAcquireLease));
    RETURN_IF_ERROR(stmt.BindAll(name, owner, now + ttl, now).Run());
    return db_->Changes() == 1;
  });
}

Status SqliteStore::ReleaseLease(std::string_view name, std::string_view owner) {
  std::lock_guard lock(mu_);
  return db_->Write([&]() -> Status {
    ASSIGN_OR_RETURN(Stmt stmt, db_->Prepare(kReleaseLease));
    return stmt.BindAll(name, owner).Run();
  });
}

// ---- sync errors ----

Result<int64_t> SqliteStore::OpenError(const domain::TenantId& tenant, int64_t document_id,
                                       const ErrorReport& report, TimePoint now) {
  if (report.code.empty()) return InvalidArgumentError("a sync error needs a code");
  std::lock_guard lock(mu_);
  return db_->Write([&]() -> Result<int64_t> {
    ASSIGN_OR_RETURN(Organisation org, LoadOrganisationLocked(tenant));
    ASSIGN_OR_RETURN(Stmt doc, db_->Prepare(kSelectDocumentTenant));
    ASSIGN_OR_RETURN(bool found, doc.BindAll(document_id).Step());
    if (!found || doc.TextView(0) != tenant.value()) {
      return NotFoundError("no document " + std::to_string(document_id) + " in organisation " +
                           tenant.value());
    }
    std::string messages = EncodeStrings(report.xero_messages);
    const RequestColumns request = RequestColumnsOf(report.request);
    ASSIGN_OR_RETURN(Stmt open, db_->Prepare(kSelectOpenError));
    ASSIGN_OR_RETURN(bool has_open, open.BindAll(document_id).Step());
    int64_t error_id = 0;
    if (has_open && open.TextView(1) == report.code) {
      error_id = open.Int(0);
      ASSIGN_OR_RETURN(Stmt update, db_->Prepare(kUpdateOpenError));
      RETURN_IF_ERROR(update
                          .BindAll(error_id, report.message, report.fix, messages,
                                   report.correlation_id, now, org.settings_generation,
                                   org.mappings_generation, request.method, request.path,
                                   request.status, request.documents)
                          .Run());
    } else {
      if (has_open) {
        int64_t superseded = open.Int(0);
        ASSIGN_OR_RETURN(Stmt close, db_->Prepare(kCloseError));
        RETURN_IF_ERROR(close
                            .BindAll(superseded, ErrorStatusName(ErrorStatus::kResolved),
                                     "superseded", "system")
                            .Run());
      }
      ASSIGN_OR_RETURN(Stmt insert, db_->Prepare(kInsertError));
      RETURN_IF_ERROR(insert
                          .BindAll(tenant.value(), document_id, report.code, report.message,
                                   report.fix, messages, report.correlation_id, now,
                                   org.settings_generation, org.mappings_generation, request.method,
                                   request.path, request.status, request.documents)
                          .Run());
      error_id = db_->LastInsertId();
    }
    ASSIGN_OR_RETURN(Stmt link, db_->Prepare(kSetDocumentError));
    RETURN_IF_ERROR(link.BindAll(document_id, error_id).Run());
    return error_id;
  });
}

Result<SyncError> SqliteStore::GetError(int64_t id) {
  std::lock_guard lock(mu_);
  return LoadErrorLocked(id);
}

Result<std::vector<SyncError>> SqliteStore::ListErrors(const ErrorQuery& query) {
  if (query.limit < 1) return InvalidArgumentError("a page of errors needs a limit of 1 or more");
  // Fixed fragments only; every value is a bound parameter.
  std::string sql = std::string(kErrorColumns) + " WHERE id > ?1";
  if (query.organisation) sql += " AND tenant = ?2";
  if (query.status) sql += " AND status = ?3";
  if (query.code) sql += " AND code = ?4";
  sql += " ORDER BY id LIMIT ?5";
  std::lock_guard lock(mu_);
  ASSIGN_OR_RETURN(Stmt stmt, db_->Prepare(sql));
  stmt.Bind(1, query.after_id);
  if (query.organisation) stmt.Bind(2, query.organisation->value());
  if (query.status) stmt.Bind(3, ErrorStatusName(*query.status));
  if (query.code) stmt.Bind(4, *query.code);
  stmt.Bind(5, query.limit);
  std::vector<SyncError> errors;
  while (true) {
    ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return errors;
    ASSIGN_OR_RETURN(SyncError error, ReadErrorRow(stmt));
    errors.push_back(std::move(error));
  }
}

Status SqliteStore::ArchiveError(int64_t error_id, std::string_view reason, std::string_view actor,
                                 TimePoint now) {
  if (reason.empty()) return InvalidArgumentError("archiving an error needs a reason");
  std::lock_guard lock(mu_);
  return db_->Write([&]() -> Status {
    ASSIGN_OR_RETURN(SyncError error, LoadErrorLocked(error_id));
    if (error.status != ErrorStatus::kOpen) {
      return FailedPreconditionError("sync error " + std::to_string(error_id) + " is " +
                                     std::string(ErrorStatusName(error.status)) +
                                     ", only an open error can be archived");
    }
    ASSIGN_OR_RETURN(Stmt close, db_->Prepare(kCloseError));
    RETURN_IF_ERROR(
        close.BindAll(error_id, ErrorStatusName(ErrorStatus::kArchived), reason, actor).Run());
    ASSIGN_OR_RETURN(Stmt doc, db_->Prepare(kArchiveFailedDocument));
    RETURN_IF_ERROR(doc.BindAll(error.document_id, now).Run());
    // Children waiting for it wait no more: the planner says why they cannot go.
    ASSIGN_OR_RETURN(const Document archived, LoadDocumentLocked(error.document_id));
    RETURN_IF_ERROR(
        ReleaseChildrenLocked(archived.organisation, {archived.kind, archived.host_id}, now));
    return AuditLocked({.at = now,
                        .actor = std::string(actor),
                        .action = "error.archive",
                        .subject = "error:" + std::to_string(error_id),
                        .detail = std::string(reason),
                        .organisation = error.organisation});
  });
}

Status SqliteStore::UnarchiveError(int64_t error_id, std::string_view reason,
                                   std::string_view actor, TimePoint now) {
  if (reason.empty()) return InvalidArgumentError("un-archiving an error needs a reason");
  std::lock_guard lock(mu_);
  return db_->Write([&]() -> Status {
    ASSIGN_OR_RETURN(SyncError error, LoadErrorLocked(error_id));
    if (error.status != ErrorStatus::kArchived) {
      return FailedPreconditionError("sync error " + std::to_string(error_id) + " is " +
                                     std::string(ErrorStatusName(error.status)) +
                                     ", only an archived error can be un-archived");
    }
    ASSIGN_OR_RETURN(const Document document, LoadDocumentLocked(error.document_id));
    if (document.state != DocumentState::kArchived || document.error_id != error_id) {
      return FailedPreconditionError(
          "the document of sync error " + std::to_string(error_id) + " is " +
          std::string(DocumentStateName(document.state)) +
          " since (a newer version arrived): there is nothing to un-archive");
    }
    ASSIGN_OR_RETURN(Stmt reopen, db_->Prepare(kCloseError));
    RETURN_IF_ERROR(reopen.BindAll(error_id, ErrorStatusName(ErrorStatus::kOpen), "", "").Run());
    ASSIGN_OR_RETURN(Stmt doc, db_->Prepare(kUnarchiveDocument));
    RETURN_IF_ERROR(doc.BindAll(error.document_id, now).Run());
    return AuditLocked({.at = now,
                        .actor = std::string(actor),
                        .action = "error.unarchive",
                        .subject = "error:" + std::to_string(error_id),
                        .detail = std::string(reason),
                        .organisation = error.organisation});
  });
}

// ---- sync runs ----

Result<SyncRun> SqliteStore::StartRun(const domain::TenantId& tenant, RunTrigger trigger,
                                      TimePoint now) {
  std::lock_guard lock(mu_);
  return db_->Write([&]() -> Result<SyncRun> {
    RETURN_IF_ERROR(RequireOrganisationLocked(tenant));
    ASSIGN_OR_RETURN(Stmt interrupt, db_->Prepare(kInterruptRunning));
    RETURN_IF_ERROR(interrupt.BindAll(tenant.value(), now).Run());
    ASSIGN_OR_RETURN(Stmt insert, db_->Prepare(kInsertRun));
    RETURN_IF_ERROR(insert.BindAll(tenant.value(), RunTriggerName(trigger), now).Run());
    return LoadRunLocked(db_->LastInsertId());
  });
}

Status SqliteStore::MarkRunJoined(int64_t run_id) {
  std::lock_guard lock(mu_);
  return db_->Write([&]() -> Status {
    ASSIGN_OR_RETURN(Stmt stmt, db_->Prepare(kMarkRunJoined));
    RETURN_IF_ERROR(stmt.BindAll(run_id).Run());
    if (db_->Changes() == 0) return NotFoundError("no sync run " + std::to_string(run_id));
    return OkStatus();
  });
}

Status SqliteStore::FinishRun(const SyncRun& run) {
  if (run.outcome == RunOutcome::kRunning || !run.finished_at) {
    return InvalidArgumentError("a finished run needs an outcome other than running and an end");
  }
  std::lock_guard lock(mu_);
  return db_->Write([&]() -> Status {
    ASSIGN_OR_RETURN(Stmt stmt, db_->Prepare(kFinishRun));
    RETURN_IF_ERROR(stmt.BindAll(run.id, RunOutcomeName(run.outcome), *run.finished_at,
                                 run.counts.synced, run.counts.failed, run.counts.blocked,
                                 run.counts.paused, run.counts.api_calls, run.detail, run.joined)
                        .Run());
    if (db_->Changes() == 0) return NotFoundError("no sync run " + std::to_string(run.id));
    // A run that got past its pause check without pausing: the connection works again.
    if (run.outcome == RunOutcome::kSucceeded || run.outcome == RunOutcome::kPartial ||
        run.outcome == RunOutcome::kFailed) {
      RETURN_IF_ERROR(ConfirmRunResumedLocked(run.id, *run.finished_at));
    }
    return OkStatus();
  });
}

Result<std::optional<SyncRun>> SqliteStore::RunningRun(const domain::TenantId& tenant) {
  std::lock_guard lock(mu_);
  ASSIGN_OR_RETURN(Stmt stmt,
                   db_->Prepare(std::string(kRunColumns) +
                                " WHERE tenant = ?1 AND outcome = 'running' ORDER BY id DESC"));
  ASSIGN_OR_RETURN(bool row, stmt.BindAll(tenant.value()).Step());
  if (!row) return std::optional<SyncRun>();
  ASSIGN_OR_RETURN(SyncRun run, ReadRunRow(stmt));
  return std::optional<SyncRun>(std::move(run));
}

Result<std::vector<SyncRun>> SqliteStore::ListRuns(const domain::TenantId& tenant,
                                                   int64_t before_id, int limit) {
  if (limit < 1) return InvalidArgumentError("a page of runs needs a limit of 1 or more");
  std::lock_guard lock(mu_);
  ASSIGN_OR_RETURN(Stmt stmt, db_->Prepare(std::string(kRunColumns) +
                                           " WHERE tenant = ?1 AND (?2 = 0 OR id < ?2)"
                                           " ORDER BY id DESC LIMIT ?3"));
  stmt.BindAll(tenant.value(), before_id, limit);
  std::vector<SyncRun> runs;
  while (true) {
    ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return runs;
    ASSIGN_OR_RETURN(SyncRun run, ReadRunRow(stmt));
    runs.push_back(std::move(run));
  }
}

Result<RunSummary> SqliteStore::SummarizeRuns(const domain::TenantId& tenant) {
  std::lock_guard lock(mu_);
  ASSIGN_OR_RETURN(Stmt stmt, db_->Prepare(kSummarizeRuns));
  ASSIGN_OR_RETURN(bool row, stmt.BindAll(tenant.value()).Step());
  RunSummary summary;
  if (!row) return summary;
  summary.total = stmt.Int(0);
  summary.succeeded = stmt.Int(1);
  summary.last_finished = stmt.OptTime(2);
  return summary;
}

// ---- audit log ----

Status SqliteStore::AppendAudit(const AuditEntry& entry) {
  if (entry.actor.empty() || entry.action.empty()) {
    return InvalidArgumentError("an audit entry needs an actor and an action");
  }
  std::lock_guard lock(mu_);
  return db_->Write([&]() { return AuditLocked(entry); });
}

Result<std::vector<AuditEntry>> SqliteStore::ListAudit(
    const std::optional<domain::TenantId>& tenant, int64_t after_id, int limit) {
  if (limit < 1) return InvalidArgumentError("a page of the audit log needs a limit of 1 or more");
  std::lock_guard lock(mu_);
  ASSIGN_OR_RETURN(Stmt stmt, db_->Prepare(tenant ? kSelectAuditOfTenant : kSelectAuditAll));
  stmt.BindAll(after_id, limit);
  if (tenant) stmt.Bind(3, tenant->value());
  std::vector<AuditEntry> entries;
  while (true) {
    ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return entries;
    entries.push_back(ReadAuditRow(stmt));
  }
}

}  // namespace sqlite

Result<std::unique_ptr<Store>> OpenSqliteStore(const SqliteStoreOptions& options) {
  if (options.path.empty() || options.path == ":memory:" || options.clock == nullptr) {
    return InvalidArgumentError(
        "the SQLite store needs a database file path (\":memory:\" cannot use WAL)");
  }
  auto timeout_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(options.busy_timeout).count();
  ASSIGN_OR_RETURN(std::unique_ptr<sqlite::SqliteDb> db,
                   sqlite::SqliteDb::Open({.path = options.path,
                                           .busy_timeout_ms = static_cast<int>(timeout_ms),
                                           .synchronous_full = options.synchronous_full}));
  RETURN_IF_ERROR(sqlite::Migrate(*db, sqlite::Migrations(), options.clock->Now()));
  return std::unique_ptr<Store>(std::make_unique<sqlite::SqliteStore>(std::move(db)));
}

}  // namespace xerosync::store
