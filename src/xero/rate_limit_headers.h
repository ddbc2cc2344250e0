#pragma once
// What a Xero answer says about the caller's rate-limit budget (FACTS.md §2): the remaining calls
// in the tenant's day and minute windows and the app's minute window (X-DayLimit-Remaining,
// X-MinLimit-Remaining, X-AppMinLimit-Remaining, on every tenant-scoped answer Xero counted), and
// on a 429 which limit was hit (X-Rate-Limit-Problem) and how long to wait (Retry-After).
//
// The rate budget reads this to correct its own counts; error classification (xero_error.h) reads
// the 429 part. A header that is absent or not a whole number is left empty, never guessed.
//
// Thread safety: plain values and a pure function.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "xero/transport.h"

namespace xerosync::xero {

// X-Rate-Limit-Problem. Xero documents "minute" and "day"; "concurrent" and "appminute" are what
// the emulator sends for the other two limits (unconfirmed at Xero). Matched ignoring case, so the
// OAuth1-era "Minute" and "Daily" are understood too.
enum class RateLimitProblem { kNone, kMinute, kDay, kConcurrent, kAppMinute, kOther };

// "minute", "day", "concurrent", "appminute", "other", "none".
std::string_view RateLimitProblemName(RateLimitProblem problem);

struct RateLimitHeaders {
  std::optional<int64_t> day_remaining;                // X-DayLimit-Remaining
  std::optional<int64_t> minute_remaining;             // X-MinLimit-Remaining
  std::optional<int64_t> app_minute_remaining;         // X-AppMinLimit-Remaining
  RateLimitProblem problem = RateLimitProblem::kNone;  // X-Rate-Limit-Problem
  std::string problem_text;                            // the header verbatim ("" when absent)
  // Retry-After in seconds (Xero sends a number of seconds, for the minute and day limits only).
  // An HTTP-date form is not used by Xero and is left empty.
  std::optional<std::chrono::seconds> retry_after;

  // True when any of the three remaining counts came with the answer.
  bool has_remaining() const {
    return day_remaining.has_value() || minute_remaining.has_value() ||
           app_minute_remaining.has_value();
  }
  friend bool operator==(const RateLimitHeaders&, const RateLimitHeaders&) = default;
};

// Reads the headers above from any answer (200, 4xx, 429, ...); header names ignore case.
RateLimitHeaders ParseRateLimitHeaders(const HttpResponse& response);

}  // namespace xerosync::xero
