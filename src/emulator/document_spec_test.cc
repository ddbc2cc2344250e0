// The invoice, credit note, allocation and line item answers checked against Xero's OpenAPI
// spec (shared/xero/openapi/xero_accounting.json): every member the emulator renders is a property
// of the spec's schema, or a member the spec's own examples show (DateString, DueDateString, ID,
// a line's ValidationErrors). Skipped with a message when the spec is not beside the repository.
#include <gmock/gmock.h>

#include <optional>
#include <set>

#include "emulator/document_test_fixture.h"

namespace xerosync::emulator {
namespace {

using testing::Text;

// Members the spec's examples use although its schemas do not list them.
const std::set<std::string> kExampleOnly = {"DateString", "DueDateString", "ID",
                                            "ValidationErrors"};

class DocumentSpecTest : public testing::DocumentTest {
 protected:
  void SetUp() override {
    std::optional<Json> spec = testing::LoadAccountingSpec();
    if (!spec) GTEST_SKIP() << "Xero's OpenAPI spec is not at " << testing::AccountingSpecPath();
    spec_ = std::move(*spec);
  }

  // Fails the test for each member of `object` that schema `name` does not have.
  void ExpectSchemaMembers(const Json& object, const std::string& name) {
    EXPECT_THAT(testing::MembersNotInSchema(spec_, object, name, kExampleOnly),
                ::testing::IsEmpty())
        << name;
  }

  Json spec_;
};

TEST_F(DocumentSpecTest, InvoiceCreditNoteAllocationAndLinesUseTheSpecsNames) {
  const std::string invoice_id = Text(
      PutInvoice(SalesInvoice(
          R"("Status":"AUTHORISED","Url":"https://example.com/i/1","LineItems":[{"Description":"x",
             "Quantity":1,"UnitAmount":46,"AccountCode":"200","DiscountRate":10,"TaxType":"NONE",
             "Tracking":[{"Name":"Region","Option":"North"}]}])")),
      "InvoiceID");
  const Json note =
      Written("PUT", "/CreditNotes", "CreditNotes",
              R"({"Type":"ACCRECCREDIT","Status":"AUTHORISED","Contact":{"ContactID":")" +
                  DemoContactId(1, 1) +
                  R"("},"LineItems":[{"Quantity":1,"UnitAmount":5,"AccountCode":"200"}]})");
  const std::string note_id = Text(note, "CreditNoteID");
  const Json allocation =
      Written("PUT", "/CreditNotes/" + note_id + "/Allocations", "Allocations",
              R"({"Invoice":{"InvoiceID":")" + invoice_id + R"("},"Amount":5})");
  ExpectSchemaMembers(allocation, "Allocation");
  ExpectSchemaMembers(*allocation.Find("Invoice"), "Invoice");
  ExpectSchemaMembers(*allocation.Find("CreditNote"), "CreditNote");

  const Json invoice = GetInvoice(invoice_id);
  ExpectSchemaMembers(invoice, "Invoice");
  ExpectSchemaMembers(*invoice.Find("Contact"), "Contact");
  const Json& line = invoice.Find("LineItems")->AsArray().at(0);
  ExpectSchemaMembers(line, "LineItem");
  ExpectSchemaMembers(line.Find("Tracking")->AsArray().at(0), "LineItemTracking");
  ExpectSchemaMembers(invoice.Find("CreditNotes")->AsArray().at(0), "CreditNote");

  const Json read_note =
      testing::Api::Body(api_.Get("/CreditNotes/" + note_id)).Find("CreditNotes")->AsArray()[0];
  ExpectSchemaMembers(read_note, "CreditNote");
  ExpectSchemaMembers(read_note.Find("Allocations")->AsArray().at(0), "Allocation");
}

}  // namespace
}  // namespace xerosync::emulator
