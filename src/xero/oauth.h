#pragma once
// Xero's OAuth 2.0 endpoints as plain calls (FACTS.md §1, docs/client.md): the authorize URL
// (with PKCE S256), the code exchange, refresh, revocation, and the tenant connections
// (GET/DELETE /connections). Stateless about tokens: TokenManager (token_manager.h) decides when to
// refresh and where tokens are kept.
//
// Failures are Status values with canonical codes the token manager branches on:
//   kUnavailable       no answer (the transport's kNotSent or kAmbiguous), a 5xx, or a 429: the
//                      same call may be tried again; a lost refresh answer is retried with the
//                      same refresh token inside Xero's 30-minute grace window
//   kUnauthenticated   {"error":"invalid_grant"}: the code or refresh token is expired, used or
//                      revoked — the user must connect again; also a 401 from /connections
//   kPermissionDenied  {"error":"invalid_client"} or "unauthorized_client": the app's credentials
//   kInvalidArgument   any other OAuth error ("invalid_request", "unsupported_grant_type", ...)
//   kNotFound          DELETE /connections/{id} for an id Xero does not know
//   kInternal          an answer that is not what Xero sends (unparseable token response)
// Messages name the OAuth error and the HTTP status, never a token or the client secret.
//
// Thread safety: an OAuthClient is immutable after construction; every method may be called
// concurrently (the Transport must allow it, as Transport::Send does).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/status.h"
#include "xero/transport.h"

namespace xerosync::xero {

// The scopes xerosync needs. Xero refuses the broad transaction scope for apps created since
// 2026-03-02, which must ask for the granular ones instead (FACTS.md §1.3). offline_access is
// always added by ScopeParameter: without it there is no refresh token.
enum class ScopeSet {
  kBroad,     // accounting.transactions accounting.contacts accounting.settings
  kGranular,  // accounting.invoices accounting.payments accounting.banktransactions ...
};
std::vector<std::string> ScopesFor(ScopeSet set);
// The space-separated `scope` parameter: `scopes`, then offline_access unless already present.
std::string ScopeParameter(const std::vector<std::string>& scopes);

// The registered app, as in Xero's developer portal.
struct OAuthApp {
  std::string client_id;
  // Empty for an "Auth Code with PKCE" app, which has no secret: the code exchange then sends the
  // PKCE verifier, and refresh and revocation send only the client id.
  std::string client_secret;
  std::string redirect_uri;         // exactly as registered
  std::vector<std::string> scopes;  // without offline_access (always added)
  // Also use PKCE when the app has a secret (recommended; required when client_secret is empty).
  bool use_pkce = true;
};

// A PKCE pair (RFC 7636): a random verifier of 43–128 characters from [A-Za-z0-9-_], and the
// challenge base64url(SHA-256(verifier)) without padding.
struct Pkce {
  std::string verifier;
  std::string challenge;
};
// REQUIRES: 43 <= length <= 128. Randomness from the operating system (libsodium).
Pkce NewPkce(int length = 64);
// base64url(SHA-256(verifier)), no padding.
std::string PkceChallenge(std::string_view verifier);

// Where to send the user, and what to keep until the redirect comes back.
struct AuthorizeStart {
  std::string url;
  std::string state;          // compare with the redirect's `state` (CSRF)
  std::string code_verifier;  // for ExchangeCode; empty without PKCE
};

// A token response (FACTS.md §1.2).
struct TokenResponse {
  std::string access_token;
  std::string refresh_token;  // empty without offline_access
  int64_t expires_in = 0;     // seconds (1800)
  std::vector<std::string> scopes;
  std::string id_token;  // only with openid
};

// One element of GET /connections.
struct XeroConnection {
  std::string id;  // the connection id, for DELETE /connections/{id}; not the tenant id
  std::string tenant_id;
  std::string tenant_type;  // "ORGANISATION", "PRACTICE"
  std::string tenant_name;
  std::string auth_event_id;
  std::string updated;  // updatedDateUtc as sent ("2019-12-07T18:46:19.5187840")
};

class OAuthClient {
 public:
  // REQUIRES: `transport` outlives this object.
  OAuthClient(Transport& transport, XeroEndpoints endpoints, OAuthApp app);

  // A new authorize URL with a fresh random state (and a fresh PKCE pair when app.use_pkce or the
  // app has no secret).
  AuthorizeStart StartAuthorize() const;
  // The authorize URL for a given state and challenge (empty: no PKCE).
  std::string AuthorizeUrl(std::string_view state, std::string_view code_challenge) const;

  // POST /connect/token grant_type=authorization_code. `code_verifier` is required for PKCE.
  Result<TokenResponse> ExchangeCode(std::string_view code, std::string_view code_verifier) const;
  // POST /connect/token grant_type=refresh_token. The answer carries a new refresh token.
  Result<TokenResponse> Refresh(std::string_view refresh_token) const;
  // POST /connect/revocation: revokes the grant and removes all its connections at Xero.
  Status Revoke(std::string_view refresh_token) const;
  // GET /connections with the bearer token, no xero-tenant-id.
  Result<std::vector<XeroConnection>> ListConnections(std::string_view access_token) const;
  // DELETE /connections/{connection_id}: 204, or kNotFound.
  Status DeleteConnection(std::string_view access_token, std::string_view connection_id) const;

  const OAuthApp& app() const { return app_; }

 private:
  Result<HttpResponse> Post(const std::string& url, std::string body) const;
  Result<TokenResponse> TokenCall(std::string body) const;

  Transport& transport_;
  const XeroEndpoints endpoints_;
  const OAuthApp app_;
};

// application/x-www-form-urlencoded encoding of one value (RFC 3986 unreserved kept).
std::string FormEncode(std::string_view value);
// The Status for a non-2xx answer from the token or revocation endpoint (the codes above).
Status OAuthErrorStatus(const HttpResponse& response, std::string_view what);

}  // namespace xerosync::xero
