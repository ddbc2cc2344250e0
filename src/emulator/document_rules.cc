#include "emulator/document_rules.h"

#include <array>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <string_view>

#include "emulator/api_util.h"

namespace xerosync::emulator {
namespace {

using std::chrono::sys_days;

// The digits text[pos, pos + n) as a number; nullopt unless all are digits.
std::optional<int> Digits(std::string_view text, std::size_t pos, std::size_t n) {
  if (pos + n > text.size()) return std::nullopt;
  int value = 0;
  const char* first = text.data() + pos;
  const auto [end, error] = std::from_chars(first, first + n, value);
  if (error != std::errc() || end != first + n) return std::nullopt;
  return value;
}

std::optional<TimePoint> IsoDate(std::string_view text) {
  const auto y = Digits(text, 0, 4), m = Digits(text, 5, 2), d = Digits(text, 8, 2);
  if (!y || !m || !d || text[4] != '-' || text[7] != '-') return std::nullopt;
  if (text.size() > 10 && text[10] != 'T') return std::nullopt;
  const std::chrono::year_month_day day{std::chrono::year{*y},
                                        std::chrono::month{static_cast<unsigned>(*m)},
                                        std::chrono::day{static_cast<unsigned>(*d)}};
  if (!day.ok()) return std::nullopt;
  return TimePoint(sys_days{day});
}

// "/Date(1769817600000+0000)/" or "/Date(1769817600000)/": the UTC day of that instant.
std::optional<TimePoint> MsDateDay(std::string_view text) {
  constexpr std::string_view kOpen = "/Date(", kClose = ")/";
  if (!text.starts_with(kOpen) || !text.ends_with(kClose)) return std::nullopt;
  text = text.substr(kOpen.size(), text.size() - kOpen.size() - kClose.size());
  int64_t ms = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), ms);
  if (error != std::errc()) return std::nullopt;
  const std::string_view zone(end, text.data() + text.size() - end);
  if (!zone.empty() && !((zone[0] == '+' || zone[0] == '-') && Digits(zone, 1, zone.size() - 1))) {
    return std::nullopt;
  }
  const auto instant = TimePoint(std::chrono::milliseconds(ms));
  return TimePoint(std::chrono::floor<std::chrono::days>(instant));
}

// "30-Sep-2021", as Xero writes the lock date in its message.
std::string DayMonthYear(TimePoint date) {
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::chrono::year_month_day day{std::chrono::floor<std::chrono::days>(date)};
  const unsigned d = static_cast<unsigned>(day.day());
  return (d < 10 ? "0" : "") + std::to_string(d) + "-" +
         kMonths.at(static_cast<unsigned>(day.month()) - 1) + "-" +
         std::to_string(static_cast<int>(day.year()));
}

}  // namespace

std::optional<TimePoint> ParseDateValue(const Json& value) {
  if (!value.is_string()) return std::nullopt;
  const std::string_view text = value.AsString();
  if (text.starts_with("/Date(")) return MsDateDay(text);
  return IsoDate(text);
}

std::optional<Decimal> ParseDecimal(const Json& value) {
  Result<Decimal> number = value.is_number()   ? value.AsDecimal()
                           : value.is_string() ? Decimal::Parse(value.AsString())
                                               : Result<Decimal>(InvalidArgumentError("no number"));
  if (!number.ok()) return std::nullopt;
  return *number;
}

std::optional<Decimal> ParseMoney(const Json& value) {
  const std::optional<Decimal> amount = ParseDecimal(value);
  if (!amount) return std::nullopt;
  Result<Decimal> rounded = amount->Round(2);
  if (!rounded.ok()) return std::nullopt;
  return *rounded;
}

std::optional<std::string> LockDateError(const OrganisationInfo& organisation, TimePoint date) {
  if (organisation.end_of_year_lock_date && date <= *organisation.end_of_year_lock_date) {
    return "The document date cannot be before the end of year lock date, currently set at " +
           DayMonthYear(*organisation.end_of_year_lock_date);
  }
  if (organisation.period_lock_date && date <= *organisation.period_lock_date) {
    return std::string("The document date cannot be before the period lock date");
  }
  return std::nullopt;
}

bool SubscribedToCurrency(const OrgState& state, const std::string& code) {
  if (EqualsIgnoringCase(code, state.organisation.base_currency)) return true;
  for (const Currency& currency : state.currencies) {
    if (EqualsIgnoringCase(currency.code, code)) return true;
  }
  return false;
}

std::string IdMember(const Json& object, std::string_view key) {
  std::string id = MemberText(object, key);
  return id == "00000000-0000-0000-0000-000000000000" ? std::string() : id;
}

const Account* FindAccount(const OrgState& state, const Json* reference) {
  if (reference == nullptr) return nullptr;
  const std::string id = IdMember(*reference, "AccountID");
  const std::string code = MemberText(*reference, "Code");
  for (const Account& account : state.accounts) {
    if (!id.empty() ? EqualsIgnoringCase(account.account_id, id)
                    : !code.empty() && EqualsIgnoringCase(account.code, code)) {
      return &account;
    }
  }
  return nullptr;
}

bool NamesAccount(const Json* reference) {
  return reference != nullptr &&
         (!IdMember(*reference, "AccountID").empty() || !MemberText(*reference, "Code").empty());
}

}  // namespace xerosync::emulator
