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

#include "emulator/api_util.h"

namespace xerosync::emulator {
namespace {

constexpr char kSettings[] = "accounting.settings";
constexpr char kContacts[] = "accounting.contacts";
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
  const std::string needle = AsciiLowered(term);
  for (const std::string* field :
       {&c.name, &c.first_name, &c.last_name, &c.contact_number, &c.email_address}) {
    if (AsciiLowered(*field).find(needle) != std::string::npos) return true;
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
  add("/TaxRates/{TaxType}", &AccountingRead::GetTaxRate);
  add("/Currencies", &AccountingRead::GetCurrencies);
  add("/TrackingCategories", &AccountingRead::GetTrackingCategories);
  add("/TrackingCategories/{TrackingCategoryID}", &AccountingRead::GetTrackingCategory);
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

http::Response AccountingRead::GetOrganisation(const http::Request& request) const {
  return WithOrganisation(request, kSettings, [&](const OrgState& state) {
    return Envelope(request, clock_.Now(), "Organisations",
                    Json::MakeArray({ToJson(state.organisation)}));
  });
}

http::Response AccountingRead::GetAccounts(const http::Request& request) const {
  const std::optional<TimePoint> since = ModifiedSince(request);
  return WithOrganisation(request, kSettings, [&](const OrgState& state) -> http::Response {
    auto selected = Select(request, state.accounts, kAccountFields, "Account", AccountField,
                           [&](const Account& a) { return !since || a.updated > *since; });
    if (auto* error = std::get_if<http::Response>(&selected)) return std::move(*error);
    return Envelope(request, clock_.Now(), "Accounts", Render(std::get<0>(selected)));
  });
}

http::Response AccountingRead::GetAccount(const http::Request& request) const {
  return WithOrganisation(request, kSettings, [&](const OrgState& state) -> http::Response {
    const std::string id = AsciiLowered(request.Param("AccountID"));
    for (const Account& account : state.accounts) {
      if (account.account_id == id) {
        return Envelope(request, clock_.Now(), "Accounts", Json::MakeArray({ToJson(account)}));
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
    return Envelope(request, clock_.Now(), "TaxRates", Render(std::get<0>(selected)));
  });
}

http::Response AccountingRead::GetTaxRate(const http::Request& request) const {
  return WithOrganisation(request, kSettings, [&](const OrgState& state) -> http::Response {
    for (const TaxRate& rate : state.tax_rates) {
      if (EqualsIgnoringCase(rate.tax_type, request.Param("TaxType"))) {
        return Envelope(request, clock_.Now(), "TaxRates", Json::MakeArray({ToJson(rate)}));
      }
    }
    return NotFound();
  });
}

http::Response AccountingRead::GetTrackingCategory(const http::Request& request) const {
  return WithOrganisation(request, kSettings, [&](const OrgState& state) -> http::Response {
    for (const TrackingCategory& category : state.tracking_categories) {
      if (category.status != "DELETED" &&
          EqualsIgnoringCase(category.tracking_category_id, request.Param("TrackingCategoryID"))) {
        return Envelope(request, clock_.Now(), "TrackingCategories",
                        Json::MakeArray({ToJson(category)}));
      }
    }
    return NotFound();
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
    return Envelope(request, clock_.Now(), "Currencies", Render(std::get<0>(selected)));
  });
}

http::Response AccountingRead::GetTrackingCategories(const http::Request& request) const {
  const bool include_archived = IsTrue(request.Query("includeArchived"));
  return WithOrganisation(request, kSettings, [&](const OrgState& state) -> http::Response {
    const auto read = [](const TrackingCategory& c, std::string_view name) {
      return name == "Name" ? c.name : name == "Status" ? c.status : c.tracking_category_id;
    };
    auto selected =
        Select(request, state.tracking_categories, kTrackingFields, "TrackingCategory", read,
               [&](const TrackingCategory& c) {
                 return c.status != "DELETED" && (include_archived || c.status != "ARCHIVED");
               });
    if (auto* error = std::get_if<http::Response>(&selected)) return std::move(*error);
    return Envelope(request, clock_.Now(), "TrackingCategories", Render(std::get<0>(selected)));
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
    auto [page, pagination] = Paginate(request, std::move(contacts));
    return Envelope(request, clock_.Now(), "Contacts", Render(page), std::move(pagination));
  });
}

http::Response AccountingRead::GetContact(const http::Request& request) const {
  return WithOrganisation(request, kContacts, [&](const OrgState& state) -> http::Response {
    // The spec also reads a contact by its ContactNumber at the same path.
    const std::string_view key = request.Param("ContactID");
    for (const Contact& contact : state.contacts) {
      if (EqualsIgnoringCase(contact.contact_id, key) ||
          (!contact.contact_number.empty() && contact.contact_number == key)) {
        return Envelope(request, clock_.Now(), "Contacts", Json::MakeArray({ToJson(contact)}));
      }
    }
    return NotFound();
  });
}

}  // namespace xerosync::emulator
