#include "emulator/document_json.h"

#include <utility>

#include "emulator/api_util.h"
#include "emulator/contact_write.h"
#include "emulator/document_rules.h"
#include "emulator/line_items.h"

namespace xerosync::emulator {
namespace {

Json Money(Decimal value) { return Json::Number(value, 2); }

void SetDate(Json& json, const char* string_key, const char* key, TimePoint date) {
  json.Set(string_key, Json::String(DateString(date)));
  json.Set(key, Json::String(MsDate(date)));
}

const Allocation* FindAllocation(const OrgState& state, const std::string& id) {
  for (const Allocation& a : state.allocations) {
    if (a.allocation_id == id) return &a;
  }
  return nullptr;
}

Json PaymentSummaries(const OrgState& state, const std::vector<std::string>& ids) {
  Json payments = Json::MakeArray();
  for (const std::string& id : ids) {
    for (const Payment& p : state.payments) {
      if (p.payment_id != id || p.status == "DELETED") continue;
      Json json = Json::MakeObject({{"PaymentID", Json::String(p.payment_id)},
                                    {"Date", Json::String(MsDate(p.date))},
                                    {"Amount", Money(p.amount)},
                                    {"CurrencyRate", CurrencyRateJson(p.currency_rate)},
                                    {"HasAccount", Json::Bool(false)},
                                    {"HasValidationErrors", Json::Bool(false)}});
      if (!p.reference.empty()) json.Set("Reference", Json::String(p.reference));
      payments.Append(std::move(json));
    }
  }
  return payments;
}

// The header every document with lines shares, after its type-specific members.
void SetDocumentBody(Json& json, const OrgState& state, const std::string& contact_id,
                     TimePoint date, const std::optional<TimePoint>& due_date,
                     const std::string& status, const std::string& line_amount_types,
                     const std::vector<LineItem>& lines, const DocumentTotals& totals,
                     TimePoint updated, const std::string& currency_code, RenderOptions options) {
  json.Set("Contact", ContactSummary(state, contact_id));
  SetDate(json, "DateString", "Date", date);
  if (due_date) SetDate(json, "DueDateString", "DueDate", *due_date);
  json.Set("Status", Json::String(status));
  json.Set("LineAmountTypes", Json::String(line_amount_types));
  json.Set("LineItems",
           options.line_items ? LineItemsJson(lines, options.unit_dp4) : Json::MakeArray());
  json.Set("SubTotal", Money(totals.sub_total));
  json.Set("TotalTax", Money(totals.total_tax));
  json.Set("Total", Money(totals.total));
  json.Set("UpdatedDateUTC", Json::String(MsDate(updated)));
  json.Set("CurrencyCode", Json::String(currency_code));
}

}  // namespace

Json InvoiceJson(const OrgState& state, const Invoice& i, RenderOptions options) {
  Json json = Json::MakeObject();
  json.Set("Type", Json::String(i.type));
  json.Set("InvoiceID", Json::String(i.invoice_id));
  json.Set("InvoiceNumber", Json::String(i.invoice_number));
  json.Set("Reference", Json::String(i.reference));
  json.Set("Payments", PaymentSummaries(state, i.payment_ids));
  Json credit_notes = Json::MakeArray();
  for (const std::string& id : i.allocation_ids) {
    const Allocation* a = FindAllocation(state, id);
    if (a == nullptr || a->is_deleted) continue;
    const CreditNote* c = FindCreditNote(state, a->credit_note_id);
    if (c == nullptr) continue;
    credit_notes.Append(Json::MakeObject({{"CreditNoteID", Json::String(c->credit_note_id)},
                                          {"CreditNoteNumber", Json::String(c->credit_note_number)},
                                          {"ID", Json::String(c->credit_note_id)},
                                          {"AppliedAmount", Money(a->amount)},
                                          {"DateString", Json::String(DateString(a->date))},
                                          {"Date", Json::String(MsDate(a->date))},
                                          {"Total", Money(c->totals.total)},
                                          {"HasErrors", Json::Bool(false)}}));
  }
  json.Set("CreditNotes", std::move(credit_notes));
  json.Set("Prepayments", Json::MakeArray());
  json.Set("Overpayments", Json::MakeArray());
  json.Set("AmountDue", Money(i.amount_due));
  json.Set("AmountPaid", Money(i.amount_paid));
  json.Set("AmountCredited", Money(i.amount_credited));
  json.Set("SentToContact", Json::Bool(i.sent_to_contact));
  json.Set("CurrencyRate", CurrencyRateJson(i.currency_rate));
  json.Set("IsDiscounted", Json::Bool(false));
  json.Set("HasAttachments", Json::Bool(false));
  json.Set("HasErrors", Json::Bool(false));
  SetDocumentBody(json, state, i.contact_id, i.date, i.due_date, i.status, i.line_amount_types,
                  i.line_items, i.totals, i.updated, i.currency_code, options);
  if (!i.url.empty()) json.Set("Url", Json::String(i.url));
  if (i.fully_paid_on) json.Set("FullyPaidOnDate", Json::String(MsDate(*i.fully_paid_on)));
  return json;
}

Json CreditNoteJson(const OrgState& state, const CreditNote& c, RenderOptions options) {
  Json json = Json::MakeObject();
  json.Set("Type", Json::String(c.type));
  json.Set("CreditNoteID", Json::String(c.credit_note_id));
  json.Set("CreditNoteNumber", Json::String(c.credit_note_number));
  json.Set("ID", Json::String(c.credit_note_id));
  json.Set("Reference", Json::String(c.reference));
  json.Set("Payments", PaymentSummaries(state, c.payment_ids));
  json.Set("RemainingCredit", Money(c.remaining_credit));
  Json allocations = Json::MakeArray();
  Decimal applied;
  for (const std::string& id : c.allocation_ids) {
    const Allocation* a = FindAllocation(state, id);
    if (a == nullptr || a->is_deleted) continue;
    applied = applied.Plus(a->amount).value_or(applied);
    allocations.Append(AllocationJson(state, *a));
  }
  json.Set("Allocations", std::move(allocations));
  json.Set("AppliedAmount", Money(applied));
  json.Set("SentToContact", Json::Bool(c.sent_to_contact));
  json.Set("CurrencyRate", CurrencyRateJson(c.currency_rate));
  json.Set("HasAttachments", Json::Bool(false));
  json.Set("HasErrors", Json::Bool(false));
  SetDocumentBody(json, state, c.contact_id, c.date, c.due_date, c.status, c.line_amount_types,
                  c.line_items, c.totals, c.updated, c.currency_code, options);
  if (c.fully_paid_on) json.Set("FullyPaidOnDate", Json::String(MsDate(*c.fully_paid_on)));
  return json;
}

Json AllocationJson(const OrgState& state, const Allocation& a) {
  Json invoice = Json::MakeObject({{"InvoiceID", Json::String(a.invoice_id)}});
  if (const Invoice* i = FindInvoice(state, a.invoice_id)) {
    invoice.Set("InvoiceNumber", Json::String(i->invoice_number));
  }
  Json credit_note = Json::MakeObject({{"CreditNoteID", Json::String(a.credit_note_id)}});
  if (const CreditNote* c = FindCreditNote(state, a.credit_note_id)) {
    credit_note.Set("CreditNoteNumber", Json::String(c->credit_note_number));
  }
  Json json = Json::MakeObject({{"AllocationID", Json::String(a.allocation_id)},
                                {"Amount", Money(a.amount)},
                                {"Date", Json::String(MsDate(a.date))},
                                {"Invoice", std::move(invoice)},
                                {"CreditNote", std::move(credit_note)}});
  if (a.is_deleted) json.Set("IsDeleted", Json::Bool(true));
  return json;
}

const Invoice* FindInvoice(const OrgState& state, std::string_view invoice_id) {
  for (const Invoice& i : state.invoices) {
    if (EqualsIgnoringCase(i.invoice_id, invoice_id)) return &i;
  }
  return nullptr;
}

const CreditNote* FindCreditNote(const OrgState& state, std::string_view credit_note_id) {
  for (const CreditNote& c : state.credit_notes) {
    if (EqualsIgnoringCase(c.credit_note_id, credit_note_id)) return &c;
  }
  return nullptr;
}

Invoice* FindInvoice(OrgState& state, std::string_view invoice_id) {
  return const_cast<Invoice*>(FindInvoice(std::as_const(state), invoice_id));
}

CreditNote* FindCreditNote(OrgState& state, std::string_view credit_note_id) {
  return const_cast<CreditNote*>(FindCreditNote(std::as_const(state), credit_note_id));
}

bool HasSettlements(const OrgState& state, const Invoice& invoice) {
  for (const std::string& id : invoice.payment_ids) {
    for (const Payment& p : state.payments) {
      if (p.payment_id == id && p.status != "DELETED") return true;
    }
  }
  for (const std::string& id : invoice.allocation_ids) {
    const Allocation* a = FindAllocation(state, id);
    if (a != nullptr && !a->is_deleted) return true;
  }
  return false;
}

}  // namespace xerosync::emulator
