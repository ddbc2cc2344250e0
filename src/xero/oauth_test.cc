// The OAuth client against the emulator's identity endpoints: the authorize URL and PKCE, the code
// exchange with a secret and with PKCE only, refresh, revocation, and /connections.
#include "xero/oauth.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "xero/oauth_test_util.h"

namespace xerosync::xero::testing {
namespace {

TEST(Pkce, ChallengeIsBase64UrlOfSha256WithoutPadding) {
  // SHA-256("abc") = ba7816bf...f20015ad (FIPS 180-2), in base64url without the trailing '='.
  EXPECT_EQ(PkceChallenge("abc"), "ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0");
}

TEST(Pkce, VerifiersAreRandomOfTheAskedLengthFromTheAllowedAlphabet) {
  std::set<std::string> seen;
  for (const int length : {43, 64, 128}) {
    const Pkce pkce = NewPkce(length);
    EXPECT_EQ(pkce.verifier.size(), static_cast<std::size_t>(length));
    EXPECT_TRUE(std::ranges::all_of(pkce.verifier, [](unsigned char c) {
      return std::isalnum(c) != 0 || c == '-' || c == '.' || c == '_' || c == '~';
    })) << pkce.verifier;
    EXPECT_EQ(pkce.challenge, PkceChallenge(pkce.verifier));
    seen.insert(pkce.verifier.substr(0, 43));
  }
  EXPECT_EQ(seen.size(), 3u);
}

TEST(Scopes, OfflineAccessIsAlwaysAskedForOnce) {
  EXPECT_EQ(ScopeParameter({"accounting.settings"}), "accounting.settings offline_access");
  EXPECT_EQ(ScopeParameter({"offline_access", "openid"}), "offline_access openid");
  EXPECT_EQ(ScopeParameter({}), "offline_access");
  const std::vector<std::string> granular = ScopesFor(ScopeSet::kGranular);
  EXPECT_EQ(std::ranges::count(granular, "accounting.transactions"), 0);
  EXPECT_EQ(std::ranges::count(granular, "accounting.invoices"), 1);
}

TEST(OAuthErrors, TokenEndpointErrorsMapToCodesWithoutEchoingTheRequest) {
  const auto status = [](int http, std::string body) {
    return OAuthErrorStatus(HttpResponse{http, {}, std::move(body)}, "POST /connect/token");
  };
  EXPECT_EQ(status(400, R"({"error":"invalid_grant"})").code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(status(400, R"({"error":"invalid_client"})").code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(status(400, R"({"error":"unsupported_grant_type"})").code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(status(503, "The Xero API is temporarily unavailable").code(),
            StatusCode::kUnavailable);
  const Status described =
      status(400, R"({"error":"invalid_grant","error_description":"Token has been expired"})");
  EXPECT_EQ(described.message(),
            "POST /connect/token: HTTP 400 invalid_grant: Token has been expired");
}

class OAuthClientTest : public EmulatorFixture {};

TEST_F(OAuthClientTest, AuthorizeUrlCarriesWhatXeroNeeds) {
  const AuthorizeStart start = client_.StartAuthorize();
  EXPECT_TRUE(start.url.starts_with(std::string(kBase) + "/identity/connect/authorize?"));
  const auto query = http::DecodeForm(start.url.substr(start.url.find('?') + 1)).value();
  EXPECT_EQ(Param(query, "response_type"), "code");
  EXPECT_EQ(Param(query, "client_id"), emulator::DemoApp().client_id);
  EXPECT_EQ(Param(query, "redirect_uri"), emulator::DemoApp().redirect_uris.front());
  EXPECT_EQ(Param(query, "scope"),
            "accounting.transactions accounting.contacts accounting.settings offline_access");
  EXPECT_EQ(Param(query, "state"), start.state);
  EXPECT_EQ(Param(query, "code_challenge"), PkceChallenge(start.code_verifier));
  EXPECT_EQ(Param(query, "code_challenge_method"), "S256");
  EXPECT_NE(client_.StartAuthorize().state, start.state);
}

TEST_F(OAuthClientTest, ConnectsWithTheClientSecretAndNoPkce) {
  OAuthApp app = DemoApp();
  app.use_pkce = false;
  const OAuthClient client(transport_, XeroEndpoints::AllAt(kBase), app);
  const auto [code, verifier] = Authorize(client);
  EXPECT_EQ(verifier, "");
  const Result<TokenResponse> tokens = client.ExchangeCode(code, verifier);
  ASSERT_TRUE(tokens.ok()) << tokens.status();
  EXPECT_EQ(tokens->expires_in, 1800);
  EXPECT_FALSE(tokens->refresh_token.empty());
  EXPECT_EQ(std::ranges::count(tokens->scopes, "offline_access"), 1);
  const Result<std::vector<XeroConnection>> connections =
      client.ListConnections(tokens->access_token);
  ASSERT_TRUE(connections.ok()) << connections.status();
  ASSERT_EQ(connections->size(), 2u);
  std::set<std::string> tenants;
  for (const XeroConnection& c : *connections) {
    tenants.insert(c.tenant_id);
    EXPECT_EQ(c.tenant_type, "ORGANISATION");
    EXPECT_NE(c.id, c.tenant_id);
  }
  EXPECT_EQ(tenants, (std::set<std::string>{kNz, kUk}));
  EXPECT_EQ(Get(tokens->access_token, kNz).first, 200);
}

TEST_F(OAuthClientTest, APublicAppConnectsWithThePkceVerifierOnly) {
  emulator::App pkce_app;
  pkce_app.client_id = "XEROSYNCPKCE0000000000000000000";
  pkce_app.name = "xerosync desktop";
  pkce_app.redirect_uris = {"http://127.0.0.1:8765/callback"};
  emulator_.identity().RegisterApp(pkce_app);
  OAuthApp app;
  app.client_id = pkce_app.client_id;
  app.redirect_uri = pkce_app.redirect_uris.front();
  app.scopes = {"accounting.settings"};
  app.use_pkce = false;  // ignored: an app without a secret must use PKCE
  const OAuthClient client(transport_, XeroEndpoints::AllAt(kBase), app);

  auto [code, verifier] = Authorize(client);
  ASSERT_EQ(verifier.size(), 64u);
  // A wrong verifier is refused as invalid_grant; the code is then spent.
  const Result<TokenResponse> wrong = client.ExchangeCode(code, NewPkce().verifier);
  EXPECT_EQ(wrong.status().code(), StatusCode::kUnauthenticated) << wrong.status();
  EXPECT_EQ(wrong.status().message().find(code), std::string::npos);

  std::tie(code, verifier) = Authorize(client);
  const Result<TokenResponse> tokens = client.ExchangeCode(code, verifier);
  ASSERT_TRUE(tokens.ok()) << tokens.status();
  const Result<TokenResponse> refreshed = client.Refresh(tokens->refresh_token);
  ASSERT_TRUE(refreshed.ok()) << refreshed.status();
  EXPECT_NE(refreshed->refresh_token, tokens->refresh_token);
}

TEST_F(OAuthClientTest, ACodeWorksOnceAndABadSecretIsInvalidClient) {
  const auto [code, verifier] = Authorize(client_);
  ASSERT_TRUE(client_.ExchangeCode(code, verifier).ok());
  const Result<TokenResponse> again = client_.ExchangeCode(code, verifier);
  EXPECT_EQ(again.status().code(), StatusCode::kUnauthenticated);
  EXPECT_NE(again.status().message().find("invalid_grant"), std::string::npos);

  OAuthApp bad = DemoApp();
  bad.client_secret = "not-the-secret";
  const OAuthClient impostor(transport_, XeroEndpoints::AllAt(kBase), bad);
  const auto [code2, verifier2] = Authorize(impostor);
  const Result<TokenResponse> refused = impostor.ExchangeCode(code2, verifier2);
  EXPECT_EQ(refused.status().code(), StatusCode::kPermissionDenied) << refused.status();
  EXPECT_EQ(refused.status().message().find("not-the-secret"), std::string::npos);
}

TEST_F(OAuthClientTest, AnAppCreatedSinceMarch2026NeedsTheGranularScopes) {
  emulator::App granular = emulator::DemoApp();
  granular.client_id = "XEROSYNCGRANULAR000000000000000";
  granular.granular_scopes_only = true;
  emulator_.identity().RegisterApp(granular);
  OAuthApp app = DemoApp(ScopesFor(ScopeSet::kBroad));
  app.client_id = granular.client_id;
  const OAuthClient broad(transport_, XeroEndpoints::AllAt(kBase), app);
  const auto refused = FollowAuthorize(transport_, broad.StartAuthorize().url);
  EXPECT_EQ(Param(refused, "error"), "invalid_scope");
  EXPECT_EQ(Param(refused, "code"), "");

  app.scopes = ScopesFor(ScopeSet::kGranular);
  const OAuthClient fine(transport_, XeroEndpoints::AllAt(kBase), app);
  const auto [code, verifier] = Authorize(fine);
  const Result<TokenResponse> tokens = fine.ExchangeCode(code, verifier);
  ASSERT_TRUE(tokens.ok()) << tokens.status();
  EXPECT_EQ(std::ranges::count(tokens->scopes, "accounting.invoices"), 1);
  EXPECT_EQ(Get(tokens->access_token, kNz, "/Invoices").first, 200);
}

TEST_F(OAuthClientTest, DeletingAConnectionAndRevokingTheGrant) {
  const auto [code, verifier] = Authorize(client_);
  const TokenResponse tokens = client_.ExchangeCode(code, verifier).value();
  const std::vector<XeroConnection> connections =
      client_.ListConnections(tokens.access_token).value();
  ASSERT_EQ(connections.size(), 2u);
  ASSERT_TRUE(client_.DeleteConnection(tokens.access_token, connections[0].id).ok());
  EXPECT_EQ(client_.DeleteConnection(tokens.access_token, connections[0].id).code(),
            StatusCode::kNotFound);
  EXPECT_EQ(client_.ListConnections(tokens.access_token)->size(), 1u);
  EXPECT_EQ(Get(tokens.access_token, connections[0].tenant_id).first, 403);

  ASSERT_TRUE(client_.Revoke(tokens.refresh_token).ok());
  EXPECT_EQ(emulator_.identity().ConnectionCount(connections[1].tenant_id), 0);
  EXPECT_EQ(client_.Refresh(tokens.refresh_token).status().code(), StatusCode::kUnauthenticated);
}

TEST_F(OAuthClientTest, ALostAnswerIsUnavailable) {
  emulator::FaultRule rule;
  rule.method = "POST";
  rule.path = "/connect/token";
  rule.action = emulator::FaultAction::kApplyThenDrop;
  emulator_.faults().Add(rule);
  const auto [code, verifier] = Authorize(client_);
  const Result<TokenResponse> lost = client_.ExchangeCode(code, verifier);
  EXPECT_EQ(lost.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(lost.status().message().find("ambiguous"), std::string::npos);
}

}  // namespace
}  // namespace xerosync::xero::testing
