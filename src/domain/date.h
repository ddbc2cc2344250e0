#pragma once
// Date: a calendar day, as Xero's document dates are (Date, DueDate, lock dates). No time of day
// and no time zone: Xero interprets a document date in the organisation's own time zone.

#include <chrono>
#include <compare>
#include <ostream>
#include <string>
#include <string_view>

#include "core/result.h"

namespace xerosync::domain {

class Date {
 public:
  // 1970-01-01.
  Date() = default;

  // kInvalidArgument unless `text` is a real calendar day written YYYY-MM-DD.
  static Result<Date> Parse(std::string_view text);
  // kInvalidArgument unless the day exists (2026-02-29 does not).
  static Result<Date> FromYmd(int year, unsigned month, unsigned day);
  static Date FromDays(std::chrono::sys_days days) { return Date(days); }

  std::chrono::sys_days days() const { return days_; }
  std::chrono::year_month_day ymd() const { return std::chrono::year_month_day(days_); }
  // "2026-03-31".
  std::string ToString() const;

  friend auto operator<=>(const Date&, const Date&) = default;
  friend bool operator==(const Date&, const Date&) = default;

 private:
  explicit Date(std::chrono::sys_days days) : days_(days) {}
  std::chrono::sys_days days_{};
};

std::ostream& operator<<(std::ostream& os, const Date& date);

}  // namespace xerosync::domain
