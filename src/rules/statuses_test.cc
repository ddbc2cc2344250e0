// Each row of FACTS.md §4 (and §1.5's auth failures, §2's 429s) maps to the catalogue code a user
// is shown, and every code given is in the catalogue.
#include "rules/statuses.h"

#include <gtest/gtest.h>

#include <string>

#include "rules/catalogue.h"

namespace xerosync::rules {
namespace {

std::string CodeFor(int status, std::string_view detail = "", std::string_view body = "",
                    std::string_view rate_limit_problem = "") {
  XeroAnswer answer;
  answer.http_status = status;
  answer.detail = detail;
  answer.body = body;
  answer.rate_limit_problem = rate_limit_problem;
  const std::string_view code = CodeForXeroAnswer(answer);
  EXPECT_NE(FindEntry(code), nullptr) << code << " is not in the catalogue";
  return std::string(code);
}

TEST(Statuses, Validation400IsXerosValidationUnlessItsMessageNamesTheCase) {
  EXPECT_EQ(CodeFor(400, "ValidationException", "A validation exception occurred"),
            "xero.validation");
  EXPECT_EQ(
      CodeFor(400, "ValidationException", "Idempotency Key: k1 is used with a different request."),
      "xero.idempotency_key_reused");
}

TEST(Statuses, Other400sRefuseTheRequest) {
  EXPECT_EQ(CodeFor(400, "PostDataInvalidException", "JSON request body could not be read"),
            "xero.request_refused");
  EXPECT_EQ(CodeFor(400, "", "<html>Bad Request</html>"), "xero.request_refused");
}

TEST(Statuses, ARefusedRefreshIsAnExpiredConnection) {
  EXPECT_EQ(CodeFor(400, "invalid_grant"), "connection.expired");
}

TEST(Statuses, The401sTellExpiredTokensFromMissingScopes) {
  EXPECT_EQ(CodeFor(401, "TokenExpired: token expired at 09/24/2021 08:23:47"),
            "connection.expired");
  EXPECT_EQ(CodeFor(401, "AuthorizationUnsuccessful"), "connection.missing_scope");
  EXPECT_EQ(CodeFor(401, "AuthenticationUnsuccessful"), "connection.expired");
}

TEST(Statuses, A403IsARevokedConnection) {
  EXPECT_EQ(CodeFor(403, "AuthenticationUnsuccessful"), "connection.revoked");
}

TEST(Statuses, A404IsADocumentXeroNoLongerHas) {
  EXPECT_EQ(CodeFor(404, "", "The resource you're looking for cannot be found"),
            "document.not_in_xero");
}

TEST(Statuses, UnsupportedConflictAndPreconditionRefuseTheRequest) {
  for (const int status : {405, 409, 412, 501}) {
    EXPECT_EQ(CodeFor(status), "xero.request_refused") << status;
  }
}

TEST(Statuses, A413IsADocumentTooLarge) { EXPECT_EQ(CodeFor(413), "sync.too_large"); }

TEST(Statuses, The429sByTheirProblemHeader) {
  EXPECT_EQ(CodeFor(429, "", "", "minute"), "rate_limit.minute");
  EXPECT_EQ(CodeFor(429, "", "", "appminute"), "rate_limit.minute");
  EXPECT_EQ(CodeFor(429, "", "", "concurrent"), "rate_limit.minute");
  EXPECT_EQ(CodeFor(429), "rate_limit.minute");
  EXPECT_EQ(CodeFor(429, "", "", "day"), "rate_limit.day");
  EXPECT_EQ(CodeFor(429, "", "", "Daily"), "rate_limit.day");
}

TEST(Statuses, A500InAnyFormIsUnexpected) {
  EXPECT_EQ(CodeFor(500,
                    "An error occurred in Xero. Check the API Status page "
                    "http://status.developer.xero.com for current service status."),
            "xero.unexpected");
  EXPECT_EQ(CodeFor(500, "", "Xero | Error 500"), "xero.unexpected");
  EXPECT_EQ(CodeFor(500, "UnknownErrorException"), "xero.unexpected");
}

TEST(Statuses, The503sMeanings) {
  EXPECT_EQ(CodeFor(503, "", "The Xero API is currently offline for maintenance"),
            "xero.unavailable");
  EXPECT_EQ(CodeFor(503, "", "Service Unavailable Service Unavailable - Zero size object"),
            "xero.unavailable");
  EXPECT_EQ(CodeFor(503, "", "The Organisation is Offline"), "xero.organisation_offline");
  EXPECT_EQ(CodeFor(503, "", "oauth_problem=rate limit exceeded"), "rate_limit.minute");
}

TEST(Statuses, GatewaysAndNoAnswerAreUnavailable) {
  EXPECT_EQ(CodeFor(502), "xero.unavailable");
  EXPECT_EQ(CodeFor(504), "xero.unavailable");
  EXPECT_EQ(CodeFor(0), "xero.unavailable");
}

TEST(Statuses, StatusesXeroNeverDocumentsAreUnexpected) {
  EXPECT_EQ(CodeFor(302), "xero.unexpected");
  EXPECT_EQ(CodeFor(101), "xero.unexpected");
}

}  // namespace
}  // namespace xerosync::rules
