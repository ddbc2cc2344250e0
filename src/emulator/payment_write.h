#pragma once
// Payments written through the accounting API (FACTS.md §3.2, §3.3, §5, §7 "Payment";
// docs/emulator.md):
//
//   PUT  /api.xro/2.0/Payments               {"Payments":[…]}: create; honours summarizeErrors
//   POST /api.xro/2.0/Payments               one bare Payment: create; always summarised
//   POST /api.xro/2.0/Payments/{PaymentID}   {"Status":"DELETED"}: delete that payment
//
// A payment pays an AUTHORISED invoice (Invoice {InvoiceID | InvoiceNumber}) or refunds an
// AUTHORISED credit note (CreditNote {CreditNoteID | CreditNoteNumber}) from an account that is a
// BANK account or has EnablePaymentsToAccount, for at most the amount outstanding, dated on an
// open date (today by default). Writing it settles the document (documents.h: Settle,
// SettleCredit): the invoice's AmountDue and AmountPaid move and it becomes PAID when nothing is
// left due; the document's UpdatedDateUTC moves and an INVOICE (or CREDITNOTE) UPDATE event is
// reported. Deleting it undoes that. Payments cannot be edited otherwise: anything but
// {"Status":"DELETED"} on an AUTHORISED payment is "Payment not of valid status for modification".
//
// Thread safety: writers run under the organisation's lock (accounting_write.h).

#include "emulator/accounting_write.h"
#include "http/http.h"

namespace xerosync::emulator {

// Registers the payment writes above with `writes`.
void AddPaymentWrites(AccountingWrite& writes, http::Router& router);

// The element writer of PUT and POST /Payments, for tests and for other writers that create
// payments (REQUIRES: the organisation's lock is held, as for every ElementWriter).
ElementResult WritePayment(WriteContext& context, const Json& element);

}  // namespace xerosync::emulator
