// CodeOfFailure reads the statuses the xero module really writes (StatusOfAnswer for Xero's
// answers, the client's refusals), so a change of their wording fails here rather than in the
// console.
#include "sync/failures.h"

#include <gtest/gtest.h>

#include <string>

#include "xero/requests.h"

namespace xerosync::sync {
namespace {

// The Status a read or a batch gives for Xero's answer `status` with `body`.
Status Answered(int status, std::string body, std::string content_type = "application/json") {
  xero::HttpResponse response;
  response.status = status;
  response.headers = {{"Content-Type", std::move(content_type)}};
  response.body = std::move(body);
  return xero::StatusOfAnswer(response);
}

std::string ProblemDetails(int status, const std::string& detail) {
  return R"({"Type":null,"Title":"x","Status":)" + std::to_string(status) + R"(,"Detail":")" +
         detail + R"(","Instance":"04115443-c574-4949-9cfa-102bdb03ca91","Extensions":{}})";
}

std::string_view CodeOf(const Status& status, bool parked = false) {
  return CodeOfFailure(status, std::nullopt, parked);
}

TEST(Failures, XerosAuthAnswersNameTheConnectionsTrouble) {
  EXPECT_EQ(CodeOf(Answered(401, ProblemDetails(401, "TokenExpired: token expired at 09/24/2021"))),
            "connection.expired");
  EXPECT_EQ(CodeOf(Answered(401, ProblemDetails(401, "AuthorizationUnsuccessful"))),
            "connection.missing_scope");
  EXPECT_EQ(CodeOf(Answered(403, ProblemDetails(403, "AuthenticationUnsuccessful"))),
            "connection.revoked");
}

TEST(Failures, TheClientsRefusalsSayTheConnectionsState) {
  EXPECT_EQ(CodeOf(FailedPreconditionError(
                "the request did not reach Xero (not sent); connection acme is expired: Xero "
                "refused the refresh token (invalid_grant)")),
            "connection.expired");
  EXPECT_EQ(CodeOf(FailedPreconditionError("GET http://x/Invoices: the request did not reach "
                                           "Xero (not sent); connection acme is revoked: gone")),
            "connection.revoked");
  EXPECT_EQ(CodeOf(FailedPreconditionError(
                "connection acme is disconnected: disconnected from xerosync")),
            "connection.not_connected");
}

TEST(Failures, LimitsByWhetherTheOrganisationIsParked) {
  const Status limited = Answered(429, "");
  EXPECT_EQ(CodeOf(limited), "rate_limit.minute");
  EXPECT_EQ(CodeOf(limited, /*parked=*/true), "rate_limit.day");
  EXPECT_EQ(CodeOf(ResourceExhaustedError("the organisation's day limit is spent"), true),
            "rate_limit.day");
}

TEST(Failures, OutagesAndSurprises) {
  EXPECT_EQ(CodeOf(Answered(503, "The Xero API is temporarily unavailable", "text/plain")),
            "xero.unavailable");
  EXPECT_EQ(CodeOf(Answered(503, "The Organisation is Offline", "text/plain")),
            "xero.organisation_offline");
  EXPECT_EQ(CodeOf(Answered(500, R"({"Title":"An error occurred","Status":500})")),
            "xero.unexpected");
  EXPECT_EQ(CodeOf(UnavailableError("connection refused")), "xero.unavailable");
  EXPECT_EQ(CodeOf(Answered(404, "The resource you're looking for cannot be found", "text/plain")),
            "document.not_in_xero");
  EXPECT_EQ(CodeOfFailure(DataLossError("Xero answered 2 invoices for the 3 sent"), 200, false),
            "xero.unexpected");
}

TEST(Failures, TheReportOfAFailureHasItsCodeFixCorrelationIdAndRequest) {
  store::Document document;
  document.kind = store::DocumentKind::kInvoice;
  document.host_id = "INV-7";
  RequestFailure failure{Answered(500, R"({"Title":"An error occurred","Status":500})"), 500,
                         "corr-9",
                         SummaryOf("PUT", "https://api.xero.com/api.xro/2.0/Invoices?x=1", 500, 4)};
  const store::ErrorReport report = FailureReport(document, failure, 6);
  EXPECT_EQ(report.code, "xero.unexpected");
  EXPECT_NE(report.message.find("invoice INV-7"), std::string::npos) << report.message;
  EXPECT_NE(report.message.find("6 tries"), std::string::npos) << report.message;
  EXPECT_NE(report.fix.find("copy the diagnostics"), std::string::npos) << report.fix;
  EXPECT_EQ(report.correlation_id, "corr-9");
  ASSERT_TRUE(report.request.has_value());
  EXPECT_EQ(report.request->path, "/api.xro/2.0/Invoices");
  EXPECT_EQ(report.request->documents, 4);
}

}  // namespace
}  // namespace xerosync::sync
