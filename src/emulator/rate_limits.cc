#include "emulator/rate_limits.h"

#include <algorithm>
#include <cassert>
#include <chrono>
#include <string>
#include <utility>

namespace xerosync::emulator {
namespace {

constexpr Duration kMinute = std::chrono::minutes(1);
constexpr Duration kDay = std::chrono::hours(24);

// A window is open at `now` when it has counted a call and `length` has not passed since it opened.
bool IsOpen(TimePoint start, int count, Duration length, TimePoint now) {
  return count > 0 && now < start + length;
}

int Remaining(int limit, int used) { return std::max(0, limit - used); }

int64_t SecondsUntil(TimePoint end, TimePoint now) {
  return std::chrono::ceil<std::chrono::seconds>(end - now).count();
}

}  // namespace

RateLimits::RateLimits(const Clock& clock, RateLimitOptions options)
    : clock_(clock), options_(options) {}

RateLimitDecision RateLimits::Admit(std::string_view tenant_id, std::string_view client_id) {
  const TimePoint now = clock_.Now();
  std::lock_guard lock(mu_);
  TenantState& tenant = tenants_.try_emplace(std::string(tenant_id)).first->second;
  Window& app = apps_.try_emplace(std::string(client_id)).first->second;

  // Counts as they stand now: an expired window counts nothing.
  const bool app_open = IsOpen(app.start, app.count, kMinute, now);
  const bool minute_open = IsOpen(tenant.minute.start, tenant.minute.count, kMinute, now);
  const bool day_open = IsOpen(tenant.day.start, tenant.day.count, kDay, now);
  const int app_used = app_open ? app.count : 0;
  const int minute_used = minute_open ? tenant.minute.count : 0;
  const int day_used = day_open ? tenant.day.count : 0;

  RateLimitDecision decision;
  auto refuse = [&](std::string problem, std::optional<int64_t> retry_after) {
    decision.problem = std::move(problem);
    decision.retry_after_seconds = retry_after;
    decision.day_remaining = Remaining(options_.per_day, day_used);
    decision.minute_remaining = Remaining(options_.per_minute, minute_used);
    decision.app_minute_remaining = Remaining(options_.app_per_minute, app_used);
    return decision;
  };
  if (app_used >= options_.app_per_minute) {
    return refuse("appminute", SecondsUntil(app.start + kMinute, now));
  }
  if (tenant.in_flight >= options_.concurrent) return refuse("concurrent", std::nullopt);
  if (minute_used >= options_.per_minute) {
    return refuse("minute", SecondsUntil(tenant.minute.start + kMinute, now));
  }
  if (day_used >= options_.per_day) {
    return refuse("day", SecondsUntil(tenant.day.start + kDay, now));
  }

  // Admitted: open any expired window at this call, then count it everywhere.
  if (!app_open) app = Window{now, 0};
  if (!minute_open) tenant.minute = Window{now, 0};
  if (!day_open) tenant.day = Window{now, 0};
  ++app.count;
  ++tenant.minute.count;
  ++tenant.day.count;
  ++tenant.in_flight;
  decision.allowed = true;
  decision.day_remaining = Remaining(options_.per_day, tenant.day.count);
  decision.minute_remaining = Remaining(options_.per_minute, tenant.minute.count);
  decision.app_minute_remaining = Remaining(options_.app_per_minute, app.count);
  return decision;
}

Admission RateLimits::Enter(std::string_view tenant_id, std::string_view client_id) {
  RateLimitDecision decision = Admit(tenant_id, client_id);
  RateLimits* holder = decision.allowed ? this : nullptr;
  return Admission(holder, std::string(tenant_id), std::move(decision));
}

void RateLimits::Release(std::string_view tenant_id) {
  std::lock_guard lock(mu_);
  auto it = tenants_.find(tenant_id);
  if (it == tenants_.end() || it->second.in_flight == 0) return;
  --it->second.in_flight;
}

void RateLimits::SetOptions(RateLimitOptions options) {
  assert(options.concurrent >= 0 && options.per_minute >= 0 && options.per_day >= 0 &&
         options.app_per_minute >= 0);
  std::lock_guard lock(mu_);
  options_ = options;
}

RateLimitOptions RateLimits::options() const {
  std::lock_guard lock(mu_);
  return options_;
}

void RateLimits::Reset(std::string_view tenant_id) {
  std::lock_guard lock(mu_);
  auto it = tenants_.find(tenant_id);
  if (it == tenants_.end()) return;
  it->second.minute = Window{};
  it->second.day = Window{};
}

void RateLimits::ResetAll(RateLimitOptions options) {
  std::lock_guard lock(mu_);
  options_ = options;
  for (auto& [id, tenant] : tenants_) {
    tenant.minute = Window{};
    tenant.day = Window{};
  }
  apps_.clear();
}

void RateLimits::SpendDay(std::string_view tenant_id, int calls) {
  assert(calls >= 0);
  if (calls <= 0) return;
  const TimePoint now = clock_.Now();
  std::lock_guard lock(mu_);
  Window& day = tenants_.try_emplace(std::string(tenant_id)).first->second.day;
  if (!IsOpen(day.start, day.count, kDay, now)) day = Window{now, 0};
  day.count += calls;
}

Admission::Admission(RateLimits* limits, std::string tenant_id, RateLimitDecision decision)
    : limits_(limits), tenant_id_(std::move(tenant_id)), decision_(std::move(decision)) {}

Admission::Admission(Admission&& other) noexcept
    : limits_(std::exchange(other.limits_, nullptr)),
      tenant_id_(std::move(other.tenant_id_)),
      decision_(std::move(other.decision_)) {}

Admission& Admission::operator=(Admission&& other) noexcept {
  if (this != &other) {
    Release();
    limits_ = std::exchange(other.limits_, nullptr);
    tenant_id_ = std::move(other.tenant_id_);
    decision_ = std::move(other.decision_);
  }
  return *this;
}

Admission::~Admission() { Release(); }

void Admission::Release() {
  if (limits_ == nullptr) return;
  std::exchange(limits_, nullptr)->Release(tenant_id_);
}

void AddRateLimitHeaders(const RateLimitDecision& decision, http::Headers& headers) {
  headers.Set("X-DayLimit-Remaining", std::to_string(decision.day_remaining));
  headers.Set("X-MinLimit-Remaining", std::to_string(decision.minute_remaining));
  headers.Set("X-AppMinLimit-Remaining", std::to_string(decision.app_minute_remaining));
  if (decision.allowed) return;
  if (decision.retry_after_seconds.has_value()) {
    headers.Set("Retry-After", std::to_string(*decision.retry_after_seconds));
  }
  headers.Set("X-Rate-Limit-Problem", decision.problem);
}

http::Response TooManyRequests(const RateLimitDecision& decision) {
  assert(!decision.allowed);
  http::Response response = http::Response::Text(429, "Rate limit exceeded");
  AddRateLimitHeaders(decision, response.headers);
  return response;
}

}  // namespace xerosync::emulator
