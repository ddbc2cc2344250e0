#include "cli/serve_command.h"

#include <arpa/inet.h>
#include <pthread.h>

#include <csignal>
#include <memory>
#include <ostream>
#include <utility>

#include "access/secrets.h"
#include "api/api.h"
#include "api/connection_routes.h"
#include "cli/sync_commands.h"
#include "cli/sync_stack.h"
#include "http/http.h"
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
        << ", which is not a loopback address: the API speaks plain HTTP and has no access "
           "control yet, so anyone who can reach it could push documents and act on errors. "
           "Listen on 127.0.0.1 behind a TLS proxy that authenticates, or give "
           "--allow-non-loopback if you mean it.\n";
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
      OpenSyncTools(options.connection, /*need_app=*/true, environment, "serve", exit_status);
  if (tools == nullptr) return exit_status;
  SyncStack& stack = tools->stack();

  sync::Scheduler scheduler(stack.engine(), stack.store(), *environment.clock,
                            {.interval = options.interval, .debounce = std::chrono::seconds(5)});
  if (Status loaded = scheduler.Load(); !loaded.ok()) {
    err << "xerosync serve: " << loaded.message() << "\n";
    return kExitFailed;
  }
  api::ApiContext context{.store = stack.store(),
                          .engine = stack.engine(),
                          .clock = *environment.clock,
                          .scheduler = &scheduler,
                          .authenticate = {},
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
  http::Router router;
  api::AddApiRoutes(router, context);
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
  out << "xerosync serve: listening on http://" << shown << " (API under /api/v1; Ctrl-C stops)\n"
      << std::flush;

  if (until_stopped) {
    until_stopped(port);
  } else {
    int signal = 0;
    sigwait(&stop_signals, &signal);
    out << "xerosync serve: " << (signal == SIGINT ? "SIGINT" : "SIGTERM")
        << " received, stopping\n";
  }
  (*server)->Stop();  // no new requests; waits for running handlers
  scheduler.Stop();   // workers finish their current run
  out << "xerosync serve: stopped\n" << std::flush;
  return kExitOk;
}

}  // namespace xerosync::cli
