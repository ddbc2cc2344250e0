#pragma once
// The records xerosync keeps (docs/sync.md): organisations, documents with their states, links to
// Xero, attempts, sync runs, sync errors, mappings, cached Xero settings, the audit log,
// connection records, and users, sessions and API keys. Plain values; the Store (store.h) reads and writes them.
//
// Times are TimePoints (core/clock.h), stored as milliseconds since the Unix epoch. Payloads are
// JSON text. No floating point anywhere: amounts stay inside payloads as Xero's JSON decimals.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "domain/ids.h"

namespace xerosync::store {

// ---- documents ----

enum class DocumentKind {
  kContact,
  kInvoice,     // sales invoice (ACCREC)
  kBill,        // bill (ACCPAY)
  kCreditNote,  // ACCRECCREDIT or ACCPAYCREDIT
  kPayment,
  kAllocation,  // a credit note applied to an invoice
  kExpense,     // spend money (a SPEND bank transaction)
};
inline constexpr int kDocumentKindCount = 7;
// "contact", "invoice", "bill", "credit_note", "payment", "allocation", "expense".
std::string_view DocumentKindName(DocumentKind kind);
std::optional<DocumentKind> ParseDocumentKind(std::string_view name);
// Sync order: contacts 0; invoices, bills, credit notes, expenses 1; payments, allocations 2.
int DependencyLevel(DocumentKind kind);

// What a version asks of Xero.
enum class Operation { kUpsert, kVoid, kDelete };
std::string_view OperationName(Operation op);  // "upsert", "void", "delete"
std::optional<Operation> ParseOperation(std::string_view name);

enum class DocumentState {
  kPending,
  kBlocked,
  kSyncing,
  kSynced,
  kFailed,
  kPaused,
  kPassed,  // "passed to accounts": already in Xero by other means; never sent
  kArchived,
};
inline constexpr int kDocumentStateCount = 8;
// "pending", "blocked", "syncing", "synced", "failed", "paused", "passed", "archived".
std::string_view DocumentStateName(DocumentState state);
std::optional<DocumentState> ParseDocumentState(std::string_view name);

// A document of one organisation as the host app names it.
struct DocumentKey {
  DocumentKind kind = DocumentKind::kContact;
  std::string host_id;
  friend bool operator==(const DocumentKey&, const DocumentKey&) = default;
  friend auto operator<=>(const DocumentKey&, const DocumentKey&) = default;
};

// Another document this one refers to, which must be in Xero first.
struct ParentRef {
  DocumentKey key;
  std::string role;  // "contact", "invoice", "credit_note", ...
  friend bool operator==(const ParentRef&, const ParentRef&) = default;
};

// A document as the host pushes it.
struct IncomingDocument {
  DocumentKind kind = DocumentKind::kContact;
  std::string host_id;
  Operation operation = Operation::kUpsert;
  std::string payload;  // one Xero JSON element, without the parents' Xero ids
  std::vector<ParentRef> parents;
};

struct Document {
  int64_t id = 0;  // the store's row id
  domain::TenantId organisation;
  DocumentKind kind = DocumentKind::kContact;
  std::string host_id;
  int64_t version = 0;  // 1 for the first; +1 on every change of operation, payload or parents
  Operation operation = Operation::kUpsert;
  std::string payload;
  std::vector<ParentRef> parents;
  DocumentState state = DocumentState::kPending;
  // The Xero record (from the link) and the version that is in Xero.
  std::optional<std::string> xero_id;
  std::optional<int64_t> synced_version;
  std::optional<int64_t> attempt_id;      // kSyncing: the open attempt
  std::optional<DocumentKey> blocked_by;  // kBlocked: the parent waited for
  std::optional<int64_t> error_id;        // kFailed, kArchived: its sync error
  int tries = 0;                          // transient failures since the last success or change
  TimePoint next_attempt_at{};            // kPending: not before
  bool ever_attempted = false;            // an attempt was ever opened (initial-sync adoption)
  // How many times it was refused, by Xero or before sending (any version): a retry after a
  // refusal gets a new Idempotency-Key (sync/keys.h), so that Xero cannot replay the refusal.
  int64_t rejections = 0;
  TimePoint accepted_at{};                // when this version was accepted
  TimePoint updated_at{};                 // the last state change
};

// What Accept did with one incoming document.
enum class AcceptOutcome {
  kCreated,     // new document, version 1
  kNewVersion,  // content changed: version + 1, pending (or waiting behind an open attempt)
  kUnchanged,   // identical to the current version: nothing changed
};
struct Accepted {
  int64_t document_id = 0;
  int64_t version = 0;
  AcceptOutcome outcome = AcceptOutcome::kCreated;
};

// ---- attempts ----

struct Attempt {
  int64_t id = 0;
  domain::TenantId organisation;
  std::string idempotency_key;
  TimePoint started_at{};
  std::optional<TimePoint> finished_at;  // unset: open (outcome unknown)
  bool ambiguous = false;                // the outcome was not known for certain
  std::vector<int64_t> document_ids;
};

// The outcome of one document of an attempt (Store::RecordOutcomes).
enum class OutcomeKind {
  kWritten,    // in Xero: `xero_id`; the document becomes synced at the attempt's version
  kRejected,   // Xero refused it: `error`; failed
  kRetry,      // not sent or transient: pending again at `next_attempt_at`; tries + 1
  kResend,     // reconciliation found it not in Xero: pending now; tries unchanged
  kPaused,     // connection or day limit: paused
  kAmbiguous,  // still unknown: stays syncing, the attempt is marked ambiguous
  kBlocked,    // a parent turned out to be missing: blocked on `blocked_by`
};
struct ErrorReport;
struct DocumentOutcomeRecord {
  int64_t document_id = 0;
  OutcomeKind kind = OutcomeKind::kWritten;
  std::string xero_id;                    // kWritten
  TimePoint next_attempt_at{};            // kRetry
  std::optional<DocumentKey> blocked_by;  // kBlocked
  std::optional<int64_t> error_id;        // kRejected: from OpenError
};

// The name of an outcome: "written", "rejected", "retry", "resend", "paused", "ambiguous",
// "blocked".
std::string_view OutcomeKindName(OutcomeKind kind);
std::optional<OutcomeKind> ParseOutcomeKind(std::string_view name);

// ---- a document's history (Store::DocumentHistory) ----

// A version of a document as it was accepted.
struct VersionEntry {
  int64_t version = 0;
  Operation operation = Operation::kUpsert;
  int64_t content_hash = 0;  // 64-bit hash of operation, payload and parents
  TimePoint accepted_at{};
};

// One outcome of one version of a document: of an attempt, or (no attempt) a refusal before
// anything was sent (Store::FailPending, always kRejected).
struct OutcomeEntry {
  int64_t id = 0;
  int64_t document_id = 0;
  DocumentKey document;  // the document's kind and host id
  std::optional<int64_t> attempt_id;
  // The sync run that was running at that time (an attempt belongs to the run of its
  // organisation that was running; one runs at a time); none for an outcome outside a run.
  std::optional<int64_t> run_id;
  int64_t version = 0;
  OutcomeKind outcome = OutcomeKind::kWritten;
  TimePoint at{};
  std::string xero_id;              // kWritten
  std::optional<int64_t> error_id;  // kRejected: the error's code and message below
  std::string error_code;
  std::string error_message;
};

// ---- sync errors ----

enum class ErrorStatus { kOpen, kResolved, kArchived };
std::string_view ErrorStatusName(ErrorStatus status);  // "open", "resolved", "archived"
std::optional<ErrorStatus> ParseErrorStatus(std::string_view name);

// The request that carried a document when Xero's answer (or its absence) made an error: what
// support needs to find the call (rules/diagnostics.h). Never a payload, a query or a token.
struct RequestSummary {
  std::string method;              // "PUT"
  std::string path;                // "/api.xro/2.0/Invoices": no host, no query
  std::optional<int> http_status;  // Xero's status; none when no answer came
  int64_t documents = 0;           // how many documents the request carried
};

// What an error says, as the engine or the rules report it.
struct ErrorReport {
  std::string code;     // stable catalogue code ("xero.validation", "tax_rate_not_found", ...)
  std::string message;  // plain words naming the document and the field
  std::string fix;      // what to do
  std::vector<std::string> xero_messages;  // Xero's own words, verbatim
  std::optional<std::string> correlation_id;
  std::optional<RequestSummary> request;  // when the error comes from a request to Xero
};

struct SyncError {
  int64_t id = 0;
  domain::TenantId organisation;
  int64_t document_id = 0;
  ErrorReport report;
  ErrorStatus status = ErrorStatus::kOpen;
  TimePoint first_seen{};
  TimePoint last_seen{};
  int attempts = 0;  // how many times this error was seen
  // Resolved or archived: why and by whom ("synced", "passed to accounts", a user's reason).
  std::string closed_reason;
  std::string closed_by;
  int64_t settings_generation = 0;  // the organisation's generations when last seen
  int64_t mappings_generation = 0;
};

// ---- organisations and runs ----

struct Organisation {
  domain::TenantId tenant;
  std::string connection_id;
  std::string name;
  // Paused (docs/sync.md): why, and until when when known (a day window).
  std::optional<std::string> paused_reason;
  std::optional<TimePoint> paused_until;
  // The catalogue code of the pause ("connection.expired", "rate_limit.day"; rules/catalogue.h),
  // so that the console shows the entry's title and fix; none for a pause made before it was kept.
  std::optional<std::string> paused_code;
  int64_t settings_generation = 0;  // bumped when cached settings change
  int64_t mappings_generation = 0;  // bumped when a mapping changes
  bool sync_requested = false;      // a sync was asked for while one ran (it joins it)
  bool initial_sync_done = false;
};

enum class RunTrigger { kAutomatic, kManual, kRetry, kInitial, kWebhook };
std::string_view RunTriggerName(RunTrigger trigger);  // "automatic", "manual", ...
std::optional<RunTrigger> ParseRunTrigger(std::string_view name);

enum class RunOutcome { kRunning, kSucceeded, kPartial, kFailed, kPaused, kInterrupted };
std::string_view RunOutcomeName(RunOutcome outcome);  // "running", "succeeded", ...
std::optional<RunOutcome> ParseRunOutcome(std::string_view name);

struct RunCounts {
  int64_t synced = 0;
  int64_t failed = 0;
  int64_t blocked = 0;
  int64_t paused = 0;
  int64_t api_calls = 0;
};

struct SyncRun {
  int64_t id = 0;
  domain::TenantId organisation;
  RunTrigger trigger = RunTrigger::kAutomatic;
  TimePoint started_at{};
  std::optional<TimePoint> finished_at;
  RunOutcome outcome = RunOutcome::kRunning;
  RunCounts counts;
  bool joined = false;  // another request joined this run
  std::string detail;   // e.g. the pause reason
};

// The figures of seed 001 over an organisation's finished runs.
struct RunSummary {
  int64_t total = 0;
  int64_t succeeded = 0;  // success rate = succeeded / total
  std::optional<TimePoint> last_finished;
};

// ---- mappings, settings, audit ----

// A mapping of a host value to a Xero value: kind "account" (host code → Xero AccountCode),
// "tax_rate", "contact", "tracking", "default_account", ...
struct Mapping {
  std::string kind;
  std::string from;
  std::string to;
};

// One kind of cached Xero settings: "organisation", "accounts", "tax_rates", "currencies",
// "contacts", "tracking_categories"; its JSON as Xero sent it.
struct CachedSettings {
  std::string kind;
  std::string json;
  TimePoint fetched_at{};
};

struct AuditEntry {
  int64_t id = 0;
  TimePoint at{};
  std::string actor;    // a user, "api:<key name>", "system"
  std::string action;   // "error.archive", "document.pass", "connection.disconnect", ...
  std::string subject;  // what it acted on
  std::string detail;   // free text or JSON
  std::optional<domain::TenantId> organisation;
};

// A document's history (Store::GetDocumentHistory), each list newest first.
struct DocumentHistory {
  std::vector<VersionEntry> versions;
  std::vector<OutcomeEntry> outcomes;
  // The user's actions on it and on its errors (retry, pass, reopen, edit, archive).
  std::vector<AuditEntry> audit;
};

// ---- access (docs/access.md): users, sessions, API keys. Only hashes of secrets are kept. ----

enum class Role { kViewer, kOperator, kAdmin };
std::string_view RoleName(Role role);  // "viewer", "operator", "admin"
std::optional<Role> ParseRole(std::string_view name);

struct User {
  int64_t id = 0;
  std::string name;           // unique
  std::string password_hash;  // argon2id, libsodium's crypto_pwhash_str format
  Role role = Role::kViewer;
  TimePoint created{};
  bool disabled = false;
};

// A console login. The token and the CSRF token are known to the browser only.
struct Session {
  std::string token_hash;  // SHA-256 of the session token, hex
  int64_t user_id = 0;
  TimePoint created{};
  TimePoint expires{};  // absolute expiry; idle expiry is computed from last_seen
  TimePoint last_seen{};
  std::string csrf_hash;  // SHA-256 of the session's CSRF token, hex
};

struct ApiKey {
  int64_t id = 0;
  std::string name;         // unique
  std::string prefix;       // public part of the key, unique: shown in lists, used to look it up
  std::string secret_hash;  // SHA-256 of the secret part, hex
  Role role = Role::kViewer;
  TimePoint created{};
  std::optional<TimePoint> revoked;
};

}  // namespace xerosync::store
