#include "cli/connect_command.h"

#include <algorithm>
#include <cctype>
#include <istream>
#include <mutex>
#include <ostream>
#include <set>
#include <sstream>

#include "cli/redirect_receiver.h"
#include "cli/sync_stack.h"
#include "domain/ids.h"
#include "store/store.h"
#include "sync/engine.h"

namespace xerosync::cli {
namespace {

using Query = RedirectReceiver::Query;
using Page = RedirectReceiver::Page;

std::string Get(const Query& query, std::string_view name) {
  for (const auto& [key, value] : query) {
    if (key == name) return value;
  }
  return "";
}

// What came back from the browser, shared by the receiver's thread and the command's.
struct Flow {
  std::mutex mu;
  // Set before the authorize URL is printed.
  ConnectionTools* tools = nullptr;  // GUARDED_BY(mu)
  std::string connection;            // GUARDED_BY(mu)
  xero::AuthorizeStart start;        // GUARDED_BY(mu)
  // The outcome, once the redirect has been handled.
  bool done = false;                                // GUARDED_BY(mu)
  Status status;                                    // GUARDED_BY(mu)
  std::vector<xero::XeroConnection> organisations;  // GUARDED_BY(mu)
};

std::string PageHtml(std::string_view title, std::string_view body_html) {
  return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>xerosync: " +
         HtmlEscape(title) +
         "</title><style>body{font-family:system-ui,sans-serif;margin:3em auto;max-width:40em;"
         "padding:0 1em;line-height:1.5}</style></head><body><main><h1>" +
         HtmlEscape(title) + "</h1>" + std::string(body_html) + "</main></body></html>";
}

Page ErrorPage(const Status& status) {
  return {400, PageHtml("Not connected", "<p>" + HtmlEscape(status.message()) +
                                             "</p><p>Nothing was stored. You can close this tab "
                                             "and return to the terminal.</p>")};
}

// `text` with control characters replaced: it came from a URL and goes to a terminal.
std::string Printable(std::string text) {
  for (char& c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  }
  return text;
}

// Xero's error= answer, in words that say what to do.
Status AuthorizeError(const std::string& error, const std::string& description) {
  const std::string detail = Printable(description.empty() ? error : error + ": " + description);
  if (error == "access_denied") {
    return PermissionDeniedError("access was not granted on Xero's consent page (" + detail +
                                 "); run xerosync connect again to retry");
  }
  if (error == "invalid_scope" || error == "unauthorized_client") {
    return PermissionDeniedError("Xero refused the scopes asked for (" + detail +
                                 "): apps created since March 2026 must use --scopes granular "
                                 "(the default); older apps may use either");
  }
  return InvalidArgumentError("Xero refused the authorization (" + detail + ")");
}

// The code exchange's failure, in words that say what to do.
Status ExchangeError(const Status& status) {
  switch (status.code()) {
    case StatusCode::kPermissionDenied:
      return PermissionDeniedError(
          "Xero refused the app's credentials (" + status.message() +
          "): check the client id and XEROSYNC_XERO_CLIENT_SECRET (unset for a PKCE app)");
    case StatusCode::kUnauthenticated:
      return UnauthenticatedError("Xero refused the authorization code (" + status.message() +
                                  "): it expired or was used already; run xerosync connect again");
    case StatusCode::kUnavailable:
      return UnavailableError("Xero did not answer the code exchange (" + status.message() +
                              "); a code works once: run xerosync connect again");
    default:
      return status.WithContext("connecting");
  }
}

// The receiver's handler: checks the redirect, exchanges its code, and says how it went.
Page OnRedirect(Flow& flow, const Query& query) {
  std::lock_guard lock(flow.mu);
  flow.done = true;
  if (flow.tools == nullptr || Get(query, "state") != flow.start.state) {
    flow.status = PermissionDeniedError(
        "the redirect's state does not match this sign-in (it belongs to another sign-in, or was "
        "forged); nothing was stored: run xerosync connect again and use the address it prints");
    return ErrorPage(flow.status);
  }
  if (const std::string error = Get(query, "error"); !error.empty()) {
    flow.status = AuthorizeError(error, Get(query, "error_description"));
    return ErrorPage(flow.status);
  }
  const std::string code = Get(query, "code");
  if (code.empty()) {
    flow.status = InvalidArgumentError("Xero's redirect carried no authorization code");
    return ErrorPage(flow.status);
  }
  Result<std::vector<xero::XeroConnection>> connected =
      flow.tools->manager().Connect(flow.connection, code, flow.start.code_verifier);
  if (!connected.ok()) {
    flow.status = ExchangeError(connected.status());
    return ErrorPage(flow.status);
  }
  if (connected->empty()) {
    flow.status = FailedPreconditionError(
        "no organisation was chosen on Xero's consent page; run xerosync connect again and tick "
        "at least one");
    return ErrorPage(flow.status);
  }
  flow.status = OkStatus();
  flow.organisations = *connected;
  std::string list = "<ul>";
  for (const xero::XeroConnection& c : flow.organisations) {
    list += "<li>" + HtmlEscape(c.tenant_name) + "</li>";
  }
  return {200, PageHtml("Connected to Xero",
                        "<p>xerosync is connected to:</p>" + list +
                            "</ul><p>You can close this tab and return to the terminal.</p>")};
}

std::string Describe(const xero::XeroConnection& c) {
  return Organisation(c.tenant_name, c.tenant_id);
}

// The positions of `wanted` (tenant ids or names) among `organisations`; kNotFound naming the
// first that is not there.
Result<std::set<std::size_t>> Match(const std::vector<std::string>& wanted,
                                    const std::vector<xero::XeroConnection>& organisations) {
  std::set<std::size_t> keep;
  for (const std::string& w : wanted) {
    const auto it = std::ranges::find_if(organisations, [&](const xero::XeroConnection& c) {
      return c.tenant_id == w || EqualsIgnoringCase(c.tenant_name, w);
    });
    if (it == organisations.end()) {
      return NotFoundError("--tenant " + w + " is not among the organisations connected");
    }
    keep.insert(static_cast<std::size_t>(it - organisations.begin()));
  }
  return keep;
}

// "1 3", "1,3", "all" or "" (all): the positions chosen, or nullopt when the answer is not one.
std::optional<std::set<std::size_t>> ParseChoice(const std::string& answer, std::size_t count) {
  std::string text = answer;
  std::ranges::replace(text, ',', ' ');
  std::istringstream words(text);
  std::set<std::size_t> chosen;
  for (std::string word; words >> word;) {
    if (EqualsIgnoringCase(word, "all")) {
      for (std::size_t i = 0; i < count; ++i) chosen.insert(i);
      continue;
    }
    if (!std::ranges::all_of(word,
                             [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }) ||
        word.size() > 4) {
      return std::nullopt;
    }
    const std::size_t n = std::stoul(word);
    if (n < 1 || n > count) return std::nullopt;
    chosen.insert(n - 1);
  }
  if (chosen.empty()) {
    for (std::size_t i = 0; i < count; ++i) chosen.insert(i);
  }
  return chosen;
}

std::set<std::size_t> Prompt(std::size_t count, std::istream& in, std::ostream& out) {
  for (;;) {
    out << "Keep which organisations? Numbers separated by spaces, or 'all' [all]: " << std::flush;
    std::string answer;
    if (!std::getline(in, answer)) {
      out << "\n";
      return *ParseChoice("", count);
    }
    if (std::optional<std::set<std::size_t>> chosen = ParseChoice(answer, count)) return *chosen;
    out << "Please answer with numbers from 1 to " << count << ", or 'all'.\n";
  }
}

std::string Words(std::chrono::milliseconds duration) {
  const int64_t ms = duration.count();
  if (ms % 60'000 == 0) return std::to_string(ms / 60'000) + " minute(s)";
  if (ms % 1'000 == 0) return std::to_string(ms / 1'000) + " second(s)";
  return std::to_string(ms) + " ms";
}

}  // namespace

int RunConnect(const ConnectOptions& options, const CommandEnvironment& environment) {
  std::ostream& out = *environment.out;
  std::ostream& err = *environment.err;
  const auto fail = [&](const Status& status, int exit_status) {
    err << "xerosync connect: " << status.message() << "\n";
    return exit_status;
  };

  Result<ConnectionSettings> settings =
      ResolveConnectionSettings(options.connection, environment.getenv, /*need_app=*/true);
  if (!settings.ok()) return fail(settings.status(), kExitBadUsage);
  RedirectTarget target{"", "localhost", options.redirect_port, "/callback"};
  if (!options.redirect_uri.empty()) {
    Result<RedirectTarget> parsed = ParseRedirectUri(options.redirect_uri);
    if (!parsed.ok()) return fail(parsed.status(), kExitBadUsage);
    target = std::move(*parsed);
  }

  Flow flow;
  Result<std::unique_ptr<RedirectReceiver>> receiver = RedirectReceiver::Start(
      target, [&flow](const Query& query) { return OnRedirect(flow, query); });
  if (!receiver.ok()) return fail(receiver.status(), kExitFailed);
  if (target.uri.empty()) target.uri = LoopbackRedirectUri((*receiver)->port());

  Result<std::unique_ptr<ConnectionTools>> tools =
      ConnectionTools::Open(*settings, target.uri, environment);
  if (!tools.ok()) return fail(tools.status(), kExitBadUsage);
  std::string authorize_url;
  {
    std::lock_guard lock(flow.mu);
    flow.tools = tools->get();
    flow.connection = settings->connection;
    flow.start = (*tools)->oauth().StartAuthorize();
    authorize_url = flow.start.url;
  }

  out << "Open this address in your browser to connect xerosync to Xero:\n\n  " << authorize_url
      << "\n\nChoose the organisations on Xero's page. Waiting up to " << Words(options.timeout)
      << " for Xero to send the browser back to " << target.uri << " ...\n"
      << std::flush;
  if (environment.open_browser) environment.open_browser(authorize_url);

  if (!(*receiver)->WaitForRedirect(options.timeout)) {
    receiver->reset();  // stops listening; waits for a redirect being handled right now
  }
  std::vector<xero::XeroConnection> organisations;
  {
    std::lock_guard lock(flow.mu);
    if (!flow.done) {
      return fail(
          DeadlineExceededError("the browser did not come back within " + Words(options.timeout) +
                                "; nothing was stored: run xerosync connect again"),
          kExitFailed);
    }
    if (!flow.status.ok()) return fail(flow.status, kExitFailed);
    organisations = flow.organisations;
  }

  out << "Connected '" << settings->connection << "' to " << organisations.size()
      << " organisation(s):\n";
  for (std::size_t i = 0; i < organisations.size(); ++i) {
    out << "  " << i + 1 << ". " << Describe(organisations[i]) << "\n";
  }

  std::set<std::size_t> keep;
  if (!options.tenants.empty()) {
    Result<std::set<std::size_t>> matched = Match(options.tenants, organisations);
    if (!matched.ok()) {
      return fail(NotFoundError(matched.status().message() +
                                "; nothing was disconnected: keep or drop organisations with "
                                "xerosync disconnect --connection " +
                                settings->connection + " --tenant ID"),
                  kExitFailed);
    }
    keep = std::move(*matched);
  } else if (environment.stdin_is_terminal && environment.in != nullptr &&
             organisations.size() > 1) {
    keep = Prompt(organisations.size(), *environment.in, out);
  } else {
    for (std::size_t i = 0; i < organisations.size(); ++i) keep.insert(i);
  }

  for (std::size_t i = 0; i < organisations.size(); ++i) {
    if (keep.contains(i)) continue;
    const Status dropped =
        (*tools)->manager().Disconnect(settings->connection, organisations[i].tenant_id);
    if (!dropped.ok()) {
      return fail(dropped.WithContext("disconnecting " + Describe(organisations[i])), kExitFailed);
    }
    out << "Disconnected " << Describe(organisations[i]) << "\n";
  }
  // The kept organisations are what the engine syncs; a reconnected one gets this connection (its
  // paused documents resume at its next run).
  for (const std::size_t i : keep) {
    const Status registered =
        (*tools)->database().UpsertOrganisation(domain::TenantId(organisations[i].tenant_id),
                                                settings->connection, organisations[i].tenant_name);
    if (!registered.ok()) {
      return fail(registered.WithContext("registering " + Describe(organisations[i])), kExitFailed);
    }
  }
  out << "Kept " << keep.size() << " organisation(s) under '" << settings->connection
      << "'; the tokens are stored encrypted in " << settings->DatabasePath()
      << ". See them with: xerosync connections\n";
  // The settings the pre-flight checks read, cached now (docs/errors.md): a reconnect after a
  // change in Xero re-queues what the change fixed. A failure here is not the connection's: the
  // first sync reads them again.
  for (const std::size_t i : keep) {
    const domain::TenantId tenant(organisations[i].tenant_id);
    Result<sync::SettingsRefresh> refreshed = (*tools)->stack().engine().RefreshSettingsNow(tenant);
    if (!refreshed.ok()) {
      err << "xerosync connect: could not read the settings of " << Describe(organisations[i])
          << " yet (" << refreshed.status().message() << "); the first sync reads them\n";
      continue;
    }
    out << "Read the Xero settings of " << Describe(organisations[i]);
    if (refreshed->released > 0) {
      out << "; " << refreshed->released << " failed document(s) re-queued";
    }
    out << "\n";
    for (const store::ErrorReport& warning : refreshed->warnings) {
      out << "  warning [" << warning.code << "] " << warning.message << "\n";
    }
  }
  return kExitOk;
}

}  // namespace xerosync::cli
