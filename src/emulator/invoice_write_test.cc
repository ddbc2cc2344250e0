// Invoices through the API, in-process: creation and Xero's figures, each rule with its verbatim
// message on the element, status moves, settled invoices, lock dates, batches, and the reads.
#include "emulator/invoice_write.h"

#include <chrono>

#include "emulator/document_test_fixture.h"

namespace xerosync::emulator {
namespace {

using testing::Api;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using testing::Messages;
using testing::Text;

constexpr char kMustSpecifyAccount[] = "Account code must be specified";

class InvoiceWriteTest : public testing::DocumentTest {
 protected:
  // POST /Invoices/{id} with `element`.
  http::Response Post(const std::string& id, const std::string& element) {
    return Write("POST", "/Invoices/" + id, "Invoices", element);
  }
  Json PostOk(const std::string& id, const std::string& element) {
    return Written("POST", "/Invoices/" + id, "Invoices", element);
  }
  Json PostRefused(const std::string& id, const std::string& element) {
    return Refused("POST", "/Invoices/" + id, "Invoices", element);
  }
  // A credit note of `amount` (tax free) to ABC Furniture, authorised, allocated to `invoice_id`.
  void Allocate(const std::string& invoice_id, const std::string& amount) {
    const Json note =
        Written("PUT", "/CreditNotes", "CreditNotes",
                R"({"Type":"ACCRECCREDIT","Status":"AUTHORISED","Contact":{"ContactID":")" +
                    DemoContactId(1, 1) + R"("},"LineItems":[{"Quantity":1,"UnitAmount":)" +
                    amount + R"(,"AccountCode":"200","TaxType":"NONE"}]})");
    Written("PUT", "/CreditNotes/" + Text(note, "CreditNoteID") + "/Allocations", "Allocations",
            R"({"Invoice":{"InvoiceID":")" + invoice_id + R"("},"Amount":)" + amount +
                R"(,"Date":"2026-01-02"})");
  }
};

TEST_F(InvoiceWriteTest, PutCreatesAnAuthorisedSalesInvoiceWithXerosFigures) {
  const Json invoice = PutInvoice(SalesInvoice(R"("Status":"AUTHORISED","Reference":"PO 7")"));
  EXPECT_EQ(Text(invoice, "StatusAttributeString"), "OK");
  EXPECT_EQ(Text(invoice, "Type"), "ACCREC");
  EXPECT_EQ(Text(invoice, "InvoiceNumber"), "INV-0001");
  EXPECT_EQ(Text(invoice, "Reference"), "PO 7");
  EXPECT_EQ(Text(invoice, "Status"), "AUTHORISED");
  EXPECT_EQ(Text(invoice, "SubTotal"), "40.00");
  EXPECT_EQ(Text(invoice, "TotalTax"), "6.00");
  EXPECT_EQ(Text(invoice, "Total"), "46.00");
  EXPECT_EQ(Text(invoice, "AmountDue"), "46.00");
  EXPECT_EQ(Text(invoice, "AmountPaid"), "0.00");
  EXPECT_EQ(Text(invoice, "CurrencyCode"), "NZD");
  EXPECT_EQ(Text(invoice, "CurrencyRate"), "1.000000");
  EXPECT_EQ(Text(invoice, "LineAmountTypes"), "Exclusive");
  EXPECT_EQ(Text(invoice, "Date"), "/Date(1767225600000+0000)/");  // today: 2026-01-01
  EXPECT_EQ(Text(invoice, "DateString"), "2026-01-01T00:00:00");
  EXPECT_EQ(Text(invoice, "DueDateString"), "2026-01-31T00:00:00");
  EXPECT_EQ(Text(*invoice.Find("Contact"), "Name"), "ABC Furniture");
  EXPECT_EQ(invoice.Find("HasErrors")->AsBool(), false);
  const Json& line = invoice.Find("LineItems")->AsArray().at(0);
  EXPECT_EQ(Text(line, "Quantity"), "2.0000");
  EXPECT_EQ(Text(line, "TaxType"), "OUTPUT2");
  const std::string id = Text(invoice, "InvoiceID");
  EXPECT_EQ(GetInvoice(id), GetInvoice("INV-0001"));
  EXPECT_EQ(Text(GetInvoice(id), "Total"), "46.00");
}

TEST_F(InvoiceWriteTest, NumbersFollowOnAndSalesNumbersAreUnique) {
  EXPECT_EQ(Text(PutInvoice(SalesInvoice()), "InvoiceNumber"), "INV-0001");
  EXPECT_EQ(Text(PutInvoice(SalesInvoice(R"("InvoiceNumber":"INV-0041")")), "InvoiceNumber"),
            "INV-0041");
  EXPECT_EQ(Text(PutInvoice(SalesInvoice()), "InvoiceNumber"), "INV-0042");
  EXPECT_THAT(Messages(RefusedInvoice(SalesInvoice(R"("InvoiceNumber":"INV-0041")"))),
              ElementsAre("Invoice # must be unique."));
  // Bills' numbers are the supplier's: they may repeat.
  const std::string bill = R"({"Type":"ACCPAY","InvoiceNumber":"SUP-9","Contact":{"ContactID":")" +
                           DemoContactId(1, 6) +
                           R"("},"LineItems":[{"Quantity":1,"UnitAmount":5,"AccountCode":"429"}]})";
  PutInvoice(bill);
  EXPECT_EQ(Text(PutInvoice(bill), "InvoiceNumber"), "SUP-9");
}

TEST_F(InvoiceWriteTest, DraftsMayOmitAccountsButAuthorisingNeedsThem) {
  const std::string no_account =
      R"("LineItems":[{"Description":"Consulting","Quantity":1,"UnitAmount":100}])";
  const Json draft =
      PutInvoice(R"({"Type":"ACCREC","Contact":{"Name":"ABC Furniture"},)" + no_account + "}");
  EXPECT_EQ(Text(draft, "Status"), "DRAFT");
  const Json refused =
      RefusedInvoice(R"({"Type":"ACCREC","Status":"AUTHORISED","DueDate":"2026-02-01",
      "Contact":{"Name":"ABC Furniture"},)" +
                     no_account + "}");
  EXPECT_THAT(Messages(refused), ElementsAre(kMustSpecifyAccount));
  EXPECT_EQ(refused.Find("HasErrors")->AsBool(), true);
  EXPECT_EQ(Text(refused, "StatusAttributeString"), "ERROR");
  // Authorising the draft later checks its stored lines too.
  EXPECT_THAT(Messages(PostRefused(Text(draft, "InvoiceID"),
                                   R"({"Status":"AUTHORISED","DueDate":"2026-02-01"})")),
              ElementsAre(kMustSpecifyAccount));
}

TEST_F(InvoiceWriteTest, LineProblemsAreReportedOnTheInvoiceElement) {
  const Json refused = RefusedInvoice(
      R"({"Type":"ACCREC","Contact":{"Name":"ABC Furniture"},"LineItems":[
          {"Quantity":1,"UnitAmount":1,"AccountCode":"999"},
          {"Quantity":1,"UnitAmount":1,"AccountCode":"200","TaxType":"INPUT2"}]})");
  EXPECT_THAT(Messages(refused),
              ElementsAre("Account code '999' is not a valid code for this document.",
                          "The TaxType code 'INPUT2' cannot be used with account code '200'."));
}

TEST_F(InvoiceWriteTest, DueDateIsNeededToAuthorise) {
  const std::string element =
      R"({"Type":"ACCREC","Status":"AUTHORISED","Contact":{"Name":"ABC Furniture"},
          "LineItems":[{"Quantity":1,"UnitAmount":1,"AccountCode":"200"}]})";
  EXPECT_THAT(Messages(RefusedInvoice(element)), ElementsAre("Due date cannot be empty."));
}

TEST_F(InvoiceWriteTest, CurrencyMustBeSubscribed) {
  EXPECT_THAT(Messages(RefusedInvoice(SalesInvoice(R"("CurrencyCode":"EUR")"))),
              ElementsAre("Organisation is not subscribed to currency EUR"));
  const Json usd = PutInvoice(SalesInvoice(R"("CurrencyCode":"usd","CurrencyRate":0.6)"));
  EXPECT_EQ(Text(usd, "CurrencyCode"), "USD");
  EXPECT_EQ(Text(usd, "CurrencyRate"), "0.600000");
}

TEST_F(InvoiceWriteTest, ArchivedContactIsRefused) {
  const std::string element =
      R"({"Type":"ACCPAY","Contact":{"ContactID":")" + DemoContactId(1, 8) +
      R"("},"LineItems":[{"Quantity":1,"UnitAmount":1,"AccountCode":"429"}]})";
  EXPECT_THAT(Messages(RefusedInvoice(element)),
              ElementsAre("The contact with the specified contact details has been archived. The "
                          "contact must be un-archived before creating new invoices or credit "
                          "notes."));
}

TEST_F(InvoiceWriteTest, TheContactMustBeIdentified) {
  const std::string lines = R"("LineItems":[{"Description":"x"}])";
  EXPECT_THAT(Messages(RefusedInvoice(R"({"Type":"ACCREC",)" + lines + "}")),
              ElementsAre("The Contact must contain at least 1 of the following elements to "
                          "identify the contact: Name, ContactID, ContactNumber"));
  EXPECT_THAT(Messages(RefusedInvoice(R"({"Type":"ACCREC","Contact":{"ContactNumber":"NOPE"},)" +
                                      lines + "}")),
              ElementsAre("Contact Name cannot be empty."));
  const Json by_number =
      PutInvoice(R"({"Type":"ACCREC","Contact":{"ContactNumber":"CUST-002"},)" + lines + "}");
  EXPECT_EQ(Text(*by_number.Find("Contact"), "Name"), "Bayside Club");
}

TEST_F(InvoiceWriteTest, ApprovedZeroInvoiceIsPaidAtOnce) {
  const Json zero = PutInvoice(SalesInvoice(
      R"("Status":"AUTHORISED","LineItems":[{"Description":"No charge","Quantity":1,"UnitAmount":0,
         "AccountCode":"200"}])"));
  EXPECT_EQ(Text(zero, "Status"), "PAID");
  EXPECT_EQ(Text(zero, "Total"), "0.00");
  EXPECT_EQ(Text(zero, "FullyPaidOnDate"), "/Date(1767225600000+0000)/");
}

TEST_F(InvoiceWriteTest, NegativeTotalAndNegativeQuantity) {
  EXPECT_THAT(
      Messages(RefusedInvoice(
          R"({"Type":"ACCREC","Contact":{"Name":"ABC Furniture"},"LineItems":[
              {"Quantity":-1,"UnitAmount":10,"AccountCode":"200"}]})")),
      ElementsAre("The quantity value '-1.0000' is invalid. Quantity must not be less than zero.",
                  "The Total for this document must be greater than or equal to zero."));
}

TEST_F(InvoiceWriteTest, StatusMovesAsXeroAllows) {
  const std::string id = Text(PutInvoice(SalesInvoice()), "InvoiceID");
  EXPECT_EQ(Text(PostOk(id, R"({"Status":"SUBMITTED"})"), "Status"), "SUBMITTED");
  EXPECT_EQ(Text(PostOk(id, R"({"Status":"AUTHORISED"})"), "Status"), "AUTHORISED");
  EXPECT_THAT(Messages(PostRefused(id, R"({"Status":"DELETED"})")),
              ElementsAre("Invoice not of valid status for modification"));
  const Json voided = PostOk(id, R"({"Status":"VOIDED"})");
  EXPECT_EQ(Text(voided, "Status"), "VOIDED");
  EXPECT_EQ(Text(voided, "AmountDue"), "0.00");
  EXPECT_THAT(Messages(PostRefused(id, R"({"Reference":"late"})")),
              ElementsAre("Invoice not of valid status for modification"));

  const std::string draft = Text(PutInvoice(SalesInvoice()), "InvoiceID");
  EXPECT_EQ(Text(PostOk(draft, R"({"Status":"DELETED"})"), "Status"), "DELETED");
  EXPECT_THAT(Messages(PostRefused(draft, R"({"Status":"DRAFT"})")),
              ElementsAre("Invoice not of valid status for modification"));
}

TEST_F(InvoiceWriteTest, PostUpdatesTheDraftsLinesAndFigures) {
  const std::string id = Text(PutInvoice(SalesInvoice()), "InvoiceID");
  const Json updated = PostOk(id, R"({"LineAmountTypes":"Inclusive","Reference":"R2"})");
  EXPECT_EQ(Text(updated, "Total"), "40.00");
  EXPECT_EQ(Text(updated, "TotalTax"), "5.22");  // 40 × 15/115
  EXPECT_EQ(Text(updated, "Reference"), "R2");
  const Json relined =
      PostOk(id, R"({"LineItems":[{"Quantity":3,"UnitAmount":10,"AccountCode":"200"}]})");
  EXPECT_EQ(Text(relined, "Total"), "30.00");
  EXPECT_EQ(relined.Find("LineItems")->AsArray().size(), 1u);
  // POST /Invoices naming the invoice by its number updates it too.
  const Json by_number =
      Written("POST", "/Invoices", "Invoices", R"({"InvoiceNumber":"INV-0001","Reference":"R3"})");
  EXPECT_EQ(Text(by_number, "InvoiceID"), id);
  EXPECT_EQ(Text(GetInvoice(id), "Reference"), "R3");
}

TEST_F(InvoiceWriteTest, UnknownInvoiceIdOnUpdate) {
  EXPECT_THAT(Messages(PostRefused("7d6f0d6a-0000-4000-8000-000000000000", R"({"Reference":"x"})")),
              ElementsAre("An existing Invoice with the specified InvoiceID could not be found"));
}

TEST_F(InvoiceWriteTest, SettledInvoiceKeepsItsFiguresAndDateAndCannotBeVoided) {
  const std::string id = Text(PutInvoice(SalesInvoice(R"("Status":"AUTHORISED")")), "InvoiceID");
  Allocate(id, "10");
  EXPECT_EQ(Text(GetInvoice(id), "AmountDue"), "36.00");
  EXPECT_THAT(Messages(PostRefused(id, R"({"Status":"VOIDED"})")),
              ElementsAre("The status VOIDED cannot be applied to the invoice because it has "
                          "payments or credit notes allocated to it."));
  EXPECT_THAT(Messages(PostRefused(
                  id, R"({"LineItems":[{"Quantity":3,"UnitAmount":20,"AccountCode":"200"}]})")),
              ElementsAre("This document cannot be edited as it has a payment or credit note "
                          "allocated to it."));
  EXPECT_THAT(Messages(PostRefused(id, R"({"Date":"2026-01-05"})")),
              ElementsAre("Date cannot be changed on an invoice that has payment or credit notes "
                          "allocated to it."));
  // What does not touch the figures may still change.
  EXPECT_EQ(Text(PostOk(id, R"({"Reference":"kept"})"), "Reference"), "kept");
}

TEST_F(InvoiceWriteTest, LockDatesStopAuthorisedDocumentsButNotDrafts) {
  using std::chrono::sys_days;
  WithState([](OrgState& s) {
    s.organisation.end_of_year_lock_date = sys_days{std::chrono::year{2025} / 9 / 30};
    s.organisation.period_lock_date = sys_days{std::chrono::year{2025} / 12 / 31};
  });
  EXPECT_THAT(
      Messages(RefusedInvoice(SalesInvoice(R"("Status":"AUTHORISED","Date":"2025-09-30")"))),
      ElementsAre("The document date cannot be before the end of year lock date, "
                  "currently set at 30-Sep-2025"));
  EXPECT_THAT(
      Messages(RefusedInvoice(SalesInvoice(R"("Status":"AUTHORISED","Date":"2025-12-31")"))),
      ElementsAre("The document date cannot be before the period lock date"));
  EXPECT_EQ(Text(PutInvoice(SalesInvoice(R"("Date":"2025-12-01")")), "Status"), "DRAFT");
  EXPECT_EQ(
      Text(PutInvoice(SalesInvoice(R"("Status":"AUTHORISED","Date":"2026-01-01")")), "Status"),
      "AUTHORISED");
}

TEST_F(InvoiceWriteTest, SummarisedBatchWritesTheGoodElementAndAnswers400) {
  const std::string body = R"({"Invoices":[)" + SalesInvoice(R"("Reference":"good")") + "," +
                           SalesInvoice(R"("CurrencyCode":"EUR")") + "]}";
  const Json refused = Api::Body(api_.Send("PUT", "/Invoices", body), 400);
  ASSERT_EQ(refused.Find("Elements")->AsArray().size(), 1u);
  EXPECT_THAT(Messages(refused.Find("Elements")->AsArray()[0]),
              ElementsAre("Organisation is not subscribed to currency EUR"));
  const Json list = Api::Body(api_.Get("/Invoices", {{"where", R"(Reference=="good")"}}));
  EXPECT_EQ(list.Find("Invoices")->AsArray().size(), 1u);
}

TEST_F(InvoiceWriteTest, UnsummarisedBatchAnswersEveryElement) {
  const std::string body =
      R"({"Invoices":[)" + SalesInvoice() + "," + SalesInvoice(R"("CurrencyCode":"EUR")") + "]}";
  const Json answer =
      Api::Body(api_.Send("PUT", "/Invoices", body, {{"summarizeErrors", "false"}}));
  const Json::Array& items = answer.Find("Invoices")->AsArray();
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(Text(items[0], "StatusAttributeString"), "OK");
  EXPECT_EQ(Text(items[1], "StatusAttributeString"), "ERROR");
  EXPECT_EQ(items[1].Find("HasErrors")->AsBool(), true);
  EXPECT_THAT(Messages(items[1]), ElementsAre("Organisation is not subscribed to currency EUR"));
}

TEST_F(InvoiceWriteTest, ContactsBecomeCustomersWhenInvoiced) {
  PutInvoice(R"({"Type":"ACCPAY","Status":"AUTHORISED","DueDate":"2026-02-01",
      "Contact":{"ContactID":")" +
             DemoContactId(1, 1) +
             R"("},"LineItems":[{"Quantity":1,"UnitAmount":5,"AccountCode":"429"}]})");
  const Json contact =
      Api::Body(api_.Get("/Contacts/" + DemoContactId(1, 1))).Find("Contacts")->AsArray()[0];
  EXPECT_TRUE(contact.Find("IsSupplier")->AsBool());
}

TEST_F(InvoiceWriteTest, ANewContactNamedOnTheInvoiceIsCreatedWithIt) {
  const Json invoice = PutInvoice(
      R"({"Type":"ACCREC","Contact":{"Name":"Brand New Ltd"},"LineItems":[{"Description":"x"}]})");
  const Json contacts = Api::Body(api_.Get("/Contacts", {{"where", R"(Name=="Brand New Ltd")"}}));
  ASSERT_EQ(contacts.Find("Contacts")->AsArray().size(), 1u);
  EXPECT_EQ(Text(contacts.Find("Contacts")->AsArray()[0], "ContactID"),
            Text(*invoice.Find("Contact"), "ContactID"));
}

TEST_F(InvoiceWriteTest, ReadsFilterPageAndHonourIfModifiedSince) {
  const std::string first = Text(PutInvoice(SalesInvoice()), "InvoiceID");
  clock_.Advance(std::chrono::minutes(20));
  PutInvoice(R"({"Type":"ACCPAY","Status":"SUBMITTED","Contact":{"ContactID":")" +
             DemoContactId(1, 6) +
             R"("},"LineItems":[{"Quantity":1,"UnitAmount":5,"AccountCode":"429"}]})");
  PutInvoice(SalesInvoice(R"("Status":"AUTHORISED")"));
  const auto count = [&](Api::Pairs query) {
    const Json body = Api::Body(api_.Get("/Invoices", std::move(query)));
    return body.Find("Invoices")->AsArray().size();
  };
  EXPECT_EQ(count({}), 3u);
  EXPECT_EQ(count({{"where", R"(Type=="ACCPAY")"}}), 1u);
  EXPECT_EQ(count({{"where", R"(Contact.ContactID==GUID(")" + DemoContactId(1, 1) + R"("))"}}), 2u);
  EXPECT_EQ(count({{"where", R"(Contact.Name=="PowerDirect" AND Status=="SUBMITTED")"}}), 1u);
  EXPECT_EQ(count({{"where", R"(Contact.Name.StartsWith("power"))"}}), 1u);
  EXPECT_EQ(count({{"Statuses", "DRAFT,AUTHORISED"}}), 2u);
  EXPECT_EQ(count({{"InvoiceNumbers", "INV-0002"}}), 1u);
  EXPECT_EQ(count({{"IDs", first}}), 1u);
  EXPECT_EQ(count({{"ContactIDs", DemoContactId(1, 6)}}), 1u);

  http::Response since =
      api_.Send("GET", "/Invoices", "", {}, {{"If-Modified-Since", "2026-01-01T00:10:00"}});
  EXPECT_EQ(Api::Body(since).Find("Invoices")->AsArray().size(), 2u);

  const Json paged = Api::Body(api_.Get("/Invoices", {{"page", "2"}, {"pageSize", "2"}}));
  EXPECT_EQ(Text(*paged.Find("pagination"), "itemCount"), "3");
  ASSERT_EQ(paged.Find("Invoices")->AsArray().size(), 1u);
  EXPECT_EQ(paged.Find("Invoices")->AsArray()[0].Find("LineItems")->AsArray().size(), 1u);
  // Without paging Xero leaves the lines out of lists.
  const Json unpaged = Api::Body(api_.Get("/Invoices"));
  EXPECT_THAT(unpaged.Find("Invoices")->AsArray()[0].Find("LineItems")->AsArray(), IsEmpty());

  const http::Response bad = api_.Get("/Invoices", {{"where", R"(Colour=="red")"}});
  EXPECT_EQ(bad.status, 400);
  const http::Response unknown = api_.Get("/Invoices/7d6f0d6a-0000-4000-8000-000000000000");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.body, "The resource you're looking for cannot be found");
}

TEST_F(InvoiceWriteTest, ListsAreOrderedAsAsked) {
  PutInvoice(SalesInvoice(R"("Reference":"b")"));
  clock_.Advance(std::chrono::minutes(1));
  PutInvoice(SalesInvoice(
      R"("Reference":"a","LineItems":[{"Quantity":9,"UnitAmount":20,"AccountCode":"200"}])"));
  clock_.Advance(std::chrono::minutes(1));
  PutInvoice(SalesInvoice(R"("Reference":"c","Date":"2025-12-01")"));
  const auto references = [&](const std::string& order) {
    std::vector<std::string> out;
    const Json body = Api::Body(api_.Get("/Invoices", {{"order", order}}));
    for (const Json& i : body.Find("Invoices")->AsArray()) out.push_back(Text(i, "Reference"));
    return out;
  };
  EXPECT_THAT(references("UpdatedDateUTC DESC"), ElementsAre("c", "a", "b"));
  EXPECT_THAT(references("Total DESC"), ElementsAre("a", "b", "c"));
  EXPECT_THAT(references("Date"), ElementsAre("c", "b", "a"));
  EXPECT_THAT(references("Reference ASC"), ElementsAre("a", "b", "c"));
  const http::Response unknown = api_.Get("/Invoices", {{"order", "Colour"}});
  EXPECT_EQ(unknown.status, 400);
  EXPECT_THAT(unknown.body, ::testing::HasSubstr("No property or field 'Colour'"));
}

TEST_F(InvoiceWriteTest, ScopesAreChecked) {
  testing::Api contacts_only(emulator_, testing::ConnectDemoApp(emulator_, "accounting.contacts"),
                             std::string(kDemoNzTenantId));
  EXPECT_EQ(contacts_only.Get("/Invoices").status, 401);
  EXPECT_EQ(contacts_only.Send("PUT", "/Invoices", R"({"Invoices":[]})").status, 401);
  testing::Api granular(emulator_, testing::ConnectDemoApp(emulator_, "accounting.invoices"),
                        std::string(kDemoNzTenantId));
  EXPECT_EQ(granular.Send("PUT", "/Invoices", R"({"Invoices":[)" + SalesInvoice() + "]}").status,
            200);
  testing::Api reader(emulator_, testing::ConnectDemoApp(emulator_, "accounting.transactions.read"),
                      std::string(kDemoNzTenantId));
  EXPECT_EQ(reader.Get("/Invoices").status, 200);
}

TEST_F(InvoiceWriteTest, WriterReportsCreateAndUpdateEvents) {
  OrgState state = DemoNzOrganisation();
  std::vector<ChangeEvent> events;
  RandomSource random(3);
  http::Request request;
  const std::string tenant(kDemoNzTenantId);
  const std::string no_path;
  WriteContext create{state,   tenant, clock_.Now(), WriteMethod::kPut,
                      no_path, random, events,       request};
  const ElementResult created = WriteInvoice(create, Json::Parse(SalesInvoice()).value());
  ASSERT_TRUE(created.ok) << created.element.Serialize();
  const std::string id = Text(created.element, "InvoiceID");
  WriteContext update{state, tenant, clock_.Now(), WriteMethod::kPost, id, random, events, request};
  ASSERT_TRUE(WriteInvoice(update, Json::Parse(R"({"Reference":"x"})").value()).ok);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].category, "INVOICE");
  EXPECT_EQ(events[0].type, "CREATE");
  EXPECT_EQ(events[0].resource_id, id);
  EXPECT_EQ(events[1].type, "UPDATE");
  // A refused element changes nothing and reports nothing.
  const ElementResult refused =
      WriteInvoice(create, Json::Parse(SalesInvoice(R"("CurrencyCode":"EUR")")).value());
  EXPECT_FALSE(refused.ok);
  EXPECT_EQ(events.size(), 2u);
  EXPECT_EQ(state.invoices.size(), 1u);
}

}  // namespace
}  // namespace xerosync::emulator
