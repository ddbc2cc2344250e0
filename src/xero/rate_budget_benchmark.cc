// What admission costs per call with 100 organisations: the budget alone (admit, then finish with
// Xero's headers), the fair scheduler's choice plus admission, and the scheduler when 99 of the 100
// organisations are parked and every choice walks past them. Reports calls per second.

#include <benchmark/benchmark.h>

#include <string>
#include <variant>
#include <vector>

#include "xero/fair_scheduler.h"
#include "xero/rate_budget.h"
#include "xero/rate_budget_test_util.h"

namespace xerosync::xero {
namespace {

constexpr int kOrgs = 100;

// Limits high enough that only concurrency could refuse (and every call ends before the next): the
// cost measured is bookkeeping, not waiting.
RateBudgetOptions Unlimited() { return testing::OnlyConcurrency(); }

std::vector<domain::TenantId> Orgs() {
  std::vector<domain::TenantId> orgs;
  orgs.reserve(kOrgs);
  for (int i = 0; i < kOrgs; ++i) orgs.emplace_back("tenant-" + std::to_string(i));
  return orgs;
}

// An answer whose headers report plenty left, so the corrections run without refusing anything.
const LimitReport kAnswer = testing::Remaining(1 << 29, 1 << 29, 1 << 29);

void BM_AdmitAndFinish(benchmark::State& state) {
  FakeClock clock;
  RateBudget budget(clock, Unlimited());
  const std::vector<domain::TenantId> orgs = Orgs();
  size_t next = 0;
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores): the loop idiom
    std::variant<Permit, Refusal> admission = budget.TryAdmit(orgs[next], Priority::kLive);
    std::get<Permit>(admission).Finish(kAnswer);
    next = (next + 1) % orgs.size();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AdmitAndFinish);

void BM_SchedulerTakeNext(benchmark::State& state) {
  FakeClock clock;
  RateBudget budget(clock, Unlimited());
  FairScheduler scheduler(budget);
  const std::vector<domain::TenantId> orgs = Orgs();
  for (const domain::TenantId& org : orgs) {
    for (WorkId id = 0; id < 10; ++id) scheduler.Push(org, Priority::kBackfill, id);
  }
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores): the loop idiom
    FairScheduler::Next next = scheduler.TakeNext();
    auto& scheduled = std::get<FairScheduler::Scheduled>(next);
    scheduled.permit.Finish(kAnswer);
    scheduler.Push(scheduled.tenant, scheduled.priority, scheduled.id);  // keeps the queue full
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SchedulerTakeNext);

void BM_SchedulerWith99Parked(benchmark::State& state) {
  FakeClock clock;
  RateBudget budget(clock, Unlimited());
  FairScheduler scheduler(budget);
  const std::vector<domain::TenantId> orgs = Orgs();
  for (const domain::TenantId& org : orgs) {
    std::get<Permit>(budget.TryAdmit(org, Priority::kLive))
        .Finish(testing::TooMany(RateLimitProblem::kDay, 3600));
    for (WorkId id = 0; id < 10; ++id) scheduler.Push(org, Priority::kBackfill, id);
  }
  scheduler.Push(domain::TenantId("tenant-open"), Priority::kBackfill, 0);
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores): the loop idiom
    FairScheduler::Next next = scheduler.TakeNext();
    auto& scheduled = std::get<FairScheduler::Scheduled>(next);
    scheduled.permit.Finish(kAnswer);
    scheduler.Push(scheduled.tenant, scheduled.priority, scheduled.id);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SchedulerWith99Parked);

}  // namespace
}  // namespace xerosync::xero
