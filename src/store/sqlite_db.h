#pragma once
// SqliteDb: one SQLite connection with a cache of prepared statements, typed binding and reading,
// transactions, and SQLite's result codes mapped to Status (store.h's vocabulary). Private to the
// SQLite backend (sqlite_store.cc); nothing outside src/store/ includes it.
//
// Thread safety: none. The store guards its one SqliteDb with a mutex.

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/clock.h"
#include "core/result.h"
#include "core/status.h"

namespace xerosync::store::sqlite {

// Milliseconds since the Unix epoch: how every time is stored.
int64_t ToMillis(TimePoint t);
TimePoint FromMillis(int64_t ms);

// A cached prepared statement in use. Binding indexes are 1-based (SQLite's ?1, ?2, ...); reading
// columns 0-based. On destruction the statement is reset and its bindings cleared, ready for the
// next use; so a Stmt must not outlive the SqliteDb it came from.
class Stmt {
 public:
  explicit Stmt(sqlite3_stmt* stmt) : stmt_(stmt) {}
  Stmt(Stmt&& other) noexcept : stmt_(other.stmt_) { other.stmt_ = nullptr; }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  Stmt& operator=(Stmt&&) = delete;
  ~Stmt();

  Stmt& Bind(int index, int64_t value);
  Stmt& Bind(int index, int value) { return Bind(index, static_cast<int64_t>(value)); }
  Stmt& Bind(int index, bool value) { return Bind(index, static_cast<int64_t>(value ? 1 : 0)); }
  Stmt& Bind(int index, std::string_view value);
  Stmt& Bind(int index, const std::string& value) { return Bind(index, std::string_view(value)); }
  Stmt& Bind(int index, const char* value) { return Bind(index, std::string_view(value)); }
  Stmt& Bind(int index, TimePoint value) { return Bind(index, ToMillis(value)); }
  Stmt& Bind(int index, std::nullopt_t);
  template <typename T>
  Stmt& Bind(int index, const std::optional<T>& value) {
    return value ? Bind(index, *value) : Bind(index, std::nullopt);
  }
  // Binds the values to ?1, ?2, ... in order.
  template <typename... Ts>
  Stmt& BindAll(const Ts&... values) {
    int index = 0;
    (Bind(++index, values), ...);
    return *this;
  }

  // Steps once: true when a row is ready to read, false when the statement is done.
  Result<bool> Step();
  // Steps to the end, ignoring rows: for INSERT, UPDATE, DELETE.
  Status Run();

  bool IsNull(int column) const;
  int64_t Int(int column) const;
  bool Bool(int column) const { return Int(column) != 0; }
  TimePoint Time(int column) const { return FromMillis(Int(column)); }
  std::string Text(int column) const;
  std::string_view TextView(int column) const;  // valid until the next Step
  std::optional<int64_t> OptInt(int column) const;
  std::optional<std::string> OptText(int column) const;
  std::optional<TimePoint> OptTime(int column) const;

 private:
  sqlite3_stmt* stmt_;
  Status bind_error_;  // the first failed bind, reported by Step/Run
};

struct SqliteDbOptions {
  std::string path;
  int busy_timeout_ms = 5000;
  bool synchronous_full = true;
};

class SqliteDb {
 public:
  // Opens (creating if needed) the database file, in WAL mode with foreign keys on, the busy
  // timeout and the synchronous level given. kUnavailable when the file cannot be opened.
  static Result<std::unique_ptr<SqliteDb>> Open(const SqliteDbOptions& options);
  ~SqliteDb();
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;

  // The prepared statement for `sql`, prepared once per connection and reused.
  Result<Stmt> Prepare(const std::string& sql);
  // Runs statements without parameters (pragmas, migrations, BEGIN/COMMIT).
  Status Exec(const char* sql);
  int64_t Changes() const;
  int64_t LastInsertId() const;

  // Runs `body` inside a transaction: BEGIN IMMEDIATE for writers (the write lock is taken at
  // once, so two processes never deadlock upgrading a read lock), a deferred BEGIN for readers.
  // Commits when body returns OK, rolls back otherwise. Returns body's Status or Result.
  template <typename F>
  auto Write(F&& body) -> decltype(body()) {
    return InTransaction("BEGIN IMMEDIATE", std::forward<F>(body));
  }
  template <typename F>
  auto Read(F&& body) -> decltype(body()) {
    return InTransaction("BEGIN", std::forward<F>(body));
  }

 private:
  explicit SqliteDb(sqlite3* db) : db_(db) {}

  template <typename F>
  auto InTransaction(const char* begin, F&& body) -> decltype(body()) {
    RETURN_IF_ERROR(Exec(begin));
    auto result = body();
    if (!result.ok()) {
      (void)Exec("ROLLBACK");
      return result;
    }
    Status committed = Exec("COMMIT");
    if (!committed.ok()) {
      (void)Exec("ROLLBACK");
      return committed;
    }
    return result;
  }

  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> statements_;
};

// SQLite's result code as a Status: busy or locked -> kUnavailable (try again), corrupt or not a
// database -> kDataLoss, I/O and open failures -> kUnavailable, the rest -> kInternal.
Status SqliteError(int rc, std::string_view what, sqlite3* db);

}  // namespace xerosync::store::sqlite
