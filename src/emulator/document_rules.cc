#include "emulator/document_rules.h"

#include <charconv>
#include <chrono>
#include <cstdio>

#include "emulator/api_util.h"

namespace xerosync::emulator {
namespace {

using std::chrono::days;
using std::chrono::sys_days;
using std::chrono::year_month_day;

// Digits [from, from + n) of `text` as a number; nullopt unless all are digits.
std::optional<int> Digits(std::string_view text, std::size_t from, std::size_t n) {
  if (text.size() < from + n) return std::nullopt;
  int value = 0;
  for (std::size_t i = from; i < from + n; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

year_month_day Ymd(TimePoint time) { return year_month_day{std::chrono::floor<days>(time)}; }

constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// "30-Sep-2021", as Xero writes the lock date in its message.
std::string LockDateText(TimePoint date) {
  const year_month_day ymd = Ymd(date);
  char text[32];
  std::snprintf(text, sizeof text, "%02u-%s-%04d", static_cast<unsigned>(ymd.day()),
                kMonths[static_cast<unsigned>(ymd.month()) - 1], static_cast<int>(ymd.year()));
  return text;
}

}  // namespace

std::optional<TimePoint> ParseDocumentDate(std::string_view text) {
  if (text.starts_with("/Date(")) {
    const std::string_view rest = text.substr(6);
    int64_t ms = 0;
    const auto [end, error] = std::from_chars(rest.data(), rest.data() + rest.size(), ms);
    if (error != std::errc() || end == rest.data()) return std::nullopt;
    const TimePoint time{std::chrono::milliseconds(ms)};
    return std::chrono::floor<days>(time);
  }
  const auto y = Digits(text, 0, 4);
  const auto m = Digits(text, 5, 2);
  const auto d = Digits(text, 8, 2);
  if (!y || !m || !d || text[4] != '-' || text[7] != '-') return std::nullopt;
  if (text.size() > 10 && text[10] != 'T' && text[10] != ' ') return std::nullopt;
  const year_month_day ymd{std::chrono::year{*y}, std::chrono::month{static_cast<unsigned>(*m)},
                           std::chrono::day{static_cast<unsigned>(*d)}};
  if (!ymd.ok()) return std::nullopt;
  return sys_days{ymd};
}

std::string DateString(TimePoint date) {
  const year_month_day ymd = Ymd(date);
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%02u-%02uT00:00:00", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return text;
}

std::string LockDateError(const OrganisationInfo& organisation, TimePoint date) {
  if (organisation.end_of_year_lock_date && date <= *organisation.end_of_year_lock_date) {
    return "The document date cannot be before the end of year lock date, currently set at " +
           LockDateText(*organisation.end_of_year_lock_date);
  }
  if (organisation.period_lock_date && date <= *organisation.period_lock_date) {
    return "The document date cannot be before the period lock date";
  }
  return "";
}

bool Subscribed(const OrgState& state, std::string_view code) {
  for (const Currency& currency : state.currencies) {
    if (EqualsIgnoringCase(currency.code, code)) return true;
  }
  return false;
}

std::string NextNumber(std::string_view prefix, const std::vector<std::string>& used) {
  int64_t highest = 0;
  for (const std::string& number : used) {
    if (!number.starts_with(prefix)) continue;
    const std::string_view digits = std::string_view(number).substr(prefix.size());
    int64_t value = 0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (error == std::errc() && end == digits.data() + digits.size() && value > highest) {
      highest = value;
    }
  }
  std::string digits = std::to_string(highest + 1);
  if (digits.size() < 4) digits.insert(0, 4 - digits.size(), '0');
  return std::string(prefix) + digits;
}

Json CurrencyRateJson(Decimal rate) {
  return Json::NumberFromText(rate.ToString(4) + "00").value_or(Json::Number(rate, 4));
}

std::optional<TimePoint> DateMember(const Json& element, std::string_view key, bool& bad) {
  const Json* value = Member(element, key);
  if (value == nullptr || value->is_null()) return std::nullopt;
  if (value->is_string() && value->AsString().empty()) return std::nullopt;
  std::optional<TimePoint> date =
      value->is_string() ? ParseDocumentDate(value->AsString()) : std::nullopt;
  if (!date) bad = true;
  return date;
}

}  // namespace xerosync::emulator
