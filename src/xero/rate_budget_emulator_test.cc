// The rate budget against the emulator's own rate limits (docs/emulator.md, "Rate limits"), in
// process through EmulatorTransport: as the only client it never provokes a 429; when another
// client spent the budget it learns so from the headers, or from one 429, and recovers.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <variant>
#include <vector>

#include "emulator/demo_data.h"
#include "emulator/faults.h"
#include "emulator/test_support.h"
#include "xero/fair_scheduler.h"
#include "xero/rate_budget.h"
#include "xero/rate_budget_test_util.h"
#include "xero/testing/emulator_transport.h"

namespace xerosync::xero::testing {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

const domain::TenantId kNz{std::string(emulator::kDemoNzTenantId)};
const domain::TenantId kUk{std::string(emulator::kDemoUkTenantId)};

class RateBudgetEmulatorTest : public ::testing::Test, public Waiter {
 protected:
  RateBudgetEmulatorTest()
      : emulator_(base_clock_, emulator::testing::DemoOptions(7)),
        transport_(emulator_),
        token_(emulator::testing::ConnectDemoApp(emulator_, "accounting.settings.read")),
        budget_(emulator_.clock()),
        scheduler_(budget_) {}

  // Waiting moves the emulator's clock: no test sleeps.
  void WaitUntil(TimePoint deadline) override {
    const TimePoint now = emulator_.clock().Now();
    if (deadline > now) Advance(deadline - now);
  }

  // Moves the emulator's clock; past an access token's 30 minutes, connects again (as the OAuth
  // layer would refresh), which spends no rate-limit budget.
  void Advance(Duration by) {
    emulator_.clock().Advance(by);
    if (by >= std::chrono::minutes(25)) {
      token_ = emulator::testing::ConnectDemoApp(emulator_, "accounting.settings.read");
    }
  }

  HttpResponse Send(const domain::TenantId& tenant) {
    TransportResult result = transport_.Send({"GET",
                                              "https://api.xero.com/api.xro/2.0/Organisation",
                                              {{"Authorization", "Bearer " + token_},
                                               {"xero-tenant-id", tenant.value()},
                                               {"Accept", "application/json"}},
                                              ""});
    EXPECT_TRUE(std::holds_alternative<HttpResponse>(result));
    return std::get<HttpResponse>(std::move(result));
  }

  // Another client (not using the budget) spends `calls` of the tenant's day.
  void SpendDay(const domain::TenantId& tenant, int calls) {
    TransportResult result =
        transport_.Send({"POST",
                         "http://127.0.0.1/_emulator/tenants/" + tenant.value() + "/spend-day",
                         {},
                         R"({"calls":)" + std::to_string(calls) + "}"});
    ASSERT_TRUE(std::holds_alternative<HttpResponse>(result));
    ASSERT_EQ(std::get<HttpResponse>(result).status, 200) << std::get<HttpResponse>(result).body;
  }

  // Runs the scheduler until its queue is empty: each call sent and its answer reported. Returns
  // the statuses in order.
  std::vector<int> Drain() {
    std::vector<int> statuses;
    while (true) {
      FairScheduler::Next next = scheduler_.TakeNext();
      if (std::holds_alternative<FairScheduler::Empty>(next)) return statuses;
      if (auto* wait = std::get_if<FairScheduler::Wait>(&next)) {
        WaitUntil(wait->refusal.retry_at);
        continue;
      }
      auto& scheduled = std::get<FairScheduler::Scheduled>(next);
      const HttpResponse response = Send(scheduled.tenant);
      scheduled.permit.Finish(LimitReport::Of(response));
      statuses.push_back(response.status);
      if (response.status == 429)
        scheduler_.Push(scheduled.tenant, scheduled.priority, scheduled.id);
    }
  }

  FakeClock base_clock_;
  emulator::Emulator emulator_;
  EmulatorTransport transport_;
  std::string token_;
  RateBudget budget_;
  FairScheduler scheduler_;
};

TEST_F(RateBudgetEmulatorTest, AsTheOnlyClientItNeverProvokesA429) {
  const TimePoint start = emulator_.clock().Now();
  for (WorkId id = 0; id < 150; ++id) scheduler_.Push(kNz, Priority::kBackfill, id);
  for (WorkId id = 150; id < 200; ++id) scheduler_.Push(kUk, Priority::kLive, id);
  const std::vector<int> statuses = Drain();
  ASSERT_EQ(statuses.size(), 200U);
  for (const int status : statuses) ASSERT_EQ(status, 200);
  // 150 calls at 60 a minute: two waits for the minute window.
  EXPECT_EQ(emulator_.clock().Now(), start + minutes(2));
}

TEST_F(RateBudgetEmulatorTest, LearnsFromTheHeadersThatAnotherClientSpentTheMinute) {
  for (int i = 0; i < 45; ++i) ASSERT_EQ(Send(kNz).status, 200);  // not through the budget
  for (WorkId id = 0; id < 30; ++id) scheduler_.Push(kNz, Priority::kLive, id);
  const TimePoint start = emulator_.clock().Now();
  const std::vector<int> statuses = Drain();
  ASSERT_EQ(statuses.size(), 30U);
  for (const int status : statuses) EXPECT_EQ(status, 200);
  EXPECT_EQ(emulator_.clock().Now(), start + minutes(1)) << "waited for the other's window";
}

TEST_F(RateBudgetEmulatorTest, ADay429ParksTheOrganisationUntilTheEmulatorsWindowResets) {
  const TimePoint opened = emulator_.clock().Now();
  scheduler_.Push(kNz, Priority::kLive, 1);
  ASSERT_EQ(Drain(), std::vector<int>{200});
  Advance(hours(20));
  SpendDay(kNz, 4999);  // another client spends the rest of the day

  scheduler_.Push(kNz, Priority::kLive, 2);
  FairScheduler::Next next = scheduler_.TakeNext();
  ASSERT_TRUE(std::holds_alternative<FairScheduler::Scheduled>(next)) << "the budget cannot know";
  const HttpResponse refused = Send(kNz);
  ASSERT_EQ(refused.status, 429);
  std::get<FairScheduler::Scheduled>(next).permit.Finish(LimitReport::Of(refused));
  scheduler_.Push(kNz, Priority::kLive, 2);

  EXPECT_EQ(budget_.ParkedUntil(kNz), opened + hours(24));
  EXPECT_EQ(DescribePause(*budget_.ParkedUntil(kNz), emulator_.clock().Now()),
            "paused until 2026-01-02 00:00 UTC");
  scheduler_.Push(kUk, Priority::kBackfill, 3);
  const std::vector<int> statuses = Drain();
  EXPECT_EQ(statuses, (std::vector<int>{200, 200})) << "no second 429: the UK first, then the NZ";
  EXPECT_EQ(emulator_.clock().Now(), opened + hours(24));
}

TEST(RateBudgetEmulatorThreads, EightWorkersNeverProvokeTheConcurrentLimit) {
  // Each call is held inside the emulator (a delay fault) for a while, or until a sixth is in
  // progress, so calls truly overlap; the emulator answers a sixth with a "concurrent" 429.
  std::atomic<int> held{0};
  std::atomic<int> most{0};
  emulator::EmulatorOptions options = emulator::testing::DemoOptions(9);
  options.limits.per_minute = 1000;
  options.hold = [&](std::chrono::milliseconds /*hold*/) {
    const int now = ++held;
    int seen = most.load();
    while (now > seen && !most.compare_exchange_weak(seen, now)) {
    }
    for (int i = 0; i < 1000 && held.load() <= 5; ++i) std::this_thread::yield();
    --held;
  };
  FakeClock clock;
  emulator::Emulator emulator(clock, options);
  emulator::FaultRule delay;
  delay.path = "/api.xro/2.0/Organisation";
  delay.action = emulator::FaultAction::kDelay;
  delay.hold = std::chrono::milliseconds(1);
  emulator.faults().Add(delay);
  EmulatorTransport transport(emulator);
  const std::string token = emulator::testing::ConnectDemoApp(emulator, "accounting.settings.read");

  // A refusal for want of a free slot says "now" (poll 0), so only a 429's pause moves the clock.
  RateBudget budget(emulator.clock(), testing::Options([](RateBudgetOptions& o) {
                      o.per_minute = 1000;
                      o.concurrent_poll = Duration::zero();
                    }));
  FairScheduler scheduler(budget);
  for (WorkId id = 0; id < 100; ++id) scheduler.Push(kNz, Priority::kLive, id);
  std::mutex mu;
  std::vector<int> statuses;
  std::vector<std::thread> workers;
  workers.reserve(8);
  for (int w = 0; w < 8; ++w) {
    workers.emplace_back([&] {
      while (true) {
        FairScheduler::Next next = scheduler.TakeNext();
        if (std::holds_alternative<FairScheduler::Empty>(next)) return;
        auto* scheduled = std::get_if<FairScheduler::Scheduled>(&next);
        if (scheduled == nullptr) {
          // All five slots taken (another worker finishes soon: retry_at is now), or, were the
          // budget wrong, a concurrent 429's pause: time moves on so that the test ends.
          const TimePoint now = emulator.clock().Now();
          const TimePoint until = std::get<FairScheduler::Wait>(next).refusal.retry_at;
          if (until > now) emulator.clock().Advance(until - now);
          std::this_thread::yield();
          continue;
        }
        TransportResult result =
            transport.Send({"GET",
                            "https://api.xero.com/api.xro/2.0/Organisation",
                            {{"Authorization", "Bearer " + token}, {"xero-tenant-id", kNz.value()}},
                            ""});
        const HttpResponse& response = std::get<HttpResponse>(result);
        scheduled->permit.Finish(LimitReport::Of(response));
        std::lock_guard lock(mu);
        statuses.push_back(response.status);
      }
    });
  }
  for (std::thread& worker : workers) worker.join();
  ASSERT_EQ(statuses.size(), 100U);
  for (const int status : statuses) EXPECT_EQ(status, 200);
  EXPECT_LE(most.load(), 5);
  EXPECT_GE(most.load(), 2) << "the calls overlapped";
}

}  // namespace
}  // namespace xerosync::xero::testing
