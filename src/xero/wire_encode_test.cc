// Encoding request bodies (wire.h): wrappers, references, days, exact amounts.
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
using namespace testing_util;  // NOLINT(google-build-using-namespace): test helpers

// ---- Encoding requests ----

domain::Invoice SalesInvoice() {
  domain::Invoice inv;
  inv.type = domain::InvoiceType::kAccRec;
  inv.contact = FullContactWithoutId();
  inv.date = Day("2026-11-02");
  inv.due_date = Day("2026-11-30");
  inv.line_amount_types = domain::LineAmountType::kExclusive;
  inv.number = "INV-0101";
  inv.reference = "Rounding per line";
  domain::LineItem product;
  product.description = "Product A";
  product.quantity = D("1");
  product.unit_amount = D("25.06");
  product.account_code = "200";
  product.tax_type = "OUTPUT2";
  domain::LineItem paper;
  paper.description = "Paper, 20 reams";
  paper.quantity = D("20");
  paper.unit_amount = D("6.4350");
  paper.account_code = "200";
  paper.tax_type = "OUTPUT2";
  inv.line_items = {product, paper};
  // Read-only fields, as a copy read back from Xero would have them.
  inv.totals.sub_total = D("153.76");
  inv.totals.total_tax = D("23.06");
  inv.totals.total = D("176.82");
  inv.amount_due = D("176.82");
  inv.updated_at = Ms(1541176290160);
  return inv;
}

TEST(EncodeRequestTest, InvoiceHasTheWrapperAReferenceToItsContactDaysAndExactAmounts) {
  const std::vector<domain::Invoice> invoices = {SalesInvoice()};
  const std::string text = EncodeRequest<domain::Invoice>(invoices);

  // Amounts are exact decimal text on the wire, never a binary fraction.
  EXPECT_THAT(text, HasSubstr("\"UnitAmount\":25.06"));
  EXPECT_THAT(text, HasSubstr("\"UnitAmount\":6.435"));
  EXPECT_THAT(text, HasSubstr("\"Quantity\":1.00"));

  const Json body = ParseExpectingJson(text);
  ASSERT_TRUE(body.is_object());
  ASSERT_EQ(body.AsObject().size(), 1u) << text;
  const Json& array = Member(body, "Invoices");
  ASSERT_TRUE(array.is_array()) << text;
  ASSERT_EQ(array.AsArray().size(), 1u);
  const Json& invoice = array.AsArray()[0];

  EXPECT_EQ(StringAt(invoice, "Type"), "ACCREC");
  EXPECT_EQ(StringAt(invoice, "InvoiceNumber"), "INV-0101");
  EXPECT_EQ(StringAt(invoice, "Reference"), "Rounding per line");
  EXPECT_EQ(StringAt(invoice, "LineAmountTypes"), "Exclusive");
  EXPECT_EQ(StringAt(invoice, "Date"), "2026-11-02");
  EXPECT_EQ(StringAt(invoice, "DueDate"), "2026-11-30");

  // The contact is only named (no ContactID yet: by ContactNumber and Name); its details belong to
  // the contact's own request, not to the invoice's.
  EXPECT_EQ(Member(invoice, "Contact"),
            ParseExpectingJson(R"({"ContactNumber":"CUST-001","Name":"Ridgeway University"})"));

  const Json& lines = Member(invoice, "LineItems");
  ASSERT_TRUE(lines.is_array());
  ASSERT_EQ(lines.AsArray().size(), 2u);
  EXPECT_EQ(NumberAt(lines.AsArray()[0], "UnitAmount"), "25.06");
  EXPECT_EQ(NumberAt(lines.AsArray()[0], "Quantity"), "1.00");
  EXPECT_EQ(StringAt(lines.AsArray()[0], "AccountCode"), "200");
  EXPECT_EQ(StringAt(lines.AsArray()[0], "TaxType"), "OUTPUT2");
  EXPECT_EQ(NumberAt(lines.AsArray()[1], "UnitAmount"), "6.435");
  EXPECT_EQ(NumberAt(lines.AsArray()[1], "Quantity"), "20.00");

  // Read-only fields are Xero's to compute; absent optionals are left out, not sent as null.
  for (const char* absent :
       {"SubTotal", "TotalTax", "Total", "AmountDue", "UpdatedDateUTC", "InvoiceID", "CurrencyRate",
        "CurrencyCode", "Url", "Status", "Payments", "CreditNotes"}) {
    EXPECT_EQ(invoice.Find(absent), nullptr) << absent << " in " << text;
  }
  EXPECT_EQ(lines.AsArray()[0].Find("DiscountRate"), nullptr);
  EXPECT_EQ(lines.AsArray()[0].Find("Tracking"), nullptr);
  EXPECT_EQ(lines.AsArray()[0].Find("LineItemID"), nullptr);
  EXPECT_THAT(text, ::testing::Not(HasSubstr("null")));
}

TEST(EncodeRequestTest, ContactWithAnIdIsNamedByItsIdAlone) {
  domain::Invoice inv = SalesInvoice();
  inv.contact.id = domain::ContactId("d4956132-ed94-4dd7-9eaa-aa22dfdf06f2");
  const std::vector<domain::Invoice> invoices = {inv};

  const Json body = ParseExpectingJson(EncodeRequest<domain::Invoice>(invoices));
  const Json& invoice = Member(body, "Invoices").AsArray().at(0);
  EXPECT_EQ(Member(invoice, "Contact"),
            ParseExpectingJson(R"({"ContactID":"d4956132-ed94-4dd7-9eaa-aa22dfdf06f2"})"));
}

TEST(EncodeRequestTest, SnapshotAlsoWritesReadOnlyFields) {
  const domain::Invoice inv = SalesInvoice();
  const Json snapshot = EncodeObject(inv, EncodeMode::kSnapshot);

  EXPECT_EQ(NumberAt(snapshot, "SubTotal"), "153.76");
  EXPECT_EQ(NumberAt(snapshot, "TotalTax"), "23.06");
  EXPECT_EQ(NumberAt(snapshot, "Total"), "176.82");
  EXPECT_EQ(NumberAt(snapshot, "AmountDue"), "176.82");
  EXPECT_EQ(StringAt(snapshot, "UpdatedDateUTC"), "/Date(1541176290160+0000)/");
  // A snapshot keeps the whole contact as it was.
  EXPECT_EQ(StringAt(Member(snapshot, "Contact"), "EmailAddress"), "accounts@ridgeway.example");
  // Still nothing for what is absent.
  EXPECT_EQ(snapshot.Find("AmountPaid"), nullptr);
  EXPECT_EQ(snapshot.Find("FullyPaidOnDate"), nullptr);

  const Json request = EncodeObject(inv, EncodeMode::kRequest);
  EXPECT_EQ(request.Find("SubTotal"), nullptr);
  EXPECT_EQ(request.Find("UpdatedDateUTC"), nullptr);
}

TEST(EncodeRequestTest, PaymentNamesItsInvoiceAndAccount) {
  domain::Payment by_id;
  domain::Invoice paid;
  paid.id = domain::InvoiceId("b7eb1fc9-a0f9-4e8e-9373-6689f5350832");
  paid.number = "INV-0101";  // the id is enough: Xero finds the invoice by it
  paid.contact.name = "Ridgeway University";
  by_id.invoice = paid;
  by_id.account.code = "090";
  by_id.account.name = "Business Bank Account";
  by_id.date = Day("2026-11-10");
  by_id.amount = D("87.74");

  domain::Payment by_number;
  domain::Invoice named;
  named.number = "INV-0102";
  by_number.invoice = named;
  by_number.account.code = "090";
  by_number.date = Day("2026-11-11");
  by_number.amount = D("1096.4");

  const std::vector<domain::Payment> payments = {by_id, by_number};
  const std::string text = EncodeRequest<domain::Payment>(payments);
  EXPECT_THAT(text, HasSubstr("\"Amount\":87.74"));
  const Json body = ParseExpectingJson(text);
  const Json& array = Member(body, "Payments");
  ASSERT_TRUE(array.is_array()) << text;
  ASSERT_EQ(array.AsArray().size(), 2u);

  const Json& first = array.AsArray()[0];
  EXPECT_EQ(Member(first, "Invoice"),
            ParseExpectingJson(R"({"InvoiceID":"b7eb1fc9-a0f9-4e8e-9373-6689f5350832"})"));
  EXPECT_EQ(Member(first, "Account"), ParseExpectingJson(R"({"Code":"090"})"));
  EXPECT_EQ(StringAt(first, "Date"), "2026-11-10");
  EXPECT_EQ(NumberAt(first, "Amount"), "87.74");
  EXPECT_EQ(first.Find("PaymentID"), nullptr);

  const Json& second = array.AsArray()[1];
  EXPECT_EQ(Member(second, "Invoice"), ParseExpectingJson(R"({"InvoiceNumber":"INV-0102"})"));
  EXPECT_EQ(Member(second, "Account"), ParseExpectingJson(R"({"Code":"090"})"));
  EXPECT_EQ(NumberAt(second, "Amount"), "1096.40");
}

}  // namespace
}  // namespace xerosync::xero
