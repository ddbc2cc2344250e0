#pragma once
// What the connection commands (`xerosync connect`, `connections`, `disconnect`) share: their
// settings, read from flags and the environment in one place, and the objects built from them (the
// token cipher and store, the OAuth client, the token manager). docs/client-cli.md has the table.
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
#include "xero/oauth.h"
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

  // Where the encrypted tokens live: <data_dir>/tokens.
  std::string TokenDirectory() const;
};

inline constexpr char kDefaultDataDir[] = "./xerosync-data";

// Fills the settings from `flags`, then the environment, then the defaults. `need_app`: the
// command talks to Xero, so the client id is required. Errors (exit 2) name the missing or bad
// setting and how to give it: kFailedPrecondition for a missing one, kInvalidArgument for a bad
// value.
Result<ConnectionSettings> ResolveConnectionSettings(const ConnectionFlags& flags,
                                                     const Getenv& getenv, bool need_app);

// What a connection command works with, built from the settings.
class ConnectionTools {
 public:
  // Reads the token key (TokenCipher::FromEnvironment), opens the token store and builds the OAuth
  // client (with `redirect_uri`, which only connect needs) and the token manager. Errors are
  // configuration errors (exit 2): kFailedPrecondition for a missing or bad key, saying how to
  // make one; the store's error when its directory cannot be made.
  // REQUIRES: environment.transport and environment.clock outlive the result.
  static Result<std::unique_ptr<ConnectionTools>> Open(const ConnectionSettings& settings,
                                                       std::string redirect_uri,
                                                       const CommandEnvironment& environment);

  xero::TokenStore& store() { return *store_; }
  xero::TokenManager& manager() { return manager_; }
  const xero::OAuthClient& oauth() const { return oauth_; }

 private:
  ConnectionTools(std::unique_ptr<const xero::TokenCipher> cipher,
                  std::unique_ptr<xero::TokenStore> store, xero::Transport& transport,
                  xero::XeroEndpoints endpoints, xero::OAuthApp app, const Clock& clock);

  const std::unique_ptr<const xero::TokenCipher> cipher_;  // the store keeps a reference to it
  const std::unique_ptr<xero::TokenStore> store_;
  const xero::OAuthClient oauth_;
  xero::TokenManager manager_;
};

// "in 29 minutes", "3 days ago": how far `when` is from `now`, for people.
std::string Relative(TimePoint when, TimePoint now);

// "Demo Company (NZ)  (tenant 7a3c...)"; "(no name)" when the name is not known.
std::string Organisation(std::string_view name, std::string_view tenant_id);

// ASCII case-insensitive equality (organisation names given on the command line).
bool EqualsIgnoringCase(std::string_view a, std::string_view b);

}  // namespace xerosync::cli
