#pragma once
// The organisation's settings that xerosync reads from Xero and validates documents against: the
// organisation itself (base currency, lock dates), its chart of accounts, tax rates, currencies and
// tracking categories.

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/decimal.h"
#include "domain/date.h"
#include "domain/enums.h"
#include "domain/ids.h"

namespace xerosync::domain {

struct Account {
  AccountId id;
  std::optional<std::string> code;  // at most 10 characters; Xero allows accounts without one
  std::optional<std::string> name;  // at most 150, unique
  std::optional<AccountType> type;
  std::optional<AccountStatus> status;
  std::optional<std::string> description;
  std::optional<std::string> bank_account_number;
  std::optional<std::string> bank_account_type;  // BANK, CREDITCARD, PAYPAL, NONE or ""
  std::optional<std::string> currency_code;
  std::optional<std::string> tax_type;  // the account's default tax type
  std::optional<bool> enable_payments_to_account;
  std::optional<bool> show_in_expense_claims;
  std::optional<AccountClass> account_class;  // read-only
  std::optional<std::string> system_account;  // read-only: DEBTORS, CREDITORS, ROUNDING, ...
  std::optional<std::string> reporting_code, reporting_code_name;
  std::optional<bool> has_attachments;
  std::optional<bool> add_to_watchlist;
  std::optional<TimePoint> updated_at;

  // Payments may go through BANK accounts and accounts with payments enabled.
  bool AcceptsPayments() const {
    return type == AccountType::kBank || enable_payments_to_account.value_or(false);
  }
  Status Validate() const;
  friend bool operator==(const Account&, const Account&) = default;
};

struct TaxComponent {
  std::optional<std::string> name;
  std::optional<Decimal> rate;  // percent, up to 4 dp
  std::optional<bool> is_compound;
  std::optional<bool> is_non_recoverable;
  friend bool operator==(const TaxComponent&, const TaxComponent&) = default;
};

struct TaxRate {
  std::optional<std::string> name;
  std::optional<std::string> tax_type;  // the code lines use: OUTPUT2, INPUT2, NONE, TAX001, ...
  std::vector<TaxComponent> components;
  std::optional<TaxRateStatus> status;
  std::optional<std::string> report_tax_type;
  // Read-only: which kinds of account the rate may be used with.
  std::optional<bool> can_apply_to_assets, can_apply_to_equity, can_apply_to_expenses,
      can_apply_to_liabilities, can_apply_to_revenue;
  std::optional<Decimal> display_rate, effective_rate;  // percent, 4 dp

  // The percentage applied to a line: Xero's EffectiveRate when known, else computed from the
  // components (simple rates add up; a compound rate applies on top of them).
  Result<Decimal> Effective() const;
  Status Validate() const;
  friend bool operator==(const TaxRate&, const TaxRate&) = default;
};

struct Currency {
  std::string code;  // ISO 4217
  std::optional<std::string> description;
  friend bool operator==(const Currency&, const Currency&) = default;
};

struct TrackingOption {
  TrackingOptionId id;
  std::optional<std::string> name;  // at most 100 characters
  std::optional<TrackingStatus> status;
  friend bool operator==(const TrackingOption&, const TrackingOption&) = default;
};

struct TrackingCategory {
  TrackingCategoryId id;
  std::optional<std::string> name;  // at most 100 characters
  std::optional<TrackingStatus> status;
  std::vector<TrackingOption> options;
  friend bool operator==(const TrackingCategory&, const TrackingCategory&) = default;
};

struct Organisation {
  OrganisationId id;
  std::optional<std::string> name, legal_name, short_code;
  std::optional<std::string> base_currency;
  std::optional<std::string> country_code;
  std::optional<std::string> timezone;
  std::optional<std::string> version;  // AU, NZ, GLOBAL, UK, US, ...
  std::optional<std::string> organisation_type, organisation_entity_type;
  std::optional<std::string> organisation_class, edition;  // Xero's "Class" and "Edition"
  std::optional<std::string> status;                       // ACTIVE when the API can reach it
  std::optional<std::string> api_key, registration_number, tax_number,
      employer_identification_number, line_of_business;
  std::optional<bool> is_demo_company, pays_tax;
  std::optional<std::string> sales_tax_basis, sales_tax_period;
  std::optional<std::string> default_sales_tax, default_purchases_tax;
  std::optional<int> financial_year_end_day, financial_year_end_month;
  // No document may be dated on or before these days.
  std::optional<Date> period_lock_date, end_of_year_lock_date;
  std::optional<TimePoint> created_at;

  // The later of the two lock dates, if any: documents must be dated after it.
  std::optional<Date> EffectiveLockDate() const;
  friend bool operator==(const Organisation&, const Organisation&) = default;
};

}  // namespace xerosync::domain
