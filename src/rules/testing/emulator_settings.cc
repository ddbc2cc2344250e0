#include "rules/testing/emulator_settings.h"

#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "xero/wire.h"

namespace xerosync::rules::testing {
namespace {

template <typename T>
Result<std::vector<T>> ReadList(xero::Transport& transport, const xero::ApiCaller& caller,
                                std::string_view path, const xero::QueryParams& query = {}) {
  xero::TransportResult sent = transport.Send(xero::BuildGet(caller, path, query));
  const auto* response = std::get_if<xero::HttpResponse>(&sent);
  if (response == nullptr) return UnavailableError("GET " + std::string(path) + " was not sent");
  if (response->status != 200) return xero::StatusOfAnswer(*response);
  ASSIGN_OR_RETURN(xero::ListResponse<T> list, xero::DecodeList<T>(response->body));
  std::vector<T> out;
  for (xero::Element<T>& element : list.items) out.push_back(std::move(element.value));
  return out;
}

}  // namespace

Result<Settings> ReadSettings(xero::Transport& transport, const xero::ApiCaller& caller) {
  Settings settings;
  ASSIGN_OR_RETURN(std::vector<domain::Organisation> organisations,
                   ReadList<domain::Organisation>(transport, caller, "/Organisation"));
  if (organisations.empty()) return DataLossError("GET /Organisation answered none");
  settings.organisation = std::move(organisations.front());
  ASSIGN_OR_RETURN(settings.accounts, ReadList<domain::Account>(transport, caller, "/Accounts"));
  ASSIGN_OR_RETURN(settings.tax_rates, ReadList<domain::TaxRate>(transport, caller, "/TaxRates"));
  ASSIGN_OR_RETURN(settings.currencies,
                   ReadList<domain::Currency>(transport, caller, "/Currencies"));
  ASSIGN_OR_RETURN(settings.tracking_categories,
                   ReadList<domain::TrackingCategory>(transport, caller, "/TrackingCategories"));
  std::vector<domain::Contact> contacts;
  constexpr int kPageSize = 1000;
  for (int page = 1;; ++page) {
    ASSIGN_OR_RETURN(std::vector<domain::Contact> some,
                     ReadList<domain::Contact>(transport, caller, "/Contacts",
                                               {{"includeArchived", "true"},
                                                {"page", std::to_string(page)},
                                                {"pageSize", std::to_string(kPageSize)}}));
    const std::size_t count = some.size();
    for (domain::Contact& contact : some) contacts.push_back(std::move(contact));
    if (count < static_cast<std::size_t>(kPageSize)) break;
  }
  settings.contacts = std::move(contacts);
  return settings;
}

}  // namespace xerosync::rules::testing
