// The connection routes, called without sockets against a real SQLite store, the sync engine and
// the Xero emulator (its identity endpoints with auto-consent): connect through Xero's consent
// redirect, choose organisations, disconnect (syncs stop, nothing is lost) and reconnect (the
// backlog syncs by itself). Every JSON answer is held to docs/api.openapi.json.

#include "api/connection_routes.h"

#include <gtest/gtest.h>

#include <cctype>
#include <map>
#include <string>
#include <vector>

#include "api/routes_test_util.h"

namespace xerosync::api::testing {
namespace {

// The query parameter `name` of a URL or location.
std::string QueryOf(const std::string& url, std::string_view name) {
  const std::size_t q = url.find('?');
  if (q == std::string::npos) return "";
  return xero::testing::Param(http::DecodeForm(url.substr(q + 1)).value_or(Query{}), name);
}

class ConnectionRoutesTest : public RoutesTest {
 protected:
  // Presses Connect (or Reconnect): the authorize URL.
  std::string StartSignIn(const std::string& which = "connect") {
    auto [status, body] = Send("POST", "/api/v1/connection/" + which);
    EXPECT_EQ(status, 200) << body.Serialize();
    return Text(body, {"authorize_url"});
  }

  // The browser at Xero (auto-consent: every demo organisation), then back at the callback.
  http::Response ConsentAndReturn(const std::string& authorize_url) {
    const Query query = xero::testing::FollowAuthorize(transport_, authorize_url);
    std::string target = "/api/v1/connection/callback?";
    for (const auto& [k, v] : query) target += k + "=" + xero::FormEncode(v) + "&";
    return Raw("GET", target);
  }
};

TEST_F(ConnectionRoutesTest, NeverConnectedSaysSoWithTheCataloguesFix) {
  Wire("fresh");
  auto [status, body] = Send("GET", "/api/v1/connection");
  ASSERT_EQ(status, 200) << body.Serialize();
  EXPECT_EQ(Text(body, {"connection"}), "fresh");
  EXPECT_EQ(Text(body, {"state"}), "never_connected");
  EXPECT_EQ(Text(body, {"problem", "code"}), "connection.not_connected");
  EXPECT_EQ(Text(body, {"problem", "title"}), "Organisation not connected");
  EXPECT_NE(Text(body, {"problem", "fix"}).find("Connect"), std::string::npos);
  EXPECT_EQ(Text(body, {"redirect_uri"}), "http://127.0.0.1:8080/api/v1/connection/callback");
  // The fixture's organisation is under another connection, which works.
  ASSERT_NE(Org(body, kNz), nullptr);
  EXPECT_EQ(Text(*Org(body, kNz), {"connected"}), "true");
  EXPECT_EQ(Text(*Org(body, kNz), {"last_run"}), "null");

  std::tie(status, body) = Send("POST", "/api/v1/connection/reconnect");
  EXPECT_EQ(status, 409);
  EXPECT_EQ(Text(body, {"error", "code"}), "failed_precondition");
}

TEST_F(ConnectionRoutesTest, ConnectThroughXerosConsentSavesTheOrganisationsAndAsksToChoose) {
  Wire("fresh");
  const std::string url = StartSignIn();
  EXPECT_TRUE(url.starts_with(std::string(xero::testing::kBase) + "/identity/connect/authorize?"))
      << url;
  EXPECT_EQ(QueryOf(url, "redirect_uri"), "http://127.0.0.1:8080/api/v1/connection/callback");
  EXPECT_EQ(QueryOf(url, "code_challenge_method"), "S256");
  EXPECT_EQ(QueryOf(url, "state").size(), 43u);  // 32 random bytes, base64url

  const http::Response back = ConsentAndReturn(url);
  // Two organisations where none was connected: the console asks which to keep.
  EXPECT_EQ(back.status, 303) << back.body;
  EXPECT_EQ(back.headers.Get("Location").value_or(""), "/#/integrations?choose=1");

  auto [status, body] = Send("GET", "/api/v1/connection");
  ASSERT_EQ(status, 200);
  EXPECT_EQ(Text(body, {"state"}), "active");
  EXPECT_EQ(Text(body, {"problem"}), "null");
  ASSERT_NE(Org(body, kUk), nullptr);
  EXPECT_EQ(Text(*Org(body, kUk), {"name"}), "Demo Company (UK)");
  EXPECT_EQ(Text(*Org(body, kUk), {"connection"}), "fresh");
  EXPECT_EQ(Text(*Org(body, kUk), {"connected"}), "true");
  EXPECT_EQ(Text(*Org(body, kNz), {"connection"}), "fresh");  // moved to this connection

  // Their settings were read from Xero, and a run of each is scheduled.
  EXPECT_TRUE(store_->GetSettings(domain::TenantId(kUk), "tax_rates").value().has_value());
  ASSERT_TRUE(scheduler_->NextDue().has_value());
  EXPECT_LE(*scheduler_->NextDue(), Now() + std::chrono::seconds(5));

  int audited = 0;
  for (const store::AuditEntry& e : Audit()) {
    if (e.action == "connection.connect") {
      ++audited;
      EXPECT_EQ(e.actor, "api");
    }
  }
  EXPECT_EQ(audited, 2);

  // The picker keeps one: the other is disconnected at Xero and paused here.
  std::tie(status, body) = Send("POST", "/api/v1/connection/organisations",
                                R"({"keep":[")" + std::string(kNz) + R"("]})");
  ASSERT_EQ(status, 200) << body.Serialize();
  EXPECT_EQ(Text(*Org(body, kNz), {"connected"}), "true");
  EXPECT_EQ(Text(*Org(body, kUk), {"connected"}), "false");
  EXPECT_EQ(Text(*Org(body, kUk), {"paused_code"}), "connection.not_connected");
  EXPECT_EQ(connector_->manager().Describe("fresh")->tenant_ids,
            std::vector<std::string>{std::string(kNz)});
}

TEST_F(ConnectionRoutesTest, AStateIsSingleUseExpiresAndIsNeverEchoed) {
  const std::string url = StartSignIn();
  const Query query = xero::testing::FollowAuthorize(transport_, url);
  std::string target = "/api/v1/connection/callback?";
  for (const auto& [k, v] : query) target += k + "=" + xero::FormEncode(v) + "&";
  EXPECT_EQ(Raw("GET", target).status, 303);
  // The same redirect again (a reload, or a replay).
  http::Response again = Raw("GET", target);
  EXPECT_EQ(again.status, 400);
  EXPECT_EQ(again.headers.Get("Content-Type").value_or(""), "text/html; charset=utf-8");
  EXPECT_NE(again.body.find("used already"), std::string::npos);
  EXPECT_NE(again.body.find("href=\"/#/integrations\""), std::string::npos);

  // A state 10 minutes old.
  const std::string late = StartSignIn();
  emulator_.clock().Advance(std::chrono::minutes(10) + std::chrono::seconds(1));
  http::Response expired = ConsentAndReturn(late);
  EXPECT_EQ(expired.status, 400);
  EXPECT_NE(expired.body.find("expired"), std::string::npos);

  // A forged one, with markup in it: refused, and not shown back.
  http::Response forged = Raw("GET", "/api/v1/connection/callback?code=x&state=%3Cscript%3E");
  EXPECT_EQ(forged.status, 400);
  EXPECT_EQ(forged.body.find("<script>"), std::string::npos);
  EXPECT_EQ(Raw("GET", "/api/v1/connection/callback?code=x").status, 400);
}

TEST_F(ConnectionRoutesTest, DecliningOnXerosPageChangesNothing) {
  const std::string url = StartSignIn();
  const std::string state = QueryOf(url, "state");
  const int64_t audit_before = static_cast<int64_t>(Audit().size());
  http::Response declined = Raw(
      "GET", "/api/v1/connection/callback?error=access_denied&state=" + xero::FormEncode(state));
  EXPECT_EQ(declined.status, 400);
  EXPECT_NE(declined.body.find("not granted"), std::string::npos);
  EXPECT_EQ(static_cast<int64_t>(Audit().size()), audit_before);
  // Another error, with markup: escaped, and cut to Xero's length.
  const std::string other = QueryOf(StartSignIn(), "state");
  const http::Response hostile =
      Raw("GET", "/api/v1/connection/callback?error=%3Cimg%20src%3Dx%3E" + std::string(200, 'z') +
                     "&state=" + xero::FormEncode(other));
  EXPECT_EQ(hostile.status, 400);
  EXPECT_EQ(hostile.body.find("<img"), std::string::npos);
  EXPECT_NE(hostile.body.find("&lt;img"), std::string::npos);
  EXPECT_EQ(hostile.body.find(std::string(100, 'z')), std::string::npos);
  auto [status, body] = Send("GET", "/api/v1/connection");
  EXPECT_EQ(Text(body, {"state"}), "active");
  // The state was spent on the refusal.
  EXPECT_EQ(
      Raw("GET", "/api/v1/connection/callback?code=x&state=" + xero::FormEncode(state)).status,
      400);
}

TEST_F(ConnectionRoutesTest, DisconnectStopsSyncsKeepsEverythingAndReconnectSyncsTheBacklog) {
  // The host app has a webhook: it hears that the connection changed, both ways.
  ASSERT_TRUE(
      store_->PutInstallationSetting(store::kWebhookUrlSetting, "http://127.0.0.1:9/hook").ok());
  const auto connection_events = [&] {
    std::vector<std::string> statuses;
    const std::vector<store::OutboxEvent> events = store_->ListEvents({}).value();
    for (const store::OutboxEvent& e : events) {
      if (e.type == store::kConnectionChanged) {
        statuses.push_back(Text(Json::Parse(e.data).value(), {"status"}));
      }
    }
    return statuses;
  };
  Push({Contact(1), Invoice(1, 1)});
  ASSERT_EQ(Sync().run.counts.synced, 2);
  const std::string old_token = token_store_->Load(kConnection)->access_token;
  ASSERT_EQ(Get(old_token, kNz).first, 200);

  auto [status, body] = Send("POST", "/api/v1/connection/disconnect");
  ASSERT_EQ(status, 200) << body.Serialize();
  EXPECT_EQ(Text(body, {"state"}), "disconnected");
  EXPECT_EQ(Text(body, {"problem", "code"}), "connection.not_connected");
  EXPECT_EQ(Text(body, {"problem", "message"}),
            "Demo NZ is not connected to xerosync (it was disconnected, or never connected).");
  EXPECT_EQ(Text(*Org(body, kNz), {"connected"}), "false");
  EXPECT_EQ(Text(*Org(body, kNz), {"paused_code"}), "connection.not_connected");
  EXPECT_NE(Text(*Org(body, kNz), {"paused_reason"}).find("by api"), std::string::npos);
  // Xero was told: the organisation's connection is gone there, so the old token is refused.
  EXPECT_NE(Get(old_token, kNz).first, 200);
  EXPECT_EQ(store_->ListAudit(domain::TenantId(kNz), 0, 100).value().back().action,
            "connection.disconnect");

  EXPECT_EQ(connection_events(), std::vector<std::string>{"paused"});

  // Documents are still accepted; a run refuses without calling Xero; nothing is lost.
  Push({Invoice(2, 1)});
  const int64_t sent = transport_.sent();
  const sync::RunReport refused = Sync();
  EXPECT_EQ(refused.run.outcome, store::RunOutcome::kPaused);
  EXPECT_EQ(transport_.sent(), sent);
  EXPECT_EQ(CountIn(store::DocumentState::kSynced), 2);
  EXPECT_EQ(Doc(store::DocumentKind::kInvoice, "i2").state, store::DocumentState::kPaused);
  std::tie(status, body) = Send("POST", "/api/v1/connection/disconnect");
  EXPECT_EQ(status, 409);

  // Reconnect: the organisation resumes and its run is scheduled; the run syncs the backlog.
  const http::Response back = ConsentAndReturn(StartSignIn("reconnect"));
  EXPECT_EQ(back.status, 303) << back.body;
  EXPECT_EQ(back.headers.Get("Location").value_or(""), "/#/integrations?choose=1");
  std::tie(status, body) = Send("GET", "/api/v1/connection");
  EXPECT_EQ(Text(body, {"state"}), "active");
  EXPECT_EQ(Text(*Org(body, kNz), {"paused"}), "false");
  EXPECT_EQ(Doc(store::DocumentKind::kInvoice, "i2").state, store::DocumentState::kPending);
  emulator_.clock().Advance(std::chrono::seconds(5));
  const std::vector<sync::RunReport> runs = scheduler_->RunDue();
  ASSERT_FALSE(runs.empty());
  EXPECT_EQ(Doc(store::DocumentKind::kInvoice, "i2").state, store::DocumentState::kSynced);
  ExpectEachInvoiceOnce(2);
  EXPECT_EQ(connection_events(), (std::vector<std::string>{"paused", "resumed"}));
  for (const store::AuditEntry& e : Audit()) {
    if (e.action == "connection.reconnect") {
      EXPECT_EQ(e.actor, "api");
    }
  }
}

TEST_F(ConnectionRoutesTest, ReconnectingTheSameOrganisationsGoesStraightBack) {
  ASSERT_TRUE(store_->UpsertOrganisation(domain::TenantId(kUk), kConnection, "Demo UK").ok());
  const http::Response back = ConsentAndReturn(StartSignIn("reconnect"));
  EXPECT_EQ(back.status, 303);
  EXPECT_EQ(back.headers.Get("Location").value_or(""), "/#/integrations?connected=2");
  auto [status, body] = Send("GET", "/api/v1/orgs");
  ASSERT_EQ(status, 200);
  ASSERT_EQ(body.Find("organisations")->AsArray().size(), 2u);
  EXPECT_EQ(Text(*Org(body, kUk), {"name"}), "Demo Company (UK)");  // Xero's name now
}

TEST_F(ConnectionRoutesTest, DisconnectingOneOrganisationLeavesTheOtherConnected) {
  ASSERT_TRUE(store_->UpsertOrganisation(domain::TenantId(kUk), kConnection, "Demo UK").ok());
  auto [status, body] = Send("POST", "/api/v1/connection/disconnect",
                             R"({"tenant_id":")" + std::string(kUk) + R"("})");
  ASSERT_EQ(status, 200) << body.Serialize();
  EXPECT_EQ(Text(body, {"state"}), "active");
  EXPECT_EQ(Text(*Org(body, kUk), {"connected"}), "false");
  EXPECT_EQ(Text(*Org(body, kUk), {"paused_code"}), "connection.not_connected");
  EXPECT_EQ(Text(*Org(body, kNz), {"connected"}), "true");
  EXPECT_EQ(Text(*Org(body, kNz), {"paused"}), "false");
  // Its runs stay paused and call nothing; the other organisation syncs.
  Push({Contact(1)});
  ASSERT_TRUE(
      store_->Accept(domain::TenantId(kUk), std::vector<store::IncomingDocument>{Contact(2)}, Now())
          .ok());
  const int64_t sent = transport_.sent();
  Result<sync::RunReport> uk = engine_->RunOnce(domain::TenantId(kUk), store::RunTrigger::kManual);
  ASSERT_TRUE(uk.ok()) << uk.status();
  EXPECT_EQ(uk->run.outcome, store::RunOutcome::kPaused);
  EXPECT_EQ(transport_.sent(), sent);
  EXPECT_EQ(Sync().run.counts.synced, 1);
  // It is no longer among the connection's organisations at Xero either.
  std::tie(status, body) = Send("POST", "/api/v1/connection/disconnect",
                                R"({"tenant_id":")" + std::string(kUk) + R"("})");
  EXPECT_EQ(status, 400);
  EXPECT_EQ(Text(body, {"error", "field"}), "tenant_id");
}

TEST_F(ConnectionRoutesTest, BadInputIsRefusedNamingTheFieldAndChangesNothing) {
  struct Case {
    std::string path;
    std::string body;
    std::string field;
  };
  const std::vector<Case> cases = {
      {"/api/v1/connection/disconnect", R"({"tenant_id":5})", "tenant_id"},
      {"/api/v1/connection/disconnect", R"({"tenant_id":"nobody"})", "tenant_id"},
      {"/api/v1/connection/disconnect", "{\"tenant_id\":\"a\\u0000b\"}", "tenant_id"},
      {"/api/v1/connection/disconnect", "[1]", ""},
      {"/api/v1/connection/disconnect", "{", ""},
      {"/api/v1/connection/organisations", "{}", "keep"},
      {"/api/v1/connection/organisations", R"({"keep":"x"})", "keep"},
      {"/api/v1/connection/organisations", R"({"keep":[]})", "keep"},
      {"/api/v1/connection/organisations", R"({"keep":[7]})", "keep[0]"},
      {"/api/v1/connection/organisations", R"({"keep":[")" + std::string(kNz) + R"(","zz"]})",
       "keep[1]"},
      {"/api/v1/connection/connect", "{", ""},
  };
  for (const Case& c : cases) {
    auto [status, body] = Send("POST", c.path, c.body);
    EXPECT_EQ(status, 400) << c.path << " " << c.body;
    if (!c.field.empty()) {
      EXPECT_EQ(Text(body, {"error", "field"}), c.field) << c.body;
    }
  }
  auto [status, body] = Send("GET", "/api/v1/connection");
  EXPECT_EQ(Text(body, {"state"}), "active");
  EXPECT_EQ(connector_->manager().Describe(kConnection)->tenant_ids.size(), 2u);
  EXPECT_EQ(Text(*Org(body, kNz), {"paused"}), "false");
  EXPECT_TRUE(Audit().empty());
}

TEST_F(ConnectionRoutesTest, WithoutARedirectUriConnectSaysWhatIsMissing) {
  connector_->SetRedirectUri("");
  auto [status, body] = Send("POST", "/api/v1/connection/connect");
  EXPECT_EQ(status, 409);
  EXPECT_NE(Text(body, {"error", "message"}).find("XEROSYNC_REDIRECT_URI"), std::string::npos);
}

TEST_F(ConnectionRoutesTest, EachRouteAsksItsPermissionAndARefusalChangesNothing) {
  Wire(kConnection, /*with_access=*/true);
  std::map<store::Role, std::string> keys;
  for (const store::Role role :
       {store::Role::kViewer, store::Role::kOperator, store::Role::kAdmin}) {
    keys[role] = access_->CreateApiKey(std::string(store::RoleName(role)) + "-key", role)->key;
  }
  const auto status_of = [&](const std::string& method, const std::string& path,
                             const std::string& key, const std::string& body = "") {
    return Raw(method, path, body, key).status;
  };
  // Seeing the connection is a viewer's; nobody without credentials.
  for (const std::string path : {"/api/v1/connection", "/api/v1/orgs"}) {
    EXPECT_EQ(status_of("GET", path, ""), 401) << path;
    EXPECT_EQ(status_of("GET", path, keys[store::Role::kViewer]), 200) << path;
  }
  // Connecting, choosing and disconnecting are an admin's.
  const std::string keep = R"({"keep":[")" + std::string(kNz) + R"("]})";
  for (const store::Role role : {store::Role::kViewer, store::Role::kOperator}) {
    EXPECT_EQ(status_of("POST", "/api/v1/connection/connect", keys[role]), 403);
    EXPECT_EQ(status_of("POST", "/api/v1/connection/reconnect", keys[role]), 403);
    EXPECT_EQ(status_of("POST", "/api/v1/connection/organisations", keys[role], keep), 403);
    EXPECT_EQ(status_of("POST", "/api/v1/connection/disconnect", keys[role]), 403);
  }
  EXPECT_EQ(status_of("POST", "/api/v1/connection/disconnect", ""), 401);
  EXPECT_EQ(connector_->manager().Describe(kConnection)->tenant_ids.size(), 2u);
  EXPECT_EQ(connector_->manager().Describe(kConnection)->state, xero::ConnectionState::kActive);

  // An admin starts; the browser comes back from Xero with no credentials of ours: the state is
  // the proof, and the audit names who pressed Connect.
  const http::Response started =
      Raw("POST", "/api/v1/connection/reconnect", "", keys[store::Role::kAdmin]);
  ASSERT_EQ(started.status, 200) << started.body;
  const std::string url = Text(Json::Parse(started.body).value(), {"authorize_url"});
  EXPECT_EQ(ConsentAndReturn(url).status, 303);
  bool audited = false;
  for (const store::AuditEntry& e : Audit()) {
    if (e.action == "connection.reconnect") {
      audited = true;
      EXPECT_EQ(e.actor, "api:admin-key");
    }
  }
  EXPECT_TRUE(audited);
  EXPECT_EQ(status_of("POST", "/api/v1/connection/organisations", keys[store::Role::kAdmin], keep),
            200);
  EXPECT_EQ(status_of("POST", "/api/v1/connection/disconnect", keys[store::Role::kAdmin]), 200);
  EXPECT_EQ(connector_->manager().Describe(kConnection)->state,
            xero::ConnectionState::kDisconnected);
}

TEST_F(ConnectionRoutesTest, ASignInIsBoundToWhoStartedIt) {
  Wire(kConnection, /*with_access=*/true);
  const std::string ann = access_->CreateApiKey("ann-key", store::Role::kAdmin)->key;
  const std::string bob = access_->CreateApiKey("bob-key", store::Role::kAdmin)->key;
  const http::Response started = Raw("POST", "/api/v1/connection/reconnect", "", ann);
  ASSERT_EQ(started.status, 200) << started.body;
  const Query query = xero::testing::FollowAuthorize(
      transport_, Text(Json::Parse(started.body).value(), {"authorize_url"}));
  std::string target = "/api/v1/connection/callback?";
  for (const auto& [k, v] : query) target += k + "=" + xero::FormEncode(v) + "&";
  // Ann's sign-in, completed in Bob's browser: refused, and spent.
  const http::Response as_bob = Raw("GET", target, "", bob);
  EXPECT_EQ(as_bob.status, 400);
  EXPECT_NE(as_bob.body.find("started by someone else"), std::string::npos);
  EXPECT_EQ(Raw("GET", target, "", ann).status, 400);
  bool connected = false;
  for (const store::AuditEntry& e : Audit())
    connected = connected || e.action == "connection.reconnect";
  EXPECT_FALSE(connected);
  // In Ann's own browser (or one without a session) it goes through.
  const http::Response again = Raw("POST", "/api/v1/connection/reconnect", "", ann);
  const Query second = xero::testing::FollowAuthorize(
      transport_, Text(Json::Parse(again.body).value(), {"authorize_url"}));
  target = "/api/v1/connection/callback?";
  for (const auto& [k, v] : second) target += k + "=" + xero::FormEncode(v) + "&";
  EXPECT_EQ(Raw("GET", target, "", ann).status, 303);
  EXPECT_EQ(Audit().back().actor, "api:ann-key");
}

// Every route of docs/api.openapi.json these files own is served, and its answer to a call
// without a body is described there (a route added to one and not the other fails here).
TEST_F(ConnectionRoutesTest, EveryRouteOfTheDescriptionIsServedAndDescribed) {
  int checked = 0;
  for (const auto& [pattern, item] : Spec().Find("paths")->AsObject()) {
    if (!CoveredByRoutesTest(pattern)) continue;
    std::string path = pattern;
    for (const auto& [name, value] :
         {std::pair<std::string, std::string>{"{tenant}", kNz}, {"{id}", "1"}}) {
      if (const std::size_t at = path.find(name); at != std::string::npos) {
        path.replace(at, name.size(), value);
      }
    }
    for (const auto& [method, operation] : item.AsObject()) {
      if (method == "parameters") continue;
      std::string verb = method;
      for (char& c : verb) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      ++checked;
      if (path == "/api/v1/connection/callback") {
        EXPECT_EQ(Raw(verb, path).status, 400);  // no state: the page says so
        continue;
      }
      auto [status, body] = Send(verb, path, verb == "GET" ? "" : "{}");
      EXPECT_NE(status, 405) << verb << " " << path;
      EXPECT_EQ(Text(body, {"error", "message"}).find("no route"), std::string::npos)
          << verb << " " << path;
    }
  }
  EXPECT_GE(checked, 7);
}

}  // namespace
}  // namespace xerosync::api::testing
