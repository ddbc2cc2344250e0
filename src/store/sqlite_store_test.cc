// The SQLite backend: the contract suite instantiated on it, and what only SQLite has (the file,
// WAL, migrations, the busy timeout).
#include "store/sqlite_store.h"

#include <gmock/gmock.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>

#include "store/sqlite_schema.h"
#include "store/store_contract.h"

namespace xerosync::store {
namespace {

namespace fs = std::filesystem;

// A fresh directory under the system's temporary directory, removed on destruction.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = fs::temp_directory_path() /
            ("xerosync-store-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

StoreBackend SqliteBackend() {
  return {"Sqlite", []() -> StoreOpener {
            auto dir = std::make_shared<TempDir>();
            return [dir]() -> std::unique_ptr<Store> {
              auto store = OpenSqliteStore({.path = dir->File("xerosync.db")});
              EXPECT_TRUE(store.ok()) << store.status();
              return store.ok() ? std::move(*store) : nullptr;
            };
          }};
}

INSTANTIATE_TEST_SUITE_P(Sqlite, StoreContractTest, testing::Values(SqliteBackend()), BackendName);
INSTANTIATE_TEST_SUITE_P(Sqlite, DocumentsTest, testing::Values(SqliteBackend()), BackendName);
INSTANTIATE_TEST_SUITE_P(Sqlite, OutboxTest, testing::Values(SqliteBackend()), BackendName);

// Runs one query on the file with a plain SQLite connection and returns the first column of the
// first row as text.
std::string QueryText(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  std::string text;
  if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0) != nullptr) {
    text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return text;
}

void Exec(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  EXPECT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  sqlite3_close(db);
}

TEST(SqliteStoreTest, OpensInWalModeWithEveryMigrationRecordedOnce) {
  TempDir dir;
  std::string path = dir.File("x.db");
  FakeClock clock;
  ASSERT_TRUE(OpenSqliteStore({.path = path, .clock = &clock}).ok());
  ASSERT_TRUE(OpenSqliteStore({.path = path, .clock = &clock}).ok());  // nothing applied twice
  EXPECT_EQ(QueryText(path, "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(QueryText(path, "SELECT COUNT(*) FROM schema_migrations"),
            std::to_string(sqlite::Migrations().size()));
  EXPECT_EQ(QueryText(path, "SELECT MAX(version) FROM schema_migrations"),
            std::to_string(sqlite::Migrations().back().version));
  EXPECT_EQ(QueryText(path, "SELECT applied_at FROM schema_migrations WHERE version = 1"),
            std::to_string(sqlite::ToMillis(clock.Now())));
}

TEST(SqliteStoreTest, MigrationsAreAppliedInOrderOnlyWhenNew) {
  TempDir dir;
  std::string path = dir.File("x.db");
  ASSERT_TRUE(OpenSqliteStore({.path = path}).ok());
  auto db = sqlite::SqliteDb::Open({.path = path});
  ASSERT_TRUE(db.ok());
  std::vector<sqlite::Migration> migrations(sqlite::Migrations().begin(),
                                            sqlite::Migrations().end());
  migrations.push_back({99, "add a column", "ALTER TABLE leases ADD COLUMN note TEXT"});
  ASSERT_TRUE(sqlite::Migrate(**db, migrations, FakeClock().Now()).ok());
  // Again: version 99 is there, so the ALTER (which would fail a second time) is not re-run.
  ASSERT_TRUE(sqlite::Migrate(**db, migrations, FakeClock().Now()).ok());
  EXPECT_EQ(QueryText(path, "SELECT name FROM schema_migrations WHERE version = 99"),
            "add a column");
}

TEST(SqliteStoreTest, ADatabaseFromANewerXerosyncIsRefusedClearly) {
  TempDir dir;
  std::string path = dir.File("x.db");
  ASSERT_TRUE(OpenSqliteStore({.path = path}).ok());
  Exec(path,
       "INSERT INTO schema_migrations (version, name, applied_at) VALUES (1000, 'future', 0)");
  auto store = OpenSqliteStore({.path = path});
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(store.status().message(), testing::HasSubstr("newer xerosync"));
  EXPECT_THAT(store.status().message(), testing::HasSubstr("1000"));
}

TEST(SqliteStoreTest, BadPathsAreRefused) {
  EXPECT_EQ(OpenSqliteStore({.path = ""}).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(OpenSqliteStore({.path = ":memory:"}).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(OpenSqliteStore({.path = "/nonexistent-dir/x.db"}).status().code(),
            StatusCode::kUnavailable);
  TempDir dir;
  std::string path = dir.File("not-a-db");
  Exec(dir.File("other.db"), "SELECT 1");  // just to have the directory in use
  {
    std::ofstream out(path);
    out << "this is not a SQLite database, just some text long enough to fill a header.......";
  }
  EXPECT_EQ(OpenSqliteStore({.path = path}).status().code(), StatusCode::kDataLoss);
}

TEST(SqliteStoreTest, AWriterBlockedByAnotherConnectionPastTheTimeoutIsUnavailable) {
  TempDir dir;
  std::string path = dir.File("x.db");
  auto store = OpenSqliteStore({.path = path, .busy_timeout = std::chrono::milliseconds(0)});
  ASSERT_TRUE(store.ok());
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  Status status = (*store)->UpsertOrganisation(domain::TenantId("t"), "c", "n");
  EXPECT_EQ(status.code(), StatusCode::kUnavailable) << status;
  // Readers are not blocked by the writer (WAL).
  EXPECT_TRUE((*store)->ListOrganisations().ok());
  ASSERT_EQ(sqlite3_exec(other, "COMMIT", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(other);
  EXPECT_TRUE((*store)->UpsertOrganisation(domain::TenantId("t"), "c", "n").ok());
}

TEST(SqliteStoreTest, AnotherProcessHoldingTheWriteLockMakesWritersUnavailableAfterTheTimeout) {
  TempDir dir;
  std::string path = dir.File("x.db");
  ASSERT_TRUE(OpenSqliteStore({.path = path}).ok());  // schema in place; closed again
  int locked[2];
  int release[2];
  ASSERT_EQ(pipe(locked), 0);
  ASSERT_EQ(pipe(release), 0);
  pid_t pid = fork();
  if (pid == 0) {
    // The child takes the write lock, says so, and holds it until told to let go.
    close(locked[0]);
    close(release[1]);
    sqlite3* db = nullptr;
    if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) _exit(1);
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK) _exit(2);
    char byte = 'x';
    if (write(locked[1], &byte, 1) != 1) _exit(3);
    if (read(release[0], &byte, 1) != 1) _exit(4);
    if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) _exit(5);
    sqlite3_close(db);
    _exit(0);
  }
  close(locked[1]);  // so that a child dying early reads as end of file, not a hang
  close(release[0]);
  char byte = 0;
  if (read(locked[0], &byte, 1) != 1) {
    int status = 0;
    waitpid(pid, &status, 0);
    FAIL() << "the child could not take the write lock: exit " << WEXITSTATUS(status);
  }
  auto store = OpenSqliteStore({.path = path, .busy_timeout = std::chrono::milliseconds(0)});
  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_EQ((*store)->UpsertOrganisation(domain::TenantId("t"), "c", "n").code(),
            StatusCode::kUnavailable);
  EXPECT_TRUE((*store)->ListOrganisations().ok());  // reading is not blocked
  ASSERT_EQ(write(release[1], &byte, 1), 1);
  int status = 0;
  waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  EXPECT_TRUE((*store)->UpsertOrganisation(domain::TenantId("t"), "c", "n").ok());
  close(locked[0]);
  close(release[1]);
}

}  // namespace
}  // namespace xerosync::store
