#pragma once
// SqliteStore: the class behind OpenSqliteStore (sqlite_store.h). Its methods are split over
// sqlite_store.cc (organisations, leases, errors, runs, mappings, settings, audit, connection
// records), sqlite_store_documents.cc (documents, attempts and their transitions) and
// sqlite_store_access.cc (users, sessions, API keys). Private to
// the SQLite backend.
//
// Every public method takes mu_, then runs one transaction on db_ (SqliteDb::Write or Read).
// Private helpers named *Locked run inside that transaction. REQUIRES for them: mu_ held and a
// transaction open.

#include <memory>
#include <mutex>

#include "store/sqlite_db.h"
#include "store/store.h"

namespace xerosync::store::sqlite {

class SqliteStore final : public Store {
 public:
  explicit SqliteStore(std::unique_ptr<SqliteDb> db) : db_(std::move(db)) {}

  Status UpsertOrganisation(const domain::TenantId& tenant, std::string_view connection_id,
                            std::string_view name) override;
  Result<Organisation> GetOrganisation(const domain::TenantId& tenant) override;
  Result<std::vector<Organisation>> ListOrganisations() override;
  Result<int64_t> PauseOrganisation(const domain::TenantId& tenant, std::string_view code,
                                    std::string_view reason,
                                    std::optional<TimePoint> until, TimePoint now) override;
  Result<int64_t> ResumeOrganisation(const domain::TenantId& tenant, TimePoint now) override;
  Status RequestSync(const domain::TenantId& tenant) override;
  Result<bool> TakeSyncRequest(const domain::TenantId& tenant) override;
  Status MarkInitialSyncDone(const domain::TenantId& tenant, bool done) override;

  Result<bool> TryAcquireLease(std::string_view name, std::string_view owner, TimePoint now,
                               Duration ttl) override;
  Status ReleaseLease(std::string_view name, std::string_view owner) override;

  Result<std::vector<Accepted>> Accept(const domain::TenantId& tenant,
                                       std::span<const IncomingDocument> documents,
                                       TimePoint now) override;
  Result<Document> GetDocument(int64_t id) override;
  Result<std::optional<Document>> FindDocument(const domain::TenantId& tenant,
                                               const DocumentKey& key) override;
  Result<std::vector<Document>> ListDocuments(const DocumentQuery& query) override;
  Result<std::array<int64_t, kDocumentStateCount>> CountByState(
      const domain::TenantId& tenant) override;
  Result<std::map<DocumentKey, std::string>> XeroIds(const domain::TenantId& tenant,
                                                     std::span<const DocumentKey> keys) override;

  Result<Attempt> OpenAttempt(const domain::TenantId& tenant, std::string_view idempotency_key,
                              std::span<const int64_t> document_ids, TimePoint now) override;
  Status RecordOutcomes(int64_t attempt_id, std::span<const DocumentOutcomeRecord> outcomes,
                        TimePoint now) override;
  Result<std::vector<Attempt>> UnsettledAttempts(const domain::TenantId& tenant) override;
  Status FailPending(std::span<const std::pair<int64_t, int64_t>> document_errors,
                     TimePoint now) override;
  Status Block(std::span<const std::pair<int64_t, DocumentKey>> blocked, TimePoint now) override;
  Result<int64_t> ReleaseAfterRelevantChange(const domain::TenantId& tenant,
                                             std::span<const std::string> codes,
                                             TimePoint now) override;

  Status RetryDocuments(std::span<const int64_t> document_ids, std::string_view actor,
                        TimePoint now) override;
  Status PassToAccounts(int64_t document_id, std::optional<std::string> xero_id,
                        std::string_view actor, TimePoint now) override;
  Status Reopen(int64_t document_id, std::string_view actor, TimePoint now) override;
  Result<bool> HasSyncedChildren(const domain::TenantId& tenant, const DocumentKey& key) override;

  Result<int64_t> OpenError(const domain::TenantId& tenant, int64_t document_id,
                            const ErrorReport& report, TimePoint now) override;
  Result<SyncError> GetError(int64_t id) override;
  Result<std::vector<SyncError>> ListErrors(const ErrorQuery& query) override;
  Status ArchiveError(int64_t error_id, std::string_view reason, std::string_view actor,
                      TimePoint now) override;
  Status UnarchiveError(int64_t error_id, std::string_view reason, std::string_view actor,
                        TimePoint now) override;

  Result<SyncRun> StartRun(const domain::TenantId& tenant, RunTrigger trigger,
                           TimePoint now) override;
  Status MarkRunJoined(int64_t run_id) override;
  Status FinishRun(const SyncRun& run) override;
  Result<std::optional<SyncRun>> RunningRun(const domain::TenantId& tenant) override;
  Result<std::vector<SyncRun>> ListRuns(const domain::TenantId& tenant, int64_t before_id,
                                        int limit) override;
  Result<RunSummary> SummarizeRuns(const domain::TenantId& tenant) override;

  Status SetMapping(const domain::TenantId& tenant, const Mapping& mapping, std::string_view actor,
                    TimePoint now) override;
  Result<std::vector<Mapping>> ListMappings(const domain::TenantId& tenant) override;
  Result<bool> PutSettings(const domain::TenantId& tenant, const CachedSettings& settings) override;
  Result<std::optional<CachedSettings>> GetSettings(const domain::TenantId& tenant,
                                                    std::string_view kind) override;

  Status AppendAudit(const AuditEntry& entry) override;
  Result<std::vector<AuditEntry>> ListAudit(const std::optional<domain::TenantId>& tenant,
                                            int64_t after_id, int limit) override;

  Result<DocumentHistory> GetDocumentHistory(int64_t document_id, int limit) override;
  Result<std::vector<OutcomeEntry>> ListRunOutcomes(const domain::TenantId& tenant, int64_t run_id,
                                                    int64_t after_id, int limit) override;

  Result<std::string> LoadConnectionRecord(std::string_view connection_id) override;
  Status SaveConnectionRecord(std::string_view connection_id, std::string_view sealed) override;
  Status RemoveConnectionRecord(std::string_view connection_id) override;
  Result<std::vector<std::string>> ListConnectionRecords() override;

  // sqlite_store_outbox.cc
  Status PutInstallationSetting(std::string_view name, std::string_view value) override;
  Result<std::optional<std::string>> GetInstallationSetting(std::string_view name) override;
  Result<std::vector<OutboxEvent>> DueEvents(TimePoint now, int limit) override;
  Result<std::vector<OutboxEvent>> ListEvents(const EventQuery& query) override;
  Status MarkEventDelivered(int64_t id, TimePoint now) override;
  Status MarkEventFailed(int64_t id, std::string_view error,
                         std::optional<TimePoint> retry_at) override;
  Status RetryEvent(int64_t id, TimePoint now) override;
  Result<std::array<int64_t, kEventStateCount>> CountEventsByState() override;
  Result<int64_t> PruneDeliveredEvents(TimePoint before) override;

  // sqlite_store_access.cc
  Result<int64_t> CreateUser(const User& user) override;
  Result<User> GetUser(std::string_view name) override;
  Result<User> GetUserById(int64_t id) override;
  Result<std::vector<User>> ListUsers() override;
  Status SetUserDisabled(std::string_view name, bool disabled) override;
  Status SetUserPassword(std::string_view name, std::string_view password_hash) override;
  Status CreateSession(const Session& session) override;
  Result<Session> GetSession(std::string_view token_hash) override;
  Status TouchSession(std::string_view token_hash, TimePoint last_seen) override;
  Status DeleteSession(std::string_view token_hash) override;
  Result<int64_t> DeleteExpiredSessions(TimePoint now, TimePoint idle_since) override;
  Result<int64_t> CreateApiKey(const ApiKey& key) override;
  Result<ApiKey> GetApiKeyByPrefix(std::string_view prefix) override;
  Result<std::vector<ApiKey>> ListApiKeys() override;
  Status RevokeApiKey(std::string_view name, TimePoint now) override;

 private:
  // kNotFound unless the organisation exists.
  Status RequireOrganisationLocked(const domain::TenantId& tenant);
  Result<Organisation> LoadOrganisationLocked(const domain::TenantId& tenant);
  Result<Document> LoadDocumentLocked(int64_t id);
  Result<SyncError> LoadErrorLocked(int64_t id);
  Result<SyncRun> LoadRunLocked(int64_t id);
  Status AuditLocked(const AuditEntry& entry);
  // The history (sqlite_store_history.cc): a version accepted, and an outcome recorded.
  Status VersionLocked(int64_t document_id, int64_t version, std::string_view operation,
                       int64_t content_hash, TimePoint now);
  Status OutcomeLocked(int64_t document_id, std::optional<int64_t> attempt_id, int64_t version,
                       OutcomeKind outcome, std::string_view xero_id,
                       std::optional<int64_t> error_id, TimePoint now);
  // Children of `parent` blocked on it -> pending, due now.
  Status ReleaseChildrenLocked(const domain::TenantId& tenant, const DocumentKey& parent,
                               TimePoint now);
  // The document's open error (if any) -> resolved with `reason` by `actor`.
  Status ResolveOpenErrorLocked(int64_t document_id, std::string_view reason,
                                std::string_view actor);
  Status LinkLocked(const domain::TenantId& tenant, const DocumentKey& key,
                    std::string_view xero_id, int64_t version, TimePoint now);
  // Appends an event to the outbox when a webhook is configured (sqlite_store_outbox.cc).
  Status AppendEventLocked(const domain::TenantId& tenant, std::string_view type,
                           std::string_view data, TimePoint now);
  // document.synced (with `xero_id`) or document.failed (with the error's code and message when
  // `error_id` names one) for the document at `version`.
  Status DocumentEventLocked(std::string_view type, const domain::TenantId& tenant,
                             const DocumentKey& key, int64_t version, std::string_view xero_id,
                             std::optional<int64_t> error_id, TimePoint now);
  // connection.changed "paused", unless the host was already told of a pause with this code (a
  // run that resumed it met the same refusal).
  Status PauseEventLocked(const domain::TenantId& tenant, std::string_view code,
                          std::string_view reason, std::optional<TimePoint> until, TimePoint now);
  // connection.changed "resumed" when the host was told of a pause that is no longer on: called
  // where the organisation is seen working (a written outcome, a run finished without pausing).
  Status ConfirmResumedLocked(const domain::TenantId& tenant, TimePoint now);
  Status ConfirmRunResumedLocked(int64_t run_id, TimePoint now);
  // connection.changed: paused (with code, reason, until) or resumed (with the code cleared).
  Status ConnectionEventLocked(const domain::TenantId& tenant, bool paused, std::string_view code,
                               std::string_view reason, std::optional<TimePoint> until,
                               TimePoint now);

  std::mutex mu_;
  std::unique_ptr<SqliteDb> db_;  // GUARDED_BY(mu_)
};

}  // namespace xerosync::store::sqlite
