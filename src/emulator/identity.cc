// Tokens, grants and connections of the emulated identity service (FACTS.md §1).
#include "emulator/identity.h"

#include "core/json.h"
#include "emulator/identity_util.h"

namespace xerosync::emulator {

using namespace identity_internal;  // NOLINT(google-build-using-namespace): this module's helpers

namespace {

using FormPairs = std::vector<std::pair<std::string, std::string>>;

std::string Get(const FormPairs& pairs, std::string_view name) {
  for (const auto& [k, v] : pairs) {
    if (k == name) return v;
  }
  return "";
}

int64_t Seconds(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

// A PKCE verifier: 43 to 128 characters of A-Z a-z 0-9 - . _ ~ (FACTS.md §1.2).
bool IsVerifier(std::string_view v) {
  if (v.size() < 43 || v.size() > 128) return false;
  for (char c : v) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '.' || c == '_' || c == '~';
    if (!ok) return false;
  }
  return true;
}

std::string BearerToken(const http::Request& request) {
  const std::optional<std::string_view> header = request.headers.Get("Authorization");
  constexpr std::string_view kPrefix = "Bearer ";
  if (!header || header->size() <= kPrefix.size() ||
      !std::equal(kPrefix.begin(), kPrefix.end(), header->begin(),
                  [](char a, char b) { return std::tolower(a) == std::tolower(b); })) {
    return "";
  }
  return std::string(header->substr(kPrefix.size()));
}

// The client's id and secret: HTTP Basic, else the form's client_id and client_secret.
std::pair<std::string, std::string> ClientCredentials(const http::Request& request,
                                                      const FormPairs& form) {
  if (const auto header = request.headers.Get("Authorization");
      header && header->size() > 6 && header->substr(0, 6) == "Basic ") {
    if (const auto decoded = Base64Decode(header->substr(6))) {
      const std::size_t colon = decoded->find(':');
      if (colon != std::string::npos) {
        return {http::PercentDecode(decoded->substr(0, colon)).value_or(""),
                http::PercentDecode(decoded->substr(colon + 1)).value_or("")};
      }
    }
    return {"", ""};
  }
  return {Get(form, "client_id"), Get(form, "client_secret")};
}

}  // namespace

http::Response ProblemResponse(int status, std::string_view detail, std::string_view instance) {
  Json body = Json::MakeObject();
  body.Set("Type", Json::Null());
  body.Set("Title", Json::String(status == 403 ? "Forbidden" : "Unauthorized"));
  body.Set("Status", Json::Integer(status));
  body.Set("Detail", Json::String(std::string(detail)));
  body.Set("Instance", Json::String(std::string(instance)));
  body.Set("Extensions", Json::MakeObject());
  return http::Response::Json(status, body.Serialize());
}

Identity::Identity(const Clock& clock, RandomSource& random, IdentityOptions options)
    : clock_(clock), random_(random), options_(std::move(options)) {}

void Identity::RegisterApp(App app) {
  std::lock_guard lock(mu_);
  for (App& existing : apps_) {
    if (existing.client_id == app.client_id) {
      existing = std::move(app);
      return;
    }
  }
  apps_.push_back(std::move(app));
}

void Identity::SetTenants(std::vector<Tenant> tenants) {
  std::lock_guard lock(mu_);
  tenants_ = std::move(tenants);
}

std::vector<Tenant> Identity::tenants() const {
  std::lock_guard lock(mu_);
  return tenants_;
}

const App* Identity::FindApp(std::string_view client_id) const {
  for (const App& app : apps_) {
    if (app.client_id == client_id) return &app;
  }
  return nullptr;
}

const App* Identity::AuthenticatedApp(const http::Request& request, const FormPairs& form) const {
  const auto [client_id, secret] = ClientCredentials(request, form);
  const App* app = FindApp(client_id);
  if (app == nullptr ||
      (!app->client_secret.empty() && !ConstantTimeEquals(secret, app->client_secret))) {
    return nullptr;
  }
  return app;
}

std::string Identity::NewAccessToken(const Grant& grant, TimePoint now) {
  Json header = Json::MakeObject();
  header.Set("alg", Json::String("HS256"));
  header.Set("typ", Json::String("JWT"));
  Json scopes = Json::MakeArray();
  for (const std::string& s : grant.scopes) scopes.Append(Json::String(s));
  const TimePoint expires = now + options_.access_token_lifetime;
  Json claims = Json::MakeObject();
  claims.Set("nbf", Json::Integer(Seconds(now)));
  claims.Set("exp", Json::Integer(Seconds(expires)));
  claims.Set("iss", Json::String("https://identity.xero.com"));
  claims.Set("aud", Json::String("https://identity.xero.com/resources"));
  claims.Set("client_id", Json::String(grant.client_id));
  claims.Set("sub", Json::String("emulator-demo-user"));
  claims.Set("auth_time", Json::Integer(Seconds(now)));
  claims.Set("xero_userid", Json::String("0ad3c2e3-6fa2-4d5b-9d38-2f1f2b8c2d01"));
  claims.Set("global_session_id", Json::String(random_.Token(16)));
  claims.Set("jti", Json::String(random_.Token(16)));
  claims.Set("authentication_event_id", Json::String(grant.auth_event_id));
  claims.Set("scope", std::move(scopes));
  const std::string signing_input =
      Base64UrlEncode(header.Serialize()) + "." + Base64UrlEncode(claims.Serialize());
  std::string token =
      signing_input + "." + Base64UrlEncode(HmacSha256(options_.token_signing_key, signing_input));
  access_tokens_[token] = AccessToken{grant.auth_event_id, expires, grant.scopes};
  return token;
}

http::Response Identity::IssueTokens(Grant& grant, std::string refresh_token) {
  const TimePoint now = clock_.Now();
  Json body = Json::MakeObject();
  if (Contains(grant.scopes, "openid"))
    body.Set("id_token", Json::String(NewAccessToken(grant, now)));
  body.Set("access_token", Json::String(NewAccessToken(grant, now)));
  body.Set(
      "expires_in",
      Json::Integer(std::chrono::duration_cast<std::chrono::seconds>(options_.access_token_lifetime)
                        .count()));
  body.Set("token_type", Json::String("Bearer"));
  if (!refresh_token.empty()) body.Set("refresh_token", Json::String(std::move(refresh_token)));
  body.Set("scope", Json::String(JoinScopes(grant.scopes)));
  return http::Response::Json(200, body.Serialize());
}

http::Response Identity::Token(const http::Request& request) {
  Result<FormPairs> form = http::DecodeForm(request.body);
  if (!form.ok()) return OAuthError("invalid_request");
  const std::string grant_type = Get(*form, "grant_type");
  std::lock_guard lock(mu_);
  const App* app = AuthenticatedApp(request, *form);
  if (app == nullptr) return OAuthError("invalid_client");
  const std::string client_id = app->client_id;
  const TimePoint now = clock_.Now();

  if (grant_type == "authorization_code") {
    auto it = codes_.find(Get(*form, "code"));
    if (it == codes_.end()) return OAuthError("invalid_grant");
    const Code code = std::move(it->second);
    codes_.erase(it);  // a code is good for one exchange, whatever its outcome
    if (code.expires <= now || code.client_id != client_id ||
        code.redirect_uri != Get(*form, "redirect_uri")) {
      return OAuthError("invalid_grant");
    }
    if (!code.code_challenge.empty()) {
      const std::string verifier = Get(*form, "code_verifier");
      if (!IsVerifier(verifier) || Base64UrlEncode(Sha256(verifier)) != code.code_challenge) {
        return OAuthError("invalid_grant");
      }
    }
    // A new authorisation event; connections the app already had to these tenants move to it
    // with their ids kept, as Xero keeps a connection across re-consent.
    Grant grant{random_.Uuid(), client_id, code.scopes, {}, false};
    for (const std::string& tenant_id : code.tenant_ids) {
      Connection connection{random_.Uuid(), tenant_id, now, now};
      for (auto& [id, other] : grants_) {
        if (other.client_id != client_id) continue;
        for (auto c = other.connections.begin(); c != other.connections.end(); ++c) {
          if (c->tenant_id == tenant_id) {
            connection.id = c->id;
            connection.created = c->created;
            other.connections.erase(c);
            break;
          }
        }
      }
      grant.connections.push_back(connection);
    }
    std::string refresh;
    if (Contains(grant.scopes, "offline_access")) {
      refresh = random_.Token(32);
      refresh_tokens_[refresh] = RefreshToken{grant.auth_event_id, now, "", std::nullopt, false};
    }
    Grant& stored = grants_[grant.auth_event_id] = std::move(grant);
    return IssueTokens(stored, std::move(refresh));
  }

  if (grant_type == "refresh_token") {
    auto it = refresh_tokens_.find(Get(*form, "refresh_token"));
    if (it == refresh_tokens_.end()) return OAuthError("invalid_grant");
    RefreshToken& token = it->second;
    auto grant = grants_.find(token.auth_event_id);
    if (grant == grants_.end() || grant->second.revoked || grant->second.client_id != client_id ||
        token.expired_by_control || now - token.issued > options_.refresh_token_idle_lifetime) {
      return OAuthError("invalid_grant");
    }
    if (!token.superseded) {
      // Rotation: a new refresh token; this one keeps working for the grace window.
      std::string successor = random_.Token(32);
      token.superseded = now;
      token.successor = successor;
      refresh_tokens_[successor] =
          RefreshToken{grant->second.auth_event_id, now, "", std::nullopt, false};
      return IssueTokens(grant->second, std::move(successor));
    }
    if (now - *token.superseded <= options_.refresh_grace) {
      // A retry after a lost response: the same successor again.
      return IssueTokens(grant->second, token.successor);
    }
    return OAuthError("invalid_grant");
  }
  return OAuthError("unsupported_grant_type");
}

http::Response Identity::Revoke(const http::Request& request) {
  Result<FormPairs> form = http::DecodeForm(request.body);
  if (!form.ok()) return OAuthError("invalid_request");
  std::lock_guard lock(mu_);
  const App* app = AuthenticatedApp(request, *form);
  if (app == nullptr) return OAuthError("invalid_client");
  const std::string client_id = app->client_id;
  // Revoking an unknown token succeeds too (RFC 7009).
  if (auto it = refresh_tokens_.find(Get(*form, "token")); it != refresh_tokens_.end()) {
    auto grant = grants_.find(it->second.auth_event_id);
    if (grant != grants_.end() && grant->second.client_id == client_id) {
      grant->second.revoked = true;
      grant->second.connections.clear();
    }
  }
  return http::Response::Empty(200);
}

std::variant<const Identity::Grant*, http::Response> Identity::BearerGrantConst(
    const http::Request& request) const {
  const auto it = access_tokens_.find(BearerToken(request));
  if (it == access_tokens_.end()) {
    return ProblemResponse(401, "AuthenticationUnsuccessful", random_.Uuid());
  }
  if (it->second.expires <= clock_.Now()) {
    return ProblemResponse(401,
                           "TokenExpired: token expired at " + FormatDetailTime(it->second.expires),
                           random_.Uuid());
  }
  const auto grant = grants_.find(it->second.auth_event_id);
  if (grant == grants_.end()) {
    return ProblemResponse(401, "AuthenticationUnsuccessful", random_.Uuid());
  }
  return &grant->second;
}

std::variant<Identity::Grant*, http::Response> Identity::BearerGrant(const http::Request& request) {
  auto result = BearerGrantConst(request);
  if (auto* response = std::get_if<http::Response>(&result)) return std::move(*response);
  return const_cast<Grant*>(std::get<const Grant*>(result));
}

http::Response Identity::ListConnections(const http::Request& request) {
  std::lock_guard lock(mu_);
  auto grant = BearerGrant(request);
  if (auto* response = std::get_if<http::Response>(&grant)) return std::move(*response);
  const Grant& g = *std::get<Grant*>(grant);
  Json list = Json::MakeArray();
  for (const Connection& c : g.connections) {
    std::string name;
    for (const Tenant& t : tenants_) {
      if (t.id == c.tenant_id) name = t.name;
    }
    Json item = Json::MakeObject();
    item.Set("id", Json::String(c.id));
    item.Set("authEventId", Json::String(g.auth_event_id));
    item.Set("tenantId", Json::String(c.tenant_id));
    item.Set("tenantType", Json::String("ORGANISATION"));
    item.Set("tenantName", Json::String(name));
    item.Set("createdDateUtc", Json::String(FormatConnectionTime(c.created)));
    item.Set("updatedDateUtc", Json::String(FormatConnectionTime(c.updated)));
    list.Append(std::move(item));
  }
  return http::Response::Json(200, list.Serialize());
}

http::Response Identity::DeleteConnection(const http::Request& request) {
  std::lock_guard lock(mu_);
  auto grant = BearerGrant(request);
  if (auto* response = std::get_if<http::Response>(&grant)) return std::move(*response);
  std::vector<Connection>& connections = std::get<Grant*>(grant)->connections;
  for (auto c = connections.begin(); c != connections.end(); ++c) {
    if (c->id == request.Param("id")) {
      connections.erase(c);
      return http::Response::Empty(204);
    }
  }
  return http::Response::Empty(404);
}

std::variant<Caller, http::Response> Identity::Authenticate(const http::Request& request,
                                                            const std::vector<std::string>& scopes,
                                                            bool read) const {
  std::lock_guard lock(mu_);
  auto result = BearerGrantConst(request);
  if (auto* response = std::get_if<http::Response>(&result)) return std::move(*response);
  const Grant& grant = *std::get<const Grant*>(result);
  const std::string tenant(request.headers.Get("xero-tenant-id").value_or(""));
  bool connected = false;
  for (const Connection& c : grant.connections) connected = connected || c.tenant_id == tenant;
  if (!connected) return ProblemResponse(403, "AuthenticationUnsuccessful", random_.Uuid());
  const std::vector<std::string>& granted = access_tokens_.at(BearerToken(request)).scopes;
  bool allowed = false;
  for (const std::string& s : scopes) {
    allowed = allowed || Contains(granted, s) || (read && Contains(granted, s + ".read"));
  }
  if (!allowed) return ProblemResponse(401, "AuthorizationUnsuccessful", random_.Uuid());
  return Caller{grant.client_id, tenant, grant.auth_event_id, granted};
}

std::optional<Caller> Identity::Identify(const http::Request& request) const {
  std::lock_guard lock(mu_);
  auto result = BearerGrantConst(request);
  if (!std::holds_alternative<const Grant*>(result)) return std::nullopt;
  const Grant& grant = *std::get<const Grant*>(result);
  const std::string tenant(request.headers.Get("xero-tenant-id").value_or(""));
  for (const Connection& c : grant.connections) {
    if (c.tenant_id == tenant) {
      return Caller{grant.client_id, tenant, grant.auth_event_id,
                    access_tokens_.at(BearerToken(request)).scopes};
    }
  }
  return std::nullopt;
}

int Identity::ExpireAccessTokens() {
  std::lock_guard lock(mu_);
  const TimePoint now = clock_.Now();
  int changed = 0;
  for (auto& [token, info] : access_tokens_) {
    if (info.expires > now) {
      info.expires = now;
      ++changed;
    }
  }
  return changed;
}

int Identity::ExpireRefreshTokens() {
  std::lock_guard lock(mu_);
  int changed = 0;
  for (auto& [token, info] : refresh_tokens_) {
    if (!info.expired_by_control) {
      info.expired_by_control = true;
      ++changed;
    }
  }
  return changed;
}

int Identity::RevokeConnections(std::string_view tenant_id) {
  std::lock_guard lock(mu_);
  int changed = 0;
  for (auto& [id, grant] : grants_) {
    changed += static_cast<int>(std::erase_if(
        grant.connections, [&](const Connection& c) { return c.tenant_id == tenant_id; }));
  }
  return changed;
}

int Identity::ConnectionCount(std::string_view tenant_id) const {
  std::lock_guard lock(mu_);
  int count = 0;
  for (const auto& [id, grant] : grants_) {
    for (const Connection& c : grant.connections) count += c.tenant_id == tenant_id ? 1 : 0;
  }
  return count;
}

}  // namespace xerosync::emulator
