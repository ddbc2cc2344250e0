#pragma once
// Test-only: the pre-flight Settings of an organisation read through the client from the emulator
// (every kind sync/settings.h caches, archived contacts included), for the parity test and the
// benchmark. Linked as xerosync::rules_testing; xerosync's own code never links the emulator.

#include "core/result.h"
#include "rules/preflight.h"
#include "xero/requests.h"
#include "xero/transport.h"

namespace xerosync::rules::testing {

// GET /Organisation, /Accounts, /TaxRates, /Currencies, /TrackingCategories and every page of
// /Contacts?includeArchived=true, decoded with the client's codecs. The first failure stops it.
Result<Settings> ReadSettings(xero::Transport& transport, const xero::ApiCaller& caller);

}  // namespace xerosync::rules::testing
