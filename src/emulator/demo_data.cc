#include "emulator/demo_data.h"

#include <algorithm>
#include <chrono>
#include <utility>

namespace xerosync::emulator {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::sys_days;
using std::chrono::year;

// Midnight UTC of a calendar date.
TimePoint Date(int y, unsigned m, unsigned d) {
  return sys_days{year{y} / std::chrono::month{m} / std::chrono::day{d}};
}

// When the demo chart of accounts was last edited.
TimePoint AccountsUpdated() { return Date(2025, 6, 30) + hours(9); }

struct AccountRow {
  const char* code;
  const char* name;
  const char* type;
  const char* tax_type;
  const char* system_account;  // "" for none
  bool enable_payments;
};

std::vector<Account> Accounts(int org, const std::vector<AccountRow>& rows,
                              const std::string& bank_number, const std::string& currency) {
  std::vector<Account> accounts;
  for (const AccountRow& row : rows) {
    Account a;
    a.account_id = DemoAccountId(org, row.code);
    a.code = row.code;
    a.name = row.name;
    a.type = row.type;
    a.tax_type = row.tax_type;
    a.system_account = row.system_account;
    a.enable_payments_to_account = row.enable_payments;
    a.show_in_expense_claims = a.type == "EXPENSE";
    if (a.type == "BANK") {
      a.bank_account_number = bank_number + a.code;
      a.currency_code = currency;
    }
    a.updated = AccountsUpdated();
    accounts.push_back(std::move(a));
  }
  return accounts;
}

// A tax rate of one component; `revenue`/`expenses` say which side of the ledger it is for.
TaxRate Tax(std::string name, std::string tax_type, std::string report, const char* component,
            int32_t percent, bool revenue, bool expenses) {
  TaxRate rate;
  rate.name = std::move(name);
  rate.tax_type = std::move(tax_type);
  rate.report_tax_type = std::move(report);
  rate.components = {{component, Decimal::FromInt(percent), false, false}};
  rate.can_apply_to_revenue = revenue;
  rate.can_apply_to_expenses = expenses;
  return rate;
}

struct ContactRow {
  const char* name;
  const char* number;
  const char* first_name;
  const char* last_name;
  const char* email;
  bool customer;
  bool archived;
};

std::vector<Contact> Contacts(int org, const std::vector<ContactRow>& rows) {
  std::vector<Contact> contacts;
  int k = 0;
  for (const ContactRow& row : rows) {
    ++k;
    Contact c;
    c.contact_id = DemoContactId(org, k);
    c.name = row.name;
    c.contact_number = row.number;
    c.account_number = row.number;
    c.contact_status = row.archived ? "ARCHIVED" : "ACTIVE";
    c.first_name = row.first_name;
    c.last_name = row.last_name;
    c.email_address = row.email;
    c.is_customer = row.customer;
    c.is_supplier = !row.customer;
    // One a day through December 2025, so If-Modified-Since can split them.
    c.updated = Date(2025, 12, 1) + days(k - 1) + hours(9);
    contacts.push_back(std::move(c));
  }
  return contacts;
}

// A fixed id: the eight-character `prefix`, the organisation's digit, a version-4 middle, and
// `tail` zero-padded to 12 characters.
std::string FixedId(std::string_view prefix, int org, std::string_view tail) {
  std::string id(prefix);
  id += std::to_string(org) + "-0000-4000-8000-";
  id.append(12 - std::min<std::size_t>(tail.size(), 12), '0');
  id += tail;
  return id;
}

// Category k's id is 7c00000<org>-...-<k>; its option n's 7000000<org>-...-<k><n>.
TrackingCategory Tracking(int org, int k, std::string name, std::vector<std::string> options) {
  TrackingCategory category{
      FixedId("7c00000", org, std::to_string(k)), std::move(name), "ACTIVE", {}};
  int n = 0;
  for (std::string& option : options) {
    ++n;
    category.options.push_back({FixedId("7000000", org, std::to_string(k) + std::to_string(n)),
                                std::move(option), "ACTIVE"});
  }
  return category;
}

// Xero's standard chart, shared by both demo companies but for the tax types.
std::vector<AccountRow> Chart(const char* output, const char* input, const char* bank_name,
                              const char* tax_account, const char* interest_tax) {
  return {
      {"090", bank_name, "BANK", "NONE", "", false},
      {"091", "Business Savings Account", "BANK", "NONE", "", false},
      {"200", "Sales", "REVENUE", output, "", false},
      {"260", "Other Revenue", "REVENUE", output, "", false},
      {"270", "Interest Income", "REVENUE", interest_tax, "", false},
      {"310", "Cost of Goods Sold", "DIRECTCOSTS", input, "", false},
      {"400", "Advertising", "EXPENSE", input, "", false},
      {"404", "Bank Fees", "EXPENSE", "NONE", "", false},
      {"429", "General Expenses", "EXPENSE", input, "", false},
      {"453", "Office Expenses", "EXPENSE", input, "", false},
      {"461", "Printing & Stationery", "EXPENSE", input, "", false},
      {"493", "Travel - National", "EXPENSE", input, "", false},
      {"494", "Travel - International", "EXPENSE", "NONE", "", false},
      {"610", "Accounts Receivable", "CURRENT", "NONE", "DEBTORS", false},
      {"620", "Prepayments", "CURRENT", "NONE", "", false},
      {"710", "Office Equipment", "FIXED", input, "", false},
      {"800", "Accounts Payable", "CURRLIAB", "NONE", "CREDITORS", false},
      {"820", tax_account, "CURRLIAB", "NONE", "GST", false},
      {"840", "Historical Adjustment", "CURRLIAB", "NONE", "HISTORICAL", false},
      {"860", "Rounding", "CURRLIAB", "NONE", "ROUNDING", false},
      {"960", "Retained Earnings", "EQUITY", "NONE", "RETAINEDEARNINGS", false},
      {"970", "Owner A Funds Introduced", "EQUITY", "NONE", "", true},
  };
}

}  // namespace

std::string DemoAccountId(int org, std::string_view code) { return FixedId("ac00000", org, code); }

std::string DemoContactId(int org, int k) { return FixedId("c000000", org, std::to_string(k)); }

OrgState DemoNzOrganisation() {
  OrgState s;
  OrganisationInfo& o = s.organisation;
  o.organisation_id = std::string(kDemoNzTenantId);
  o.name = "Demo Company (NZ)";
  o.legal_name = "Demo Company (NZ) Limited";
  o.short_code = "!xSnz1";
  o.version = "NZ";
  o.country_code = "NZ";
  o.base_currency = "NZD";
  o.timezone = "NEWZEALANDSTANDARDTIME";
  o.tax_number = "071-138-054";
  o.sales_tax_basis = "PAYMENTS";
  o.sales_tax_period = "TWOMONTHS";
  o.financial_year_end_month = 3;
  o.is_demo_company = true;
  o.created = Date(2024, 4, 1);
  s.accounts = Accounts(1, Chart("OUTPUT2", "INPUT2", "Business Bank Account", "GST", "NONE"),
                        "02-0108-0436789-", "NZD");
  s.tax_rates = {
      Tax("15% GST on Expenses", "INPUT2", "INPUT", "GST", 15, false, true),
      Tax("15% GST on Income", "OUTPUT2", "OUTPUT", "GST", 15, true, false),
      Tax("No GST", "NONE", "NONE", "GST", 0, true, true),
      Tax("Zero Rated", "ZERORATED", "OUTPUT", "GST", 0, true, false),
  };
  s.currencies = {
      {"NZD", "New Zealand Dollar"}, {"AUD", "Australian Dollar"}, {"USD", "United States Dollar"}};
  s.tracking_categories = {Tracking(1, 1, "Region", {"North", "South"}),
                           Tracking(1, 2, "Department", {"Sales", "Operations"})};
  s.contacts = Contacts(
      1,
      {
          {"ABC Furniture", "CUST-001", "Trish", "Rawlings", "info@abcfurniture.co.nz", true,
           false},
          {"Bayside Club", "CUST-002", "Bruce", "Cooper", "secretary@baysideclub.co.nz", true,
           false},
          {"City Agency", "CUST-003", "Heidi", "Rasmussen", "accounts@cityagency.co.nz", true,
           false},
          {"Marine Systems", "CUST-004", "Mike", "Rivers", "mike@marinesystems.co.nz", true, false},
          {"Ridgeway University", "CUST-005", "Ruth", "Ridge", "finance@ridgeway.ac.nz", true,
           false},
          {"PowerDirect", "SUP-001", "", "", "billing@powerdirect.co.nz", false, false},
          {"Hamilton Smith Ltd", "SUP-002", "Sam", "Hamilton", "ap@hamiltonsmith.co.nz", false,
           false},
          {"Old Supplies Co", "SUP-003", "", "", "", false, true},
      });
  return s;
}

OrgState DemoUkOrganisation() {
  OrgState s;
  OrganisationInfo& o = s.organisation;
  o.organisation_id = std::string(kDemoUkTenantId);
  o.name = "Demo Company (UK)";
  o.legal_name = "Demo Company (UK) Ltd";
  o.short_code = "!xSuk2";
  o.version = "UK";
  o.country_code = "GB";
  o.base_currency = "GBP";
  o.timezone = "GMTSTANDARDTIME";
  o.tax_number = "GB 123 4567 89";
  o.sales_tax_basis = "ACCRUALS";
  o.sales_tax_period = "QUARTERLY1";
  o.financial_year_end_month = 12;
  o.is_demo_company = true;
  o.created = Date(2024, 1, 2);
  s.accounts =
      Accounts(2, Chart("OUTPUT2", "INPUT2", "Business Current Account", "VAT", "EXEMPTOUTPUT"),
               "2040-", "GBP");
  s.tax_rates = {
      Tax("20% (VAT on Income)", "OUTPUT2", "OUTPUT", "VAT", 20, true, false),
      Tax("20% (VAT on Expenses)", "INPUT2", "INPUT", "VAT", 20, false, true),
      Tax("5% (VAT on Income)", "RROUTPUT", "OUTPUT", "VAT", 5, true, false),
      Tax("5% (VAT on Expenses)", "RRINPUT", "INPUT", "VAT", 5, false, true),
      Tax("Zero Rated Income", "ZERORATEDOUTPUT", "OUTPUT", "VAT", 0, true, false),
      Tax("Zero Rated Expenses", "ZERORATEDINPUT", "INPUT", "VAT", 0, false, true),
      Tax("Exempt Income", "EXEMPTOUTPUT", "EXEMPTOUTPUT", "VAT", 0, true, false),
      Tax("Exempt Expenses", "EXEMPTINPUT", "EXEMPTINPUT", "VAT", 0, false, true),
      Tax("No VAT", "NONE", "NONE", "VAT", 0, true, true),
  };
  s.currencies = {{"GBP", "Pound Sterling"}, {"EUR", "Euro"}};
  s.tracking_categories = {Tracking(2, 1, "Region", {"England", "Scotland", "Wales"}),
                           Tracking(2, 2, "Department", {"Sales", "Operations"})};
  s.contacts = Contacts(
      2, {
             {"Acme Widgets Ltd", "C-1001", "Alice", "Archer", "accounts@acmewidgets.co.uk", true,
              false},
             {"Bristol Bikes", "C-1002", "Ben", "Bishop", "ben@bristolbikes.co.uk", true, false},
             {"Camden Catering", "C-1003", "Chloe", "Carter", "hello@camdencatering.co.uk", true,
              false},
             {"Greenwich Gallery", "C-1004", "Gemma", "Grant", "gemma@greenwichgallery.co.uk", true,
              false},
             {"Dover Freight", "S-2001", "", "", "invoices@doverfreight.co.uk", false, false},
             {"Edinburgh Paper Co", "S-2002", "Ewan", "Ellis", "sales@edinburghpaper.co.uk", false,
              false},
             {"Fenwick Legal", "S-2003", "Fiona", "Fenwick", "billing@fenwicklegal.co.uk", false,
              false},
             {"Harrogate Holdings", "C-1005", "", "", "", true, true},
         });
  return s;
}

std::vector<OrgState> DemoOrganisations() { return {DemoNzOrganisation(), DemoUkOrganisation()}; }

}  // namespace xerosync::emulator
