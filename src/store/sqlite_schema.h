#pragma once
// The SQLite backend's schema as an ordered list of migrations, and the code that applies them
// at open (docs/store.md, "Migrations"). Private to the SQLite backend.

#include <span>
#include <string_view>

#include "core/clock.h"
#include "core/status.h"
#include "store/sqlite_db.h"

namespace xerosync::store::sqlite {

struct Migration {
  int version;            // 1, 2, 3, ...: applied in this order, each once
  std::string_view name;  // what it does, recorded in schema_migrations
  const char* sql;        // one or more statements
};

// Every migration this binary knows, oldest first.
std::span<const Migration> Migrations();

// Applies the migrations the database has not had yet, each in its own transaction (so a crash
// leaves the database at some version, never half-way), recording each in schema_migrations.
// Several processes may open the database at once: the version is read again under the write
// lock, so each migration is applied exactly once. kFailedPrecondition when the database has a
// version this binary does not know (written by a newer xerosync).
Status Migrate(SqliteDb& db, std::span<const Migration> migrations, TimePoint now);

}  // namespace xerosync::store::sqlite
