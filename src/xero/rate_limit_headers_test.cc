// The rate-limit headers of Xero's answers, as the rate budget reads them: from a hand-made answer
// and from the emulator's own counting (the same headers Xero documents).
#include "xero/rate_limit_headers.h"

#include <gtest/gtest.h>

#include <variant>

#include "core/clock.h"
#include "emulator/demo_data.h"
#include "emulator/emulator.h"
#include "emulator/test_support.h"
#include "xero/testing/emulator_transport.h"

namespace xerosync::xero {
namespace {

TEST(RateLimitHeaders, ReadsTheRemainingCountsIgnoringCase) {
  HttpResponse response;
  response.status = 200;
  response.headers = {{"x-daylimit-remaining", "4984"},
                      {"X-MinLimit-Remaining", " 59 "},
                      {"X-APPMINLIMIT-REMAINING", "9999"}};
  const RateLimitHeaders headers = ParseRateLimitHeaders(response);
  EXPECT_EQ(headers.day_remaining, 4984);
  EXPECT_EQ(headers.minute_remaining, 59);
  EXPECT_EQ(headers.app_minute_remaining, 9999);
  EXPECT_TRUE(headers.has_remaining());
  EXPECT_EQ(headers.problem, RateLimitProblem::kNone);
  EXPECT_FALSE(headers.retry_after.has_value());
}

TEST(RateLimitHeaders, ReadsWhichLimitAndRetryAfterOnA429) {
  HttpResponse response;
  response.status = 429;
  response.headers = {{"X-Rate-Limit-Problem", "day"}, {"Retry-After", "66975"}};
  RateLimitHeaders headers = ParseRateLimitHeaders(response);
  EXPECT_EQ(headers.problem, RateLimitProblem::kDay);
  EXPECT_EQ(headers.problem_text, "day");
  EXPECT_EQ(headers.retry_after, std::chrono::seconds(66975));
  EXPECT_FALSE(headers.has_remaining());

  for (const auto& [text, problem] : {std::pair{"minute", RateLimitProblem::kMinute},
                                      {"Minute", RateLimitProblem::kMinute},
                                      {"Daily", RateLimitProblem::kDay},
                                      {"concurrent", RateLimitProblem::kConcurrent},
                                      {"appminute", RateLimitProblem::kAppMinute},
                                      {"hourly", RateLimitProblem::kOther}}) {
    response.headers = {{"X-Rate-Limit-Problem", text}};
    EXPECT_EQ(ParseRateLimitHeaders(response).problem, problem) << text;
  }
}

TEST(RateLimitHeaders, LeavesEmptyWhatIsNotAWholeNumber) {
  HttpResponse response;
  response.headers = {{"X-DayLimit-Remaining", "-1"},
                      {"X-MinLimit-Remaining", "5.5"},
                      {"X-AppMinLimit-Remaining", "99999999999999999999999"},
                      {"Retry-After", "Wed, 21 Oct 2026 07:28:00 GMT"}};
  const RateLimitHeaders headers = ParseRateLimitHeaders(response);
  EXPECT_FALSE(headers.day_remaining.has_value());
  EXPECT_FALSE(headers.minute_remaining.has_value());
  EXPECT_FALSE(headers.app_minute_remaining.has_value());
  EXPECT_FALSE(headers.retry_after.has_value());
  EXPECT_FALSE(headers.has_remaining());
}

TEST(RateLimitHeaders, FollowsTheEmulatorsCounts) {
  FakeClock clock;
  emulator::Emulator emulator(clock, emulator::testing::DemoOptions(7));
  const std::string token = emulator::testing::ConnectDemoApp(emulator, "accounting.settings");
  testing::EmulatorTransport transport(emulator);
  HttpRequest request{"GET",
                      "http://127.0.0.1/api.xro/2.0/Organisation",
                      {{"Authorization", "Bearer " + token},
                       {"xero-tenant-id", std::string(emulator::kDemoNzTenantId)},
                       {"Accept", "application/json"}},
                      ""};
  const TransportResult first = transport.Send(request);
  ASSERT_TRUE(std::holds_alternative<HttpResponse>(first));
  const RateLimitHeaders a = ParseRateLimitHeaders(std::get<HttpResponse>(first));
  const TransportResult second = transport.Send(request);
  ASSERT_TRUE(std::holds_alternative<HttpResponse>(second));
  const RateLimitHeaders b = ParseRateLimitHeaders(std::get<HttpResponse>(second));
  ASSERT_TRUE(a.minute_remaining && b.minute_remaining && a.day_remaining && b.day_remaining);
  EXPECT_EQ(*b.minute_remaining, *a.minute_remaining - 1);
  EXPECT_EQ(*b.day_remaining, *a.day_remaining - 1);
  EXPECT_TRUE(b.app_minute_remaining.has_value());
}

}  // namespace
}  // namespace xerosync::xero
