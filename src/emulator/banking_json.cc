#include "emulator/banking_json.h"

#include <string>
#include <utility>

#include "emulator/contact_write.h"
#include "emulator/document_rules.h"
#include "emulator/line_items.h"

namespace xerosync::emulator {
namespace {

Json Money(Decimal amount) { return Json::Number(amount, 2); }

const Account* AccountById(const OrgState& state, const std::string& id) {
  for (const Account& account : state.accounts) {
    if (account.account_id == id) return &account;
  }
  return nullptr;
}

// The "Invoice" a payment embeds: the document's identity, its contact and currency, and the
// empty lists Xero always writes there.
Json DocumentSummary(const OrgState& state, const std::string& type, const std::string& id,
                     const std::string& number, const std::string& contact_id,
                     const std::string& currency_code) {
  Json summary = Json::MakeObject();
  summary.Set("Type", Json::String(type));
  summary.Set("InvoiceID", Json::String(id));
  summary.Set("InvoiceNumber", Json::String(number));
  for (const char* list : {"Payments", "CreditNotes", "Prepayments", "Overpayments"}) {
    summary.Set(list, Json::MakeArray());
  }
  summary.Set("HasErrors", Json::Bool(false));
  summary.Set("IsDiscounted", Json::Bool(false));
  summary.Set("Contact", ContactSummary(state, contact_id));
  summary.Set("LineItems", Json::MakeArray());
  summary.Set("CurrencyCode", Json::String(currency_code.empty() ? state.organisation.base_currency
                                                                 : currency_code));
  return summary;
}

Json PaymentDocument(const OrgState& state, const Payment& payment) {
  for (const Invoice& invoice : state.invoices) {
    if (!payment.invoice_id.empty() && invoice.invoice_id == payment.invoice_id) {
      return DocumentSummary(state, invoice.type, invoice.invoice_id, invoice.invoice_number,
                             invoice.contact_id, invoice.currency_code);
    }
  }
  for (const CreditNote& note : state.credit_notes) {
    if (!payment.credit_note_id.empty() && note.credit_note_id == payment.credit_note_id) {
      return DocumentSummary(state, note.type, note.credit_note_id, note.credit_note_number,
                             note.contact_id, note.currency_code);
    }
  }
  return Json::MakeObject();  // unreachable: documents are never removed
}

}  // namespace

Json PaymentJson(const OrgState& state, const Payment& p) {
  Json json = Json::MakeObject();
  json.Set("PaymentID", Json::String(p.payment_id));
  json.Set("Date", Json::String(MsDate(p.date)));
  json.Set("BankAmount", Money(p.bank_amount));
  json.Set("Amount", Money(p.amount));
  json.Set("Reference", Json::String(p.reference));
  json.Set("CurrencyRate", CurrencyRateJson(p.currency_rate));
  json.Set("PaymentType", Json::String(p.payment_type));
  json.Set("Status", Json::String(p.status));
  json.Set("UpdatedDateUTC", Json::String(MsDate(p.updated)));
  json.Set("HasAccount", Json::Bool(true));
  json.Set("IsReconciled", Json::Bool(p.is_reconciled));
  Json account = Json::MakeObject({{"AccountID", Json::String(p.account_id)}});
  if (const Account* a = AccountById(state, p.account_id); a != nullptr && !a->code.empty()) {
    account.Set("Code", Json::String(a->code));
  }
  json.Set("Account", std::move(account));
  json.Set("Invoice", PaymentDocument(state, p));
  json.Set("HasValidationErrors", Json::Bool(false));
  return json;
}

Json BankTransactionJson(const OrgState& state, const BankTransaction& t, bool unit_dp4) {
  Json json = Json::MakeObject();
  json.Set("BankTransactionID", Json::String(t.bank_transaction_id));
  Json bank = Json::MakeObject({{"AccountID", Json::String(t.bank_account_id)}});
  if (const Account* a = AccountById(state, t.bank_account_id); a != nullptr) {
    if (!a->code.empty()) bank.Set("Code", Json::String(a->code));
    bank.Set("Name", Json::String(a->name));
  }
  json.Set("BankAccount", std::move(bank));
  json.Set("Type", Json::String(t.type));
  if (!t.reference.empty()) json.Set("Reference", Json::String(t.reference));
  json.Set("IsReconciled", Json::Bool(t.is_reconciled));
  json.Set("HasAttachments", Json::Bool(false));
  json.Set("Contact", ContactSummary(state, t.contact_id));
  json.Set("DateString", Json::String(DateString(t.date)));
  json.Set("Date", Json::String(MsDate(t.date)));
  json.Set("Status", Json::String(t.status));
  json.Set("LineAmountTypes", Json::String(t.line_amount_types));
  json.Set("LineItems", LineItemsJson(t.line_items, unit_dp4));
  json.Set("SubTotal", Money(t.totals.sub_total));
  json.Set("TotalTax", Money(t.totals.total_tax));
  json.Set("Total", Money(t.totals.total));
  json.Set("UpdatedDateUTC", Json::String(MsDate(t.updated)));
  json.Set("CurrencyCode", Json::String(t.currency_code.empty() ? state.organisation.base_currency
                                                                : t.currency_code));
  if (t.currency_rate != Decimal::FromInt(1)) {
    json.Set("CurrencyRate", CurrencyRateJson(t.currency_rate));
  }
  if (!t.url.empty()) json.Set("Url", Json::String(t.url));
  return json;
}

}  // namespace xerosync::emulator
