#pragma once
// The accounting API's read endpoints for an organisation's settings and contacts, as Xero answers
// them (FACTS.md §3.1, §3.4, §4.2; docs/emulator.md, "Accounting reads"):
//
//   GET /api.xro/2.0/Organisation                       accounting.settings
//   GET /api.xro/2.0/Accounts, /Accounts/{AccountID}    accounting.settings
//   GET /api.xro/2.0/TaxRates, /TaxRates/{TaxType}      accounting.settings
//   GET /api.xro/2.0/Currencies                         accounting.settings
//   GET /api.xro/2.0/TrackingCategories(/{id})          accounting.settings
//   GET /api.xro/2.0/Contacts, /Contacts/{ContactID}    accounting.contacts
//       (the path also takes a ContactNumber, as the spec's GET /Contacts/{ContactNumber})
//
// Each call is authenticated by Identity (a ".read" scope is enough). Answers are Xero's envelope
// {"Id","Status":"OK","ProviderName","DateTimeUTC","<Plural>":[...]}, whose Id is the request's
// Xero-Correlation-Id header as stamped by Emulator::Handle. Lists honour `where` (query_filter.h),
// Accounts and Contacts If-Modified-Since, Contacts `page`/`pageSize`, `includeArchived`, `IDs`
// and `searchTerm`. Unknown ids get Xero's plain-text 404.
//
// Thread safety: handlers may be called concurrently (state is read through Organisations).

#include "core/clock.h"
#include "emulator/identity.h"
#include "emulator/organisation.h"
#include "http/http.h"

namespace xerosync::emulator {

class AccountingRead {
 public:
  // REQUIRES: all three outlive this object.
  AccountingRead(const Clock& clock, const Identity& identity, const Organisations& organisations);

  // Registers the endpoints above. REQUIRES: this object outlives `router`.
  void AddRoutes(http::Router& router);

  http::Response GetOrganisation(const http::Request& request) const;
  http::Response GetAccounts(const http::Request& request) const;
  http::Response GetAccount(const http::Request& request) const;
  http::Response GetTaxRates(const http::Request& request) const;
  http::Response GetTaxRate(const http::Request& request) const;
  http::Response GetCurrencies(const http::Request& request) const;
  http::Response GetTrackingCategories(const http::Request& request) const;
  http::Response GetTrackingCategory(const http::Request& request) const;
  http::Response GetContacts(const http::Request& request) const;
  http::Response GetContact(const http::Request& request) const;

 private:
  // Authenticates for `scope`, then answers with `serve` applied to the caller's organisation.
  template <typename Serve>
  http::Response WithOrganisation(const http::Request& request, const char* scope,
                                  Serve&& serve) const;

  const Clock& clock_;
  const Identity& identity_;
  const Organisations& organisations_;
};

}  // namespace xerosync::emulator
