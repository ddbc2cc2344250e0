#include "api/xero_link.h"

#include <utility>

#include "api/parts.h"
#include "core/json.h"

namespace xerosync::api {
namespace {

using store::DocumentKind;

// A credit note is a sales (ACCRECCREDIT) or a purchases (ACCPAYCREDIT) one; Xero shows them
// under different pages. Sales when the payload does not say.
bool IsPurchaseCreditNote(const store::Document& document) {
  Result<Json> payload = Json::Parse(document.payload);
  if (!payload.ok() || !payload->is_object()) return false;
  const Json* type = payload->Find("Type");
  return type != nullptr && type->is_string() && type->AsString() == "ACCPAYCREDIT";
}

// The page in Xero (the deep link's redirecturl) for `id`.
std::optional<std::string> XeroPage(const store::Document& document, const std::string& id) {
  switch (document.kind) {
    case DocumentKind::kContact:
      return "/Contacts/View/" + id;
    case DocumentKind::kInvoice:
      return "/AccountsReceivable/View.aspx?InvoiceID=" + id;
    case DocumentKind::kBill:
      return "/AccountsPayable/Edit.aspx?InvoiceID=" + id;
    case DocumentKind::kCreditNote:
      return std::string(IsPurchaseCreditNote(document) ? "/AccountsPayable"
                                                        : "/AccountsReceivable") +
             "/ViewCreditNote.aspx?creditNoteID=" + id;
    case DocumentKind::kPayment:
    case DocumentKind::kExpense:
      return "/Bank/ViewTransaction.aspx?bankTransactionID=" + id;
    case DocumentKind::kAllocation:
      return std::nullopt;
  }
  return std::nullopt;
}

// The emulator's read endpoint's collection for the kind.
std::optional<std::string_view> Collection(DocumentKind kind) {
  switch (kind) {
    case DocumentKind::kContact:
      return "Contacts";
    case DocumentKind::kInvoice:
    case DocumentKind::kBill:
      return "Invoices";
    case DocumentKind::kCreditNote:
      return "CreditNotes";
    case DocumentKind::kPayment:
      return "Payments";
    case DocumentKind::kExpense:
      return "BankTransactions";
    case DocumentKind::kAllocation:
      return std::nullopt;
  }
  return std::nullopt;
}

// Xero's ids are GUIDs; anything else (a hand-given id passed to accounts) is not put in a URL
// unescaped.
bool IsPlainId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (const char c : id) {
    const bool ok =
        (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
    if (!ok) return false;
  }
  return true;
}

// A ShortCode is "!" and letters or digits ("!xkcD"); percent-encoded otherwise.
std::string EncodeShortCode(std::string_view code) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : code) {
    const auto u = static_cast<unsigned char>(c);
    const bool plain = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                       c == '!' || c == '-' || c == '_';
    if (plain) {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 0xF];
    }
  }
  return out;
}

std::string_view WithoutTrailingSlash(std::string_view base) {
  while (!base.empty() && base.back() == '/') base.remove_suffix(1);
  return base;
}

}  // namespace

std::optional<std::string> XeroUrl(std::string_view api_base, std::string_view short_code,
                                   const store::Document& document) {
  if (!document.xero_id || !IsPlainId(*document.xero_id)) return std::nullopt;
  const std::string& id = *document.xero_id;
  const std::string_view base = WithoutTrailingSlash(api_base);
  if (base.empty() || base == kXeroApiBase) {
    if (short_code.empty()) return std::nullopt;
    std::optional<std::string> page = XeroPage(document, id);
    if (!page) return std::nullopt;
    return "https://go.xero.com/organisationlogin/default.aspx?shortcode=" +
           EncodeShortCode(short_code) + "&redirecturl=" + *page;
  }
  std::optional<std::string_view> collection = Collection(document.kind);
  if (!collection) return std::nullopt;
  return std::string(base) + "/api.xro/2.0/" + std::string(*collection) + "/" + id;
}

Result<std::string> ShortCodeOf(store::Store& store, const domain::TenantId& tenant) {
  ASSIGN_OR_RETURN(std::optional<store::CachedSettings> cached,
                   store.GetSettings(tenant, "organisation"));
  if (!cached) return std::string();
  Result<Json> body = Json::Parse(cached->json);
  if (!body.ok()) return std::string();
  const Json* organisations = body->Find("Organisations");
  if (organisations == nullptr || !organisations->is_array() || organisations->AsArray().empty()) {
    return std::string();
  }
  const Json& first = organisations->AsArray().front();
  const Json* code = first.is_object() ? first.Find("ShortCode") : nullptr;
  if (code == nullptr || !code->is_string()) return std::string();
  return code->AsString();
}

std::optional<std::string> XeroLinker::UrlOf(const store::Document& document) {
  if (!document.xero_id) return std::nullopt;
  if (!short_code_) {
    Result<std::string> code = ShortCodeOf(context_.store, tenant_);
    short_code_ = code.ok() ? std::move(*code) : std::string();
  }
  return XeroUrl(context_.xero_api_base, *short_code_, document);
}

Json XeroLinker::DocumentJson(const store::Document& document) {
  Json json = api::DocumentJson(document);
  const std::optional<std::string> url = UrlOf(document);
  json.Set("xero_url", url ? Str(*url) : Json::Null());
  return json;
}

Json XeroLinker::ErrorJson(const store::SyncError& error, const store::Document* document) {
  Json json = api::ErrorJson(error);
  std::optional<store::Document> read;
  if (document == nullptr) {
    Result<store::Document> found = context_.store.GetDocument(error.document_id);
    if (found.ok()) read = std::move(*found);
    document = read ? &*read : nullptr;
  }
  json.Set("document",
           document != nullptr ? KeyJson({document->kind, document->host_id}) : Json::Null());
  const std::optional<std::string> url =
      document != nullptr ? UrlOf(*document) : std::optional<std::string>();
  json.Set("xero_url", url ? Str(*url) : Json::Null());
  return json;
}

}  // namespace xerosync::api
