#pragma once
// Store: everything xerosync keeps, behind one interface (docs/sync.md). The SQLite backend
// (sqlite_store.h) is the default; a PostgreSQL backend implements the same interface, and the
// same test suite (store_contract_test.cc) runs against every backend.
//
// Every method is one short transaction: it either happens entirely or not at all, and on return
// it is durable. The state transitions of docs/sync.md happen inside these methods, so the engine
// can never leave a document half-moved (say, linked to Xero but still `syncing`).
//
// Errors: kNotFound (no such record), kFailedPrecondition (a transition the document's state does
// not allow, e.g. opening an attempt for a document that is not pending), kInvalidArgument (bad
// input: an empty host id, an unknown kind), kUnavailable (the database is busy or unreachable:
// try again), kDataLoss (a record cannot be read back), kInternal (anything else).
//
// Thread safety: every method may be called concurrently; several processes may share one
// database (leases and locks below are how they coordinate).
#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "core/status.h"
#include "domain/ids.h"
#include "store/outbox.h"
#include "store/records.h"

namespace xerosync::store {

// Which documents to list. Documents come in id order, after `after_id`, at most `limit`.
struct DocumentQuery {
  domain::TenantId organisation;
  std::optional<DocumentState> state;
  std::optional<DocumentKind> kind;
  // Only documents whose next_attempt_at is at or before this (pending ones that are due).
  std::optional<TimePoint> due_by;
  int64_t after_id = 0;
  int limit = 500;
};

struct ErrorQuery {
  std::optional<domain::TenantId> organisation;
  std::optional<ErrorStatus> status;
  std::optional<std::string> code;
  int64_t after_id = 0;
  int limit = 100;
};

class Store {
 public:
  virtual ~Store() = default;

  // ---- organisations ----

  // Adds the organisation or updates its connection id and name (generations and pause kept).
  virtual Status UpsertOrganisation(const domain::TenantId& tenant, std::string_view connection_id,
                                    std::string_view name) = 0;
  virtual Result<Organisation> GetOrganisation(const domain::TenantId& tenant) = 0;
  virtual Result<std::vector<Organisation>> ListOrganisations() = 0;
  // Pauses the organisation (the catalogue code of why, the reason in words, and until when if
  // known) and moves its pending documents to paused. Returns how many documents moved.
  virtual Result<int64_t> PauseOrganisation(const domain::TenantId& tenant, std::string_view code,
                                            std::string_view reason,
                                            std::optional<TimePoint> until, TimePoint now) = 0;
  // Clears the pause and moves every paused document back to pending, due now. Returns how many.
  virtual Result<int64_t> ResumeOrganisation(const domain::TenantId& tenant, TimePoint now) = 0;
  // A sync was asked for while one runs: remembered until TakeSyncRequest.
  virtual Status RequestSync(const domain::TenantId& tenant) = 0;
  // Whether a sync was requested since the last call; clears the request.
  virtual Result<bool> TakeSyncRequest(const domain::TenantId& tenant) = 0;
  virtual Status MarkInitialSyncDone(const domain::TenantId& tenant, bool done) = 0;

  // ---- leases: one owner at a time per name, until it expires ----

  // Takes `name` for `owner` until now + ttl when it is free, expired, or already owner's (then
  // renewed). False when another owner holds it.
  virtual Result<bool> TryAcquireLease(std::string_view name, std::string_view owner, TimePoint now,
                                       Duration ttl) = 0;
  // Gives it up if `owner` holds it; OK otherwise.
  virtual Status ReleaseLease(std::string_view name, std::string_view owner) = 0;

  // ---- documents ----

  // Accepts documents pushed by the host for `tenant`, in one transaction: new ones get version
  // 1 and are pending; a changed one (operation, payload or parents differ) gets the next version
  // and becomes pending (a syncing one keeps its attempt: the new version waits behind it and is
  // pending once the attempt ends; a passed or archived one becomes pending too: its content
  // changed); an unchanged one is left alone. kInvalidArgument (nothing accepted) when any has an
  // empty host id or payload, or names itself as its parent.
  virtual Result<std::vector<Accepted>> Accept(const domain::TenantId& tenant,
                                               std::span<const IncomingDocument> documents,
                                               TimePoint now) = 0;
  virtual Result<Document> GetDocument(int64_t id) = 0;
  virtual Result<std::optional<Document>> FindDocument(const domain::TenantId& tenant,
                                                       const DocumentKey& key) = 0;
  virtual Result<std::vector<Document>> ListDocuments(const DocumentQuery& query) = 0;
  virtual Result<std::array<int64_t, kDocumentStateCount>> CountByState(
      const domain::TenantId& tenant) = 0;
  // The Xero ids linked to `keys` (those without a link are absent).
  virtual Result<std::map<DocumentKey, std::string>> XeroIds(const domain::TenantId& tenant,
                                                             std::span<const DocumentKey> keys) = 0;

  // Opens an attempt (docs/sync.md, "intent"): the attempt row and every document -> syncing at
  // its current version, in one transaction. kFailedPrecondition (nothing changed) when a
  // document is not pending.
  virtual Result<Attempt> OpenAttempt(const domain::TenantId& tenant,
                                      std::string_view idempotency_key,
                                      std::span<const int64_t> document_ids, TimePoint now) = 0;
  // Records each document's outcome of `attempt_id` in one transaction (docs/sync.md,
  // "outcome"): links and synced (children blocked on it -> pending, its open error resolved
  // "synced"), failed, pending again, paused, blocked, or left syncing (ambiguous). The attempt
  // is finished once none of its documents is left syncing on it (so not after a kAmbiguous
  // outcome, nor while a document has had no outcome yet). A document that received a newer
  // version while syncing is pending after a kWritten (its link records the version that reached
  // Xero) or a kRejected (the error was about the older version). kFailedPrecondition (nothing
  // recorded) when a document is not syncing on this attempt or the attempt is finished.
  virtual Status RecordOutcomes(int64_t attempt_id, std::span<const DocumentOutcomeRecord> outcomes,
                                TimePoint now) = 0;
  // Attempts of the organisation that are open or ambiguous: their documents are syncing and must
  // be reconciled before anything is planned.
  virtual Result<std::vector<Attempt>> UnsettledAttempts(const domain::TenantId& tenant) = 0;
  // pending -> failed without an attempt, for each (document id, error id from OpenError): the
  // document was refused before anything was sent (it cannot be read, found or sent as it is).
  virtual Status FailPending(std::span<const std::pair<int64_t, int64_t>> document_errors,
                             TimePoint now) = 0;
  // pending -> blocked on `parent`, for each (document id, parent).
  virtual Status Block(std::span<const std::pair<int64_t, DocumentKey>> blocked, TimePoint now) = 0;
  // failed documents whose open error has one of `codes` (those a mapping or the cached settings
  // can fix: the caller names them, from the error catalogue) and was last seen at an older
  // settings or mappings generation than the organisation's now -> pending. Returns how many.
  virtual Result<int64_t> ReleaseAfterRelevantChange(const domain::TenantId& tenant,
                                                     std::span<const std::string> codes,
                                                     TimePoint now) = 0;

  // The user's actions (each also writes the audit log with `actor`).
  // failed or archived -> pending, due now, tries reset; the error stays until the document syncs.
  virtual Status RetryDocuments(std::span<const int64_t> document_ids, std::string_view actor,
                                TimePoint now) = 0;
  // pending, blocked or failed -> passed; optionally linked to an existing Xero record (so that
  // children can sync against it); its open error is resolved "passed to accounts".
  virtual Status PassToAccounts(int64_t document_id, std::optional<std::string> xero_id,
                                std::string_view actor, TimePoint now) = 0;
  // passed -> pending.
  virtual Status Reopen(int64_t document_id, std::string_view actor, TimePoint now) = 0;
  // Whether a payment or allocation that is in Xero (linked, and not deleted or voided by its
  // synced version) names `key` among its parents: Xero no longer lets `key` be edited.
  virtual Result<bool> HasSyncedChildren(const domain::TenantId& tenant,
                                         const DocumentKey& key) = 0;

  // ---- sync errors ----

  // Opens the document's error, or, when it has an open error with the same code, updates it
  // (message, Xero's words, last seen, attempts + 1, generations). An open error with another
  // code is resolved "superseded" first. Returns the error id.
  virtual Result<int64_t> OpenError(const domain::TenantId& tenant, int64_t document_id,
                                    const ErrorReport& report, TimePoint now) = 0;
  virtual Result<SyncError> GetError(int64_t id) = 0;
  virtual Result<std::vector<SyncError>> ListErrors(const ErrorQuery& query) = 0;
  // open -> archived with the reason; its document failed -> archived.
  virtual Status ArchiveError(int64_t error_id, std::string_view reason, std::string_view actor,
                              TimePoint now) = 0;
  // archived -> open with the reason (audited "error.unarchive"); its document archived -> failed,
  // not retried. kFailedPrecondition (nothing changed) unless the error is archived and its
  // document is still archived on it (a newer version of the document makes it pending instead).
  virtual Status UnarchiveError(int64_t error_id, std::string_view reason, std::string_view actor,
                                TimePoint now) = 0;

  // ---- sync runs ----

  // Records a run as running. A run of the organisation still marked running (its process died)
  // is marked interrupted first.
  virtual Result<SyncRun> StartRun(const domain::TenantId& tenant, RunTrigger trigger,
                                   TimePoint now) = 0;
  virtual Status MarkRunJoined(int64_t run_id) = 0;
  // Records the run's outcome, counts, detail and finished_at (and joined when set; a run marked
  // joined by MarkRunJoined stays joined). kInvalidArgument without an end or with kRunning.
  virtual Status FinishRun(const SyncRun& run) = 0;
  virtual Result<std::optional<SyncRun>> RunningRun(const domain::TenantId& tenant) = 0;
  // Newest first, before `before_id` (0: from the newest), at most `limit`.
  virtual Result<std::vector<SyncRun>> ListRuns(const domain::TenantId& tenant, int64_t before_id,
                                                int limit) = 0;
  virtual Result<RunSummary> SummarizeRuns(const domain::TenantId& tenant) = 0;

  // ---- mappings and cached settings ----

  // Sets or (with an empty `to`) removes a mapping; bumps the mappings generation; audited. A
  // call that changes nothing does neither.
  virtual Status SetMapping(const domain::TenantId& tenant, const Mapping& mapping,
                            std::string_view actor, TimePoint now) = 0;
  virtual Result<std::vector<Mapping>> ListMappings(const domain::TenantId& tenant) = 0;
  // Saves one kind of settings; bumps the settings generation when the JSON differs from what was
  // cached. Returns whether it differed.
  virtual Result<bool> PutSettings(const domain::TenantId& tenant,
                                   const CachedSettings& settings) = 0;
  virtual Result<std::optional<CachedSettings>> GetSettings(const domain::TenantId& tenant,
                                                            std::string_view kind) = 0;

  // ---- audit log ----

  virtual Status AppendAudit(const AuditEntry& entry) = 0;
  // Oldest first after `after_id`, at most `limit`; one organisation's or all.
  virtual Result<std::vector<AuditEntry>> ListAudit(const std::optional<domain::TenantId>& tenant,
                                                    int64_t after_id, int limit) = 0;

  // ---- a document's history ----

  // The document's versions as accepted (from migration 7 on: a document accepted before has its
  // version of then only), the outcomes of its attempts and refusals, and the audit entries
  // about it or its errors: each list newest first, at most `limit` entries. kNotFound.
  virtual Result<DocumentHistory> GetDocumentHistory(int64_t document_id, int limit) = 0;
  // The outcomes recorded while the organisation's run `run_id` ran (from its start to its end,
  // or to now while it runs), oldest first, after outcome `after_id`, at most `limit`.
  // kNotFound when the organisation has no such run.
  virtual Result<std::vector<OutcomeEntry>> ListRunOutcomes(const domain::TenantId& tenant,
                                                            int64_t run_id, int64_t after_id,
                                                            int limit) = 0;

  // ---- connection records (sealed tokens; sync/store_token_store.h adapts them) ----

  // The sealed record (opaque text, already encrypted); kNotFound.
  virtual Result<std::string> LoadConnectionRecord(std::string_view connection_id) = 0;
  virtual Status SaveConnectionRecord(std::string_view connection_id, std::string_view sealed) = 0;
  virtual Status RemoveConnectionRecord(std::string_view connection_id) = 0;
  virtual Result<std::vector<std::string>> ListConnectionRecords() = 0;

  // ---- installation settings and the webhook outbox (store/outbox.h, docs/observe.md) ----
  // RecordOutcomes (written -> document.synced, rejected -> document.failed), FailPending
  // (document.failed) and PauseOrganisation (connection.changed "paused", unless the host was told
  // of this code already) append events in their own transaction while a webhook is configured;
  // "resumed" is appended once the organisation is seen working after such a pause (a written
  // outcome, or FinishRun with succeeded, partial or failed), not by ResumeOrganisation, which a
  // run also uses to probe a refused connection.

  // Sets a setting of the whole installation; an empty `value` removes it.
  virtual Status PutInstallationSetting(std::string_view name, std::string_view value) = 0;
  virtual Result<std::optional<std::string>> GetInstallationSetting(std::string_view name) = 0;
  // Pending events due by `now`, oldest first, at most `limit`.
  virtual Result<std::vector<OutboxEvent>> DueEvents(TimePoint now, int limit) = 0;
  virtual Result<std::vector<OutboxEvent>> ListEvents(const EventQuery& query) = 0;
  // pending -> delivered (tries + 1). kNotFound; kFailedPrecondition when not pending.
  virtual Status MarkEventDelivered(int64_t id, TimePoint now) = 0;
  // A failed try (tries + 1, `error` kept): pending again, due at `retry_at`, or failed for good
  // without one. kNotFound; kFailedPrecondition when not pending.
  virtual Status MarkEventFailed(int64_t id, std::string_view error,
                                 std::optional<TimePoint> retry_at) = 0;
  // failed -> pending, due now, tries reset (the user's "send again"). kFailedPrecondition
  // unless failed.
  virtual Status RetryEvent(int64_t id, TimePoint now) = 0;
  // How many events are in each EventState (index: the enum's value), for /metrics.
  virtual Result<std::array<int64_t, kEventStateCount>> CountEventsByState() = 0;
  // Deletes delivered events delivered before `before`; returns how many.
  virtual Result<int64_t> PruneDeliveredEvents(TimePoint before) = 0;

  // ---- access: users, sessions, API keys (docs/access.md; only hashes of secrets) ----

  // Adds a user; returns its id. kAlreadyExists when the name is taken; kInvalidArgument for an
  // empty name or password hash.
  virtual Result<int64_t> CreateUser(const User& user) = 0;
  virtual Result<User> GetUser(std::string_view name) = 0;
  virtual Result<User> GetUserById(int64_t id) = 0;
  // In name order.
  virtual Result<std::vector<User>> ListUsers() = 0;
  // Disables (or enables) the user; disabling also ends every session of theirs. kNotFound.
  virtual Status SetUserDisabled(std::string_view name, bool disabled) = 0;
  // Replaces the user's password hash and ends every session of theirs. kNotFound.
  virtual Status SetUserPassword(std::string_view name, std::string_view password_hash) = 0;
  // kAlreadyExists when a session has this token hash (a collision of random tokens: a bug).
  virtual Status CreateSession(const Session& session) = 0;
  // The session with this token hash; kNotFound.
  virtual Result<Session> GetSession(std::string_view token_hash) = 0;
  virtual Status TouchSession(std::string_view token_hash, TimePoint last_seen) = 0;
  // OK when there is no such session.
  virtual Status DeleteSession(std::string_view token_hash) = 0;
  // Deletes sessions past their absolute expiry or idle since before `idle_since`. Returns how many.
  virtual Result<int64_t> DeleteExpiredSessions(TimePoint now, TimePoint idle_since) = 0;
  // Adds a key; returns its id. kAlreadyExists when the name or the prefix is taken.
  virtual Result<int64_t> CreateApiKey(const ApiKey& key) = 0;
  // The key with this prefix, revoked or not; kNotFound.
  virtual Result<ApiKey> GetApiKeyByPrefix(std::string_view prefix) = 0;
  // In name order, revoked ones included.
  virtual Result<std::vector<ApiKey>> ListApiKeys() = 0;
  // Marks the key revoked at `now` (a revoked key stays revoked). kNotFound.
  virtual Status RevokeApiKey(std::string_view name, TimePoint now) = 0;
};

}  // namespace xerosync::store
