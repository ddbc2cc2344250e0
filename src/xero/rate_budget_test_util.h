#pragma once
// Test helpers for the rate budget: answers as Xero's headers would report them, and options with
// one limit changed. (GCC warns about designated initializers that leave members out.)
//
// Thread safety: plain functions on values.

#include <chrono>
#include <cstdint>
#include <optional>

#include "xero/rate_budget.h"

namespace xerosync::xero::testing {

// A 200 without rate-limit headers.
inline LimitReport Ok() {
  LimitReport report;
  report.status = 200;
  return report;
}

// A 200 reporting what is left.
inline LimitReport Remaining(std::optional<int64_t> day, std::optional<int64_t> minute,
                             std::optional<int64_t> app_minute = std::nullopt) {
  LimitReport report = Ok();
  report.headers.day_remaining = day;
  report.headers.minute_remaining = minute;
  report.headers.app_minute_remaining = app_minute;
  return report;
}

// A 429 for `problem`, with Retry-After when given.
inline LimitReport TooMany(RateLimitProblem problem, std::optional<int64_t> retry_after_seconds) {
  LimitReport report;
  report.status = 429;
  report.headers.problem = problem;
  if (retry_after_seconds.has_value()) {
    report.headers.retry_after = std::chrono::seconds(*retry_after_seconds);
  }
  return report;
}

// Xero's limits with `change` applied: Options([](RateBudgetOptions& o) { o.per_minute = 2; }).
template <typename Change>
RateBudgetOptions Options(Change change) {
  RateBudgetOptions options;
  change(options);
  return options;
}

// Limits so high that nothing but the concurrent limit ever refuses.
inline RateBudgetOptions OnlyConcurrency() {
  return Options([](RateBudgetOptions& o) {
    o.per_minute = 1 << 30;
    o.per_day = 1 << 30;
    o.app_per_minute = 1 << 30;
  });
}

}  // namespace xerosync::xero::testing
