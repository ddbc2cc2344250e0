#pragma once
// The accounting API's reads of payments and bank transactions, as Xero answers them (FACTS.md
// §3.1, §3.4, §4.2; docs/emulator.md):
//
//   GET /api.xro/2.0/Payments, /Payments/{PaymentID}
//       accounting.transactions or accounting.payments (or their .read forms)
//   GET /api.xro/2.0/BankTransactions, /BankTransactions/{BankTransactionID}
//       accounting.transactions or accounting.banktransactions (or their .read forms)
//
// Lists honour If-Modified-Since (on UpdatedDateUTC), `page`/`pageSize` and `where` over the
// fields listed in the .cc (nested ones such as Invoice.InvoiceID included). Deleted and voided
// records are listed with their status, as Xero lists them. Unknown ids get Xero's plain-text 404.
//
// Thread safety: handlers may be called concurrently (state is read through Organisations).

#include "core/clock.h"
#include "emulator/identity.h"
#include "emulator/organisation.h"
#include "http/http.h"

namespace xerosync::emulator {

class BankingRead {
 public:
  // REQUIRES: all three outlive this object.
  BankingRead(const Clock& clock, const Identity& identity, const Organisations& organisations);

  // Registers the endpoints above. REQUIRES: this object outlives `router`.
  void AddRoutes(http::Router& router);

  http::Response GetPayments(const http::Request& request) const;
  http::Response GetPayment(const http::Request& request) const;
  http::Response GetBankTransactions(const http::Request& request) const;
  http::Response GetBankTransaction(const http::Request& request) const;

 private:
  // Authenticates for `scopes`, then answers with `serve` applied to the caller's organisation.
  template <typename Serve>
  http::Response WithOrganisation(const http::Request& request,
                                  const std::vector<std::string>& scopes, Serve&& serve) const;

  const Clock& clock_;
  const Identity& identity_;
  const Organisations& organisations_;
};

}  // namespace xerosync::emulator
