#include "xero/rate_budget.h"

#include <algorithm>
#include <cassert>
#include <ctime>
#include <string>
#include <thread>
#include <utility>

namespace xerosync::xero {
namespace {

constexpr Duration kMinute = std::chrono::minutes(1);
constexpr Duration kDay = std::chrono::hours(24);

using budget_internal::Window;

// Starts a new window at `now` when the current one has ended.
bool OpenIfEnded(Window& window, Duration length, TimePoint now) {
  if (now < window.end) return false;
  window = Window{now + length, 0, window.gen + 1};
  return true;
}

// The call's answer came at `now`: if the call opened `window`, Xero's window opened no earlier
// than the call was sent and no later than now, so the window ends a full length after now.
void EndAfterAnswer(Window& window, bool opened, uint64_t gen, Duration length, TimePoint now) {
  if (opened && window.gen == gen) window.end = std::max(window.end, now + length);
}

// Xero says `remaining` calls are left in the window the call was counted in.
void Correct(Window& window, uint64_t gen, int limit, std::optional<int64_t> remaining,
             TimePoint now) {
  if (!remaining.has_value() || window.gen != gen || now >= window.end) return;
  const int64_t used = limit - std::clamp<int64_t>(*remaining, 0, limit);
  window.count = std::max(window.count, static_cast<int>(used));
}

// Xero refused a call on `window`'s limit: it is full until `until`.
void FillUntil(Window& window, int limit, TimePoint until, TimePoint now) {
  if (now >= window.end) window = Window{now, 0, window.gen + 1};
  window.end = until;
  window.count = std::max(window.count, limit);
}

}  // namespace

Status ValidateRateBudgetOptions(const RateBudgetOptions& options) {
  const std::pair<const char*, int> limits[] = {{"concurrent", options.concurrent},
                                                {"per_minute", options.per_minute},
                                                {"per_day", options.per_day},
                                                {"app_per_minute", options.app_per_minute}};
  for (const auto& [name, value] : limits) {
    if (value < 1) return InvalidArgumentError(std::string(name) + " must be at least 1");
  }
  if (options.backfill_day_reserve < 0 || options.backfill_day_reserve >= options.per_day) {
    return InvalidArgumentError("backfill_day_reserve must be from 0 to per_day - 1");
  }
  const std::pair<const char*, Duration> durations[] = {
      {"concurrent_retry", options.concurrent_retry},
      {"concurrent_poll", options.concurrent_poll},
      {"default_retry_after", options.default_retry_after}};
  for (const auto& [name, value] : durations) {
    if (value < Duration::zero()) return InvalidArgumentError(std::string(name) + " must be >= 0");
  }
  return OkStatus();
}

std::string_view LimitName(Limit limit) {
  switch (limit) {
    case Limit::kConcurrent:
      return "concurrent";
    case Limit::kMinute:
      return "minute";
    case Limit::kDay:
      return "day";
    case Limit::kAppMinute:
      return "appminute";
  }
  return "minute";
}

std::string DescribePause(TimePoint until, TimePoint now) {
  // Rounded up to the minute: saying 14:04 for 14:04:30 would send the user back too early.
  const auto minute = std::chrono::ceil<std::chrono::minutes>(until);
  const std::time_t until_t = std::chrono::system_clock::to_time_t(minute);
  const std::time_t now_t = std::chrono::system_clock::to_time_t(now);
  std::tm until_tm{};
  std::tm now_tm{};
  gmtime_r(&until_t, &until_tm);
  gmtime_r(&now_t, &now_tm);
  const bool same_day = until_tm.tm_year == now_tm.tm_year && until_tm.tm_yday == now_tm.tm_yday;
  char text[64];
  const size_t n = std::strftime(
      text, sizeof text, same_day ? "paused until %H:%M UTC" : "paused until %Y-%m-%d %H:%M UTC",
      &until_tm);
  return {text, n};
}

Permit::Permit(Permit&& other) noexcept
    : budget_(std::exchange(other.budget_, nullptr)),
      tenant_(other.tenant_),
      minute_gen_(other.minute_gen_),
      day_gen_(other.day_gen_),
      app_gen_(other.app_gen_),
      opened_minute_(other.opened_minute_),
      opened_day_(other.opened_day_),
      opened_app_(other.opened_app_) {}

Permit& Permit::operator=(Permit&& other) noexcept {
  if (this != &other) {
    Release();
    budget_ = std::exchange(other.budget_, nullptr);
    tenant_ = other.tenant_;
    minute_gen_ = other.minute_gen_;
    day_gen_ = other.day_gen_;
    app_gen_ = other.app_gen_;
    opened_minute_ = other.opened_minute_;
    opened_day_ = other.opened_day_;
    opened_app_ = other.opened_app_;
  }
  return *this;
}

Permit::~Permit() { Release(); }

void Permit::Finish(const LimitReport& report) {
  if (budget_ == nullptr) return;
  std::exchange(budget_, nullptr)->OnFinish(*this, &report);
}

void Permit::Release() {
  if (budget_ == nullptr) return;
  std::exchange(budget_, nullptr)->OnFinish(*this, nullptr);
}

void SleepingWaiter::WaitUntil(TimePoint deadline) {
  const Duration left = deadline - clock_.Now();
  if (left > Duration::zero()) std::this_thread::sleep_for(left);
}

RateBudget::RateBudget(const Clock& clock, RateBudgetOptions options)
    : clock_(clock), options_(options) {
  assert(ValidateRateBudgetOptions(options_).ok());
}

int RateBudget::Used(const Window& window, TimePoint now) {
  return now < window.end ? window.count : 0;
}

std::optional<Refusal> RateBudget::CheckLocked(const TenantState& tenant, Priority priority,
                                               TimePoint now) const {
  // Every full limit refuses; the call may go when the last of them frees up.
  std::optional<Refusal> refusal;
  auto refuse = [&](Limit limit, TimePoint retry_at) {
    if (!refusal.has_value() || retry_at > refusal->retry_at) refusal = Refusal{limit, retry_at};
  };
  if (Used(app_, now) >= options_.app_per_minute) refuse(Limit::kAppMinute, app_.end);
  if (now < tenant.concurrent_blocked_until) {
    refuse(Limit::kConcurrent, tenant.concurrent_blocked_until);
  } else if (tenant.in_flight >= options_.concurrent) {
    refuse(Limit::kConcurrent, now + options_.concurrent_poll);
  }
  if (Used(tenant.minute, now) >= options_.per_minute) refuse(Limit::kMinute, tenant.minute.end);
  const int day_limit = priority == Priority::kBackfill
                            ? options_.per_day - options_.backfill_day_reserve
                            : options_.per_day;
  if (Used(tenant.day, now) >= day_limit) refuse(Limit::kDay, tenant.day.end);
  return refusal;
}

std::variant<Permit, Refusal> RateBudget::TryAdmit(const domain::TenantId& tenant,
                                                   Priority priority) {
  const TimePoint now = clock_.Now();
  std::lock_guard lock(mu_);
  auto it = tenants_.find(tenant);
  if (it == tenants_.end()) it = tenants_.emplace(tenant, std::make_unique<TenantState>()).first;
  TenantState& state = *it->second;
  if (std::optional<Refusal> refusal = CheckLocked(state, priority, now)) return *refusal;

  Permit permit(this, &state);
  permit.opened_app_ = OpenIfEnded(app_, kMinute, now);
  permit.opened_minute_ = OpenIfEnded(state.minute, kMinute, now);
  permit.opened_day_ = OpenIfEnded(state.day, kDay, now);
  permit.app_gen_ = app_.gen;
  permit.minute_gen_ = state.minute.gen;
  permit.day_gen_ = state.day.gen;
  ++app_.count;
  ++state.minute.count;
  ++state.day.count;
  ++state.in_flight;
  ++state.admitted;
  return permit;
}

Permit RateBudget::Acquire(const domain::TenantId& tenant, Priority priority, Waiter& waiter) {
  while (true) {
    std::variant<Permit, Refusal> admission = TryAdmit(tenant, priority);
    if (Permit* permit = std::get_if<Permit>(&admission)) return std::move(*permit);
    waiter.WaitUntil(std::get<Refusal>(admission).retry_at);
  }
}

void RateBudget::OnFinish(const Permit& permit, const LimitReport* report) {
  const TimePoint now = clock_.Now();
  std::lock_guard lock(mu_);
  TenantState& tenant = *permit.tenant_;
  --tenant.in_flight;
  if (report == nullptr) return;

  EndAfterAnswer(app_, permit.opened_app_, permit.app_gen_, kMinute, now);
  EndAfterAnswer(tenant.minute, permit.opened_minute_, permit.minute_gen_, kMinute, now);
  EndAfterAnswer(tenant.day, permit.opened_day_, permit.day_gen_, kDay, now);
  Correct(app_, permit.app_gen_, options_.app_per_minute, report->headers.app_minute_remaining,
          now);
  Correct(tenant.minute, permit.minute_gen_, options_.per_minute, report->headers.minute_remaining,
          now);
  Correct(tenant.day, permit.day_gen_, options_.per_day, report->headers.day_remaining, now);
  if (report->status != 429) return;
  ++tenant.rate_limited;

  // When Xero says the refused limit frees up; `fallback` when it did not say.
  const std::optional<std::chrono::seconds> retry_after = report->headers.retry_after;
  const auto until = [&](Duration fallback) {
    return retry_after.has_value() ? now + std::max(std::chrono::seconds(0), *retry_after)
                                   : now + fallback;
  };
  switch (report->headers.problem) {
    case RateLimitProblem::kConcurrent:
      tenant.concurrent_blocked_until = until(options_.concurrent_retry);
      break;
    case RateLimitProblem::kDay: {
      // Without Retry-After, the local window's end is the best guess; a fresh day otherwise.
      const Duration fallback = now < tenant.day.end ? tenant.day.end - now : kDay;
      FillUntil(tenant.day, options_.per_day, until(fallback), now);
      break;
    }
    case RateLimitProblem::kAppMinute:
      FillUntil(app_, options_.app_per_minute, until(options_.default_retry_after), now);
      break;
    case RateLimitProblem::kMinute:
    case RateLimitProblem::kOther:
    case RateLimitProblem::kNone:
      // A limit Xero did not name: the minute's rules are the safe guess.
      FillUntil(tenant.minute, options_.per_minute, until(options_.default_retry_after), now);
      break;
  }
}

std::optional<TimePoint> RateBudget::ParkedUntil(const domain::TenantId& tenant) const {
  const TimePoint now = clock_.Now();
  std::lock_guard lock(mu_);
  const auto it = tenants_.find(tenant);
  if (it == tenants_.end() || Used(it->second->day, now) < options_.per_day) return std::nullopt;
  return it->second->day.end;
}

int RateBudget::InFlight(const domain::TenantId& tenant) const {
  std::lock_guard lock(mu_);
  const auto it = tenants_.find(tenant);
  return it == tenants_.end() ? 0 : it->second->in_flight;
}

BudgetUsage RateBudget::Usage(const domain::TenantId& tenant) const {
  const TimePoint now = clock_.Now();
  std::lock_guard lock(mu_);
  const auto it = tenants_.find(tenant);
  if (it == tenants_.end()) return {.day_remaining = options_.per_day};
  const TenantState& state = *it->second;
  return {.admitted = state.admitted,
          .rate_limited = state.rate_limited,
          .day_remaining = std::max(0, options_.per_day - Used(state.day, now))};
}

}  // namespace xerosync::xero
