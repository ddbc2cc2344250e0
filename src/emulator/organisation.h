#pragma once
// The emulator's own model of an organisation's settings and contacts, and their rendering in
// Xero's JSON shapes (shared/xero/openapi/xero_accounting.yaml: Organisation, Account, TaxRate,
// Currency, TrackingCategory, Contact). Deliberately independent of xerosync's domain and xero
// modules: the emulator stands in for Xero, and a bug shared with the client would be invisible
// (ARCHITECTURE.md, "The emulator").
//
// Rendering rules, as Xero answers: timestamps are "/Date(ms+0000)/", rates carry four decimal
// places (15.0000) and never pass through floating point, optional strings that are empty are
// left out.
//
// Thread safety: the record types are values. Organisations may be used concurrently.

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/decimal.h"
#include "core/json.h"
#include "emulator/documents.h"

namespace xerosync::emulator {

// GET /Organisation's one element.
struct OrganisationInfo {
  std::string organisation_id;  // equals the tenant id, as for Xero's ORGANISATION tenants
  std::string name;
  std::string legal_name;
  std::string short_code;     // "!mBdtL"
  std::string version;        // "NZ", "UK", "GLOBAL"
  std::string country_code;   // "NZ"
  std::string base_currency;  // "NZD"
  std::string timezone;       // "NEWZEALANDSTANDARDTIME"
  std::string tax_number;
  std::string organisation_status = "ACTIVE";
  std::string organisation_type = "COMPANY";
  std::string sales_tax_basis;   // "PAYMENTS", "ACCRUALS", "INVOICE"
  std::string sales_tax_period;  // "TWOMONTHS", "QUARTERLY1"
  int financial_year_end_day = 31;
  int financial_year_end_month = 3;
  bool pays_tax = true;
  bool is_demo_company = false;
  TimePoint created;
  std::optional<TimePoint> period_lock_date;       // a date: midnight UTC
  std::optional<TimePoint> end_of_year_lock_date;  // a date: midnight UTC
};

struct Account {
  std::string account_id;
  std::string code;  // may be empty: Xero allows accounts without a code
  std::string name;
  std::string type;  // AccountType: BANK, CURRENT, REVENUE, EXPENSE, ...
  std::string status = "ACTIVE";
  std::string tax_type;
  std::string description;
  bool enable_payments_to_account = false;
  bool show_in_expense_claims = false;
  std::string bank_account_number;  // BANK accounts only
  std::string currency_code;        // BANK accounts only
  std::string system_account;       // DEBTORS, CREDITORS, GST, ROUNDING, ... or empty
  TimePoint updated;
};

// The read-only Class Xero derives from an account's Type: ASSET, EQUITY, EXPENSE, LIABILITY or
// REVENUE; "" for an unknown type.
std::string_view AccountClass(std::string_view type);

struct TaxComponent {
  std::string name;  // "GST"
  Decimal rate;      // percent: 15 means 15%
  bool is_compound = false;
  bool is_non_recoverable = false;
};

struct TaxRate {
  std::string name;             // "15% GST on Income"
  std::string tax_type;         // "OUTPUT2": what line items and accounts name
  std::string report_tax_type;  // "OUTPUT"
  std::string status = "ACTIVE";
  std::vector<TaxComponent> components;
  bool can_apply_to_assets = true;
  bool can_apply_to_equity = true;
  bool can_apply_to_expenses = true;
  bool can_apply_to_liabilities = true;
  bool can_apply_to_revenue = true;
};

// The sum of the non-compound components' rates (DisplayTaxRate and EffectiveRate; the demo data
// has no compound components).
Decimal TotalRate(const TaxRate& rate);

struct Currency {
  std::string code;  // ISO 4217
  std::string description;
};

struct TrackingOption {
  std::string tracking_option_id;
  std::string name;
  std::string status = "ACTIVE";
};

struct TrackingCategory {
  std::string tracking_category_id;
  std::string name;
  std::string status = "ACTIVE";
  std::vector<TrackingOption> options;
};

struct Contact {
  std::string contact_id;
  std::string name;
  std::string contact_number;  // an external system's key; may be empty
  std::string account_number;  // may be empty
  std::string contact_status = "ACTIVE";
  std::string first_name;
  std::string last_name;
  std::string email_address;
  bool is_customer = false;  // read-only in Xero: set by the transactions it has
  bool is_supplier = false;
  TimePoint updated;
};

// One organisation's data.
struct OrgState {
  OrganisationInfo organisation;
  std::vector<Account> accounts;
  std::vector<TaxRate> tax_rates;
  std::vector<Currency> currencies;
  std::vector<TrackingCategory> tracking_categories;
  std::vector<Contact> contacts;
  std::vector<Invoice> invoices;
  std::vector<CreditNote> credit_notes;
  std::vector<Allocation> allocations;
  std::vector<Payment> payments;
  std::vector<BankTransaction> bank_transactions;
  // Taken offline by the control API: every accounting call for it answers 503 "The Organisation
  // is Offline", as during Xero's per-organisation migrations (FACTS.md §4.2).
  bool offline = false;
};

// "/Date(1552404447003+0000)/" (with_offset) or "/Date(1552404447003)/", as Xero writes them.
std::string MsDate(TimePoint time, bool with_offset = true);

Json ToJson(const OrganisationInfo& organisation);
Json ToJson(const Account& account);
Json ToJson(const TaxRate& tax_rate);
Json ToJson(const Currency& currency);
Json ToJson(const TrackingCategory& category);
Json ToJson(const Contact& contact);

// The organisations the emulator serves, by tenant id.
class Organisations {
 public:
  // Adds or replaces the organisation whose id is state.organisation.organisation_id.
  void Put(OrgState state);
  // Calls `read` with the tenant's state under the lock; false (and no call) when unknown.
  // REQUIRES: `read` does not call back into this object.
  bool Read(std::string_view tenant_id, const std::function<void(const OrgState&)>& read) const;
  // Calls `write` with the tenant's state under the lock, so that a read-check-write sequence is
  // atomic; false (and no call) when unknown. REQUIRES: `write` does not call back into this object.
  bool Write(std::string_view tenant_id, const std::function<void(OrgState&)>& write);
  std::vector<std::string> TenantIds() const;

  // Control API (reset, --state files). Replaces every organisation with `states`.
  void ReplaceAll(std::vector<OrgState> states);
  // A copy of every organisation, in tenant id order.
  std::vector<OrgState> Snapshot() const;
  // Counts Put, Write and ReplaceAll calls (whether or not the write changed anything), so a saver
  // can tell that there may be something new to save.
  uint64_t generation() const;

 private:
  mutable std::mutex mu_;
  std::map<std::string, OrgState, std::less<>> states_;  // GUARDED_BY(mu_)
  uint64_t generation_ = 0;                              // GUARDED_BY(mu_)
};

}  // namespace xerosync::emulator
