#include "xero/oauth.h"

#include <sodium.h>

#include <algorithm>
#include <cassert>
#include <cctype>
#include <cstddef>
#include <string>
#include <utility>

#include "core/json.h"
#include "xero/sodium_util.h"

namespace xerosync::xero {

namespace {

std::string RandomToken(std::size_t bytes) {
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  return Base64Url(raw);
}

const std::string* StringMember(const Json& object, std::string_view key) {
  const Json* member = object.Find(key);
  return member != nullptr && member->is_string() ? &member->AsString() : nullptr;
}

std::vector<std::string> SplitScopes(std::string_view text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = std::min(text.find(' ', start), text.size());
    if (end > start) out.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

Status NoAnswer(const TransportError& error, std::string_view what) {
  return UnavailableError(
      std::string(what) + ": no answer from Xero (" +
      (error.failure == TransportFailure::kAmbiguous ? "ambiguous" : "not sent") +
      "): " + error.message);
}

}  // namespace

std::vector<std::string> ScopesFor(ScopeSet set) {
  switch (set) {
    case ScopeSet::kBroad:
      return {"accounting.transactions", "accounting.contacts", "accounting.settings"};
    case ScopeSet::kGranular:
      return {"accounting.invoices", "accounting.payments", "accounting.banktransactions",
              "accounting.contacts", "accounting.settings"};
  }
  return {};
}

std::string ScopeParameter(const std::vector<std::string>& scopes) {
  std::string out;
  bool offline = false;
  for (const std::string& s : scopes) {
    if (!out.empty()) out += ' ';
    out += s;
    offline = offline || s == "offline_access";
  }
  if (!offline) out += out.empty() ? "offline_access" : " offline_access";
  return out;
}

std::string FormEncode(std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const unsigned char c : value) {
    if (std::isalnum(c) != 0 || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string PkceChallenge(std::string_view verifier) {
  EnsureSodium();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(verifier.data()),
                     verifier.size());
  return Base64Url(std::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

Pkce NewPkce(int length) {
  assert(length >= 43 && length <= 128);
  EnsureSodium();
  // base64url of n bytes is ceil(4n/3) characters, all in the verifier's alphabet.
  std::string verifier = RandomToken(static_cast<std::size_t>(length));
  verifier.resize(static_cast<std::size_t>(length));
  std::string challenge = PkceChallenge(verifier);
  return {std::move(verifier), std::move(challenge)};
}

Status OAuthErrorStatus(const HttpResponse& response, std::string_view what) {
  const std::string prefix = std::string(what) + ": HTTP " + std::to_string(response.status);
  if (response.status >= 500 || response.status == 429) {
    return UnavailableError(prefix + " from Xero");
  }
  std::string error;
  std::string description;
  if (Result<Json> body = Json::Parse(response.body); body.ok() && body->is_object()) {
    if (const std::string* e = StringMember(*body, "error")) error = *e;
    if (const std::string* d = StringMember(*body, "error_description")) description = *d;
  }
  const std::string message =
      prefix + (error.empty() ? "" : " " + error) + (description.empty() ? "" : ": " + description);
  if (error == "invalid_grant") return UnauthenticatedError(message);
  if (error == "invalid_client" || error == "unauthorized_client") {
    return PermissionDeniedError(message);
  }
  if (response.status == 401) return UnauthenticatedError(message);
  return InvalidArgumentError(message);
}

OAuthClient::OAuthClient(Transport& transport, XeroEndpoints endpoints, OAuthApp app)
    : transport_(transport), endpoints_(std::move(endpoints)), app_(std::move(app)) {
  EnsureSodium();
}

AuthorizeStart OAuthClient::StartAuthorize() const {
  AuthorizeStart start;
  start.state = RandomToken(16);
  if (app_.use_pkce || app_.client_secret.empty()) {
    Pkce pkce = NewPkce();
    start.code_verifier = std::move(pkce.verifier);
    start.url = AuthorizeUrl(start.state, pkce.challenge);
  } else {
    start.url = AuthorizeUrl(start.state, "");
  }
  return start;
}

std::string OAuthClient::AuthorizeUrl(std::string_view state,
                                      std::string_view code_challenge) const {
  std::string url = endpoints_.login + "/identity/connect/authorize?response_type=code" +
                    "&client_id=" + FormEncode(app_.client_id) +
                    "&redirect_uri=" + FormEncode(app_.redirect_uri) +
                    "&scope=" + FormEncode(ScopeParameter(app_.scopes)) +
                    "&state=" + FormEncode(state);
  if (!code_challenge.empty()) {
    url += "&code_challenge=" + FormEncode(code_challenge) + "&code_challenge_method=S256";
  }
  return url;
}

Result<HttpResponse> OAuthClient::Post(const std::string& url, std::string body) const {
  HttpRequest request;
  request.method = "POST";
  request.url = url;
  request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  request.headers.emplace_back("Accept", "application/json");
  if (app_.client_secret.empty()) {
    body += "&client_id=" + FormEncode(app_.client_id);
  } else {
    request.headers.emplace_back("Authorization",
                                 "Basic " + Base64(app_.client_id + ":" + app_.client_secret));
  }
  request.body = std::move(body);
  request.timeout = std::chrono::seconds(30);
  TransportResult result = transport_.Send(request);
  if (auto* error = std::get_if<TransportError>(&result)) return NoAnswer(*error, url);
  return std::get<HttpResponse>(std::move(result));
}

Result<TokenResponse> OAuthClient::TokenCall(std::string body) const {
  const std::string what = "POST /connect/token";
  ASSIGN_OR_RETURN(const HttpResponse response,
                   Post(endpoints_.identity + "/connect/token", std::move(body)));
  if (response.status != 200) return OAuthErrorStatus(response, what);
  Result<Json> parsed = Json::Parse(response.body);
  if (!parsed.ok() || !parsed->is_object()) {
    return InternalError(what + ": the answer is not a JSON object");
  }
  TokenResponse out;
  const std::string* access = StringMember(*parsed, "access_token");
  if (access == nullptr || access->empty()) return InternalError(what + ": no access_token");
  out.access_token = *access;
  if (const std::string* refresh = StringMember(*parsed, "refresh_token")) {
    out.refresh_token = *refresh;
  }
  if (const std::string* id = StringMember(*parsed, "id_token")) out.id_token = *id;
  if (const std::string* scope = StringMember(*parsed, "scope")) out.scopes = SplitScopes(*scope);
  const Json* expires = parsed->Find("expires_in");
  Result<int64_t> seconds =
      expires != nullptr ? expires->AsInt64() : Result<int64_t>(InternalError("absent"));
  if (!seconds.ok() || *seconds <= 0) return InternalError(what + ": no valid expires_in");
  out.expires_in = *seconds;
  return out;
}

Result<TokenResponse> OAuthClient::ExchangeCode(std::string_view code,
                                                std::string_view code_verifier) const {
  std::string body = "grant_type=authorization_code&code=" + FormEncode(code) +
                     "&redirect_uri=" + FormEncode(app_.redirect_uri);
  if (!code_verifier.empty()) body += "&code_verifier=" + FormEncode(code_verifier);
  return TokenCall(std::move(body));
}

Result<TokenResponse> OAuthClient::Refresh(std::string_view refresh_token) const {
  return TokenCall("grant_type=refresh_token&refresh_token=" + FormEncode(refresh_token));
}

Status OAuthClient::Revoke(std::string_view refresh_token) const {
  ASSIGN_OR_RETURN(const HttpResponse response,
                   Post(endpoints_.identity + "/connect/revocation",
                        "token=" + FormEncode(refresh_token) + "&token_type_hint=refresh_token"));
  if (response.status == 200) return OkStatus();
  return OAuthErrorStatus(response, "POST /connect/revocation");
}

Result<std::vector<XeroConnection>> OAuthClient::ListConnections(
    std::string_view access_token) const {
  HttpRequest request;
  request.method = "GET";
  request.url = endpoints_.api + "/connections";
  request.headers.emplace_back("Authorization", "Bearer " + std::string(access_token));
  request.headers.emplace_back("Accept", "application/json");
  request.timeout = std::chrono::seconds(30);
  TransportResult result = transport_.Send(request);
  if (auto* error = std::get_if<TransportError>(&result)) {
    return NoAnswer(*error, "GET /connections");
  }
  const auto& response = std::get<HttpResponse>(result);
  if (response.status == 401) {
    return UnauthenticatedError("GET /connections: HTTP 401 (access token refused)");
  }
  if (response.status != 200) return OAuthErrorStatus(response, "GET /connections");
  Result<Json> parsed = Json::Parse(response.body);
  if (!parsed.ok() || !parsed->is_array()) {
    return InternalError("GET /connections: the answer is not a JSON array");
  }
  std::vector<XeroConnection> out;
  for (const Json& element : parsed->AsArray()) {
    if (!element.is_object()) return InternalError("GET /connections: an element is no object");
    XeroConnection c;
    const auto get = [&element](std::string_view key) {
      const std::string* s = StringMember(element, key);
      return s != nullptr ? *s : std::string();
    };
    c.id = get("id");
    c.tenant_id = get("tenantId");
    c.tenant_type = get("tenantType");
    c.tenant_name = get("tenantName");
    c.auth_event_id = get("authEventId");
    c.updated = get("updatedDateUtc");
    if (c.id.empty() || c.tenant_id.empty()) {
      return InternalError("GET /connections: an element without id or tenantId");
    }
    out.push_back(std::move(c));
  }
  return out;
}

Status OAuthClient::DeleteConnection(std::string_view access_token,
                                     std::string_view connection_id) const {
  HttpRequest request;
  request.method = "DELETE";
  request.url = endpoints_.api + "/connections/" + FormEncode(connection_id);
  request.headers.emplace_back("Authorization", "Bearer " + std::string(access_token));
  request.timeout = std::chrono::seconds(30);
  TransportResult result = transport_.Send(request);
  if (auto* error = std::get_if<TransportError>(&result)) {
    return NoAnswer(*error, "DELETE /connections");
  }
  const auto& response = std::get<HttpResponse>(result);
  if (response.status == 204 || response.status == 200) return OkStatus();
  if (response.status == 404) {
    return NotFoundError("DELETE /connections: Xero knows no connection " +
                         std::string(connection_id));
  }
  if (response.status == 401) {
    return UnauthenticatedError("DELETE /connections: HTTP 401 (access token refused)");
  }
  return OAuthErrorStatus(response, "DELETE /connections");
}

}  // namespace xerosync::xero
