#include "sync/reconcile.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include "xero/reads.h"

namespace xerosync::sync {
namespace {

using xero::ApiCaller;
using xero::Transport;

bool Has(const std::optional<std::string>& field) { return field && !field->empty(); }

// Equal when the document does not say (nothing to disagree with), or when both agree.
template <typename V>
bool Agrees(const std::optional<V>& wanted, const std::optional<V>& found) {
  return !wanted || wanted == found;
}

template <typename Id>
bool SameId(const Id& wanted, const Id& found) {
  return wanted.empty() || wanted == found;
}

void Add(Candidates& candidates, const std::string& id) {
  if (!id.empty() && std::ranges::find(candidates.xero_ids, id) == candidates.xero_ids.end()) {
    candidates.xero_ids.push_back(id);
  }
}

std::string Folded(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool Live(const std::optional<domain::DocumentStatus>& status) {
  return status != domain::DocumentStatus::kDeleted && status != domain::DocumentStatus::kVoided;
}

// Keeps the records of `found` that agree with `wanted` on type, contact and date and are not
// deleted or voided (invoices, bills and credit notes).
template <typename T>
void AddMatching(Candidates& out, const std::vector<T>& found, const T& wanted) {
  for (const T& f : found) {
    if (Agrees(wanted.type, f.type) && SameId(wanted.contact.id, f.contact.id) &&
        Agrees(wanted.date, f.date) && Live(f.status)) {
      Add(out, f.id.value());
    }
  }
}

}  // namespace

bool Searchable(const domain::Contact& c) { return Has(c.name) || Has(c.contact_number); }
bool Searchable(const domain::Invoice& i) {
  return Has(i.number) || Has(i.reference) || Has(i.url);
}
bool Searchable(const domain::CreditNote& n) { return Has(n.number) || Has(n.reference); }
bool Searchable(const domain::Payment& p) {
  return Has(p.reference) || (p.invoice && !p.invoice->id.empty()) ||
         (p.credit_note && !p.credit_note->id.empty());
}
bool Searchable(const domain::BankTransaction& t) { return Has(t.reference) || Has(t.url); }

bool Searchable(const domain::Allocation& a) {
  return a.credit_note && !a.credit_note->id.empty() && a.invoice && !a.invoice->id.empty();
}

std::string SearchFields(const domain::Contact& /*contact*/) { return "Name or ContactNumber"; }
std::string SearchFields(const domain::Invoice& /*invoice*/) {
  return "InvoiceNumber, Reference or Url";
}
std::string SearchFields(const domain::CreditNote& /*note*/) {
  return "CreditNoteNumber or Reference";
}
std::string SearchFields(const domain::Payment& /*payment*/) {
  return "Reference, or the invoice or credit note it pays";
}
std::string SearchFields(const domain::BankTransaction& /*transaction*/) {
  return "Reference or Url";
}

Result<Candidates> FindInXero(Transport& transport, const ApiCaller& caller,
                              const domain::Contact& contact) {
  Candidates out;
  std::vector<domain::Contact> found;
  if (Has(contact.contact_number)) {
    // Numbers are unique across all contacts: the number decides.
    out.searched_by = "ContactNumber " + *contact.contact_number;
    ASSIGN_OR_RETURN(found, xero::FindContactsByNumber(transport, caller, *contact.contact_number));
  } else {
    out.searched_by = "Name " + contact.name.value_or("");
    ASSIGN_OR_RETURN(found, xero::FindContactsByName(transport, caller, contact.name.value_or(""),
                                                     /*include_archived=*/true));
  }
  for (const domain::Contact& c : found) Add(out, c.id.value());
  return out;
}

Result<Candidates> FindInXero(Transport& transport, const ApiCaller& caller,
                              const domain::Invoice& invoice) {
  Candidates out;
  std::vector<domain::Invoice> found;
  if (Has(invoice.number)) {
    out.searched_by = "InvoiceNumber " + *invoice.number;
    ASSIGN_OR_RETURN(found, xero::FindInvoicesByNumber(transport, caller, *invoice.number));
  } else if (Has(invoice.reference)) {
    out.searched_by = "Reference " + *invoice.reference;
    ASSIGN_OR_RETURN(found, xero::FindInvoicesByReference(transport, caller, *invoice.reference));
  } else {
    out.searched_by = "Url " + invoice.url.value_or("");
    ASSIGN_OR_RETURN(found, xero::FindInvoicesByUrl(transport, caller, invoice.url.value_or("")));
  }
  AddMatching(out, found, invoice);
  return out;
}

Result<Candidates> FindInXero(Transport& transport, const ApiCaller& caller,
                              const domain::CreditNote& note) {
  Candidates out;
  std::vector<domain::CreditNote> found;
  if (Has(note.number)) {
    out.searched_by = "CreditNoteNumber " + *note.number;
    ASSIGN_OR_RETURN(found, xero::FindCreditNotesByNumber(transport, caller, *note.number));
  } else {
    out.searched_by = "Reference " + note.reference.value_or("");
    ASSIGN_OR_RETURN(
        found, xero::FindCreditNotesByReference(transport, caller, note.reference.value_or("")));
  }
  AddMatching(out, found, note);
  return out;
}

Result<Candidates> FindInXero(Transport& transport, const ApiCaller& caller,
                              const domain::Payment& payment) {
  Candidates out;
  const auto matches = [&payment](const domain::Payment& f) {
    return Agrees(payment.amount, f.amount) && Agrees(payment.date, f.date) &&
           f.status != domain::PaymentStatus::kDeleted;
  };
  if (Has(payment.reference)) {
    out.searched_by = "Reference " + *payment.reference;
    ASSIGN_OR_RETURN(const std::vector<domain::Payment> found,
                     xero::FindPaymentsByReference(transport, caller, *payment.reference));
    for (const domain::Payment& f : found) {
      const bool same_invoice = !payment.invoice || payment.invoice->id.empty() ||
                                (f.invoice && f.invoice->id == payment.invoice->id);
      if (matches(f) && same_invoice) Add(out, f.id.value());
    }
    return out;
  }
  // Without a reference: the payments Xero lists on the document it pays.
  if (payment.invoice && !payment.invoice->id.empty()) {
    out.searched_by = "the payments of invoice " + payment.invoice->id.value();
    ASSIGN_OR_RETURN(const std::vector<domain::Invoice> invoices,
                     xero::ReadAllPages<domain::Invoice>(transport, caller,
                                                         {{"IDs", payment.invoice->id.value()}}));
    for (const domain::Invoice& invoice : invoices) {
      for (const domain::Payment& f : invoice.payments) {
        if (matches(f)) Add(out, f.id.value());
      }
    }
    return out;
  }
  out.searched_by = "the payments of credit note " +
                    (payment.credit_note ? payment.credit_note->id.value() : std::string());
  ASSIGN_OR_RETURN(const std::vector<domain::CreditNote> notes,
                   xero::ReadAllPages<domain::CreditNote>(
                       transport, caller,
                       {{"IDs", payment.credit_note ? payment.credit_note->id.value() : ""}}));
  for (const domain::CreditNote& note : notes) {
    for (const domain::Payment& f : note.payments) {
      if (matches(f)) Add(out, f.id.value());
    }
  }
  return out;
}

std::string SearchFields(const domain::Allocation& /*allocation*/) {
  return "the credit note and the invoice it applies to";
}

Result<Candidates> FindInXero(Transport& transport, const ApiCaller& caller,
                              const domain::Allocation& allocation) {
  Candidates out;
  const std::string credit_note = allocation.credit_note ? allocation.credit_note->id.value() : "";
  out.searched_by = "the allocations of credit note " + credit_note;
  ASSIGN_OR_RETURN(
      const std::vector<domain::CreditNote> notes,
      xero::ReadAllPages<domain::CreditNote>(transport, caller, {{"IDs", credit_note}}));
  for (const domain::CreditNote& note : notes) {
    for (const domain::Allocation& f : note.allocations) {
      const bool same_invoice =
          !allocation.invoice || (f.invoice && f.invoice->id == allocation.invoice->id);
      if (same_invoice && Agrees(allocation.amount, f.amount) && Agrees(allocation.date, f.date) &&
          f.is_deleted != true) {
        Add(out, f.id.value());
      }
    }
  }
  return out;
}

Result<Candidates> FindInXero(Transport& transport, const ApiCaller& caller,
                              const domain::BankTransaction& transaction) {
  Candidates out;
  std::vector<domain::BankTransaction> found;
  if (Has(transaction.reference)) {
    out.searched_by = "Reference " + *transaction.reference;
    ASSIGN_OR_RETURN(
        found, xero::FindBankTransactionsByReference(transport, caller, *transaction.reference));
  } else {
    out.searched_by = "Url " + transaction.url.value_or("");
    ASSIGN_OR_RETURN(
        found, xero::FindBankTransactionsByUrl(transport, caller, transaction.url.value_or("")));
  }
  for (const domain::BankTransaction& f : found) {
    if (Agrees(transaction.type, f.type) && SameId(transaction.contact.id, f.contact.id) &&
        Agrees(transaction.date, f.date) && f.status != domain::BankTransactionStatus::kDeleted &&
        f.status != domain::BankTransactionStatus::kVoided) {
      Add(out, f.id.value());
    }
  }
  return out;
}

ContactIndex::ContactIndex(const std::vector<domain::Contact>& contacts) {
  for (const domain::Contact& c : contacts) {
    if (c.contact_number) by_number_.emplace(Folded(*c.contact_number), c.id.value());
    if (c.name && c.status != domain::ContactStatus::kArchived) {
      by_name_.emplace(Folded(*c.name), c.id.value());
    }
  }
}

std::optional<std::string> ContactIndex::Find(const domain::Contact& contact) const {
  const auto& index = contact.contact_number ? by_number_ : by_name_;
  const std::optional<std::string>& key =
      contact.contact_number ? contact.contact_number : contact.name;
  if (!key) return std::nullopt;
  const auto it = index.find(Folded(*key));
  if (it == index.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> SameInvoice(const domain::Invoice& invoice,
                                       const std::vector<domain::Invoice>& in_xero,
                                       const domain::TaxRateLookup& rates) {
  if (!invoice.number) return std::nullopt;
  Result<domain::DocumentTotals> totals = domain::ComputeTotals(
      invoice.line_items, invoice.line_amount_types.value_or(domain::LineAmountType::kExclusive),
      rates);
  if (!totals.ok()) return std::nullopt;
  std::optional<std::string> match;
  for (const domain::Invoice& found : in_xero) {
    const bool same = found.type == invoice.type && found.number &&
                      Folded(*found.number) == Folded(*invoice.number) &&
                      found.contact.id == invoice.contact.id && found.date == invoice.date &&
                      found.totals.total == totals->total && Live(found.status);
    if (!same) continue;
    if (match) return std::nullopt;  // two: a person decides (the send will say why)
    match = found.id.value();
  }
  return match;
}

}  // namespace xerosync::sync
