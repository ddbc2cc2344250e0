#pragma once
// Where a document's record is in Xero, for the console's "open in Xero" links (the document and
// error JSON's `xero_url`). Against Xero itself: Xero's deep link, which logs the user into the
// organisation named by its ShortCode (from the cached organisation settings) and opens the
// record's page (https://developer.xero.com/documentation/api-guides/deep-link-xero):
//
//   https://go.xero.com/organisationlogin/default.aspx?shortcode=!xkcD
//     &redirecturl=/AccountsReceivable/View.aspx?InvoiceID=<id>
//
// Against another API base (the emulator, docs/emulator.md): the emulator's own read endpoint for
// the record, e.g. http://127.0.0.1:8765/api.xro/2.0/Invoices/<id>.
//
// Thread safety: XeroUrl is a pure function; ShortCodeOf reads the store (thread-safe); a
// XeroLinker is used by one request at a time.

#include <optional>
#include <string>
#include <string_view>

#include "api/api.h"
#include "core/json.h"
#include "core/result.h"
#include "domain/ids.h"
#include "store/records.h"
#include "store/store.h"

namespace xerosync::api {

inline constexpr std::string_view kXeroApiBase = "https://api.xero.com";

// The link to `document`'s record, or none when it is not in Xero (no Xero id), when Xero has no
// page of its own for it (an allocation: Xero shows it on its credit note), or, against Xero,
// when the organisation's ShortCode is not known (settings not cached yet).
// `api_base`: the Xero API base xerosync talks to ("https://api.xero.com" or the emulator's).
std::optional<std::string> XeroUrl(std::string_view api_base, std::string_view short_code,
                                   const store::Document& document);

// The organisation's ShortCode from its cached organisation settings; "" when not cached.
Result<std::string> ShortCodeOf(store::Store& store, const domain::TenantId& tenant);

// The document and error JSON of one organisation's responses with their `xero_url` (null when
// none). Reads the ShortCode once, on first need. A failed read leaves the link out (null): a
// link is a convenience, never a reason to fail the response.
class XeroLinker {
 public:
  XeroLinker(const ApiContext& context, domain::TenantId tenant)
      : context_(context), tenant_(std::move(tenant)) {}

  std::optional<std::string> UrlOf(const store::Document& document);
  // parts.h's DocumentJson with "xero_url".
  Json DocumentJson(const store::Document& document);
  // parts.h's ErrorJson with its document ("document": kind and host id) and "xero_url";
  // `document` when the caller has it already, else it is read.
  Json ErrorJson(const store::SyncError& error, const store::Document* document = nullptr);

 private:
  const ApiContext& context_;
  const domain::TenantId tenant_;
  std::optional<std::string> short_code_;
};

}  // namespace xerosync::api
