#include "sync/settings.h"

#include <string>
#include <utility>
#include <variant>

#include "core/json.h"
#include "xero/reads.h"
#include "xero/wire.h"

namespace xerosync::sync {
namespace {

struct Source {
  std::string_view kind;
  std::string_view path;
  std::string_view plural;  // the answer's array
  bool paged;
};

constexpr Source kSources[] = {
    {"organisation", "/Organisation", "Organisations", false},
    {"accounts", "/Accounts", "Accounts", false},
    {"tax_rates", "/TaxRates", "TaxRates", false},
    {"currencies", "/Currencies", "Currencies", false},
    {"tracking_categories", "/TrackingCategories", "TrackingCategories", false},
    {"contacts", "/Contacts", "Contacts", true},
};

Result<std::string> Get(xero::Transport& transport, const xero::ApiCaller& caller,
                        std::string_view path, const xero::QueryParams& query) {
  const xero::HttpRequest request = xero::BuildGet(caller, path, query);
  xero::TransportResult sent = transport.Send(request);
  if (auto* error = std::get_if<xero::TransportError>(&sent)) {
    return Status(error->code, "GET " + std::string(path) + ": " + error->message);
  }
  xero::HttpResponse& response = std::get<xero::HttpResponse>(sent);
  if (response.status != 200) return xero::StatusOfAnswer(response);
  return std::move(response.body);
}

// Every page (one when not `paged`) of the source's records as one {"<Plural>":[...]} document,
// without Xero's envelope: its DateTimeUTC changes on every call, and a cache that differs on
// every refresh would retry every failed document each time.
Result<std::string> ReadAll(xero::Transport& transport, const xero::ApiCaller& caller,
                            const Source& source) {
  constexpr int kPageSize = 1000;
  Json all = Json::MakeArray();
  for (int page = 1; page <= 10'000; ++page) {
    xero::QueryParams query;
    if (source.paged) {
      query = {{"includeArchived", "true"},
               {"page", std::to_string(page)},
               {"pageSize", std::to_string(kPageSize)}};
    }
    ASSIGN_OR_RETURN(const std::string body, Get(transport, caller, source.path, query));
    ASSIGN_OR_RETURN(Json json, Json::Parse(body));
    Json* records = json.Find(source.plural);
    if (records == nullptr || !records->is_array()) {
      return DataLossError("GET " + std::string(source.path) + " answered without " +
                           std::string(source.plural));
    }
    const std::size_t count = records->AsArray().size();
    for (Json& record : records->AsArray()) all.Append(std::move(record));
    if (!source.paged || count < static_cast<std::size_t>(kPageSize)) break;
  }
  Json out = Json::MakeObject();
  out.Set(std::string(source.plural), std::move(all));
  return out.Serialize();
}

template <typename T>
Result<std::optional<std::vector<T>>> CachedIfAny(store::Store& store,
                                                  const domain::TenantId& tenant,
                                                  std::string_view kind) {
  ASSIGN_OR_RETURN(const std::optional<store::CachedSettings> cached,
                   store.GetSettings(tenant, kind));
  if (!cached) return std::optional<std::vector<T>>();
  ASSIGN_OR_RETURN(xero::ListResponse<T> list, xero::DecodeList<T>(cached->json));
  std::vector<T> out;
  out.reserve(list.items.size());
  for (xero::Element<T>& element : list.items) out.push_back(std::move(element.value));
  return std::optional<std::vector<T>>(std::move(out));
}

template <typename T>
Result<std::vector<T>> Cached(store::Store& store, const domain::TenantId& tenant,
                              std::string_view kind) {
  ASSIGN_OR_RETURN(std::optional<std::vector<T>> cached, CachedIfAny<T>(store, tenant, kind));
  return cached ? std::move(*cached) : std::vector<T>();
}

}  // namespace

Result<int> RefreshSettings(xero::Transport& transport, const xero::ApiCaller& caller,
                            store::Store& store, const domain::TenantId& tenant, TimePoint now) {
  int changed = 0;
  for (const Source& source : kSources) {
    Result<std::string> body = ReadAll(transport, caller, source);
    RETURN_IF_ERROR(body.status());
    store::CachedSettings settings;
    settings.kind = std::string(source.kind);
    settings.json = std::move(*body);
    settings.fetched_at = now;
    ASSIGN_OR_RETURN(const bool differs, store.PutSettings(tenant, settings));
    if (differs) ++changed;
  }
  return changed;
}

Result<std::vector<domain::TaxRate>> CachedTaxRates(store::Store& store,
                                                    const domain::TenantId& tenant) {
  return Cached<domain::TaxRate>(store, tenant, "tax_rates");
}

Result<std::vector<domain::Contact>> CachedContacts(store::Store& store,
                                                    const domain::TenantId& tenant) {
  return Cached<domain::Contact>(store, tenant, "contacts");
}

Result<rules::Settings> CachedSettingsOf(store::Store& store, const domain::TenantId& tenant) {
  rules::Settings settings;
  ASSIGN_OR_RETURN(std::optional<std::vector<domain::Organisation>> organisations,
                   CachedIfAny<domain::Organisation>(store, tenant, "organisation"));
  if (organisations && !organisations->empty()) {
    settings.organisation = std::move(organisations->front());
  }
  ASSIGN_OR_RETURN(settings.accounts, CachedIfAny<domain::Account>(store, tenant, "accounts"));
  ASSIGN_OR_RETURN(settings.tax_rates, CachedIfAny<domain::TaxRate>(store, tenant, "tax_rates"));
  ASSIGN_OR_RETURN(settings.currencies, CachedIfAny<domain::Currency>(store, tenant, "currencies"));
  ASSIGN_OR_RETURN(settings.tracking_categories,
                   CachedIfAny<domain::TrackingCategory>(store, tenant, "tracking_categories"));
  ASSIGN_OR_RETURN(settings.contacts, CachedIfAny<domain::Contact>(store, tenant, "contacts"));
  return settings;
}

}  // namespace xerosync::sync
