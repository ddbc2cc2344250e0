// xero-emulator: Xero's identity (and, as issue 3 lands, accounting) APIs on one local server.
// main() only wires options to the Emulator and the HTTP server.
#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdint>
#include <iostream>
#include <optional>

#include "emulator/emulator.h"
#include "http/http.h"

namespace {

volatile std::sig_atomic_t g_stop = 0;
void OnSignal(int) { g_stop = 1; }

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"xero-emulator: Xero's APIs on one local server, for tests and demos"};
  xerosync::http::ServerOptions server;
  xerosync::emulator::EmulatorOptions options;
  bool demo = false;
  std::optional<uint64_t> seed;
  app.add_option("--host", server.host, "Address to listen on")->capture_default_str();
  app.add_option("--port", server.port, "Port to listen on; 0 picks a free one")
      ->capture_default_str();
  app.add_flag("--demo", demo, "Register the demo app and the demo organisations");
  app.add_flag("--auto-consent", options.auto_consent,
               "Authorize redirects straight back, connecting every organisation");
  app.add_option("--time-scale", options.time_scale, "Emulated time runs N times faster")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--seed", seed, "Fixed seed: the same ids and tokens on every run");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  options.demo = demo;
  options.seed = seed;

  xerosync::emulator::Emulator emulator(xerosync::RealClock(), options);
  auto started = xerosync::http::Server::Start(
      server, [&emulator](xerosync::http::Request& r) { return emulator.Handle(r); });
  if (!started.ok()) {
    std::cerr << "xero-emulator: " << started.status().message() << "\n";
    return 1;
  }
  std::cout << "xero-emulator listening on http://" << server.host << ":" << (*started)->port()
            << (demo ? " with the demo app and organisations" : "") << std::endl;
  // Webhook deliveries and their redeliveries, about once a second (docs/emulator.md, "Webhooks").
  xerosync::emulator::WebhookPump webhook_pump(emulator.webhooks());
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  sigset_t none;
  sigemptyset(&none);
  while (!g_stop) sigsuspend(&none);  // wait for a signal; the server runs on its own threads
  webhook_pump.Stop();
  (*started)->Stop();
  return 0;
}
