#include "domain/documents.h"

namespace xerosync::domain {
namespace {

bool Has(const std::optional<std::string>& s) { return s && !s->empty(); }

void CheckPositive(Problems& p, std::string_view field, const std::optional<Decimal>& amount) {
  if (!amount) {
    p.Add(field, "is required");
  } else if (amount->is_negative() || amount->is_zero()) {
    p.Add(field, "must be greater than zero (it is " + amount->ToString() + ")");
  } else if (amount->places() > 2) {
    p.Add(field, "has more than 2 decimal places (" + amount->ToString() + ")");
  }
}

Problems CheckAllocation(const Allocation& a) {
  Problems p("allocation");
  CheckPositive(p, "Amount", a.amount);
  if (!a.date) p.Add("Date", "is required");
  if (!a.invoice || (a.invoice->id.empty() && !Has(a.invoice->number))) {
    p.Add("Invoice", "is required (by InvoiceID or InvoiceNumber)");
  }
  return p;
}

}  // namespace

void CheckContact(Problems& p, const Contact& contact) {
  p.Merge("Contact", contact.CheckAsReference());
}

bool IsCurrencyCode(std::string_view code) {
  if (code.size() != 3) return false;
  for (char c : code) {
    if (c < 'A' || c > 'Z') return false;
  }
  return true;
}

void CheckLines(Problems& p, const std::vector<LineItem>& lines, bool discounts_allowed) {
  if (lines.empty()) p.Add("LineItems", "must have at least one line");
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string field = "LineItems[" + std::to_string(i) + "]";
    p.Merge(field, lines[i].Check());
    if (!discounts_allowed && (lines[i].discount_rate || lines[i].discount_amount)) {
      p.Add(field, "has a discount, which Xero supports only on sales invoices");
    }
  }
}

void CheckCurrency(Problems& p, const std::optional<std::string>& code,
                   const std::optional<Decimal>& rate) {
  if (code && !IsCurrencyCode(*code)) {
    p.Add("CurrencyCode",
          "'" + *code + "' is not a currency code (three capital letters, e.g. NZD)");
  }
  if (rate && (rate->is_negative() || rate->is_zero())) {
    p.Add("CurrencyRate", "must be greater than zero");
  }
}

std::string Invoice::Describe() const {
  std::string kind = type == InvoiceType::kAccPay ? "bill" : "invoice";
  if (Has(number)) return kind + " " + *number;
  if (!id.empty()) return kind + " " + id.value();
  return kind;
}

Status Invoice::Validate() const {
  Problems p(Describe());
  if (type != InvoiceType::kAccRec && type != InvoiceType::kAccPay) {
    p.Add("Type", type ? "must be ACCREC (a sales invoice) or ACCPAY (a bill), not " +
                             std::string(NameOf(*type))
                       : "is required (ACCREC for a sales invoice, ACCPAY for a bill)");
  }
  CheckContact(p, contact);
  CheckLines(p, line_items, type == InvoiceType::kAccRec);
  CheckCurrency(p, currency_code, currency_rate);
  p.MaxLength("InvoiceNumber", number, kMaxNumber);
  p.MaxLength("Reference", reference, 255);
  if (date && due_date && *due_date < *date) {
    p.Add("DueDate",
          "(" + due_date->ToString() + ") is before the invoice Date (" + date->ToString() + ")");
  }
  if (url && !(url->starts_with("https://") || url->starts_with("http://"))) {
    p.Add("Url", "must be an http or https address");
  }
  return p.ToStatus();
}

std::string CreditNote::Describe() const {
  if (Has(number)) return "credit note " + *number;
  if (!id.empty()) return "credit note " + id.value();
  return "credit note";
}

Status CreditNote::Validate() const {
  Problems p(Describe());
  if (!type) p.Add("Type", "is required (ACCRECCREDIT or ACCPAYCREDIT)");
  CheckContact(p, contact);
  CheckLines(p, line_items, type == CreditNoteType::kAccRecCredit);
  CheckCurrency(p, currency_code, currency_rate);
  p.MaxLength("CreditNoteNumber", number, Invoice::kMaxNumber);
  for (std::size_t i = 0; i < allocations.size(); ++i) {
    p.Merge("Allocations[" + std::to_string(i) + "]", CheckAllocation(allocations[i]));
  }
  return p.ToStatus();
}

Status Allocation::Validate() const { return CheckAllocation(*this).ToStatus(); }

Status Payment::Validate() const {
  Problems p("payment");
  const bool on_invoice =
      (invoice && (!invoice->id.empty() || Has(invoice->number))) || Has(invoice_number);
  const bool on_credit_note =
      (credit_note && (!credit_note->id.empty() || Has(credit_note->number))) ||
      Has(credit_note_number);
  if (on_invoice == on_credit_note) {
    p.Add("", on_invoice ? "names both an invoice and a credit note; a payment is against one"
                         : "needs the Invoice or CreditNote it pays (by id or number)");
  }
  if (account.id.empty() && !Has(account.code)) {
    p.Add("Account",
          "is required (by AccountID or Code): the bank account the money moves through");
  }
  if (!date) p.Add("Date", "is required");
  CheckPositive(p, "Amount", amount);
  if (currency_rate && (currency_rate->is_negative() || currency_rate->is_zero())) {
    p.Add("CurrencyRate", "must be greater than zero");
  }
  return p.ToStatus();
}

}  // namespace xerosync::domain
