#include "emulator/credit_note_write.h"

#include <utility>

#include "emulator/api_util.h"
#include "emulator/document_json.h"
#include "emulator/document_rules.h"
#include "emulator/document_write.h"

namespace xerosync::emulator {
namespace {

const std::vector<std::string> kScopes = {"accounting.transactions", "accounting.invoices"};

constexpr char kOverAllocated[] =
    "Credit Note cannot be allocated as amount is greater than amount outstanding";
constexpr char kPaidOff[] = "The invoice you are trying to allocate to has already been paid off";

const DocumentKind& CreditNoteKind() {
  static const DocumentKind kind{
      .id_member = "CreditNoteID",
      .number_member = "CreditNoteNumber",
      .types = {"ACCRECCREDIT", "ACCPAYCREDIT"},
      .numbered_type = "ACCRECCREDIT",
      .number_prefix = "CN-",
      .not_editable = "Document not of valid status for modification",
      // No Xero text is known for these two: worded after the invoices' messages.
      .duplicate_number = "Credit Note # must be unique.",
      .void_blocked =
          "This document cannot be edited as it has a payment or credit note allocated to it.",
      .reference_on_every_type = true,
      .due_date_to_authorise = false,
  };
  return kind;
}

DocumentFields FieldsOf(const CreditNote& c) {
  return DocumentFields{c.type,
                        c.contact_id,
                        c.credit_note_number,
                        c.reference,
                        "",
                        c.date,
                        c.due_date,
                        c.status,
                        c.line_amount_types,
                        c.currency_code,
                        c.currency_rate,
                        c.sent_to_contact,
                        c.line_items,
                        c.totals};
}

void Store(const DocumentFields& f, CreditNote& c) {
  c.type = f.type;
  c.contact_id = f.contact_id;
  c.credit_note_number = f.number;
  c.reference = f.reference;
  c.date = f.date;
  c.due_date = f.due_date;
  c.status = f.status;
  c.line_amount_types = f.line_amount_types;
  c.currency_code = f.currency_code;
  c.currency_rate = f.currency_rate;
  c.sent_to_contact = f.sent_to_contact;
  c.line_items = f.line_items;
  c.totals = f.totals;
}

bool Settled(const OrgState& state, const CreditNote& c) {
  for (const Allocation& a : state.allocations) {
    if (a.credit_note_id == c.credit_note_id && !a.is_deleted) return true;
  }
  for (const Payment& p : state.payments) {
    if (p.credit_note_id == c.credit_note_id && p.status != "DELETED") return true;
  }
  return false;
}

void CreditNoteChanged(const WriteContext& context, const CreditNote& c, const char* type) {
  context.Changed(
      "CREDITNOTE", type, c.credit_note_id,
      Json::MakeObject({{"Type", Json::String(c.type)}, {"Status", Json::String(c.status)}}));
}

bool Matches(const CreditNote& c, const Invoice& i) {
  return (c.type == "ACCRECCREDIT" && i.type == "ACCREC") ||
         (c.type == "ACCPAYCREDIT" && i.type == "ACCPAY");
}

http::Response DeleteAllocation(WriteContext& context, const Json& /*body*/) {
  OrgState& state = context.state;
  const std::string_view credit_note_id = context.request.Param("CreditNoteID");
  const std::string_view allocation_id = context.request.Param("AllocationID");
  for (Allocation& a : state.allocations) {
    if (a.is_deleted || !EqualsIgnoringCase(a.allocation_id, allocation_id) ||
        !EqualsIgnoringCase(a.credit_note_id, credit_note_id)) {
      continue;
    }
    Invoice* invoice = FindInvoice(state, a.invoice_id);
    CreditNote* credit_note = FindCreditNote(state, a.credit_note_id);
    if (invoice == nullptr || credit_note == nullptr) break;
    a.is_deleted = true;
    Unsettle(*invoice, a.amount, /*credited=*/true);
    UnsettleCredit(*credit_note, a.amount);
    invoice->updated = context.now;
    credit_note->updated = context.now;
    context.Changed("INVOICE", "UPDATE", invoice->invoice_id);
    CreditNoteChanged(context, *credit_note, "UPDATE");
    // The spec's answer is the allocation itself, flagged deleted, without the envelope.
    return http::Response::Json(200, AllocationJson(state, a).Serialize());
  }
  return NotFound();
}

}  // namespace

ElementResult WriteCreditNote(WriteContext& context, const Json& element) {
  OrgState& state = context.state;
  Json echo = element;
  const std::string id =
      !context.path_id.empty() ? context.path_id : MemberText(element, "CreditNoteID");
  CreditNote* existing = nullptr;
  if (!id.empty()) {
    existing = FindCreditNote(state, id);
    if (existing == nullptr) {
      AddValidationError(
          echo, "An existing Credit Note with the specified CreditNoteID could not be found");
      return {std::move(echo), false};
    }
  }
  DocumentTarget target;
  const DocumentFields old = existing != nullptr ? FieldsOf(*existing) : DocumentFields{};
  if (existing != nullptr) {
    target.existing = &old;
    target.settled = Settled(state, *existing);
  }
  for (const CreditNote& c : state.credit_notes) {
    if (&c != existing && c.type == "ACCRECCREDIT" && c.status != "DELETED") {
      target.numbers_in_use.push_back(c.credit_note_number);
    }
  }
  std::optional<ReadDocumentResult> read =
      ReadDocument(context, element, CreditNoteKind(), target, echo);
  if (!read) return {std::move(echo), false};

  CommitContactChoice(context, read->contact);
  const bool creating = existing == nullptr;
  // Credit already used (allocated or refunded) before this write.
  const Decimal used =
      creating ? Decimal() : old.totals.total.Minus(existing->remaining_credit).value_or(Decimal());
  if (creating) {
    state.credit_notes.emplace_back();
    existing = &state.credit_notes.back();
    existing->credit_note_id = context.random.Uuid();
  }
  CreditNote& credit_note = *existing;
  Store(read->fields, credit_note);
  credit_note.remaining_credit =
      credit_note.status == "VOIDED" || credit_note.status == "DELETED"
          ? Decimal()
          : credit_note.totals.total.Minus(used).value_or(credit_note.totals.total);
  if (credit_note.status == "AUTHORISED" && credit_note.remaining_credit.is_zero()) {
    credit_note.status = "PAID";
    credit_note.fully_paid_on = credit_note.date;
  }
  credit_note.updated = context.now;
  CreditNoteChanged(context, credit_note, creating ? "CREATE" : "UPDATE");
  const bool unit_dp4 = context.request.Query("unitdp").value_or("") == "4";
  return {CreditNoteJson(state, credit_note, {.line_items = true, .unit_dp4 = unit_dp4}), true};
}

ElementResult WriteAllocation(WriteContext& context, const Json& element) {
  OrgState& state = context.state;
  Json echo = element;
  const auto fail = [&](std::string message) -> ElementResult {
    AddValidationError(echo, std::move(message));
    return {std::move(echo), false};
  };
  CreditNote* credit_note = FindCreditNote(state, context.path_id);
  if (credit_note == nullptr) {
    return fail("An existing Credit Note with the specified CreditNoteID could not be found");
  }
  const Json* invoice_ref = Member(element, "Invoice");
  Invoice* invoice = nullptr;
  if (invoice_ref != nullptr) {
    const std::string invoice_id = MemberText(*invoice_ref, "InvoiceID");
    const std::string number = MemberText(*invoice_ref, "InvoiceNumber");
    if (!invoice_id.empty()) {
      invoice = FindInvoice(state, invoice_id);
    } else if (!number.empty()) {
      for (Invoice& i : state.invoices) {
        if (i.invoice_number == number && i.status != "DELETED") invoice = &i;
      }
    }
  }
  if (invoice == nullptr) {
    return fail("An existing Invoice with the specified InvoiceID could not be found");
  }
  bool bad = false;
  std::optional<Decimal> amount;
  if (const Json* value = Member(element, "Amount"); value != nullptr) {
    Result<Decimal> parsed = value->is_number()   ? value->AsDecimal()
                             : value->is_string() ? Decimal::Parse(value->AsString())
                                                  : Result<Decimal>(InvalidArgumentError("none"));
    if (parsed.ok()) amount = parsed->Round(2).value_or(*parsed);
  }
  const TimePoint date = DateMember(element, "Date", bad).value_or(context.Today());
  // No Xero texts are known for the next checks: the emulator's own words (docs).
  if (!amount || amount->is_negative() || amount->is_zero()) {
    return fail("The Amount of an allocation must be greater than zero.");
  }
  if (bad) return fail("A date is not in a recognised format (YYYY-MM-DD).");
  if (credit_note->status != "AUTHORISED" && credit_note->status != "PAID") {
    return fail("Allocations can only be made from Authorised credit notes");
  }
  if (invoice->status != "AUTHORISED" && invoice->status != "PAID") {
    return fail("Allocations can only be made against Authorised documents");
  }
  if (!Matches(*credit_note, *invoice) || credit_note->contact_id != invoice->contact_id ||
      credit_note->currency_code != invoice->currency_code) {
    return fail("The credit note and the invoice must be of the same contact, currency and type.");
  }
  // Both Xero messages when the invoice is already paid [UNCONFIRMED split, FACTS.md §5].
  const bool paid_off = invoice->status == "PAID";
  if (paid_off) AddValidationError(echo, kPaidOff);
  if (paid_off || *amount > credit_note->remaining_credit || *amount > invoice->amount_due) {
    AddValidationError(echo, kOverAllocated);
    return {std::move(echo), false};
  }
  if (std::string error = LockDateError(state.organisation, date); !error.empty()) {
    return fail(std::move(error));
  }

  Allocation allocation;
  allocation.allocation_id = context.random.Uuid();
  allocation.credit_note_id = credit_note->credit_note_id;
  allocation.invoice_id = invoice->invoice_id;
  allocation.amount = *amount;
  allocation.date = date;
  state.allocations.push_back(allocation);
  invoice->allocation_ids.push_back(allocation.allocation_id);
  credit_note->allocation_ids.push_back(allocation.allocation_id);
  Settle(*invoice, *amount, /*credited=*/true, date);
  SettleCredit(*credit_note, *amount, date);
  invoice->updated = context.now;
  credit_note->updated = context.now;
  context.Changed("INVOICE", "UPDATE", invoice->invoice_id);
  CreditNoteChanged(context, *credit_note, "UPDATE");
  return {AllocationJson(state, allocation), true};
}

void AddCreditNoteWrites(AccountingWrite& writes, http::Router& router) {
  const WriteEndpoint notes{"CreditNotes", kScopes};
  writes.Add(router, "PUT", "/api.xro/2.0/CreditNotes", notes, WriteCreditNote);
  writes.Add(router, "POST", "/api.xro/2.0/CreditNotes", notes, WriteCreditNote);
  writes.Add(router, "POST", "/api.xro/2.0/CreditNotes/{CreditNoteID}", notes, WriteCreditNote);
  const WriteEndpoint allocations{"Allocations", kScopes, "HasValidationErrors"};
  writes.Add(router, "PUT", "/api.xro/2.0/CreditNotes/{CreditNoteID}/Allocations", allocations,
             WriteAllocation);
  writes.AddCustom(router, "DELETE",
                   "/api.xro/2.0/CreditNotes/{CreditNoteID}/Allocations/{AllocationID}", kScopes,
                   DeleteAllocation);
}

}  // namespace xerosync::emulator
