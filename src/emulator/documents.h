#pragma once
// The emulator's own model of an organisation's transactions (shared/xero/openapi/
// xero_accounting.yaml: Invoice, CreditNote, Allocation, Payment, BankTransaction, LineItem),
// independent of xerosync's domain module like the rest of the emulator (organisation.h).
//
// Amounts are Decimal (exact, four places); dates are midnight UTC. Stored records hold what Xero
// stores: the figures Xero computes (totals, amounts due, paid and credited, remaining credit) are
// kept up to date by the writers, never recomputed on read.
//
// Thread safety: values, kept in OrgState (organisation.h) and guarded by Organisations.

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/decimal.h"

namespace xerosync::emulator {

struct LineTracking {
  std::string tracking_category_id;
  std::string name;  // the category's name
  std::string tracking_option_id;
  std::string option;  // the option's name
};

struct LineItem {
  std::string line_item_id;
  std::string description;
  std::optional<Decimal> quantity;
  std::optional<Decimal> unit_amount;
  std::string item_code;
  std::string account_code;
  std::string account_id;
  std::string tax_type;
  Decimal tax_amount;
  Decimal line_amount;
  std::optional<Decimal> discount_rate;    // percent; ACCREC only
  std::optional<Decimal> discount_amount;  // ACCREC only
  std::vector<LineTracking> tracking;      // at most 2
};

// The figures every document with line items carries.
struct DocumentTotals {
  Decimal sub_total;
  Decimal total_tax;
  Decimal total;
};

struct Invoice {
  std::string invoice_id;
  std::string type;  // ACCREC or ACCPAY
  std::string contact_id;
  std::string invoice_number;
  std::string reference;
  std::string url;
  TimePoint date;
  std::optional<TimePoint> due_date;
  std::string status = "DRAFT";                 // DRAFT SUBMITTED AUTHORISED PAID VOIDED DELETED
  std::string line_amount_types = "Exclusive";  // Exclusive Inclusive NoTax
  std::string currency_code;
  Decimal currency_rate = Decimal::FromInt(1);
  bool sent_to_contact = false;
  std::vector<LineItem> line_items;
  DocumentTotals totals;
  Decimal amount_due;
  Decimal amount_paid;
  Decimal amount_credited;
  std::optional<TimePoint> fully_paid_on;
  std::vector<std::string> payment_ids;     // in the order made
  std::vector<std::string> allocation_ids;  // credit notes allocated to it
  TimePoint updated;
};

struct CreditNote {
  std::string credit_note_id;
  std::string type;  // ACCRECCREDIT or ACCPAYCREDIT
  std::string contact_id;
  std::string credit_note_number;
  std::string reference;
  TimePoint date;
  std::optional<TimePoint> due_date;
  std::string status = "DRAFT";
  std::string line_amount_types = "Exclusive";
  std::string currency_code;
  Decimal currency_rate = Decimal::FromInt(1);
  bool sent_to_contact = false;
  std::vector<LineItem> line_items;
  DocumentTotals totals;
  Decimal remaining_credit;
  std::optional<TimePoint> fully_paid_on;
  std::vector<std::string> payment_ids;     // cash refunds
  std::vector<std::string> allocation_ids;  // allocations to invoices
  TimePoint updated;
};

struct Allocation {
  std::string allocation_id;
  std::string credit_note_id;
  std::string invoice_id;
  Decimal amount;
  TimePoint date;
  bool is_deleted = false;
};

struct Payment {
  std::string payment_id;
  std::string invoice_id;  // one of invoice_id and credit_note_id is set
  std::string credit_note_id;
  std::string account_id;
  TimePoint date;
  Decimal amount;
  Decimal bank_amount;  // in the bank account's currency
  Decimal currency_rate = Decimal::FromInt(1);
  std::string reference;
  std::string status = "AUTHORISED";  // AUTHORISED or DELETED
  std::string payment_type;           // ACCRECPAYMENT, ACCPAYPAYMENT, ARCREDITPAYMENT, ...
  bool is_reconciled = false;
  TimePoint updated;
};

struct BankTransaction {
  std::string bank_transaction_id;
  std::string type;  // RECEIVE, SPEND, ...
  std::string contact_id;
  std::string bank_account_id;
  TimePoint date;
  std::string reference;
  std::string url;
  std::string status = "AUTHORISED";  // AUTHORISED DELETED VOIDED
  std::string line_amount_types = "Exclusive";
  std::string currency_code;
  Decimal currency_rate = Decimal::FromInt(1);
  bool is_reconciled = false;
  std::vector<LineItem> line_items;
  DocumentTotals totals;
  TimePoint updated;
};

// Settlement, shared by payments and credit-note allocations. Settle records `amount` paid
// (payment) or credited (allocation) against the invoice: its amount due falls and an invoice with
// nothing left due becomes PAID as of `date`. Unsettle undoes it (a payment deleted, an allocation
// removed): a PAID invoice goes back to AUTHORISED. REQUIRES: 0 < amount <= amount_due (Settle),
// amount <= amount paid or credited (Unsettle).
void Settle(Invoice& invoice, Decimal amount, bool credited, TimePoint date);
void Unsettle(Invoice& invoice, Decimal amount, bool credited);
// The same for a credit note's remaining credit (allocated or refunded).
void SettleCredit(CreditNote& credit_note, Decimal amount, TimePoint date);
void UnsettleCredit(CreditNote& credit_note, Decimal amount);

}  // namespace xerosync::emulator
