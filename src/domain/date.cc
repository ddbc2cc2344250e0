#include "domain/date.h"

#include <cstdio>

namespace xerosync::domain {

Result<Date> Date::FromYmd(int year, unsigned month, unsigned day) {
  const std::chrono::year_month_day ymd{std::chrono::year{year}, std::chrono::month{month},
                                        std::chrono::day{day}};
  if (year < 1 || year > 9999 || !ymd.ok()) {
    char text[32];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", year, month, day);
    return InvalidArgumentError(std::string("'") + text + "' is not a calendar date");
  }
  return Date(std::chrono::sys_days{ymd});
}

Result<Date> Date::Parse(std::string_view text) {
  auto invalid = [&] {
    return InvalidArgumentError("'" + std::string(text) + "' is not a date; expected YYYY-MM-DD");
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return invalid();
  int parts[3] = {0, 0, 0};
  const std::size_t starts[3] = {0, 5, 8};
  const std::size_t lengths[3] = {4, 2, 2};
  for (int p = 0; p < 3; ++p) {
    for (std::size_t i = starts[p]; i < starts[p] + lengths[p]; ++i) {
      if (text[i] < '0' || text[i] > '9') return invalid();
      parts[p] = parts[p] * 10 + (text[i] - '0');
    }
  }
  return FromYmd(parts[0], static_cast<unsigned>(parts[1]), static_cast<unsigned>(parts[2]));
}

std::string Date::ToString() const {
  const auto d = ymd();
  const int year = static_cast<int>(d.year());
  if (year < 0 || year > 9999) {  // only from FromDays: the general form
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", year, static_cast<unsigned>(d.month()),
                  static_cast<unsigned>(d.day()));
    return text;
  }
  // Digits by hand: snprintf was most of the cost of writing a document's dates.
  std::string text = "0000-00-00";
  const auto put = [&text](std::size_t pos, unsigned value, std::size_t width) {
    for (std::size_t i = width; i-- > 0; value /= 10) {
      text[pos + i] = static_cast<char>('0' + value % 10);
    }
  };
  put(0, static_cast<unsigned>(year), 4);
  put(5, static_cast<unsigned>(d.month()), 2);
  put(8, static_cast<unsigned>(d.day()), 2);
  return text;
}

std::ostream& operator<<(std::ostream& os, const Date& date) { return os << date.ToString(); }

}  // namespace xerosync::domain
