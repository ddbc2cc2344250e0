#pragma once
// The rows of ../shared/design/ERRORS.md — every sync error users meet — each with the catalogue
// code(s) xerosync gives it, how it is caught, and the tests that prove it end to end against the
// emulator (issue 6, "Done when"). docs/errors.md renders this table (catalogue.h,
// RenderErrorsMarkdown); a test checks that the rows follow ERRORS.md and that every test named
// here exists.
//
// Thread safety: constant data.

#include <span>
#include <string_view>
#include <vector>

namespace xerosync::rules {

struct ErrorsRow {
  std::string_view case_text;  // ERRORS.md's first column, as written there
  std::vector<std::string_view> codes;
  std::string_view caught;  // "pre-flight", "Xero's answer", "lookup", "budget", "by design", ...
  std::vector<std::string_view> tests;  // "Suite.Name" of the tests against the emulator
};

std::span<const ErrorsRow> ErrorsRows();

}  // namespace xerosync::rules
