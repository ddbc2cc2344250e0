// The codes a change of mappings or cached settings releases: those the catalogue says such a
// change can fix, and not the refusals only a new version of the document fixes.
#include "sync/lookups.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "rules/catalogue.h"

namespace xerosync::sync {
namespace {

bool Released(const std::string& code) {
  return std::ranges::find(CodesReleasedOnChange(), code) != CodesReleasedOnChange().end();
}

TEST(CodesReleasedOnChange, AreTheCodesAMappingOrTheSettingsCanFix) {
  EXPECT_TRUE(Released("account.invalid_for_document"));  // map the account
  EXPECT_TRUE(Released("contact.archived"));              // restored in Xero, seen at a refresh
  EXPECT_FALSE(Released("xero.validation"));
  EXPECT_FALSE(Released("sync.unreadable"));
  EXPECT_FALSE(Released("invoice.number_taken"));
  EXPECT_FALSE(Released("payment.exceeds_outstanding"));
  EXPECT_FALSE(Released("payment.invoice_not_in_xero"));  // goes when the invoice does
  for (const std::string& code : CodesReleasedOnChange()) {
    const rules::CatalogueEntry* entry = rules::FindEntry(code);
    ASSERT_NE(entry, nullptr) << code;
    EXPECT_TRUE(entry->retry == rules::AutoRetry::kOnChange ||
                entry->retry == rules::AutoRetry::kAfterSettingsRefresh)
        << code;
  }
}

}  // namespace
}  // namespace xerosync::sync
