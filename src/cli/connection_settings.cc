#include "cli/connection_settings.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <string_view>
#include <utility>

namespace xerosync::cli {
namespace {

// The flag's value, else the variable's, else "".
std::string FlagOrEnv(const std::string& flag, const Getenv& getenv, const char* variable) {
  if (!flag.empty()) return flag;
  const char* value = getenv(variable);
  return value != nullptr ? std::string(value) : std::string();
}

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

}  // namespace

std::string ConnectionSettings::TokenDirectory() const { return data_dir + "/tokens"; }

Result<ConnectionSettings> ResolveConnectionSettings(const ConnectionFlags& flags,
                                                     const Getenv& getenv, bool need_app) {
  ConnectionSettings settings;
  settings.client_id = FlagOrEnv(flags.client_id, getenv, "XEROSYNC_XERO_CLIENT_ID");
  if (need_app && settings.client_id.empty()) {
    return FailedPreconditionError(
        "no Xero app: give its client id with --client-id or XEROSYNC_XERO_CLIENT_ID (from the "
        "app's page at developer.xero.com; set XEROSYNC_XERO_CLIENT_SECRET too unless it is an "
        "\"Auth Code with PKCE\" app)");
  }
  // The secret only from the environment: a command line is visible to every user of the machine.
  settings.client_secret = FlagOrEnv("", getenv, "XEROSYNC_XERO_CLIENT_SECRET");

  const std::string scopes = FlagOrEnv(flags.scopes, getenv, "XEROSYNC_XERO_SCOPES");
  if (scopes.empty() || scopes == "granular") {
    settings.scope_set = xero::ScopeSet::kGranular;
  } else if (scopes == "broad") {
    settings.scope_set = xero::ScopeSet::kBroad;
  } else {
    return InvalidArgumentError(
        "--scopes must be 'granular' (apps created since March 2026) or "
        "'broad' (older apps); it is '" +
        scopes + "'");
  }

  std::string base = FlagOrEnv(flags.xero_url, getenv, "XEROSYNC_XERO_URL");
  if (!base.empty()) {
    while (!base.empty() && base.back() == '/') base.pop_back();
    const bool http = StartsWith(base, "http://");
    if ((!http && !StartsWith(base, "https://")) || base.size() == (http ? 7u : 8u)) {
      return InvalidArgumentError(
          "--xero-url must be an http:// or https:// address such as "
          "http://127.0.0.1:8765 (the emulator); it is '" +
          base + "'");
    }
    settings.endpoints = xero::XeroEndpoints::AllAt(base);
  }

  settings.data_dir = FlagOrEnv(flags.data_dir, getenv, "XEROSYNC_DATA_DIR");
  if (settings.data_dir.empty()) settings.data_dir = kDefaultDataDir;

  settings.connection = flags.connection;
  if (Status valid = xero::ValidateConnectionId(settings.connection); !valid.ok()) {
    return InvalidArgumentError("--connection '" + settings.connection +
                                "': a connection name is 1 to 128 letters, digits, '-' or '_'");
  }
  return settings;
}

ConnectionTools::ConnectionTools(std::unique_ptr<const xero::TokenCipher> cipher,
                                 std::unique_ptr<xero::TokenStore> store,
                                 xero::Transport& transport, xero::XeroEndpoints endpoints,
                                 xero::OAuthApp app, const Clock& clock)
    : cipher_(std::move(cipher)),
      store_(std::move(store)),
      oauth_(transport, std::move(endpoints), std::move(app)),
      manager_(oauth_, *store_, clock) {}

Result<std::unique_ptr<ConnectionTools>> ConnectionTools::Open(
    const ConnectionSettings& settings, std::string redirect_uri,
    const CommandEnvironment& environment) {
  Result<xero::TokenCipher> cipher = xero::TokenCipher::FromEnvironment(environment.getenv);
  if (!cipher.ok()) {
    return FailedPreconditionError(
        cipher.status().message() +
        ". Tokens are stored encrypted: make a key once with `head -c 32 /dev/urandom | base64` "
        "and keep it safe (without it the stored connections cannot be read)");
  }
  // The store makes its own directory (0700), not the data directory above it.
  std::error_code made;
  std::filesystem::create_directories(settings.data_dir, made);
  if (made) {
    return FailedPreconditionError("cannot create the data directory " + settings.data_dir + ": " +
                                   made.message() + " (choose another with --data-dir)");
  }
  auto owned_cipher = std::make_unique<const xero::TokenCipher>(std::move(*cipher));
  xero::FileTokenStoreOptions store_options;
  store_options.directory = settings.TokenDirectory();
  Result<std::unique_ptr<xero::TokenStore>> store =
      xero::NewFileTokenStore(std::move(store_options), *owned_cipher);
  if (!store.ok())
    return store.status().WithContext("the token store " + settings.TokenDirectory());

  xero::OAuthApp app;
  app.client_id = settings.client_id;
  app.client_secret = settings.client_secret;
  app.redirect_uri = std::move(redirect_uri);
  app.scopes = xero::ScopesFor(settings.scope_set);
  return std::unique_ptr<ConnectionTools>(
      new ConnectionTools(std::move(owned_cipher), std::move(*store), *environment.transport,
                          settings.endpoints, std::move(app), *environment.clock));
}

std::string Relative(TimePoint when, TimePoint now) {
  using std::chrono::duration_cast;
  const bool future = when >= now;
  const auto seconds =
      duration_cast<std::chrono::seconds>(future ? when - now : now - when).count();
  std::string amount;
  if (seconds < 120) {
    amount = std::to_string(seconds) + (seconds == 1 ? " second" : " seconds");
  } else if (seconds < int64_t{2} * 3600) {
    amount = std::to_string(seconds / 60) + " minutes";
  } else if (seconds < int64_t{2} * 86400) {
    amount = std::to_string(seconds / 3600) + " hours";
  } else {
    amount = std::to_string(seconds / 86400) + " days";
  }
  return future ? "in " + amount : amount + " ago";
}

std::string Organisation(std::string_view name, std::string_view tenant_id) {
  return (name.empty() ? std::string("(no name)") : std::string(name)) + "  (tenant " +
         std::string(tenant_id) + ")";
}

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  return std::ranges::equal(a, b, [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

}  // namespace xerosync::cli
