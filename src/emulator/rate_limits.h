#pragma once
// Xero's API rate limits, emulated (FACTS.md §2): per tenant, at most 5 calls in progress, 60 calls
// a minute and 5,000 a day; per app, 10,000 calls a minute across all tenants.
//
// Windows are FIXED, as Xero documents ("a fixed window which will reset at different times for
// each tenant"): a tenant's minute window opens at its first admitted call and lasts 60 s, its day
// window likewise lasts 24 h; the first admitted call after a window ends opens the next one. So
// two tenants' windows reset at different times, and a call at 59 s and one at 61 s after a
// window opened count in different windows. The app-wide minute window works the same way.
//
// A call is checked in this order: app minute, tenant concurrent, tenant minute, tenant day. The
// first limit that is full refuses the call, and a refused call is counted nowhere (it neither
// spends budget nor opens a window). An admitted call counts in every window and holds a
// concurrent slot until Release (or until its Admission guard is destroyed).
//
// On refusal Xero answers 429 with X-Rate-Limit-Problem naming the limit and, for the minute and
// day limits, Retry-After in seconds. Observed problem values are "minute" and "day"; the values
// for the concurrent and app-wide limits are UNCONFIRMED, so this uses "concurrent" and
// "appminute", and sends no Retry-After for "concurrent" (Xero's docs promise it only for the
// minute and day limits). Xero's exact 429 body is UNCONFIRMED too (no SDK parses it); this sends
// the plain-text "Rate limit exceeded".
//
// Time is the clock given at construction (the emulator's clock), so tests and demos move through
// windows by advancing it.
//
// Thread safety: all methods may be called concurrently.

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "http/http.h"

namespace xerosync::emulator {

struct RateLimitOptions {
  int concurrent = 5;          // calls in progress per tenant (default 5)
  int per_minute = 60;         // calls per tenant per fixed 60 s window (default 60)
  int per_day = 5000;          // calls per tenant per fixed 24 h window (default 5,000)
  int app_per_minute = 10000;  // calls per app, all tenants, per fixed 60 s window (default 10,000)
};

// The answer to one call. The remaining counts are after this call when it was admitted, and the
// current ones (the refused call not counted) when it was not; never negative.
struct RateLimitDecision {
  bool allowed = false;
  // The limit that refused the call: "minute", "day", "concurrent" or "appminute"; empty when
  // allowed.
  std::string problem;
  // Seconds (rounded up) until the refusing window resets; nullopt when allowed or for
  // "concurrent", which frees up when a call ends rather than at a time.
  std::optional<int64_t> retry_after_seconds;
  int day_remaining = 0;         // X-DayLimit-Remaining
  int minute_remaining = 0;      // X-MinLimit-Remaining
  int app_minute_remaining = 0;  // X-AppMinLimit-Remaining
};

class RateLimits;

// Holds an admitted call's concurrent slot and releases it on destruction. A refused call's guard
// holds nothing. Movable, not copyable.
class Admission {
 public:
  Admission(Admission&& other) noexcept;
  Admission& operator=(Admission&& other) noexcept;
  Admission(const Admission&) = delete;
  Admission& operator=(const Admission&) = delete;
  ~Admission();

  const RateLimitDecision& decision() const { return decision_; }
  bool allowed() const { return decision_.allowed; }
  // Ends the call now rather than at destruction. Idempotent.
  void Release();

 private:
  friend class RateLimits;
  Admission(RateLimits* limits, std::string tenant_id, RateLimitDecision decision);

  RateLimits* limits_;  // null once released, or when the call was refused
  std::string tenant_id_;
  RateLimitDecision decision_;
};

class RateLimits {
 public:
  // REQUIRES: `clock` outlives this object; every option >= 0.
  explicit RateLimits(const Clock& clock, RateLimitOptions options = {});

  // Decides whether a call to `tenant_id` made by app `client_id` may proceed now, and counts it
  // when it may. An admitted call must be ended with Release(tenant_id); prefer Enter.
  RateLimitDecision Admit(std::string_view tenant_id, std::string_view client_id = {});
  // Admit, with a guard that ends the call when it goes out of scope.
  Admission Enter(std::string_view tenant_id, std::string_view client_id = {});
  // Ends an admitted call to `tenant_id`, freeing its concurrent slot. Does nothing when the tenant
  // has no call in progress.
  void Release(std::string_view tenant_id);

  // Control API hooks.
  // New limits for the calls decided from now on; counts and windows are kept.
  // REQUIRES: every option >= 0.
  void SetOptions(RateLimitOptions options);
  RateLimitOptions options() const;
  // Forgets the tenant's minute and day windows (full budgets again). Calls in progress keep their
  // concurrent slots until released.
  void Reset(std::string_view tenant_id);
  // Every tenant's and app's windows forgotten and `options` in force (control API reset). Calls in
  // progress keep their concurrent slots until released. REQUIRES: every option >= 0.
  void ResetAll(RateLimitOptions options);
  // Counts `calls` (>= 0) against the tenant's day budget as if they had been made now (opening a
  // day window if none is open), without touching the minute windows: lets a test or demo reach
  // the daily limit without making 5,000 calls.
  void SpendDay(std::string_view tenant_id, int calls);

 private:
  struct Window {
    TimePoint start{};
    int count = 0;
  };
  struct TenantState {
    Window minute;
    Window day;
    int in_flight = 0;
  };

  const Clock& clock_;
  mutable std::mutex mu_;
  RateLimitOptions options_;                                 // GUARDED_BY(mu_)
  std::map<std::string, TenantState, std::less<>> tenants_;  // GUARDED_BY(mu_)
  std::map<std::string, Window, std::less<>> apps_;          // by client_id; GUARDED_BY(mu_)
};

// Sets X-DayLimit-Remaining, X-MinLimit-Remaining and X-AppMinLimit-Remaining, and on refusal
// X-Rate-Limit-Problem and (when the decision has one) Retry-After.
void AddRateLimitHeaders(const RateLimitDecision& decision, http::Headers& headers);
// Xero's 429 for a refused call: the headers above and the plain-text body "Rate limit exceeded"
// (Xero's own body is unconfirmed). REQUIRES: !decision.allowed.
http::Response TooManyRequests(const RateLimitDecision& decision);

}  // namespace xerosync::emulator
