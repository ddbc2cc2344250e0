#pragma once
// The accounting API's reads of invoices and credit notes, as Xero answers them (FACTS.md §3.4,
// §4.2; docs/emulator.md):
//
//   GET /api.xro/2.0/Invoices, /Invoices/{InvoiceID}           accounting.transactions or
//   GET /api.xro/2.0/CreditNotes, /CreditNotes/{CreditNoteID}  accounting.invoices (.read too)
//
// Lists honour If-Modified-Since (UpdatedDateUTC), `where` (query_filter.h, fields listed in
// docs), `order` (UpdatedDateUTC, Date, numbers, Reference, Status, Type, Total…; ASC or DESC),
// `page`/`pageSize` (line items are rendered only when paging, as Xero does), `unitdp=4`,
// and for invoices `IDs`, `InvoiceNumbers`, `ContactIDs`, `Statuses`; credit notes take `IDs`
// too. Deleted documents are listed like the others, as Xero does for a filter-free GET
// [UNCONFIRMED]. One invoice may be read by id or by number; unknown ones get Xero's plain-text
// 404.
//
// Thread safety: handlers may be called concurrently (state is read through Organisations).

#include "core/clock.h"
#include "emulator/identity.h"
#include "emulator/organisation.h"
#include "http/http.h"

namespace xerosync::emulator {

// Registers the reads above. REQUIRES: clock, identity and organisations outlive `router`.
void AddDocumentReads(http::Router& router, const Clock& clock, const Identity& identity,
                      const Organisations& organisations);

}  // namespace xerosync::emulator
