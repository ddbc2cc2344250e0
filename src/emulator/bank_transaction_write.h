#pragma once
// Bank transactions (spend and receive money) written through the accounting API (FACTS.md §3.2,
// §3.3, §5, §7 "BankTransaction"; docs/emulator.md):
//
//   PUT  /api.xro/2.0/BankTransactions                       create one or more
//   POST /api.xro/2.0/BankTransactions                       create, or update by BankTransactionID
//   POST /api.xro/2.0/BankTransactions/{BankTransactionID}   update that bank transaction
//
// Rules: Type RECEIVE or SPEND (the overpayment, prepayment and transfer types are refused: the
// emulator does not model them); a Contact (contact_write.h: chosen as for invoices, created by
// Name when new); a BankAccount {AccountID | Code} that is an active BANK account; LineItems read,
// checked and totalled as every document's (line_items.h), at least one; a subscribed
// CurrencyCode; a Date (today by default) outside the locked period. Status is AUTHORISED; POST may
// set DELETED or VOIDED, after which the transaction cannot be changed. An update keeps whatever
// members the element leaves out. Xero raises no webhook events for bank transactions.
//
// Thread safety: writers run under the organisation's lock (accounting_write.h).

#include "emulator/accounting_write.h"
#include "http/http.h"

namespace xerosync::emulator {

// Registers the bank transaction writes above with `writes`.
void AddBankTransactionWrites(AccountingWrite& writes, http::Router& router);

// The element writer of the endpoints above (REQUIRES: the organisation's lock is held).
ElementResult WriteBankTransaction(WriteContext& context, const Json& element);

}  // namespace xerosync::emulator
