#pragma once
// Invoices, credit notes and allocations rendered as Xero answers them (shared/xero/openapi/
// xero_accounting.yaml: Invoice, CreditNote, Allocation; FACTS.md §3.5, §7): dates as
// "/Date(ms+0000)/" with DateString beside them, money with two places, Quantity with four,
// CurrencyRate with six, the contact as a summary, and the payments and credit notes settling the
// document as summaries read from the organisation's state.
//
// Thread safety: free functions over values.

#include "core/json.h"
#include "emulator/documents.h"
#include "emulator/organisation.h"

namespace xerosync::emulator {

struct RenderOptions {
  bool line_items = true;  // false: "LineItems":[] (GET /Invoices without paging)
  bool unit_dp4 = false;   // unitdp=4
};

Json InvoiceJson(const OrgState& state, const Invoice& invoice, RenderOptions options = {});
Json CreditNoteJson(const OrgState& state, const CreditNote& credit_note,
                    RenderOptions options = {});
Json AllocationJson(const OrgState& state, const Allocation& allocation);

// The records by id; null when unknown (ids compared ignoring case).
const Invoice* FindInvoice(const OrgState& state, std::string_view invoice_id);
const CreditNote* FindCreditNote(const OrgState& state, std::string_view credit_note_id);
Invoice* FindInvoice(OrgState& state, std::string_view invoice_id);
CreditNote* FindCreditNote(OrgState& state, std::string_view credit_note_id);

// Whether payments (not deleted) or allocations (not deleted) settle the invoice.
bool HasSettlements(const OrgState& state, const Invoice& invoice);

}  // namespace xerosync::emulator
