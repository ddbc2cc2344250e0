#pragma once
// The documents xerosync syncs: sales invoices and bills, credit notes and their allocations,
// payments. They refer to one another (a payment names its invoice; an invoice lists its payments),
// so they are declared together; references that nest are Boxes.
//
// Each document's Validate() checks the invariants a document must meet before xerosync accepts it
// from the host (never the state of the Xero organisation: that is the pre-flight checks' job).
// Fields Xero computes (totals, amounts due, UpdatedDateUTC) are filled from Xero's responses and
// ignored by validation.

#include <optional>
#include <string>
#include <vector>

#include "core/box.h"
#include "core/clock.h"
#include "core/decimal.h"
#include "domain/contact.h"
#include "domain/date.h"
#include "domain/enums.h"
#include "domain/ids.h"
#include "domain/line_item.h"
#include "domain/settings.h"

namespace xerosync::domain {

struct Invoice;
struct CreditNote;

// Money received or paid against an invoice, bill or credit note. Payments cannot be edited in
// Xero, only deleted (Status DELETED) and made again.
struct Payment {
  PaymentId id;
  // What it pays: exactly one of these, by id or by number.
  Box<Invoice> invoice;
  Box<CreditNote> credit_note;
  std::optional<std::string> invoice_number;      // alternative to invoice
  std::optional<std::string> credit_note_number;  // alternative to credit_note
  // The bank account (or an account with payments enabled) it goes through: by AccountID or Code.
  Account account;
  std::optional<Date> date;
  std::optional<Decimal> amount;         // > 0, at most the amount outstanding
  std::optional<Decimal> currency_rate;  // > 0
  std::optional<Decimal> bank_amount;
  std::optional<std::string> reference;
  std::optional<bool> is_reconciled;
  std::optional<PaymentStatus> status;
  std::optional<PaymentType> type;  // read-only
  std::optional<bool> has_account;  // read-only
  std::optional<TimePoint> updated_at;

  Status Validate() const;
  friend bool operator==(const Payment&, const Payment&) = default;
};

// Part of a credit note applied to an invoice.
struct Allocation {
  AllocationId id;
  Box<Invoice> invoice;  // required: identified by InvoiceID or InvoiceNumber
  Box<CreditNote> credit_note;
  std::optional<Decimal> amount;  // > 0
  std::optional<Date> date;
  std::optional<bool> is_deleted;  // read-only

  Status Validate() const;
  friend bool operator==(const Allocation&, const Allocation&) = default;
};

// Totals as Xero reports them (read-only on every document).
struct ReportedTotals {
  std::optional<Decimal> sub_total, total_tax, total;
  friend bool operator==(const ReportedTotals&, const ReportedTotals&) = default;
};

struct CreditNote {
  CreditNoteId id;
  std::optional<CreditNoteType> type;
  Contact contact;
  std::optional<Date> date;
  std::optional<Date> due_date;
  std::optional<DocumentStatus> status;
  std::optional<LineAmountType> line_amount_types;  // Xero's default: Exclusive
  std::vector<LineItem> line_items;
  std::optional<std::string> number;  // CreditNoteNumber; unique for ACCRECCREDIT
  std::optional<std::string> reference;
  std::optional<std::string> currency_code;
  std::optional<Decimal> currency_rate;
  std::optional<bool> sent_to_contact;
  std::optional<std::string> branding_theme_id;
  ReportedTotals totals;
  std::optional<Decimal> remaining_credit, applied_amount;
  std::optional<Date> fully_paid_on_date;
  std::vector<Allocation> allocations;
  std::vector<Payment> payments;
  std::optional<bool> has_attachments;
  std::optional<TimePoint> updated_at;

  // A credit note from the host: type, contact, lines, and allocations that are well formed.
  Status Validate() const;
  // "credit note CN-0001", or by id.
  std::string Describe() const;
  friend bool operator==(const CreditNote&, const CreditNote&) = default;
};

struct Invoice {
  static constexpr std::size_t kMaxNumber = 255;

  InvoiceId id;
  std::optional<InvoiceType> type;
  Contact contact;
  std::optional<Date> date;
  std::optional<Date> due_date;
  std::optional<DocumentStatus> status;
  std::optional<LineAmountType> line_amount_types;  // Xero's default: Exclusive
  std::vector<LineItem> line_items;
  std::optional<std::string> number;     // InvoiceNumber; unique for ACCREC, not for ACCPAY
  std::optional<std::string> reference;  // ACCREC only
  std::optional<std::string> url;        // link back to the document in the host app
  std::optional<std::string> currency_code;
  std::optional<Decimal> currency_rate;
  std::optional<bool> sent_to_contact;
  std::optional<std::string> branding_theme_id;
  std::optional<std::string> repeating_invoice_id;
  std::optional<Date> expected_payment_date, planned_payment_date;
  // Read-only, from Xero.
  ReportedTotals totals;
  std::optional<Decimal> total_discount;
  std::optional<Decimal> amount_due, amount_paid, amount_credited;
  std::optional<Date> fully_paid_on_date;
  std::vector<Payment> payments;
  std::vector<CreditNote> credit_notes;
  std::optional<bool> is_discounted;
  std::optional<bool> has_attachments;
  std::optional<TimePoint> updated_at;

  // An invoice or bill from the host: type, contact, at least one line, each line well formed,
  // discounts only on sales invoices.
  Status Validate() const;
  // "invoice INV-0001", "bill 12345", or by id.
  std::string Describe() const;
  friend bool operator==(const Invoice&, const Invoice&) = default;
};

// An ISO 4217 code: three capital letters.
bool IsCurrencyCode(std::string_view code);

// Checks shared by every document with lines (invoices, credit notes, bank transactions).
// `discounts_allowed`: Xero supports line discounts only on sales documents.
void CheckLines(Problems& problems, const std::vector<LineItem>& lines, bool discounts_allowed);
// The document's contact: "Contact needs at least one of Name, ContactID or ContactNumber ...".
void CheckContact(Problems& problems, const Contact& contact);
void CheckCurrency(Problems& problems, const std::optional<std::string>& code,
                   const std::optional<Decimal>& rate);

}  // namespace xerosync::domain
