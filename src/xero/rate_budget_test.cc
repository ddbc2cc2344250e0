// The rate budget on a FakeClock: each limit, windows resetting, corrections from Xero's headers,
// 429s (a parked organisation and the time it is told), priorities, and permits across threads.
#include "xero/rate_budget.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <variant>
#include <vector>

#include "xero/rate_budget_test_util.h"

namespace xerosync::xero {
namespace {

using testing::Ok;
using testing::OnlyConcurrency;
using testing::Options;
using testing::Remaining;
using testing::TooMany;

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

const domain::TenantId kOrg("org-a");
const domain::TenantId kOther("org-b");

// Admits a call to `tenant`; fails the test when refused.
Permit Admit(RateBudget& budget, const domain::TenantId& tenant,
             Priority priority = Priority::kLive) {
  std::variant<Permit, Refusal> admission = budget.TryAdmit(tenant, priority);
  EXPECT_TRUE(std::holds_alternative<Permit>(admission)) << "refused: " << tenant;
  if (Permit* permit = std::get_if<Permit>(&admission)) return std::move(*permit);
  std::abort();
}

// The refusal of a call to `tenant`, or nullopt when it was admitted (and then released).
std::optional<Refusal> Refused(RateBudget& budget, const domain::TenantId& tenant,
                               Priority priority = Priority::kLive) {
  std::variant<Permit, Refusal> admission = budget.TryAdmit(tenant, priority);
  if (Refusal* refusal = std::get_if<Refusal>(&admission)) return *refusal;
  return std::nullopt;
}

// Spends `n` calls for `tenant`, each answered at once without headers.
void Spend(RateBudget& budget, const domain::TenantId& tenant, int n) {
  for (int i = 0; i < n; ++i) Admit(budget, tenant).Finish(Ok());
}

TEST(RateBudget, OptionsAreCheckedInOnePlace) {
  EXPECT_TRUE(ValidateRateBudgetOptions({}).ok());
  const Status zero =
      ValidateRateBudgetOptions(Options([](RateBudgetOptions& o) { o.per_day = 0; }));
  EXPECT_EQ(zero.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(zero.message().find("per_day"), std::string::npos) << zero.message();
  EXPECT_FALSE(ValidateRateBudgetOptions(Options([](RateBudgetOptions& o) {
                 o.per_day = 100;
                 o.backfill_day_reserve = 100;
               })).ok());
  EXPECT_FALSE(ValidateRateBudgetOptions(Options([](RateBudgetOptions& o) {
                 o.concurrent_poll = -std::chrono::milliseconds(1);
               })).ok());
}

TEST(RateBudget, AtMostFiveCallsInProgressPerOrganisation) {
  FakeClock clock;
  RateBudget budget(clock);
  std::vector<Permit> permits;
  permits.reserve(5);
  for (int i = 0; i < 5; ++i) permits.push_back(Admit(budget, kOrg));
  const std::optional<Refusal> refusal = Refused(budget, kOrg);
  ASSERT_TRUE(refusal.has_value());
  EXPECT_EQ(refusal->limit, Limit::kConcurrent);
  EXPECT_EQ(refusal->retry_at, clock.Now() + budget.options().concurrent_poll);
  EXPECT_FALSE(Refused(budget, kOther).has_value()) << "another organisation has its own slots";

  permits.back().Finish(Ok());
  EXPECT_EQ(budget.InFlight(kOrg), 4);
  EXPECT_FALSE(Refused(budget, kOrg).has_value()) << "a finished call frees its slot";
}

TEST(RateBudget, ADestroyedPermitFreesItsSlot) {
  FakeClock clock;
  RateBudget budget(clock, Options([](RateBudgetOptions& o) { o.concurrent = 1; }));
  { Permit permit = Admit(budget, kOrg); }
  EXPECT_EQ(budget.InFlight(kOrg), 0);
  Permit moved = Admit(budget, kOrg);
  Permit target = std::move(moved);
  // NOLINTNEXTLINE(bugprone-use-after-move,clang-analyzer-cplusplus.Move): moved-from holds nothing
  EXPECT_FALSE(moved.held());
  EXPECT_EQ(budget.InFlight(kOrg), 1);
  target.Release();
  target.Release();
  EXPECT_EQ(budget.InFlight(kOrg), 0);
}

TEST(RateBudget, SixtyAMinuteThenTheWindowResetsAMinuteAfterItsFirstCall) {
  FakeClock clock;
  RateBudget budget(clock);
  const TimePoint opened = clock.Now();
  Spend(budget, kOrg, 1);
  clock.Advance(seconds(30));
  Spend(budget, kOrg, 59);
  const std::optional<Refusal> refusal = Refused(budget, kOrg);
  ASSERT_TRUE(refusal.has_value());
  EXPECT_EQ(refusal->limit, Limit::kMinute);
  EXPECT_EQ(refusal->retry_at, opened + minutes(1)) << "fixed window: from its first call";

  clock.Set(opened + minutes(1) - milliseconds(1));
  EXPECT_TRUE(Refused(budget, kOrg).has_value());
  clock.Set(opened + minutes(1));
  Spend(budget, kOrg, 60);
  EXPECT_TRUE(Refused(budget, kOrg).has_value()) << "a full new window";
}

TEST(RateBudget, FiveThousandADayThenParkedUntilTheDayWindowResets) {
  FakeClock clock;
  RateBudget budget(clock, Options([](RateBudgetOptions& o) {
                      o.per_minute = 100000;
                      o.app_per_minute = 100000;
                    }));
  const TimePoint opened = clock.Now();
  Spend(budget, kOrg, 5000);
  const std::optional<Refusal> refusal = Refused(budget, kOrg);
  ASSERT_TRUE(refusal.has_value());
  EXPECT_EQ(refusal->limit, Limit::kDay);
  EXPECT_EQ(refusal->retry_at, opened + hours(24));
  EXPECT_EQ(budget.ParkedUntil(kOrg), opened + hours(24));
  EXPECT_EQ(budget.ParkedUntil(kOther), std::nullopt);

  clock.Set(opened + hours(24));
  EXPECT_EQ(budget.ParkedUntil(kOrg), std::nullopt);
  Spend(budget, kOrg, 1);
}

TEST(RateBudget, TheAppMinuteIsSharedByEveryOrganisation) {
  FakeClock clock;
  RateBudget budget(clock, Options([](RateBudgetOptions& o) { o.app_per_minute = 100; }));
  for (int org = 0; org < 10; ++org)
    Spend(budget, domain::TenantId("org-" + std::to_string(org)), 10);
  const std::optional<Refusal> refusal = Refused(budget, domain::TenantId("org-new"));
  ASSERT_TRUE(refusal.has_value());
  EXPECT_EQ(refusal->limit, Limit::kAppMinute);
  EXPECT_EQ(refusal->retry_at, clock.Now() + minutes(1));
  clock.Advance(minutes(1));
  EXPECT_FALSE(Refused(budget, domain::TenantId("org-new")).has_value());
}

TEST(RateBudget, TheWindowEndsAMinuteAfterItsFirstCallWasAnswered) {
  // Xero's window opened when the call arrived, at some time before the answer: counting from the
  // answer never believes in a reset Xero has not made yet.
  FakeClock clock;
  RateBudget budget(clock, Options([](RateBudgetOptions& o) { o.per_minute = 1; }));
  Permit first = Admit(budget, kOrg);
  clock.Advance(seconds(3));
  first.Finish(Ok());
  const std::optional<Refusal> refusal = Refused(budget, kOrg);
  ASSERT_TRUE(refusal.has_value());
  EXPECT_EQ(refusal->retry_at, clock.Now() + minutes(1));
}

TEST(RateBudget, HeadersCorrectTheMinuteWhenSomeoneElseSpentCalls) {
  FakeClock clock;
  RateBudget budget(clock);
  // Another process has made 50 calls this minute.
  Admit(budget, kOrg).Finish(Remaining(4949, 9));
  Spend(budget, kOrg, 9);
  const std::optional<Refusal> refusal = Refused(budget, kOrg);
  ASSERT_TRUE(refusal.has_value());
  EXPECT_EQ(refusal->limit, Limit::kMinute);
  EXPECT_EQ(budget.ParkedUntil(kOrg), std::nullopt);
}

TEST(RateBudget, HeadersSayingTheDayIsSpentParkTheOrganisation) {
  FakeClock clock;
  RateBudget budget(clock);
  Admit(budget, kOrg).Finish(Remaining(0, 59));
  EXPECT_EQ(budget.ParkedUntil(kOrg), clock.Now() + hours(24));
  const std::optional<Refusal> refusal = Refused(budget, kOrg);
  ASSERT_TRUE(refusal.has_value());
  EXPECT_EQ(refusal->limit, Limit::kDay);
}

TEST(RateBudget, TheAppMinuteHeaderCorrectsEveryOrganisation) {
  FakeClock clock;
  RateBudget budget(clock);
  Admit(budget, kOrg).Finish(Remaining(std::nullopt, std::nullopt, 1));
  Spend(budget, kOther, 1);
  const std::optional<Refusal> refusal = Refused(budget, domain::TenantId("org-c"));
  ASSERT_TRUE(refusal.has_value());
  EXPECT_EQ(refusal->limit, Limit::kAppMinute);
}

TEST(RateBudget, HeadersNeverRaiseTheBudget) {
  FakeClock clock;
  RateBudget budget(clock, Options([](RateBudgetOptions& o) { o.per_minute = 10; }));
  Spend(budget, kOrg, 9);
  Admit(budget, kOrg).Finish(Remaining(std::nullopt, 5));
  EXPECT_TRUE(Refused(budget, kOrg).has_value());
}

TEST(RateBudget, ALateAnswerDoesNotCorrectTheNextWindow) {
  FakeClock clock;
  RateBudget budget(clock);
  Permit late = Admit(budget, kOrg);
  clock.Advance(minutes(1));
  Spend(budget, kOrg, 1);  // opens the next minute window
  late.Finish(Remaining(std::nullopt, 0));
  Spend(budget, kOrg, 59);
}

TEST(RateBudget, AMinute429WaitsRetryAfter) {
  FakeClock clock;
  RateBudget budget(clock);
  Admit(budget, kOrg).Finish(TooMany(RateLimitProblem::kMinute, 17));
  const std::optional<Refusal> refusal = Refused(budget, kOrg);
  ASSERT_TRUE(refusal.has_value());
  EXPECT_EQ(refusal->limit, Limit::kMinute);
  EXPECT_EQ(refusal->retry_at, clock.Now() + seconds(17));
  EXPECT_EQ(budget.ParkedUntil(kOrg), std::nullopt) << "a minute 429 does not park";
  clock.Advance(seconds(17));
  Spend(budget, kOrg, 60);
}

TEST(RateBudget, ADay429ParksTheOrganisationUntilItsWindowResetsAndSaysWhen) {
  FakeClock clock(std::chrono::sys_days{std::chrono::year{2026} / 3 / 4} + hours(9));
  RateBudget budget(clock);
  // Xero's day window resets at 14:05 UTC: 5 h 5 min from now.
  Admit(budget, kOrg).Finish(TooMany(RateLimitProblem::kDay, (5 * 3600) + 300));
  const TimePoint reset = clock.Now() + hours(5) + minutes(5);
  EXPECT_EQ(budget.ParkedUntil(kOrg), reset);
  EXPECT_EQ(DescribePause(*budget.ParkedUntil(kOrg), clock.Now()), "paused until 14:05 UTC");
  const std::optional<Refusal> refusal = Refused(budget, kOrg, Priority::kManualRetry);
  ASSERT_TRUE(refusal.has_value()) << "even a manual retry waits";
  EXPECT_EQ(refusal->limit, Limit::kDay);
  EXPECT_EQ(refusal->retry_at, reset);
  EXPECT_FALSE(Refused(budget, kOther).has_value()) << "other organisations go on";

  clock.Set(reset - seconds(1));
  EXPECT_TRUE(Refused(budget, kOrg).has_value());
  clock.Set(reset);
  EXPECT_EQ(budget.ParkedUntil(kOrg), std::nullopt);
  Spend(budget, kOrg, 1);
}

TEST(RateBudget, DescribePauseRoundsUpAndNamesAnotherDay) {
  const TimePoint now = std::chrono::sys_days{std::chrono::year{2026} / 3 / 4} + hours(22);
  EXPECT_EQ(DescribePause(now + minutes(4) + seconds(1), now), "paused until 22:05 UTC");
  EXPECT_EQ(DescribePause(now + hours(3), now), "paused until 2026-03-05 01:00 UTC");
}

TEST(RateBudget, AConcurrent429RetriesSoon) {
  FakeClock clock;
  RateBudget budget(clock);
  Admit(budget, kOrg).Finish(TooMany(RateLimitProblem::kConcurrent, std::nullopt));
  const std::optional<Refusal> refusal = Refused(budget, kOrg);
  ASSERT_TRUE(refusal.has_value());
  EXPECT_EQ(refusal->limit, Limit::kConcurrent);
  EXPECT_EQ(refusal->retry_at, clock.Now() + seconds(1));
  clock.Advance(seconds(1));
  EXPECT_FALSE(Refused(budget, kOrg).has_value());
}

TEST(RateBudget, AnAppMinute429PausesEveryOrganisation) {
  FakeClock clock;
  RateBudget budget(clock);
  Admit(budget, kOrg).Finish(TooMany(RateLimitProblem::kAppMinute, 40));
  for (const domain::TenantId& tenant : {kOrg, kOther, domain::TenantId("org-c")}) {
    const std::optional<Refusal> refusal = Refused(budget, tenant);
    ASSERT_TRUE(refusal.has_value()) << tenant;
    EXPECT_EQ(refusal->limit, Limit::kAppMinute);
    EXPECT_EQ(refusal->retry_at, clock.Now() + seconds(40));
  }
  clock.Advance(seconds(40));
  EXPECT_FALSE(Refused(budget, kOther).has_value());
}

TEST(RateBudget, BackfillLeavesTheDayReserveToUrgentWork) {
  FakeClock clock;
  RateBudget budget(clock, Options([](RateBudgetOptions& o) {
                      o.per_minute = 100000;
                      o.per_day = 100;
                      o.backfill_day_reserve = 10;
                    }));
  for (int i = 0; i < 90; ++i) Admit(budget, kOrg, Priority::kBackfill).Finish(Ok());
  const std::optional<Refusal> refusal = Refused(budget, kOrg, Priority::kBackfill);
  ASSERT_TRUE(refusal.has_value());
  EXPECT_EQ(refusal->limit, Limit::kDay);
  EXPECT_EQ(budget.ParkedUntil(kOrg), std::nullopt) << "not parked: live work still goes";
  for (int i = 0; i < 10; ++i) Admit(budget, kOrg, Priority::kLive).Finish(Ok());
  EXPECT_TRUE(Refused(budget, kOrg, Priority::kManualRetry).has_value());
}

TEST(RateBudget, TheLatestFullLimitSaysWhenToComeBack) {
  FakeClock clock;
  RateBudget budget(clock, Options([](RateBudgetOptions& o) {
                      o.per_minute = 1;
                      o.per_day = 1;
                      o.backfill_day_reserve = 0;
                    }));
  Spend(budget, kOrg, 1);
  const std::optional<Refusal> refusal = Refused(budget, kOrg);
  ASSERT_TRUE(refusal.has_value());
  EXPECT_EQ(refusal->limit, Limit::kDay) << "the minute resets first, but the day still refuses";
  EXPECT_EQ(refusal->retry_at, clock.Now() + hours(24));
}

// Waits by moving the fake clock: a test of Acquire never sleeps.
class AdvancingWaiter final : public Waiter {
 public:
  explicit AdvancingWaiter(FakeClock& clock) : clock_(clock) {}
  void WaitUntil(TimePoint deadline) override {
    waits.push_back(deadline);
    if (deadline > clock_.Now()) clock_.Set(deadline);
  }
  std::vector<TimePoint> waits;

 private:
  FakeClock& clock_;
};

TEST(RateBudget, AcquireWaitsUntilTheWindowResets) {
  FakeClock clock;
  RateBudget budget(clock, Options([](RateBudgetOptions& o) { o.per_minute = 3; }));
  AdvancingWaiter waiter(clock);
  const TimePoint start = clock.Now();
  for (int i = 0; i < 7; ++i) budget.Acquire(kOrg, Priority::kLive, waiter).Finish(Ok());
  EXPECT_EQ(waiter.waits, (std::vector<TimePoint>{start + minutes(1), start + minutes(2)}));
}

TEST(RateBudget, ManyThreadsNeverHaveMoreThanFiveCallsInFlightPerOrganisation) {
  FakeClock clock;
  RateBudget budget(clock, OnlyConcurrency());
  // The waiter yields instead of sleeping; the clock never moves, so only the concurrent limit
  // (freed by other threads' permits) lets a refused caller through.
  class YieldingWaiter final : public Waiter {
   public:
    void WaitUntil(TimePoint /*deadline*/) override { std::this_thread::yield(); }
  } waiter;
  const std::vector<domain::TenantId> orgs = {kOrg, kOther};
  std::atomic<int> in_flight[2] = {0, 0};
  std::atomic<int> worst[2] = {0, 0};
  std::vector<std::thread> threads;
  threads.reserve(8);
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 500; ++i) {
        const int org = (t + i) % 2;
        Permit permit = budget.Acquire(orgs[org], Priority::kLive, waiter);
        const int now = ++in_flight[org];
        int seen = worst[org].load();
        while (now > seen && !worst[org].compare_exchange_weak(seen, now)) {
        }
        std::this_thread::yield();
        --in_flight[org];
        permit.Finish(Ok());
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_LE(worst[0].load(), 5);
  EXPECT_LE(worst[1].load(), 5);
  EXPECT_GE(worst[0].load(), 1);
  EXPECT_EQ(budget.InFlight(kOrg), 0);
  EXPECT_EQ(budget.InFlight(kOther), 0);
}

}  // namespace
}  // namespace xerosync::xero
