#pragma once
// Xero's identity service, emulated: OAuth 2.0 authorization code flow (with PKCE), refresh-token
// rotation with Xero's 30-minute grace window, revocation, and the tenant connections of each grant
// (FACTS.md §1). It also answers, for the accounting API, whether a bearer token may act on a
// tenant, with the exact 401/403 bodies Xero sends.
//
// Endpoints (one host serves all of Xero's, at Xero's own paths):
//   GET  /identity/connect/authorize    consent page (login.xero.com), or straight back with
//                                       --auto-consent
//   POST /identity/connect/authorize    the consent form's answer
//   POST /connect/token                 code exchange and refresh (identity.xero.com)
//   POST /connect/revocation            revokes a refresh token's grant and its connections
//   GET  /connections                   the grant's tenants (api.xero.com)
//   DELETE /connections/{id}            disconnects one tenant: 204, or 404
//
// Thread safety: all methods may be called concurrently.

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/clock.h"
#include "core/json.h"
#include "core/status.h"
#include "emulator/crypto.h"
#include "http/http.h"

namespace xerosync::emulator {

// A registered application, as in Xero's developer portal.
struct App {
  std::string client_id;
  // Empty for an "Auth Code with PKCE" app, which has no secret and must use PKCE.
  std::string client_secret;
  std::string name;
  std::vector<std::string> redirect_uris;  // exact matches only
  // Apps created since 2026-03-02 may only ask for granular scopes (FACTS.md §1.3).
  bool granular_scopes_only = false;
};

// An organisation a user can connect.
struct Tenant {
  std::string id;    // the xero-tenant-id
  std::string name;  // "Demo Company (NZ)"
};

struct IdentityOptions {
  Duration access_token_lifetime = std::chrono::minutes(30);
  Duration refresh_token_idle_lifetime = std::chrono::hours(24 * 60);  // unused for 60 days
  Duration refresh_grace = std::chrono::minutes(30);  // the previous refresh token still works
  Duration code_lifetime = std::chrono::minutes(5);
  bool auto_consent = false;  // authorize redirects straight back, for every tenant
  std::string token_signing_key = "xero-emulator-signing-key";  // HMAC key of the JWTs
};

// Who is calling the accounting API, once their token and tenant check out.
struct Caller {
  std::string client_id;
  std::string tenant_id;
  std::string auth_event_id;
  std::vector<std::string> scopes;
};

class Identity {
 public:
  // REQUIRES: clock and random outlive this object.
  Identity(const Clock& clock, RandomSource& random, IdentityOptions options);

  void RegisterApp(App app);
  // The organisations offered on the consent page (and connected by --auto-consent).
  void SetTenants(std::vector<Tenant> tenants);
  std::vector<Tenant> tenants() const;

  http::Response Authorize(const http::Request& request);
  http::Response Consent(const http::Request& request);
  http::Response Token(const http::Request& request);
  http::Response Revoke(const http::Request& request);
  http::Response ListConnections(const http::Request& request);
  http::Response DeleteConnection(const http::Request& request);

  // Checks the bearer token and the xero-tenant-id header for an accounting call that needs any
  // one of `scopes` (e.g. {"accounting.transactions", "accounting.invoices"}; a read also accepts
  // their ".read" forms when `read` is true). Returns the caller, or Xero's 401/403 answer.
  std::variant<Caller, http::Response> Authenticate(const http::Request& request,
                                                    const std::vector<std::string>& scopes,
                                                    bool read) const;

  // The caller of an accounting call whose token is live and whose tenant is connected, scopes not
  // checked; nullopt otherwise. For counting calls against the tenant's rate limits.
  std::optional<Caller> Identify(const http::Request& request) const;

  // Control API. Each returns how many things it changed.
  int ExpireAccessTokens();                           // every access token expires now
  int ExpireRefreshTokens();                          // every grant's refresh token is refused
  int RevokeConnections(std::string_view tenant_id);  // as if the user disconnected in Xero
  // The number of live connections to `tenant_id` (for tests and state reads).
  int ConnectionCount(std::string_view tenant_id) const;

  // --state files (identity_state.cc; docs/emulator.md): the grants with their connections,
  // and the refresh and access tokens, so that a client's tokens survive a restart. Apps, tenants
  // and pending authorization codes are not included (the binary registers the apps; codes live
  // minutes). ImportState replaces the grants and tokens with ExportState's form, all or nothing:
  // kInvalidArgument naming the bad member, and nothing changed.
  Json ExportState() const;
  Status ImportState(const Json& state);

 private:
  struct Connection {
    std::string id;
    std::string tenant_id;
    TimePoint created, updated;
  };
  struct Grant {
    std::string auth_event_id;
    std::string client_id;
    std::vector<std::string> scopes;
    std::vector<Connection> connections;
    bool revoked = false;
  };
  struct Code {
    std::string client_id, redirect_uri, code_challenge;
    std::vector<std::string> scopes, tenant_ids;
    TimePoint expires;
  };
  struct RefreshToken {
    std::string auth_event_id;
    TimePoint issued;
    std::string successor;                // set once it has been used
    std::optional<TimePoint> superseded;  // when it was first used
    bool expired_by_control = false;
  };
  struct AccessToken {
    std::string auth_event_id;
    TimePoint expires;
    std::vector<std::string> scopes;
  };

  // All REQUIRE mu_ held.
  const App* FindApp(std::string_view client_id) const;
  // The app whose credentials (HTTP Basic, else the form's client_id and client_secret) check
  // out; null otherwise. Apps without a secret (PKCE) need only their id.
  const App* AuthenticatedApp(const http::Request& request,
                              const std::vector<std::pair<std::string, std::string>>& form) const;
  http::Response IssueTokens(Grant& grant, std::string refresh_token);
  std::string NewAccessToken(const Grant& grant, TimePoint now);
  http::Response RedirectWithCode(const App& app, const std::string& redirect_uri,
                                  const std::vector<std::string>& scopes,
                                  const std::vector<std::string>& tenant_ids,
                                  const std::string& state, const std::string& challenge);
  // The grant of a live access token, or the 401 answer.
  std::variant<Grant*, http::Response> BearerGrant(const http::Request& request);
  std::variant<const Grant*, http::Response> BearerGrantConst(const http::Request& request) const;

  const Clock& clock_;
  RandomSource& random_;
  const IdentityOptions options_;
  mutable std::mutex mu_;
  std::vector<App> apps_;                             // GUARDED_BY(mu_)
  std::vector<Tenant> tenants_;                       // GUARDED_BY(mu_)
  std::map<std::string, Grant, std::less<>> grants_;  // by auth_event_id; GUARDED_BY(mu_)
  std::map<std::string, Code, std::less<>> codes_;    // GUARDED_BY(mu_)
  std::map<std::string, RefreshToken, std::less<>> refresh_tokens_;  // GUARDED_BY(mu_)
  std::map<std::string, AccessToken, std::less<>> access_tokens_;    // GUARDED_BY(mu_)
};

// Xero's ProblemDetails answer: {"Type":null,"Title":"Unauthorized","Status":401,"Detail":...}.
http::Response ProblemResponse(int status, std::string_view detail, std::string_view instance);

}  // namespace xerosync::emulator
