// Faults over a real loopback server: a dropped connection is what a client actually sees, and an
// apply-then-drop request's effect has happened although the client got no answer.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>

#include "core/json.h"
#include "emulator/demo_data.h"
#include "emulator/emulator.h"
#include "emulator/faults.h"
#include "emulator/test_support.h"
#include "http/test_client.h"

namespace xerosync::emulator {
namespace {

using http::testing::ClientReply;
using http::testing::Send;
using ::testing::HasSubstr;

class FaultsServerTest : public ::testing::Test {
 protected:
  FaultsServerTest() : emulator_(clock_, Options()) {
    auto server = http::Server::Start(http::ServerOptions{},
                                      [this](http::Request& r) { return emulator_.Handle(r); });
    EXPECT_TRUE(server.ok()) << server.status();
    server_ = std::move(server).value();
  }
  static EmulatorOptions Options() {
    EmulatorOptions options;
    options.auto_consent = true;
    options.seed = 21;
    options.hold = [](std::chrono::milliseconds) {};  // a timeout's hold passes at once
    return options;
  }
  uint16_t port() const { return server_->port(); }

  // The demo app's refresh token, from the code flow over loopback.
  std::string RefreshToken() {
    const App app = DemoApp();
    const std::string& redirect = app.redirect_uris.front();
    const ClientReply authorize =
        Send(port(), "GET",
             "/identity/connect/authorize?response_type=code&client_id=" + app.client_id +
                 "&redirect_uri=" + http::PercentEncode(redirect) +
                 "&scope=openid%20accounting.settings%20offline_access&state=s");
    EXPECT_EQ(authorize.status, 302) << authorize.error << authorize.body;
    const std::string location(authorize.headers.Get("Location").value_or(""));
    const std::size_t at = location.find("code=");
    std::string code = at == std::string::npos ? "" : location.substr(at + 5);
    code = code.substr(0, code.find('&'));
    const ClientReply tokens = TokenCall("grant_type=authorization_code&code=" + code +
                                         "&redirect_uri=" + http::PercentEncode(redirect));
    EXPECT_EQ(tokens.status, 200) << tokens.error << tokens.body;
    const Json body = Json::Parse(tokens.body).value_or(Json());
    const Json* refresh = body.Find("refresh_token");
    return refresh != nullptr ? refresh->AsString() : "";
  }
  ClientReply TokenCall(std::string form) {
    const App app = DemoApp();
    http::Headers headers;
    headers.Set("Authorization", "Basic " + Base64Encode(app.client_id + ":" + app.client_secret));
    headers.Set("Content-Type", "application/x-www-form-urlencoded");
    return Send(port(), "POST", "/connect/token", headers, std::move(form));
  }
  ClientReply Refresh(const std::string& refresh_token) {
    return TokenCall("grant_type=refresh_token&refresh_token=" +
                     http::PercentEncode(refresh_token));
  }
  void AddFault(std::string body) {
    const ClientReply r = Send(port(), "POST", "/_emulator/faults", {}, std::move(body));
    ASSERT_EQ(r.status, 201) << r.error << r.body;
  }

  FakeClock clock_;
  Emulator emulator_;
  std::unique_ptr<http::Server> server_;
};

TEST_F(FaultsServerTest, ApplyThenDropRotatesTheRefreshTokenButTheClientGetsNoAnswer) {
  const std::string refresh = RefreshToken();
  ASSERT_FALSE(refresh.empty());
  AddFault(R"({"action":"apply-then-drop","method":"POST","path":"/connect/token","times":1})");

  const ClientReply dropped = Refresh(refresh);
  EXPECT_EQ(dropped.status, 0) << dropped.body;  // no answer at all
  EXPECT_FALSE(dropped.error.empty());

  // The rotation happened: once Xero's 30-minute grace has passed, the old token is refused,
  // which an unused refresh token never is.
  emulator_.clock().Advance(std::chrono::minutes(31));
  const ClientReply late = Refresh(refresh);
  EXPECT_EQ(late.status, 400) << late.error;
  EXPECT_THAT(late.body, HasSubstr("invalid_grant"));
}

TEST_F(FaultsServerTest, WithinTheGraceARetryAfterADroppedRefreshGetsTheRotatedToken) {
  const std::string refresh = RefreshToken();
  AddFault(R"({"action":"apply-then-drop","path":"/connect/token","times":1})");
  EXPECT_EQ(Refresh(refresh).status, 0);
  const ClientReply retry = Refresh(refresh);
  ASSERT_EQ(retry.status, 200) << retry.error << retry.body;
  const std::string rotated = Json::Parse(retry.body).value().Find("refresh_token")->AsString();
  EXPECT_NE(rotated, refresh);
  EXPECT_EQ(Refresh(rotated).status, 200);  // the successor is live
}

TEST_F(FaultsServerTest, ApplyThenDropOnAWriteSavesItAndAnIdempotentRetryDoesNotDuplicateIt) {
  const std::string token =
      testing::ConnectDemoApp(emulator_, "openid accounting.contacts offline_access");
  http::Headers headers;
  headers.Set("Authorization", "Bearer " + token);
  headers.Set("xero-tenant-id", std::string(kDemoNzTenantId));
  headers.Set("Content-Type", "application/json");
  headers.Set("Idempotency-Key", "faults-test-1");
  const std::string contact = R"({"Contacts":[{"Name":"Dropped Answer Ltd"}]})";
  // Counts the contacts of that name, as a client reading Xero would.
  auto count = [&] {
    const ClientReply list =
        Send(port(), "GET",
             "/api.xro/2.0/Contacts?where=" + http::PercentEncode("Name==\"Dropped Answer Ltd\""),
             headers);
    EXPECT_EQ(list.status, 200) << list.error << list.body;
    const Json body = Json::Parse(list.body).value_or(Json());
    const Json* contacts = body.Find("Contacts");
    return contacts != nullptr ? contacts->AsArray().size() : 0u;
  };
  AddFault(
      R"({"action":"apply-then-drop","method":"PUT","path":"/api.xro/2.0/Contacts","times":1})");

  const ClientReply dropped = Send(port(), "PUT", "/api.xro/2.0/Contacts", headers, contact);
  EXPECT_EQ(dropped.status, 0) << dropped.body;
  EXPECT_EQ(count(), 1u);  // saved, though the client never heard

  const ClientReply retry = Send(port(), "PUT", "/api.xro/2.0/Contacts", headers, contact);
  EXPECT_EQ(retry.status, 200) << retry.error << retry.body;
  EXPECT_THAT(retry.body, HasSubstr("Dropped Answer Ltd"));
  EXPECT_EQ(count(), 1u);  // the key replayed the first answer
}

TEST_F(FaultsServerTest, ATimeoutDropsTheConnectionAndTheRequestIsNotHandled) {
  const std::string refresh = RefreshToken();
  AddFault(R"({"path":"/connect/token","timeout_ms":60000,"times":1})");
  EXPECT_EQ(Refresh(refresh).status, 0);
  // Unlike apply-then-drop, nothing happened: the token was never used, so it is still good
  // after the grace window.
  emulator_.clock().Advance(std::chrono::minutes(31));
  EXPECT_EQ(Refresh(refresh).status, 200);
}

TEST_F(FaultsServerTest, ErrorBodiesArriveWithTheirContentTypes) {
  AddFault(R"({"path":"/connections","kind":"503-html","times":1})");
  const ClientReply html = Send(port(), "GET", "/connections");
  EXPECT_EQ(html.status, 503) << html.error;
  EXPECT_THAT(std::string(html.headers.Get("Content-Type").value_or("")), HasSubstr("text/html"));
  EXPECT_THAT(html.body, HasSubstr("Service Unavailable"));
  EXPECT_TRUE(html.headers.Get("Xero-Correlation-Id").has_value());
}

}  // namespace
}  // namespace xerosync::emulator
