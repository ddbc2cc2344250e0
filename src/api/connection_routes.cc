#include "api/connection_routes.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <utility>
#include <variant>

#include "api/parts.h"
#include "api/routes.h"
#include "core/json.h"
#include "rules/catalogue.h"

namespace xerosync::api {

// ---- Connector ----

Connector::Connector(xero::Transport& transport, xero::XeroEndpoints endpoints, xero::OAuthApp app,
                     xero::TokenStore& tokens, const Clock& clock, access::Random& random,
                     ConnectorOptions options)
    : transport_(transport),
      endpoints_(std::move(endpoints)),
      app_(std::move(app)),
      tokens_(tokens),
      clock_(clock),
      random_(random),
      options_(std::move(options)),
      oauth_(transport_, endpoints_, app_),
      manager_(oauth_, tokens_, clock_),
      redirect_uri_(app_.redirect_uri) {}

void Connector::SetRedirectUri(std::string uri) {
  std::lock_guard lock(mu_);
  redirect_uri_ = std::move(uri);
}

std::string Connector::redirect_uri() const {
  std::lock_guard lock(mu_);
  return redirect_uri_;
}

xero::OAuthApp Connector::AppWith(std::string redirect_uri) const {
  xero::OAuthApp app = app_;
  app.redirect_uri = std::move(redirect_uri);
  return app;
}

Result<std::string> Connector::Start(std::string actor, bool reconnect) {
  const std::string redirect = redirect_uri();
  if (redirect.empty()) {
    return FailedPreconditionError(
        "no redirect URI is configured for the Xero app (XEROSYNC_REDIRECT_URI)");
  }
  const std::string state = access::RandomBase64Url(random_, 32);  // 256 bits
  const xero::Pkce pkce = xero::NewPkce();
  const xero::OAuthClient client(transport_, endpoints_, AppWith(redirect));
  const TimePoint now = clock_.Now();
  std::lock_guard lock(mu_);
  // Expired sign-ins go first; then, if still full, the one that expires soonest.
  std::erase_if(pending_, [now](const auto& entry) { return entry.second.expires <= now; });
  while (pending_.size() >= std::max<std::size_t>(1, options_.max_pending)) {
    pending_.erase(std::ranges::min_element(pending_, [](const auto& a, const auto& b) {
      return a.second.expires < b.second.expires;
    }));
  }
  pending_[state] = PendingSignIn{pkce.verifier, std::move(actor), redirect,
                                  now + options_.state_lifetime, reconnect};
  return client.AuthorizeUrl(state, pkce.challenge);
}

Result<PendingSignIn> Connector::Take(std::string_view state) {
  std::lock_guard lock(mu_);
  const auto it = pending_.find(state);
  if (it == pending_.end()) {
    return NotFoundError("this sign-in is not known: it was used already, or xerosync restarted");
  }
  PendingSignIn sign_in = std::move(it->second);
  pending_.erase(it);
  if (sign_in.expires <= clock_.Now()) {
    return DeadlineExceededError("this sign-in expired: it is accepted for 10 minutes");
  }
  return sign_in;
}

Result<std::vector<xero::XeroConnection>> Connector::Exchange(const PendingSignIn& sign_in,
                                                              std::string_view code) {
  // The exchange names the redirect URI the authorize URL named, which may since have changed.
  const xero::OAuthClient client(transport_, endpoints_, AppWith(sign_in.redirect_uri));
  xero::TokenManager manager(client, tokens_, clock_);
  return manager.Connect(options_.connection_id, code, sign_in.code_verifier);
}

// ---- the routes ----

namespace {

using access::Permission;
using access::Principal;

constexpr std::string_view kConsole = "/#/integrations";

// The connection's description; nullopt when it was never connected.
Result<std::optional<xero::ConnectionInfo>> Describe(Connector& connector,
                                                     std::string_view connection_id) {
  Result<xero::ConnectionInfo> info = connector.manager().Describe(connection_id);
  if (info.ok()) return std::optional<xero::ConnectionInfo>(std::move(*info));
  if (info.status().code() == StatusCode::kNotFound) {
    return std::optional<xero::ConnectionInfo>();
  }
  return info.status();
}

// Whether the organisation's calls can go: its connection works and lists it.
bool Connected(const std::optional<xero::ConnectionInfo>& info, std::string_view tenant) {
  if (!info) return false;
  if (info->state != xero::ConnectionState::kActive &&
      info->state != xero::ConnectionState::kMissingScope) {
    return false;
  }
  return std::ranges::find(info->tenant_ids, tenant) != info->tenant_ids.end();
}

// The tenants the connection lists while it works; empty otherwise.
std::vector<std::string> ConnectedTenants(const std::optional<xero::ConnectionInfo>& info) {
  std::vector<std::string> tenants;
  if (!info) return tenants;
  for (const std::string& t : info->tenant_ids) {
    if (Connected(info, t)) tenants.push_back(t);
  }
  return tenants;
}

std::string_view StateName(const std::optional<xero::ConnectionInfo>& info) {
  return info ? xero::ConnectionStateName(info->state) : "never_connected";
}

// The catalogue's entry for a connection that is not active; nullptr when it is.
const rules::CatalogueEntry* ProblemOf(const std::optional<xero::ConnectionInfo>& info) {
  if (!info) return rules::FindEntry("connection.not_connected");
  switch (info->state) {
    case xero::ConnectionState::kActive:
      return nullptr;
    case xero::ConnectionState::kExpired:
      return rules::FindEntry("connection.expired");
    case xero::ConnectionState::kRevoked:
      return rules::FindEntry("connection.revoked");
    case xero::ConnectionState::kMissingScope:
      return rules::FindEntry("connection.missing_scope");
    case xero::ConnectionState::kDisconnected:
      return rules::FindEntry("connection.not_connected");
  }
  return nullptr;
}

// Each organisation with whether it is connected and its last run.
Result<Json> OrganisationsJson(ApiContext& context) {
  ASSIGN_OR_RETURN(const std::vector<store::Organisation> orgs, context.store.ListOrganisations());
  std::map<std::string, std::optional<xero::ConnectionInfo>> infos;
  Json list = Json::MakeArray();
  for (const store::Organisation& org : orgs) {
    auto it = infos.find(org.connection_id);
    if (it == infos.end()) {
      ASSIGN_OR_RETURN(std::optional<xero::ConnectionInfo> info,
                       Describe(*context.connector, org.connection_id));
      it = infos.emplace(org.connection_id, std::move(info)).first;
    }
    ASSIGN_OR_RETURN(const std::vector<store::SyncRun> runs,
                     context.store.ListRuns(org.tenant, 0, 1));
    Json json = OrganisationJson(org);
    json.Set("connection", Str(org.connection_id));
    json.Set("connected", Json::Bool(Connected(it->second, org.tenant.value())));
    json.Set("last_run", runs.empty() ? Json::Null() : RunJson(runs.front()));
    list.Append(std::move(json));
  }
  return list;
}

Response ConnectionView(ApiContext& context) {
  Connector& connector = *context.connector;
  Result<std::optional<xero::ConnectionInfo>> info = Describe(connector, connector.connection_id());
  if (!info.ok()) return StatusResponse(info.status());
  Result<Json> orgs = OrganisationsJson(context);
  if (!orgs.ok()) return StatusResponse(orgs.status());
  Json body = Json::MakeObject();
  body.Set("connection", Str(connector.connection_id()));
  body.Set("state", Str(StateName(*info)));
  body.Set("reason", Str(*info ? (*info)->reason : ""));
  Json problem = Json::Null();
  if (const rules::CatalogueEntry* entry = ProblemOf(*info)) {
    // The entry's {value}: the connection's organisations by name, as the console shows them.
    std::string names;
    if (Result<std::vector<store::Organisation>> all = context.store.ListOrganisations();
        all.ok()) {
      for (const store::Organisation& org : *all) {
        if (org.connection_id != connector.connection_id() || org.name.empty()) continue;
        names += (names.empty() ? "" : ", ") + org.name;
      }
    }
    const rules::TemplateValues values{{"value", names.empty() ? "the organisation" : names}};
    problem = Json::MakeObject();
    problem.Set("code", Str(entry->code));
    problem.Set("title", Str(entry->title));
    problem.Set("message", Str(rules::FormatMessage(*entry, values)));
    problem.Set("fix", Str(rules::FormatFix(*entry, values)));
  }
  body.Set("problem", std::move(problem));
  Json scopes = Json::MakeArray();
  if (*info) {
    for (const std::string& s : (*info)->scopes) scopes.Append(Str(s));
  }
  body.Set("scopes", std::move(scopes));
  body.Set("redirect_uri", Str(connector.redirect_uri()));
  body.Set("organisations", std::move(*orgs));
  return JsonResponse(200, body);
}

Response ListOrgs(ApiContext& context) {
  Result<Json> orgs = OrganisationsJson(context);
  if (!orgs.ok()) return StatusResponse(orgs.status());
  Json body = Json::MakeObject();
  body.Set("organisations", std::move(*orgs));
  return JsonResponse(200, body);
}

Response StartSignIn(ApiContext& context, const Request& request, const Principal& principal,
                     bool reconnect) {
  auto parsed = BodyObject(request, context, /*empty_is_object=*/true);
  if (auto* response = std::get_if<Response>(&parsed)) return std::move(*response);
  Connector& connector = *context.connector;
  if (reconnect) {
    Result<std::optional<xero::ConnectionInfo>> info =
        Describe(connector, connector.connection_id());
    if (!info.ok()) return StatusResponse(info.status());
    if (!*info) {
      return ErrorResponse(409, "failed_precondition",
                           "there is no connection to reconnect: connect first");
    }
  }
  Result<std::string> url = connector.Start(principal.Actor(), reconnect);
  if (!url.ok()) return StatusResponse(url.status());
  Json body = Json::MakeObject();
  body.Set("authorize_url", Str(*url));
  return JsonResponse(200, body);
}

// A small page for a browser that came back from Xero to something that went wrong.
Response Page(int status, std::string_view title, std::string_view message) {
  return http::Response::Html(
      status,
      "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>xerosync: " +
          http::HtmlEscape(title) +
          "</title><style>body{font-family:system-ui,sans-serif;margin:3em auto;max-width:40em;"
          "padding:0 1em;line-height:1.5}</style></head><body><main><h1>" +
          http::HtmlEscape(title) + "</h1><p>" + http::HtmlEscape(message) + "</p><p><a href=\"" +
          std::string(kConsole) + "\">Back to Integrations</a></p></main></body></html>");
}

Response SeeOther(std::string location) {
  Response response = http::Response::Empty(303);
  response.headers.Set("Location", std::move(location));
  return response;
}

// Xero's error= answer, in words that say what to do. `text` comes from the URL: it is escaped
// when shown.
std::string AuthorizeErrorText(std::string_view error) {
  if (error == "access_denied") {
    return "Access was not granted on Xero's page, so nothing changed. Press Connect again to "
           "retry.";
  }
  if (error == "invalid_scope" || error == "unauthorized_client") {
    return "Xero refused the permissions xerosync asks for (" + std::string(error) +
           "): the app's scopes do not match what Xero allows it.";
  }
  return "Xero refused the sign-in (" + std::string(error) + "). Nothing changed.";
}

std::string ExchangeErrorText(const Status& status) {
  switch (status.code()) {
    case StatusCode::kUnauthenticated:
      return "Xero refused the authorization code: it expired or was used already. Press Connect "
             "again.";
    case StatusCode::kPermissionDenied:
      return "Xero refused the app's credentials: check its client id and secret.";
    case StatusCode::kUnavailable:
      return "Xero did not answer. Press Connect again in a moment.";
    default:
      return "The connection failed: " + status.message();
  }
}

void Audit(ApiContext& context, std::string_view actor, std::string_view action,
           std::string_view subject, std::string detail,
           std::optional<domain::TenantId> organisation) {
  store::AuditEntry entry;
  entry.at = context.clock.Now();
  entry.actor = std::string(actor);
  entry.action = std::string(action);
  entry.subject = std::string(subject);
  entry.detail = std::move(detail);
  entry.organisation = std::move(organisation);
  // The audit line is a record, not a gate: the change it describes has happened already.
  (void)context.store.AppendAudit(entry);
}

Response Callback(ApiContext& context, Request& request) {
  Connector& connector = *context.connector;
  const std::optional<std::string_view> state = request.Query("state");
  if (!state || state->empty()) {
    return Page(400, "Not connected",
                "This address carries no sign-in: start from Connect on the Integrations page.");
  }
  Result<PendingSignIn> sign_in = connector.Take(*state);
  if (!sign_in.ok()) {
    return Page(400, "Not connected",
                sign_in.status().code() == StatusCode::kDeadlineExceeded
                    ? "This sign-in expired (they last 10 minutes). Nothing changed: press Connect "
                      "again."
                    : "This sign-in is unknown or was used already. Nothing changed: press "
                      "Connect again.");
  }
  // The sign-in is bound to who pressed Connect: a browser signed in as someone else (sent a
  // link to another's sign-in) is refused. Without a session the state alone is the proof.
  if (context.access != nullptr) {
    Result<access::Principal> who = context.access->Authenticate(request);
    if (who.ok() && who->Actor() != sign_in->actor) {
      return Page(400, "Not connected",
                  "This sign-in was started by someone else. Nothing changed: press Connect "
                  "yourself.");
    }
  }
  if (const std::optional<std::string_view> error = request.Query("error"); error) {
    // Xero's words are short codes; anything longer is not Xero's and is cut.
    return Page(400, "Not connected", AuthorizeErrorText(error->substr(0, 64)));
  }
  const std::optional<std::string_view> code = request.Query("code");
  if (!code || code->empty()) {
    return Page(400, "Not connected", "Xero sent no authorization code. Press Connect again.");
  }
  const std::string& connection_id = connector.connection_id();
  Result<std::optional<xero::ConnectionInfo>> before = Describe(connector, connection_id);
  const std::size_t connected_before = before.ok() ? ConnectedTenants(*before).size() : 0;

  Result<std::vector<xero::XeroConnection>> organisations = connector.Exchange(*sign_in, *code);
  if (!organisations.ok()) {
    return Page(organisations.status().code() == StatusCode::kUnavailable ? 503 : 400,
                "Not connected", ExchangeErrorText(organisations.status()));
  }
  if (organisations->empty()) {
    return Page(400, "Not connected",
                "No organisation was chosen on Xero's page. Press Connect again and tick one.");
  }
  const TimePoint now = context.clock.Now();
  for (const xero::XeroConnection& c : *organisations) {
    const domain::TenantId tenant(c.tenant_id);
    if (Status saved = context.store.UpsertOrganisation(tenant, connection_id, c.tenant_name);
        !saved.ok()) {
      return Page(500, "Not connected", "The organisations could not be saved: " + saved.message());
    }
    Result<store::Organisation> org = context.store.GetOrganisation(tenant);
    // Paused because the connection did not work: it does now. Other pauses (a day's limit) stay.
    if (org.ok() && org->paused_code && org->paused_code->starts_with("connection.")) {
      (void)context.store.ResumeOrganisation(tenant, now);
    }
    // The settings the pre-flight checks read; a failure here is not the connection's: the first
    // run reads them again.
    (void)context.engine.RefreshSettingsNow(tenant);
    if (context.scheduler != nullptr) context.scheduler->Changed(tenant);
    Audit(context, sign_in->actor,
          sign_in->reconnect ? "connection.reconnect" : "connection.connect", c.tenant_name,
          "connected under " + connection_id, tenant);
  }
  const std::size_t given = organisations->size();
  if (given > 1 && given > connected_before) {
    return SeeOther(std::string(kConsole) + "?choose=1");
  }
  return SeeOther(std::string(kConsole) + "?connected=" + std::to_string(given));
}

// Disconnects `tenants` (all of the connection's when `all`), pauses their organisations and
// audits it. The documents and errors stay; new documents are still accepted.
Status DisconnectTenants(ApiContext& context, const Principal& principal,
                         const std::vector<std::string>& tenants, bool all) {
  Connector& connector = *context.connector;
  const std::string& connection_id = connector.connection_id();
  if (all) {
    RETURN_IF_ERROR(connector.manager().DisconnectAll(connection_id));
  } else {
    for (const std::string& t : tenants) {
      RETURN_IF_ERROR(connector.manager().Disconnect(connection_id, t));
    }
  }
  const TimePoint now = context.clock.Now();
  const std::string reason = "disconnected from xerosync by " + principal.Actor();
  ASSIGN_OR_RETURN(const std::vector<store::Organisation> orgs, context.store.ListOrganisations());
  for (const store::Organisation& org : orgs) {
    const bool affected = all ? org.connection_id == connection_id
                              : std::ranges::find(tenants, org.tenant.value()) != tenants.end();
    if (!affected) continue;
    RETURN_IF_ERROR(
        context.store
            .PauseOrganisation(org.tenant, "connection.not_connected", reason, std::nullopt, now)
            .status());
    Audit(context, principal.Actor(), "connection.disconnect", org.name,
          "disconnected from " + connection_id, org.tenant);
  }
  return OkStatus();
}

Response Disconnect(ApiContext& context, const Request& request, const Principal& principal) {
  auto parsed = BodyObject(request, context, /*empty_is_object=*/true);
  if (auto* response = std::get_if<Response>(&parsed)) return std::move(*response);
  auto tenant = StringMember(std::get<Json>(parsed), "tenant_id");
  if (auto* response = std::get_if<Response>(&tenant)) return std::move(*response);
  const std::optional<std::string>& tenant_id = std::get<std::optional<std::string>>(tenant);

  Connector& connector = *context.connector;
  Result<std::optional<xero::ConnectionInfo>> info = Describe(connector, connector.connection_id());
  if (!info.ok()) return StatusResponse(info.status());
  const std::vector<std::string> connected = ConnectedTenants(*info);
  if (tenant_id) {
    if (auto bad = BadText(*tenant_id, "tenant_id", 128)) return std::move(*bad);
    if (std::ranges::find(connected, *tenant_id) == connected.end()) {
      return BadRequest("is not a connected organisation", "tenant_id");
    }
  } else if (!*info || (*info)->state == xero::ConnectionState::kDisconnected) {
    return ErrorResponse(409, "failed_precondition", "xerosync is not connected to Xero");
  }
  const bool all = !tenant_id || (connected.size() == 1 && connected.front() == *tenant_id);
  if (Status done = DisconnectTenants(
          context, principal, tenant_id ? std::vector<std::string>{*tenant_id} : connected, all);
      !done.ok()) {
    return StatusResponse(done);
  }
  return ConnectionView(context);
}

Response KeepOrganisations(ApiContext& context, const Request& request,
                           const Principal& principal) {
  auto parsed = BodyObject(request, context);
  if (auto* response = std::get_if<Response>(&parsed)) return std::move(*response);
  const Json* keep = std::get<Json>(parsed).Find("keep");
  if (keep == nullptr || !keep->is_array())
    return BadRequest("must be an array of tenant ids", "keep");
  if (keep->AsArray().empty()) {
    return BadRequest("keep at least one organisation; to drop them all, disconnect", "keep");
  }
  Connector& connector = *context.connector;
  Result<std::optional<xero::ConnectionInfo>> info = Describe(connector, connector.connection_id());
  if (!info.ok()) return StatusResponse(info.status());
  const std::vector<std::string> connected = ConnectedTenants(*info);
  std::set<std::string> kept;
  for (std::size_t i = 0; i < keep->AsArray().size(); ++i) {
    const Json& id = keep->AsArray()[i];
    const std::string field = "keep[" + std::to_string(i) + "]";
    if (!id.is_string()) return BadRequest("must be a tenant id", field);
    if (std::ranges::find(connected, id.AsString()) == connected.end()) {
      return BadRequest("is not a connected organisation", field);
    }
    kept.insert(id.AsString());
  }
  std::vector<std::string> dropped;
  for (const std::string& t : connected) {
    if (!kept.contains(t)) dropped.push_back(t);
  }
  if (!dropped.empty()) {
    if (Status done = DisconnectTenants(context, principal, dropped, /*all=*/false); !done.ok()) {
      return StatusResponse(done);
    }
  }
  return ConnectionView(context);
}

}  // namespace

void AddConnectionRoutes(http::Router& router, ApiContext& context) {
  using access::Permission;
  AddInstallationRoute(
      router, context, "GET", "/api/v1/connection", Permission::kViewStatus,
      [&context](Request&, const access::Principal&) { return ConnectionView(context); });
  AddInstallationRoute(
      router, context, "GET", "/api/v1/orgs", Permission::kViewStatus,
      [&context](Request&, const access::Principal&) { return ListOrgs(context); });
  AddInstallationRoute(router, context, "POST", "/api/v1/connection/connect", Permission::kConnect,
                       [&context](Request& request, const access::Principal& principal) {
                         return StartSignIn(context, request, principal, false);
                       });
  AddInstallationRoute(router, context, "POST", "/api/v1/connection/reconnect",
                       Permission::kConnect,
                       [&context](Request& request, const access::Principal& principal) {
                         return StartSignIn(context, request, principal, true);
                       });
  AddInstallationRoute(router, context, "POST", "/api/v1/connection/organisations",
                       Permission::kConnect,
                       [&context](Request& request, const access::Principal& principal) {
                         return KeepOrganisations(context, request, principal);
                       });
  AddInstallationRoute(router, context, "POST", "/api/v1/connection/disconnect",
                       Permission::kDisconnect,
                       [&context](Request& request, const access::Principal& principal) {
                         return Disconnect(context, request, principal);
                       });
  // No session: the browser comes back from Xero, and the single-use state is the proof.
  router.Add("GET", "/api/v1/connection/callback",
             [&context](Request& request) { return Callback(context, request); });
}

}  // namespace xerosync::api
