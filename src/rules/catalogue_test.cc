// The error catalogue: docs/errors.md is what the catalogue renders, every code is stable in form
// and unique, and every entry tells the user what to do.
#include "rules/catalogue.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

namespace xerosync::rules {
namespace {

TEST(Catalogue, DocsErrorsMdIsWhatTheCatalogueRenders) {
  const char* root = std::getenv("XEROSYNC_SOURCE_DIR");
  ASSERT_NE(root, nullptr) << "run under ctest (it sets XEROSYNC_SOURCE_DIR)";
  std::ifstream file(std::string(root) + "/docs/errors.md");
  ASSERT_TRUE(file.good()) << "docs/errors.md is missing";
  std::stringstream text;
  text << file.rdbuf();
  EXPECT_EQ(text.str(), RenderErrorsMarkdown())
      << "docs/errors.md differs from the catalogue: run build/src/rules/rules_catalogue_render > "
         "docs/errors.md";
}

TEST(Catalogue, CodesAreUniqueLowercaseAndDotted) {
  std::set<std::string_view> seen;
  for (const CatalogueEntry& e : Catalogue()) {
    EXPECT_TRUE(seen.insert(e.code).second) << e.code << " twice";
    EXPECT_NE(e.code.find('.'), std::string_view::npos) << e.code;
    for (const char c : e.code) {
      EXPECT_TRUE((c >= 'a' && c <= 'z') || c == '.' || c == '_') << e.code;
    }
  }
  EXPECT_GE(seen.size(), 30u);
}

TEST(Catalogue, EveryEntryExplainsItselfAndGivesTheFix) {
  for (const CatalogueEntry& e : Catalogue()) {
    EXPECT_FALSE(e.title.empty()) << e.code;
    EXPECT_FALSE(e.message.empty()) << e.code;
    EXPECT_FALSE(e.fix.empty()) << e.code;
    EXPECT_FALSE(e.source.empty()) << e.code;
    // Errors about a person's fix offer at least one action; only the ones that resolve by
    // themselves (rate limits) offer none.
    if (e.actions.empty()) {
      EXPECT_TRUE(e.retry == AutoRetry::kWithBackoff || e.retry == AutoRetry::kAfterWindowReset)
          << e.code;
    }
  }
}

TEST(Catalogue, ConnectionTroublePausesAndResumesAfterReconnect) {
  for (const std::string_view code :
       {"connection.expired", "connection.revoked", "connection.missing_scope"}) {
    const CatalogueEntry* e = FindEntry(code);
    ASSERT_NE(e, nullptr) << code;
    EXPECT_EQ(e->retry, AutoRetry::kAfterReconnect) << code;
    EXPECT_EQ(e->actions, std::vector<Action>{Action::kReconnect}) << code;
  }
  EXPECT_EQ(FindEntry("no.such_code"), nullptr);
}

TEST(Catalogue, MessagesAreFilledInAndUnknownNamesStayVisible) {
  const CatalogueEntry* e = FindEntry("tax_rate.unknown");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(FormatMessage(*e, {{"document", "invoice INV-7"}, {"field", "2"}, {"value", "GST"}}),
            "Tax rate GST on line 2 of invoice INV-7 does not exist in Xero or cannot be used on "
            "this kind of document.");
  EXPECT_EQ(FormatMessage(*e, {{"value", "GST"}}),
            "Tax rate GST on line {field} of {document} does not exist in Xero or cannot be used "
            "on this kind of document.");
}

}  // namespace
}  // namespace xerosync::rules
