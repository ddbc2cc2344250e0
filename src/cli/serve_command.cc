#include "cli/serve_command.h"

#include <arpa/inet.h>
#include <pthread.h>

#include <condition_variable>
#include <csignal>
#include <memory>
#include <mutex>
#include <ostream>
#include <thread>
#include <utility>

#include "access/access.h"
#include "access/routes.h"
#include "access/secrets.h"
#include "api/api.h"
#include "api/connection_routes.h"
#include "api/settings_routes.h"
#include "cli/sync_commands.h"
#include "console/console.h"
#include "cli/sync_stack.h"
#include "http/http.h"
#include "notify/deliverer.h"
#include "observe/metrics.h"
#include "sync/scheduler.h"

namespace xerosync::cli {
namespace {

bool IsLoopback(const std::string& host) {
  in_addr v4{};
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1) {
    return (ntohl(v4.s_addr) >> 24) == 127;  // 127.0.0.0/8
  }
  in6_addr v6{};
  return inet_pton(AF_INET6, host.c_str(), &v6) == 1 && IN6_IS_ADDR_LOOPBACK(&v6);
}

// The service's periodic chores on a thread of their own, every `every` until stopped: outbound
// webhooks due (notify/deliverer.h) and the sweep of ended sessions. Failures are reported on
// `err` once per kind until they clear, never with a secret in them.
class Housekeeping {
 public:
  Housekeeping(access::Access& access, notify::WebhookDeliverer& deliverer, std::ostream& err,
               Duration every)
      : access_(access), deliverer_(deliverer), err_(err), every_(every) {
    thread_ = std::thread([this] { Loop(); });
  }
  ~Housekeeping() {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }
  Housekeeping(const Housekeeping&) = delete;
  Housekeeping& operator=(const Housekeeping&) = delete;

 private:
  void Loop() {
    std::unique_lock lock(mu_);
    while (!stopping_) {
      lock.unlock();
      Report("webhook delivery", deliverer_.DeliverDue().status(), webhooks_failing_);
      Report("session sweep", access_.SweepSessions().status(), sweep_failing_);
      lock.lock();
      wake_.wait_for(lock, every_, [this] { return stopping_; });
    }
  }
  void Report(std::string_view what, const Status& status, bool& failing) {
    if (status.ok()) {
      failing = false;
    } else if (!failing) {
      failing = true;
      err_ << "xerosync serve: " << what << ": " << status.message() << "\n" << std::flush;
    }
  }

  access::Access& access_;
  notify::WebhookDeliverer& deliverer_;
  std::ostream& err_;
  const Duration every_;
  bool webhooks_failing_ = false;  // only the housekeeping thread touches these two
  bool sweep_failing_ = false;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;  // GUARDED_BY(mu_)
  std::thread thread_;
};

}  // namespace

Result<ListenAddress> ParseListen(std::string_view text) {
  const auto bad = [&](const std::string& why) {
    return InvalidArgumentError("--listen '" + std::string(text) + "': " + why +
                                " (write HOST:PORT, e.g. 127.0.0.1:8080 or [::1]:8080)");
  };
  std::string host;
  std::string_view port_text;
  if (text.starts_with('[')) {
    const std::size_t close = text.find("]:");
    if (close == std::string_view::npos) return bad("an IPv6 address needs ]:PORT after it");
    host = std::string(text.substr(1, close - 1));
    port_text = text.substr(close + 2);
  } else {
    const std::size_t colon = text.rfind(':');
    if (colon == std::string_view::npos) return bad("no port");
    host = std::string(text.substr(0, colon));
    port_text = text.substr(colon + 1);
  }
  if (host == "localhost") host = "127.0.0.1";
  in_addr v4{};
  in6_addr v6{};
  if (inet_pton(AF_INET, host.c_str(), &v4) != 1 && inet_pton(AF_INET6, host.c_str(), &v6) != 1) {
    return bad("'" + host + "' is not an IP address");
  }
  if (port_text.empty() || port_text.size() > 5) return bad("the port must be 0 to 65535");
  int port = 0;
  for (const char c : port_text) {
    if (c < '0' || c > '9') return bad("the port must be 0 to 65535");
    port = port * 10 + (c - '0');
  }
  if (port > 65535) return bad("the port must be 0 to 65535");
  return ListenAddress{host, static_cast<uint16_t>(port), IsLoopback(host)};
}

int RunServe(const ServeOptions& options, const CommandEnvironment& environment,
             const std::function<void(uint16_t port)>& until_stopped) {
  std::ostream& out = *environment.out;
  std::ostream& err = *environment.err;
  Result<ListenAddress> address = ParseListen(options.listen);
  if (!address.ok()) {
    err << "xerosync serve: " << address.status().message() << "\n";
    return kExitBadUsage;
  }
  if (!address->loopback && !options.allow_non_loopback) {
    err << "xerosync serve: refusing to listen on " << address->host
        << ", which is not a loopback address: xerosync speaks plain HTTP, so passwords, session "
           "cookies and API keys would cross the network readable. Listen on 127.0.0.1 behind a "
           "TLS proxy, or give --allow-non-loopback if you mean it.\n";
    return kExitBadUsage;
  }
  // SIGINT and SIGTERM are blocked before any thread starts, so that every thread inherits the
  // mask and the signal is taken by sigwait below, not delivered to a worker mid-run.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  if (!until_stopped) pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  int exit_status = kExitOk;
  std::unique_ptr<ConnectionTools> tools =
      OpenSyncTools(options.connection, /*need_app=*/true, environment, "serve", exit_status,
                    /*may_create=*/true);
  if (tools == nullptr) return exit_status;
  SyncStack& stack = tools->stack();

  sync::Scheduler scheduler(stack.engine(), stack.store(), *environment.clock,
                            {.interval = options.interval, .debounce = std::chrono::seconds(5)});
  if (Status loaded = scheduler.Load(); !loaded.ok()) {
    err << "xerosync serve: " << loaded.message() << "\n";
    return kExitFailed;
  }
  // The interval set in the console (api/settings_routes.h) outlives a restart.
  if (Status applied = api::ApplyStoredSyncInterval(stack.store(), scheduler); !applied.ok()) {
    err << "xerosync serve: " << applied.message() << "\n";
    return kExitFailed;
  }
  access::Access access(stack.store(), *environment.clock, access::SystemRandom(),
                        {.password = options.password});
  // The first admin's password is shown here, once, to whoever installs; it is never logged.
  Result<std::optional<access::Credentials>> first_admin = access::EnsureFirstAdmin(
      stack.store(), *environment.clock, access::SystemRandom(), options.password);
  if (!first_admin.ok()) {
    err << "xerosync serve: " << first_admin.status().message() << "\n";
    return kExitFailed;
  }
  notify::WebhookDeliverer deliverer(stack.store(), stack.cipher(), *environment.clock,
                                     {.owner = ProcessOwner("deliverer")});
  api::ApiContext context{.store = stack.store(),
                          .engine = stack.engine(),
                          .clock = *environment.clock,
                          .scheduler = &scheduler,
                          .access = &access,
                          .max_body_bytes = 8u << 20,
                          .max_documents = 1000};
  // Connect, reconnect and disconnect in the browser (api/connection_routes.h). Xero sends the
  // browser back to XEROSYNC_REDIRECT_URI, else to this server's own callback once it listens.
  Result<ConnectionSettings> settings =
      ResolveConnectionSettings(options.connection, environment.getenv, /*need_app=*/true);
  if (!settings.ok()) {
    err << "xerosync serve: " << settings.status().message() << "\n";
    return kExitBadUsage;
  }
  const char* configured_redirect = environment.getenv("XEROSYNC_REDIRECT_URI");
  api::Connector connector(*environment.transport, settings->endpoints, stack.oauth().app(),
                           stack.tokens(), *environment.clock, access::SystemRandom(),
                           {.connection_id = settings->connection});
  if (configured_redirect != nullptr && *configured_redirect != '\0') {
    connector.SetRedirectUri(configured_redirect);
  }
  context.connector = &connector;
  // The Xero links of the document and error JSON: Xero's deep links, or the emulator's reads.
  context.xero_api_base = settings->endpoints.api;
  context.cipher = &stack.cipher();  // the webhook's secret, sealed (api/webhook_routes.h)
  http::Router router;
  api::AddApiRoutes(router, context);
  access::AddAccessRoutes(router, access);
  // For a scraper on the same machine, as /healthz: figures, no documents or secrets.
  router.Add("GET", "/metrics", [&stack](http::Request&) {
    return observe::MetricsResponse(
        {.store = &stack.store(), .budget = &stack.budget(), .client = &stack.client()});
  });
  console::AddConsoleRoutes(router);
  http::ServerOptions server_options;
  server_options.host = address->host;
  server_options.port = address->port;
  server_options.threads = std::max(1, options.http_threads);
  // Up to twice the limit the API answers 413 itself, as JSON; beyond that the server does.
  server_options.max_body_bytes = 2 * context.max_body_bytes;
  Result<std::unique_ptr<http::Server>> server =
      http::Server::Start(server_options, api::ApiHandler(router));
  if (!server.ok()) {
    err << "xerosync serve: cannot listen on " << options.listen << ": "
        << server.status().message() << "\n";
    return kExitFailed;
  }
  if (options.sync_workers > 0) scheduler.Start(options.sync_workers);
  const uint16_t port = (*server)->port();
  const std::string shown = address->host.find(':') != std::string::npos
                                ? "[" + address->host + "]:" + std::to_string(port)
                                : address->host + ":" + std::to_string(port);
  if (configured_redirect == nullptr || *configured_redirect == '\0') {
    connector.SetRedirectUri("http://" + shown + "/api/v1/connection/callback");
  }
  if (first_admin->has_value()) {
    out << "xerosync serve: first run: sign in as " << (*first_admin)->name << " with password "
        << (*first_admin)->password
        << " (shown this once; change it in the console under Settings)\n";
  }
  out << "xerosync serve: listening on http://" << shown << " (console at http://" << shown
      << "/, API under /api/v1, metrics at /metrics; Ctrl-C stops)\n"
      << std::flush;
  std::optional<Housekeeping> housekeeping;
  housekeeping.emplace(access, deliverer, err, options.housekeeping_every);

  if (until_stopped) {
    until_stopped(port);
  } else {
    int signal = 0;
    sigwait(&stop_signals, &signal);
    out << "xerosync serve: " << (signal == SIGINT ? "SIGINT" : "SIGTERM")
        << " received, stopping\n";
  }
  (*server)->Stop();     // no new requests; waits for running handlers
  scheduler.Stop();      // workers finish their current run
  housekeeping.reset();  // its current delivery finishes
  out << "xerosync serve: stopped\n" << std::flush;
  return kExitOk;
}

}  // namespace xerosync::cli
