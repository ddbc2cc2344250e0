#include "cli/connection_settings.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <string_view>
#include <utility>

#include "cli/sync_stack.h"

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

std::string ConnectionSettings::DatabasePath() const { return data_dir + "/xerosync.db"; }
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

ConnectionTools::ConnectionTools(std::unique_ptr<SyncStack> stack) : stack_(std::move(stack)) {}
ConnectionTools::~ConnectionTools() = default;

xero::TokenStore& ConnectionTools::store() { return stack_->tokens(); }
xero::TokenManager& ConnectionTools::manager() { return stack_->manager(); }
const xero::OAuthClient& ConnectionTools::oauth() const { return stack_->oauth(); }
store::Store& ConnectionTools::database() { return stack_->store(); }

std::string LegacyTokenNotice(const ConnectionSettings& settings) {
  std::error_code ignored;
  if (!std::filesystem::is_directory(settings.TokenDirectory(), ignored)) return "";
  return "note: " + settings.TokenDirectory() +
         " holds connections in the old layout, which xerosync no longer reads: tokens now live "
         "in " +
         settings.DatabasePath() + ". Connect those again with `xerosync connect`, then remove " +
         settings.TokenDirectory();
}

Result<std::unique_ptr<ConnectionTools>> ConnectionTools::Open(
    const ConnectionSettings& settings, std::string redirect_uri,
    const CommandEnvironment& environment) {
  SyncStackDependencies dependencies;
  dependencies.transport = environment.transport;
  dependencies.clock = environment.clock;
  dependencies.getenv = environment.getenv;
  dependencies.waiter = environment.waiter;
  dependencies.redirect_uri = std::move(redirect_uri);
  Result<std::unique_ptr<SyncStack>> stack = SyncStack::Open(settings, std::move(dependencies));
  if (!stack.ok()) return stack.status();
  if (const std::string notice = LegacyTokenNotice(settings);
      !notice.empty() && environment.err != nullptr) {
    *environment.err << notice << "\n";
  }
  return std::unique_ptr<ConnectionTools>(new ConnectionTools(std::move(*stack)));
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

}  // namespace xerosync::cli
