#pragma once
// The sync errors the engine opens (docs/sync.md), each with its stable code, a message naming the
// document and what went wrong, and the fix. Issue 6's catalogue adds the codes that the
// pre-flight checks and Xero's recognised messages map to; these are the engine's own.
//
// Thread safety: pure functions.

#include <string>
#include <string_view>
#include <vector>

#include "rules/preflight.h"
#include "store/records.h"
#include "xero/wire.h"

namespace xerosync::sync {

// "invoice INV-1" (the kind and the host's id), for messages.
std::string Describe(const store::Document& document);

// xero.validation: Xero refused the document; its messages (with their paths) kept verbatim.
// With the organisation's cached settings, the code is refined as the pre-flight checks would
// have it (rules::RefineWithReference).
store::ErrorReport XeroRefusedReport(const store::Document& document,
                                     const std::vector<xero::ValidationMessage>& errors,
                                     const rules::Reference* reference = nullptr);
// sync.unreadable: the payload cannot be read as the document's kind.
store::ErrorReport UnreadableReport(std::string_view why);
// sync.not_searchable: nothing to find the document by after an interrupted call.
store::ErrorReport NotSearchableReport(const store::Document& document,
                                       std::string_view search_fields);
// sync.too_large: no request can carry it.
store::ErrorReport TooLargeReport(std::string_view why);
// sync.possible_duplicate: an interrupted create, and several records in Xero match it.
store::ErrorReport PossibleDuplicateReport(const store::Document& document,
                                           std::string_view searched_by,
                                           const std::vector<std::string>& xero_ids);

}  // namespace xerosync::sync
