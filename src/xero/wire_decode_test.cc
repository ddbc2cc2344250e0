// Decoding Xero's answers (wire.h): list responses with per-element outcomes, and error bodies.
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
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;
using namespace testing_util;  // NOLINT(google-build-using-namespace): test helpers

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

// A nested object that is not one, at each depth: the path names the element.
INSTANTIATE_TEST_SUITE_P(NestedElements, WrongTypeTest,
                         ::testing::Values(WrongType{R"({"LineItems":[{"Quantity":1},"oops"]})",
                                                     "Invoices[1].LineItems[1]",
                                                     {"object"}},
                                           WrongType{R"({"LineItems":[{"Tracking":[{},7]}]})",
                                                     "Invoices[1].LineItems[0].Tracking[1]",
                                                     {"object"}}));

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

TEST(DecodeListTest, FieldReportsNameNestedMembersByTheirFullPath) {
  Result<ListResponse<domain::Invoice>> list = DecodeList<domain::Invoice>(R"({"Invoices":[{},{
      "DueDateString": "2025-11-02T00:00:00", "Colour": "red",
      "Contact": {"Name": "Acme Ltd", "Website": "https://acme.example", "Mood": 3},
      "LineItems": [{"Description": "a"},
                    {"Description": "b", "Item": {"Code": "W"},
                     "Tracking": [{"Name": "Region", "Option": "North", "Colour": "blue"}]}]}]})");
  ASSERT_TRUE(list.ok()) << list.status();
  EXPECT_THAT(list->skipped_fields,
              UnorderedElementsAre("Invoices[1].DueDateString", "Invoices[1].Contact.Website",
                                   "Invoices[1].LineItems[1].Item"));
  EXPECT_THAT(list->unknown_fields,
              UnorderedElementsAre("Invoices[1].Colour", "Invoices[1].Contact.Mood",
                                   "Invoices[1].LineItems[1].Tracking[0].Colour"));
  EXPECT_EQ(list->items.at(1).value.line_items.at(1).tracking.at(0).option, "North");
}

TEST(DecodeListTest, AnObjectWithHundredsOfMembersIsReadWhole) {
  // Past the reader's inline room for its bookkeeping: the rest goes to the heap.
  std::string invoice = R"({"InvoiceNumber":"INV-9")";
  for (int i = 0; i < 300; ++i)
    invoice += ",\"Extra" + std::to_string(i) + "\":" + std::to_string(i);
  invoice += R"(,"Reference":"last"})";
  Result<ListResponse<domain::Invoice>> list =
      DecodeList<domain::Invoice>(R"({"Invoices":[)" + invoice + "]}");
  ASSERT_TRUE(list.ok()) << list.status();
  EXPECT_EQ(list->items.at(0).value.number, "INV-9");
  EXPECT_EQ(list->items[0].value.reference, "last");
  ASSERT_EQ(list->unknown_fields.size(), 300u);
  EXPECT_EQ(list->unknown_fields.front(), "Invoices[0].Extra0");
  EXPECT_EQ(list->unknown_fields.back(), "Invoices[0].Extra299");
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
       {"", "The resource you're looking for cannot be found", kHtml503,
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
  for (const char* body : {"The resource you're looking for cannot be found", kHtml503,
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

TEST(DecodeListTest, ASnapshotOfADecodedXeroRecordLosesNothing) {
  // The other way round: a record as Xero sends it, decoded, written as a snapshot and read again.
  Result<ListResponse<domain::Invoice>> first = DecodeList<domain::Invoice>(kMixedResponse);
  ASSERT_TRUE(first.ok()) << first.status();
  for (const Element<domain::Invoice>& e : first->items) ExpectRoundTrip(e.value);
}

}  // namespace
}  // namespace xerosync::xero
