#include "emulator/rate_limits.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "http/http.h"

namespace xerosync::emulator {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr std::string_view kTenant = "tenant-a";
constexpr std::string_view kOther = "tenant-b";

// Admits and immediately ends one call, as a finished request would.
RateLimitDecision Call(RateLimits& limits, std::string_view tenant,
                       std::string_view client_id = {}) {
  RateLimitDecision decision = limits.Admit(tenant, client_id);
  if (decision.allowed) limits.Release(tenant);
  return decision;
}

TEST(RateLimitsTest, SixtyFirstCallInAMinuteIsRefusedUntilTheWindowResets) {
  FakeClock clock;
  RateLimits limits(clock);
  for (int i = 0; i < 60; ++i) {
    ASSERT_TRUE(Call(limits, kTenant).allowed) << "call " << i;
    clock.Advance(milliseconds(500));  // 60 calls over 30 s
  }
  clock.Advance(seconds(10));  // 40 s into the window
  RateLimitDecision refused = Call(limits, kTenant);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.problem, "minute");
  ASSERT_TRUE(refused.retry_after_seconds.has_value());
  EXPECT_EQ(*refused.retry_after_seconds, 20);
  EXPECT_EQ(refused.minute_remaining, 0);

  clock.Advance(milliseconds(19'500));  // 59.5 s: still the same window, rounds up to 1 s
  refused = Call(limits, kTenant);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after_seconds, 1);

  clock.Advance(milliseconds(500));  // 60 s: the window has reset
  RateLimitDecision again = Call(limits, kTenant);
  EXPECT_TRUE(again.allowed);
  EXPECT_EQ(again.minute_remaining, 59);
}

TEST(RateLimitsTest, DayLimitRefusesWithRetryAfterOfHours) {
  FakeClock clock;
  RateLimits limits(clock, {.per_day = 10});
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(Call(limits, kTenant).allowed) << "call " << i;
    clock.Advance(std::chrono::minutes(6));  // one an hour would be 10 calls in 54 minutes
  }
  clock.Advance(hours(1));  // 2 h into the day window, 22 h left
  RateLimitDecision refused = Call(limits, kTenant);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.problem, "day");
  EXPECT_EQ(refused.retry_after_seconds, 22 * 3600);
  EXPECT_EQ(refused.day_remaining, 0);
  EXPECT_EQ(refused.minute_remaining, 60);  // its own minute window had reset

  clock.Advance(hours(22));
  EXPECT_TRUE(Call(limits, kTenant).allowed);
}

TEST(RateLimitsTest, RealDailyLimitOfFiveThousand) {
  FakeClock clock;
  RateLimits limits(clock);
  int admitted = 0;
  // One call a second: 60 a minute is never exceeded, the day fills after 5,000 s.
  for (int i = 0; i < 5001; ++i) {
    RateLimitDecision decision = Call(limits, kTenant);
    if (!decision.allowed) {
      EXPECT_EQ(i, 5000);
      EXPECT_EQ(decision.problem, "day");
      // 24 h window minus the 5,000 s already spent.
      EXPECT_EQ(decision.retry_after_seconds, 24 * 3600 - 5000);
      break;
    }
    ++admitted;
    clock.Advance(seconds(1));
  }
  EXPECT_EQ(admitted, 5000);
}

TEST(RateLimitsTest, SixthConcurrentCallIsRefusedWithoutRetryAfter) {
  FakeClock clock;
  RateLimits limits(clock);
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(limits.Admit(kTenant).allowed) << "call " << i;
  RateLimitDecision refused = limits.Admit(kTenant);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.problem, "concurrent");
  EXPECT_FALSE(refused.retry_after_seconds.has_value());
  EXPECT_EQ(refused.minute_remaining, 55);  // the refused call was not counted

  http::Response response = TooManyRequests(refused);
  EXPECT_FALSE(response.headers.Get("Retry-After").has_value());
  EXPECT_EQ(response.headers.Get("X-Rate-Limit-Problem"), "concurrent");

  limits.Release(kTenant);
  EXPECT_TRUE(limits.Admit(kTenant).allowed);
}

TEST(RateLimitsTest, AdmissionGuardReleasesItsSlot) {
  FakeClock clock;
  RateLimits limits(clock, {.concurrent = 1});
  {
    Admission first = limits.Enter(kTenant);
    ASSERT_TRUE(first.allowed());
    Admission second = limits.Enter(kTenant);
    EXPECT_FALSE(second.allowed());
    EXPECT_EQ(second.decision().problem, "concurrent");
    Admission moved = std::move(first);
    EXPECT_FALSE(limits.Admit(kTenant).allowed);
  }
  Admission third = limits.Enter(kTenant);
  EXPECT_TRUE(third.allowed());
  third.Release();
  third.Release();  // idempotent: must not free a slot it does not hold
  Admission fourth = limits.Enter(kTenant);
  EXPECT_TRUE(fourth.allowed());
  EXPECT_FALSE(limits.Enter(kTenant).allowed());
}

TEST(RateLimitsTest, TenantsAreIndependent) {
  FakeClock clock;
  RateLimits limits(clock, {.per_day = 100});
  for (int i = 0; i < 60; ++i) ASSERT_TRUE(Call(limits, kTenant).allowed);
  EXPECT_EQ(Call(limits, kTenant).problem, "minute");
  RateLimitDecision other = Call(limits, kOther);
  EXPECT_TRUE(other.allowed);
  EXPECT_EQ(other.minute_remaining, 59);
  EXPECT_EQ(other.day_remaining, 99);

  limits.SpendDay(kTenant, 100);
  clock.Advance(std::chrono::minutes(1));
  EXPECT_EQ(Call(limits, kTenant).problem, "day");
  EXPECT_TRUE(Call(limits, kOther).allowed);

  for (int i = 0; i < 5; ++i) ASSERT_TRUE(limits.Admit(kOther).allowed);
  EXPECT_EQ(limits.Admit(kOther).problem, "concurrent");
  limits.Reset(kTenant);
  EXPECT_TRUE(limits.Admit(kTenant).allowed);
}

TEST(RateLimitsTest, AppMinuteLimitSpansTenants) {
  FakeClock clock;
  RateLimits limits(clock, {.app_per_minute = 100});
  for (int i = 0; i < 100; ++i) {
    std::string tenant = "tenant-" + std::to_string(i % 4);
    RateLimitDecision decision = Call(limits, tenant);
    ASSERT_TRUE(decision.allowed) << "call " << i;
    EXPECT_EQ(decision.app_minute_remaining, 99 - i);
  }
  clock.Advance(seconds(15));
  RateLimitDecision refused = Call(limits, "tenant-new");
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.problem, "appminute");
  EXPECT_EQ(refused.retry_after_seconds, 45);
  EXPECT_EQ(refused.minute_remaining, 60);
  // Another app has its own budget.
  EXPECT_TRUE(Call(limits, "tenant-new", "other-client").allowed);

  clock.Advance(seconds(45));
  EXPECT_TRUE(Call(limits, "tenant-new").allowed);
}

TEST(RateLimitsTest, HeadersCountDownExactly) {
  FakeClock clock;
  RateLimits limits(clock);
  http::Headers headers;
  AddRateLimitHeaders(Call(limits, kTenant), headers);
  EXPECT_EQ(headers.Get("X-MinLimit-Remaining"), "59");
  EXPECT_EQ(headers.Get("X-DayLimit-Remaining"), "4999");
  EXPECT_EQ(headers.Get("X-AppMinLimit-Remaining"), "9999");
  EXPECT_FALSE(headers.Get("Retry-After").has_value());
  EXPECT_FALSE(headers.Get("X-Rate-Limit-Problem").has_value());

  AddRateLimitHeaders(Call(limits, kTenant), headers);
  EXPECT_EQ(headers.Get("X-MinLimit-Remaining"), "58");
  EXPECT_EQ(headers.Get("X-DayLimit-Remaining"), "4998");
  EXPECT_EQ(headers.Get("X-AppMinLimit-Remaining"), "9998");
}

TEST(RateLimitsTest, TooManyRequestsCarriesXerosHeaders) {
  FakeClock clock;
  RateLimits limits(clock, {.per_minute = 1});
  ASSERT_TRUE(Call(limits, kTenant).allowed);
  clock.Advance(milliseconds(30'200));
  http::Response response = TooManyRequests(Call(limits, kTenant));
  EXPECT_EQ(response.status, 429);
  EXPECT_EQ(response.body, "Rate limit exceeded");
  EXPECT_EQ(response.headers.Get("Retry-After"), "30");  // 29.8 s, rounded up
  EXPECT_EQ(response.headers.Get("X-Rate-Limit-Problem"), "minute");
  EXPECT_EQ(response.headers.Get("X-MinLimit-Remaining"), "0");
  EXPECT_EQ(response.headers.Get("X-DayLimit-Remaining"), "4999");
}

TEST(RateLimitsTest, RefusedCallsAreNotCounted) {
  FakeClock clock;
  RateLimits limits(clock, {.per_minute = 3, .per_day = 5});
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(Call(limits, kTenant).allowed);
  for (int i = 0; i < 50; ++i) ASSERT_FALSE(Call(limits, kTenant).allowed);
  clock.Advance(std::chrono::minutes(1));
  RateLimitDecision decision = Call(limits, kTenant);
  ASSERT_TRUE(decision.allowed);
  EXPECT_EQ(decision.day_remaining, 1);  // the 50 refusals spent nothing
  EXPECT_EQ(decision.minute_remaining, 2);
}

TEST(RateLimitsTest, WindowsAreFixedFromTheFirstCall) {
  FakeClock clock;
  RateLimits limits(clock, {.per_minute = 2});
  ASSERT_TRUE(Call(limits, kTenant).allowed);  // opens the window at 0 s
  clock.Advance(seconds(59));
  RateLimitDecision at59 = Call(limits, kTenant);
  ASSERT_TRUE(at59.allowed);
  EXPECT_EQ(at59.minute_remaining, 0);
  clock.Advance(seconds(2));  // 61 s: a new window, which opens at this call
  RateLimitDecision at61 = Call(limits, kTenant);
  ASSERT_TRUE(at61.allowed);
  EXPECT_EQ(at61.minute_remaining, 1);  // a sliding window would still count the call at 59 s
  ASSERT_TRUE(Call(limits, kTenant).allowed);
  clock.Advance(seconds(30));  // 91 s: the window opened at 61 s runs to 121 s
  EXPECT_EQ(Call(limits, kTenant).retry_after_seconds, 30);
}

TEST(RateLimitsTest, WindowsResetAtDifferentTimesForDifferentTenants) {
  FakeClock clock;
  RateLimits limits(clock, {.per_minute = 1});
  ASSERT_TRUE(Call(limits, kTenant).allowed);  // A's window: 0-60 s
  clock.Advance(seconds(20));
  ASSERT_TRUE(Call(limits, kOther).allowed);  // B's window: 20-80 s
  clock.Advance(seconds(10));
  EXPECT_EQ(Call(limits, kTenant).retry_after_seconds, 30);
  EXPECT_EQ(Call(limits, kOther).retry_after_seconds, 50);
  clock.Advance(seconds(30));  // 60 s: A has reset, B has not
  EXPECT_TRUE(Call(limits, kTenant).allowed);
  EXPECT_EQ(Call(limits, kOther).problem, "minute");
}

TEST(RateLimitsTest, SetOptionsAppliesToTheNextCall) {
  FakeClock clock;
  RateLimits limits(clock);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(Call(limits, kTenant).allowed);
  limits.SetOptions({.per_minute = 3});
  EXPECT_EQ(limits.options().per_minute, 3);
  EXPECT_EQ(Call(limits, kTenant).problem, "minute");
  limits.SetOptions({});
  EXPECT_EQ(Call(limits, kTenant).minute_remaining, 56);
}

TEST(RateLimitsTest, ResetRestoresFullBudgets) {
  FakeClock clock;
  RateLimits limits(clock, {.per_day = 10});
  limits.SpendDay(kTenant, 10);
  EXPECT_EQ(Call(limits, kTenant).problem, "day");
  limits.Reset(kTenant);
  RateLimitDecision decision = Call(limits, kTenant);
  ASSERT_TRUE(decision.allowed);
  EXPECT_EQ(decision.day_remaining, 9);
  EXPECT_EQ(decision.minute_remaining, 59);
}

TEST(RateLimitsTest, ConcurrentCallersNeverExceedTheLimits) {
  FakeClock clock;
  RateLimits limits(clock, {.concurrent = 3, .per_minute = 1000, .per_day = 1'000'000});
  std::atomic<int> in_progress{0};
  std::atomic<int> most_in_progress{0};
  std::atomic<int> admitted{0};
  std::vector<std::thread> threads;
  threads.reserve(4);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 600; ++i) {
        if (!limits.Admit(kTenant).allowed) continue;
        ++admitted;
        const int now = ++in_progress;
        int seen = most_in_progress.load();
        while (now > seen && !most_in_progress.compare_exchange_weak(seen, now)) {
        }
        std::this_thread::yield();
        --in_progress;
        limits.Release(kTenant);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_LE(most_in_progress.load(), 3);
  EXPECT_GT(admitted.load(), 0);
  EXPECT_LE(admitted.load(), 1000);
  // Every admitted call was counted exactly once: the rest of the minute budget is still there.
  for (int i = admitted.load(); i < 1000; ++i) ASSERT_TRUE(Call(limits, kTenant).allowed);
  EXPECT_EQ(Call(limits, kTenant).problem, "minute");
  // And every concurrent slot came back.
  limits.SetOptions({.concurrent = 3, .per_minute = 2000, .per_day = 1'000'000});
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(limits.Admit(kTenant).allowed);
  EXPECT_EQ(limits.Admit(kTenant).problem, "concurrent");
}

}  // namespace
}  // namespace xerosync::emulator
