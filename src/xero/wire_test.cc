// Tests of Xero's wire format (wire.h): request encoding, list responses with per-element
// outcomes, error bodies, and snapshot round trips of every codec. One file past 800 lines because
// it is the single source CMake lists for these tests; its sections follow wire.h's order, and most
// of its length is hand-written Xero bodies and fully populated records.
#include "xero/wire.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "xero/wire_time.h"

namespace xerosync::xero {

// So that gmock prints the messages a test compares (ADL finds it here, not in the anonymous
// namespace).
void PrintTo(const ValidationMessage& m, std::ostream* os) {
  *os << "{path \"" << m.path << "\", \"" << m.message << "\"}";
}

namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

using domain::Date;

// Xero's own words (FACTS.md §5).
constexpr std::string_view kDuplicateNumber = "Invoice # must be unique.";
constexpr std::string_view kArchivedContact =
    "The contact with the specified contact details has been archived. The contact must be "
    "un-archived before creating new invoices or credit notes.";
constexpr std::string_view kBadAccountCode =
    "Account code '999' is not a valid code for this document.";

Decimal D(std::string_view text) { return Decimal::Parse(text).value(); }
Date Day(std::string_view text) { return Date::Parse(text).value(); }
TimePoint Ms(int64_t ms) {
  return TimePoint(std::chrono::duration_cast<Duration>(std::chrono::milliseconds(ms)));
}

Json ParseExpectingJson(std::string_view text) {
  Result<Json> json = Json::Parse(text);
  EXPECT_TRUE(json.ok()) << json.status() << "\n" << text;
  return json.ok() ? *json : Json();
}

// The member `key` of `object`, failing the test when it is missing.
const Json& Member(const Json& object, std::string_view key) {
  static const Json kMissing;
  const Json* found = object.Find(key);
  EXPECT_NE(found, nullptr) << "no member " << key << " in " << object.Serialize();
  return found != nullptr ? *found : kMissing;
}

// The text of the number `key` exactly as written on the wire.
std::string NumberAt(const Json& object, std::string_view key) {
  const Json& value = Member(object, key);
  if (!value.is_number()) return "<not a number: " + value.Serialize() + ">";
  return value.NumberText();
}

std::string StringAt(const Json& object, std::string_view key) {
  const Json& value = Member(object, key);
  if (!value.is_string()) return "<not a string: " + value.Serialize() + ">";
  return value.AsString();
}

// ---- Encoding requests ----

domain::Contact FullContactWithoutId() {
  domain::Contact c;
  c.contact_number = "CUST-001";
  c.name = "Ridgeway University";
  c.first_name = "Ada";
  c.last_name = "Lovelace";
  c.email = "accounts@ridgeway.example";
  c.tax_number = "12-345-678";
  c.accounts_receivable_tax_type = "OUTPUT2";
  domain::Address street;
  street.type = domain::AddressType::kStreet;
  street.line1 = "1 Campus Road";
  street.city = "Wellington";
  c.addresses.push_back(street);
  domain::Phone phone;
  phone.type = domain::PhoneType::kDefault;
  phone.number = "555 0101";
  c.phones.push_back(phone);
  return c;
}

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

// ---- Decoding responses ----

// A PUT /Invoices?summarizeErrors=false answer (HTTP 200): one invoice created, one rejected with
// messages at three levels. "\/" is how Xero escapes the slashes of its dates.
constexpr std::string_view kMixedResponse = R"json({
  "Id": "7b5e3c2a-1f4d-4e8b-9a61-2c0d5f7e8a90",
  "Status": "OK",
  "ProviderName": "xerosync tests",
  "DateTimeUTC": "\/Date(1552326816230)\/",
  "pagination": {"page": 2, "pageSize": 50, "pageCount": 3, "itemCount": 120},
  "Invoices": [
    {
      "Type": "ACCREC",
      "InvoiceID": "0f0e4b52-1a2b-4c3d-8e9f-112233445566",
      "InvoiceNumber": "INV-0201",
      "Contact": {"ContactID": "a1b2c3d4-0000-4000-8000-000000000001", "Name": "City Agency"},
      "Date": "\/Date(1552262400000+0000)\/",
      "LineItems": [
        {"Description": "Consulting", "Quantity": 2.0000, "UnitAmount": 50.00,
         "AccountCode": "200", "TaxType": "OUTPUT2", "TaxAmount": 15.00, "LineAmount": 100.00}
      ],
      "SubTotal": 100.00, "TotalTax": 15.00, "Total": 115.00,
      "Status": "AUTHORISED",
      "StatusAttributeString": "OK",
      "HasErrors": false,
      "Warnings": [{"Message": "Account code '476' has been removed as it does not match a recognised account."}]
    },
    {
      "Type": "ACCREC",
      "InvoiceID": "00000000-0000-0000-0000-000000000000",
      "InvoiceNumber": "INV-0201",
      "Contact": {
        "ContactID": "a1b2c3d4-0000-4000-8000-000000000002",
        "Name": "Old Customer",
        "HasValidationErrors": true,
        "ValidationErrors": [{"Message": "The contact with the specified contact details has been archived. The contact must be un-archived before creating new invoices or credit notes."}]
      },
      "LineItems": [
        {"Description": "Widget", "Quantity": 1.0000, "UnitAmount": 10.00, "AccountCode": "999",
         "ValidationErrors": [{"Message": "Account code '999' is not a valid code for this document."}]}
      ],
      "StatusAttributeString": "ERROR",
      "HasErrors": true,
      "ValidationErrors": [{"Message": "Invoice # must be unique."}]
    }
  ]
})json";

TEST(DecodeListTest, ReadsTheEnvelopeAndEachElementsOutcome) {
  Result<ListResponse<domain::Invoice>> list = DecodeList<domain::Invoice>(kMixedResponse);
  ASSERT_TRUE(list.ok()) << list.status();

  const Envelope& envelope = list->envelope;
  EXPECT_EQ(envelope.id, "7b5e3c2a-1f4d-4e8b-9a61-2c0d5f7e8a90");
  EXPECT_EQ(envelope.status, "OK");
  EXPECT_EQ(envelope.provider_name, "xerosync tests");
  ASSERT_TRUE(envelope.date_time.has_value());
  EXPECT_EQ(FormatIsoTimestamp(*envelope.date_time), "2019-03-11T17:53:36.230Z");
  EXPECT_EQ(*envelope.date_time, Ms(1552326816230));
  EXPECT_EQ(envelope.pagination, (Pagination{2, 50, 3, 120}));

  ASSERT_EQ(list->items.size(), 2u);
  const Element<domain::Invoice>& created = list->items[0];
  EXPECT_EQ(created.status, ElementStatus::kOk);
  EXPECT_FALSE(created.failed());
  EXPECT_THAT(created.errors, IsEmpty());
  EXPECT_THAT(created.warnings,
              ElementsAre("Account code '476' has been removed as it does not match a "
                          "recognised account."));
  EXPECT_EQ(created.value.id.value(), "0f0e4b52-1a2b-4c3d-8e9f-112233445566");
  EXPECT_EQ(created.value.number, "INV-0201");
  EXPECT_EQ(created.value.status, domain::DocumentStatus::kAuthorised);
  EXPECT_EQ(created.value.date, Day("2019-03-11"));
  EXPECT_EQ(created.value.contact.id.value(), "a1b2c3d4-0000-4000-8000-000000000001");
  EXPECT_EQ(created.value.totals.sub_total, D("100"));
  EXPECT_EQ(created.value.totals.total_tax, D("15"));
  EXPECT_EQ(created.value.totals.total, D("115"));
  ASSERT_EQ(created.value.line_items.size(), 1u);
  EXPECT_EQ(created.value.line_items[0].quantity, D("2"));
  EXPECT_EQ(created.value.line_items[0].tax_amount, D("15"));

  const Element<domain::Invoice>& rejected = list->items[1];
  EXPECT_EQ(rejected.status, ElementStatus::kError);
  EXPECT_TRUE(rejected.failed());
  EXPECT_THAT(
      rejected.errors,
      UnorderedElementsAre(ValidationMessage{"", std::string(kDuplicateNumber)},
                           ValidationMessage{"Contact", std::string(kArchivedContact)},
                           ValidationMessage{"LineItems[0]", std::string(kBadAccountCode)}));
  EXPECT_EQ(rejected.value.contact.name, "Old Customer");
  ASSERT_EQ(rejected.value.line_items.size(), 1u);
  EXPECT_EQ(rejected.value.line_items[0].account_code, "999");

  // Xero's metadata members are understood, not reported as unknown.
  EXPECT_THAT(list->unknown_fields, IsEmpty());
  EXPECT_THAT(list->skipped_fields, IsEmpty());
}

TEST(DecodeListTest, ValidationErrorsAloneMarkAnElementFailed) {
  // Without StatusAttributeString (a summarized 400 echoes elements like this), the messages
  // decide.
  Result<ListResponse<domain::Invoice>> list = DecodeList<domain::Invoice>(
      R"({"Warnings":[{"Message":"Only the first 100 invoices are shown."}],
          "Invoices":[{"InvoiceNumber":"INV-1","ValidationErrors":[{"Message":"Invoice # must be unique."}]},
                      {"InvoiceNumber":"INV-2"}]})");
  ASSERT_TRUE(list.ok()) << list.status();
  ASSERT_EQ(list->items.size(), 2u);
  EXPECT_EQ(list->items[0].status, ElementStatus::kAbsent);
  EXPECT_TRUE(list->items[0].failed());
  EXPECT_FALSE(list->items[1].failed());
  EXPECT_FALSE(list->envelope.pagination.has_value());
  EXPECT_FALSE(list->envelope.id.has_value());
  EXPECT_THAT(list->envelope.warnings, ElementsAre("Only the first 100 invoices are shown."));
}

TEST(DecodeListTest, AmountsAreReadExactly) {
  Result<ListResponse<domain::Invoice>> list = DecodeList<domain::Invoice>(R"({"Invoices":[{
      "LineItems": [{"Quantity": 1.0000, "UnitAmount": 0.0001, "LineAmount": 148062.76}],
      "Total": 148062.76, "CurrencyRate": 1.2345}]})");
  ASSERT_TRUE(list.ok()) << list.status();
  const domain::Invoice& inv = list->items.at(0).value;
  EXPECT_EQ(inv.totals.total, Decimal::FromRaw(1480627600));
  EXPECT_EQ(inv.currency_rate, Decimal::FromRaw(12345));
  ASSERT_EQ(inv.line_items.size(), 1u);
  EXPECT_EQ(inv.line_items[0].unit_amount, Decimal::FromRaw(1));
  EXPECT_EQ(inv.line_items[0].quantity, Decimal::FromInt(1));
  EXPECT_EQ(inv.line_items[0].line_amount, Decimal::FromRaw(1480627600));
}

TEST(DecodeListTest, AnAmountWithMoreThanFourDecimalPlacesIsRejectedNamingItsPath) {
  Result<ListResponse<domain::Invoice>> list = DecodeList<domain::Invoice>(
      R"({"Invoices":[{"LineItems":[{"Quantity":1,"UnitAmount":0.00001}]}]})");
  ASSERT_FALSE(list.ok());
  EXPECT_EQ(list.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(list.status().message(), HasSubstr("Invoices[0].LineItems[0].UnitAmount"));
}

struct WrongType {
  std::string element;                 // one element of an Invoices array
  std::string path;                    // where the problem is
  std::vector<std::string> also_says;  // more that the message must contain
};

void PrintTo(const WrongType& c, std::ostream* os) { *os << c.element; }

class WrongTypeTest : public ::testing::TestWithParam<WrongType> {};

TEST_P(WrongTypeTest, IsInvalidArgumentNamingThePath) {
  const WrongType& c = GetParam();
  Result<ListResponse<domain::Invoice>> list =
      DecodeList<domain::Invoice>(R"({"Invoices":[{"InvoiceNumber":"INV-OK"},)" + c.element + "]}");
  ASSERT_FALSE(list.ok()) << c.element;
  EXPECT_EQ(list.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(list.status().message(), HasSubstr(c.path + ":"));
  for (const std::string& more : c.also_says) {
    EXPECT_THAT(list.status().message(), HasSubstr(more));
  }
}

INSTANTIATE_TEST_SUITE_P(
    Invoices, WrongTypeTest,
    ::testing::Values(WrongType{R"({"Total":"abc"})", "Invoices[1].Total", {"abc"}},
                      WrongType{R"({"Total":true})", "Invoices[1].Total", {}},
                      WrongType{R"({"LineItems":{}})", "Invoices[1].LineItems", {"array"}},
                      WrongType{R"({"Status":"BOGUS"})",
                                "Invoices[1].Status",
                                {"BOGUS", "DRAFT", "SUBMITTED", "AUTHORISED", "PAID", "VOIDED",
                                 "DELETED"}},
                      WrongType{R"({"Type":"INVOICE"})", "Invoices[1].Type", {"ACCREC", "ACCPAY"}},
                      WrongType{R"({"InvoiceNumber":17})", "Invoices[1].InvoiceNumber", {"string"}},
                      WrongType{R"({"SentToContact":"yes"})", "Invoices[1].SentToContact", {}},
                      WrongType{R"({"Date":"2026-02-30"})", "Invoices[1].Date", {}},
                      WrongType{R"({"Contact":"Acme Ltd"})", "Invoices[1].Contact", {"object"}},
                      WrongType{R"({"Contact":{"ContactStatus":"GONE"}})",
                                "Invoices[1].Contact.ContactStatus",
                                {"ACTIVE", "ARCHIVED"}},
                      WrongType{R"({"LineItems":[{"Quantity":1},{"Quantity":[2]}]})",
                                "Invoices[1].LineItems[1].Quantity",
                                {}},
                      WrongType{R"({"LineItems":[{"Tracking":[{"Name":5}]}]})",
                                "Invoices[1].LineItems[0].Tracking[0].Name",
                                {}},
                      WrongType{R"("INV-0003")", "Invoices[1]", {"object"}}));

TEST(DecodeListTest, WrongIntegerIsRejectedNamingThePath) {
  Result<ListResponse<domain::Organisation>> list = DecodeList<domain::Organisation>(
      R"({"Organisations":[{"Name":"Demo","FinancialYearEndDay":31.5}]})");
  ASSERT_FALSE(list.ok());
  EXPECT_EQ(list.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(list.status().message(), HasSubstr("Organisations[0].FinancialYearEndDay"));
}

TEST(DecodeListTest, NullReadsAsAbsent) {
  Result<ListResponse<domain::Invoice>> list = DecodeList<domain::Invoice>(R"({"Invoices":[{
      "InvoiceNumber": null, "Contact": null, "LineItems": null, "Total": null, "Date": null,
      "Status": null, "SentToContact": null, "Payments": null, "Type": "ACCPAY"}]})");
  ASSERT_TRUE(list.ok()) << list.status();
  const domain::Invoice& inv = list->items.at(0).value;
  EXPECT_FALSE(inv.number.has_value());
  EXPECT_EQ(inv.contact, domain::Contact());
  EXPECT_THAT(inv.line_items, IsEmpty());
  EXPECT_THAT(inv.payments, IsEmpty());
  EXPECT_FALSE(inv.totals.total.has_value());
  EXPECT_FALSE(inv.date.has_value());
  EXPECT_FALSE(inv.status.has_value());
  EXPECT_FALSE(inv.sent_to_contact.has_value());
  EXPECT_EQ(inv.type, domain::InvoiceType::kAccPay);
  // A null member is a known member without a value, not an unknown one.
  EXPECT_THAT(list->unknown_fields, IsEmpty());
}

TEST(DecodeListTest, UnknownMembersAreReportedAndDecodingGoesOn) {
  Result<ListResponse<domain::Invoice>> list = DecodeList<domain::Invoice>(R"({
      "Id": "x", "SomethingNew": {"a": 1},
      "Invoices": [{"InvoiceNumber": "INV-7", "FavouriteColour": "teal",
                    "LineItems": [{"Description": "Widget", "Gizmo": 1}]}]})");
  ASSERT_TRUE(list.ok()) << list.status();
  EXPECT_EQ(list->items.at(0).value.number, "INV-7");
  ASSERT_EQ(list->items[0].value.line_items.size(), 1u);
  EXPECT_EQ(list->items[0].value.line_items[0].description, "Widget");
  EXPECT_THAT(list->unknown_fields, UnorderedElementsAre("Invoices[0].FavouriteColour",
                                                         "Invoices[0].LineItems[0].Gizmo"));
  EXPECT_THAT(list->skipped_fields, IsEmpty());
}

TEST(DecodeListTest, DeliberatelySkippedMembersAreNotUnknown) {
  Result<ListResponse<domain::Invoice>> list = DecodeList<domain::Invoice>(R"({"Invoices":[{
      "InvoiceNumber": "INV-8",
      "Date": "\/Date(1762041600000+0000)\/", "DateString": "2025-11-02T00:00:00",
      "HasAttachments": true,
      "Contact": {"Name": "Acme Ltd", "HasAttachments": false}}]})");
  ASSERT_TRUE(list.ok()) << list.status();
  EXPECT_THAT(list->skipped_fields,
              UnorderedElementsAre("Invoices[0].DateString", "Invoices[0].Contact.HasAttachments"));
  EXPECT_THAT(list->unknown_fields, IsEmpty());
  // The invoice's own HasAttachments is modelled; the contact's is not.
  EXPECT_EQ(list->items.at(0).value.has_attachments, true);
  EXPECT_EQ(list->items[0].value.date, Day("2025-11-02"));
  EXPECT_EQ(list->items[0].value.contact.name, "Acme Ltd");
}

TEST(DecodeListTest, MemberNamesMatchIgnoringCase) {
  Result<ListResponse<domain::Invoice>> list = DecodeList<domain::Invoice>(R"({"invoices":[{
      "invoiceNumber": "INV-9", "type": "accrec", "CONTACT": {"name": "Acme Ltd"},
      "lineItems": [{"unitAmount": 2.5, "quantity": 3}]}]})");
  ASSERT_TRUE(list.ok()) << list.status();
  const domain::Invoice& inv = list->items.at(0).value;
  EXPECT_EQ(inv.number, "INV-9");
  EXPECT_EQ(inv.type, domain::InvoiceType::kAccRec);
  EXPECT_EQ(inv.contact.name, "Acme Ltd");
  ASSERT_EQ(inv.line_items.size(), 1u);
  EXPECT_EQ(inv.line_items[0].unit_amount, D("2.5"));
  EXPECT_EQ(inv.line_items[0].quantity, D("3"));
  EXPECT_THAT(list->unknown_fields, IsEmpty());
}

TEST(DecodeListTest, AResponseWithoutThePluralArrayIsInvalid) {
  for (const char* body : {R"({"Id":"x","Status":"OK","Contacts":[]})",
                           R"({"Invoices":{"InvoiceNumber":"INV-1"}})", "{}", "[]"}) {
    Result<ListResponse<domain::Invoice>> list = DecodeList<domain::Invoice>(body);
    EXPECT_EQ(list.status().code(), StatusCode::kInvalidArgument) << body;
  }
  Result<ListResponse<domain::Invoice>> list =
      DecodeList<domain::Invoice>(R"({"Contacts":[{"Name":"Acme"}]})");
  EXPECT_THAT(list.status().message(), HasSubstr("Invoices"));
}

TEST(DecodeListTest, ABodyThatIsNotJsonIsInvalid) {
  for (const char* body :
       {"", "The resource you're looking for cannot be found",
        "<HTML><HEAD><TITLE>Service Unavailable</TITLE></HEAD><BODY>Service Unavailable - Zero "
        "size object</BODY></HTML>",
        R"({"Invoices":[{"InvoiceNumber":"INV-1"})", R"({"Invoices":[]} trailing)"}) {
    Result<ListResponse<domain::Invoice>> list = DecodeList<domain::Invoice>(body);
    EXPECT_EQ(list.status().code(), StatusCode::kInvalidArgument) << body;
  }
}

TEST(DecodeListTest, AnEnvelopeWithABadDateIsInvalid) {
  Result<ListResponse<domain::Invoice>> list =
      DecodeList<domain::Invoice>(R"({"DateTimeUTC":"yesterday","Invoices":[]})");
  EXPECT_EQ(list.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(list.status().message(), HasSubstr("DateTimeUTC"));
}

// ---- Error bodies ----

TEST(DecodeApiExceptionTest, ReadsXerosValidationExceptionWithNestedMessages) {
  // The shape of FACTS.md §4.1: each element is the submitted object echoed back.
  Result<ApiException> e = DecodeApiException(R"json({
    "ErrorNumber": 10,
    "Type": "ValidationException",
    "Message": "A validation exception occurred",
    "Elements": [
      {
        "Type": "ACCREC", "InvoiceNumber": "INV-0201", "HasErrors": true,
        "Contact": {"Name": "Old Customer", "HasValidationErrors": true,
                    "ValidationErrors": [{"Message": "The contact with the specified contact details has been archived. The contact must be un-archived before creating new invoices or credit notes."}]},
        "LineItems": [
          {"Description": "Fine", "AccountCode": "200", "ValidationErrors": []},
          {"Description": "Widget", "AccountCode": "999",
           "ValidationErrors": [{"Message": "Account code '999' is not a valid code for this document."}]}
        ],
        "ValidationErrors": [{"Message": "Invoice # must be unique."}]
      },
      {
        "AccountID": "00000000-0000-0000-0000-000000000000",
        "Code": "123456", "Name": "Foobar", "Type": "EXPENSE",
        "ValidationErrors": [{"Message": "Please enter a unique Name."}]
      },
      {"Type": "ACCREC", "InvoiceNumber": "INV-0202"},
      {
        "Invoice": {"InvoiceNumber": "INV-0101",
                    "Contact": {"Name": "Old Customer",
                                "ValidationErrors": [{"Message": "Contact Name cannot be empty."}]}},
        "Account": {"Code": "090"}, "Amount": 10.00,
        "ValidationErrors": [{"Message": "Payments can only be made against Authorised documents"}]
      }
    ]
  })json");
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->type, "ValidationException");
  EXPECT_EQ(e->error_number, 10);
  EXPECT_EQ(e->message, "A validation exception occurred");
  ASSERT_EQ(e->elements.size(), 4u);
  EXPECT_THAT(e->elements[0], UnorderedElementsAre(
                                  ValidationMessage{"", std::string(kDuplicateNumber)},
                                  ValidationMessage{"Contact", std::string(kArchivedContact)},
                                  ValidationMessage{"LineItems[1]", std::string(kBadAccountCode)}));
  EXPECT_THAT(e->elements[1], ElementsAre(ValidationMessage{"", "Please enter a unique Name."}));
  EXPECT_THAT(e->elements[2], IsEmpty());
  // Messages two levels down keep their whole path.
  EXPECT_THAT(e->elements[3],
              UnorderedElementsAre(
                  ValidationMessage{"", "Payments can only be made against Authorised documents"},
                  ValidationMessage{"Invoice.Contact", "Contact Name cannot be empty."}));
}

TEST(DecodeApiExceptionTest, ReadsAnExceptionWithoutElements) {
  Result<ApiException> e = DecodeApiException(
      R"({"ErrorNumber":14,"Type":"PostDataInvalidException","Message":"JSON request body could not be read"})");
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->type, "PostDataInvalidException");
  EXPECT_EQ(e->error_number, 14);
  EXPECT_EQ(e->message, "JSON request body could not be read");
  EXPECT_THAT(e->elements, IsEmpty());
}

TEST(DecodeApiExceptionTest, PlainTextAndHtmlBodiesAreNotExceptions) {
  // 404 answers in text/plain; proxies answer 503 in HTML (FACTS.md §4.2).
  for (const char* body : {"The resource you're looking for cannot be found",
                           "<HTML><HEAD><TITLE>Service Unavailable</TITLE></HEAD><BODY><H1>Service "
                           "Unavailable - Zero size object</H1></BODY></HTML>",
                           "The Organisation is offline", "", "null", "[]"}) {
    Result<ApiException> e = DecodeApiException(body);
    EXPECT_EQ(e.status().code(), StatusCode::kInvalidArgument) << body;
  }
}

TEST(DecodeApiExceptionTest, AProblemDetailsBodyIsNotAnApiException) {
  // "Type":null: a 401 answer is told apart from a 400 one by its shape.
  Result<ApiException> e = DecodeApiException(
      R"({"Type":null,"Title":"Unauthorized","Status":401,"Detail":"TokenExpired: token expired at 09/24/2021 08:23:47","Instance":"04115443-c574-4949-9cfa-102bdb03ca91","Extensions":{}})");
  EXPECT_EQ(e.status().code(), StatusCode::kInvalidArgument);
}

TEST(DecodeProblemDetailsTest, ReadsTheExpiredTokenAnswer) {
  Result<ProblemDetails> p = DecodeProblemDetails(
      R"({"Type":null,"Title":"Unauthorized","Status":401,"Detail":"TokenExpired: token expired at 09/24/2021 08:23:47","Instance":"04115443-c574-4949-9cfa-102bdb03ca91","Extensions":{}})");
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_FALSE(p->type.has_value());
  EXPECT_EQ(p->title, "Unauthorized");
  EXPECT_EQ(p->status, 401);
  EXPECT_EQ(p->detail, "TokenExpired: token expired at 09/24/2021 08:23:47");
  EXPECT_EQ(p->instance, "04115443-c574-4949-9cfa-102bdb03ca91");
}

TEST(DecodeProblemDetailsTest, ReadsTheForbiddenTenantAnswer) {
  Result<ProblemDetails> p = DecodeProblemDetails(
      R"({"Type":null,"Title":"Forbidden","Status":403,"Detail":"AuthenticationUnsuccessful","Instance":"10fa664c-61e3-453e-b7f4-c087cfc82401","Extensions":{}})");
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->title, "Forbidden");
  EXPECT_EQ(p->status, 403);
  EXPECT_EQ(p->detail, "AuthenticationUnsuccessful");
  EXPECT_EQ(p->instance, "10fa664c-61e3-453e-b7f4-c087cfc82401");
}

TEST(DecodeProblemDetailsTest, AnythingElseIsAnError) {
  for (const char* body :
       {"{}", R"({"Extensions":{}})", "The resource you're looking for cannot be found",
        "<html><title>Xero | Error 500</title></html>", ""}) {
    Result<ProblemDetails> p = DecodeProblemDetails(body);
    EXPECT_EQ(p.status().code(), StatusCode::kInvalidArgument) << body;
  }
}

// ---- Round trips: a snapshot decodes back to the same record ----

// Encodes `original` as a snapshot, sends it through JSON text, decodes it, and expects the same
// record with nothing unknown or skipped on the way.
template <typename T>
void ExpectRoundTrip(const T& original) {
  const std::string text = EncodeObject(original, EncodeMode::kSnapshot).Serialize();
  Result<Json> json = Json::Parse(text);
  ASSERT_TRUE(json.ok()) << json.status() << "\n" << text;
  DecodeContext report;
  Result<Element<T>> decoded = DecodeElement<T>(*json, "", &report);
  ASSERT_TRUE(decoded.ok()) << decoded.status() << "\n" << text;
  EXPECT_TRUE(decoded->value == original) << "the snapshot did not decode to the same record:\n"
                                          << json->SerializePretty();
  // And the decoded record encodes to the same snapshot.
  EXPECT_EQ(EncodeObject(decoded->value, EncodeMode::kSnapshot), *json);
  EXPECT_THAT(report.unknown_fields, IsEmpty());
  EXPECT_THAT(report.skipped_fields, IsEmpty());
  EXPECT_FALSE(decoded->failed());
}

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

TEST(RoundTripTest, ASnapshotOfADecodedXeroRecordLosesNothing) {
  // The other way round: a record as Xero sends it, decoded, written as a snapshot and read again.
  Result<ListResponse<domain::Invoice>> first = DecodeList<domain::Invoice>(kMixedResponse);
  ASSERT_TRUE(first.ok()) << first.status();
  for (const Element<domain::Invoice>& e : first->items) ExpectRoundTrip(e.value);
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
