// xero-emulator: Xero's identity (and, as issue 3 lands, accounting) APIs on one local server.
// main() only wires options to the Emulator, the HTTP server and the --state file's saver.
#include <pthread.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdint>
#include <ctime>
#include <iostream>
#include <optional>
#include <string>

#include "emulator/emulator.h"
#include "emulator/state_file.h"
#include "http/http.h"

namespace {

// Saves, reporting a failure on stderr (the next save tries again).
void SaveReporting(xerosync::emulator::StateSaver& saver) {
  const auto saved = saver.SaveIfChanged();
  if (!saved.ok()) std::cerr << "xero-emulator: " << saved.status().message() << "\n";
}

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
  app.add_option("--redirect-uri", options.demo_redirect_uris,
                 "Another redirect URI the demo app accepts (exact match; repeatable), e.g. "
                 "http://127.0.0.1:9000/api/v1/connection/callback")
      ->check([](const std::string& uri) {
        return uri.starts_with("http://") || uri.starts_with("https://")
                   ? std::string()
                   : "a redirect URI is an absolute http:// or https:// URL";
      });
  CLI::Option* seed_option =
      app.add_option("--seed", seed, "Fixed seed: the same ids and tokens on every run");
  std::string state_file;
  app.add_option("--state", state_file,
                 "Keep the organisations and tokens in FILE: loaded at start when it exists, "
                 "saved after changes (at most once a second) and on shutdown")
      // A fixed seed would hand out again, after a restart, the ids and tokens the file keeps.
      ->excludes(seed_option);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  options.demo = demo;
  options.seed = seed;

  xerosync::emulator::Emulator emulator(xerosync::RealClock(), options);
  std::optional<xerosync::emulator::StateSaver> saver;
  if (!state_file.empty()) {
    auto loaded = xerosync::emulator::LoadStateFile(state_file);
    if (!loaded.ok()) {
      std::cerr << "xero-emulator: " << loaded.status().message() << "\n";
      return 2;  // never start on half the data
    }
    if (*loaded) {
      if (!(*loaded)->identity.is_null()) {
        const xerosync::Status imported = emulator.identity().ImportState((*loaded)->identity);
        if (!imported.ok()) {
          std::cerr << "xero-emulator: state file " << state_file
                    << " is invalid: " << imported.message() << "\n";
          return 2;
        }
      }
      emulator.ReplaceOrganisations(std::move((*loaded)->organisations));
    }
    saver.emplace(state_file, emulator.organisations(), &emulator.identity());
  }
  // SIGINT and SIGTERM are blocked in every thread (the server's threads inherit the mask) and
  // taken by sigtimedwait below, so stopping runs on the main thread, after the last save.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
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
  const timespec second{1, 0};
  for (;;) {  // the server runs on its own threads; this one saves and waits for a stop signal
    const int received = sigtimedwait(&stop_signals, nullptr, &second);
    if (received == SIGINT || received == SIGTERM) break;
    if (saver) SaveReporting(*saver);
  }
  webhook_pump.Stop();
  (*started)->Stop();
  if (saver) {
    const xerosync::Status saved = saver->Save();
    if (!saved.ok()) {
      std::cerr << "xero-emulator: " << saved.message() << "\n";
      return 1;
    }
  }
  return 0;
}
