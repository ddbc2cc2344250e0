#pragma once
// The organisation's Xero settings cached in the store (docs/sync.md, "Adopting"; the pre-flight
// checks of issue 6 read them): organisation, accounts, tax rates, currencies, tracking categories
// and contacts (archived ones included), each kept as Xero's JSON under its kind.
//
//   RETURN_IF_ERROR(RefreshSettings(xero, caller, store, tenant, now).status());
//
// Thread safety: functions of values; the Transport and Store decide about concurrency.

#include <string_view>
#include <vector>

#include "core/result.h"
#include "domain/contact.h"
#include "domain/settings.h"
#include "rules/preflight.h"
#include "store/store.h"
#include "xero/requests.h"
#include "xero/transport.h"

namespace xerosync::sync {

// The kinds, as stored: "organisation", "accounts", "tax_rates", "currencies",
// "tracking_categories", "contacts".
inline constexpr std::string_view kSettingsKinds[] = {
    "organisation", "accounts", "tax_rates", "currencies", "tracking_categories", "contacts"};

// Reads every kind from Xero and saves it (Store::PutSettings bumps the settings generation when
// one changed). Returns how many kinds changed. A read that fails stops the refresh with its
// Status (a connection refusal keeps its code); kinds saved before it stay saved.
Result<int> RefreshSettings(xero::Transport& transport, const xero::ApiCaller& caller,
                            store::Store& store, const domain::TenantId& tenant, TimePoint now);

// The cached tax rates and contacts, decoded (empty when never cached).
Result<std::vector<domain::TaxRate>> CachedTaxRates(store::Store& store,
                                                    const domain::TenantId& tenant);
Result<std::vector<domain::Contact>> CachedContacts(store::Store& store,
                                                    const domain::TenantId& tenant);
// Every cached kind, decoded for the pre-flight checks (a kind never cached is nullopt).
Result<rules::Settings> CachedSettingsOf(store::Store& store, const domain::TenantId& tenant);

}  // namespace xerosync::sync
