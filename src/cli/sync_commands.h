#pragma once
// The sync commands (docs/sync.md, "The command line"): `xerosync sync`, `status`, `errors list`,
// `errors retry` and `errors archive`, over the store and the engine of the sync stack
// (sync_stack.h). Plain functions with their side effects injected (CommandEnvironment), as the
// connection commands are.
//
// Exit statuses: kExitOk; kExitFailed when the operation failed (a run failed, was partial or
// paused; an unknown organisation or error; the store refused); kExitBadUsage for bad settings or
// flags, or a data directory without a database (nothing was attempted).

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cli/connection_settings.h"
#include "core/result.h"
#include "store/store.h"

namespace xerosync::cli {

struct SyncOptions {
  ConnectionFlags connection;  // the app (a token refresh needs it), --xero-url, --data-dir
  std::string org;             // a tenant id or name; empty: every organisation in the store
};
// Runs Engine::RunOnce(tenant, kManual) for one organisation or each in the store, printing each
// run's outcome, counts, API calls and duration. kExitFailed when any run failed, was partial
// (some documents failed) or paused, or could not run.
int RunSync(const SyncOptions& options, const CommandEnvironment& environment);

struct StatusOptions {
  ConnectionFlags connection;
  std::string org;
  bool json_output = false;
  int runs = 5;  // how many of the last runs to show
};
// Per organisation: the connection's state, the pause, documents by state, the sync figures of
// seed 001 (total syncs, success rate, the last runs) and the open errors. Reads only.
int RunStatus(const StatusOptions& options, const CommandEnvironment& environment);

struct ErrorsListOptions {
  ConnectionFlags connection;
  std::string org;
  std::string status = "open";  // open, resolved, archived, or all
  std::string code;
  bool json_output = false;
};
int RunErrorsList(const ErrorsListOptions& options, const CommandEnvironment& environment);

struct ErrorsRetryOptions {
  ConnectionFlags connection;
  std::vector<int64_t> ids;
  bool all = false;  // every open error (of --org, when given)
  std::string org;
};
// Store::RetryDocuments on the errors' documents (failed or archived -> pending), as the user
// "cli:$USER". Documents in another state are named and left alone.
int RunErrorsRetry(const ErrorsRetryOptions& options, const CommandEnvironment& environment);

struct ErrorsArchiveOptions {
  ConnectionFlags connection;
  int64_t id = 0;
  std::string reason;  // required
};
// Store::ArchiveError: the error archived with the reason, its document archived (never retried
// until someone retries it).
int RunErrorsArchive(const ErrorsArchiveOptions& options, const CommandEnvironment& environment);

// What every sync command does first: resolves the settings (`need_app`: it talks to Xero), refuses
// a data directory without a database (nothing to read: exit 2, saying to connect first) unless
// `may_create` (`serve`, whose console connects), and opens the tools. On failure prints
// "xerosync <command>: <why>" on environment.err, sets `exit_status` and returns nullptr.
std::unique_ptr<ConnectionTools> OpenSyncTools(const ConnectionFlags& flags, bool need_app,
                                               const CommandEnvironment& environment,
                                               std::string_view command, int& exit_status,
                                               bool may_create = false);

// The organisation `org` names (its tenant id, or its name ignoring case), or every one when `org`
// is empty. kNotFound naming the known organisations.
Result<std::vector<store::Organisation>> SelectOrganisations(store::Store& store,
                                                             std::string_view org);

// "cli:<$USER>" ("cli:unknown" without one): who did it, for the audit log.
std::string CliActor(const Getenv& getenv);

}  // namespace xerosync::cli
