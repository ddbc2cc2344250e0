#pragma once
// `xerosync serve [--listen HOST:PORT]`: the service. Opens the sync stack (sync_stack.h), runs
// the scheduler's automatic and debounced runs (sync/scheduler.h), serves the REST API (api/api.h,
// docs/api.md) behind access control (access/, docs/access.md) with its sign-in and user routes,
// and /metrics (observe/), and delivers outbound webhooks (notify/), until SIGINT or SIGTERM; then
// it stops cleanly: the server stops taking requests, the scheduler's workers finish their current
// run, the store is closed.
//
// On first run (no user yet) it creates the user "admin" with a random password and prints it
// once. It listens on 127.0.0.1:8080 by default. A non-loopback address is refused unless
// --allow-non-loopback is given: plain HTTP would carry passwords, cookies and API keys readable;
// put it behind a TLS proxy.
//
// Exit statuses: kExitOk after a clean stop; kExitBadUsage for bad settings or flags (a bad or
// refused --listen, no database); kExitFailed when the address cannot be bound or the store fails.

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "access/secrets.h"
#include "cli/connection_settings.h"
#include "core/clock.h"

namespace xerosync::cli {

struct ServeOptions {
  ConnectionFlags connection;             // the app (token refreshes), --xero-url, --data-dir
  std::string listen = "127.0.0.1:8080";  // HOST:PORT, [IPv6]:PORT; port 0: any free port
  bool allow_non_loopback = false;
  int http_threads = 4;  // handler threads
  int sync_workers = 2;  // scheduler threads; 0: no automatic runs (only POST .../sync)
  std::chrono::seconds interval{600};  // between automatic runs of an organisation
  // argon2id cost of the passwords it hashes (the first admin's, new users'). Tests lower it.
  access::PasswordParams password;
  // How often due webhooks are sent and ended sessions swept.
  Duration housekeeping_every = std::chrono::seconds(2);
};

// The parsed --listen: an IP address (localhost is 127.0.0.1) and a port.
struct ListenAddress {
  std::string host;
  uint16_t port = 0;
  bool loopback = false;
};
// kInvalidArgument saying what is wrong with `text`.
Result<ListenAddress> ParseListen(std::string_view text);

// Serves until `until_stopped` returns; it is called once the API is listening, with the bound
// port (the chosen one for port 0). Empty: until SIGINT or SIGTERM (production), which RunServe
// blocks in every thread it starts and waits for.
int RunServe(const ServeOptions& options, const CommandEnvironment& environment,
             const std::function<void(uint16_t port)>& until_stopped = {});

}  // namespace xerosync::cli
