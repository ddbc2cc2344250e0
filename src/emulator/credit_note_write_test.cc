// Credit notes and allocations through the API, in-process: creation, numbers and remaining
// credit, the allocation rules and messages, settlement of both documents, deleting an allocation,
// the reads, and the CREDITNOTE events' data.
#include "emulator/credit_note_write.h"

#include <chrono>

#include "emulator/document_test_fixture.h"

namespace xerosync::emulator {
namespace {

using testing::Api;
using ::testing::ElementsAre;
using testing::Messages;
using testing::Text;

constexpr char kOverAllocated[] =
    "Credit Note cannot be allocated as amount is greater than amount outstanding";

class CreditNoteWriteTest : public testing::DocumentTest {
 protected:
  // A credit note of `type` for demo contact `contact` of 1 × `amount` tax free, with `extra`.
  static std::string Note(const std::string& amount, const std::string& extra = "",
                          const std::string& type = "ACCRECCREDIT", int contact = 1) {
    const char* account = type == "ACCRECCREDIT" ? "200" : "429";
    return R"({"Type":")" + type + R"(","Contact":{"ContactID":")" + DemoContactId(1, contact) +
           R"("},"LineItems":[{"Description":"Refund","Quantity":1,"UnitAmount":)" + amount +
           R"(,"AccountCode":")" + account + R"(","TaxType":"NONE"}])" +
           (extra.empty() ? "" : "," + extra) + "}";
  }
  Json PutNote(const std::string& element) {
    return Written("PUT", "/CreditNotes", "CreditNotes", element);
  }
  std::string AuthorisedNote(const std::string& amount) {
    return Text(PutNote(Note(amount, R"("Status":"AUTHORISED")")), "CreditNoteID");
  }
  // An authorised sales invoice of 46.00 to ABC Furniture.
  std::string AuthorisedInvoice() {
    return Text(PutInvoice(SalesInvoice(R"("Status":"AUTHORISED")")), "InvoiceID");
  }
  static std::string Allocation(const std::string& invoice_id, const std::string& amount) {
    return R"({"Invoice":{"InvoiceID":")" + invoice_id + R"("},"Amount":)" + amount +
           R"(,"Date":"2026-01-02"})";
  }
  http::Response Allocate(const std::string& note_id, const std::string& allocation,
                          Api::Pairs query = {}) {
    return Write("PUT", "/CreditNotes/" + note_id + "/Allocations", "Allocations", allocation,
                 std::move(query));
  }
  Json AllocateOk(const std::string& note_id, const std::string& allocation) {
    return Written("PUT", "/CreditNotes/" + note_id + "/Allocations", "Allocations", allocation);
  }
  Json AllocateRefused(const std::string& note_id, const std::string& allocation) {
    return Refused("PUT", "/CreditNotes/" + note_id + "/Allocations", "Allocations", allocation);
  }
  Json GetNote(const std::string& id) {
    return Api::Body(api_.Get("/CreditNotes/" + id)).Find("CreditNotes")->AsArray().at(0);
  }
};

TEST_F(CreditNoteWriteTest, PutCreatesAuthorisedCreditNoteWithRemainingCredit) {
  const Json note = PutNote(Note("30", R"("Status":"AUTHORISED","Reference":"RMA 4")"));
  EXPECT_EQ(Text(note, "Type"), "ACCRECCREDIT");
  EXPECT_EQ(Text(note, "CreditNoteNumber"), "CN-0001");
  EXPECT_EQ(Text(note, "Status"), "AUTHORISED");
  EXPECT_EQ(Text(note, "Reference"), "RMA 4");
  EXPECT_EQ(Text(note, "Total"), "30.00");
  EXPECT_EQ(Text(note, "RemainingCredit"), "30.00");
  EXPECT_EQ(Text(*note.Find("Contact"), "Name"), "ABC Furniture");
  EXPECT_EQ(GetNote(Text(note, "CreditNoteID")), GetNote("CN-0001"));
  EXPECT_EQ(Text(PutNote(Note("5")), "CreditNoteNumber"), "CN-0002");
  EXPECT_THAT(Messages(Refused("PUT", "/CreditNotes", "CreditNotes",
                               Note("5", R"("CreditNoteNumber":"CN-0001")"))),
              ElementsAre("Credit Note # must be unique."));
}

TEST_F(CreditNoteWriteTest, UpdatesAndTheirMessages) {
  const std::string id = Text(PutNote(Note("30")), "CreditNoteID");
  const Json updated =
      Written("POST", "/CreditNotes/" + id, "CreditNotes", R"({"Status":"AUTHORISED"})");
  EXPECT_EQ(Text(updated, "Status"), "AUTHORISED");
  EXPECT_EQ(Text(updated, "RemainingCredit"), "30.00");
  EXPECT_THAT(
      Messages(Refused("POST", "/CreditNotes/" + id, "CreditNotes", R"({"Status":"DRAFT"})")),
      ElementsAre("Document not of valid status for modification"));
  EXPECT_THAT(
      Messages(
          Refused("POST", "/CreditNotes", "CreditNotes",
                  R"({"CreditNoteID":"7d6f0d6a-0000-4000-8000-000000000000","Reference":"x"})")),
      ElementsAre("An existing Credit Note with the specified CreditNoteID could not be found"));
}

TEST_F(CreditNoteWriteTest, AllocationSettlesBothDocuments) {
  const std::string invoice = AuthorisedInvoice();
  const std::string note = AuthorisedNote("30");
  const Json allocation = AllocateOk(note, Allocation(invoice, "10"));
  EXPECT_EQ(Text(allocation, "Amount"), "10.00");
  EXPECT_EQ(Text(allocation, "Date"), "/Date(1767312000000+0000)/");  // 2026-01-02
  EXPECT_EQ(Text(*allocation.Find("Invoice"), "InvoiceID"), invoice);
  EXPECT_EQ(Text(*allocation.Find("CreditNote"), "CreditNoteID"), note);
  EXPECT_EQ(Text(allocation, "AllocationID").size(), 36u);

  const Json partly = GetInvoice(invoice);
  EXPECT_EQ(Text(partly, "AmountDue"), "36.00");
  EXPECT_EQ(Text(partly, "AmountCredited"), "10.00");
  EXPECT_EQ(Text(partly, "Status"), "AUTHORISED");
  ASSERT_EQ(partly.Find("CreditNotes")->AsArray().size(), 1u);
  EXPECT_EQ(Text(partly.Find("CreditNotes")->AsArray()[0], "AppliedAmount"), "10.00");
  EXPECT_EQ(Text(GetNote(note), "RemainingCredit"), "20.00");
  EXPECT_EQ(GetNote(note).Find("Allocations")->AsArray().size(), 1u);

  // A second credit note pays the invoice off.
  const std::string second = AuthorisedNote("36");
  AllocateOk(second, Allocation(invoice, "36"));
  const Json paid = GetInvoice(invoice);
  EXPECT_EQ(Text(paid, "Status"), "PAID");
  EXPECT_EQ(Text(paid, "AmountDue"), "0.00");
  EXPECT_EQ(Text(paid, "AmountCredited"), "46.00");
  EXPECT_EQ(Text(paid, "FullyPaidOnDate"), "/Date(1767312000000+0000)/");
  EXPECT_EQ(Text(GetNote(second), "Status"), "PAID");
  EXPECT_EQ(Text(GetNote(second), "RemainingCredit"), "0.00");
}

TEST_F(CreditNoteWriteTest, OverAllocationIsRefused) {
  const std::string invoice = AuthorisedInvoice();
  const std::string note = AuthorisedNote("30");
  // More than the credit remaining.
  EXPECT_THAT(Messages(AllocateRefused(note, Allocation(invoice, "30.01"))),
              ElementsAre(kOverAllocated));
  // More than the invoice's amount due.
  const std::string big = AuthorisedNote("100");
  EXPECT_THAT(Messages(AllocateRefused(big, Allocation(invoice, "46.01"))),
              ElementsAre(kOverAllocated));
  // Nothing was settled by the refusals.
  EXPECT_EQ(Text(GetInvoice(invoice), "AmountDue"), "46.00");
}

TEST_F(CreditNoteWriteTest, AllocatingToAPaidInvoiceGivesBothMessages) {
  const std::string invoice = AuthorisedInvoice();
  AllocateOk(AuthorisedNote("46"), Allocation(invoice, "46"));
  const Json refused = AllocateRefused(AuthorisedNote("5"), Allocation(invoice, "5"));
  EXPECT_THAT(Messages(refused),
              ElementsAre("The invoice you are trying to allocate to has already been paid off",
                          kOverAllocated));
  EXPECT_EQ(refused.Find("HasValidationErrors")->AsBool(), true);
}

TEST_F(CreditNoteWriteTest, AllocationNeedsAuthorisedMatchingDocuments) {
  const std::string invoice = AuthorisedInvoice();
  const std::string draft = Text(PutNote(Note("10")), "CreditNoteID");
  EXPECT_THAT(Messages(AllocateRefused(draft, Allocation(invoice, "1"))),
              ElementsAre("Allocations can only be made from Authorised credit notes"));
  const std::string bill_credit =
      Text(PutNote(Note("10", R"("Status":"AUTHORISED")", "ACCPAYCREDIT")), "CreditNoteID");
  EXPECT_THAT(Messages(AllocateRefused(bill_credit, Allocation(invoice, "1"))),
              ElementsAre("The credit note and the invoice must be of the same contact, currency "
                          "and type."));
  const std::string other_contact =
      Text(PutNote(Note("10", R"("Status":"AUTHORISED")", "ACCRECCREDIT", 2)), "CreditNoteID");
  EXPECT_THAT(Messages(AllocateRefused(other_contact, Allocation(invoice, "1"))),
              ElementsAre("The credit note and the invoice must be of the same contact, currency "
                          "and type."));
  const std::string draft_invoice = Text(PutInvoice(SalesInvoice()), "InvoiceID");
  EXPECT_THAT(Messages(AllocateRefused(AuthorisedNote("5"), Allocation(draft_invoice, "1"))),
              ElementsAre("Allocations can only be made against Authorised documents"));
}

TEST_F(CreditNoteWriteTest, UnsummarisedAllocationsAnswerEachElement) {
  const std::string invoice = AuthorisedInvoice();
  const std::string note = AuthorisedNote("30");
  const http::Response r = api_.Send(
      "PUT", "/CreditNotes/" + note + "/Allocations",
      R"({"Allocations":[)" + Allocation(invoice, "5") + "," + Allocation(invoice, "99") + "]}",
      {{"summarizeErrors", "false"}});
  const Json answer = Api::Body(r);
  const Json::Array& items = answer.Find("Allocations")->AsArray();
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(Text(items[0], "StatusAttributeString"), "OK");
  EXPECT_EQ(Text(items[1], "StatusAttributeString"), "ERROR");
  EXPECT_THAT(Messages(items[1]), ElementsAre(kOverAllocated));
  EXPECT_EQ(Text(GetNote(note), "RemainingCredit"), "25.00");
}

TEST_F(CreditNoteWriteTest, DeletingAnAllocationUndoesIt) {
  const std::string invoice = AuthorisedInvoice();
  const std::string note = AuthorisedNote("46");
  const std::string allocation = Text(AllocateOk(note, Allocation(invoice, "46")), "AllocationID");
  EXPECT_EQ(Text(GetInvoice(invoice), "Status"), "PAID");
  const http::Response deleted =
      api_.Send("DELETE", "/CreditNotes/" + note + "/Allocations/" + allocation);
  const Json body = Api::Body(deleted);
  EXPECT_EQ(Text(body, "AllocationID"), allocation);
  EXPECT_TRUE(body.Find("IsDeleted")->AsBool());
  const Json restored = GetInvoice(invoice);
  EXPECT_EQ(Text(restored, "Status"), "AUTHORISED");
  EXPECT_EQ(Text(restored, "AmountDue"), "46.00");
  EXPECT_EQ(Text(restored, "AmountCredited"), "0.00");
  EXPECT_EQ(restored.Find("FullyPaidOnDate"), nullptr);
  EXPECT_EQ(Text(GetNote(note), "RemainingCredit"), "46.00");
  EXPECT_EQ(Text(GetNote(note), "Status"), "AUTHORISED");
  // Once undone, the invoice may be voided.
  EXPECT_EQ(
      Text(Written("POST", "/Invoices/" + invoice, "Invoices", R"({"Status":"VOIDED"})"), "Status"),
      "VOIDED");
  const http::Response again =
      api_.Send("DELETE", "/CreditNotes/" + note + "/Allocations/" + allocation);
  EXPECT_EQ(again.status, 404);
  EXPECT_EQ(again.body, "The resource you're looking for cannot be found");
}

TEST_F(CreditNoteWriteTest, ReadsFilterAndPage) {
  PutNote(Note("10", R"("Reference":"first")"));
  PutNote(Note("20", R"("Status":"AUTHORISED")", "ACCPAYCREDIT", 6));
  const auto count = [&](Api::Pairs query) {
    return Api::Body(api_.Get("/CreditNotes", std::move(query)))
        .Find("CreditNotes")
        ->AsArray()
        .size();
  };
  EXPECT_EQ(count({}), 2u);
  EXPECT_EQ(count({{"where", R"(Type=="ACCPAYCREDIT")"}}), 1u);
  EXPECT_EQ(count({{"where", R"(Reference=="first")"}}), 1u);
  EXPECT_EQ(count({{"where", R"(Contact.Name=="PowerDirect")"}}), 1u);
  const Json paged = Api::Body(api_.Get("/CreditNotes", {{"page", "1"}, {"pageSize", "1"}}));
  EXPECT_EQ(Text(*paged.Find("pagination"), "pageCount"), "2");
  EXPECT_EQ(paged.Find("CreditNotes")->AsArray()[0].Find("LineItems")->AsArray().size(), 1u);
  EXPECT_EQ(api_.Get("/CreditNotes/7d6f0d6a-0000-4000-8000-000000000000").status, 404);
}

TEST_F(CreditNoteWriteTest, AllocationsInALockedPeriodAreRefused) {
  const std::string invoice = AuthorisedInvoice();
  const std::string note = AuthorisedNote("10");
  WithState([](OrgState& s) {
    s.organisation.period_lock_date = std::chrono::sys_days{std::chrono::year{2026} / 1 / 1};
  });
  EXPECT_THAT(Messages(AllocateRefused(note, R"({"Invoice":{"InvoiceID":")" + invoice +
                                                 R"("},"Amount":1,"Date":"2026-01-01"})")),
              ElementsAre("The document date cannot be before the period lock date"));
  EXPECT_EQ(Text(AllocateOk(note, Allocation(invoice, "1")), "Amount"), "1.00");  // 2026-01-02
}

TEST_F(CreditNoteWriteTest, ListHonoursIfModifiedSince) {
  PutNote(Note("1"));
  clock_.Advance(std::chrono::minutes(10));
  const std::string later = Text(PutNote(Note("2")), "CreditNoteID");
  const Json body = Api::Body(
      api_.Send("GET", "/CreditNotes", "", {}, {{"If-Modified-Since", "2026-01-01T00:05:00Z"}}));
  ASSERT_EQ(body.Find("CreditNotes")->AsArray().size(), 1u);
  EXPECT_EQ(Text(body.Find("CreditNotes")->AsArray()[0], "CreditNoteID"), later);
}

TEST_F(CreditNoteWriteTest, CreditNoteEventsCarryTypeAndStatus) {
  OrgState state = DemoNzOrganisation();
  std::vector<ChangeEvent> events;
  RandomSource random(3);
  http::Request request;
  const std::string tenant(kDemoNzTenantId);
  const std::string no_path;
  WriteContext context{state,   tenant, clock_.Now(), WriteMethod::kPut,
                       no_path, random, events,       request};
  ASSERT_TRUE(
      WriteCreditNote(context, Json::Parse(Note("3", R"("Status":"AUTHORISED")")).value()).ok);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].category, "CREDITNOTE");
  EXPECT_EQ(events[0].type, "CREATE");
  EXPECT_EQ(events[0].data,
            Json::Parse(R"({"Type":"ACCRECCREDIT","Status":"AUTHORISED"})").value());
}

}  // namespace
}  // namespace xerosync::emulator
