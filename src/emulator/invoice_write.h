#pragma once
// Invoices written through the accounting API (FACTS.md §3.2, §3.3, §5, §7 "Invoice";
// docs/emulator.md):
//
//   PUT  /api.xro/2.0/Invoices               create one or more
//   POST /api.xro/2.0/Invoices               create, or update by InvoiceID (ACCREC also by
//                                            InvoiceNumber)
//   POST /api.xro/2.0/Invoices/{InvoiceID}   update that invoice (the path may name its number)
//
// Scopes accounting.transactions or accounting.invoices. Rules: Type ACCREC or ACCPAY; a contact
// (contact_write.h; archived ones refused); lines (line_items.h); Date defaulting to today; DueDate
// needed to authorise; a subscribed currency; unique ACCREC numbers, generated "INV-0001"… when
// missing; status moves DRAFT/SUBMITTED → AUTHORISED, DRAFT/SUBMITTED → DELETED, AUTHORISED →
// VOIDED without payments or credit notes; PAID, VOIDED and DELETED invoices are not editable;
// an invoice with payments or allocations keeps its lines, amounts and date; lock dates stop
// authorised documents dated on or before them. INVOICE CREATE/UPDATE events.
//
// Thread safety: writers run under the organisation's lock (accounting_write.h).

#include "emulator/accounting_write.h"
#include "http/http.h"

namespace xerosync::emulator {

// Registers the invoice writes above with `writes`.
void AddInvoiceWrites(AccountingWrite& writes, http::Router& router);

// The invoice writer itself (PUT or POST element), for tests and other endpoints.
ElementResult WriteInvoice(WriteContext& context, const Json& element);

}  // namespace xerosync::emulator
