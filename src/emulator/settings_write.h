#pragma once
// The organisation settings written through the accounting API (FACTS.md §3.2, §5, §7), all under
// the accounting.settings scope:
//
//   PUT    /Accounts                  one bare Account: create
//   POST   /Accounts/{AccountID}      {"Accounts":[one]}: update
//   DELETE /Accounts/{AccountID}      delete (Status DELETED)
//   PUT    /Currencies                one bare Currency: subscribe the organisation to it
//   PUT    /TaxRates, POST /TaxRates  {"TaxRates":[...]}: create; create or update (by TaxType or
//   Name) PUT    /TrackingCategories                             one bare category: create POST
//   /TrackingCategories/{TrackingCategoryID}         rename or change status DELETE
//   /TrackingCategories/{TrackingCategoryID}         delete PUT
//   /TrackingCategories/{TrackingCategoryID}/Options one bare option: create POST
//   /TrackingCategories/{..}/Options/{TrackingOptionID}  rename or change status DELETE
//   /TrackingCategories/{..}/Options/{TrackingOptionID}  delete
//
// Xero's account rules and messages (FACTS.md §5): "Please enter a unique Name.", "Please enter a
// unique Code", "Account is not found", "Can only update STATUS on Archived accounts", "Cannot
// archive System accounts", "Cannot update Bank Accounts", "Cannot update account details and
// STATUS on the same request", "Account cannot be updated to Inventory", "The current organisation
// is not subscribed to currency 'EUR'.". Where Xero's text is not known the emulator's own wording
// is listed in docs/emulator.md.
//
// Thread safety: writers run under the organisation's lock (accounting_write.h).

#include "emulator/accounting_write.h"
#include "http/http.h"

namespace xerosync::emulator {

// Registers the routes above with `writes`.
void AddSettingsWrites(AccountingWrite& writes, http::Router& router);

}  // namespace xerosync::emulator
