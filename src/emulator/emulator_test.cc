// The emulator behind a real HTTP server on loopback, driven as xerosync will drive Xero.
#include "emulator/emulator.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/json.h"
#include "http/test_client.h"

namespace xerosync::emulator {
namespace {

using http::testing::ClientReply;
using http::testing::Send;
using ::testing::HasSubstr;

const std::string kRedirect = "http://127.0.0.1:8765/callback";

std::string Query(const std::vector<std::pair<std::string, std::string>>& pairs) {
  std::string out;
  for (const auto& [k, v] : pairs) {
    out += out.empty() ? "" : "&";
    out += http::PercentEncode(k) + "=" + http::PercentEncode(v);
  }
  return out;
}

std::string Param(std::string_view url, std::string_view name) {
  const std::size_t q = url.find('?');
  if (q == std::string_view::npos) return "";
  const auto pairs = http::DecodeForm(url.substr(q + 1)).value();
  for (const auto& [k, v] : pairs) {
    if (k == name) return v;
  }
  return "";
}

class EmulatorServerTest : public ::testing::Test {
 protected:
  EmulatorServerTest() : emulator_(clock_, Options()) {
    auto server = http::Server::Start(http::ServerOptions{},
                                      [this](http::Request& r) { return emulator_.Handle(r); });
    EXPECT_TRUE(server.ok()) << server.status();
    server_ = std::move(server).value();
  }
  static EmulatorOptions Options() {
    EmulatorOptions options;
    options.auto_consent = true;
    options.seed = 7;
    return options;
  }
  uint16_t port() const { return server_->port(); }

  // The whole code flow, as a client does it; returns the token response.
  Json Connect() {
    const App app = DemoApp();
    const ClientReply authorize =
        Send(port(), "GET",
             "/identity/connect/authorize?" +
                 Query({{"response_type", "code"},
                        {"client_id", app.client_id},
                        {"redirect_uri", kRedirect},
                        {"scope", "openid accounting.transactions offline_access"},
                        {"state", "xyz"}}));
    EXPECT_EQ(authorize.status, 302) << authorize.error << authorize.body;
    const std::string location(authorize.headers.Get("Location").value_or(""));
    EXPECT_EQ(Param(location, "state"), "xyz");
    http::Headers headers;
    headers.Set("Authorization", "Basic " + Base64Encode(app.client_id + ":" + app.client_secret));
    headers.Set("Content-Type", "application/x-www-form-urlencoded");
    const ClientReply token = Send(port(), "POST", "/connect/token", headers,
                                   Query({{"grant_type", "authorization_code"},
                                          {"code", Param(location, "code")},
                                          {"redirect_uri", kRedirect}}));
    EXPECT_EQ(token.status, 200) << token.error << token.body;
    return Json::Parse(token.body).value_or(Json());
  }

  FakeClock clock_;
  Emulator emulator_;
  std::unique_ptr<http::Server> server_;
};

TEST_F(EmulatorServerTest, ACodeFlowOverLoopbackConnectsTheDemoOrganisations) {
  const Json tokens = Connect();
  ASSERT_NE(tokens.Find("access_token"), nullptr);
  http::Headers bearer;
  bearer.Set("Authorization", "Bearer " + tokens.Find("access_token")->AsString());
  const ClientReply connections = Send(port(), "GET", "/connections", bearer);
  ASSERT_EQ(connections.status, 200) << connections.body;
  const Json list = Json::Parse(connections.body).value();
  ASSERT_EQ(list.AsArray().size(), DemoTenants().size());
  EXPECT_EQ(list.AsArray()[0].Find("tenantName")->AsString(), "Demo Company (NZ)");
}

TEST_F(EmulatorServerTest, EveryAnswerCarriesACorrelationId) {
  const ClientReply a = Send(port(), "GET", "/connections");
  const ClientReply b = Send(port(), "GET", "/api.xro/2.0/Invoices");
  ASSERT_TRUE(a.headers.Get("Xero-Correlation-Id").has_value()) << a.error;
  ASSERT_TRUE(b.headers.Get("Xero-Correlation-Id").has_value()) << b.error;
  EXPECT_NE(*a.headers.Get("Xero-Correlation-Id"), *b.headers.Get("Xero-Correlation-Id"));
}

TEST_F(EmulatorServerTest, WithoutATokenConnectionsAre401AndUnknownPathsArePlain404) {
  const ClientReply unauthorised = Send(port(), "GET", "/connections");
  EXPECT_EQ(unauthorised.status, 401);
  EXPECT_THAT(unauthorised.body, HasSubstr("\"Detail\":\"AuthenticationUnsuccessful\""));
  const ClientReply missing = Send(port(), "GET", "/api.xro/2.0/Quotes");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.body, "The resource you're looking for cannot be found");
  EXPECT_THAT(std::string(missing.headers.Get("Content-Type").value_or("")),
              HasSubstr("text/plain"));
}

TEST_F(EmulatorServerTest, TheEmulatedClockExpiresTokens) {
  const Json tokens = Connect();
  http::Headers bearer;
  bearer.Set("Authorization", "Bearer " + tokens.Find("access_token")->AsString());
  emulator_.clock().Advance(std::chrono::minutes(31));
  const ClientReply expired = Send(port(), "GET", "/connections", bearer);
  EXPECT_EQ(expired.status, 401);
  EXPECT_THAT(expired.body, HasSubstr("TokenExpired: token expired at"));
}

}  // namespace
}  // namespace xerosync::emulator
