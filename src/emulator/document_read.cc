#include "emulator/document_read.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "emulator/api_util.h"
#include "emulator/document_json.h"

namespace xerosync::emulator {
namespace {

const std::vector<std::string> kScopes = {"accounting.transactions", "accounting.invoices"};

constexpr std::array<std::string_view, 11> kInvoiceFields = {"InvoiceNumber",
                                                             "Reference",
                                                             "Type",
                                                             "Status",
                                                             "Contact.ContactID",
                                                             "Contact.Name",
                                                             "Contact.ContactNumber",
                                                             "InvoiceID",
                                                             "CurrencyCode",
                                                             "Url",
                                                             "LineAmountTypes"};

constexpr std::array<std::string_view, 9> kCreditNoteFields = {
    "CreditNoteNumber", "Reference",    "Type",         "Status",         "Contact.ContactID",
    "Contact.Name",     "CreditNoteID", "CurrencyCode", "LineAmountTypes"};

std::string ContactField(const OrgState& state, const std::string& contact_id,
                         std::string_view name) {
  if (name == "Contact.ContactID") return contact_id;
  for (const Contact& c : state.contacts) {
    if (c.contact_id == contact_id) return name == "Contact.Name" ? c.name : c.contact_number;
  }
  return "";
}

// A record's value for `order`: numbers (amounts, times) compare as numbers, text as text.
using SortKey = std::pair<int64_t, std::string>;

SortKey TimeKey(TimePoint time) {
  return {std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count(),
          ""};
}

// Sorts `items` stably by the request's `order` ("UpdatedDateUTC DESC", "Date", "InvoiceNumber
// ASC"); nothing when absent. `key(item, field)` is nullopt for a field it does not know, which
// answers Xero's QueryParseException as `where` does.
template <typename T, typename Key>
std::optional<http::Response> Order(const http::Request& request, std::vector<const T*>& items,
                                    std::string_view type_name, Key key) {
  const std::string_view order = request.Query("order").value_or("");
  if (order.empty()) return std::nullopt;
  const std::size_t space = order.find(' ');
  const std::string field(order.substr(0, space));
  std::string_view direction = space == std::string_view::npos ? "" : order.substr(space + 1);
  while (!direction.empty() && direction.front() == ' ') direction.remove_prefix(1);
  if (!key(T{}, field).has_value()) {
    return QueryParseError(InvalidArgumentError(
        "No property or field '" + field + "' exists in type '" + std::string(type_name) + "'"));
  }
  const bool descending = EqualsIgnoringCase(direction, "DESC");
  std::ranges::stable_sort(items, [&](const T* a, const T* b) {
    const SortKey x = *key(*a, field);
    const SortKey y = *key(*b, field);
    return descending ? y < x : x < y;
  });
  return std::nullopt;
}

std::optional<SortKey> InvoiceKey(const Invoice& i, std::string_view field) {
  if (field == "UpdatedDateUTC") return TimeKey(i.updated);
  if (field == "Date") return TimeKey(i.date);
  if (field == "DueDate") return TimeKey(i.due_date.value_or(TimePoint()));
  if (field == "InvoiceNumber") return SortKey{0, i.invoice_number};
  if (field == "Reference") return SortKey{0, i.reference};
  if (field == "Status") return SortKey{0, i.status};
  if (field == "Type") return SortKey{0, i.type};
  if (field == "Total") return SortKey{i.totals.total.raw(), ""};
  if (field == "AmountDue") return SortKey{i.amount_due.raw(), ""};
  return std::nullopt;
}

std::optional<SortKey> CreditNoteKey(const CreditNote& c, std::string_view field) {
  if (field == "UpdatedDateUTC") return TimeKey(c.updated);
  if (field == "Date") return TimeKey(c.date);
  if (field == "CreditNoteNumber") return SortKey{0, c.credit_note_number};
  if (field == "Reference") return SortKey{0, c.reference};
  if (field == "Status") return SortKey{0, c.status};
  if (field == "Type") return SortKey{0, c.type};
  if (field == "Total") return SortKey{c.totals.total.raw(), ""};
  if (field == "RemainingCredit") return SortKey{c.remaining_credit.raw(), ""};
  return std::nullopt;
}

// Authenticates for the documents' scopes, then answers with `serve` over the caller's state.
template <typename Serve>
http::Response WithState(const http::Request& request, const Identity& identity,
                         const Organisations& organisations, Serve&& serve) {
  auto caller = identity.Authenticate(request, kScopes, /*read=*/true);
  if (auto* refused = std::get_if<http::Response>(&caller)) return std::move(*refused);
  std::optional<http::Response> response;
  const bool known = organisations.Read(std::get<Caller>(caller).tenant_id,
                                        [&](const OrgState& state) { response = serve(state); });
  if (!known) return NotFound();
  return std::move(*response);
}

RenderOptions Options(const http::Request& request, bool single) {
  return {.line_items = single || request.Query("page").has_value(),
          .unit_dp4 = request.Query("unitdp").value_or("") == "4"};
}

http::Response GetInvoices(const http::Request& request, const Clock& clock,
                           const OrgState& state) {
  const std::optional<TimePoint> since = ModifiedSince(request);
  const auto ids = request.Query("IDs");
  const auto numbers = request.Query("InvoiceNumbers");
  const auto contact_ids = request.Query("ContactIDs");
  const auto statuses = request.Query("Statuses");
  const auto read = [&](const Invoice& i, std::string_view name) -> std::string {
    if (name.starts_with("Contact.")) return ContactField(state, i.contact_id, name);
    if (name == "InvoiceNumber") return i.invoice_number;
    if (name == "Reference") return i.reference;
    if (name == "Type") return i.type;
    if (name == "Status") return i.status;
    if (name == "InvoiceID") return i.invoice_id;
    if (name == "CurrencyCode") return i.currency_code;
    if (name == "Url") return i.url;
    return i.line_amount_types;
  };
  const auto keep = [&](const Invoice& i) {
    return (!since || i.updated > *since) && (!ids || InIdList(*ids, i.invoice_id)) &&
           (!numbers || InIdList(*numbers, i.invoice_number)) &&
           (!contact_ids || InIdList(*contact_ids, i.contact_id)) &&
           (!statuses || InIdList(*statuses, i.status));
  };
  auto selected = Select(request, state.invoices, kInvoiceFields, "Invoice", read, keep);
  if (auto* error = std::get_if<http::Response>(&selected)) return std::move(*error);
  if (auto error = Order(request, std::get<0>(selected), "Invoice", InvoiceKey)) {
    return std::move(*error);
  }
  auto [page, pagination] = Paginate(request, std::move(std::get<0>(selected)));
  Json items = Json::MakeArray();
  for (const Invoice* i : page) items.Append(InvoiceJson(state, *i, Options(request, false)));
  return Envelope(request, clock.Now(), "Invoices", std::move(items), std::move(pagination));
}

http::Response GetInvoice(const http::Request& request, const Clock& clock, const OrgState& state) {
  const std::string_view id = request.Param("InvoiceID");
  const Invoice* found = FindInvoice(state, id);
  if (found == nullptr) {
    // Xero also answers GET /Invoices/{InvoiceNumber}.
    for (const Invoice& i : state.invoices) {
      if (!i.invoice_number.empty() && i.invoice_number == id) found = &i;
    }
  }
  if (found == nullptr) return NotFound();
  return Envelope(request, clock.Now(), "Invoices",
                  Json::MakeArray({InvoiceJson(state, *found, Options(request, true))}));
}

http::Response GetCreditNotes(const http::Request& request, const Clock& clock,
                              const OrgState& state) {
  const std::optional<TimePoint> since = ModifiedSince(request);
  const auto ids = request.Query("IDs");
  const auto read = [&](const CreditNote& c, std::string_view name) -> std::string {
    if (name.starts_with("Contact.")) return ContactField(state, c.contact_id, name);
    if (name == "CreditNoteNumber") return c.credit_note_number;
    if (name == "Reference") return c.reference;
    if (name == "Type") return c.type;
    if (name == "Status") return c.status;
    if (name == "CreditNoteID") return c.credit_note_id;
    if (name == "CurrencyCode") return c.currency_code;
    return c.line_amount_types;
  };
  const auto keep = [&](const CreditNote& c) {
    return (!since || c.updated > *since) && (!ids || InIdList(*ids, c.credit_note_id));
  };
  auto selected = Select(request, state.credit_notes, kCreditNoteFields, "CreditNote", read, keep);
  if (auto* error = std::get_if<http::Response>(&selected)) return std::move(*error);
  if (auto error = Order(request, std::get<0>(selected), "CreditNote", CreditNoteKey)) {
    return std::move(*error);
  }
  auto [page, pagination] = Paginate(request, std::move(std::get<0>(selected)));
  Json items = Json::MakeArray();
  for (const CreditNote* c : page) {
    items.Append(CreditNoteJson(state, *c, Options(request, false)));
  }
  return Envelope(request, clock.Now(), "CreditNotes", std::move(items), std::move(pagination));
}

http::Response GetCreditNote(const http::Request& request, const Clock& clock,
                             const OrgState& state) {
  const std::string_view id = request.Param("CreditNoteID");
  const CreditNote* found = FindCreditNote(state, id);
  if (found == nullptr) {
    for (const CreditNote& c : state.credit_notes) {
      if (!c.credit_note_number.empty() && c.credit_note_number == id) found = &c;
    }
  }
  if (found == nullptr) return NotFound();
  return Envelope(request, clock.Now(), "CreditNotes",
                  Json::MakeArray({CreditNoteJson(state, *found, Options(request, true))}));
}

}  // namespace

void AddDocumentReads(http::Router& router, const Clock& clock, const Identity& identity,
                      const Organisations& organisations) {
  using Handler = http::Response (*)(const http::Request&, const Clock&, const OrgState&);
  const auto add = [&](const char* pattern, Handler handler) {
    router.Add("GET", std::string("/api.xro/2.0") + pattern,
               [&clock, &identity, &organisations, handler](http::Request& request) {
                 return WithState(request, identity, organisations, [&](const OrgState& state) {
                   return handler(request, clock, state);
                 });
               });
  };
  add("/Invoices", GetInvoices);
  add("/Invoices/{InvoiceID}", GetInvoice);
  add("/CreditNotes", GetCreditNotes);
  add("/CreditNotes/{CreditNoteID}", GetCreditNote);
}

}  // namespace xerosync::emulator
