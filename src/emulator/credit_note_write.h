#pragma once
// Credit notes and their allocations written through the accounting API (FACTS.md §3.2, §5, §7
// "CreditNote", "Allocation"; docs/emulator.md):
//
//   PUT  /api.xro/2.0/CreditNotes                         create one or more
//   POST /api.xro/2.0/CreditNotes                         create, or update by CreditNoteID
//   POST /api.xro/2.0/CreditNotes/{CreditNoteID}          update that credit note
//   PUT  /api.xro/2.0/CreditNotes/{CreditNoteID}/Allocations
//                                                         allocate it to invoices
//   DELETE /api.xro/2.0/CreditNotes/{CreditNoteID}/Allocations/{AllocationID}
//                                                         remove an allocation
//
// Scopes accounting.transactions or accounting.invoices. Credit notes follow the invoices' rules
// (document_write.h) with ACCRECCREDIT numbers "CN-0001"… unique and no due date needed; their
// RemainingCredit is the total while nothing is allocated. An allocation needs an AUTHORISED credit
// note and an AUTHORISED invoice of the same contact, currency and side (ACCRECCREDIT with ACCREC,
// ACCPAYCREDIT with ACCPAY), and an amount within both the credit remaining and the amount due;
// it settles both (documents.h Settle, SettleCredit), and deleting it undoes that. CREDITNOTE
// events carry {"Type","Status"} (FACTS.md §6); allocations also report INVOICE UPDATE.
//
// Thread safety: writers run under the organisation's lock (accounting_write.h).

#include "emulator/accounting_write.h"
#include "http/http.h"

namespace xerosync::emulator {

// Registers the writes above with `writes`.
void AddCreditNoteWrites(AccountingWrite& writes, http::Router& router);

// The element writers themselves, for tests.
ElementResult WriteCreditNote(WriteContext& context, const Json& element);
ElementResult WriteAllocation(WriteContext& context, const Json& element);

}  // namespace xerosync::emulator
