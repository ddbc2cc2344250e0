#pragma once
// The SQLite backend of the Store (store.h): one database file in WAL mode, schema applied by
// versioned migrations at open, prepared statements cached, every method one short transaction
// (docs/store.md).
//
// Durability: with `synchronous_full` (the default) a method's changes are on disk when it
// returns, even across a power loss; the exactly-once protocol (docs/sync.md) depends on the
// intent being durable before a request is sent.
//
// Sharing: several processes may open the same file. Writers take the write lock at the start of
// their transaction (BEGIN IMMEDIATE) and wait up to `busy_timeout` for it; past that a method
// returns kUnavailable. The file must be on a local file system (WAL needs shared memory).
//
// Thread safety: the store is safe to use from many threads; it has one connection, guarded by a
// mutex, so calls from one process run one at a time (a first version: SQLite allows one writer
// at a time anyway; a pool of read connections can come later if reads ever wait on writes).

#include <memory>
#include <string>

#include "core/clock.h"
#include "core/result.h"
#include "store/store.h"

namespace xerosync::store {

struct SqliteStoreOptions {
  // The database file; created with its schema when missing. REQUIRES: not empty. (":memory:"
  // is refused: WAL and sharing between processes need a file.)
  std::string path;
  // How long a method waits for another process's write lock before kUnavailable. Default 5 s.
  Duration busy_timeout = std::chrono::seconds(5);
  // synchronous=FULL (default): every commit is synced to disk before the method returns.
  // false: synchronous=NORMAL, which in WAL mode survives a crash of the process but may lose the
  // last commits on a power loss or an OS crash. For benchmarks and throwaway databases only.
  bool synchronous_full = true;
  // Stamps schema_migrations.applied_at. Default: the real clock. Never null.
  Clock* clock = &RealClock();
};

// Opens (creating if needed) the database and brings its schema up to date.
// kInvalidArgument: no path, or ":memory:". kUnavailable: the file cannot be opened or locked in
// time. kFailedPrecondition: the database was written by a newer xerosync (a schema version this
// binary does not know). kDataLoss: not a SQLite database.
Result<std::unique_ptr<Store>> OpenSqliteStore(const SqliteStoreOptions& options);

}  // namespace xerosync::store
