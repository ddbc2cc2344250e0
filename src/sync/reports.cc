#include "sync/reports.h"

#include <utility>

#include "rules/catalogue.h"
#include "rules/recognise.h"

namespace xerosync::sync {
namespace {

store::ErrorReport Report(std::string code, std::string message, std::string fix,
                          std::vector<std::string> xero_messages = {}) {
  store::ErrorReport report;
  report.code = std::move(code);
  report.message = std::move(message);
  report.fix = std::move(fix);
  report.xero_messages = std::move(xero_messages);
  return report;
}

}  // namespace

std::string Describe(const store::Document& document) {
  return std::string(store::DocumentKindName(document.kind)) + " " + document.host_id;
}

// "LineItems[2]" -> "3" (lines are counted from one for people); other paths as they are.
std::string FieldOf(std::string_view path) {
  constexpr std::string_view kLines = "LineItems[";
  if (path.starts_with(kLines) && path.ends_with("]")) {
    const std::string_view digits = path.substr(kLines.size(), path.size() - kLines.size() - 1);
    int index = 0;
    for (const char c : digits) {
      if (c < '0' || c > '9') return std::string(path);
      index = index * 10 + (c - '0');
    }
    return std::to_string(index + 1);
  }
  return std::string(path);
}

store::ErrorReport XeroRefusedReport(const store::Document& document,
                                     const std::vector<xero::ValidationMessage>& errors,
                                     const rules::Reference* reference) {
  std::vector<std::string> messages;
  messages.reserve(errors.size());
  for (const xero::ValidationMessage& m : errors) {
    messages.push_back(m.path.empty() ? m.message : m.path + ": " + m.message);
  }
  // The first message decides the code; every message is kept in Xero's words.
  const rules::Recognised recognised = errors.empty()
                                           ? rules::Recognised{"xero.validation", ""}
                                           : rules::RecogniseXeroMessage(errors.front().message);
  const std::string_view code =
      reference == nullptr
          ? recognised.code
          : rules::RefineWithReference(recognised.code, recognised.value, *reference);
  const rules::CatalogueEntry* entry = rules::FindEntry(code);
  if (entry == nullptr) entry = rules::FindEntry("xero.validation");
  const rules::TemplateValues values{
      {"document", Describe(document)},
      {"field", errors.empty() ? std::string() : FieldOf(errors.front().path)},
      {"value", !recognised.value.empty() ? recognised.value
                : messages.empty()        ? std::string("no reason given")
                                          : messages.front()}};
  store::ErrorReport report;
  report.code = std::string(entry->code);
  report.message = rules::FormatMessage(*entry, values);
  report.fix = rules::FormatFix(*entry, values);
  report.xero_messages = std::move(messages);
  return report;
}

store::ErrorReport UnreadableReport(std::string_view why) {
  return Report("sync.unreadable", std::string(why),
                "Correct the document in the business app; its next version is synced.");
}

store::ErrorReport NotSearchableReport(const store::Document& document,
                                       std::string_view search_fields) {
  return Report("sync.not_searchable",
                Describe(document) + " has none of " + std::string(search_fields) +
                    ", so xerosync could not find it in Xero after an interrupted call, and "
                    "does not send it.",
                "Give the document one of " + std::string(search_fields) + " in the business app.");
}

store::ErrorReport TooLargeReport(std::string_view why) {
  return Report("sync.too_large", std::string(why), "Split the document into smaller ones.");
}

store::ErrorReport PossibleDuplicateReport(const store::Document& document,
                                           std::string_view searched_by,
                                           const std::vector<std::string>& xero_ids) {
  std::string ids;
  for (const std::string& id : xero_ids) ids += (ids.empty() ? "" : ", ") + id;
  return Report("sync.possible_duplicate",
                "A call to create " + Describe(document) + " was interrupted, and Xero now holds " +
                    std::to_string(xero_ids.size()) + " records that match it (" +
                    std::string(searched_by) + "): " + ids + ".",
                "Check these records in Xero. Delete any that are duplicates, then pass the "
                "document to accounts linked to the one to keep.");
}

}  // namespace xerosync::sync
