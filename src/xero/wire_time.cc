#include "xero/wire_time.h"

#include <charconv>
#include <chrono>
#include <cstdio>

namespace xerosync::xero {
namespace {

using std::chrono::milliseconds;

Status NotADate(std::string_view text) {
  return InvalidArgumentError("'" + std::string(text) + "' is not a Xero date or timestamp");
}

// Reads exactly `n` digits at text[pos].
bool Digits(std::string_view text, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > text.size()) return false;
  out = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    out = out * 10 + (text[i] - '0');
  }
  return true;
}

// "/Date(ms[±hhmm])/" -> Unix milliseconds.
Result<int64_t> ParseMsDate(std::string_view text) {
  constexpr std::string_view kPrefix = "/Date(", kSuffix = ")/";
  if (!text.starts_with(kPrefix) || !text.ends_with(kSuffix)) return NotADate(text);
  std::string_view body =
      text.substr(kPrefix.size(), text.size() - kPrefix.size() - kSuffix.size());
  std::size_t end = body.empty() ? 0 : 1;  // skip a leading '-' of a negative instant
  while (end < body.size() && body[end] >= '0' && body[end] <= '9') ++end;
  int64_t ms = 0;
  const auto [ptr, ec] = std::from_chars(body.data(), body.data() + end, ms);
  if (ec != std::errc() || ptr != body.data() + end) return NotADate(text);
  std::string_view offset = body.substr(end);
  if (!offset.empty()) {
    int hhmm = 0;
    if ((offset[0] != '+' && offset[0] != '-') || offset.size() < 3 || offset.size() > 5 ||
        !Digits(offset, 1, offset.size() - 1, hhmm)) {
      return NotADate(text);
    }
  }
  return ms;  // the milliseconds are UTC whatever the offset says
}

struct IsoParts {
  domain::Date date;
  bool has_time = false;
  std::chrono::milliseconds time_of_day{0};
  std::chrono::minutes offset{0};  // local = UTC + offset
};

Result<IsoParts> ParseIso(std::string_view text) {
  IsoParts parts;
  ASSIGN_OR_RETURN(parts.date, domain::Date::Parse(text.substr(0, 10)));
  if (text.size() == 10) return parts;
  int h = 0, m = 0, s = 0;
  if (text[10] != 'T' || !Digits(text, 11, 2, h) || text.size() < 19 || text[13] != ':' ||
      !Digits(text, 14, 2, m) || text[16] != ':' || !Digits(text, 17, 2, s) || h > 23 || m > 59 ||
      s > 60) {
    return NotADate(text);
  }
  parts.has_time = true;
  std::size_t pos = 19;
  int64_t fraction_ms = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    const std::size_t start = pos;
    int64_t scale = 100;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      fraction_ms += (text[pos] - '0') * scale;  // keeps milliseconds, drops finer digits
      scale /= 10;
      ++pos;
    }
    if (pos == start || pos - start > 9) return NotADate(text);
  }
  parts.time_of_day = std::chrono::hours(h) + std::chrono::minutes(m) + std::chrono::seconds(s) +
                      std::chrono::milliseconds(fraction_ms);
  std::string_view zone = text.substr(pos);
  if (zone.empty() || zone == "Z") return parts;
  int zh = 0, zm = 0;
  if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') || !Digits(zone, 1, 2, zh) ||
      zone[3] != ':' || !Digits(zone, 4, 2, zm)) {
    return NotADate(text);
  }
  parts.offset = std::chrono::minutes(zh * 60 + zm) * (zone[0] == '-' ? -1 : 1);
  return parts;
}

}  // namespace

Result<TimePoint> ParseTimestamp(std::string_view text) {
  if (text.starts_with("/Date(")) {
    ASSIGN_OR_RETURN(const int64_t ms, ParseMsDate(text));
    return TimePoint(std::chrono::duration_cast<Duration>(milliseconds(ms)));
  }
  Result<IsoParts> iso = ParseIso(text);
  if (!iso.ok()) return NotADate(text);
  return TimePoint(iso->date.days()) +
         std::chrono::duration_cast<Duration>(iso->time_of_day - iso->offset);
}

Result<domain::Date> ParseDate(std::string_view text) {
  if (text.starts_with("/Date(")) {
    ASSIGN_OR_RETURN(const TimePoint time, ParseTimestamp(text));
    return domain::Date::FromDays(std::chrono::floor<std::chrono::days>(time));
  }
  Result<IsoParts> iso = ParseIso(text);
  if (!iso.ok()) return NotADate(text);
  return iso->date;
}

std::string FormatMsDate(TimePoint time) {
  const auto ms = std::chrono::floor<milliseconds>(time).time_since_epoch().count();
  return "/Date(" + std::to_string(ms) + "+0000)/";
}

std::string FormatIsoTimestamp(TimePoint time) {
  const auto ms_total = std::chrono::floor<milliseconds>(time);
  const auto day = std::chrono::floor<std::chrono::days>(ms_total);
  const std::chrono::hh_mm_ss hms(ms_total - day);
  std::string out = domain::Date::FromDays(day).ToString();
  char buf[24];
  std::snprintf(buf, sizeof buf, "T%02d:%02d:%02d", static_cast<int>(hms.hours().count()),
                static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()));
  out += buf;
  if (const auto ms = hms.subseconds().count(); ms != 0) {
    std::snprintf(buf, sizeof buf, ".%03d", static_cast<int>(ms));
    out += buf;
  }
  out += 'Z';
  return out;
}

}  // namespace xerosync::xero
