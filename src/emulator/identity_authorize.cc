// The authorize step of the code flow: the consent page (login.xero.com) and its answer.
#include <optional>

#include "emulator/identity.h"
#include "emulator/identity_util.h"

namespace xerosync::emulator {

using namespace identity_internal;  // NOLINT(google-build-using-namespace): this module's helpers

namespace {

// The parameters of an authorize request, from the query (GET) or the consent form (POST).
struct AuthorizeParams {
  std::string response_type, client_id, redirect_uri, scope, state, code_challenge,
      code_challenge_method;
};

std::string Get(const std::vector<std::pair<std::string, std::string>>& pairs,
                std::string_view name) {
  for (const auto& [k, v] : pairs) {
    if (k == name) return v;
  }
  return "";
}

AuthorizeParams ReadParams(const std::vector<std::pair<std::string, std::string>>& pairs) {
  return {Get(pairs, "response_type"),
          Get(pairs, "client_id"),
          Get(pairs, "redirect_uri"),
          Get(pairs, "scope"),
          Get(pairs, "state"),
          Get(pairs, "code_challenge"),
          Get(pairs, "code_challenge_method")};
}

// Login's own error page: shown, never redirected, when the client or redirect URI is wrong.
http::Response ErrorPage(std::string_view error, std::string_view description) {
  return http::Response::Html(
      400,
      "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Error | Xero"
      "</title></head><body><main><h1>Sorry, something went wrong</h1><p>Error: <code>" +
          HtmlEscape(error) + "</code></p><p>" + HtmlEscape(description) +
          "</p></main></body></html>");
}

http::Response RedirectError(const AuthorizeParams& p, std::string_view error,
                             std::string_view description);

// Login's error page when the client is unknown or the redirect URI is not one of its own.
std::optional<http::Response> CheckClient(const App* app, const AuthorizeParams& p) {
  if (app == nullptr) {
    return ErrorPage("unauthorized_client", "Unknown client or client not enabled");
  }
  if (!Contains(app->redirect_uris, p.redirect_uri)) {
    return ErrorPage("invalid_request", "Invalid redirect_uri");
  }
  return std::nullopt;
}

// The redirect with invalid_scope when a scope is unknown or not allowed to this app.
std::optional<http::Response> CheckScopes(const App& app, const AuthorizeParams& p,
                                          const std::vector<std::string>& scopes) {
  for (const std::string& s : scopes) {
    if (!IsKnownScope(s, app.granular_scopes_only)) {
      return RedirectError(p, "invalid_scope", "Invalid scope for client: " + s);
    }
  }
  return std::nullopt;
}

http::Response RedirectError(const AuthorizeParams& p, std::string_view error,
                             std::string_view description) {
  std::vector<std::pair<std::string, std::string>> params = {
      {"error", std::string(error)}, {"error_description", std::string(description)}};
  if (!p.state.empty()) params.emplace_back("state", p.state);
  return http::Response::Redirect(WithQuery(p.redirect_uri, params));
}

}  // namespace

http::Response Identity::Authorize(const http::Request& request) {
  const AuthorizeParams p = ReadParams(request.query);
  std::lock_guard lock(mu_);
  const App* app = FindApp(p.client_id);
  if (auto error = CheckClient(app, p)) return std::move(*error);
  if (p.response_type != "code") {
    return RedirectError(p, "unsupported_response_type", "response_type must be code");
  }
  const std::vector<std::string> scopes = SplitScopes(p.scope);
  if (scopes.empty()) return RedirectError(p, "invalid_scope", "No scope requested");
  if (auto error = CheckScopes(*app, p, scopes)) return std::move(*error);
  if (!p.code_challenge_method.empty() && p.code_challenge_method != "S256") {
    return RedirectError(p, "invalid_request", "code_challenge_method must be S256");
  }
  if (app->client_secret.empty() && p.code_challenge.empty()) {
    return RedirectError(p, "invalid_request", "code_challenge is required for this client");
  }
  if (options_.auto_consent) {
    std::vector<std::string> all;
    for (const Tenant& t : tenants_) all.push_back(t.id);
    return RedirectWithCode(*app, p.redirect_uri, scopes, all, p.state, p.code_challenge);
  }
  // The consent page: the app, what it asks for, and the organisations to choose from.
  std::string page =
      "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Xero | Authorise "
      "app</title></head><body><main><h1>" +
      HtmlEscape(app->name) + " wants access to your Xero organisation</h1><p>It asks for: <code>" +
      HtmlEscape(JoinScopes(scopes)) +
      "</code></p><form method=\"post\" action=\"/identity/connect/authorize\"><fieldset>"
      "<legend>Organisations</legend>";
  for (std::size_t i = 0; i < tenants_.size(); ++i) {
    page += "<label><input type=\"checkbox\" name=\"tenant\" value=\"" +
            HtmlEscape(tenants_[i].id) + "\"" + (i == 0 ? " checked" : "") + "> " +
            HtmlEscape(tenants_[i].name) + "</label><br>";
  }
  page += "</fieldset>";
  for (const auto& [name, value] : std::vector<std::pair<std::string, std::string>>{
           {"response_type", p.response_type},
           {"client_id", p.client_id},
           {"redirect_uri", p.redirect_uri},
           {"scope", p.scope},
           {"state", p.state},
           {"code_challenge", p.code_challenge},
           {"code_challenge_method", p.code_challenge_method}}) {
    page += "<input type=\"hidden\" name=\"" + name + "\" value=\"" + HtmlEscape(value) + "\">";
  }
  page +=
      "<button type=\"submit\" name=\"decision\" value=\"allow\">Allow access</button> "
      "<button type=\"submit\" name=\"decision\" value=\"deny\">Cancel</button></form></main>"
      "</body></html>";
  return http::Response::Html(200, std::move(page));
}

http::Response Identity::Consent(const http::Request& request) {
  Result<std::vector<std::pair<std::string, std::string>>> form = http::DecodeForm(request.body);
  if (!form.ok()) return ErrorPage("invalid_request", form.status().message());
  const AuthorizeParams p = ReadParams(*form);
  std::lock_guard lock(mu_);
  const App* app = FindApp(p.client_id);
  if (auto error = CheckClient(app, p)) return std::move(*error);
  if (Get(*form, "decision") != "allow") {
    return RedirectError(p, "access_denied", "The user declined to authorise the app");
  }
  const std::vector<std::string> scopes = SplitScopes(p.scope);
  if (auto error = CheckScopes(*app, p, scopes)) return std::move(*error);
  if (scopes.empty() || (app->client_secret.empty() && p.code_challenge.empty())) {
    return RedirectError(p, "invalid_request", "The consent form is incomplete");
  }
  std::vector<std::string> chosen;
  for (const auto& [name, value] : *form) {
    if (name != "tenant") continue;
    for (const Tenant& t : tenants_) {
      if (t.id == value && !Contains(chosen, value)) chosen.push_back(value);
    }
  }
  if (chosen.empty()) return ErrorPage("invalid_request", "Choose at least one organisation");
  return RedirectWithCode(*app, p.redirect_uri, scopes, chosen, p.state, p.code_challenge);
}

http::Response Identity::RedirectWithCode(const App& app, const std::string& redirect_uri,
                                          const std::vector<std::string>& scopes,
                                          const std::vector<std::string>& tenant_ids,
                                          const std::string& state, const std::string& challenge) {
  const std::string code = random_.Token(32);
  codes_[code] = Code{app.client_id, redirect_uri, challenge,
                      scopes,        tenant_ids,   clock_.Now() + options_.code_lifetime};
  std::vector<std::pair<std::string, std::string>> params = {{"code", code},
                                                             {"scope", JoinScopes(scopes)}};
  if (!state.empty()) params.emplace_back("state", state);
  params.emplace_back("session_state", random_.Token(16));
  return http::Response::Redirect(WithQuery(redirect_uri, params));
}

}  // namespace xerosync::emulator
