// Snapshot round trips: every codec writes a record that decodes back to the same record; and
// allocations, whose invoice Xero may name in odd forms.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "xero/wire.h"
#include "xero/wire_test_util.h"
#include "xero/wire_time.h"

namespace xerosync::xero {
namespace {

using domain::Date;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using namespace testing_util;  // NOLINT(google-build-using-namespace): test helpers

// ---- Round trips: a snapshot decodes back to the same record ----

domain::Contact FullContact() {
  domain::Contact c = FullContactWithoutId();
  c.id = domain::ContactId("a1b2c3d4-0000-4000-8000-000000000001");
  c.account_number = "ACC-77";
  c.status = domain::ContactStatus::kActive;
  c.company_number = "NZBN 9429041234567";
  c.accounts_payable_tax_type = "INPUT2";
  c.sales_default_account_code = "200";
  c.purchases_default_account_code = "453";
  c.default_currency = "NZD";
  domain::Address po;
  po.type = domain::AddressType::kPoBox;
  po.line1 = "PO Box 1";
  po.line2 = "Private Bag 2";
  po.line3 = "Level 3";
  po.line4 = "Suite 4";
  po.city = "Auckland";
  po.region = "Auckland";
  po.postal_code = "1010";
  po.country = "New Zealand";
  po.attention_to = "Accounts Payable";
  c.addresses.push_back(po);
  domain::Phone mobile;
  mobile.type = domain::PhoneType::kMobile;
  mobile.number = "021 555 0199";
  mobile.area_code = "021";
  mobile.country_code = "64";
  c.phones.push_back(mobile);
  domain::Phone fax;
  fax.type = domain::PhoneType::kFax;
  fax.number = "04 555 0100";
  c.phones.push_back(fax);
  c.is_supplier = false;
  c.is_customer = true;
  c.updated_at = Ms(1551981568123);
  return c;
}

domain::LineItem FullLine(std::string_view id, std::string_view description) {
  domain::LineItem l;
  l.id = domain::LineItemId(id);
  l.description = std::string(description);
  l.quantity = D("7.5");
  l.unit_amount = D("149.9500");
  l.item_code = "CONSULT";
  l.account_code = "200";
  l.account_id = domain::AccountId("ebd06280-af70-4bed-97c6-7451a454ad85");
  l.tax_type = "OUTPUT2";
  l.tax_amount = D("131.77");
  l.line_amount = D("1012.16");
  domain::LineTracking region;
  region.category_id = domain::TrackingCategoryId("351953c4-8127-4009-88c3-f9cd8c9cbe9f");
  region.option_id = domain::TrackingOptionId("ce205173-7387-4651-9726-2cf4c5405ba2");
  region.name = "Region";
  region.option = "North";
  domain::LineTracking project;
  project.name = "Project";
  project.option = "Alpha";
  l.tracking = {region, project};
  return l;
}

domain::Account BankAccount() {
  domain::Account a;
  a.id = domain::AccountId("13918178-849a-4823-9a31-57b7eac713d7");
  a.code = "090";
  a.name = "Business Bank Account";
  a.type = domain::AccountType::kBank;
  a.status = domain::AccountStatus::kActive;
  a.description = "The main account";
  a.bank_account_number = "12-3456-7890123-00";
  a.bank_account_type = "BANK";
  a.currency_code = "NZD";
  a.tax_type = "NONE";
  a.enable_payments_to_account = false;
  a.show_in_expense_claims = true;
  a.account_class = domain::AccountClass::kAsset;
  a.system_account = "BANKCURRENCYGAIN";
  a.reporting_code = "ASS";
  a.reporting_code_name = "Assets";
  a.has_attachments = false;
  a.add_to_watchlist = true;
  a.updated_at = Ms(1551399321000);
  return a;
}

domain::Payment FullPayment() {
  domain::Payment p;
  p.id = domain::PaymentId("99ea7f6b-c513-4066-bc27-b7c65dcd76c2");
  domain::Invoice paid;
  paid.id = domain::InvoiceId("0f0e4b52-1a2b-4c3d-8e9f-112233445566");
  paid.number = "INV-0201";
  p.invoice = paid;
  p.invoice_number = "INV-0201";
  p.account = BankAccount();
  p.date = Day("2026-11-10");
  p.amount = D("500.00");
  p.currency_rate = D("0.6123");
  p.bank_amount = D("306.15");
  p.reference = "Deposit";
  p.is_reconciled = true;
  p.status = domain::PaymentStatus::kAuthorised;
  p.type = domain::PaymentType::kAccRecPayment;
  p.has_account = true;
  p.updated_at = Ms(1762776000000);
  return p;
}

domain::Allocation FullAllocation() {
  domain::Allocation a;
  a.id = domain::AllocationId("2bb15054-3868-4f85-a9c6-0402ec8c1201");
  domain::Invoice target;
  target.id = domain::InvoiceId("b7eb1fc9-a0f9-4e8e-9373-6689f5350832");
  target.number = "INV-0101";
  a.invoice = target;
  domain::CreditNote from;
  from.id = domain::CreditNoteId("6c2b3a49-5d8e-4f71-a0b2-9c8d7e6f5a41");
  a.credit_note = from;
  a.amount = D("29.45");
  a.date = Day("2026-11-06");
  a.is_deleted = false;
  return a;
}

domain::CreditNote FullCreditNote() {
  domain::CreditNote c;
  c.id = domain::CreditNoteId("6c2b3a49-5d8e-4f71-a0b2-9c8d7e6f5a41");
  c.type = domain::CreditNoteType::kAccRecCredit;
  c.contact = FullContact();
  c.date = Day("2026-11-06");
  c.due_date = Day("2026-11-20");
  c.status = domain::DocumentStatus::kAuthorised;
  c.line_amount_types = domain::LineAmountType::kExclusive;
  c.line_items = {FullLine("5f7a612b-fdcc-4d33-90fa-a9f6bc6db32f", "Credit for Product B")};
  c.number = "CN-0031";
  c.reference = "Returned";
  c.currency_code = "NZD";
  c.currency_rate = D("1");
  c.sent_to_contact = true;
  c.branding_theme_id = "5d4dd402-c851-497e-aae1-9ff265c0d15a";
  c.totals.sub_total = D("1012.16");
  c.totals.total_tax = D("131.77");
  c.totals.total = D("1143.93");
  c.remaining_credit = D("614.48");
  c.applied_amount = D("529.45");
  c.fully_paid_on_date = Day("2026-11-30");
  domain::Allocation second = FullAllocation();
  second.id = domain::AllocationId("3cc26165-4979-4a96-b0c3-1513fd9d2312");
  second.amount = D("500");
  second.date = Day("2026-11-07");
  c.allocations = {FullAllocation(), second};
  domain::Payment refund = FullPayment();
  refund.invoice = Box<domain::Invoice>();
  refund.invoice_number.reset();
  domain::CreditNote refunded;
  refunded.id = c.id;
  refund.credit_note = refunded;
  refund.credit_note_number = "CN-0031";
  refund.type = domain::PaymentType::kArCreditPayment;
  c.payments = {refund};
  c.has_attachments = false;
  c.updated_at = Ms(1762430400555);
  return c;
}

domain::Invoice FullInvoice() {
  domain::Invoice inv;
  inv.id = domain::InvoiceId("0f0e4b52-1a2b-4c3d-8e9f-112233445566");
  inv.type = domain::InvoiceType::kAccRec;
  inv.contact = FullContact();
  inv.date = Day("2026-11-03");
  inv.due_date = Day("2026-12-03");
  inv.status = domain::DocumentStatus::kAuthorised;
  inv.line_amount_types = domain::LineAmountType::kInclusive;
  domain::LineItem discounted = FullLine("8a7b6c5d-4e3f-4a1b-9c8d-7e6f5a4b3c2d", "Consulting");
  discounted.discount_rate = D("10");
  domain::LineItem fixed_off = FullLine("1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d", "Travel");
  fixed_off.quantity = D("1");
  fixed_off.unit_amount = D("-84.3");  // a credit line
  fixed_off.discount_amount = D("5.00");
  fixed_off.tracking.pop_back();
  inv.line_items = {discounted, fixed_off};
  inv.number = "INV-0201";
  inv.reference = "Tax inclusive, 10% discount";
  inv.url = "https://app.example/invoices/201";
  inv.currency_code = "AUD";
  inv.currency_rate = D("0.9134");
  inv.sent_to_contact = true;
  inv.branding_theme_id = "5d4dd402-c851-497e-aae1-9ff265c0d15a";
  inv.repeating_invoice_id = "428c0d75-909f-4b04-8403-a48dc27283b0";
  inv.expected_payment_date = Day("2026-11-25");
  inv.planned_payment_date = Day("2026-11-26");
  inv.totals.sub_total = D("953.44");
  inv.totals.total_tax = D("143.02");
  inv.totals.total = D("1096.46");
  inv.total_discount = D("112.46");
  inv.amount_due = D("0.00");
  inv.amount_paid = D("567.01");
  inv.amount_credited = D("529.45");
  inv.fully_paid_on_date = Day("2026-11-30");
  inv.payments = {FullPayment()};
  domain::CreditNote credit;
  credit.id = domain::CreditNoteId("6c2b3a49-5d8e-4f71-a0b2-9c8d7e6f5a41");
  credit.number = "CN-0031";
  credit.applied_amount = D("529.45");
  credit.totals.total = D("1143.93");
  credit.allocations = {FullAllocation()};
  inv.credit_notes = {credit};
  inv.is_discounted = true;
  inv.has_attachments = true;
  inv.updated_at = Ms(1764496800999);
  return inv;
}

TEST(RoundTripTest, Invoice) { ExpectRoundTrip(FullInvoice()); }

TEST(RoundTripTest, Contact) { ExpectRoundTrip(FullContact()); }

TEST(RoundTripTest, CreditNoteWithAllocations) { ExpectRoundTrip(FullCreditNote()); }

TEST(RoundTripTest, Payment) { ExpectRoundTrip(FullPayment()); }

TEST(RoundTripTest, BankTransaction) {
  domain::BankTransaction b;
  b.id = domain::BankTransactionId("d20b6c54-7f5d-4ce6-ab83-55f609719126");
  b.type = domain::BankTransactionType::kSpend;
  b.contact = FullContact();
  domain::LineItem taxi = FullLine("52208ff9-528a-4985-a9ad-b2b1d4210e38", "Taxi");
  taxi.quantity = D("1");
  taxi.unit_amount = D("37.80");
  b.line_items = {taxi};
  b.bank_account = BankAccount();
  b.is_reconciled = false;
  b.date = Day("2026-11-07");
  b.reference = "Taxi to client";
  b.currency_code = "NZD";
  b.currency_rate = D("1.0000");
  b.url = "https://app.example/expenses/9";
  b.status = domain::BankTransactionStatus::kAuthorised;
  b.line_amount_types = domain::LineAmountType::kInclusive;
  b.totals.sub_total = D("32.87");
  b.totals.total_tax = D("4.93");
  b.totals.total = D("37.80");
  b.prepayment_id = "b0ed0d6f-4d6b-45b2-a0a4-4b3d1c2e9f10";
  b.overpayment_id = "c1fe1e7a-5e7c-46c3-b1b5-5c4e2d3fa021";
  b.has_attachments = true;
  b.updated_at = Ms(1762520400001);
  ExpectRoundTrip(b);
}

TEST(RoundTripTest, Account) { ExpectRoundTrip(BankAccount()); }

TEST(RoundTripTest, TaxRateWithComponents) {
  domain::TaxRate t;
  t.name = "GST and PST on Sales";
  t.tax_type = "TAX002";
  domain::TaxComponent gst;
  gst.name = "GST";
  gst.rate = D("5.0000");
  gst.is_compound = false;
  gst.is_non_recoverable = false;
  domain::TaxComponent pst;
  pst.name = "PST";
  pst.rate = D("7.0125");
  pst.is_compound = true;
  pst.is_non_recoverable = true;
  t.components = {gst, pst};
  t.status = domain::TaxRateStatus::kActive;
  t.report_tax_type = "OUTPUT";
  t.can_apply_to_assets = true;
  t.can_apply_to_equity = false;
  t.can_apply_to_expenses = false;
  t.can_apply_to_liabilities = true;
  t.can_apply_to_revenue = true;
  t.display_rate = D("12.3631");
  t.effective_rate = D("12.3631");
  ExpectRoundTrip(t);
}

TEST(RoundTripTest, OrganisationWithLockDates) {
  domain::Organisation o;
  o.id = domain::OrganisationId("b2c885a9-4bb9-4a00-9b6e-6c2bf60b1a2e");
  o.name = "Demo Company (NZ)";
  o.legal_name = "Demo Company (NZ) Limited";
  o.short_code = "!2kXv1";
  o.base_currency = "NZD";
  o.country_code = "NZ";
  o.timezone = "NEWZEALANDSTANDARDTIME";
  o.version = "NZ";
  o.organisation_type = "COMPANY";
  o.organisation_entity_type = "COMPANY";
  o.organisation_class = "PREMIUM";
  o.edition = "BUSINESS";
  o.status = "ACTIVE";
  o.api_key = "XKQ1ZWVMNTHLLJMOQXNEHNKS8PEAUL";
  o.registration_number = "1234567";
  o.tax_number = "101-304-908";
  o.employer_identification_number = "12-3456789";
  o.line_of_business = "Consulting";
  o.is_demo_company = true;
  o.pays_tax = true;
  o.sales_tax_basis = "INVOICE";
  o.sales_tax_period = "TWOMONTHS";
  o.default_sales_tax = "Tax Exclusive";
  o.default_purchases_tax = "Tax Inclusive";
  o.financial_year_end_day = 31;
  o.financial_year_end_month = 3;
  o.period_lock_date = Day("2026-09-30");
  o.end_of_year_lock_date = Day("2026-03-31");
  o.created_at = Ms(1451606400000);
  ExpectRoundTrip(o);

  // Lock dates are calendar days on the wire.
  const Json json = EncodeObject(o, EncodeMode::kSnapshot);
  EXPECT_EQ(StringAt(json, "PeriodLockDate"), "2026-09-30");
  EXPECT_EQ(StringAt(json, "EndOfYearLockDate"), "2026-03-31");
}

TEST(RoundTripTest, TrackingCategoryWithOptions) {
  domain::TrackingCategory c;
  c.id = domain::TrackingCategoryId("351953c4-8127-4009-88c3-f9cd8c9cbe9f");
  c.name = "Region";
  c.status = domain::TrackingStatus::kActive;
  domain::TrackingOption north;
  north.id = domain::TrackingOptionId("ce205173-7387-4651-9726-2cf4c5405ba2");
  north.name = "North";
  north.status = domain::TrackingStatus::kActive;
  domain::TrackingOption south;
  south.id = domain::TrackingOptionId("6eb12fb6-d283-455b-9079-c1e1f1fb6d5c");
  south.name = "South";
  south.status = domain::TrackingStatus::kArchived;
  c.options = {north, south};
  ExpectRoundTrip(c);
}

// ---- Allocations ----

TEST(AllocationTest, InvoiceGivenAsAOneElementArrayIsRead) {
  // As Xero answers DELETE /CreditNotes/{id}/Allocations/{id}: "Invoice" is an array of one.
  Result<ListResponse<domain::Allocation>> list = DecodeList<domain::Allocation>(R"json({
    "Allocations": [{
      "AllocationId": "4d5b1c7e-2f8a-4b6c-9d0e-1a2b3c4d5e6f",
      "Date": "\/Date(1551822670731)\/",
      "Amount": 12.50,
      "Invoice": [{"InvoiceID": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"}],
      "IsDeleted": true
    }]})json");
  ASSERT_TRUE(list.ok()) << list.status();
  ASSERT_EQ(list->items.size(), 1u);
  const domain::Allocation& a = list->items[0].value;
  EXPECT_EQ(a.id.value(), "4d5b1c7e-2f8a-4b6c-9d0e-1a2b3c4d5e6f");
  ASSERT_TRUE(a.invoice.has_value());
  EXPECT_EQ(a.invoice->id.value(), "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d");
  EXPECT_EQ(a.date, Day("2019-03-05"));  // the UTC day of 21:51:10Z
  EXPECT_EQ(a.amount, D("12.5"));
  EXPECT_EQ(a.is_deleted, true);
  EXPECT_THAT(list->unknown_fields, IsEmpty());
}

TEST(AllocationTest, InvoiceAsAnArrayOfSeveralIsRejected) {
  Result<ListResponse<domain::Allocation>> list = DecodeList<domain::Allocation>(
      R"({"Allocations":[{"Invoice":[{"InvoiceID":"a"},{"InvoiceID":"b"}]}]})");
  EXPECT_EQ(list.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(list.status().message(), HasSubstr("Allocations[0].Invoice"));
}

TEST(AllocationTest, RequestNamesTheInvoiceByIdOrNumber) {
  domain::Allocation by_id = FullAllocation();
  domain::Allocation by_number;
  domain::Invoice named;
  named.number = "INV-0101";
  by_number.invoice = named;
  by_number.amount = D("1");
  by_number.date = Day("2019-03-05");
  const std::vector<domain::Allocation> allocations = {by_id, by_number};
  const Json body = ParseExpectingJson(EncodeRequest<domain::Allocation>(allocations));
  const Json& array = Member(body, "Allocations");
  ASSERT_TRUE(array.is_array());
  ASSERT_EQ(array.AsArray().size(), 2u);
  EXPECT_EQ(Member(array.AsArray()[0], "Invoice"),
            ParseExpectingJson(R"({"InvoiceID":"b7eb1fc9-a0f9-4e8e-9373-6689f5350832"})"));
  EXPECT_EQ(array.AsArray()[0].Find("IsDeleted"), nullptr);  // read-only
  EXPECT_EQ(array.AsArray()[1],
            ParseExpectingJson(
                R"({"Invoice":{"InvoiceNumber":"INV-0101"},"Amount":1.00,"Date":"2019-03-05"})"));
}

}  // namespace
}  // namespace xerosync::xero
