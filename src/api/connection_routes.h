#pragma once
// The Xero connection through `xerosync serve` (docs/api.md, "Connection"): Xero's OAuth code flow
// as `xerosync connect` runs it (cli/connect_command.h), but in the browser, and the routes the
// console's Integrations page calls:
//
//   GET  /api/v1/connection                 (view_status) state, reason, fix, organisations
//   GET  /api/v1/orgs                       (view_status) the organisations (the picker)
//   POST /api/v1/connection/connect         (connect)     {"authorize_url": ...}
//   POST /api/v1/connection/reconnect       (connect)     the same, for an existing connection
//   GET  /api/v1/connection/callback        (no session: the state is the proof) Xero's redirect
//   POST /api/v1/connection/organisations   (connect)     {"keep": [tenant ids]}: drops the rest
//   POST /api/v1/connection/disconnect      (disconnect)  {"tenant_id": ...}; absent: all
//
// A connect keeps a sign-in in memory until Xero sends the browser back: its state (256 random
// bits, base64url), the PKCE verifier, who started it (the audit's actor) and the redirect URI the
// authorize URL named. The state is single use and expires after ConnectorOptions::state_lifetime.
// A restart forgets pending sign-ins: the user presses Connect again.
//
// Thread safety: every method may be called concurrently.

#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "access/secrets.h"
#include "api/api.h"
#include "core/clock.h"
#include "core/result.h"
#include "http/http.h"
#include "xero/oauth.h"
#include "xero/token_manager.h"
#include "xero/token_store.h"
#include "xero/transport.h"

namespace xerosync::api {

struct ConnectorOptions {
  // The name the tokens are kept under (`--connection`; default "default").
  std::string connection_id = "default";
  // How long a sign-in's state is accepted after Connect (default 10 minutes).
  Duration state_lifetime = std::chrono::minutes(10);
  // Sign-ins kept at once; beyond it the oldest is forgotten (default 64), so that pressing
  // Connect in a loop cannot grow memory.
  std::size_t max_pending = 64;
};

// One sign-in started by Connect and not yet come back.
struct PendingSignIn {
  std::string code_verifier;  // a secret: never logged
  std::string actor;          // who pressed Connect (access::Principal::Actor())
  std::string redirect_uri;   // as sent in the authorize URL; the code exchange repeats it
  TimePoint expires{};
  bool reconnect = false;
};

class Connector {
 public:
  // `app.redirect_uri` may be empty until SetRedirectUri (serve learns its port once listening).
  // REQUIRES: transport, tokens, clock and random outlive this object.
  Connector(xero::Transport& transport, xero::XeroEndpoints endpoints, xero::OAuthApp app,
            xero::TokenStore& tokens, const Clock& clock, access::Random& random,
            ConnectorOptions options = {});

  void SetRedirectUri(std::string uri);
  std::string redirect_uri() const;
  const std::string& connection_id() const { return options_.connection_id; }

  // A new sign-in for `actor`: the URL of Xero's consent page. kFailedPrecondition when no
  // redirect URI is set.
  Result<std::string> Start(std::string actor, bool reconnect);
  // Takes `state`'s sign-in, which cannot be used again: kNotFound when unknown or used already,
  // kDeadlineExceeded when it expired.
  Result<PendingSignIn> Take(std::string_view state);
  // Exchanges Xero's code for tokens saved under the connection (TokenManager::Connect) and
  // returns the organisations Xero connected.
  Result<std::vector<xero::XeroConnection>> Exchange(const PendingSignIn& sign_in,
                                                     std::string_view code);

  // Describe, Disconnect, DisconnectAll: the token manager over the same store.
  xero::TokenManager& manager() { return manager_; }

 private:
  xero::OAuthApp AppWith(std::string redirect_uri) const;

  xero::Transport& transport_;
  const xero::XeroEndpoints endpoints_;
  const xero::OAuthApp app_;
  xero::TokenStore& tokens_;
  const Clock& clock_;
  access::Random& random_;
  const ConnectorOptions options_;
  const xero::OAuthClient oauth_;  // for revocation and GET /connections: no redirect involved
  xero::TokenManager manager_;

  mutable std::mutex mu_;
  std::string redirect_uri_;                                   // GUARDED_BY(mu_)
  std::map<std::string, PendingSignIn, std::less<>> pending_;  // GUARDED_BY(mu_)
};

// Adds the routes above. REQUIRES: context.connector is set, and `context` outlives `router`.
void AddConnectionRoutes(http::Router& router, ApiContext& context);

}  // namespace xerosync::api
