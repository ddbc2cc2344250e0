// Invoices and bills, credit notes, allocations and payments.
#include "xero/codecs.h"

namespace xerosync::xero {

using domain::Allocation;
using domain::CreditNote;
using domain::Invoice;
using domain::Payment;

void Codec<Invoice>::Decode(FieldReader& r, Invoice& i) {
  i.id = r.IdOf<domain::InvoiceId>("InvoiceID");
  i.type = r.Enum<domain::InvoiceType>("Type");
  r.Object("Contact", i.contact);
  r.Array("LineItems", i.line_items);
  i.date = r.Date("Date");
  i.due_date = r.Date("DueDate");
  i.line_amount_types = r.Enum<domain::LineAmountType>("LineAmountTypes");
  i.number = r.String("InvoiceNumber");
  i.reference = r.String("Reference");
  i.branding_theme_id = r.String("BrandingThemeID");
  i.url = r.String("Url");
  i.currency_code = r.String("CurrencyCode");
  i.currency_rate = r.Amount("CurrencyRate");
  i.status = r.Enum<domain::DocumentStatus>("Status");
  i.sent_to_contact = r.Bool("SentToContact");
  i.expected_payment_date = r.Date("ExpectedPaymentDate");
  i.planned_payment_date = r.Date("PlannedPaymentDate");
  DecodeTotals(r, i.totals);
  i.total_discount = r.Amount("TotalDiscount");
  i.repeating_invoice_id = r.String("RepeatingInvoiceID");
  i.has_attachments = r.Bool("HasAttachments");
  i.is_discounted = r.Bool("IsDiscounted");
  r.Array("Payments", i.payments);
  r.Array("CreditNotes", i.credit_notes);
  i.amount_due = r.Amount("AmountDue");
  i.amount_paid = r.Amount("AmountPaid");
  i.amount_credited = r.Amount("AmountCredited");
  i.fully_paid_on_date = r.Date("FullyPaidOnDate");
  i.updated_at = r.Timestamp("UpdatedDateUTC");
  // Not modelled: *String fields repeat their dates; UK CIS deductions, prepayments and
  // overpayments applied to the invoice, sales-tax addresses and attachments are not synced.
  r.Skip({"DateString", "DueDateString", "ExpectedPaymentDateString", "PlannedPaymentDateString",
          "FullyPaidOnDateString", "UpdatedDateUTCString", "CISDeduction", "CISRate", "Prepayments",
          "Overpayments", "InvoiceAddresses", "Attachments"});
}

void Codec<Invoice>::Encode(const Invoice& i, FieldWriter& w) {
  if (w.reference()) {
    w.IdOf("InvoiceID", i.id);
    if (i.id.empty()) w.String("InvoiceNumber", i.number);
    return;
  }
  w.IdOf("InvoiceID", i.id);
  w.Enum("Type", i.type);
  w.Object("Contact", i.contact, EncodeMode::kReference);
  w.Array("LineItems", i.line_items, EncodeMode::kRequest);
  w.Date("Date", i.date);
  w.Date("DueDate", i.due_date);
  w.Enum("LineAmountTypes", i.line_amount_types);
  w.String("InvoiceNumber", i.number);
  w.String("Reference", i.reference);
  w.String("BrandingThemeID", i.branding_theme_id);
  w.String("Url", i.url);
  w.String("CurrencyCode", i.currency_code);
  w.Amount("CurrencyRate", i.currency_rate);
  w.Enum("Status", i.status);
  w.Bool("SentToContact", i.sent_to_contact);
  w.Date("ExpectedPaymentDate", i.expected_payment_date);
  w.Date("PlannedPaymentDate", i.planned_payment_date);
  if (w.snapshot()) {
    EncodeTotals(i.totals, w);
    w.Amount("TotalDiscount", i.total_discount);
    w.String("RepeatingInvoiceID", i.repeating_invoice_id);
    w.Bool("HasAttachments", i.has_attachments);
    w.Bool("IsDiscounted", i.is_discounted);
    w.Array("Payments", i.payments, EncodeMode::kSnapshot);
    w.Array("CreditNotes", i.credit_notes, EncodeMode::kSnapshot);
    w.Amount("AmountDue", i.amount_due);
    w.Amount("AmountPaid", i.amount_paid);
    w.Amount("AmountCredited", i.amount_credited);
    w.Date("FullyPaidOnDate", i.fully_paid_on_date);
    w.Timestamp("UpdatedDateUTC", i.updated_at);
  }
}

void Codec<CreditNote>::Decode(FieldReader& r, CreditNote& c) {
  c.id = r.IdOf<domain::CreditNoteId>("CreditNoteID");
  c.type = r.Enum<domain::CreditNoteType>("Type");
  r.Object("Contact", c.contact);
  c.date = r.Date("Date");
  c.due_date = r.Date("DueDate");
  c.status = r.Enum<domain::DocumentStatus>("Status");
  c.line_amount_types = r.Enum<domain::LineAmountType>("LineAmountTypes");
  r.Array("LineItems", c.line_items);
  DecodeTotals(r, c.totals);
  c.updated_at = r.Timestamp("UpdatedDateUTC");
  c.currency_code = r.String("CurrencyCode");
  c.fully_paid_on_date = r.Date("FullyPaidOnDate");
  c.number = r.String("CreditNoteNumber");
  c.reference = r.String("Reference");
  c.sent_to_contact = r.Bool("SentToContact");
  c.currency_rate = r.Amount("CurrencyRate");
  c.remaining_credit = r.Amount("RemainingCredit");
  r.Array("Allocations", c.allocations);
  c.applied_amount = r.Amount("AppliedAmount");
  r.Array("Payments", c.payments);
  c.branding_theme_id = r.String("BrandingThemeID");
  c.has_attachments = r.Bool("HasAttachments");
  // Not modelled: as for invoices.
  // "ID" repeats CreditNoteID in some of Xero's answers.
  r.Skip({"DateString", "DueDateString", "FullyPaidOnDateString", "UpdatedDateUTCString",
          "CISDeduction", "CISRate", "InvoiceAddresses", "Attachments", "ID"});
}

void Codec<CreditNote>::Encode(const CreditNote& c, FieldWriter& w) {
  if (w.reference()) {
    w.IdOf("CreditNoteID", c.id);
    if (c.id.empty()) w.String("CreditNoteNumber", c.number);
    return;
  }
  w.IdOf("CreditNoteID", c.id);
  w.Enum("Type", c.type);
  w.Object("Contact", c.contact, EncodeMode::kReference);
  w.Date("Date", c.date);
  w.Date("DueDate", c.due_date);
  w.Enum("Status", c.status);
  w.Enum("LineAmountTypes", c.line_amount_types);
  w.Array("LineItems", c.line_items, EncodeMode::kRequest);
  w.String("CurrencyCode", c.currency_code);
  w.String("CreditNoteNumber", c.number);
  w.String("Reference", c.reference);
  w.Amount("CurrencyRate", c.currency_rate);
  w.String("BrandingThemeID", c.branding_theme_id);
  if (w.snapshot()) {
    EncodeTotals(c.totals, w);
    w.Timestamp("UpdatedDateUTC", c.updated_at);
    w.Date("FullyPaidOnDate", c.fully_paid_on_date);
    w.Bool("SentToContact", c.sent_to_contact);
    w.Amount("RemainingCredit", c.remaining_credit);
    w.Array("Allocations", c.allocations, EncodeMode::kSnapshot);
    w.Amount("AppliedAmount", c.applied_amount);
    w.Array("Payments", c.payments, EncodeMode::kSnapshot);
    w.Bool("HasAttachments", c.has_attachments);
  }
}

void Codec<Allocation>::Decode(FieldReader& r, Allocation& a) {
  a.id = r.IdOf<domain::AllocationId>("AllocationID");
  r.Object("Invoice", a.invoice);
  r.Object("CreditNote", a.credit_note);
  a.amount = r.Amount("Amount");
  a.date = r.Date("Date");
  a.is_deleted = r.Bool("IsDeleted");
  // Not modelled: allocations of prepayments and overpayments are not synced.
  r.Skip({"Overpayment", "Prepayment"});
}

void Codec<Allocation>::Encode(const Allocation& a, FieldWriter& w) {
  w.IdOf("AllocationID", a.id);
  w.Object("Invoice", a.invoice, EncodeMode::kReference);
  w.Object("CreditNote", a.credit_note, EncodeMode::kReference);
  w.Amount("Amount", a.amount);
  w.Date("Date", a.date);
  if (w.snapshot()) w.Bool("IsDeleted", a.is_deleted);
}

void Codec<Payment>::Decode(FieldReader& r, Payment& p) {
  p.id = r.IdOf<domain::PaymentId>("PaymentID");
  r.Object("Invoice", p.invoice);
  r.Object("CreditNote", p.credit_note);
  p.invoice_number = r.String("InvoiceNumber");
  p.credit_note_number = r.String("CreditNoteNumber");
  r.Object("Account", p.account);
  // The account's code may also come at the top level ("Code").
  if (std::optional<std::string> code = r.String("Code"); code && !p.account.code) {
    p.account.code = code;
  }
  p.date = r.Date("Date");
  p.currency_rate = r.Amount("CurrencyRate");
  p.amount = r.Amount("Amount");
  p.bank_amount = r.Amount("BankAmount");
  p.reference = r.String("Reference");
  p.is_reconciled = r.Bool("IsReconciled");
  p.status = r.Enum<domain::PaymentStatus>("Status");
  p.type = r.Enum<domain::PaymentType>("PaymentType");
  p.has_account = r.Bool("HasAccount");
  p.updated_at = r.Timestamp("UpdatedDateUTC");
  // Not modelled: payments on prepayments and overpayments, batch payments and the supplier's
  // bank details of batch payments are not synced.
  r.Skip({"Prepayment", "Overpayment", "BatchPayment", "BatchPaymentID", "BankAccountNumber",
          "Particulars", "Details", "UpdatedDateUTCString"});
}

void Codec<Payment>::Encode(const Payment& p, FieldWriter& w) {
  w.IdOf("PaymentID", p.id);
  if (w.reference()) return;
  w.Object("Invoice", p.invoice, EncodeMode::kReference);
  w.Object("CreditNote", p.credit_note, EncodeMode::kReference);
  w.String("InvoiceNumber", p.invoice_number);
  w.String("CreditNoteNumber", p.credit_note_number);
  w.Object("Account", p.account, EncodeMode::kReference);
  w.Date("Date", p.date);
  w.Amount("CurrencyRate", p.currency_rate);
  w.Amount("Amount", p.amount);
  w.Amount("BankAmount", p.bank_amount);
  w.String("Reference", p.reference);
  w.Bool("IsReconciled", p.is_reconciled);
  w.Enum("Status", p.status);
  if (w.snapshot()) {
    w.Enum("PaymentType", p.type);
    w.Bool("HasAccount", p.has_account);
    w.Timestamp("UpdatedDateUTC", p.updated_at);
  }
}

}  // namespace xerosync::xero
