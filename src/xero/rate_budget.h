#pragma once
// RateBudget: Xero's rate limits (FACTS.md §2), kept on the client's side so that a call is
// admitted before it is sent instead of being refused by Xero with a 429 (docs/client.md).
//
// Per organisation (tenant): at most 5 calls in progress, 60 a minute, 5,000 a day; per app:
// 10,000 a minute across every organisation — all configurable (RateBudgetOptions). Xero counts
// against FIXED windows that open at an organisation's first call; this budget does the same, and
// when it cannot know when Xero's window opened it errs late (a window ends a full length after
// its first call was answered, not sent), so it never believes in budget Xero has not restored.
//
// Three sources of truth, in order of trust:
//   1. A 429 (Permit::Finish with status 429): the limit named by X-Rate-Limit-Problem is full
//      until Retry-After. A "day" 429 parks the organisation until its day window resets
//      (ParkedUntil); an "appminute" 429 pauses every organisation; a "concurrent" 429 retries
//      after `concurrent_retry`.
//   2. The remaining counts on every answer (X-DayLimit-Remaining, X-MinLimit-Remaining,
//      X-AppMinLimit-Remaining) correct the local counts: another process, or Xero's own view, may
//      have spent calls. They only ever lower the budget left in a window, never raise it.
//   3. The local count of admitted calls.
//
// Nothing here sends HTTP or sleeps: TryAdmit answers at once; Acquire waits through an injected
// Waiter. FairScheduler (fair_scheduler.h) decides which organisation's work goes next.
//
// Thread safety: every method of RateBudget may be called concurrently from many threads. A
// Permit belongs to one thread at a time (it may be moved between threads).

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>

#include "core/clock.h"
#include "core/status.h"
#include "domain/ids.h"
#include "xero/rate_limit_headers.h"
#include "xero/transport.h"

namespace xerosync::xero {

// Who is waiting for a call, most urgent first.
enum class Priority {
  kManualRetry = 0,  // a user pressed "retry" in the console
  kLive = 1,         // a change made in the business app just now
  kBackfill = 2,     // history being copied in bulk
};
inline constexpr int kPriorityCount = 3;

struct RateBudgetOptions {
  int concurrent = 5;          // calls in progress per organisation (default 5)
  int per_minute = 60;         // calls per organisation per fixed 60 s window (default 60)
  int per_day = 5000;          // calls per organisation per fixed 24 h window (default 5,000)
  int app_per_minute = 10000;  // calls per app, all organisations, per 60 s window (default 10,000)
  // Of each organisation's day budget, this many calls are kept for manual retries and live
  // changes: backfill stops when only this many are left (default 250, 5%).
  int backfill_day_reserve = 250;
  // After a "concurrent" 429, which carries no Retry-After: how long the organisation waits
  // (default 1 s).
  Duration concurrent_retry = std::chrono::seconds(1);
  // When every concurrent slot is taken, a caller tries again this much later, or earlier when a
  // call ends (default 100 ms).
  Duration concurrent_poll = std::chrono::milliseconds(100);
  // A minute, app-minute or unnamed 429 without Retry-After waits this long (default 60 s).
  Duration default_retry_after = std::chrono::seconds(60);
};

// OK, or kInvalidArgument naming the first option out of range: every limit >= 1,
// 0 <= backfill_day_reserve < per_day, every duration >= 0. Configuration is checked here, once.
Status ValidateRateBudgetOptions(const RateBudgetOptions& options);

// Which limit refused a call.
enum class Limit { kConcurrent, kMinute, kDay, kAppMinute };
// "concurrent", "minute", "day", "appminute" (as Xero's X-Rate-Limit-Problem says them).
std::string_view LimitName(Limit limit);

// Why a call may not go now, and the earliest time it is worth trying again.
struct Refusal {
  Limit limit = Limit::kMinute;
  TimePoint retry_at{};
};

// "paused until 14:05 UTC" (with the date when `until` is not on `now`'s day), for the console.
std::string DescribePause(TimePoint until, TimePoint now);

// What an answer from Xero says about the budget: its status and rate-limit headers (each absent
// when the answer did not carry it).
struct LimitReport {
  int status = 0;
  RateLimitHeaders headers;

  // The report of `response`: permit.Finish(LimitReport::Of(response)).
  static LimitReport Of(const HttpResponse& response) {
    return {response.status, ParseRateLimitHeaders(response)};
  }
};

class RateBudget;

namespace budget_internal {
// A fixed window as the client sees it.
struct Window {
  TimePoint end{};  // the window counts calls until here
  int count = 0;
  uint64_t gen = 0;  // bumped each time a new window opens
};
struct TenantState {
  Window minute;
  Window day;
  int in_flight = 0;
  TimePoint concurrent_blocked_until{};  // after a "concurrent" 429
  int64_t admitted = 0;                   // calls admitted since the process started (metrics)
  int64_t rate_limited = 0;               // of them, answered with a 429 (metrics)
};
}  // namespace budget_internal

// One organisation's figures for /metrics: totals since the process started, and what is left of
// the current day window (the whole day when no window is open).
struct BudgetUsage {
  int64_t admitted = 0;
  int64_t rate_limited = 0;
  int day_remaining = 0;
};

// One admitted call. Holds the organisation's concurrent slot until Finish or destruction.
// Movable, not copyable.
class Permit {
 public:
  Permit(Permit&& other) noexcept;
  Permit& operator=(Permit&& other) noexcept;
  Permit(const Permit&) = delete;
  Permit& operator=(const Permit&) = delete;
  ~Permit();

  // The call was answered: applies `report` (corrections, 429s) and frees the slot.
  void Finish(const LimitReport& report);
  // The call ended without an answer (or is abandoned): frees the slot. Idempotent.
  void Release();
  bool held() const { return budget_ != nullptr; }

 private:
  friend class RateBudget;
  Permit(RateBudget* budget, budget_internal::TenantState* tenant) noexcept
      : budget_(budget), tenant_(tenant) {}

  RateBudget* budget_;                    // null once released
  budget_internal::TenantState* tenant_;  // owned by the budget, stable while it lives
  // The windows the call was counted in, so that a late answer corrects only those.
  uint64_t minute_gen_ = 0;
  uint64_t day_gen_ = 0;
  uint64_t app_gen_ = 0;
  // Whether the call opened them: its answer then moves their end (Xero's window opened when the
  // call arrived, somewhere between sending and answering).
  bool opened_minute_ = false;
  bool opened_day_ = false;
  bool opened_app_ = false;
};

// How a caller waits for budget: the real one sleeps, tests advance a FakeClock.
class Waiter {
 public:
  virtual ~Waiter() = default;
  // Returns no later than `deadline` (earlier is allowed: the caller asks again).
  virtual void WaitUntil(TimePoint deadline) = 0;
};

// Sleeps the calling thread until `clock` reads `deadline`.
class SleepingWaiter final : public Waiter {
 public:
  // REQUIRES: `clock` outlives this object.
  explicit SleepingWaiter(const Clock& clock) : clock_(clock) {}
  void WaitUntil(TimePoint deadline) override;

 private:
  const Clock& clock_;
};

class RateBudget {
 public:
  // REQUIRES: `clock` outlives this object, and this object outlives every Permit it gives;
  // ValidateRateBudgetOptions(options) is OK.
  explicit RateBudget(const Clock& clock, RateBudgetOptions options = {});
  ~RateBudget() = default;
  RateBudget(const RateBudget&) = delete;
  RateBudget& operator=(const RateBudget&) = delete;

  // Admits a call to `tenant` now (counting it) or says why not and when to try again.
  std::variant<Permit, Refusal> TryAdmit(const domain::TenantId& tenant, Priority priority);
  // Like TryAdmit, but waits through `waiter` until the call is admitted. A parked organisation
  // waits until its day window resets: callers that must not wait that long check ParkedUntil.
  Permit Acquire(const domain::TenantId& tenant, Priority priority, Waiter& waiter);

  // When the organisation's day budget is spent (a day 429, or the headers said 0 left): when its
  // day window resets. nullopt when it is not parked.
  std::optional<TimePoint> ParkedUntil(const domain::TenantId& tenant) const;
  // Calls in progress for `tenant` (for tests and the console).
  int InFlight(const domain::TenantId& tenant) const;
  // The organisation's usage (zeros and a full day for one never called).
  BudgetUsage Usage(const domain::TenantId& tenant) const;

  const RateBudgetOptions& options() const { return options_; }
  const Clock& clock() const { return clock_; }

 private:
  friend class Permit;
  using Window = budget_internal::Window;
  using TenantState = budget_internal::TenantState;

  static int Used(const Window& window, TimePoint now);
  std::optional<Refusal> CheckLocked(const TenantState& tenant, Priority priority,
                                     TimePoint now) const;
  void OnFinish(const Permit& permit, const LimitReport* report);

  const Clock& clock_;
  const RateBudgetOptions options_;
  mutable std::mutex mu_;
  std::unordered_map<domain::TenantId, std::unique_ptr<TenantState>> tenants_;  // GUARDED_BY(mu_)
  Window app_;                                                                  // GUARDED_BY(mu_)
};

}  // namespace xerosync::xero
