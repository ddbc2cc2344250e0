#include "emulator/payment_write.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <variant>

#include "emulator/api_util.h"
#include "emulator/banking_json.h"
#include "emulator/banking_rules.h"
#include "emulator/document_rules.h"

namespace xerosync::emulator {
namespace {

const std::vector<std::string> kScopes = {"accounting.transactions", "accounting.payments"};

// FACTS.md §5, verbatim.
constexpr char kNotAuthorised[] = "Payments can only be made against Authorised documents";
constexpr char kExceeds[] = "Payment amount exceeds the amount outstanding on this document";
constexpr char kNoAccount[] = "You must specify and Account code or Account ID for the payment";
constexpr char kAccountType[] = "Account type is invalid for making a payment to/from";
constexpr char kNotModifiable[] = "Payment not of valid status for modification";
// [OBS XeroAPI/xero-ruby#56]: a payment whose Invoice carried no InvoiceID Xero could read.
constexpr char kNoDocument[] = "You must specify an Invoice ID or Invoice Number for the payment";
// [UNCONFIRMED] (docs/emulator.md).
constexpr char kNotPositive[] = "Payment amount must be greater than zero";
constexpr char kBadDate[] = "Payment date is not a valid date";

// The document a payment names: an invoice or a credit note of `state`, or the message saying why
// there is none.
struct Document {
  Invoice* invoice = nullptr;
  CreditNote* credit_note = nullptr;
  std::string error;
};

// Unknown documents: Xero's text for an unknown id on an update (FACTS.md §5), with the member
// the payment named; [UNCONFIRMED] for payments.
std::string NotFoundMessage(const char* document, const char* member) {
  return std::string("An existing ") + document + " with the specified " + member +
         " could not be found";
}

// The id or number a payment gives for one kind of document: in its reference
// ({"Invoice":{"InvoiceID" | "InvoiceNumber"}}), else the spec's top-level number member.
struct Named {
  std::string id;
  std::string number;
  bool any() const { return !id.empty() || !number.empty(); }
};

Named NamedIn(const Json& element, const char* member, const char* id_key, const char* number_key) {
  Named named;
  if (const Json* reference = Member(element, member)) {
    named.id = IdMember(*reference, id_key);
    named.number = MemberText(*reference, number_key);
  }
  if (!named.any()) named.number = MemberText(element, number_key);
  return named;
}

// The document `named` names among `documents`: by id, else by number. Of several with one
// number (ACCPAY numbers are not unique), one that can be paid.
template <typename T, typename IdOf, typename NumberOf>
T* FindNamed(std::vector<T>& documents, const Named& named, IdOf id_of, NumberOf number_of) {
  T* found = nullptr;
  for (T& document : documents) {
    const bool match = !named.id.empty() ? EqualsIgnoringCase(id_of(document), named.id)
                                         : number_of(document) == named.number;
    if (match &&
        (found == nullptr || (found->status != "AUTHORISED" && document.status == "AUTHORISED"))) {
      found = &document;
    }
  }
  return found;
}

Document FindDocument(OrgState& state, const Json& element) {
  Document document;
  if (const Named named = NamedIn(element, "Invoice", "InvoiceID", "InvoiceNumber"); named.any()) {
    document.invoice = FindNamed(
        state.invoices, named, [](const Invoice& i) { return i.invoice_id; },
        [](const Invoice& i) { return i.invoice_number; });
    if (document.invoice == nullptr) {
      document.error = NotFoundMessage("Invoice", named.id.empty() ? "InvoiceNumber" : "InvoiceID");
    }
    return document;
  }
  if (const Named named = NamedIn(element, "CreditNote", "CreditNoteID", "CreditNoteNumber");
      named.any()) {
    document.credit_note = FindNamed(
        state.credit_notes, named, [](const CreditNote& c) { return c.credit_note_id; },
        [](const CreditNote& c) { return c.credit_note_number; });
    if (document.credit_note == nullptr) {
      document.error =
          NotFoundMessage("Credit Note", named.id.empty() ? "CreditNoteNumber" : "CreditNoteID");
    }
    return document;
  }
  document.error = kNoDocument;
  return document;
}

std::string PaymentType(const std::string& document_type) {
  if (document_type == "ACCREC") return "ACCRECPAYMENT";
  if (document_type == "ACCPAY") return "ACCPAYPAYMENT";
  if (document_type == "ACCRECCREDIT") return "ARCREDITPAYMENT";
  return "APCREDITPAYMENT";
}

Payment* FindPayment(OrgState& state, const std::string& id) {
  for (Payment& payment : state.payments) {
    if (EqualsIgnoringCase(payment.payment_id, id)) return &payment;
  }
  return nullptr;
}

// Reports the document's change to webhook subscribers.
void DocumentChanged(WriteContext& context, const Payment& payment) {
  if (!payment.invoice_id.empty()) {
    context.Changed("INVOICE", "UPDATE", payment.invoice_id);
    return;
  }
  for (const CreditNote& note : context.state.credit_notes) {
    if (note.credit_note_id == payment.credit_note_id) {
      context.Changed("CREDITNOTE", "UPDATE", note.credit_note_id,
                      Json::MakeObject({{"Type", Json::String(note.type)},
                                        {"Status", Json::String(note.status)}}));
    }
  }
}

// Deletes `payment` if `status` asks for it and the payment allows it; otherwise the message why
// not. Undoes the payment's settlement of its document.
std::optional<std::string> Delete(WriteContext& context, Payment& payment,
                                  const std::string& status) {
  if (payment.status != "AUTHORISED" || !EqualsIgnoringCase(status, "DELETED")) {
    return kNotModifiable;
  }
  payment.status = "DELETED";
  payment.updated = context.now;
  const auto forget = [&](std::vector<std::string>& ids) { std::erase(ids, payment.payment_id); };
  for (Invoice& invoice : context.state.invoices) {
    if (invoice.invoice_id == payment.invoice_id) {
      Unsettle(invoice, payment.amount, /*credited=*/false);
      forget(invoice.payment_ids);
      invoice.updated = context.now;
    }
  }
  for (CreditNote& note : context.state.credit_notes) {
    if (note.credit_note_id == payment.credit_note_id) {
      UnsettleCredit(note, payment.amount);
      forget(note.payment_ids);
      note.updated = context.now;
    }
  }
  DocumentChanged(context, payment);
  return std::nullopt;
}

// POST /Payments with an element naming its PaymentID: the older way of deleting a payment.
ElementResult DeleteByElement(WriteContext& context, const Json& element, Json echo) {
  const std::string id = IdMember(element, "PaymentID");
  Payment* payment = FindPayment(context.state, id);
  if (payment == nullptr) {
    AddValidationError(echo, NotFoundMessage("Payment", "PaymentID"));
    return {std::move(echo), false};
  }
  if (auto error = Delete(context, *payment, MemberText(element, "Status"))) {
    AddValidationError(echo, std::move(*error));
    return {std::move(echo), false};
  }
  return {PaymentJson(context.state, *payment), true};
}

// The bank amount: the amount when the bank account holds the document's currency, else the
// amount converted to the base currency at `rate` (Xero's rates are units of the document's
// currency per unit of base currency).
Decimal BankAmount(const OrgState& state, const Account& account, const std::string& currency,
                   Decimal amount, Decimal rate) {
  const std::string& document_currency =
      currency.empty() ? state.organisation.base_currency : currency;
  const std::string& bank_currency =
      account.currency_code.empty() ? state.organisation.base_currency : account.currency_code;
  if (EqualsIgnoringCase(document_currency, bank_currency) || rate.is_zero()) return amount;
  return Decimal::Ratio({amount}, {rate}, 2).value_or(amount);
}

}  // namespace

ElementResult WritePayment(WriteContext& context, const Json& element) {
  Json echo = element.is_object() ? element : Json::MakeObject();
  OrgState& state = context.state;
  if (context.method == WriteMethod::kPost && !IdMember(element, "PaymentID").empty()) {
    return DeleteByElement(context, element, std::move(echo));
  }
  std::vector<std::string> errors;

  const Document document = FindDocument(state, element);
  if (!document.error.empty()) errors.push_back(document.error);
  const std::string* status = document.invoice != nullptr       ? &document.invoice->status
                              : document.credit_note != nullptr ? &document.credit_note->status
                                                                : nullptr;
  if (status != nullptr && *status != "AUTHORISED") errors.emplace_back(kNotAuthorised);

  const Json* amount_value = Member(element, "Amount");
  const std::optional<Decimal> amount =
      amount_value != nullptr ? ParseMoney(*amount_value) : std::nullopt;
  if (!amount || *amount <= Decimal()) {
    errors.emplace_back(kNotPositive);
  } else if (status != nullptr) {
    const Decimal outstanding = document.invoice != nullptr
                                    ? document.invoice->amount_due
                                    : document.credit_note->remaining_credit;
    if (*amount > outstanding) errors.emplace_back(kExceeds);
  }

  // The account: {"Account":{AccountID | Code}}, or the spec's top-level "Code".
  const Account* account = FindAccount(state, Member(element, "Account"));
  if (account == nullptr && !NamesAccount(Member(element, "Account"))) {
    const Json code = Json::MakeObject({{"Code", Json::String(MemberText(element, "Code"))}});
    account = FindAccount(state, &code);
  }
  if (account == nullptr || account->status != "ACTIVE") {
    errors.emplace_back(kNoAccount);
  } else if (account->type != "BANK" && !account->enable_payments_to_account) {
    errors.emplace_back(kAccountType);
  }

  bool bad_date = false;
  const TimePoint date = DateMember(element, "Date", bad_date).value_or(context.Today());
  if (bad_date) errors.emplace_back(kBadDate);
  if (std::string locked = LockDateError(state.organisation, date); !locked.empty()) {
    errors.push_back(std::move(locked));
  }

  if (!errors.empty()) {
    for (std::string& error : errors) AddValidationError(echo, std::move(error));
    return {std::move(echo), false};
  }

  Payment payment;
  payment.payment_id = context.random.Uuid();
  payment.account_id = account->account_id;
  payment.date = date;
  payment.amount = *amount;
  payment.reference = MemberText(element, "Reference");
  const Json* reconciled = Member(element, "IsReconciled");
  payment.is_reconciled = reconciled != nullptr && reconciled->is_bool() && reconciled->AsBool();
  payment.updated = context.now;
  // A rate given with the payment (the day's rate) wins over the document's; one the emulator
  // cannot hold exactly (more than 4 places) is ignored.
  const Json* rate_value = Member(element, "CurrencyRate");
  const Decimal given_rate =
      (rate_value != nullptr ? ParseDecimal(*rate_value) : std::nullopt).value_or(Decimal());
  if (Invoice* invoice = document.invoice; invoice != nullptr) {
    payment.invoice_id = invoice->invoice_id;
    payment.payment_type = PaymentType(invoice->type);
    payment.currency_rate = given_rate > Decimal() ? given_rate : invoice->currency_rate;
    payment.bank_amount =
        BankAmount(state, *account, invoice->currency_code, *amount, payment.currency_rate);
    Settle(*invoice, *amount, /*credited=*/false, date);
    invoice->payment_ids.push_back(payment.payment_id);
    invoice->updated = context.now;
  } else {
    CreditNote& note = *document.credit_note;
    payment.credit_note_id = note.credit_note_id;
    payment.payment_type = PaymentType(note.type);
    payment.currency_rate = given_rate > Decimal() ? given_rate : note.currency_rate;
    payment.bank_amount =
        BankAmount(state, *account, note.currency_code, *amount, payment.currency_rate);
    SettleCredit(note, *amount, date);
    note.payment_ids.push_back(payment.payment_id);
    note.updated = context.now;
  }
  // A BankAmount given with the payment (what the bank really received) wins over the computed one.
  if (const Json* bank_value = Member(element, "BankAmount")) {
    const std::optional<Decimal> given = ParseMoney(*bank_value);
    if (given && *given > Decimal()) payment.bank_amount = *given;
  }
  state.payments.push_back(payment);
  DocumentChanged(context, payment);
  return {PaymentJson(state, state.payments.back()), true};
}

void AddPaymentWrites(AccountingWrite& writes, http::Router& router) {
  WriteEndpoint many{
      .plural = "Payments", .scopes = kScopes, .has_errors_member = "HasValidationErrors"};
  writes.Add(router, "PUT", "/api.xro/2.0/Payments", many, WritePayment);
  WriteEndpoint one = many;
  one.bare_object = true;
  one.honours_summarize = false;
  writes.Add(router, "POST", "/api.xro/2.0/Payments", one, WritePayment);
  writes.AddCustom(router, "POST", "/api.xro/2.0/Payments/{PaymentID}", kScopes,
                   [](WriteContext& context, const Json& body) -> http::Response {
                     Payment* payment = FindPayment(context.state, context.path_id);
                     if (payment == nullptr) return NotFound();
                     Json echo = body.is_object() ? body : Json::MakeObject();
                     echo.Set("PaymentID", Json::String(payment->payment_id));
                     if (auto error = Delete(context, *payment, MemberText(body, "Status"))) {
                       AddValidationError(echo, std::move(*error));
                       echo.Set("HasValidationErrors", Json::Bool(true));
                       return ValidationException(Json::MakeArray({std::move(echo)}));
                     }
                     return Envelope(context.request, context.now, "Payments",
                                     Json::MakeArray({PaymentJson(context.state, *payment)}));
                   });
}

}  // namespace xerosync::emulator
