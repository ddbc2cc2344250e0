#pragma once
// Payments and bank transactions rendered in Xero's JSON shapes (shared/xero/openapi/
// xero_accounting.yaml: Payment line 23834 and the GET /Payments example at line 11631;
// BankTransaction line 20548 and the GET /BankTransactions example at line 1265). Shared by the
// reads and by the writers, which answer with the record as stored.
//
// As in Xero's own answers, a payment names its document in an "Invoice" summary even when the
// document is a credit note (the summary's Type is then ACCRECCREDIT or ACCPAYCREDIT and its
// InvoiceID and InvoiceNumber are the credit note's: spec GET /Payments example, second payment).
//
// Thread safety: free functions; callers hold the organisation's lock.

#include "core/json.h"
#include "emulator/documents.h"
#include "emulator/organisation.h"

namespace xerosync::emulator {

Json PaymentJson(const OrgState& state, const Payment& payment);
// `unit_dp4`: the request asked for unitdp=4, so UnitAmount keeps four places.
Json BankTransactionJson(const OrgState& state, const BankTransaction& transaction,
                         bool unit_dp4 = false);

}  // namespace xerosync::emulator
