#include "emulator/state_test_support.h"

#include <gtest/gtest.h>

#include <chrono>

namespace xerosync::emulator::testing {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::sys_days;

TimePoint Day(int y, unsigned m, unsigned d) {
  return sys_days{std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}};
}

Decimal D(std::string_view text) { return Decimal::Parse(text).value(); }

LineItem Line(int k) {
  LineItem l;
  l.line_item_id = "line-" + std::to_string(k);
  l.description = "Line " + std::to_string(k);
  l.quantity = D("2.5");
  l.unit_amount = D("0.1234");
  l.item_code = "ITEM" + std::to_string(k);
  l.account_code = "200";
  l.account_id = "account-200";
  l.tax_type = "OUTPUT2";
  l.tax_amount = D("0.05");
  l.line_amount = D("0.31");
  l.discount_rate = D("12.5");
  l.discount_amount = D("0.04");
  l.tracking = {{"cat-1", "Region", "opt-1", "North"}, {"cat-2", "Department", "opt-2", "Sales"}};
  return l;
}

DocumentTotals Totals() {
  return {D("1073537295759.52"), D("161030294363.93"), D("1234567890123.45")};
}

#define EXPECT_FIELD(field) EXPECT_EQ(a.field, e.field) << #field

void Same(const LineItem& a, const LineItem& e) {
  EXPECT_FIELD(line_item_id);
  EXPECT_FIELD(description);
  EXPECT_FIELD(quantity);
  EXPECT_FIELD(unit_amount);
  EXPECT_FIELD(item_code);
  EXPECT_FIELD(account_code);
  EXPECT_FIELD(account_id);
  EXPECT_FIELD(tax_type);
  EXPECT_FIELD(tax_amount);
  EXPECT_FIELD(line_amount);
  EXPECT_FIELD(discount_rate);
  EXPECT_FIELD(discount_amount);
  ASSERT_EQ(a.tracking.size(), e.tracking.size());
  for (std::size_t i = 0; i < a.tracking.size(); ++i) {
    EXPECT_EQ(a.tracking[i].tracking_category_id, e.tracking[i].tracking_category_id);
    EXPECT_EQ(a.tracking[i].name, e.tracking[i].name);
    EXPECT_EQ(a.tracking[i].tracking_option_id, e.tracking[i].tracking_option_id);
    EXPECT_EQ(a.tracking[i].option, e.tracking[i].option);
  }
}

void SameLines(const std::vector<LineItem>& a, const std::vector<LineItem>& e) {
  ASSERT_EQ(a.size(), e.size());
  for (std::size_t i = 0; i < a.size(); ++i) Same(a[i], e[i]);
}

void SameTotals(const DocumentTotals& a, const DocumentTotals& e) {
  EXPECT_FIELD(sub_total);
  EXPECT_FIELD(total_tax);
  EXPECT_FIELD(total);
}

}  // namespace

OrgState StateWithEveryField() {
  OrgState s;
  OrganisationInfo& o = s.organisation;
  o.organisation_id = "0e1d2c3b-0000-4000-8000-000000000001";
  o.name = "Round Trip Ltd";
  o.legal_name = "Round Trip Limited";
  o.short_code = "!rT1p";
  o.version = "AU";
  o.country_code = "AU";
  o.base_currency = "AUD";
  o.timezone = "AUSEASTERNSTANDARDTIME";
  o.tax_number = "12-345-678";
  o.organisation_status = "SUSPENDED";
  o.organisation_type = "PARTNERSHIP";
  o.sales_tax_basis = "ACCRUALS";
  o.sales_tax_period = "QUARTERLY1";
  o.financial_year_end_day = 30;
  o.financial_year_end_month = 6;
  o.pays_tax = false;
  o.is_demo_company = true;
  o.created = Day(2024, 7, 1) + hours(3) + milliseconds(7);
  o.period_lock_date = Day(2025, 6, 30);
  o.end_of_year_lock_date = Day(2024, 6, 30);

  Account account;
  account.account_id = "account-1";
  account.code = "090";
  account.name = "Cheque";
  account.type = "BANK";
  account.status = "ARCHIVED";
  account.tax_type = "NONE";
  account.description = "The main account";
  account.enable_payments_to_account = true;
  account.show_in_expense_claims = true;
  account.bank_account_number = "06-0000-1234567-00";
  account.currency_code = "AUD";
  account.system_account = "BANKCURRENCYGAIN";
  account.updated = Day(2025, 1, 2) + milliseconds(123);
  s.accounts = {account};

  TaxRate rate;
  rate.name = "GST on Income";
  rate.tax_type = "OUTPUT";
  rate.report_tax_type = "OUTPUT";
  rate.status = "PENDING";
  rate.components = {{"GST", D("10.0001"), true, true}};
  rate.can_apply_to_assets = false;
  rate.can_apply_to_equity = false;
  rate.can_apply_to_expenses = false;
  rate.can_apply_to_liabilities = false;
  rate.can_apply_to_revenue = false;
  s.tax_rates = {rate};

  s.currencies = {{"AUD", "Australian Dollar"}, {"USD", "United States Dollar"}};
  s.tracking_categories = {{"cat-1", "Region", "ARCHIVED", {{"opt-1", "North", "DELETED"}}}};

  Contact contact;
  contact.contact_id = "contact-1";
  contact.name = "Ridgeway University";
  contact.contact_number = "CRM-1";
  contact.account_number = "ACC-1";
  contact.contact_status = "GDPRREQUEST";
  contact.first_name = "Ann";
  contact.last_name = "Lee";
  contact.email_address = "ann@example.com";
  contact.is_customer = true;
  contact.is_supplier = true;
  contact.updated = Day(2025, 3, 4) + hours(5);
  s.contacts = {contact};

  Invoice invoice;
  invoice.invoice_id = "invoice-1";
  invoice.type = "ACCPAY";
  invoice.contact_id = "contact-1";
  invoice.invoice_number = "INV-0042";
  invoice.reference = "PO 7";
  invoice.url = "https://example.com/i/42";
  invoice.date = Day(2026, 2, 3);
  invoice.due_date = Day(2026, 3, 3);
  invoice.status = "PAID";
  invoice.line_amount_types = "Inclusive";
  invoice.currency_code = "USD";
  invoice.currency_rate = D("1.5234");
  invoice.sent_to_contact = true;
  invoice.line_items = {Line(1), Line(2)};
  invoice.totals = Totals();
  invoice.amount_due = D("0.01");
  invoice.amount_paid = D("1234567890123.40");
  invoice.amount_credited = D("0.04");
  invoice.fully_paid_on = Day(2026, 2, 10);
  invoice.payment_ids = {"payment-1", "payment-2"};
  invoice.allocation_ids = {"allocation-1"};
  invoice.updated = Day(2026, 2, 10) + milliseconds(999);
  s.invoices = {invoice};

  CreditNote note;
  note.credit_note_id = "credit-note-1";
  note.type = "ACCPAYCREDIT";
  note.contact_id = "contact-1";
  note.credit_note_number = "CN-9";
  note.reference = "Return";
  note.date = Day(2026, 2, 4);
  note.due_date = Day(2026, 2, 5);
  note.status = "AUTHORISED";
  note.line_amount_types = "NoTax";
  note.currency_code = "USD";
  note.currency_rate = D("1.25");
  note.sent_to_contact = true;
  note.line_items = {Line(3)};
  note.totals = {D("3"), D("0.45"), D("3.45")};
  note.remaining_credit = D("1.45");
  note.fully_paid_on = Day(2026, 2, 6);
  note.payment_ids = {"payment-3"};
  note.allocation_ids = {"allocation-1"};
  note.updated = Day(2026, 2, 6) + hours(1);
  s.credit_notes = {note};

  s.allocations = {
      {"allocation-1", "credit-note-1", "invoice-1", D("0.04"), Day(2026, 2, 7), true}};

  Payment payment;
  payment.payment_id = "payment-1";
  payment.invoice_id = "invoice-1";
  payment.credit_note_id = "credit-note-1";
  payment.account_id = "account-1";
  payment.date = Day(2026, 2, 8);
  payment.amount = D("100.10");
  payment.bank_amount = D("66.07");
  payment.currency_rate = D("1.1");
  payment.reference = "Cheque 12";
  payment.status = "DELETED";
  payment.payment_type = "ACCPAYPAYMENT";
  payment.is_reconciled = true;
  payment.updated = Day(2026, 2, 9);
  s.payments = {payment};

  BankTransaction transaction;
  transaction.bank_transaction_id = "bank-transaction-1";
  transaction.type = "SPEND";
  transaction.contact_id = "contact-1";
  transaction.bank_account_id = "account-1";
  transaction.date = Day(2026, 2, 11);
  transaction.reference = "Fuel";
  transaction.url = "https://example.com/b/1";
  transaction.status = "VOIDED";
  transaction.line_amount_types = "Inclusive";
  transaction.currency_code = "USD";
  transaction.currency_rate = D("0.9");
  transaction.is_reconciled = true;
  transaction.line_items = {Line(4)};
  transaction.totals = {D("20"), D("2"), D("22")};
  transaction.updated = Day(2026, 2, 12);
  s.bank_transactions = {transaction};

  s.offline = true;
  return s;
}

void ExpectSameState(const OrgState& actual, const OrgState& expected) {
  {
    const OrganisationInfo& a = actual.organisation;
    const OrganisationInfo& e = expected.organisation;
    EXPECT_FIELD(organisation_id);
    EXPECT_FIELD(name);
    EXPECT_FIELD(legal_name);
    EXPECT_FIELD(short_code);
    EXPECT_FIELD(version);
    EXPECT_FIELD(country_code);
    EXPECT_FIELD(base_currency);
    EXPECT_FIELD(timezone);
    EXPECT_FIELD(tax_number);
    EXPECT_FIELD(organisation_status);
    EXPECT_FIELD(organisation_type);
    EXPECT_FIELD(sales_tax_basis);
    EXPECT_FIELD(sales_tax_period);
    EXPECT_FIELD(financial_year_end_day);
    EXPECT_FIELD(financial_year_end_month);
    EXPECT_FIELD(pays_tax);
    EXPECT_FIELD(is_demo_company);
    EXPECT_FIELD(created);
    EXPECT_FIELD(period_lock_date);
    EXPECT_FIELD(end_of_year_lock_date);
  }
  EXPECT_EQ(actual.offline, expected.offline);
  ASSERT_EQ(actual.accounts.size(), expected.accounts.size());
  for (std::size_t i = 0; i < actual.accounts.size(); ++i) {
    const Account& a = actual.accounts[i];
    const Account& e = expected.accounts[i];
    EXPECT_FIELD(account_id);
    EXPECT_FIELD(code);
    EXPECT_FIELD(name);
    EXPECT_FIELD(type);
    EXPECT_FIELD(status);
    EXPECT_FIELD(tax_type);
    EXPECT_FIELD(description);
    EXPECT_FIELD(enable_payments_to_account);
    EXPECT_FIELD(show_in_expense_claims);
    EXPECT_FIELD(bank_account_number);
    EXPECT_FIELD(currency_code);
    EXPECT_FIELD(system_account);
    EXPECT_FIELD(updated);
  }
  ASSERT_EQ(actual.tax_rates.size(), expected.tax_rates.size());
  for (std::size_t i = 0; i < actual.tax_rates.size(); ++i) {
    const TaxRate& a = actual.tax_rates[i];
    const TaxRate& e = expected.tax_rates[i];
    EXPECT_FIELD(name);
    EXPECT_FIELD(tax_type);
    EXPECT_FIELD(report_tax_type);
    EXPECT_FIELD(status);
    EXPECT_FIELD(can_apply_to_assets);
    EXPECT_FIELD(can_apply_to_equity);
    EXPECT_FIELD(can_apply_to_expenses);
    EXPECT_FIELD(can_apply_to_liabilities);
    EXPECT_FIELD(can_apply_to_revenue);
    ASSERT_EQ(a.components.size(), e.components.size());
    for (std::size_t k = 0; k < a.components.size(); ++k) {
      EXPECT_EQ(a.components[k].name, e.components[k].name);
      EXPECT_EQ(a.components[k].rate, e.components[k].rate);
      EXPECT_EQ(a.components[k].is_compound, e.components[k].is_compound);
      EXPECT_EQ(a.components[k].is_non_recoverable, e.components[k].is_non_recoverable);
    }
  }
  ASSERT_EQ(actual.currencies.size(), expected.currencies.size());
  for (std::size_t i = 0; i < actual.currencies.size(); ++i) {
    EXPECT_EQ(actual.currencies[i].code, expected.currencies[i].code);
    EXPECT_EQ(actual.currencies[i].description, expected.currencies[i].description);
  }
  ASSERT_EQ(actual.tracking_categories.size(), expected.tracking_categories.size());
  for (std::size_t i = 0; i < actual.tracking_categories.size(); ++i) {
    const TrackingCategory& a = actual.tracking_categories[i];
    const TrackingCategory& e = expected.tracking_categories[i];
    EXPECT_FIELD(tracking_category_id);
    EXPECT_FIELD(name);
    EXPECT_FIELD(status);
    ASSERT_EQ(a.options.size(), e.options.size());
    for (std::size_t k = 0; k < a.options.size(); ++k) {
      EXPECT_EQ(a.options[k].tracking_option_id, e.options[k].tracking_option_id);
      EXPECT_EQ(a.options[k].name, e.options[k].name);
      EXPECT_EQ(a.options[k].status, e.options[k].status);
    }
  }
  ASSERT_EQ(actual.contacts.size(), expected.contacts.size());
  for (std::size_t i = 0; i < actual.contacts.size(); ++i) {
    const Contact& a = actual.contacts[i];
    const Contact& e = expected.contacts[i];
    EXPECT_FIELD(contact_id);
    EXPECT_FIELD(name);
    EXPECT_FIELD(contact_number);
    EXPECT_FIELD(account_number);
    EXPECT_FIELD(contact_status);
    EXPECT_FIELD(first_name);
    EXPECT_FIELD(last_name);
    EXPECT_FIELD(email_address);
    EXPECT_FIELD(is_customer);
    EXPECT_FIELD(is_supplier);
    EXPECT_FIELD(updated);
  }
  ASSERT_EQ(actual.invoices.size(), expected.invoices.size());
  for (std::size_t i = 0; i < actual.invoices.size(); ++i) {
    const Invoice& a = actual.invoices[i];
    const Invoice& e = expected.invoices[i];
    EXPECT_FIELD(invoice_id);
    EXPECT_FIELD(type);
    EXPECT_FIELD(contact_id);
    EXPECT_FIELD(invoice_number);
    EXPECT_FIELD(reference);
    EXPECT_FIELD(url);
    EXPECT_FIELD(date);
    EXPECT_FIELD(due_date);
    EXPECT_FIELD(status);
    EXPECT_FIELD(line_amount_types);
    EXPECT_FIELD(currency_code);
    EXPECT_FIELD(currency_rate);
    EXPECT_FIELD(sent_to_contact);
    SameLines(a.line_items, e.line_items);
    SameTotals(a.totals, e.totals);
    EXPECT_FIELD(amount_due);
    EXPECT_FIELD(amount_paid);
    EXPECT_FIELD(amount_credited);
    EXPECT_FIELD(fully_paid_on);
    EXPECT_FIELD(payment_ids);
    EXPECT_FIELD(allocation_ids);
    EXPECT_FIELD(updated);
  }
  ASSERT_EQ(actual.credit_notes.size(), expected.credit_notes.size());
  for (std::size_t i = 0; i < actual.credit_notes.size(); ++i) {
    const CreditNote& a = actual.credit_notes[i];
    const CreditNote& e = expected.credit_notes[i];
    EXPECT_FIELD(credit_note_id);
    EXPECT_FIELD(type);
    EXPECT_FIELD(contact_id);
    EXPECT_FIELD(credit_note_number);
    EXPECT_FIELD(reference);
    EXPECT_FIELD(date);
    EXPECT_FIELD(due_date);
    EXPECT_FIELD(status);
    EXPECT_FIELD(line_amount_types);
    EXPECT_FIELD(currency_code);
    EXPECT_FIELD(currency_rate);
    EXPECT_FIELD(sent_to_contact);
    SameLines(a.line_items, e.line_items);
    SameTotals(a.totals, e.totals);
    EXPECT_FIELD(remaining_credit);
    EXPECT_FIELD(fully_paid_on);
    EXPECT_FIELD(payment_ids);
    EXPECT_FIELD(allocation_ids);
    EXPECT_FIELD(updated);
  }
  ASSERT_EQ(actual.allocations.size(), expected.allocations.size());
  for (std::size_t i = 0; i < actual.allocations.size(); ++i) {
    const Allocation& a = actual.allocations[i];
    const Allocation& e = expected.allocations[i];
    EXPECT_FIELD(allocation_id);
    EXPECT_FIELD(credit_note_id);
    EXPECT_FIELD(invoice_id);
    EXPECT_FIELD(amount);
    EXPECT_FIELD(date);
    EXPECT_FIELD(is_deleted);
  }
  ASSERT_EQ(actual.payments.size(), expected.payments.size());
  for (std::size_t i = 0; i < actual.payments.size(); ++i) {
    const Payment& a = actual.payments[i];
    const Payment& e = expected.payments[i];
    EXPECT_FIELD(payment_id);
    EXPECT_FIELD(invoice_id);
    EXPECT_FIELD(credit_note_id);
    EXPECT_FIELD(account_id);
    EXPECT_FIELD(date);
    EXPECT_FIELD(amount);
    EXPECT_FIELD(bank_amount);
    EXPECT_FIELD(currency_rate);
    EXPECT_FIELD(reference);
    EXPECT_FIELD(status);
    EXPECT_FIELD(payment_type);
    EXPECT_FIELD(is_reconciled);
    EXPECT_FIELD(updated);
  }
  ASSERT_EQ(actual.bank_transactions.size(), expected.bank_transactions.size());
  for (std::size_t i = 0; i < actual.bank_transactions.size(); ++i) {
    const BankTransaction& a = actual.bank_transactions[i];
    const BankTransaction& e = expected.bank_transactions[i];
    EXPECT_FIELD(bank_transaction_id);
    EXPECT_FIELD(type);
    EXPECT_FIELD(contact_id);
    EXPECT_FIELD(bank_account_id);
    EXPECT_FIELD(date);
    EXPECT_FIELD(reference);
    EXPECT_FIELD(url);
    EXPECT_FIELD(status);
    EXPECT_FIELD(line_amount_types);
    EXPECT_FIELD(currency_code);
    EXPECT_FIELD(currency_rate);
    EXPECT_FIELD(is_reconciled);
    SameLines(a.line_items, e.line_items);
    SameTotals(a.totals, e.totals);
    EXPECT_FIELD(updated);
  }
}

#undef EXPECT_FIELD

}  // namespace xerosync::emulator::testing
