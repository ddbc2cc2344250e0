#pragma once
// What the commands (`xerosync connect`, `connections`, `disconnect`, and the sync commands) share:
// their settings, read from flags and the environment in one place, and the objects built from them
// (the sync stack of sync_stack.h: the store at <data-dir>/xerosync.db with the tokens in it, the
// OAuth client, the token manager, ...). docs/client.md has the table.
//
// The commands are plain functions with their side effects injected (CommandEnvironment): streams,
// the environment, the transport to Xero and the clock. main.cc passes the real ones; tests pass a
// loopback emulator and string streams.

#include <chrono>
#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/result.h"
#include "core/text.h"
#include "store/store.h"
#include "xero/oauth.h"
#include "xero/rate_budget.h"
#include "xero/token_cipher.h"
#include "xero/token_manager.h"
#include "xero/token_store.h"
#include "xero/transport.h"

namespace xerosync::cli {

// Reads one environment variable; nullptr when unset (std::getenv in production).
using Getenv = std::function<const char*(const char*)>;

// Exit statuses of every connection command.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;    // the operation failed: Xero refused, a timeout, ...
inline constexpr int kExitBadUsage = 2;  // bad flags or configuration: nothing was attempted

// The side effects a command may have, injected.
struct CommandEnvironment {
  std::ostream* out = nullptr;  // what the user asked for
  std::ostream* err = nullptr;  // errors
  std::istream* in = nullptr;   // answers to prompts; only read when stdin_is_terminal
  bool stdin_is_terminal = false;
  Getenv getenv;
  xero::Transport* transport = nullptr;  // to Xero (CurlTransport in production)
  const Clock* clock = nullptr;
  // How a call to Xero waits for the rate budget; nullptr: sleeps on `clock` (production). Tests
  // advance their fake clock.
  xero::Waiter* waiter = nullptr;
  // `xerosync connect` calls it with the authorize URL once the URL is printed and the loopback
  // receiver is listening. Production: does nothing (the user opens the URL). Tests: a browser.
  std::function<void(const std::string& authorize_url)> open_browser;
};

// The flags shared by the three commands, as given (empty: not given).
struct ConnectionFlags {
  std::string client_id;  // --client-id; else XEROSYNC_XERO_CLIENT_ID
  std::string scopes;     // --scopes broad|granular; else XEROSYNC_XERO_SCOPES; else granular
  std::string xero_url;   // --xero-url BASE; else XEROSYNC_XERO_URL; else Xero's own hosts
  std::string data_dir;   // --data-dir; else XEROSYNC_DATA_DIR; else ./xerosync-data
  std::string connection = "default";  // --connection: the name the tokens are kept under
};

// The settings, resolved and checked.
struct ConnectionSettings {
  std::string client_id;      // the app's, from Xero's developer portal
  std::string client_secret;  // XEROSYNC_XERO_CLIENT_SECRET only; empty: a PKCE app
  // Granular by default: apps created since 2026-03-02 may only ask for the granular scopes
  // (FACTS.md §1.3); older apps may ask for either until September 2027.
  xero::ScopeSet scope_set = xero::ScopeSet::kGranular;
  xero::XeroEndpoints endpoints;  // Xero's own, or all three at --xero-url
  std::string data_dir;
  std::string connection;

  // The database: documents, runs, errors and the connections' encrypted tokens.
  std::string DatabasePath() const;  // <data_dir>/xerosync.db
  // Where xerosync before the store kept the tokens (one file per connection); no longer read.
  std::string TokenDirectory() const;  // <data_dir>/tokens
};

inline constexpr char kDefaultDataDir[] = "./xerosync-data";

// Fills the settings from `flags`, then the environment, then the defaults. `need_app`: the
// command talks to Xero, so the client id is required. Errors (exit 2) name the missing or bad
// setting and how to give it: kFailedPrecondition for a missing one, kInvalidArgument for a bad
// value.
Result<ConnectionSettings> ResolveConnectionSettings(const ConnectionFlags& flags,
                                                     const Getenv& getenv, bool need_app);

class SyncStack;  // sync_stack.h

// What a command works with, built from the settings: the sync stack (sync_stack.h).
class ConnectionTools {
 public:
  // Opens the sync stack (SyncStack::Open: the token key, the data directory, the database) with
  // `redirect_uri` (which only connect needs). Errors are configuration errors (exit 2). When a
  // <data-dir>/tokens directory of the old layout exists, says so once on environment.err.
  // REQUIRES: environment.transport and environment.clock outlive the result.
  static Result<std::unique_ptr<ConnectionTools>> Open(const ConnectionSettings& settings,
                                                       std::string redirect_uri,
                                                       const CommandEnvironment& environment);
  ~ConnectionTools();

  xero::TokenStore& store();
  xero::TokenManager& manager();
  const xero::OAuthClient& oauth() const;
  store::Store& database();
  SyncStack& stack() { return *stack_; }

 private:
  explicit ConnectionTools(std::unique_ptr<SyncStack> stack);

  const std::unique_ptr<SyncStack> stack_;
};

// The notice about a <data-dir>/tokens directory of the old layout, or "" when there is none.
std::string LegacyTokenNotice(const ConnectionSettings& settings);

// "in 29 minutes", "3 days ago": how far `when` is from `now`, for people.
std::string Relative(TimePoint when, TimePoint now);

// "Demo Company (NZ)  (tenant 7a3c...)"; "(no name)" when the name is not known.
std::string Organisation(std::string_view name, std::string_view tenant_id);

}  // namespace xerosync::cli
