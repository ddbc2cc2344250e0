#include "emulator/identity_util.h"

#include <cstdio>

#include "core/json.h"

namespace xerosync::emulator::identity_internal {

std::vector<std::string> SplitScopes(std::string_view text) {
  std::vector<std::string> scopes;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    const std::size_t start = i;
    while (i < text.size() && text[i] != ' ') ++i;
    if (i > start) {
      std::string scope(text.substr(start, i - start));
      if (!Contains(scopes, scope)) scopes.push_back(std::move(scope));
    }
  }
  return scopes;
}

std::string JoinScopes(const std::vector<std::string>& scopes) {
  std::string out;
  for (const std::string& s : scopes) {
    if (!out.empty()) out += ' ';
    out += s;
  }
  return out;
}

bool Contains(const std::vector<std::string>& items, std::string_view item) {
  for (const std::string& i : items) {
    if (i == item) return true;
  }
  return false;
}

bool IsKnownScope(std::string_view scope, bool granular_only) {
  static constexpr std::string_view kAlways[] = {"openid",
                                                 "profile",
                                                 "email",
                                                 "offline_access",
                                                 "accounting.contacts",
                                                 "accounting.contacts.read",
                                                 "accounting.settings",
                                                 "accounting.settings.read",
                                                 "accounting.attachments",
                                                 "accounting.attachments.read",
                                                 "accounting.journals.read",
                                                 "accounting.budgets.read",
                                                 "accounting.reports.tenninetynine.read",
                                                 "paymentservices",
                                                 "accounting.invoices",
                                                 "accounting.invoices.read",
                                                 "accounting.payments",
                                                 "accounting.payments.read",
                                                 "accounting.banktransactions",
                                                 "accounting.banktransactions.read",
                                                 "accounting.manualjournals",
                                                 "accounting.manualjournals.read",
                                                 "accounting.classicexpenses",
                                                 "accounting.classicexpenses.read",
                                                 "accounting.reports.aged.read"};
  static constexpr std::string_view kBroad[] = {
      "accounting.transactions", "accounting.transactions.read", "accounting.reports.read"};
  for (std::string_view s : kAlways) {
    if (s == scope) return true;
  }
  if (granular_only) return false;
  for (std::string_view s : kBroad) {
    if (s == scope) return true;
  }
  return false;
}

std::string WithQuery(std::string_view url,
                      const std::vector<std::pair<std::string, std::string>>& params) {
  std::string out(url);
  char separator = url.find('?') == std::string_view::npos ? '?' : '&';
  for (const auto& [name, value] : params) {
    out += separator;
    out += http::PercentEncode(name);
    out += '=';
    out += http::PercentEncode(value);
    separator = '&';
  }
  return out;
}

namespace {

struct Parts {
  int year;
  unsigned month, day;
  long hours, minutes, seconds;
  long long ticks;  // 100 ns units within the second
};

Parts Split(TimePoint time) {
  const auto day = std::chrono::floor<std::chrono::days>(time);
  const std::chrono::year_month_day ymd(day);
  const auto since_midnight = time - day;
  const auto secs = std::chrono::floor<std::chrono::seconds>(since_midnight);
  const std::chrono::hh_mm_ss<std::chrono::seconds> hms(secs);
  const auto ticks =
      std::chrono::duration_cast<std::chrono::duration<long long, std::ratio<1, 10'000'000>>>(
          since_midnight - secs);
  return {static_cast<int>(ymd.year()),
          static_cast<unsigned>(ymd.month()),
          static_cast<unsigned>(ymd.day()),
          static_cast<long>(hms.hours().count()),
          static_cast<long>(hms.minutes().count()),
          static_cast<long>(hms.seconds().count()),
          ticks.count()};
}

}  // namespace

std::string FormatDetailTime(TimePoint time) {
  const Parts p = Split(time);
  char text[32];
  std::snprintf(text, sizeof text, "%02u/%02u/%04d %02ld:%02ld:%02ld", p.month, p.day, p.year,
                p.hours, p.minutes, p.seconds);
  return text;
}

std::string FormatConnectionTime(TimePoint time) {
  const Parts p = Split(time);
  char text[40];
  std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02ld:%02ld:%02ld.%07lld", p.year, p.month,
                p.day, p.hours, p.minutes, p.seconds, p.ticks);
  return text;
}

http::Response OAuthError(std::string_view error) {
  Json body = Json::MakeObject();
  body.Set("error", Json::String(std::string(error)));
  return http::Response::Json(400, body.Serialize());
}

}  // namespace xerosync::emulator::identity_internal
