// `xerosync serve` end to end: connected to the emulator over loopback, started on port 0, and
// called with the real HTTP client (http/client.h) as the host app would call it. The emulator's
// fake clock is the service's clock; waiting for the rate budget advances it (no sleeping).

#include "cli/serve_command.h"

#include <gtest/gtest.h>

#include <string>

#include "access/secrets.h"
#include "cli/connect_command.h"
#include "cli/connection_test_util.h"
#include "core/json.h"
#include "http/client.h"

namespace xerosync::cli::testing {
namespace {

class ServeCommandTest : public SyncingCommandTest {
 protected:
  void Connect() {
    ConnectOptions options;
    options.connection = Flags();
    options.redirect_port = 0;
    options.timeout = std::chrono::seconds(30);
    CommandEnvironment environment = Env();
    environment.open_browser = [this](const std::string& url) { Browse(url); };
    ASSERT_EQ(RunConnect(options, environment), kExitOk) << err_.str();
  }

  ServeOptions Options(const std::string& listen = "127.0.0.1:0") {
    ServeOptions options;
    options.connection = Flags();
    options.listen = listen;
    // No scheduler threads: runs happen only when the test asks (POST .../sync), so that what
    // the test sees does not depend on thread timing.
    options.sync_workers = 0;
    options.password = access::PasswordParams::Cheapest();
    return options;
  }
};

// The first admin's password as serve printed it, or "".
std::string PrintedPassword(const std::string& out) {
  const std::string marker = "with password ";
  const std::size_t at = out.find(marker);
  if (at == std::string::npos) return "";
  const std::size_t start = at + marker.size();
  return out.substr(start, out.find(' ', start) - start);
}

http::ClientResponse Fetch(uint16_t port, const std::string& method, const std::string& path,
                           const std::string& body, const http::Headers& headers) {
  http::ClientRequest request;
  request.method = method;
  request.url = "http://127.0.0.1:" + std::to_string(port) + path;
  request.body = body;
  request.headers = headers;
  if (!body.empty()) request.headers.Set("Content-Type", "application/json");
  request.timeout = std::chrono::seconds(30);
  Result<http::ClientResponse> response = http::Fetch(request);
  EXPECT_TRUE(response.ok()) << response.status();
  return response.value_or(http::ClientResponse{});
}

// The answer to one request; the body parsed as JSON (every answer of the API is JSON).
std::pair<int, Json> Call(uint16_t port, const std::string& method, const std::string& path,
                          const std::string& body = "", const http::Headers& headers = {}) {
  const http::ClientResponse response = Fetch(port, method, path, body, headers);
  Result<Json> json = Json::Parse(response.body);
  EXPECT_TRUE(json.ok()) << method << " " << path << ": " << response.body;
  return {response.status, json.value_or(Json())};
}

std::string Field(const Json& json, std::string_view a, std::string_view b = {});

// Signs in as the first admin with the password serve printed, makes an operator's API key as the
// host app's developer would, and returns the header that carries it.
http::Headers OperatorKey(uint16_t port, const std::string& printed) {
  const std::string password = PrintedPassword(printed);
  EXPECT_FALSE(password.empty()) << "serve printed no password: " << printed;
  const http::ClientResponse login = Fetch(
      port, "POST", "/api/v1/session", R"({"name":"admin","password":")" + password + R"("})", {});
  EXPECT_EQ(login.status, 200) << login.body;
  const std::string cookie(login.headers.Get("Set-Cookie").value_or(""));
  http::Headers session;
  session.Set("Cookie", cookie.substr(0, cookie.find(';')));
  session.Set("X-CSRF-Token", Field(Json::Parse(login.body).value_or(Json()), "csrf_token"));
  auto [code, key] =
      Call(port, "POST", "/api/v1/api-keys", R"({"name":"host-app","role":"operator"})", session);
  EXPECT_EQ(code, 201) << key.Serialize();
  http::Headers headers;
  headers.Set("Authorization", "Bearer " + Field(key, "key"));
  return headers;
}

std::string Field(const Json& json, std::string_view a, std::string_view b) {
  const Json* at = json.Find(a);
  if (at != nullptr && !b.empty()) at = at->Find(b);
  if (at == nullptr) return "<absent>";
  return at->is_string() ? at->AsString() : at->Serialize();
}

TEST_F(ServeCommandTest, ServesTheApiOverLoopbackAndStopsCleanly) {
  Connect();
  const std::string org = std::string("/api/v1/orgs/") + kNz;
  bool served = false;
  const int status = RunServe(Options(), Env(), [&](uint16_t port) {
    served = true;
    ASSERT_NE(port, 0);
    auto [code, body] = Call(port, "GET", org + "/status");
    EXPECT_EQ(code, 401) << "the API wants credentials";
    const http::Headers key = OperatorKey(port, out_.str());
    std::tie(code, body) = Call(port, "GET", "/healthz");
    EXPECT_EQ(code, 200);
    std::tie(code, body) = Call(port, "GET", "/readyz");
    EXPECT_EQ(code, 200);
    EXPECT_EQ(body.Find("organisations")->AsArray().size(), 2u);  // both demo organisations

    std::tie(code, body) = Call(
        port, "POST", org + "/documents",
        R"({"documents":[{"kind":"contact","host_id":"c1","payload":{"Name":"Serve Customer"}},)"
        R"({"kind":"invoice","host_id":"i1","payload":{"Type":"ACCREC","InvoiceNumber":"SRV-1",)"
        R"("Date":"2026-01-02","DueDate":"2026-01-30","Status":"AUTHORISED",)"
        R"("LineAmountTypes":"Exclusive","LineItems":[{"Description":"Work","Quantity":1,)"
        R"("UnitAmount":250.00,"AccountCode":"200","TaxType":"OUTPUT2"}]},)"
        R"("parents":[{"kind":"contact","host_id":"c1","role":"contact"}]}]})",
        key);
    ASSERT_EQ(code, 200) << body.Serialize();

    std::tie(code, body) = Call(port, "POST", org + "/sync", "", key);
    ASSERT_EQ(code, 200) << body.Serialize();
    EXPECT_EQ(Field(body, "run", "outcome"), "succeeded");
    std::tie(code, body) = Call(port, "GET", org + "/documents/invoice/i1", "", key);
    EXPECT_EQ(Field(body, "state"), "synced");
    std::tie(code, body) = Call(port, "PUT", org + "/mappings",
                                R"({"kind":"account","from":"SALES","to":"200"})", key);
    EXPECT_EQ(code, 403) << "an operator's key cannot change mappings";

    std::tie(code, body) = Call(port, "POST", org + "/documents", "{not json", key);
    EXPECT_EQ(code, 400);
    EXPECT_EQ(Field(body, "error", "code"), "invalid_argument");
    std::tie(code, body) = Call(port, "PUT", "/healthz");
    EXPECT_EQ(code, 405);

    const http::ClientResponse metrics = Fetch(port, "GET", "/metrics", "", {});
    EXPECT_EQ(metrics.status, 200);
    EXPECT_NE(metrics.body.find("xerosync_documents{"), std::string::npos) << metrics.body;
  });
  EXPECT_TRUE(served);
  EXPECT_EQ(status, kExitOk) << err_.str();
  EXPECT_NE(out_.str().find("listening on http://127.0.0.1:"), std::string::npos) << out_.str();
  EXPECT_NE(out_.str().find("stopped"), std::string::npos);
  // Stopped means stopped: the store is closed and the test can read it.
  EXPECT_EQ(Database()
                .FindDocument(domain::TenantId(kNz), {store::DocumentKind::kInvoice, "i1"})
                .value()
                ->state,
            store::DocumentState::kSynced);
}

// Signs in as the first admin with the password serve printed: the session's headers.
http::Headers AdminSession(uint16_t port, const std::string& printed) {
  const http::ClientResponse login =
      Fetch(port, "POST", "/api/v1/session",
            R"({"name":"admin","password":")" + PrintedPassword(printed) + R"("})", {});
  EXPECT_EQ(login.status, 200) << login.body;
  const std::string cookie(login.headers.Get("Set-Cookie").value_or(""));
  http::Headers admin;
  admin.Set("Cookie", cookie.substr(0, cookie.find(';')));
  admin.Set("X-CSRF-Token", Field(Json::Parse(login.body).value_or(Json()), "csrf_token"));
  return admin;
}

TEST_F(ServeCommandTest, ServesTheConnectionWithItsOwnCallbackAsTheRedirect) {
  Connect();
  const int status = RunServe(Options(), Env(), [&](uint16_t port) {
    const http::Headers admin = AdminSession(port, out_.str());
    EXPECT_EQ(Call(port, "GET", "/api/v1/connection").first, 401);
    auto [code, body] = Call(port, "GET", "/api/v1/connection", "", admin);
    ASSERT_EQ(code, 200) << body.Serialize();
    EXPECT_EQ(Field(body, "state"), "active");
    const std::string callback =
        "http://127.0.0.1:" + std::to_string(port) + "/api/v1/connection/callback";
    EXPECT_EQ(Field(body, "redirect_uri"), callback);
    std::tie(code, body) = Call(port, "POST", "/api/v1/connection/connect", "", admin);
    ASSERT_EQ(code, 200) << body.Serialize();
    EXPECT_NE(Field(body, "authorize_url").find("redirect_uri=" + xero::FormEncode(callback)),
              std::string::npos)
        << Field(body, "authorize_url");
  });
  EXPECT_EQ(status, kExitOk) << err_.str();
}

// The finance admin's first visit: a fresh install, Connect in the console, Xero's consent page,
// back to serve's callback, one organisation kept; then disconnect, and the data stays.
TEST_F(ServeCommandTest, ConnectsInTheBrowserOnAFreshInstallAndDisconnects) {
  const int status = RunServe(Options(), Env(), [&](uint16_t port) {
    const http::Headers admin = AdminSession(port, out_.str());
    auto [code, body] = Call(port, "GET", "/api/v1/connection", "", admin);
    ASSERT_EQ(code, 200) << body.Serialize();
    EXPECT_EQ(Field(body, "state"), "never_connected");
    std::tie(code, body) = Call(port, "POST", "/api/v1/connection/connect", "", admin);
    ASSERT_EQ(code, 200) << body.Serialize();
    // The browser: Xero's page (both organisations ticked), then serve's callback, no session.
    const BrowserVisit visit = Browse(Field(body, "authorize_url"));
    EXPECT_TRUE(visit.redirect_location.starts_with("http://127.0.0.1:" + std::to_string(port) +
                                                    "/api/v1/connection/callback?"))
        << visit.redirect_location;
    EXPECT_EQ(visit.final_status, 303) << visit.final_body;

    std::tie(code, body) = Call(port, "GET", "/api/v1/orgs", "", admin);
    ASSERT_EQ(code, 200) << body.Serialize();
    ASSERT_EQ(body.Find("organisations")->AsArray().size(), 2u);
    std::tie(code, body) = Call(port, "POST", "/api/v1/connection/organisations",
                                R"({"keep":[")" + std::string(kNz) + R"("]})", admin);
    ASSERT_EQ(code, 200) << body.Serialize();
    EXPECT_EQ(Field(body, "state"), "active");

    std::tie(code, body) = Call(port, "POST", "/api/v1/connection/disconnect", "", admin);
    ASSERT_EQ(code, 200) << body.Serialize();
    EXPECT_EQ(Field(body, "state"), "disconnected");
  });
  EXPECT_EQ(status, kExitOk) << err_.str();
  // Both organisations are still known, paused until a reconnect.
  const std::vector<store::Organisation> orgs = Database().ListOrganisations().value();
  ASSERT_EQ(orgs.size(), 2u);
  for (const store::Organisation& org : orgs) {
    EXPECT_EQ(org.paused_code.value_or(""), "connection.not_connected") << org.name;
  }
}

TEST_F(ServeCommandTest, PrintsTheFirstAdminsPasswordOnceAndOnlyOnFirstRun) {
  std::string first_password;
  ASSERT_EQ(RunServe(Options(), Env(),
                     [&](uint16_t port) {
                       first_password = PrintedPassword(out_.str());
                       auto [code, body] =
                           Call(port, "POST", "/api/v1/session",
                                R"({"name":"admin","password":")" + first_password + "\"}");
                       EXPECT_EQ(code, 200)
                           << "the printed password signs in: " << body.Serialize();
                     }),
            kExitOk)
      << err_.str();
  EXPECT_GE(first_password.size(), 16u) << out_.str();
  out_.str("");
  ASSERT_EQ(RunServe(Options(), Env(), [&](uint16_t) {}), kExitOk) << err_.str();
  EXPECT_EQ(out_.str().find(first_password), std::string::npos) << out_.str();
  EXPECT_EQ(out_.str().find("first run"), std::string::npos) << out_.str();
}

TEST_F(ServeCommandTest, RefusesANonLoopbackAddressUnlessToldAndSaysWhy) {
  bool served = false;
  EXPECT_EQ(RunServe(Options("0.0.0.0:0"), Env(), [&](uint16_t) { served = true; }), kExitBadUsage);
  EXPECT_FALSE(served);
  EXPECT_NE(err_.str().find("not a loopback address"), std::string::npos) << err_.str();
  EXPECT_NE(err_.str().find("--allow-non-loopback"), std::string::npos) << err_.str();
}

TEST(ParseListenTest, ReadsHostAndPortAndKnowsLoopback) {
  EXPECT_TRUE(ParseListen("127.0.0.1:8080")->loopback);
  EXPECT_EQ(ParseListen("127.0.0.1:8080")->port, 8080);
  EXPECT_TRUE(ParseListen("localhost:0")->loopback);
  EXPECT_TRUE(ParseListen("[::1]:9000")->loopback);
  EXPECT_EQ(ParseListen("[::1]:9000")->host, "::1");
  EXPECT_FALSE(ParseListen("0.0.0.0:80")->loopback);
  EXPECT_FALSE(ParseListen("192.168.1.5:80")->loopback);
  for (const char* bad :
       {"8080", "127.0.0.1:", "127.0.0.1:70000", "example.com:80", "[::1]80", "127.0.0.1:8o"}) {
    EXPECT_FALSE(ParseListen(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace xerosync::cli::testing
