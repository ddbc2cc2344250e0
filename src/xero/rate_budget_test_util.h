#pragma once
// Test helpers for the rate budget: answers as Xero's headers would report them, and options with
// one limit changed. (GCC warns about designated initializers that leave members out.)
//
// Thread safety: plain functions on values.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "xero/rate_budget.h"

namespace xerosync::xero::testing {

// A 200 without rate-limit headers.
inline LimitReport Ok() {
  LimitReport report;
  report.status = 200;
  return report;
}

// A 200 reporting what is left.
inline LimitReport Remaining(std::optional<int> day, std::optional<int> minute,
                             std::optional<int> app_minute = std::nullopt) {
  LimitReport report = Ok();
  report.day_remaining = day;
  report.minute_remaining = minute;
  report.app_minute_remaining = app_minute;
  return report;
}

// A 429 naming `problem`, with Retry-After when given.
inline LimitReport TooMany(std::string problem, std::optional<int64_t> retry_after_seconds) {
  LimitReport report;
  report.status = 429;
  report.problem = std::move(problem);
  report.retry_after_seconds = retry_after_seconds;
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
