// The table of ERRORS.md's rows (rules/rows.h): it follows the design's list row for row, every
// code it names is in the catalogue, and every test it names exists in the sources — so that
// docs/errors.md's "tests that prove it" column cannot name a test that is not there.
#include "rules/rows.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "rules/catalogue.h"

namespace xerosync::rules {
namespace {

std::string SourceDir() {
  const char* root = std::getenv("XEROSYNC_SOURCE_DIR");
  return root == nullptr ? std::string() : std::string(root);
}

std::string Read(const std::filesystem::path& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

TEST(ErrorsRows, FollowTheDesignsListRowForRow) {
  ASSERT_FALSE(SourceDir().empty()) << "run under ctest (it sets XEROSYNC_SOURCE_DIR)";
  const std::filesystem::path design =
      std::filesystem::path(SourceDir()) / ".." / "shared" / "design" / "ERRORS.md";
  if (!std::filesystem::exists(design)) {
    GTEST_SKIP() << "../shared/design/ERRORS.md is not beside the project here; the rows cannot "
                    "be compared with it";
  }
  std::vector<std::string> cases;
  std::istringstream lines(Read(design));
  bool in_table = false;
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with("| case")) {
      in_table = true;
      continue;
    }
    if (!in_table) continue;
    if (!line.starts_with("|")) break;
    if (line.starts_with("|---")) continue;
    const std::size_t end = line.find(" | ", 2);
    cases.push_back(line.substr(2, end - 2));
  }
  std::vector<std::string> ours;
  for (const ErrorsRow& row : ErrorsRows()) ours.emplace_back(row.case_text);
  EXPECT_EQ(ours, cases);
}

TEST(ErrorsRows, EachHasCatalogueCodesAndTests) {
  for (const ErrorsRow& row : ErrorsRows()) {
    if (row.caught != "by design") {
      EXPECT_FALSE(row.codes.empty()) << row.case_text;
    }
    for (const std::string_view code : row.codes) {
      EXPECT_NE(FindEntry(code), nullptr) << row.case_text << ": " << code;
    }
    EXPECT_FALSE(row.tests.empty()) << row.case_text << " has no test against the emulator";
  }
}

TEST(ErrorsRows, PreflightRowsAreCaughtBeforeCallingXeroInTheCatalogue) {
  for (const ErrorsRow& row : ErrorsRows()) {
    if (row.caught != "pre-flight") continue;
    for (const std::string_view code : row.codes) {
      const CatalogueEntry* entry = FindEntry(code);
      ASSERT_NE(entry, nullptr) << code;
      EXPECT_TRUE(entry->preflight) << code;
    }
  }
}

TEST(ErrorsRows, EveryTestNamedExistsInTheSources) {
  ASSERT_FALSE(SourceDir().empty()) << "run under ctest (it sets XEROSYNC_SOURCE_DIR)";
  std::set<std::string> defined;
  const std::regex test(R"(TEST(?:_F|_P)?\(\s*(\w+)\s*,\s*(\w+)\s*\))");
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(std::filesystem::path(SourceDir()) / "src")) {
    if (!entry.is_regular_file() || !entry.path().string().ends_with("_test.cc")) continue;
    const std::string text = Read(entry.path());
    for (auto it = std::sregex_iterator(text.begin(), text.end(), test);
         it != std::sregex_iterator(); ++it) {
      defined.insert((*it)[1].str() + "." + (*it)[2].str());
    }
  }
  ASSERT_GT(defined.size(), 100u) << "the sources were not found";
  for (const ErrorsRow& row : ErrorsRows()) {
    for (const std::string_view name : row.tests) {
      EXPECT_TRUE(defined.contains(std::string(name))) << row.case_text << ": " << name;
    }
  }
}

}  // namespace
}  // namespace xerosync::rules
