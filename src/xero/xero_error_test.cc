// Error classification over the emulator's whole error catalogue (docs/emulator.md: identity
// errors, rate limits, fault kinds, the offline organisation, validation, plain-text 404), driven
// in-process, plus the bodies Xero sends that the emulator does not (FACTS.md §4).
#include "xero/xero_error.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <variant>

#include "core/clock.h"
#include "emulator/crypto.h"
#include "emulator/demo_data.h"
#include "emulator/emulator.h"
#include "emulator/test_support.h"
#include "xero/testing/emulator_transport.h"

namespace xerosync::xero {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kAllScopes[] =
    "openid accounting.settings accounting.contacts accounting.transactions offline_access";
const std::string kTenant(emulator::kDemoNzTenantId);

class XeroErrorTest : public ::testing::Test {
 protected:
  XeroErrorTest() : emulator_(clock_, emulator::testing::DemoOptions(11)), transport_(emulator_) {
    token_ = emulator::testing::ConnectDemoApp(emulator_, kAllScopes);
  }

  // A control route; fails the test unless it answers 2xx.
  void Control(const std::string& method, const std::string& path, const std::string& body = "") {
    const TransportResult r = transport_.Send(
        {method, "http://emulator/_emulator" + path, {{"Content-Type", "application/json"}}, body});
    ASSERT_TRUE(std::holds_alternative<HttpResponse>(r));
    const auto& response = std::get<HttpResponse>(r);
    ASSERT_GE(response.status, 200) << response.body;
    ASSERT_LT(response.status, 300) << response.body;
  }
  void AddFault(const std::string& rule) { Control("POST", "/faults", rule); }

  // An accounting call with the connected token, classified.
  XeroResult Call(const std::string& method, const std::string& path, const std::string& body = "",
                  const std::string& token = "") {
    return ClassifyResult(
        transport_.Send({method,
                         "https://api.xero.com/api.xro/2.0" + path,
                         {{"Authorization", "Bearer " + (token.empty() ? token_ : token)},
                          {"xero-tenant-id", kTenant},
                          {"Accept", "application/json"},
                          {"Content-Type", "application/json"}},
                         body}));
  }
  // The error of a call that must fail.
  XeroError Error(const std::string& method, const std::string& path, const std::string& body = "",
                  const std::string& token = "") {
    XeroResult r = Call(method, path, body, token);
    if (!std::holds_alternative<XeroError>(r)) {
      ADD_FAILURE() << method << " " << path << " succeeded: " << std::get<HttpResponse>(r).body;
      return {};
    }
    return std::get<XeroError>(std::move(r));
  }

  FakeClock clock_;
  emulator::Emulator emulator_;
  testing::EmulatorTransport transport_;
  std::string token_;
};

TEST_F(XeroErrorTest, ASuccessIsTheAnswerItself) {
  const XeroResult r = Call("GET", "/Organisation");
  ASSERT_TRUE(std::holds_alternative<HttpResponse>(r));
  EXPECT_EQ(std::get<HttpResponse>(r).status, 200);
}

TEST_F(XeroErrorTest, AnExpiredTokenIsUnauthenticatedAndRetryableAfterARefresh) {
  Control("POST", "/tokens/expire");
  const XeroError e = Error("GET", "/Organisation");
  EXPECT_EQ(e.code, StatusCode::kUnauthenticated);
  EXPECT_EQ(e.reason, XeroErrorReason::kTokenExpired);
  EXPECT_EQ(e.http_status, 401);
  ASSERT_TRUE(e.detail.has_value());
  EXPECT_THAT(*e.detail, HasSubstr("TokenExpired: token expired at "));
  EXPECT_EQ(e.message, "Unauthorized");
  EXPECT_TRUE(e.retryable);
  EXPECT_FALSE(e.ambiguous);
  ASSERT_TRUE(e.correlation_id.has_value());
  EXPECT_FALSE(e.correlation_id->empty());
  EXPECT_TRUE(e.body_excerpt.empty());  // the JSON was understood
  EXPECT_EQ(e.ToStatus().code(), StatusCode::kUnauthenticated);
  EXPECT_THAT(e.ToStatus().message(), HasSubstr(*e.correlation_id));
}

TEST_F(XeroErrorTest, AnUnknownTokenIsUnauthenticatedAndNotRetryable) {
  const XeroError e = Error("GET", "/Organisation", "", "not-a-token");
  EXPECT_EQ(e.code, StatusCode::kUnauthenticated);
  EXPECT_EQ(e.reason, XeroErrorReason::kUnauthenticated);
  EXPECT_EQ(e.detail, "AuthenticationUnsuccessful");
  EXPECT_FALSE(e.retryable);
}

TEST_F(XeroErrorTest, ARevokedOrganisationIsPermissionDenied) {
  Control("POST", "/tenants/" + kTenant + "/revoke");
  const XeroError e = Error("GET", "/Organisation");
  EXPECT_EQ(e.code, StatusCode::kPermissionDenied);
  EXPECT_EQ(e.reason, XeroErrorReason::kRevoked);
  EXPECT_EQ(e.http_status, 403);
  EXPECT_EQ(e.detail, "AuthenticationUnsuccessful");
  EXPECT_FALSE(e.retryable);
}

TEST_F(XeroErrorTest, AMissingScopeIsPermissionDeniedNamingTheScope) {
  const std::string settings_only =
      emulator::testing::ConnectDemoApp(emulator_, "openid accounting.settings offline_access");
  const XeroError e = Error("GET", "/Contacts", "", settings_only);
  EXPECT_EQ(e.code, StatusCode::kPermissionDenied);
  EXPECT_EQ(e.reason, XeroErrorReason::kMissingScope);
  EXPECT_EQ(e.http_status, 401);
  EXPECT_EQ(e.detail, "AuthorizationUnsuccessful");
  EXPECT_FALSE(e.retryable);
  EXPECT_THAT(e.Summary(), HasSubstr("missing_scope"));
}

TEST_F(XeroErrorTest, TheMinuteLimitIsResourceExhaustedWithRetryAfter) {
  Control("PUT", "/rate-limits", R"({"per_minute":1})");
  ASSERT_TRUE(std::holds_alternative<HttpResponse>(Call("GET", "/Organisation")));
  const XeroError e = Error("GET", "/Organisation");
  EXPECT_EQ(e.code, StatusCode::kResourceExhausted);
  EXPECT_EQ(e.reason, XeroErrorReason::kRateLimited);
  EXPECT_EQ(e.http_status, 429);
  EXPECT_EQ(e.rate_limit, RateLimitProblem::kMinute);
  ASSERT_TRUE(e.retry_after.has_value());
  EXPECT_GT(e.retry_after->count(), 0);
  EXPECT_LE(e.retry_after->count(), 60);
  EXPECT_TRUE(e.retryable);
  EXPECT_FALSE(e.body_excerpt.empty());  // the 429 body is plain text
  EXPECT_THAT(e.Summary(), HasSubstr("minute limit"));
}

TEST_F(XeroErrorTest, TheDayLimitSaysDayAndWaitsHours) {
  Control("POST", "/tenants/" + kTenant + "/spend-day", R"({"calls":5000})");
  const XeroError e = Error("GET", "/Organisation");
  EXPECT_EQ(e.code, StatusCode::kResourceExhausted);
  EXPECT_EQ(e.rate_limit, RateLimitProblem::kDay);
  ASSERT_TRUE(e.retry_after.has_value());
  EXPECT_GT(e.retry_after->count(), 60);
  EXPECT_EQ(e.rate_limits.day_remaining.value_or(-1), 0);
}

TEST_F(XeroErrorTest, Xeros500IsInternalAndRetryable) {
  AddFault(R"({"path":"/api.xro/2.0/Organisation","kind":"500"})");
  const XeroError e = Error("GET", "/Organisation");
  EXPECT_EQ(e.code, StatusCode::kInternal);
  EXPECT_EQ(e.reason, XeroErrorReason::kServerError);
  EXPECT_EQ(e.message, "An error occurred");
  ASSERT_TRUE(e.detail.has_value());
  EXPECT_THAT(*e.detail, HasSubstr("An error occurred in Xero"));
  EXPECT_TRUE(e.retryable);
}

TEST_F(XeroErrorTest, AnHtml500IsInternalWithTheTextOfThePage) {
  AddFault(R"({"kind":"500-html"})");
  const XeroError e = Error("GET", "/Organisation");
  EXPECT_EQ(e.code, StatusCode::kInternal);
  EXPECT_THAT(e.body_excerpt, HasSubstr("Xero | Error 500"));
  EXPECT_THAT(e.body_excerpt, Not(HasSubstr("<")));
  EXPECT_LE(e.body_excerpt.size(), XeroError::kExcerptBytes + 3);
}

TEST_F(XeroErrorTest, MaintenanceIsUnavailableWithXerosWords) {
  AddFault(R"({"kind":"503-text"})");
  const XeroError e = Error("GET", "/Organisation");
  EXPECT_EQ(e.code, StatusCode::kUnavailable);
  EXPECT_EQ(e.reason, XeroErrorReason::kUnavailable);
  EXPECT_EQ(e.body_excerpt, "The Xero API is currently offline for maintenance");
  EXPECT_THAT(e.content_type, HasSubstr("text/plain"));
  EXPECT_TRUE(e.retryable);
}

TEST_F(XeroErrorTest, AnEdgeProxysHtml503IsUnavailable) {
  AddFault(R"({"kind":"503-html"})");
  const XeroError e = Error("GET", "/Organisation");
  EXPECT_EQ(e.code, StatusCode::kUnavailable);
  EXPECT_THAT(e.body_excerpt, HasSubstr("Service Unavailable - Zero size object"));
  EXPECT_THAT(e.body_excerpt, Not(HasSubstr("<")));
}

TEST_F(XeroErrorTest, GatewaysAreUnavailable) {
  for (const char* status : {"502", "504"}) {
    ASSERT_NO_FATAL_FAILURE(Control("DELETE", "/faults"));
    AddFault(std::string(R"({"kind":")") + status + R"("})");
    const XeroError e = Error("GET", "/Organisation");
    EXPECT_EQ(e.http_status, std::stoi(status));
    EXPECT_EQ(e.code, StatusCode::kUnavailable) << status;
    EXPECT_TRUE(e.retryable) << status;
  }
}

TEST_F(XeroErrorTest, AnOfflineOrganisationIsUnavailableAndSaysSo) {
  Control("POST", "/tenants/" + kTenant + "/offline");
  const XeroError e = Error("GET", "/Organisation");
  EXPECT_EQ(e.code, StatusCode::kUnavailable);
  EXPECT_EQ(e.reason, XeroErrorReason::kOrganisationOffline);
  EXPECT_EQ(e.body_excerpt, "The Organisation is Offline");
  EXPECT_TRUE(e.retryable);
}

TEST_F(XeroErrorTest, AValidationExceptionKeepsEveryElementsMessages) {
  const std::string line = R"("LineItems":[{"Description":"x","Quantity":1,"UnitAmount":1}])";
  const std::string body = R"({"Invoices":[{"Type":"ACCREC",)" + line +
                           R"(},{"Type":"ACCREC","Contact":{"ContactNumber":"NOPE"},)" + line +
                           "}]}";
  const XeroError e = Error("PUT", "/Invoices", body);
  EXPECT_EQ(e.code, StatusCode::kInvalidArgument);
  EXPECT_EQ(e.reason, XeroErrorReason::kValidation);
  EXPECT_EQ(e.http_status, 400);
  EXPECT_EQ(e.type, "ValidationException");
  EXPECT_EQ(e.message, "A validation exception occurred");
  ASSERT_EQ(e.elements.size(), 2u);
  EXPECT_THAT(e.elements[0],
              ElementsAre(ValidationMessage{
                  "",
                  "The Contact must contain at least 1 of the following elements to identify "
                  "the contact: Name, ContactID, ContactNumber"}));
  EXPECT_THAT(e.elements[1], ElementsAre(ValidationMessage{"", "Contact Name cannot be empty."}));
  EXPECT_FALSE(e.retryable);
  EXPECT_THAT(e.Summary(), HasSubstr("Elements[1]: Contact Name cannot be empty."));
}

TEST_F(XeroErrorTest, MalformedJsonIsPostDataInvalid) {
  const XeroError e = Error("PUT", "/Contacts", R"({"Contacts":[{"Name":)");
  EXPECT_EQ(e.code, StatusCode::kInvalidArgument);
  EXPECT_EQ(e.reason, XeroErrorReason::kMalformedRequest);
  EXPECT_EQ(e.type, "PostDataInvalidException");
  EXPECT_FALSE(e.retryable);
}

TEST_F(XeroErrorTest, AnUnknownInvoiceIsAPlainTextNotFound) {
  const XeroError e = Error("GET", "/Invoices/0b0b0b0b-0000-4000-8000-000000000000");
  EXPECT_EQ(e.code, StatusCode::kNotFound);
  EXPECT_EQ(e.reason, XeroErrorReason::kNotFound);
  EXPECT_EQ(e.body_excerpt, "The resource you're looking for cannot be found");
  EXPECT_TRUE(e.type.empty());
  EXPECT_FALSE(e.retryable);
}

TEST_F(XeroErrorTest, AWriteWhoseAnswerWasLostIsAmbiguous) {
  AddFault(R"({"action":"apply-then-drop","method":"PUT","path":"/api.xro/2.0/Contacts"})");
  const XeroError e = Error("PUT", "/Contacts", R"({"Contacts":[{"Name":"Dropped Ltd"}]})");
  EXPECT_EQ(e.code, StatusCode::kUnknown);
  EXPECT_EQ(e.reason, XeroErrorReason::kAmbiguous);
  EXPECT_TRUE(e.ambiguous);
  EXPECT_FALSE(e.retryable);
  EXPECT_EQ(e.http_status, 0);
  EXPECT_FALSE(e.transport_message.empty());
  EXPECT_FALSE(e.MaySendAgain("PUT"));
  EXPECT_TRUE(e.MaySendAgain("GET"));  // a read has nothing to duplicate
  // It did happen: the contact is there.
  const XeroResult read = Call("GET", "/Contacts?where=Name%3D%3D%22Dropped%20Ltd%22");
  ASSERT_TRUE(std::holds_alternative<HttpResponse>(read));
  EXPECT_THAT(std::get<HttpResponse>(read).body, HasSubstr("Dropped Ltd"));
}

TEST_F(XeroErrorTest, TheIdentityServicesOAuthErrorsAreRecognised) {
  const emulator::App app = emulator::DemoApp();
  auto refresh = [&](const std::string& secret) {
    return ClassifyResult(transport_.Send(
        {"POST",
         "https://identity.xero.com/connect/token",
         {{"Authorization", "Basic " + emulator::Base64Encode(app.client_id + ":" + secret)},
          {"Content-Type", "application/x-www-form-urlencoded"}},
         "grant_type=refresh_token&refresh_token=not-a-refresh-token"}));
  };
  const XeroResult grant = refresh(app.client_secret);
  ASSERT_TRUE(std::holds_alternative<XeroError>(grant));
  EXPECT_EQ(std::get<XeroError>(grant).code, StatusCode::kUnauthenticated);
  EXPECT_EQ(std::get<XeroError>(grant).reason, XeroErrorReason::kInvalidGrant);
  EXPECT_EQ(std::get<XeroError>(grant).type, "invalid_grant");
  EXPECT_TRUE(std::get<XeroError>(grant).oauth_error);
  EXPECT_FALSE(std::get<XeroError>(grant).retryable);

  const XeroResult client = refresh("wrong-secret");
  ASSERT_TRUE(std::holds_alternative<XeroError>(client));
  EXPECT_EQ(std::get<XeroError>(client).reason, XeroErrorReason::kInvalidClient);

  const XeroResult grant_type = ClassifyResult(transport_.Send(
      {"POST",
       "https://identity.xero.com/connect/token",
       {{"Authorization",
         "Basic " + emulator::Base64Encode(app.client_id + ":" + app.client_secret)}},
       "grant_type=password"}));
  ASSERT_TRUE(std::holds_alternative<XeroError>(grant_type));
  EXPECT_EQ(std::get<XeroError>(grant_type).code, StatusCode::kInvalidArgument);
  EXPECT_EQ(std::get<XeroError>(grant_type).type, "unsupported_grant_type");
}

TEST(XeroErrorClassify, NotSentIsUnavailableAndRetryable) {
  const XeroResult r = ClassifyResult(TransportError{TransportFailure::kNotSent, "refused"});
  ASSERT_TRUE(std::holds_alternative<XeroError>(r));
  const XeroError& e = std::get<XeroError>(r);
  EXPECT_EQ(e.code, StatusCode::kUnavailable);
  EXPECT_EQ(e.reason, XeroErrorReason::kNotSent);
  EXPECT_TRUE(e.retryable);
  EXPECT_FALSE(e.ambiguous);
  EXPECT_TRUE(e.MaySendAgain("POST"));
  EXPECT_THAT(e.Summary(), HasSubstr("refused"));
}

// FACTS.md §4.1: real elements carry messages on nested objects too.
TEST(XeroErrorClassify, NestedValidationMessagesKeepTheirPaths) {
  HttpResponse response;
  response.status = 400;
  response.headers = {{"Content-Type", "application/json; charset=utf-8"}};
  response.body = R"({"ErrorNumber":10,"Type":"ValidationException",
    "Message":"A validation exception occurred","Elements":[{"Type":"ACCREC",
    "Contact":{"Name":"Old Co","ValidationErrors":[{"Message":"The contact has been archived."}]},
    "LineItems":[{"Description":"a"},{"Description":"b","ValidationErrors":[
      {"Message":"Account code '999' is not a valid code for this document."}]}],
    "ValidationErrors":[{"Message":"Invoice # must be unique."}]}]})";
  const std::optional<XeroError> e = ClassifyResponse(response);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->code, StatusCode::kInvalidArgument);
  EXPECT_EQ(e->reason, XeroErrorReason::kValidation);
  ASSERT_EQ(e->elements.size(), 1u);
  EXPECT_THAT(e->Messages(),
              ::testing::UnorderedElementsAre(
                  "Elements[0]: Invoice # must be unique.",
                  "Elements[0].Contact: The contact has been archived.",
                  "Elements[0].LineItems[1]: Account code '999' is not a valid code for this "
                  "document."));
}

TEST(XeroErrorClassify, ABodyIsReadAsJsonOnlyWhenItSaysSo) {
  HttpResponse response;
  response.status = 400;
  response.headers = {{"Content-Type", "text/plain"}};
  response.body = R"({"Type":"ValidationException","Message":"x"})";
  const std::optional<XeroError> e = ClassifyResponse(response);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->reason, XeroErrorReason::kBadRequest);
  EXPECT_TRUE(e->type.empty());
  EXPECT_EQ(e->body_excerpt, response.body);
}

TEST(XeroErrorClassify, TheLegacyRateLimit503IsResourceExhausted) {
  HttpResponse response;
  response.status = 503;
  response.body = "oauth_problem=rate%20limit%20exceeded&oauth_problem_advice=please%20wait";
  const std::optional<XeroError> e = ClassifyResponse(response);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->code, StatusCode::kResourceExhausted);
  EXPECT_EQ(e->reason, XeroErrorReason::kRateLimited);
}

TEST(XeroErrorClassify, OtherStatuses) {
  const struct {
    int status;
    StatusCode code;
    bool success;
  } cases[] = {
      {200, StatusCode::kOk, true},
      {204, StatusCode::kOk, true},
      {304, StatusCode::kOk, true},
      {301, StatusCode::kUnknown, false},
      {405, StatusCode::kUnimplemented, false},
      {409, StatusCode::kAborted, false},
      {412, StatusCode::kFailedPrecondition, false},
      {413, StatusCode::kInvalidArgument, false},
      {501, StatusCode::kUnimplemented, false},
      {599, StatusCode::kUnavailable, false},
  };
  for (const auto& c : cases) {
    HttpResponse response;
    response.status = c.status;
    const std::optional<XeroError> e = ClassifyResponse(response);
    EXPECT_EQ(!e.has_value(), c.success) << c.status;
    if (e) {
      EXPECT_EQ(e->code, c.code) << c.status;
    }
  }
}

TEST(XeroErrorClassify, ARefusalBeforeSendingKeepsItsCode) {
  TransportError not_connected{TransportFailure::kNotSent, "connect again"};
  not_connected.code = StatusCode::kFailedPrecondition;
  const XeroError e = ClassifyTransportError(not_connected);
  EXPECT_EQ(e.code, StatusCode::kFailedPrecondition);
  EXPECT_EQ(e.reason, XeroErrorReason::kNotConnected);
  EXPECT_FALSE(e.MaySendAgain("GET"));

  TransportError parked{TransportFailure::kNotSent, "paused until 14:05 UTC"};
  parked.code = StatusCode::kResourceExhausted;
  const XeroError p = ClassifyTransportError(parked);
  EXPECT_EQ(p.code, StatusCode::kResourceExhausted);
  EXPECT_EQ(p.reason, XeroErrorReason::kRateLimited);
  EXPECT_TRUE(p.MaySendAgain("PUT"));
  EXPECT_EQ(XeroErrorReasonName(XeroErrorReason::kNotConnected), "not_connected");
}

TEST(XeroErrorClassify, AnExcerptIsShortAndNeverSplitsACharacter) {
  std::string body(199, 'a');
  body += "\xC3\xA9\xC3\xA9 and more";  // é at bytes 199-200: cut before it
  const std::string excerpt = BodyExcerpt(body, "text/plain");
  EXPECT_EQ(excerpt, std::string(199, 'a') + "...");
  EXPECT_EQ(BodyExcerpt("<html><head><style>p{}</style><title>A &amp; B</title></head>\n"
                        "<body><h1>Down</h1>\n\n  <p>soon</p></body></html>",
                        "text/html"),
            "A & B Down soon");
}

}  // namespace
}  // namespace xerosync::xero
