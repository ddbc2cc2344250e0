#include "emulator/invoice_write.h"

#include <utility>

#include "emulator/api_util.h"
#include "emulator/document_json.h"
#include "emulator/document_write.h"

namespace xerosync::emulator {
namespace {

const DocumentKind& InvoiceKind() {
  static const DocumentKind kind{
      .id_member = "InvoiceID",
      .number_member = "InvoiceNumber",
      .types = {"ACCREC", "ACCPAY"},
      .numbered_type = "ACCREC",
      .number_prefix = "INV-",
      .not_editable = "Invoice not of valid status for modification",
      .duplicate_number = "Invoice # must be unique.",
      .void_blocked =
          "The status VOIDED cannot be applied to the invoice because it has payments "
          "or credit notes allocated to it.",
      // "Reference (ACCREC only)" (FACTS.md §7): a bill's number is its reference.
      .reference_on_every_type = false,
      .due_date_to_authorise = true,
  };
  return kind;
}

DocumentFields FieldsOf(const Invoice& i) {
  return DocumentFields{i.type,          i.contact_id,    i.invoice_number,
                        i.reference,     i.url,           i.date,
                        i.due_date,      i.status,        i.line_amount_types,
                        i.currency_code, i.currency_rate, i.sent_to_contact,
                        i.line_items,    i.totals};
}

void Store(const DocumentFields& f, Invoice& i) {
  i.type = f.type;
  i.contact_id = f.contact_id;
  i.invoice_number = f.number;
  i.reference = f.reference;
  i.url = f.url;
  i.date = f.date;
  i.due_date = f.due_date;
  i.status = f.status;
  i.line_amount_types = f.line_amount_types;
  i.currency_code = f.currency_code;
  i.currency_rate = f.currency_rate;
  i.sent_to_contact = f.sent_to_contact;
  i.line_items = f.line_items;
  i.totals = f.totals;
}

// The invoice a POST names without an InvoiceID: a sales invoice of that number. Bills' numbers
// are not unique, so they are never matched by number [UNCONFIRMED choice].
Invoice* FindByNumber(OrgState& state, std::string_view number) {
  if (number.empty()) return nullptr;
  for (Invoice& i : state.invoices) {
    if (i.type == "ACCREC" && i.invoice_number == number && i.status != "DELETED") return &i;
  }
  return nullptr;
}

// Xero's defaults for a new invoice, filled into a failed element's echo.
void FillDefaults(const WriteContext& context, Json& echo) {
  if (Member(echo, "Status") == nullptr) echo.Set("Status", Json::String("DRAFT"));
  if (Member(echo, "LineAmountTypes") == nullptr) {
    echo.Set("LineAmountTypes", Json::String("Exclusive"));
  }
  if (Member(echo, "CurrencyCode") == nullptr) {
    echo.Set("CurrencyCode", Json::String(context.state.organisation.base_currency));
  }
}

}  // namespace

ElementResult WriteInvoice(WriteContext& context, const Json& element) {
  OrgState& state = context.state;
  Json echo = element;
  const std::string id =
      !context.path_id.empty() ? context.path_id : MemberText(element, "InvoiceID");
  Invoice* existing = nullptr;
  if (!id.empty()) {
    existing = FindInvoice(state, id);
    // The path may name the invoice by its number, as Xero allows for GET and POST.
    if (existing == nullptr && !context.path_id.empty()) existing = FindByNumber(state, id);
    if (existing == nullptr) {
      AddValidationError(echo,
                         "An existing Invoice with the specified InvoiceID could not be found");
      return {std::move(echo), false};
    }
  } else if (context.method == WriteMethod::kPost) {
    const std::string type = MemberText(element, "Type");
    if (type.empty() || EqualsIgnoringCase(type, "ACCREC")) {
      existing = FindByNumber(state, MemberText(element, "InvoiceNumber"));
    }
  }

  if (existing == nullptr) FillDefaults(context, echo);
  DocumentTarget target;
  const DocumentFields old = existing != nullptr ? FieldsOf(*existing) : DocumentFields{};
  if (existing != nullptr) {
    target.existing = &old;
    target.settled = HasSettlements(state, *existing);
  }
  for (const Invoice& i : state.invoices) {
    if (&i != existing && i.type == "ACCREC" && i.status != "DELETED") {
      target.numbers_in_use.push_back(i.invoice_number);
    }
  }
  std::optional<ReadDocumentResult> read =
      ReadDocument(context, element, InvoiceKind(), target, echo);
  if (!read) return {std::move(echo), false};

  CommitContactChoice(context, read->contact);
  const bool creating = existing == nullptr;
  if (creating) {
    state.invoices.emplace_back();
    existing = &state.invoices.back();
    existing->invoice_id = context.random.Uuid();
  }
  Invoice& invoice = *existing;
  Store(read->fields, invoice);
  // What is due: the total less what is paid and credited, while the invoice stands; nothing once
  // it is voided or deleted.
  if (invoice.status == "VOIDED" || invoice.status == "DELETED") {
    invoice.amount_due = Decimal();
  } else {
    const Decimal settled =
        invoice.amount_paid.Plus(invoice.amount_credited).value_or(invoice.amount_paid);
    invoice.amount_due = invoice.totals.total.Minus(settled).value_or(invoice.totals.total);
  }
  // An approved invoice with nothing to pay (a zero total) is paid at once, as in Xero.
  if (invoice.status == "AUTHORISED" && invoice.amount_due.is_zero()) {
    invoice.status = "PAID";
    invoice.fully_paid_on = invoice.date;
  }
  invoice.updated = context.now;
  if (invoice.status == "AUTHORISED" || invoice.status == "PAID") {
    for (Contact& c : state.contacts) {
      if (c.contact_id != invoice.contact_id) continue;
      (invoice.type == "ACCREC" ? c.is_customer : c.is_supplier) = true;
    }
  }
  context.Changed("INVOICE", creating ? "CREATE" : "UPDATE", invoice.invoice_id);
  const bool unit_dp4 = context.request.Query("unitdp").value_or("") == "4";
  return {InvoiceJson(state, invoice, {.line_items = true, .unit_dp4 = unit_dp4}), true};
}

void AddInvoiceWrites(AccountingWrite& writes, http::Router& router) {
  const WriteEndpoint endpoint{"Invoices", {"accounting.transactions", "accounting.invoices"}};
  writes.Add(router, "PUT", "/api.xro/2.0/Invoices", endpoint, WriteInvoice);
  writes.Add(router, "POST", "/api.xro/2.0/Invoices", endpoint, WriteInvoice);
  writes.Add(router, "POST", "/api.xro/2.0/Invoices/{InvoiceID}", endpoint, WriteInvoice);
}

}  // namespace xerosync::emulator
