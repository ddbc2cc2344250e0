// The emulated identity service, driven as a client would drive Xero's (FACTS.md §1).
#include "emulator/identity.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/json.h"

namespace xerosync::emulator {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kClient[] = "EMULATORCLIENT";
constexpr char kSecret[] = "emulator-secret";
constexpr char kRedirect[] = "http://127.0.0.1:8080/xero/callback";
constexpr char kPkceClient[] = "PKCECLIENT";
constexpr char kGranularClient[] = "NEWAPP2026";
constexpr char kNz[] = "11111111-1111-4111-8111-111111111111";
constexpr char kUk[] = "22222222-2222-4222-8222-222222222222";
constexpr char kScopes[] =
    "openid profile email accounting.transactions accounting.contacts "
    "accounting.settings offline_access";
// RFC 7636 Appendix B.
constexpr char kVerifier[] = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
constexpr char kChallenge[] = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

using Pairs = std::vector<std::pair<std::string, std::string>>;

std::string FormBody(const Pairs& pairs) {
  std::string body;
  for (const auto& [k, v] : pairs) {
    if (!body.empty()) body += '&';
    body += http::PercentEncode(k) + "=" + http::PercentEncode(v);
  }
  return body;
}

// The query parameters of a redirect's Location.
Pairs LocationQuery(const http::Response& response) {
  const std::string location(response.headers.Get("Location").value_or(""));
  const std::size_t q = location.find('?');
  if (q == std::string::npos) return {};
  return http::DecodeForm(location.substr(q + 1)).value();
}

std::string Find(const Pairs& pairs, std::string_view name) {
  for (const auto& [k, v] : pairs) {
    if (k == name) return v;
  }
  return "";
}

Json Body(const http::Response& response) { return Json::Parse(response.body).value(); }

class IdentityTest : public ::testing::Test {
 protected:
  explicit IdentityTest(bool auto_consent = true)
      : random_(2026), identity_(clock_, random_, Options(auto_consent)) {
    identity_.RegisterApp({kClient, kSecret, "Demo App", {kRedirect}, false});
    identity_.RegisterApp({kPkceClient, "", "Desktop App", {kRedirect}, false});
    identity_.RegisterApp({kGranularClient, kSecret, "New App", {kRedirect}, true});
    identity_.SetTenants({{kNz, "Demo Company (NZ)"}, {kUk, "Demo Company (UK)"}});
  }
  static IdentityOptions Options(bool auto_consent) {
    IdentityOptions options;
    options.auto_consent = auto_consent;
    return options;
  }

  http::Response Authorize(Pairs query) {
    http::Request r;
    r.method = "GET";
    r.path = "/identity/connect/authorize";
    r.query = std::move(query);
    return identity_.Authorize(r);
  }
  Pairs AuthorizeQuery(std::string client = kClient, std::string scope = kScopes) {
    return {{"response_type", "code"},
            {"client_id", client},
            {"redirect_uri", kRedirect},
            {"scope", scope},
            {"state", "st-123"}};
  }
  // The code from an auto-consented authorize.
  std::string Code(std::string client = kClient, std::string scope = kScopes,
                   const std::string& challenge = "") {
    Pairs q = AuthorizeQuery(std::move(client), std::move(scope));
    if (!challenge.empty()) {
      q.emplace_back("code_challenge", challenge);
      q.emplace_back("code_challenge_method", "S256");
    }
    const http::Response r = Authorize(q);
    EXPECT_EQ(r.status, 302) << r.body;
    return Find(LocationQuery(r), "code");
  }
  http::Response PostToken(const Pairs& form, bool basic = true) {
    http::Request r;
    r.method = "POST";
    r.path = "/connect/token";
    if (basic)
      r.headers.Set("Authorization", "Basic " + Base64Encode(std::string(kClient) + ":" + kSecret));
    r.body = FormBody(form);
    return identity_.Token(r);
  }
  http::Response Exchange(const std::string& code) {
    return PostToken(
        {{"grant_type", "authorization_code"}, {"code", code}, {"redirect_uri", kRedirect}});
  }
  http::Response Refresh(const std::string& token) {
    return PostToken({{"grant_type", "refresh_token"}, {"refresh_token", token}});
  }
  http::Request Api(const std::string& access_token, const std::string& tenant = kNz) {
    http::Request r;
    r.method = "GET";
    r.path = "/api.xro/2.0/Invoices";
    r.headers.Set("Authorization", "Bearer " + access_token);
    if (!tenant.empty()) r.headers.Set("xero-tenant-id", tenant);
    return r;
  }
  // The Detail of a ProblemDetails answer, or "OK" when the caller was let through.
  std::string Check(const http::Request& r,
                    const std::vector<std::string>& scopes = {"accounting.transactions"},
                    bool read = true) {
    auto result = identity_.Authenticate(r, scopes, read);
    if (std::holds_alternative<Caller>(result)) return "OK";
    const http::Response& response = std::get<http::Response>(result);
    return std::to_string(response.status) + " " + Body(response).Find("Detail")->AsString();
  }

  FakeClock clock_;
  RandomSource random_;
  Identity identity_;
};

TEST_F(IdentityTest, AutoConsentRedirectsBackWithACodeAndTheState) {
  const http::Response r = Authorize(AuthorizeQuery());
  ASSERT_EQ(r.status, 302);
  const std::string location(r.headers.Get("Location").value_or(""));
  EXPECT_TRUE(location.starts_with(std::string(kRedirect) + "?")) << location;
  const Pairs q = LocationQuery(r);
  EXPECT_FALSE(Find(q, "code").empty());
  EXPECT_EQ(Find(q, "state"), "st-123");
  EXPECT_EQ(Find(q, "scope"), kScopes);
}

TEST_F(IdentityTest, CodeExchangeGivesXerosTokenResponse) {
  const http::Response r = Exchange(Code());
  ASSERT_EQ(r.status, 200) << r.body;
  const Json body = Body(r);
  EXPECT_EQ(body.Find("expires_in")->AsInt64().value(), 1800);
  EXPECT_EQ(body.Find("token_type")->AsString(), "Bearer");
  EXPECT_EQ(body.Find("scope")->AsString(), kScopes);
  EXPECT_FALSE(body.Find("refresh_token")->AsString().empty());
  ASSERT_NE(body.Find("id_token"), nullptr);  // openid was asked for
  // JWT-shaped: three base64url parts whose payload carries Xero's claims.
  const std::string token = body.Find("access_token")->AsString();
  const std::size_t dot1 = token.find('.'), dot2 = token.rfind('.');
  ASSERT_NE(dot1, dot2);
  const Json claims =
      Json::Parse(*Base64UrlDecode(token.substr(dot1 + 1, dot2 - dot1 - 1))).value();
  EXPECT_EQ(claims.Find("client_id")->AsString(), kClient);
  EXPECT_EQ(claims.Find("iss")->AsString(), "https://identity.xero.com");
  EXPECT_EQ(claims.Find("exp")->AsInt64().value() - claims.Find("nbf")->AsInt64().value(), 1800);
  EXPECT_TRUE(claims.Find("scope")->is_array());
  EXPECT_EQ(Check(Api(token)), "OK");
}

TEST_F(IdentityTest, ClientCredentialsMayComeInTheBody) {
  const http::Response r = PostToken({{"grant_type", "authorization_code"},
                                      {"code", Code()},
                                      {"redirect_uri", kRedirect},
                                      {"client_id", kClient},
                                      {"client_secret", kSecret}},
                                     /*basic=*/false);
  EXPECT_EQ(r.status, 200) << r.body;
}

TEST_F(IdentityTest, TokenErrorsAreXerosBodies) {
  EXPECT_EQ(PostToken({{"grant_type", "password"}}).body, R"({"error":"unsupported_grant_type"})");
  EXPECT_EQ(PostToken({}).body, R"({"error":"unsupported_grant_type"})");
  const http::Response wrong_secret = PostToken(
      {{"grant_type", "authorization_code"}, {"client_id", kClient}, {"client_secret", "nope"}},
      /*basic=*/false);
  EXPECT_EQ(wrong_secret.status, 400);
  EXPECT_EQ(wrong_secret.body, R"({"error":"invalid_client"})");
  EXPECT_EQ(Exchange("no-such-code").body, R"({"error":"invalid_grant"})");
}

TEST_F(IdentityTest, ACodeWorksOnceBeforeItExpiresForTheSameRedirect) {
  const std::string code = Code();
  EXPECT_EQ(Exchange(code).status, 200);
  EXPECT_EQ(Exchange(code).body, R"({"error":"invalid_grant"})");  // used
  const std::string late = Code();
  clock_.Advance(minutes(6));
  EXPECT_EQ(Exchange(late).body, R"({"error":"invalid_grant"})");  // expired
  const http::Response other_redirect = PostToken(
      {{"grant_type", "authorization_code"}, {"code", Code()}, {"redirect_uri", "http://x/cb"}});
  EXPECT_EQ(other_redirect.body, R"({"error":"invalid_grant"})");
}

TEST_F(IdentityTest, WithoutOfflineAccessThereIsNoRefreshToken) {
  const Json body = Body(Exchange(Code(kClient, "accounting.transactions")));
  EXPECT_EQ(body.Find("refresh_token"), nullptr);
  EXPECT_EQ(body.Find("id_token"), nullptr);
}

TEST_F(IdentityTest, RefreshRotatesAndTheOldTokenHasAThirtyMinuteGraceWindow) {
  const std::string first = Body(Exchange(Code())).Find("refresh_token")->AsString();
  const std::string second = Body(Refresh(first)).Find("refresh_token")->AsString();
  EXPECT_NE(second, first);
  // The response was lost: retrying the old token within 30 minutes gives the same successor.
  clock_.Advance(minutes(29));
  EXPECT_EQ(Body(Refresh(first)).Find("refresh_token")->AsString(), second);
  EXPECT_EQ(Body(Refresh(first)).Find("refresh_token")->AsString(), second);
  clock_.Advance(minutes(2));  // 31 minutes after the rotation
  EXPECT_EQ(Refresh(first).body, R"({"error":"invalid_grant"})");
  const http::Response third = Refresh(second);
  ASSERT_EQ(third.status, 200);
  EXPECT_NE(Body(third).Find("refresh_token")->AsString(), second);
}

TEST_F(IdentityTest, AnUnusedRefreshTokenExpiresAfterSixtyDays) {
  const std::string a = Body(Exchange(Code())).Find("refresh_token")->AsString();
  clock_.Advance(hours(24 * 59));
  const std::string b = Body(Refresh(a)).Find("refresh_token")->AsString();
  ASSERT_FALSE(b.empty());
  clock_.Advance(hours(24 * 61));
  EXPECT_EQ(Refresh(b).body, R"({"error":"invalid_grant"})");
}

TEST_F(IdentityTest, AnExpiredAccessTokenGetsTokenExpiredWithItsTime) {
  const std::string token = Body(Exchange(Code())).Find("access_token")->AsString();
  const TimePoint expiry = clock_.Now() + minutes(30);
  clock_.Advance(minutes(29));
  EXPECT_EQ(Check(Api(token)), "OK");
  clock_.Advance(minutes(1));
  // FakeClock starts 2026-01-01T00:00:00Z: the token expired at 00:30:00.
  EXPECT_EQ(Check(Api(token)), "401 TokenExpired: token expired at 01/01/2026 00:30:00");
  EXPECT_EQ(expiry, clock_.Now());
}

TEST_F(IdentityTest, AuthenticateAnswersAsXeroDoes) {
  const std::string token = Body(Exchange(Code())).Find("access_token")->AsString();
  EXPECT_EQ(Check(Api("not-a-token")), "401 AuthenticationUnsuccessful");
  EXPECT_EQ(Check(Api(token, "")), "403 AuthenticationUnsuccessful");  // no xero-tenant-id
  EXPECT_EQ(Check(Api(token, "33333333-3333-4333-8333-333333333333")),
            "403 AuthenticationUnsuccessful");
  EXPECT_EQ(Check(Api(token), {"accounting.budgets.read"}), "401 AuthorizationUnsuccessful");
  const http::Response r = std::get<http::Response>(
      identity_.Authenticate(Api(token, ""), {"accounting.transactions"}, true));
  const Json body = Body(r);
  EXPECT_EQ(body.Find("Title")->AsString(), "Forbidden");
  EXPECT_EQ(body.Find("Status")->AsInt64().value(), 403);
  EXPECT_TRUE(body.Find("Type")->is_null());
  EXPECT_TRUE(body.Find("Extensions")->is_object());
}

TEST_F(IdentityTest, ReadScopesAllowReadsButNotWrites) {
  const std::string token = Body(Exchange(Code(kClient, "accounting.transactions.read")))
                                .Find("access_token")
                                ->AsString();
  EXPECT_EQ(Check(Api(token), {"accounting.transactions"}, /*read=*/true), "OK");
  EXPECT_EQ(Check(Api(token), {"accounting.transactions"}, /*read=*/false),
            "401 AuthorizationUnsuccessful");
}

TEST_F(IdentityTest, ConnectionsListTheGrantsTenantsAndCanBeDeleted) {
  const std::string token = Body(Exchange(Code())).Find("access_token")->AsString();
  http::Request list = Api(token, "");
  const Json connections = Body(identity_.ListConnections(list));
  ASSERT_EQ(connections.AsArray().size(), 2u);
  const Json& first = connections.AsArray()[0];
  EXPECT_EQ(first.Find("tenantId")->AsString(), kNz);
  EXPECT_EQ(first.Find("tenantName")->AsString(), "Demo Company (NZ)");
  EXPECT_EQ(first.Find("tenantType")->AsString(), "ORGANISATION");
  // No zone and seven fractional digits, as Xero writes them.
  EXPECT_EQ(first.Find("createdDateUtc")->AsString(), "2026-01-01T00:00:00.0000000");

  http::Request del = Api(token, "");
  del.method = "DELETE";
  del.path_params["id"] = first.Find("id")->AsString();
  EXPECT_EQ(identity_.DeleteConnection(del).status, 204);
  EXPECT_EQ(identity_.DeleteConnection(del).status, 404);
  EXPECT_EQ(Check(Api(token, kNz)), "403 AuthenticationUnsuccessful");
  EXPECT_EQ(Check(Api(token, kUk)), "OK");
}

TEST_F(IdentityTest, RevocationEndsTheGrantAndItsConnections) {
  const Json tokens = Body(Exchange(Code()));
  const std::string refresh = tokens.Find("refresh_token")->AsString();
  http::Request revoke;
  revoke.method = "POST";
  revoke.headers.Set("Authorization",
                     "Basic " + Base64Encode(std::string(kClient) + ":" + kSecret));
  revoke.body = FormBody({{"token", refresh}});
  EXPECT_EQ(identity_.Revoke(revoke).status, 200);
  EXPECT_EQ(Refresh(refresh).body, R"({"error":"invalid_grant"})");
  EXPECT_EQ(identity_.ConnectionCount(kNz), 0);
  EXPECT_EQ(Check(Api(tokens.Find("access_token")->AsString())), "403 AuthenticationUnsuccessful");
}

TEST_F(IdentityTest, ReconsentKeepsTheConnectionId) {
  auto connection_id = [&](const std::string& token) {
    return Body(identity_.ListConnections(Api(token, ""))).AsArray()[0].Find("id")->AsString();
  };
  const std::string before = connection_id(Body(Exchange(Code())).Find("access_token")->AsString());
  const std::string after = connection_id(Body(Exchange(Code())).Find("access_token")->AsString());
  EXPECT_EQ(before, after);
  EXPECT_EQ(identity_.ConnectionCount(kNz), 1);
}

TEST_F(IdentityTest, ControlHooksExpireTokensAndRevokeATenant) {
  const Json tokens = Body(Exchange(Code()));
  const std::string access = tokens.Find("access_token")->AsString();
  EXPECT_GE(identity_.ExpireAccessTokens(), 1);
  EXPECT_THAT(Check(Api(access)), HasSubstr("401 TokenExpired"));
  // A tenant revoked in Xero: refreshing still works, the tenant answers 403 (FACTS.md §1.5).
  const std::string fresh =
      Body(Refresh(tokens.Find("refresh_token")->AsString())).Find("access_token")->AsString();
  EXPECT_EQ(identity_.RevokeConnections(kNz), 1);
  EXPECT_EQ(Check(Api(fresh, kNz)), "403 AuthenticationUnsuccessful");
  EXPECT_EQ(Check(Api(fresh, kUk)), "OK");
  EXPECT_GE(identity_.ExpireRefreshTokens(), 1);
  EXPECT_EQ(Refresh(tokens.Find("refresh_token")->AsString()).body, R"({"error":"invalid_grant"})");
}

TEST_F(IdentityTest, UnknownClientsAndRedirectsGetAnErrorPageNotARedirect) {
  Pairs unknown = AuthorizeQuery("NOSUCHCLIENT");
  http::Response r = Authorize(unknown);
  EXPECT_EQ(r.status, 400);
  EXPECT_FALSE(r.headers.Get("Location").has_value());
  EXPECT_THAT(r.body, HasSubstr("unauthorized_client"));
  Pairs bad_redirect = AuthorizeQuery();
  bad_redirect[2].second = "https://evil.example/callback";
  r = Authorize(bad_redirect);
  EXPECT_EQ(r.status, 400);
  EXPECT_FALSE(r.headers.Get("Location").has_value());
}

TEST_F(IdentityTest, BadScopesAndResponseTypesRedirectWithTheError) {
  Pairs q = AuthorizeQuery(kClient, "accounting.transactions accounting.everything");
  http::Response r = Authorize(q);
  EXPECT_EQ(Find(LocationQuery(r), "error"), "invalid_scope");
  EXPECT_EQ(Find(LocationQuery(r), "state"), "st-123");
  q = AuthorizeQuery();
  q[0].second = "token";
  EXPECT_EQ(Find(LocationQuery(Authorize(q)), "error"), "unsupported_response_type");
  // Apps created since March 2026 may only ask for granular scopes.
  r = Authorize(AuthorizeQuery(kGranularClient, "accounting.transactions offline_access"));
  EXPECT_EQ(Find(LocationQuery(r), "error"), "invalid_scope");
  r = Authorize(AuthorizeQuery(kGranularClient, "accounting.invoices offline_access"));
  EXPECT_FALSE(Find(LocationQuery(r), "code").empty());
}

TEST_F(IdentityTest, PkceAppsMustProveTheVerifierAndNeedNoSecret) {
  EXPECT_EQ(Find(LocationQuery(Authorize(AuthorizeQuery(kPkceClient))), "error"),
            "invalid_request");
  auto exchange = [&](const std::string& code, const std::string& verifier) {
    return PostToken({{"grant_type", "authorization_code"},
                      {"code", code},
                      {"redirect_uri", kRedirect},
                      {"client_id", kPkceClient},
                      {"code_verifier", verifier}},
                     /*basic=*/false);
  };
  const std::string wrong(43, 'a');
  EXPECT_EQ(exchange(Code(kPkceClient, kScopes, kChallenge), wrong).body,
            R"({"error":"invalid_grant"})");
  const http::Response ok = exchange(Code(kPkceClient, kScopes, kChallenge), kVerifier);
  EXPECT_EQ(ok.status, 200) << ok.body;
}

class ConsentPageTest : public IdentityTest {
 protected:
  ConsentPageTest() : IdentityTest(/*auto_consent=*/false) {}
  http::Response Answer(const Pairs& form) {
    http::Request r;
    r.method = "POST";
    r.body = FormBody(form);
    return identity_.Consent(r);
  }
};

TEST_F(ConsentPageTest, ListsTheOrganisationsAndCarriesTheRequestThrough) {
  const http::Response page = Authorize(AuthorizeQuery());
  EXPECT_EQ(page.status, 200);
  EXPECT_THAT(page.body, HasSubstr("Demo Company (NZ)"));
  EXPECT_THAT(page.body, HasSubstr("Demo Company (UK)"));
  EXPECT_THAT(page.body, HasSubstr("value=\"st-123\""));
  EXPECT_THAT(page.body, Not(HasSubstr("<script")));
}

TEST_F(ConsentPageTest, AllowingOneOrganisationConnectsOnlyThatOne) {
  Pairs form = AuthorizeQuery();
  form.emplace_back("tenant", kUk);
  form.emplace_back("decision", "allow");
  const http::Response r = Answer(form);
  ASSERT_EQ(r.status, 302) << r.body;
  EXPECT_EQ(Find(LocationQuery(r), "state"), "st-123");
  const std::string token =
      Body(Exchange(Find(LocationQuery(r), "code"))).Find("access_token")->AsString();
  EXPECT_EQ(Check(Api(token, kUk)), "OK");
  EXPECT_EQ(Check(Api(token, kNz)), "403 AuthenticationUnsuccessful");
}

TEST_F(ConsentPageTest, DecliningRedirectsWithAccessDenied) {
  Pairs form = AuthorizeQuery();
  form.emplace_back("decision", "deny");
  EXPECT_EQ(Find(LocationQuery(Answer(form)), "error"), "access_denied");
}

TEST_F(ConsentPageTest, HostileValuesAreEscaped) {
  Pairs q = AuthorizeQuery();
  q[4].second = "\"><script>alert(1)</script>";
  const http::Response page = Authorize(q);
  EXPECT_THAT(page.body, Not(HasSubstr("<script>alert(1)")));
  EXPECT_THAT(page.body, HasSubstr("&lt;script&gt;"));
}

}  // namespace
}  // namespace xerosync::emulator
