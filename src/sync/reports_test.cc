// The engine's sync errors: each code is in the catalogue (so docs/errors.md explains it), each
// message names the document, and Xero's words are kept.
#include "sync/reports.h"

#include <gtest/gtest.h>

#include "rules/catalogue.h"

namespace xerosync::sync {
namespace {

store::Document Invoice() {
  store::Document document;
  document.kind = store::DocumentKind::kInvoice;
  document.host_id = "INV-7";
  return document;
}

TEST(Reports, EveryCodeTheEngineOpensIsExplainedInTheCatalogue) {
  const store::Document doc = Invoice();
  const std::vector<store::ErrorReport> reports = {
      XeroRefusedReport(doc, {{"LineItems[0]", "Account code '999' is not a valid code."}}),
      UnreadableReport("the payload is not JSON"),
      NotSearchableReport(doc, "InvoiceNumber, Reference or Url"),
      TooLargeReport("4 MB"),
      PossibleDuplicateReport(doc, "InvoiceNumber INV-7", {"a", "b"}),
  };
  for (const store::ErrorReport& report : reports) {
    EXPECT_NE(rules::FindEntry(report.code), nullptr) << report.code << " is not in the catalogue";
    EXPECT_FALSE(report.fix.empty()) << report.code;
  }
}

TEST(Reports, XerosMessageIsRecognisedExplainedAndKeptInItsOwnWords) {
  const store::ErrorReport report = XeroRefusedReport(
      Invoice(), {{"LineItems[0]", "Account code '999' is not a valid code for this document."},
                  {"", "Invoice # must be unique."}});
  EXPECT_EQ(report.code, "account.invalid_for_document");
  EXPECT_EQ(report.message,
            "Account code 999 on line 1 of invoice INV-7 cannot be used on this kind of document.");
  EXPECT_EQ(report.fix,
            "1. Choose a revenue account for sales (an expense account for bills), or map 999 to "
            "one.");
  EXPECT_EQ(report.xero_messages,
            (std::vector<std::string>{
                "LineItems[0]: Account code '999' is not a valid code for this document.",
                "Invoice # must be unique."}));
}

TEST(Reports, AMessageNobodyRecognisesKeepsXerosWordsUnderTheGenericCode) {
  const store::ErrorReport report =
      XeroRefusedReport(Invoice(), {{"", "Something Xero has never said before."}});
  EXPECT_EQ(report.code, "xero.validation");
  EXPECT_EQ(report.message, "Xero refused invoice INV-7: Something Xero has never said before.");
}

}  // namespace
}  // namespace xerosync::sync
