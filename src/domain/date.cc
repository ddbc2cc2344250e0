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
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(d.year()),
                static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
  return text;
}

std::ostream& operator<<(std::ostream& os, const Date& date) { return os << date.ToString(); }

}  // namespace xerosync::domain
