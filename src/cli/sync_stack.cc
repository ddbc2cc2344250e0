#include "cli/sync_stack.h"

#include <unistd.h>

#include <array>
#include <filesystem>
#include <utility>

#include "store/sqlite_store.h"
#include "sync/store_token_store.h"

namespace xerosync::cli {

std::string ProcessOwner(std::string_view role) {
  std::array<char, 256> host{};
  if (gethostname(host.data(), host.size() - 1) != 0) host[0] = '\0';
  return std::string(role) + "-" + host.data() + "-" + std::to_string(getpid());
}

SyncStack::~SyncStack() = default;

Result<std::unique_ptr<SyncStack>> SyncStack::Open(const ConnectionSettings& settings,
                                                   SyncStackDependencies dependencies) {
  Result<xero::TokenCipher> cipher = xero::TokenCipher::FromEnvironment(dependencies.getenv);
  if (!cipher.ok()) {
    return FailedPreconditionError(
        cipher.status().message() +
        ". Tokens are stored encrypted: make a key once with `head -c 32 /dev/urandom | base64` "
        "and keep it safe (without it the stored connections cannot be read)");
  }
  // The database holds the business documents and the sealed tokens: the directory is the owner's
  // alone when xerosync makes it (an existing one is left as its owner set it up).
  std::error_code failed;
  const bool made = std::filesystem::create_directories(settings.data_dir, failed);
  if (failed) {
    return FailedPreconditionError("cannot create the data directory " + settings.data_dir + ": " +
                                   failed.message() + " (choose another with --data-dir)");
  }
  if (made) {
    std::filesystem::permissions(settings.data_dir, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::replace, failed);
  }

  auto stack = std::unique_ptr<SyncStack>(new SyncStack(*dependencies.clock));
  stack->cipher_ = std::make_unique<const xero::TokenCipher>(std::move(*cipher));
  store::SqliteStoreOptions store_options;
  store_options.path = settings.DatabasePath();
  Result<std::unique_ptr<store::Store>> store = store::OpenSqliteStore(store_options);
  if (!store.ok()) return store.status().WithContext("the database " + settings.DatabasePath());
  stack->store_ = std::move(*store);
  stack->tokens_ = sync::NewStoreTokenStore(
      *stack->store_, *stack->cipher_, *dependencies.clock,
      {.owner = ProcessOwner("tokens"), .lock_ttl = std::chrono::seconds(60), .pause = {}});

  xero::OAuthApp app;
  app.client_id = settings.client_id;
  app.client_secret = settings.client_secret;
  app.redirect_uri = std::move(dependencies.redirect_uri);
  app.scopes = xero::ScopesFor(settings.scope_set);
  stack->oauth_ = std::make_unique<xero::OAuthClient>(*dependencies.transport, settings.endpoints,
                                                      std::move(app));
  stack->manager_ =
      std::make_unique<xero::TokenManager>(*stack->oauth_, *stack->tokens_, *dependencies.clock);
  stack->budget_ = std::make_unique<xero::RateBudget>(*dependencies.clock);
  xero::Waiter* waiter = dependencies.waiter;
  if (waiter == nullptr) {
    stack->own_waiter_ = std::make_unique<xero::SleepingWaiter>(*dependencies.clock);
    waiter = stack->own_waiter_.get();
  }
  stack->client_ = std::make_unique<xero::XeroClient>(*dependencies.transport, *stack->manager_,
                                                      *stack->budget_, *waiter, settings.endpoints);
  stack->engine_ = std::make_unique<sync::Engine>(*stack->store_, *stack->client_,
                                                  *dependencies.clock, dependencies.engine);
  return stack;
}

}  // namespace xerosync::cli
