#pragma once
// The sync stack built from the settings, in one place for every command that reaches Xero or the
// store (`xerosync connect`, `sync`, `status`, `errors`, `import`, and the later `serve`): the
// SQLite store at <data-dir>/xerosync.db, the Xero tokens kept in it (sealed with the TokenCipher,
// sync/store_token_store.h), the OAuth client, the token manager, the rate budget, the Xero client
// and the sync engine.
//
//   ASSIGN_OR_RETURN(std::unique_ptr<SyncStack> stack,
//                    SyncStack::Open(settings, {.transport = &curl, .clock = &RealClock(),
//                                               .getenv = getenv}));
//   stack->engine().RunOnce(tenant, store::RunTrigger::kManual);
//
// No stream I/O: errors are Statuses whose messages say what to do; the caller prints them.
//
// Thread safety: the parts are thread-safe as their own headers say; Open is a plain function.

#include <functional>
#include <memory>
#include <string>

#include "cli/connection_settings.h"
#include "core/clock.h"
#include "core/result.h"
#include "store/store.h"
#include "sync/engine.h"
#include "xero/client.h"
#include "xero/oauth.h"
#include "xero/rate_budget.h"
#include "xero/token_cipher.h"
#include "xero/token_manager.h"
#include "xero/token_store.h"
#include "xero/transport.h"

namespace xerosync::cli {

// What the stack is built on, injected.
struct SyncStackDependencies {
  xero::Transport* transport = nullptr;  // to Xero; REQUIRED
  const Clock* clock = nullptr;          // REQUIRED
  Getenv getenv;                         // the token key's variables; REQUIRED
  // How a call waits for the rate budget; nullptr: sleeps on `clock` (production). Tests advance a
  // fake clock.
  xero::Waiter* waiter = nullptr;
  std::string redirect_uri;  // the OAuth app's; only `xerosync connect` needs one
  sync::EngineOptions engine;
};

class SyncStack {
 public:
  // Reads the token key (TokenCipher::FromEnvironment), makes the data directory (0700) when
  // missing, opens the store and builds the rest. Errors are configuration errors:
  // kFailedPrecondition for a missing or bad key (saying how to make one) or a data directory that
  // cannot be made; the store's own error (kUnavailable, kDataLoss, ...) with the database's path.
  // REQUIRES: the dependencies' pointers outlive the result.
  static Result<std::unique_ptr<SyncStack>> Open(const ConnectionSettings& settings,
                                                 SyncStackDependencies dependencies);
  ~SyncStack();
  SyncStack(const SyncStack&) = delete;
  SyncStack& operator=(const SyncStack&) = delete;

  store::Store& store() { return *store_; }
  // Seals secrets at rest: the Xero tokens, and the webhook secret (notify/).
  const xero::TokenCipher& cipher() const { return *cipher_; }
  xero::TokenStore& tokens() { return *tokens_; }
  const xero::OAuthClient& oauth() const { return *oauth_; }
  xero::TokenManager& manager() { return *manager_; }
  xero::RateBudget& budget() { return *budget_; }
  xero::XeroClient& client() { return *client_; }
  sync::Engine& engine() { return *engine_; }
  const Clock& clock() const { return clock_; }

 private:
  explicit SyncStack(const Clock& clock) : clock_(clock) {}

  const Clock& clock_;
  // Declared in build order; destroyed in reverse (each refers to those above it).
  std::unique_ptr<const xero::TokenCipher> cipher_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<xero::TokenStore> tokens_;
  std::unique_ptr<xero::OAuthClient> oauth_;
  std::unique_ptr<xero::TokenManager> manager_;
  std::unique_ptr<xero::RateBudget> budget_;
  std::unique_ptr<xero::Waiter> own_waiter_;
  std::unique_ptr<xero::XeroClient> client_;
  std::unique_ptr<sync::Engine> engine_;
};

// A lease owner unique to this process ("cli-<host>-<pid>"), for the token lock and the engine.
std::string ProcessOwner(std::string_view role);

}  // namespace xerosync::cli
