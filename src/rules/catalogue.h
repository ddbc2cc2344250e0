#pragma once
// The error catalogue (issue 6; ../shared/design/ERRORS.md): one entry per distinct case a user
// meets when syncing to Xero — a stable code, a title, a message template naming the document and
// the field in plain words, the fix as steps, the console actions that apply, whether the
// pre-flight checks catch it before any call to Xero, and when xerosync retries by itself.
// docs/errors.md is rendered from it (RenderErrorsMarkdown; a test fails when the two differ), one
// anchored section per code, so that the console and the API can link to an error's explanation.
//
// Codes are stable: never renamed or reused once released; retire one by leaving its entry.
//
// Thread safety: constant data and pure functions.

#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace xerosync::rules {

// What the console offers on an error (ERRORS.md, "Console actions").
enum class Action {
  kRetry,            // send it again now
  kArchive,          // archive the error with a reason (un-archive later)
  kPassToAccounts,   // mark the document as already in Xero (reopen later)
  kEditDocument,     // edit the offending fields as a new version
  kMapAccount,       // map the host's account code to a Xero account
  kMapTaxRate,       // map the host's tax code to a Xero tax rate
  kLinkContact,      // link the document's contact to an existing Xero contact
  kCreateContact,    // create the contact in Xero now
  kReconnect,        // connect the organisation again
  kOpenInXero,       // open the record (or the setting) in Xero
  kCopyDiagnostics,  // copy a support bundle (codes, correlation id, times; no secrets)
};
std::string_view ActionName(Action action);  // "retry", "map_account", ...

// When xerosync tries again by itself.
enum class AutoRetry {
  kNever,                 // only a person's action (a fix, a retry) sends it again
  kOnChange,              // when the document, a mapping or the cached settings change
  kOnDocumentChange,      // only when the document changes (its next version is sent)
  kAfterSettingsRefresh,  // when a refresh of the cached Xero settings shows the fix
  kWhenParentSyncs,       // when the document it depends on reaches Xero
  kWithBackoff,           // transient: again and again, waiting longer each time
  kAfterReconnect,        // the organisation's documents pause, and resume after reconnect
  kAfterWindowReset,      // paused until Xero's limit window resets
};
std::string_view AutoRetryText(AutoRetry retry);  // a sentence for docs and the console

struct CatalogueEntry {
  std::string_view code;   // "tax_rate_unknown"; stable
  std::string_view title;  // "Tax rate not found"
  // With {document} (e.g. "invoice INV-0042"), and where the case has them {field} and {value}.
  std::string_view message;
  std::vector<std::string_view> fix;  // the steps, in order
  std::vector<Action> actions;
  bool preflight = false;  // caught from the cached settings before any call to Xero
  AutoRetry retry = AutoRetry::kNever;
  std::string_view xero_says;  // Xero's own words for it ("" when Xero has none)
  std::string_view source;     // where the case comes from: seed articles, FACTS.md
};

// Every entry, in the order docs/errors.md shows them.
std::span<const CatalogueEntry> Catalogue();
// The entry with `code`; nullptr when there is none.
const CatalogueEntry* FindEntry(std::string_view code);

using TemplateValues = std::map<std::string, std::string, std::less<>>;

// `text` (a message or a fix step) with {name} replaced from `values`; a name without a value
// stays as written.
std::string FormatText(std::string_view text, const TemplateValues& values);
// The entry's message, filled in.
inline std::string FormatMessage(const CatalogueEntry& entry, const TemplateValues& values) {
  return FormatText(entry.message, values);
}
// The entry's fix steps, filled in and numbered on one line ("1. ... 2. ...").
std::string FormatFix(const CatalogueEntry& entry, const TemplateValues& values);

// docs/errors.md, as it must read.
std::string RenderErrorsMarkdown();

}  // namespace xerosync::rules
