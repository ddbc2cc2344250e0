#include "emulator/org_edits.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <utility>

#include "emulator/api_util.h"

namespace xerosync::emulator {
namespace {

// Xero's AccountType values (FACTS.md §7, "Account").
constexpr std::array<std::string_view, 18> kAccountTypes = {
    "BANK",      "CURRENT",    "CURRLIAB",  "DEPRECIATN", "DIRECTCOSTS", "EQUITY",
    "EXPENSE",   "FIXED",      "INVENTORY", "LIABILITY",  "NONCURRENT",  "OTHERINCOME",
    "OVERHEADS", "PREPAYMENT", "REVENUE",   "SALES",      "TERMLIAB",    "PAYG"};

// English names of the currencies a demo is likely to add.
constexpr std::array<std::pair<std::string_view, std::string_view>, 10> kCurrencyNames = {{
    {"AUD", "Australian Dollar"},
    {"CAD", "Canadian Dollar"},
    {"CHF", "Swiss Franc"},
    {"EUR", "Euro"},
    {"GBP", "Pound Sterling"},
    {"JPY", "Japanese Yen"},
    {"NZD", "New Zealand Dollar"},
    {"SGD", "Singapore Dollar"},
    {"USD", "United States Dollar"},
    {"ZAR", "South African Rand"},
}};

template <typename T, typename Match>
T* FindRecord(std::vector<T>& records, Match match) {
  const auto it = std::ranges::find_if(records, match);
  return it == records.end() ? nullptr : &*it;
}

bool IsAlphanumeric(std::string_view text) {
  return std::ranges::all_of(text, [](unsigned char c) { return std::isalnum(c) != 0; });
}

}  // namespace

Result<Contact> SetContactArchived(OrgState& state, std::string_view contact_id, bool archived,
                                   TimePoint now) {
  Contact* contact = FindRecord(state.contacts, [&](const Contact& c) {
    return EqualsIgnoringCase(c.contact_id, contact_id);
  });
  if (contact == nullptr) return NotFoundError("no contact " + std::string(contact_id));
  if (!archived && contact->contact_status != "ACTIVE") {
    for (const Contact& other : state.contacts) {
      if (&other != contact && other.contact_status == "ACTIVE" &&
          EqualsIgnoringCase(other.name, contact->name)) {
        return InvalidArgumentError("another active contact (" + other.contact_id + ") is named " +
                                    contact->name);
      }
    }
  }
  contact->contact_status = archived ? "ARCHIVED" : "ACTIVE";
  contact->updated = now;
  return *contact;
}

Result<TaxRate> SetTaxRateStatus(OrgState& state, std::string_view tax_type,
                                 std::string_view status) {
  if (status != "ACTIVE" && status != "DELETED" && status != "ARCHIVED") {
    return InvalidArgumentError("status must be ACTIVE, DELETED or ARCHIVED");
  }
  TaxRate* rate = FindRecord(
      state.tax_rates, [&](const TaxRate& t) { return EqualsIgnoringCase(t.tax_type, tax_type); });
  if (rate == nullptr) return NotFoundError("no tax rate with TaxType " + std::string(tax_type));
  rate->status = std::string(status);
  return *rate;
}

Status UnsubscribeCurrency(OrgState& state, std::string_view code) {
  if (code == state.organisation.base_currency) {
    return InvalidArgumentError("code: " + std::string(code) +
                                " is the base currency and cannot be unsubscribed");
  }
  const auto removed =
      std::erase_if(state.currencies, [&](const Currency& c) { return c.code == code; });
  if (removed == 0) return NotFoundError("currency " + std::string(code) + " is not subscribed");
  return OkStatus();
}

Result<Currency> SubscribeCurrency(OrgState& state, std::string_view code,
                                   std::string description) {
  if (code.size() != 3 || !std::ranges::all_of(code, [](char c) { return c >= 'A' && c <= 'Z'; })) {
    return InvalidArgumentError("code must be three upper-case letters (ISO 4217)");
  }
  for (const Currency& currency : state.currencies) {
    if (currency.code == code) return currency;
  }
  if (description.empty()) {
    description = std::string(code);
    for (const auto& [known, name] : kCurrencyNames) {
      if (known == code) description = std::string(name);
    }
  }
  state.currencies.push_back(Currency{std::string(code), std::move(description)});
  return state.currencies.back();
}

Result<Account> SetPaymentsToAccount(OrgState& state, std::string_view account, bool enabled,
                                     TimePoint now) {
  Account* found = FindRecord(state.accounts, [&](const Account& a) {
    return EqualsIgnoringCase(a.account_id, account) || (!a.code.empty() && a.code == account);
  });
  if (found == nullptr) return NotFoundError("no account with id or code " + std::string(account));
  found->enable_payments_to_account = enabled;
  found->updated = now;
  return *found;
}

Result<Account> AddAccount(OrgState& state, Account account, TimePoint now) {
  if (account.name.empty()) return InvalidArgumentError("name is required");
  if (account.name.size() > 150) return InvalidArgumentError("name: at most 150 characters");
  if (std::ranges::find(kAccountTypes, account.type) == kAccountTypes.end()) {
    return InvalidArgumentError(
        "type must be one of Xero's AccountType values (BANK, EXPENSE, ...)");
  }
  if (account.code.size() > 10 || !IsAlphanumeric(account.code)) {
    return InvalidArgumentError("code: at most 10 letters and digits");
  }
  if (account.tax_type.empty()) account.tax_type = "NONE";
  const bool known_tax = std::ranges::any_of(
      state.tax_rates, [&](const TaxRate& t) { return t.tax_type == account.tax_type; });
  if (!known_tax) return InvalidArgumentError("tax_type: no tax rate " + account.tax_type);
  for (const Account& other : state.accounts) {
    if (EqualsIgnoringCase(other.name, account.name)) {
      return InvalidArgumentError("name: account " + other.account_id + " is already named " +
                                  other.name);
    }
    if (!account.code.empty() && EqualsIgnoringCase(other.code, account.code)) {
      return InvalidArgumentError("code: account " + other.account_id + " already has code " +
                                  other.code);
    }
  }
  if (account.type == "BANK" && account.currency_code.empty()) {
    account.currency_code = state.organisation.base_currency;
  }
  account.updated = now;
  state.accounts.push_back(std::move(account));
  return state.accounts.back();
}

Status SetLockDates(OrgState& state, std::optional<std::optional<TimePoint>> period_lock_date,
                    std::optional<std::optional<TimePoint>> end_of_year_lock_date) {
  const std::optional<TimePoint> period =
      period_lock_date ? *period_lock_date : state.organisation.period_lock_date;
  const std::optional<TimePoint> end_of_year =
      end_of_year_lock_date ? *end_of_year_lock_date : state.organisation.end_of_year_lock_date;
  if (period && end_of_year && *end_of_year > *period) {
    return InvalidArgumentError(
        "end_of_year_lock_date may not be after period_lock_date (as in Xero's settings)");
  }
  state.organisation.period_lock_date = period;
  state.organisation.end_of_year_lock_date = end_of_year;
  return OkStatus();
}

}  // namespace xerosync::emulator
