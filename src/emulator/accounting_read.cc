#include "emulator/accounting_read.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "emulator/query_filter.h"

namespace xerosync::emulator {
namespace {

constexpr char kSettings[] = "accounting.settings";
constexpr char kContacts[] = "accounting.contacts";
constexpr int kDefaultPageSize = 100;
constexpr int kMaxPageSize = 1000;

http::Response NotFound() {
  return http::Response::Text(404, "The resource you're looking for cannot be found");
}

// Xero's answer to a `where` it cannot parse (e.g. XeroAPI/xero-php-oauth2#307).
http::Response QueryParseError(const Status& status) {
  Json body = Json::MakeObject({{"ErrorNumber", Json::Integer(16)},
                                {"Type", Json::String("QueryParseException")},
                                {"Message", Json::String(std::string(status.message()))}});
  return http::Response::Json(400, body.Serialize());
}

// If-Modified-Since, when present and readable (an unreadable one is ignored, as by most servers).
std::optional<TimePoint> ModifiedSince(const http::Request& request) {
  const auto header = request.headers.Get("If-Modified-Since");
  if (!header) return std::nullopt;
  return ParseModifiedSince(*header);
}

// A positive integer query parameter, or nullopt when absent or not a positive integer.
std::optional<int> PositiveQuery(const http::Request& request, std::string_view name) {
  const auto text = request.Query(name);
  if (!text) return std::nullopt;
  int value = 0;
  const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (error != std::errc() || end != text->data() + text->size() || value < 1) return std::nullopt;
  return value;
}

bool IsTrue(std::optional<std::string_view> text) {
  return text && (*text == "true" || *text == "True" || *text == "TRUE" || *text == "1");
}

std::string Lowered(std::string_view text) {
  std::string out(text);
  std::ranges::transform(out, out.begin(),
                         [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// The records of `items` that `where` (and `keep`) select, rendered; or Xero's 400.
template <typename T, typename Reader, typename Keep>
std::variant<std::vector<const T*>, http::Response> Select(const http::Request& request,
                                                           const std::vector<T>& items,
                                                           std::span<const std::string_view> fields,
                                                           std::string_view type_name, Reader read,
                                                           Keep keep) {
  auto filter = WhereFilter::Parse(request.Query("where").value_or(""), fields, type_name);
  if (!filter.ok()) return QueryParseError(filter.status());
  std::vector<const T*> selected;
  for (const T& item : items) {
    const auto reader = [&](std::string_view name) { return read(item, name); };
    if (keep(item) && filter->Matches(reader)) selected.push_back(&item);
  }
  return selected;
}

template <typename T>
Json Render(const std::vector<const T*>& items) {
  Json array = Json::MakeArray();
  for (const T* item : items) array.Append(ToJson(*item));
  return array;
}

constexpr std::array<std::string_view, 10> kAccountFields = {
    "AccountID", "Code",          "Name",  "Type",         "Status",
    "TaxType",   "SystemAccount", "Class", "CurrencyCode", "BankAccountNumber"};

std::string AccountField(const Account& a, std::string_view name) {
  if (name == "AccountID") return a.account_id;
  if (name == "Code") return a.code;
  if (name == "Name") return a.name;
  if (name == "Type") return a.type;
  if (name == "Status") return a.status;
  if (name == "TaxType") return a.tax_type;
  if (name == "SystemAccount") return a.system_account;
  if (name == "Class") return std::string(AccountClass(a.type));
  if (name == "CurrencyCode") return a.currency_code;
  return a.bank_account_number;
}

constexpr std::array<std::string_view, 8> kContactFields = {
    "ContactID",     "Name",      "ContactNumber", "AccountNumber",
    "ContactStatus", "FirstName", "LastName",      "EmailAddress"};

std::string ContactField(const Contact& c, std::string_view name) {
  if (name == "ContactID") return c.contact_id;
  if (name == "Name") return c.name;
  if (name == "ContactNumber") return c.contact_number;
  if (name == "AccountNumber") return c.account_number;
  if (name == "ContactStatus") return c.contact_status;
  if (name == "FirstName") return c.first_name;
  if (name == "LastName") return c.last_name;
  return c.email_address;
}

constexpr std::array<std::string_view, 4> kTaxRateFields = {"Name", "TaxType", "Status",
                                                            "ReportTaxType"};
constexpr std::array<std::string_view, 2> kCurrencyFields = {"Code", "Description"};
constexpr std::array<std::string_view, 3> kTrackingFields = {"TrackingCategoryID", "Name",
                                                             "Status"};

// A searchTerm match: case-insensitive text search over the fields Xero's spec names.
bool SearchMatches(const Contact& c, std::string_view term) {
  const std::string needle = Lowered(term);
  for (const std::string* field :
       {&c.name, &c.first_name, &c.last_name, &c.contact_number, &c.email_address}) {
    if (Lowered(*field).find(needle) != std::string::npos) return true;
  }
  return false;
}

bool InIdList(std::string_view list, std::string_view id) {
  while (!list.empty()) {
    const std::size_t comma = list.find(',');
    std::string_view item = list.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (Lowered(item) == Lowered(id)) return true;
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return false;
}

}  // namespace

AccountingRead::AccountingRead(const Clock& clock, const Identity& identity,
                               const Organisations& organisations)
    : clock_(clock), identity_(identity), organisations_(organisations) {}

void AccountingRead::AddRoutes(http::Router& router) {
  const auto add = [&](const char* pattern,
                       http::Response (AccountingRead::*handler)(const http::Request&) const) {
    router.Add("GET", std::string("/api.xro/2.0") + pattern,
               [this, handler](http::Request& r) { return (this->*handler)(r); });
  };
  add("/Organisation", &AccountingRead::GetOrganisation);
  add("/Accounts", &AccountingRead::GetAccounts);
  add("/Accounts/{AccountID}", &AccountingRead::GetAccount);
  add("/TaxRates", &AccountingRead::GetTaxRates);
  add("/Currencies", &AccountingRead::GetCurrencies);
  add("/TrackingCategories", &AccountingRead::GetTrackingCategories);
  add("/Contacts", &AccountingRead::GetContacts);
  add("/Contacts/{ContactID}", &AccountingRead::GetContact);
}

template <typename Serve>
http::Response AccountingRead::WithOrganisation(const http::Request& request, const char* scope,
                                                Serve&& serve) const {
  auto caller = identity_.Authenticate(request, {scope}, /*read=*/true);
  if (auto* refused = std::get_if<http::Response>(&caller)) return std::move(*refused);
  std::optional<http::Response> response;
  const bool known = organisations_.Read(std::get<Caller>(caller).tenant_id,
                                         [&](const OrgState& state) { response = serve(state); });
  // A connected tenant without data: only when a test connects tenants the emulator has no
  // organisation for.
  if (!known) return NotFound();
  return std::move(*response);
}

http::Response AccountingRead::Envelope(const http::Request& request, const char* plural,
                                        Json items, Json pagination) const {
  Json body = Json::MakeObject();
  body.Set("Id",
           Json::String(std::string(request.headers.Get("Xero-Correlation-Id").value_or(""))));
  body.Set("Status", Json::String("OK"));
  body.Set("ProviderName", Json::String("xero-emulator"));
  body.Set("DateTimeUTC", Json::String(MsDate(clock_.Now(), /*with_offset=*/false)));
  if (pagination.is_object()) body.Set("pagination", std::move(pagination));
  body.Set(plural, std::move(items));
  return http::Response::Json(200, body.Serialize());
}

http::Response AccountingRead::GetOrganisation(const http::Request& request) const {
  return WithOrganisation(request, kSettings, [&](const OrgState& state) {
    return Envelope(request, "Organisations", Json::MakeArray({ToJson(state.organisation)}));
  });
}

http::Response AccountingRead::GetAccounts(const http::Request& request) const {
  const std::optional<TimePoint> since = ModifiedSince(request);
  return WithOrganisation(request, kSettings, [&](const OrgState& state) -> http::Response {
    auto selected = Select(request, state.accounts, kAccountFields, "Account", AccountField,
                           [&](const Account& a) { return !since || a.updated > *since; });
    if (auto* error = std::get_if<http::Response>(&selected)) return std::move(*error);
    return Envelope(request, "Accounts", Render(std::get<0>(selected)));
  });
}

http::Response AccountingRead::GetAccount(const http::Request& request) const {
  return WithOrganisation(request, kSettings, [&](const OrgState& state) -> http::Response {
    const std::string id = Lowered(request.Param("AccountID"));
    for (const Account& account : state.accounts) {
      if (account.account_id == id) {
        return Envelope(request, "Accounts", Json::MakeArray({ToJson(account)}));
      }
    }
    return NotFound();
  });
}

http::Response AccountingRead::GetTaxRates(const http::Request& request) const {
  return WithOrganisation(request, kSettings, [&](const OrgState& state) -> http::Response {
    const auto read = [](const TaxRate& t, std::string_view name) {
      return name == "Name"      ? t.name
             : name == "TaxType" ? t.tax_type
             : name == "Status"  ? t.status
                                 : t.report_tax_type;
    };
    auto selected = Select(request, state.tax_rates, kTaxRateFields, "TaxRate", read,
                           [](const TaxRate&) { return true; });
    if (auto* error = std::get_if<http::Response>(&selected)) return std::move(*error);
    return Envelope(request, "TaxRates", Render(std::get<0>(selected)));
  });
}

http::Response AccountingRead::GetCurrencies(const http::Request& request) const {
  return WithOrganisation(request, kSettings, [&](const OrgState& state) -> http::Response {
    const auto read = [](const Currency& c, std::string_view name) {
      return name == "Code" ? c.code : c.description;
    };
    auto selected = Select(request, state.currencies, kCurrencyFields, "Currency", read,
                           [](const Currency&) { return true; });
    if (auto* error = std::get_if<http::Response>(&selected)) return std::move(*error);
    return Envelope(request, "Currencies", Render(std::get<0>(selected)));
  });
}

http::Response AccountingRead::GetTrackingCategories(const http::Request& request) const {
  const bool include_archived = IsTrue(request.Query("includeArchived"));
  return WithOrganisation(request, kSettings, [&](const OrgState& state) -> http::Response {
    const auto read = [](const TrackingCategory& c, std::string_view name) {
      return name == "Name" ? c.name : name == "Status" ? c.status : c.tracking_category_id;
    };
    auto selected = Select(
        request, state.tracking_categories, kTrackingFields, "TrackingCategory", read,
        [&](const TrackingCategory& c) { return include_archived || c.status != "ARCHIVED"; });
    if (auto* error = std::get_if<http::Response>(&selected)) return std::move(*error);
    return Envelope(request, "TrackingCategories", Render(std::get<0>(selected)));
  });
}

http::Response AccountingRead::GetContacts(const http::Request& request) const {
  const std::optional<TimePoint> since = ModifiedSince(request);
  const bool include_archived = IsTrue(request.Query("includeArchived"));
  const std::optional<std::string_view> ids = request.Query("IDs");
  const std::optional<std::string_view> search = request.Query("searchTerm");
  return WithOrganisation(request, kContacts, [&](const OrgState& state) -> http::Response {
    const auto keep = [&](const Contact& c) {
      return (include_archived || c.contact_status != "ARCHIVED") &&
             (!since || c.updated > *since) && (!ids || InIdList(*ids, c.contact_id)) &&
             (!search || SearchMatches(c, *search));
    };
    auto selected = Select(request, state.contacts, kContactFields, "Contact", ContactField, keep);
    if (auto* error = std::get_if<http::Response>(&selected)) return std::move(*error);
    std::vector<const Contact*>& contacts = std::get<0>(selected);
    if (!request.Query("page")) return Envelope(request, "Contacts", Render(contacts));
    // Paged: `page` is 1-based (anything but a positive integer counts as 1), `pageSize` defaults
    // to 100 and is capped at 1000.
    const int page = PositiveQuery(request, "page").value_or(1);
    const int page_size =
        std::min(PositiveQuery(request, "pageSize").value_or(kDefaultPageSize), kMaxPageSize);
    const auto count = static_cast<int64_t>(contacts.size());
    const int64_t first = std::min<int64_t>(int64_t{page - 1} * page_size, count);
    const int64_t last = std::min<int64_t>(first + page_size, count);
    const std::vector<const Contact*> slice(contacts.begin() + first, contacts.begin() + last);
    Json pagination =
        Json::MakeObject({{"page", Json::Integer(page)},
                          {"pageSize", Json::Integer(page_size)},
                          {"pageCount", Json::Integer((count + page_size - 1) / page_size)},
                          {"itemCount", Json::Integer(count)}});
    return Envelope(request, "Contacts", Render(slice), std::move(pagination));
  });
}

http::Response AccountingRead::GetContact(const http::Request& request) const {
  return WithOrganisation(request, kContacts, [&](const OrgState& state) -> http::Response {
    const std::string id = Lowered(request.Param("ContactID"));
    for (const Contact& contact : state.contacts) {
      if (contact.contact_id == id) {
        return Envelope(request, "Contacts", Json::MakeArray({ToJson(contact)}));
      }
    }
    return NotFound();
  });
}

}  // namespace xerosync::emulator
