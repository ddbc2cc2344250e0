#include "xero/rate_limit_headers.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <string>

#include "core/text.h"

namespace xerosync::xero {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// A whole number >= 0, nothing else.
std::optional<int64_t> ParseCount(std::optional<std::string_view> header) {
  if (!header) return std::nullopt;
  const std::string_view text = Trim(*header);
  if (text.empty() || !std::ranges::all_of(text, [](unsigned char c) { return std::isdigit(c); })) {
    return std::nullopt;
  }
  int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

RateLimitProblem ParseProblem(std::string_view text) {
  const std::string lower = AsciiLowered(Trim(text));
  if (lower.empty()) return RateLimitProblem::kNone;
  if (lower == "minute") return RateLimitProblem::kMinute;
  if (lower == "day" || lower == "daily") return RateLimitProblem::kDay;
  if (lower == "concurrent") return RateLimitProblem::kConcurrent;
  if (lower == "appminute" || lower == "app-minute" || lower == "app_minute") {
    return RateLimitProblem::kAppMinute;
  }
  return RateLimitProblem::kOther;
}

}  // namespace

std::string_view RateLimitProblemName(RateLimitProblem problem) {
  switch (problem) {
    case RateLimitProblem::kNone:
      return "none";
    case RateLimitProblem::kMinute:
      return "minute";
    case RateLimitProblem::kDay:
      return "day";
    case RateLimitProblem::kConcurrent:
      return "concurrent";
    case RateLimitProblem::kAppMinute:
      return "appminute";
    case RateLimitProblem::kOther:
      return "other";
  }
  return "other";
}

RateLimitHeaders ParseRateLimitHeaders(const HttpResponse& response) {
  RateLimitHeaders headers;
  headers.day_remaining = ParseCount(response.Header("X-DayLimit-Remaining"));
  headers.minute_remaining = ParseCount(response.Header("X-MinLimit-Remaining"));
  headers.app_minute_remaining = ParseCount(response.Header("X-AppMinLimit-Remaining"));
  if (const auto problem = response.Header("X-Rate-Limit-Problem")) {
    headers.problem_text = std::string(Trim(*problem));
    headers.problem = ParseProblem(*problem);
  }
  if (const auto seconds = ParseCount(response.Header("Retry-After"))) {
    headers.retry_after = std::chrono::seconds(*seconds);
  }
  return headers;
}

}  // namespace xerosync::xero
