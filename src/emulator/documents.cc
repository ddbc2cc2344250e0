#include "emulator/documents.h"

namespace xerosync::emulator {

// Amounts are bounded by document totals, far inside Decimal's range: the checked sums below
// cannot fail, and value_or keeps the previous figure if they ever did.
void Settle(Invoice& invoice, Decimal amount, bool credited, TimePoint date) {
  Decimal& settled = credited ? invoice.amount_credited : invoice.amount_paid;
  settled = settled.Plus(amount).value_or(settled);
  invoice.amount_due = invoice.amount_due.Minus(amount).value_or(invoice.amount_due);
  if (invoice.amount_due == Decimal()) {
    invoice.status = "PAID";
    invoice.fully_paid_on = date;
  }
}

void Unsettle(Invoice& invoice, Decimal amount, bool credited) {
  Decimal& settled = credited ? invoice.amount_credited : invoice.amount_paid;
  settled = settled.Minus(amount).value_or(settled);
  invoice.amount_due = invoice.amount_due.Plus(amount).value_or(invoice.amount_due);
  if (invoice.status == "PAID" && invoice.amount_due != Decimal()) {
    invoice.status = "AUTHORISED";
    invoice.fully_paid_on.reset();
  }
}

void SettleCredit(CreditNote& credit_note, Decimal amount, TimePoint date) {
  credit_note.remaining_credit =
      credit_note.remaining_credit.Minus(amount).value_or(credit_note.remaining_credit);
  if (credit_note.remaining_credit == Decimal()) {
    credit_note.status = "PAID";
    credit_note.fully_paid_on = date;
  }
}

void UnsettleCredit(CreditNote& credit_note, Decimal amount) {
  credit_note.remaining_credit =
      credit_note.remaining_credit.Plus(amount).value_or(credit_note.remaining_credit);
  if (credit_note.status == "PAID" && credit_note.remaining_credit != Decimal()) {
    credit_note.status = "AUTHORISED";
    credit_note.fully_paid_on.reset();
  }
}

}  // namespace xerosync::emulator
