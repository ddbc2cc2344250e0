#pragma once
// Test helpers for the OAuth tests: an in-process emulator with the demo app behind an
// OAuthClient, and the user's side of the authorize redirect. Test-only.

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "core/clock.h"
#include "emulator/emulator.h"
#include "emulator/test_support.h"
#include "http/http.h"
#include "xero/oauth.h"
#include "xero/testing/emulator_transport.h"

namespace xerosync::xero::testing {

inline constexpr char kNz[] = "7a3c1f5e-2b4d-4e6f-8a9b-0c1d2e3f4a51";
inline constexpr char kUk[] = "9b4d2a6f-3c5e-4f70-9bac-1d2e3f4a5b62";
inline constexpr char kBase[] = "http://xero.test";

inline OAuthApp DemoApp(std::vector<std::string> scopes = ScopesFor(ScopeSet::kBroad)) {
  const emulator::App demo = emulator::DemoApp();
  OAuthApp app;
  app.client_id = demo.client_id;
  app.client_secret = demo.client_secret;
  app.redirect_uri = demo.redirect_uris.front();
  app.scopes = std::move(scopes);
  return app;
}

// The query of the redirect the browser would follow after authorize (auto-consent).
inline std::vector<std::pair<std::string, std::string>> FollowAuthorize(Transport& transport,
                                                                        const std::string& url) {
  const TransportResult result = transport.Send({"GET", url, {}, ""});
  EXPECT_TRUE(std::holds_alternative<HttpResponse>(result));
  if (!std::holds_alternative<HttpResponse>(result)) return {};
  const HttpResponse& response = std::get<HttpResponse>(result);
  EXPECT_EQ(response.status, 302) << response.body;
  const std::string location(response.Header("Location").value_or(""));
  const std::size_t q = location.find('?');
  if (q == std::string::npos) return {};
  return http::DecodeForm(location.substr(q + 1))
      .value_or(std::vector<std::pair<std::string, std::string>>{});
}

inline std::string Param(const std::vector<std::pair<std::string, std::string>>& query,
                         std::string_view key) {
  for (const auto& [k, v] : query) {
    if (k == key) return v;
  }
  return "";
}

// An emulator with the demo app and auto-consent on a fake clock, and a client of it.
class EmulatorFixture : public ::testing::Test {
 protected:
  explicit EmulatorFixture(OAuthApp app = DemoApp())
      : emulator_(base_clock_, emulator::testing::DemoOptions(7)),
        transport_(emulator_),
        client_(transport_, XeroEndpoints::AllAt(kBase), std::move(app)) {}

  // Authorize with auto-consent; the code and verifier to exchange.
  std::pair<std::string, std::string> Authorize(const OAuthClient& client) {
    const AuthorizeStart start = client.StartAuthorize();
    const auto query = FollowAuthorize(transport_, start.url);
    EXPECT_EQ(Param(query, "state"), start.state);
    EXPECT_EQ(Param(query, "error"), "");
    return {Param(query, "code"), start.code_verifier};
  }

  // An accounting GET with `token` on `tenant`: the status and body.
  std::pair<int, std::string> Get(const std::string& token, const std::string& tenant,
                                  const std::string& path = "/Organisation") {
    const TransportResult result =
        transport_.Send({"GET",
                         std::string(kBase) + "/api.xro/2.0" + path,
                         {{"Authorization", "Bearer " + token}, {"xero-tenant-id", tenant}},
                         ""});
    if (!std::holds_alternative<HttpResponse>(result)) return {0, ""};
    const auto& r = std::get<HttpResponse>(result);
    return {r.status, r.body};
  }

  FakeClock base_clock_;
  emulator::Emulator emulator_;
  EmulatorTransport transport_;
  OAuthClient client_;
};

}  // namespace xerosync::xero::testing
