// Xero's error answers, byte for byte where FACTS.md §4.2 records them.
#include "emulator/error_bodies.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "core/json.h"

namespace xerosync::emulator {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

std::string ContentType(const http::Response& r) {
  return std::string(r.headers.Get("Content-Type").value_or(""));
}

TEST(ErrorBodiesTest, The500IsXerosJsonWithTheInstanceGiven) {
  const http::Response r = InternalServerError("70e430b3-b708-4fd4-80f8-f41669bafd13");
  EXPECT_EQ(r.status, 500);
  EXPECT_THAT(ContentType(r), StartsWith("application/json"));
  EXPECT_EQ(r.body,
            R"({"Title":"An error occurred","Detail":"An error occurred in Xero. Check the API )"
            R"(Status page http://status.developer.xero.com for current service status.",)"
            R"("Status":500,"Instance":"70e430b3-b708-4fd4-80f8-f41669bafd13"})");
}

TEST(ErrorBodiesTest, The503TextsArePlainText) {
  const http::Response maintenance = OfflineForMaintenance();
  EXPECT_EQ(maintenance.status, 503);
  EXPECT_THAT(ContentType(maintenance), StartsWith("text/plain"));
  EXPECT_EQ(maintenance.body, "The Xero API is currently offline for maintenance");
  const http::Response unavailable = TemporarilyUnavailable();
  EXPECT_EQ(unavailable.status, 503);
  EXPECT_THAT(ContentType(unavailable), StartsWith("text/plain"));
  EXPECT_EQ(unavailable.body, "The Xero API is temporarily unavailable");
}

TEST(ErrorBodiesTest, TheHtmlPagesAreHtmlWithXerosTitles) {
  const http::Response edge = EdgeServiceUnavailable();
  EXPECT_EQ(edge.status, 503);
  EXPECT_THAT(ContentType(edge), StartsWith("text/html"));
  EXPECT_THAT(edge.body, HasSubstr("<TITLE>Service Unavailable</TITLE>"));
  EXPECT_THAT(edge.body, HasSubstr("Service Unavailable - Zero size object"));
  EXPECT_FALSE(Json::Parse(edge.body).ok());  // a client that parses JSON blindly must fail here

  const http::Response page = InternalServerErrorHtml();
  EXPECT_EQ(page.status, 500);
  EXPECT_THAT(ContentType(page), StartsWith("text/html"));
  EXPECT_THAT(page.body, HasSubstr("<title>Xero | Error 500</title>"));
}

TEST(ErrorBodiesTest, OtherStatusesGetXeroLikeBodies) {
  const http::Response validation = ErrorAnswer(400, "i");
  EXPECT_EQ(validation.status, 400);
  EXPECT_EQ(validation.body, R"({"ErrorNumber":10,"Type":"ValidationException",)"
                             R"("Message":"A validation exception occurred","Elements":[]})");

  const http::Response forbidden = ErrorAnswer(403, "abc");
  EXPECT_EQ(forbidden.status, 403);
  EXPECT_EQ(forbidden.body,
            R"({"Type":null,"Title":"Forbidden","Status":403,)"
            R"("Detail":"AuthenticationUnsuccessful","Instance":"abc","Extensions":{}})");
  EXPECT_EQ(ErrorAnswer(401, "abc").status, 401);

  const http::Response missing = ErrorAnswer(404, "i");
  EXPECT_THAT(ContentType(missing), StartsWith("text/plain"));
  EXPECT_EQ(missing.body, "The resource you're looking for cannot be found");

  const http::Response limited = ErrorAnswer(429, "i");
  EXPECT_EQ(limited.body, "Rate limit exceeded");
  EXPECT_EQ(limited.headers.Get("X-Rate-Limit-Problem"), "minute");
  EXPECT_EQ(limited.headers.Get("Retry-After"), "60");

  EXPECT_EQ(ErrorAnswer(500, "i").body, InternalServerError("i").body);
  EXPECT_EQ(ErrorAnswer(503, "i").body, OfflineForMaintenance().body);

  const http::Response gateway = ErrorAnswer(502, "i");
  EXPECT_EQ(gateway.status, 502);
  EXPECT_THAT(ContentType(gateway), StartsWith("text/html"));
  EXPECT_THAT(gateway.body, HasSubstr("<TITLE>Bad Gateway</TITLE>"));
  EXPECT_THAT(ErrorAnswer(504, "i").body, HasSubstr("<TITLE>Gateway Timeout</TITLE>"));

  const http::Response other = ErrorAnswer(409, "xyz");
  EXPECT_EQ(other.status, 409);
  EXPECT_EQ(other.body,
            R"({"Title":"Conflict","Detail":"Conflict","Status":409,"Instance":"xyz"})");
}

}  // namespace
}  // namespace xerosync::emulator
