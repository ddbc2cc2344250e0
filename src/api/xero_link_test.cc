// The Xero links of documents (api/xero_link.h): Xero's deep link per kind against Xero, the
// emulator's read endpoint against any other API base, none without a Xero id.
#include "api/xero_link.h"

#include <gtest/gtest.h>

#include <string>

namespace xerosync::api {
namespace {

using store::DocumentKind;

constexpr const char* kId = "1cf1a11c-a067-4a05-9c8b-06f281f7afed";
constexpr const char* kGoXero =
    "https://go.xero.com/organisationlogin/default.aspx?shortcode=!xkcD";

store::Document InXero(DocumentKind kind, std::string payload = "{}") {
  store::Document document;
  document.kind = kind;
  document.host_id = "H-1";
  document.payload = std::move(payload);
  document.xero_id = kId;
  return document;
}

std::string Link(std::string_view base, const store::Document& document,
                 std::string_view short_code = "!xkcD") {
  return XeroUrl(base, short_code, document).value_or("<none>");
}

TEST(XeroLinkTest, AgainstXeroEachKindOpensItsPageInTheOrganisation) {
  const std::string id = kId;
  EXPECT_EQ(Link(kXeroApiBase, InXero(DocumentKind::kContact)),
            kGoXero + std::string("&redirecturl=/Contacts/View/") + id);
  EXPECT_EQ(Link(kXeroApiBase, InXero(DocumentKind::kInvoice)),
            kGoXero + std::string("&redirecturl=/AccountsReceivable/View.aspx?InvoiceID=") + id);
  EXPECT_EQ(Link(kXeroApiBase, InXero(DocumentKind::kBill)),
            kGoXero + std::string("&redirecturl=/AccountsPayable/Edit.aspx?InvoiceID=") + id);
  EXPECT_EQ(Link(kXeroApiBase, InXero(DocumentKind::kCreditNote, R"({"Type":"ACCRECCREDIT"})")),
            kGoXero +
                std::string("&redirecturl=/AccountsReceivable/ViewCreditNote.aspx?creditNoteID=") +
                id);
  EXPECT_EQ(Link(kXeroApiBase, InXero(DocumentKind::kCreditNote, R"({"Type":"ACCPAYCREDIT"})")),
            kGoXero +
                std::string("&redirecturl=/AccountsPayable/ViewCreditNote.aspx?creditNoteID=") +
                id);
  EXPECT_EQ(
      Link(kXeroApiBase, InXero(DocumentKind::kPayment)),
      kGoXero + std::string("&redirecturl=/Bank/ViewTransaction.aspx?bankTransactionID=") + id);
  EXPECT_EQ(
      Link(kXeroApiBase, InXero(DocumentKind::kExpense)),
      kGoXero + std::string("&redirecturl=/Bank/ViewTransaction.aspx?bankTransactionID=") + id);
  // Xero shows an allocation on its credit note; it has no page of its own.
  EXPECT_EQ(Link(kXeroApiBase, InXero(DocumentKind::kAllocation)), "<none>");
  // A trailing slash on the base is still Xero.
  EXPECT_EQ(Link("https://api.xero.com/", InXero(DocumentKind::kContact)),
            kGoXero + std::string("&redirecturl=/Contacts/View/") + id);
}

TEST(XeroLinkTest, AgainstTheEmulatorEachKindOpensItsReadEndpoint) {
  const std::string base = "http://127.0.0.1:8765";
  const std::string id = kId;
  EXPECT_EQ(Link(base, InXero(DocumentKind::kContact)), base + "/api.xro/2.0/Contacts/" + id);
  EXPECT_EQ(Link(base, InXero(DocumentKind::kInvoice)), base + "/api.xro/2.0/Invoices/" + id);
  EXPECT_EQ(Link(base, InXero(DocumentKind::kBill)), base + "/api.xro/2.0/Invoices/" + id);
  EXPECT_EQ(Link(base, InXero(DocumentKind::kCreditNote)), base + "/api.xro/2.0/CreditNotes/" + id);
  EXPECT_EQ(Link(base, InXero(DocumentKind::kPayment)), base + "/api.xro/2.0/Payments/" + id);
  EXPECT_EQ(Link(base, InXero(DocumentKind::kExpense)),
            base + "/api.xro/2.0/BankTransactions/" + id);
  EXPECT_EQ(Link(base, InXero(DocumentKind::kAllocation)), "<none>");
  // The emulator needs no ShortCode.
  EXPECT_EQ(Link(base + "/", InXero(DocumentKind::kContact), ""),
            base + "/api.xro/2.0/Contacts/" + id);
}

TEST(XeroLinkTest, NoLinkWithoutAXeroIdAShortCodeOrASafeId) {
  store::Document pending = InXero(DocumentKind::kInvoice);
  pending.xero_id.reset();
  EXPECT_EQ(Link(kXeroApiBase, pending), "<none>");
  EXPECT_EQ(Link("http://127.0.0.1:8765", pending), "<none>");
  // Settings not cached yet: no ShortCode, no way to name the organisation.
  EXPECT_EQ(Link(kXeroApiBase, InXero(DocumentKind::kInvoice), ""), "<none>");
  // An id given by hand when passing to accounts is not put into a URL as it is.
  store::Document hostile = InXero(DocumentKind::kInvoice);
  hostile.xero_id = "x&redirecturl=https://evil.example/";
  EXPECT_EQ(Link(kXeroApiBase, hostile), "<none>");
  // An odd ShortCode is percent-encoded.
  EXPECT_EQ(Link(kXeroApiBase, InXero(DocumentKind::kContact), "!a&b"),
            "https://go.xero.com/organisationlogin/default.aspx?shortcode=!a%26b"
            "&redirecturl=/Contacts/View/" +
                std::string(kId));
}

}  // namespace
}  // namespace xerosync::api
