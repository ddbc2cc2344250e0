#include "store/sqlite_schema.h"

#include <string>

namespace xerosync::store::sqlite {
namespace {

// Version 1: the whole schema of docs/store.md. Times are INTEGER milliseconds since the Unix
// epoch; enums are their names (records.h) as TEXT; payloads and other JSON are TEXT (amounts are
// never REAL).
constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE organisations (
  tenant              TEXT PRIMARY KEY,
  connection_id       TEXT NOT NULL,
  name                TEXT NOT NULL,
  paused_reason       TEXT,
  paused_until        INTEGER,
  settings_generation INTEGER NOT NULL DEFAULT 0,
  mappings_generation INTEGER NOT NULL DEFAULT 0,
  sync_requested      INTEGER NOT NULL DEFAULT 0,
  initial_sync_done   INTEGER NOT NULL DEFAULT 0
);

-- One row per document; its current version only (older versions are not kept).
-- content_hash: 64-bit hash of (operation, payload, parents), so Accept can tell an unchanged
-- re-push without reading the payload back (equal hashes are confirmed by comparing the text).
-- attempt_version: the version the open attempt carries (a newer one may wait behind it).
CREATE TABLE documents (
  id              INTEGER PRIMARY KEY,
  tenant          TEXT NOT NULL REFERENCES organisations (tenant),
  kind            TEXT NOT NULL,
  host_id         TEXT NOT NULL,
  version         INTEGER NOT NULL,
  operation       TEXT NOT NULL,
  payload         TEXT NOT NULL,
  parents         TEXT NOT NULL,
  content_hash    INTEGER NOT NULL,
  state           TEXT NOT NULL,
  attempt_id      INTEGER,
  attempt_version INTEGER,
  blocked_kind    TEXT,
  blocked_host_id TEXT,
  error_id        INTEGER,
  tries           INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  ever_attempted  INTEGER NOT NULL DEFAULT 0,
  accepted_at     INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  UNIQUE (tenant, kind, host_id)
);
-- The planner's page: one state and kind, in id order, due ones (next_attempt_at read from the
-- index, so rows not yet due cost no table lookup).
CREATE INDEX documents_by_state ON documents (tenant, state, kind, id, next_attempt_at);
-- Releasing the children blocked on a parent that reached Xero.
CREATE INDEX documents_by_blocker ON documents (tenant, blocked_kind, blocked_host_id)
  WHERE blocked_host_id IS NOT NULL;
CREATE INDEX documents_by_attempt ON documents (attempt_id) WHERE attempt_id IS NOT NULL;

-- host document <-> Xero record; one Xero record per document.
CREATE TABLE links (
  tenant         TEXT NOT NULL,
  kind           TEXT NOT NULL,
  host_id        TEXT NOT NULL,
  xero_id        TEXT NOT NULL,
  synced_version INTEGER NOT NULL,
  linked_at      INTEGER NOT NULL,
  PRIMARY KEY (tenant, kind, host_id)
) WITHOUT ROWID;

CREATE TABLE attempts (
  id              INTEGER PRIMARY KEY,
  tenant          TEXT NOT NULL REFERENCES organisations (tenant),
  idempotency_key TEXT NOT NULL,
  started_at      INTEGER NOT NULL,
  finished_at     INTEGER,
  ambiguous       INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX attempts_unsettled ON attempts (tenant, id) WHERE finished_at IS NULL;

CREATE TABLE attempt_documents (
  attempt_id  INTEGER NOT NULL REFERENCES attempts (id),
  position    INTEGER NOT NULL,
  document_id INTEGER NOT NULL REFERENCES documents (id),
  version     INTEGER NOT NULL,
  PRIMARY KEY (attempt_id, position)
) WITHOUT ROWID;

CREATE TABLE sync_errors (
  id                  INTEGER PRIMARY KEY,
  tenant              TEXT NOT NULL REFERENCES organisations (tenant),
  document_id         INTEGER NOT NULL REFERENCES documents (id),
  code                TEXT NOT NULL,
  message             TEXT NOT NULL,
  fix                 TEXT NOT NULL,
  xero_messages       TEXT NOT NULL,
  correlation_id      TEXT,
  status              TEXT NOT NULL,
  first_seen          INTEGER NOT NULL,
  last_seen           INTEGER NOT NULL,
  attempts            INTEGER NOT NULL,
  closed_reason       TEXT NOT NULL DEFAULT '',
  closed_by           TEXT NOT NULL DEFAULT '',
  settings_generation INTEGER NOT NULL,
  mappings_generation INTEGER NOT NULL
);
CREATE INDEX sync_errors_by_document ON sync_errors (document_id, status);
CREATE INDEX sync_errors_by_status ON sync_errors (tenant, status, id);

CREATE TABLE sync_runs (
  id          INTEGER PRIMARY KEY,
  tenant      TEXT NOT NULL REFERENCES organisations (tenant),
  trigger     TEXT NOT NULL,
  started_at  INTEGER NOT NULL,
  finished_at INTEGER,
  outcome     TEXT NOT NULL,
  synced      INTEGER NOT NULL DEFAULT 0,
  failed      INTEGER NOT NULL DEFAULT 0,
  blocked     INTEGER NOT NULL DEFAULT 0,
  paused      INTEGER NOT NULL DEFAULT 0,
  api_calls   INTEGER NOT NULL DEFAULT 0,
  joined      INTEGER NOT NULL DEFAULT 0,
  detail      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sync_runs_by_tenant ON sync_runs (tenant, id);
CREATE INDEX sync_runs_running ON sync_runs (tenant) WHERE outcome = 'running';

CREATE TABLE mappings (
  tenant     TEXT NOT NULL REFERENCES organisations (tenant),
  kind       TEXT NOT NULL,
  from_value TEXT NOT NULL,
  to_value   TEXT NOT NULL,
  PRIMARY KEY (tenant, kind, from_value)
) WITHOUT ROWID;

CREATE TABLE settings_cache (
  tenant     TEXT NOT NULL REFERENCES organisations (tenant),
  kind       TEXT NOT NULL,
  json       TEXT NOT NULL,
  fetched_at INTEGER NOT NULL,
  PRIMARY KEY (tenant, kind)
) WITHOUT ROWID;

CREATE TABLE audit_log (
  id      INTEGER PRIMARY KEY,
  at      INTEGER NOT NULL,
  actor   TEXT NOT NULL,
  action  TEXT NOT NULL,
  subject TEXT NOT NULL,
  detail  TEXT NOT NULL,
  tenant  TEXT
);
CREATE INDEX audit_log_by_tenant ON audit_log (tenant, id);

CREATE TABLE leases (
  name       TEXT PRIMARY KEY,
  owner      TEXT NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;

-- Sealed (already encrypted) token records of the connections.
CREATE TABLE connection_records (
  connection_id TEXT PRIMARY KEY,
  sealed        TEXT NOT NULL
) WITHOUT ROWID;
)sql";

// How many times Xero refused each document (any version): part of the next attempt's
// Idempotency-Key, so that a retry after a refusal is a new request, never Xero's replay of the
// refusal (docs/sync.md, "The key").
constexpr const char* kSchemaV2 = R"sql(
ALTER TABLE documents ADD COLUMN rejections INTEGER NOT NULL DEFAULT 0;
)sql";

// Why an organisation is paused, as a catalogue code (the console shows its title and fix), and
// the request behind an error, for the diagnostics bundle (rules/diagnostics.h).
constexpr const char* kSchemaV3 = R"sql(
ALTER TABLE organisations ADD COLUMN paused_code TEXT;
ALTER TABLE sync_errors ADD COLUMN request_method TEXT;
ALTER TABLE sync_errors ADD COLUMN request_path TEXT;
ALTER TABLE sync_errors ADD COLUMN request_status INTEGER;
ALTER TABLE sync_errors ADD COLUMN request_documents INTEGER;
)sql";

// Version 4: what Store::HasSyncedChildren asks (the pre-flight "cannot be edited in Xero" check,
// once per update of an invoice or credit note) answered from indexes instead of a scan of every
// payment: the first two parents of payments and allocations (they name an invoice, and a credit
// note), and the few with more parents in a small index of their own.
constexpr const char* kSchemaV4 = R"sql(
CREATE INDEX documents_by_first_parent
  ON documents (tenant, json_extract(parents, '$[0].host_id'))
  WHERE kind IN ('payment', 'allocation');
CREATE INDEX documents_by_second_parent
  ON documents (tenant, json_extract(parents, '$[1].host_id'))
  WHERE kind IN ('payment', 'allocation');
CREATE INDEX documents_with_many_parents
  ON documents (tenant)
  WHERE kind IN ('payment', 'allocation') AND json_array_length(parents) > 2;
)sql";

// Installation-wide settings (the webhook's URL and sealed secret) and the outbox of outbound
// webhook events (store/outbox.h), recorded in the transaction of the change they report.
constexpr const char* kSchemaV5 = R"sql(
CREATE TABLE installation_settings (
  name  TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO installation_settings (name, value)
VALUES ('installation.id', lower(hex(randomblob(8))));

-- state: pending (to send at next_attempt_at), delivered, failed (given up; visible).
CREATE TABLE outbox_events (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  tenant          TEXT NOT NULL,
  type            TEXT NOT NULL,
  data            TEXT NOT NULL,
  created_at      INTEGER NOT NULL,
  state           TEXT NOT NULL DEFAULT 'pending',
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error      TEXT NOT NULL DEFAULT '',
  delivered_at    INTEGER
);
CREATE INDEX outbox_events_due ON outbox_events (state, next_attempt_at, id);

-- The pause the host was last told of (connection.changed "paused"); cleared when it is told of
-- the resume. A run that resumes a pause only to meet the same refusal tells the host nothing.
ALTER TABLE organisations ADD COLUMN notified_pause_code TEXT;
)sql";

// Access control (docs/access.md): users, console sessions and API keys. Secrets are kept only as
// hashes: argon2id for passwords, SHA-256 for the random session tokens, CSRF tokens and key
// secrets (256 bits of randomness need no slow hash).
constexpr const char* kSchemaV6 = R"sql(
CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  role          TEXT NOT NULL,
  created_at    INTEGER NOT NULL,
  disabled      INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users (id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  last_seen  INTEGER NOT NULL,
  csrf_hash  TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE TABLE api_keys (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  prefix      TEXT NOT NULL UNIQUE,
  secret_hash TEXT NOT NULL,
  role        TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  revoked_at  INTEGER
);
)sql";

// A document's history (Store::GetDocumentHistory): each version as accepted (older versions'
// content is not kept, only its hash) and each outcome of its attempts or refusals; the audit log
// is read by subject for the user's actions on it. Documents accepted before this migration get
// their current version.
constexpr const char* kSchemaV7 = R"sql(
CREATE TABLE document_versions (
  document_id  INTEGER NOT NULL REFERENCES documents (id),
  version      INTEGER NOT NULL,
  operation    TEXT NOT NULL,
  content_hash INTEGER NOT NULL,
  accepted_at  INTEGER NOT NULL,
  PRIMARY KEY (document_id, version)
) WITHOUT ROWID;
INSERT INTO document_versions (document_id, version, operation, content_hash, accepted_at)
SELECT id, version, operation, content_hash, accepted_at FROM documents;

-- attempt_id NULL: refused before anything was sent (FailPending).
CREATE TABLE document_outcomes (
  id          INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents (id),
  attempt_id  INTEGER,
  version     INTEGER NOT NULL,
  outcome     TEXT NOT NULL,
  at          INTEGER NOT NULL,
  xero_id     TEXT NOT NULL DEFAULT '',
  error_id    INTEGER
);
CREATE INDEX document_outcomes_by_document ON document_outcomes (document_id, id);
CREATE INDEX document_outcomes_by_time ON document_outcomes (at);
CREATE INDEX audit_log_by_subject ON audit_log (tenant, subject, id);
)sql";

constexpr Migration kMigrations[] = {
    {1, "initial schema", kSchemaV1},
    {2, "documents.rejections", kSchemaV2},
    {3, "organisations.paused_code, sync_errors.request_*", kSchemaV3},
    {4, "indexes of payments' and allocations' parents", kSchemaV4},
    {5, "installation_settings, outbox_events, organisations.notified_pause_code", kSchemaV5},
    {6, "users, sessions, api_keys", kSchemaV6},
    {7, "document_versions, document_outcomes, audit_log_by_subject", kSchemaV7},
};

constexpr const char* kCreateMigrationsTable = R"sql(
CREATE TABLE IF NOT EXISTS schema_migrations (
  version    INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  applied_at INTEGER NOT NULL
))sql";
constexpr const char* kSelectMigrationsTableExists =
    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'";
constexpr const char* kSelectSchemaVersion =
    "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
constexpr const char* kInsertMigration =
    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)";

// 0 for a new database (no schema_migrations table yet).
Result<int> SchemaVersion(SqliteDb& db) {
  ASSIGN_OR_RETURN(Stmt exists, db.Prepare(kSelectMigrationsTableExists));
  ASSIGN_OR_RETURN(bool table, exists.Step());
  if (!table) return 0;
  ASSIGN_OR_RETURN(Stmt stmt, db.Prepare(kSelectSchemaVersion));
  ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return InternalError("no schema version");
  return static_cast<int>(stmt.Int(0));
}

Status NewerSchemaError(int current, int latest) {
  return FailedPreconditionError("the database's schema is at version " + std::to_string(current) +
                                 ", newer than this xerosync knows (" + std::to_string(latest) +
                                 "): it was written by a newer xerosync; run that version, or "
                                 "restore a backup");
}

}  // namespace

std::span<const Migration> Migrations() { return kMigrations; }

Status Migrate(SqliteDb& db, std::span<const Migration> migrations, TimePoint now) {
  int latest = migrations.empty() ? 0 : migrations.back().version;
  // Usually the database is up to date: checked under a read lock only, so opening never waits
  // for another process's writes.
  ASSIGN_OR_RETURN(int current, db.Read([&]() { return SchemaVersion(db); }));
  if (current > latest) return NewerSchemaError(current, latest);
  if (current == latest) return OkStatus();
  for (const Migration& migration : migrations) {
    if (migration.version <= current) continue;
    Status applied = db.Write([&]() -> Status {
      RETURN_IF_ERROR(db.Exec(kCreateMigrationsTable));
      // Read again under the write lock: another process may have applied it meanwhile.
      ASSIGN_OR_RETURN(int now_at, SchemaVersion(db));
      if (now_at > latest) return NewerSchemaError(now_at, latest);
      if (now_at >= migration.version) return OkStatus();
      RETURN_IF_ERROR(db.Exec(migration.sql));
      ASSIGN_OR_RETURN(Stmt insert, db.Prepare(kInsertMigration));
      return insert.BindAll(migration.version, migration.name, now).Run();
    });
    RETURN_IF_ERROR(applied);
  }
  return OkStatus();
}

}  // namespace xerosync::store::sqlite
