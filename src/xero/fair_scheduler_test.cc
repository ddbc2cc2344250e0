// The fair scheduler: urgent work first, FIFO within an organisation, and one organisation's
// backlog never starving the others (100 organisations, one with 10,000 queued calls).
#include "xero/fair_scheduler.h"

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "xero/rate_budget_test_util.h"

namespace xerosync::xero {
namespace {

using testing::Ok;
using testing::OnlyConcurrency;
using testing::Options;

using std::chrono::minutes;

const domain::TenantId kOrg("org-a");
const domain::TenantId kOther("org-b");

domain::TenantId Org(int n) { return domain::TenantId("org-" + std::to_string(n)); }

// Takes the next call, which must be schedulable now, and finishes it at once.
FairScheduler::Scheduled Take(FairScheduler& scheduler) {
  FairScheduler::Next next = scheduler.TakeNext();
  EXPECT_TRUE(std::holds_alternative<FairScheduler::Scheduled>(next));
  if (auto* scheduled = std::get_if<FairScheduler::Scheduled>(&next)) {
    scheduled->permit.Finish(Ok());
    return std::move(*scheduled);
  }
  std::abort();
}

TEST(FairScheduler, NothingQueuedIsEmpty) {
  FakeClock clock;
  RateBudget budget(clock);
  FairScheduler scheduler(budget);
  EXPECT_TRUE(std::holds_alternative<FairScheduler::Empty>(scheduler.TakeNext()));
}

TEST(FairScheduler, AManualRetryGoesBeforeLiveChangesBeforeBackfill) {
  FakeClock clock;
  RateBudget budget(clock);
  FairScheduler scheduler(budget);
  scheduler.Push(kOrg, Priority::kBackfill, 1);
  scheduler.Push(kOther, Priority::kLive, 2);
  scheduler.Push(kOrg, Priority::kManualRetry, 3);
  scheduler.Push(kOrg, Priority::kLive, 4);
  std::vector<WorkId> order;
  order.reserve(4);
  for (int i = 0; i < 4; ++i) order.push_back(Take(scheduler).id);
  EXPECT_EQ(order, (std::vector<WorkId>{3, 2, 4, 1}));
  EXPECT_EQ(scheduler.size(), 0);
}

TEST(FairScheduler, AnOrganisationsWorkGoesInTheOrderItCame) {
  FakeClock clock;
  RateBudget budget(clock);
  FairScheduler scheduler(budget);
  for (WorkId id = 1; id <= 5; ++id) scheduler.Push(kOrg, Priority::kLive, id);
  for (WorkId id = 1; id <= 5; ++id) EXPECT_EQ(Take(scheduler).id, id);
}

TEST(FairScheduler, AnOrganisationWithoutBudgetIsSkippedNotWaitedFor) {
  FakeClock clock;
  RateBudget budget(clock, Options([](RateBudgetOptions& o) { o.per_minute = 2; }));
  FairScheduler scheduler(budget);
  for (WorkId id = 1; id <= 4; ++id) scheduler.Push(kOrg, Priority::kManualRetry, id);
  for (WorkId id = 11; id <= 14; ++id) scheduler.Push(kOther, Priority::kBackfill, id);
  std::vector<WorkId> order;
  order.reserve(4);
  for (int i = 0; i < 4; ++i) order.push_back(Take(scheduler).id);
  EXPECT_EQ(order, (std::vector<WorkId>{1, 2, 11, 12}))
      << "org-a's urgent work waits, org-b's goes";

  FairScheduler::Next next = scheduler.TakeNext();
  ASSERT_TRUE(std::holds_alternative<FairScheduler::Wait>(next));
  EXPECT_EQ(std::get<FairScheduler::Wait>(next).refusal.limit, Limit::kMinute);
  EXPECT_EQ(std::get<FairScheduler::Wait>(next).refusal.retry_at, clock.Now() + minutes(1));
  clock.Advance(minutes(1));
  EXPECT_EQ(Take(scheduler).id, 3) << "after the reset the manual retry is first again";
}

TEST(FairScheduler, OneOrganisationsBacklogNeverStarvesTheOther99) {
  FakeClock clock;
  RateBudget budget(clock);  // Xero's limits
  FairScheduler scheduler(budget);
  WorkId next_id = 0;
  for (int i = 0; i < 10'000; ++i) scheduler.Push(Org(0), Priority::kBackfill, next_id++);
  for (int org = 1; org < 100; ++org) {
    for (int i = 0; i < 10; ++i) scheduler.Push(Org(org), Priority::kBackfill, next_id++);
  }

  // Ten rounds of 100: in each round every organisation is served exactly once.
  std::map<domain::TenantId, int> served;
  for (int round = 1; round <= 10; ++round) {
    for (int i = 0; i < 100; ++i) ++served[Take(scheduler).tenant];
    ASSERT_EQ(served.size(), 100U) << "round " << round;
    for (const auto& [tenant, count] : served) {
      ASSERT_EQ(count, round) << tenant << " in round " << round;
    }
  }

  // The 99 are done; the big one now has the budget alone, up to its minute's 60.
  for (int i = 0; i < 50; ++i) EXPECT_EQ(Take(scheduler).tenant, Org(0));
  FairScheduler::Next next = scheduler.TakeNext();
  ASSERT_TRUE(std::holds_alternative<FairScheduler::Wait>(next));
  EXPECT_EQ(std::get<FairScheduler::Wait>(next).refusal.limit, Limit::kMinute);
  EXPECT_EQ(scheduler.size(), 10'000 - 60);
}

TEST(FairScheduler, ASmallOrganisationArrivingLateIsServedInTheNextRound) {
  FakeClock clock;
  RateBudget budget(clock, OnlyConcurrency());
  FairScheduler scheduler(budget);
  for (WorkId id = 0; id < 1000; ++id) scheduler.Push(Org(0), Priority::kLive, id);
  for (int i = 0; i < 100; ++i) Take(scheduler);
  scheduler.Push(Org(1), Priority::kLive, 5000);
  EXPECT_EQ(Take(scheduler).tenant, Org(0));
  EXPECT_EQ(Take(scheduler).id, 5000U);
}

TEST(FairScheduler, WorkerThreadsSendEveryCallOnceAndAtMostFiveAtATimePerOrganisation) {
  FakeClock clock;
  RateBudget budget(clock, OnlyConcurrency());
  FairScheduler scheduler(budget);
  constexpr int kOrgs = 4;
  constexpr int kPerOrg = 500;
  for (int org = 0; org < kOrgs; ++org) {
    for (int i = 0; i < kPerOrg; ++i) {
      scheduler.Push(Org(org), Priority::kLive, (static_cast<WorkId>(org) * kPerOrg) + i);
    }
  }
  std::mutex mu;
  std::set<WorkId> sent;
  std::atomic<int> in_flight[kOrgs] = {};
  std::atomic<int> worst{0};
  std::vector<std::thread> workers;
  workers.reserve(12);
  for (int w = 0; w < 12; ++w) {
    workers.emplace_back([&] {
      while (true) {
        FairScheduler::Next next = scheduler.TakeNext();
        if (std::holds_alternative<FairScheduler::Empty>(next)) return;
        auto* scheduled = std::get_if<FairScheduler::Scheduled>(&next);
        if (scheduled == nullptr) {
          std::this_thread::yield();  // every org's slots are taken: another worker finishes soon
          continue;
        }
        const int org = static_cast<int>(scheduled->id / kPerOrg);
        const int now = ++in_flight[org];
        int seen = worst.load();
        while (now > seen && !worst.compare_exchange_weak(seen, now)) {
        }
        {
          std::lock_guard lock(mu);
          EXPECT_TRUE(sent.insert(scheduled->id).second) << "sent twice: " << scheduled->id;
        }
        --in_flight[org];
        scheduled->permit.Finish(Ok());
      }
    });
  }
  for (std::thread& worker : workers) worker.join();
  EXPECT_EQ(sent.size(), static_cast<size_t>(kOrgs * kPerOrg));
  EXPECT_LE(worst.load(), 5);
  for (int org = 0; org < kOrgs; ++org) EXPECT_EQ(budget.InFlight(Org(org)), 0);
}

}  // namespace
}  // namespace xerosync::xero
