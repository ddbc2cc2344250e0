// SqliteStore's access methods (store.h, "access"): users, sessions and API keys, in the tables of
// schema version 6.
#include <string>

#include "store/sqlite_store_impl.h"

namespace xerosync::store::sqlite {
namespace {

constexpr const char* kUserColumns = "id, name, password_hash, role, created_at, disabled";
constexpr const char* kInsertUser = R"sql(
INSERT INTO users (name, password_hash, role, created_at, disabled) VALUES (?1, ?2, ?3, ?4, ?5))sql";
constexpr const char* kSelectUserIdByName = "SELECT id FROM users WHERE name = ?1";
constexpr const char* kUpdateUserDisabled = "UPDATE users SET disabled = ?2 WHERE id = ?1";
constexpr const char* kUpdateUserPassword = "UPDATE users SET password_hash = ?2 WHERE id = ?1";
constexpr const char* kDeleteUserSessions = "DELETE FROM sessions WHERE user_id = ?1";

constexpr const char* kSessionColumns =
    "token_hash, user_id, created_at, expires_at, last_seen, csrf_hash";
constexpr const char* kSelectSessionExists = "SELECT 1 FROM sessions WHERE token_hash = ?1";
constexpr const char* kInsertSession = R"sql(
INSERT INTO sessions (token_hash, user_id, created_at, expires_at, last_seen, csrf_hash)
VALUES (?1, ?2, ?3, ?4, ?5, ?6))sql";
constexpr const char* kTouchSession = "UPDATE sessions SET last_seen = ?2 WHERE token_hash = ?1";
constexpr const char* kDeleteSession = "DELETE FROM sessions WHERE token_hash = ?1";
constexpr const char* kDeleteExpiredSessions =
    "DELETE FROM sessions WHERE expires_at <= ?1 OR last_seen < ?2";

constexpr const char* kKeyColumns = "id, name, prefix, secret_hash, role, created_at, revoked_at";
constexpr const char* kSelectKeyTaken = "SELECT 1 FROM api_keys WHERE name = ?1 OR prefix = ?2";
constexpr const char* kInsertKey = R"sql(
INSERT INTO api_keys (name, prefix, secret_hash, role, created_at) VALUES (?1, ?2, ?3, ?4, ?5))sql";
constexpr const char* kRevokeKey =
    "UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?2) WHERE name = ?1";

std::string Select(const char* columns, const char* table, const char* where) {
  return std::string("SELECT ") + columns + " FROM " + table + " " + where;
}

Result<Role> ReadRole(const Stmt& row, int column) {
  std::optional<Role> role = ParseRole(row.TextView(column));
  if (!role) return DataLossError("unknown role '" + row.Text(column) + "'");
  return *role;
}

Result<User> ReadUser(const Stmt& row) {
  User user;
  user.id = row.Int(0);
  user.name = row.Text(1);
  user.password_hash = row.Text(2);
  ASSIGN_OR_RETURN(user.role, ReadRole(row, 3));
  user.created = row.Time(4);
  user.disabled = row.Bool(5);
  return user;
}

Session ReadSession(const Stmt& row) {
  Session session;
  session.token_hash = row.Text(0);
  session.user_id = row.Int(1);
  session.created = row.Time(2);
  session.expires = row.Time(3);
  session.last_seen = row.Time(4);
  session.csrf_hash = row.Text(5);
  return session;
}

Result<ApiKey> ReadKey(const Stmt& row) {
  ApiKey key;
  key.id = row.Int(0);
  key.name = row.Text(1);
  key.prefix = row.Text(2);
  key.secret_hash = row.Text(3);
  ASSIGN_OR_RETURN(key.role, ReadRole(row, 4));
  key.created = row.Time(5);
  key.revoked = row.OptTime(6);
  return key;
}

// Every row the statement gives, each read by `read`.
template <typename T>
Result<std::vector<T>> ReadAll(Stmt& stmt, Result<T> (*read)(const Stmt&)) {
  std::vector<T> out;
  while (true) {
    ASSIGN_OR_RETURN(const bool row, stmt.Step());
    if (!row) return out;
    ASSIGN_OR_RETURN(T value, read(stmt));
    out.push_back(std::move(value));
  }
}

}  // namespace

Result<int64_t> SqliteStore::CreateUser(const User& user) {
  if (user.name.empty() || user.password_hash.empty()) {
    return InvalidArgumentError("a user needs a name and a password hash");
  }
  std::lock_guard lock(mu_);
  return db_->Write([&]() -> Result<int64_t> {
    ASSIGN_OR_RETURN(Stmt taken, db_->Prepare(kSelectUserIdByName));
    ASSIGN_OR_RETURN(bool exists, taken.BindAll(user.name).Step());
    if (exists) return AlreadyExistsError("a user named '" + user.name + "' exists already");
    ASSIGN_OR_RETURN(Stmt insert, db_->Prepare(kInsertUser));
    RETURN_IF_ERROR(insert
                        .BindAll(user.name, user.password_hash, RoleName(user.role), user.created,
                                 user.disabled)
                        .Run());
    return db_->LastInsertId();
  });
}

Result<User> SqliteStore::GetUser(std::string_view name) {
  std::lock_guard lock(mu_);
  ASSIGN_OR_RETURN(Stmt stmt, db_->Prepare(Select(kUserColumns, "users", "WHERE name = ?1")));
  ASSIGN_OR_RETURN(bool row, stmt.BindAll(name).Step());
  if (!row) return NotFoundError("no user named '" + std::string(name) + "'");
  return ReadUser(stmt);
}

Result<User> SqliteStore::GetUserById(int64_t id) {
  std::lock_guard lock(mu_);
  ASSIGN_OR_RETURN(Stmt stmt, db_->Prepare(Select(kUserColumns, "users", "WHERE id = ?1")));
  ASSIGN_OR_RETURN(bool row, stmt.BindAll(id).Step());
  if (!row) return NotFoundError("no user " + std::to_string(id));
  return ReadUser(stmt);
}

Result<std::vector<User>> SqliteStore::ListUsers() {
  std::lock_guard lock(mu_);
  ASSIGN_OR_RETURN(Stmt stmt, db_->Prepare(Select(kUserColumns, "users", "ORDER BY name")));
  return ReadAll(stmt, &ReadUser);
}

Status SqliteStore::SetUserDisabled(std::string_view name, bool disabled) {
  std::lock_guard lock(mu_);
  return db_->Write([&]() -> Status {
    ASSIGN_OR_RETURN(Stmt find, db_->Prepare(kSelectUserIdByName));
    ASSIGN_OR_RETURN(bool row, find.BindAll(name).Step());
    if (!row) return NotFoundError("no user named '" + std::string(name) + "'");
    const int64_t id = find.Int(0);
    ASSIGN_OR_RETURN(Stmt update, db_->Prepare(kUpdateUserDisabled));
    RETURN_IF_ERROR(update.BindAll(id, disabled).Run());
    if (!disabled) return OkStatus();
    ASSIGN_OR_RETURN(Stmt end_sessions, db_->Prepare(kDeleteUserSessions));
    return end_sessions.BindAll(id).Run();
  });
}

Status SqliteStore::SetUserPassword(std::string_view name, std::string_view password_hash) {
  if (password_hash.empty()) return InvalidArgumentError("a user needs a password hash");
  std::lock_guard lock(mu_);
  return db_->Write([&]() -> Status {
    ASSIGN_OR_RETURN(Stmt find, db_->Prepare(kSelectUserIdByName));
    ASSIGN_OR_RETURN(bool row, find.BindAll(name).Step());
    if (!row) return NotFoundError("no user named '" + std::string(name) + "'");
    const int64_t id = find.Int(0);
    ASSIGN_OR_RETURN(Stmt update, db_->Prepare(kUpdateUserPassword));
    RETURN_IF_ERROR(update.BindAll(id, password_hash).Run());
    ASSIGN_OR_RETURN(Stmt end_sessions, db_->Prepare(kDeleteUserSessions));
    return end_sessions.BindAll(id).Run();
  });
}

Status SqliteStore::CreateSession(const Session& session) {
  if (session.token_hash.empty()) return InvalidArgumentError("a session needs a token hash");
  std::lock_guard lock(mu_);
  return db_->Write([&]() -> Status {
    ASSIGN_OR_RETURN(Stmt exists, db_->Prepare(kSelectSessionExists));
    ASSIGN_OR_RETURN(bool taken, exists.BindAll(session.token_hash).Step());
    if (taken) return AlreadyExistsError("a session with this token exists already");
    ASSIGN_OR_RETURN(Stmt insert, db_->Prepare(kInsertSession));
    return insert
        .BindAll(session.token_hash, session.user_id, session.created, session.expires,
                 session.last_seen, session.csrf_hash)
        .Run();
  });
}

Result<Session> SqliteStore::GetSession(std::string_view token_hash) {
  std::lock_guard lock(mu_);
  ASSIGN_OR_RETURN(Stmt stmt,
                   db_->Prepare(Select(kSessionColumns, "sessions", "WHERE token_hash = ?1")));
  ASSIGN_OR_RETURN(bool row, stmt.BindAll(token_hash).Step());
  // The message never repeats the hash: it is as good as the token for looking the session up.
  if (!row) return NotFoundError("no such session");
  return ReadSession(stmt);
}

Status SqliteStore::TouchSession(std::string_view token_hash, TimePoint last_seen) {
  std::lock_guard lock(mu_);
  return db_->Write([&]() -> Status {
    ASSIGN_OR_RETURN(Stmt stmt, db_->Prepare(kTouchSession));
    RETURN_IF_ERROR(stmt.BindAll(token_hash, last_seen).Run());
    if (db_->Changes() == 0) return NotFoundError("no such session");
    return OkStatus();
  });
}

Status SqliteStore::DeleteSession(std::string_view token_hash) {
  std::lock_guard lock(mu_);
  return db_->Write([&]() -> Status {
    ASSIGN_OR_RETURN(Stmt stmt, db_->Prepare(kDeleteSession));
    return stmt.BindAll(token_hash).Run();
  });
}

Result<int64_t> SqliteStore::DeleteExpiredSessions(TimePoint now, TimePoint idle_since) {
  std::lock_guard lock(mu_);
  return db_->Write([&]() -> Result<int64_t> {
    ASSIGN_OR_RETURN(Stmt stmt, db_->Prepare(kDeleteExpiredSessions));
    RETURN_IF_ERROR(stmt.BindAll(now, idle_since).Run());
    return db_->Changes();
  });
}

Result<int64_t> SqliteStore::CreateApiKey(const ApiKey& key) {
  if (key.name.empty() || key.prefix.empty() || key.secret_hash.empty()) {
    return InvalidArgumentError("an API key needs a name, a prefix and a secret hash");
  }
  std::lock_guard lock(mu_);
  return db_->Write([&]() -> Result<int64_t> {
    ASSIGN_OR_RETURN(Stmt taken, db_->Prepare(kSelectKeyTaken));
    ASSIGN_OR_RETURN(bool exists, taken.BindAll(key.name, key.prefix).Step());
    if (exists) return AlreadyExistsError("an API key named '" + key.name + "' exists already");
    ASSIGN_OR_RETURN(Stmt insert, db_->Prepare(kInsertKey));
    RETURN_IF_ERROR(
        insert.BindAll(key.name, key.prefix, key.secret_hash, RoleName(key.role), key.created)
            .Run());
    return db_->LastInsertId();
  });
}

Result<ApiKey> SqliteStore::GetApiKeyByPrefix(std::string_view prefix) {
  std::lock_guard lock(mu_);
  ASSIGN_OR_RETURN(Stmt stmt, db_->Prepare(Select(kKeyColumns, "api_keys", "WHERE prefix = ?1")));
  ASSIGN_OR_RETURN(bool row, stmt.BindAll(prefix).Step());
  if (!row) return NotFoundError("no API key with prefix '" + std::string(prefix) + "'");
  return ReadKey(stmt);
}

Result<std::vector<ApiKey>> SqliteStore::ListApiKeys() {
  std::lock_guard lock(mu_);
  ASSIGN_OR_RETURN(Stmt stmt, db_->Prepare(Select(kKeyColumns, "api_keys", "ORDER BY name")));
  return ReadAll(stmt, &ReadKey);
}

Status SqliteStore::RevokeApiKey(std::string_view name, TimePoint now) {
  std::lock_guard lock(mu_);
  return db_->Write([&]() -> Status {
    ASSIGN_OR_RETURN(Stmt stmt, db_->Prepare(kRevokeKey));
    RETURN_IF_ERROR(stmt.BindAll(name, now).Run());
    if (db_->Changes() == 0) return NotFoundError("no API key named '" + std::string(name) + "'");
    return OkStatus();
  });
}

}  // namespace xerosync::store::sqlite
