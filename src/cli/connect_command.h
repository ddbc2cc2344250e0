#pragma once
// `xerosync connect`: connects xerosync to the user's Xero organisations (docs/client-cli.md).
//
// Listens for Xero's redirect on loopback, prints the authorize URL for the user to open, waits for
// the redirect, checks its state, exchanges the code (TokenManager::Connect: the tokens are saved
// encrypted under the connection's name), and prints the organisations connected. The user picks
// organisations on Xero's consent page; --tenant, or a prompt when stdin is a terminal and more
// than one came back, keeps fewer, and the others are disconnected. Tokens are never printed.
//
// A plain function with its side effects injected (CommandEnvironment), tested without a process.

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "cli/connection_settings.h"

namespace xerosync::cli {

struct ConnectOptions {
  ConnectionFlags connection;
  // The receiver's port when no redirect_uri is given: the redirect URI is then
  // http://localhost:<port>/callback (default 8765; 0 picks a free port, for tests: Xero would not
  // know that URI).
  uint16_t redirect_port = 8765;
  // The redirect URI registered with the app, when not http://localhost:<redirect_port>/callback;
  // a loopback http:// address (ParseRedirectUri). The receiver listens on its port.
  std::string redirect_uri;
  // How long to wait for the browser to come back (default 5 minutes).
  std::chrono::milliseconds timeout = std::chrono::minutes(5);
  // Organisations to keep (tenant ids or names); empty: every one chosen on the consent page (or
  // those picked at the prompt).
  std::vector<std::string> tenants;
};

// Exit status: kExitOk when connected; kExitFailed when Xero refused, the user declined, the state
// did not match, the redirect did not come in time, or a --tenant was not connected (nothing is
// disconnected then); kExitBadUsage for bad settings (nothing is sent).
int RunConnect(const ConnectOptions& options, const CommandEnvironment& environment);

}  // namespace xerosync::cli
