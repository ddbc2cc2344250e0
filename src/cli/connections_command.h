#pragma once
// `xerosync connections` and `xerosync disconnect` (docs/client-cli.md): what is connected, and
// taking it apart. Plain functions with their side effects injected (CommandEnvironment).

#include <string>

#include "cli/connection_settings.h"

namespace xerosync::cli {

struct ConnectionsOptions {
  ConnectionFlags connection;  // data dir (the client id is not needed; --connection is ignored)
  bool json_output = false;    // one JSON object instead of text
};

// Lists every stored connection: name, state and reason, organisations (names and tenant ids),
// scopes, when the access token expires and when the refresh token was issued.
// Never a token. Reads the store only; sends nothing. Exit status: kExitOk; kExitFailed when a
// connection cannot be read (e.g. a wrong key: the others are still listed); kExitBadUsage for
// bad settings or a missing key.
int RunConnections(const ConnectionsOptions& options, const CommandEnvironment& environment);

struct DisconnectOptions {
  ConnectionFlags connection;
  std::string tenant;  // one organisation: its tenant id or name; empty: every organisation
};

// Disconnects one organisation (DELETE /connections/{id}) or all of them; when none is left the
// grant is revoked at Xero, the tokens are forgotten and the connection is left disconnected
// (TokenManager::Disconnect). Exit status: kExitOk (also when already disconnected); kExitFailed
// when there is no such connection or organisation, or Xero refused; kExitBadUsage for bad
// settings.
int RunDisconnect(const DisconnectOptions& options, const CommandEnvironment& environment);

}  // namespace xerosync::cli
