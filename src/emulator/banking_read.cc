#include "emulator/banking_read.h"

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "emulator/api_util.h"
#include "emulator/banking_json.h"

namespace xerosync::emulator {
namespace {

const std::vector<std::string> kPaymentScopes = {"accounting.transactions", "accounting.payments"};
const std::vector<std::string> kBankScopes = {"accounting.transactions",
                                              "accounting.banktransactions"};

constexpr std::array<std::string_view, 10> kPaymentFields = {"PaymentID",
                                                             "Status",
                                                             "PaymentType",
                                                             "Reference",
                                                             "IsReconciled",
                                                             "Invoice.InvoiceID",
                                                             "Invoice.InvoiceNumber",
                                                             "Invoice.Type",
                                                             "Account.AccountID",
                                                             "Account.Code"};

const Account* AccountById(const OrgState& state, const std::string& id) {
  for (const Account& account : state.accounts) {
    if (account.account_id == id) return &account;
  }
  return nullptr;
}

const Contact* ContactById(const OrgState& state, const std::string& id) {
  for (const Contact& contact : state.contacts) {
    if (contact.contact_id == id) return &contact;
  }
  return nullptr;
}

// A payment's document as its "Invoice" summary shows it: {id, number, type}.
std::array<std::string, 3> PaymentDocument(const OrgState& state, const Payment& p) {
  for (const Invoice& i : state.invoices) {
    if (!p.invoice_id.empty() && i.invoice_id == p.invoice_id) {
      return {i.invoice_id, i.invoice_number, i.type};
    }
  }
  for (const CreditNote& c : state.credit_notes) {
    if (!p.credit_note_id.empty() && c.credit_note_id == p.credit_note_id) {
      return {c.credit_note_id, c.credit_note_number, c.type};
    }
  }
  return {};
}

std::string PaymentField(const OrgState& state, const Payment& p, std::string_view name) {
  if (name == "PaymentID") return p.payment_id;
  if (name == "Status") return p.status;
  if (name == "PaymentType") return p.payment_type;
  if (name == "Reference") return p.reference;
  if (name == "IsReconciled") return p.is_reconciled ? "true" : "false";
  if (name == "Invoice.InvoiceID") return PaymentDocument(state, p)[0];
  if (name == "Invoice.InvoiceNumber") return PaymentDocument(state, p)[1];
  if (name == "Invoice.Type") return PaymentDocument(state, p)[2];
  if (name == "Account.AccountID") return p.account_id;
  const Account* account = AccountById(state, p.account_id);
  return account != nullptr ? account->code : std::string();
}

constexpr std::array<std::string_view, 11> kBankFields = {
    "BankTransactionID", "Type",         "Status",
    "Reference",         "IsReconciled", "CurrencyCode",
    "Contact.ContactID", "Contact.Name", "BankAccount.AccountID",
    "BankAccount.Code",  "Url"};

std::string BankField(const OrgState& state, const BankTransaction& t, std::string_view name) {
  if (name == "BankTransactionID") return t.bank_transaction_id;
  if (name == "Type") return t.type;
  if (name == "Status") return t.status;
  if (name == "Reference") return t.reference;
  if (name == "IsReconciled") return t.is_reconciled ? "true" : "false";
  if (name == "CurrencyCode") {
    return t.currency_code.empty() ? state.organisation.base_currency : t.currency_code;
  }
  if (name == "Contact.ContactID") return t.contact_id;
  if (name == "Contact.Name") {
    const Contact* contact = ContactById(state, t.contact_id);
    return contact != nullptr ? contact->name : std::string();
  }
  if (name == "BankAccount.AccountID") return t.bank_account_id;
  if (name == "Url") return t.url;
  const Account* account = AccountById(state, t.bank_account_id);
  return account != nullptr ? account->code : std::string();
}

template <typename T, typename Render>
Json RenderAll(const std::vector<const T*>& items, Render render) {
  Json array = Json::MakeArray();
  for (const T* item : items) array.Append(render(*item));
  return array;
}

}  // namespace

BankingRead::BankingRead(const Clock& clock, const Identity& identity,
                         const Organisations& organisations)
    : clock_(clock), identity_(identity), organisations_(organisations) {}

void BankingRead::AddRoutes(http::Router& router) {
  const auto add = [&](const char* pattern,
                       http::Response (BankingRead::*handler)(const http::Request&) const) {
    router.Add("GET", std::string("/api.xro/2.0") + pattern,
               [this, handler](http::Request& r) { return (this->*handler)(r); });
  };
  add("/Payments", &BankingRead::GetPayments);
  add("/Payments/{PaymentID}", &BankingRead::GetPayment);
  add("/BankTransactions", &BankingRead::GetBankTransactions);
  add("/BankTransactions/{BankTransactionID}", &BankingRead::GetBankTransaction);
}

template <typename Serve>
http::Response BankingRead::WithOrganisation(const http::Request& request,
                                             const std::vector<std::string>& scopes,
                                             Serve&& serve) const {
  auto caller = identity_.Authenticate(request, scopes, /*read=*/true);
  if (auto* refused = std::get_if<http::Response>(&caller)) return std::move(*refused);
  std::optional<http::Response> response;
  const bool known = organisations_.Read(std::get<Caller>(caller).tenant_id,
                                         [&](const OrgState& state) { response = serve(state); });
  if (!known) return NotFound();
  return std::move(*response);
}

http::Response BankingRead::GetPayments(const http::Request& request) const {
  const std::optional<TimePoint> since = ModifiedSince(request);
  return WithOrganisation(request, kPaymentScopes, [&](const OrgState& state) -> http::Response {
    const auto read = [&](const Payment& p, std::string_view name) {
      return PaymentField(state, p, name);
    };
    auto selected = Select(request, state.payments, kPaymentFields, "Payment", read,
                           [&](const Payment& p) { return !since || p.updated > *since; });
    if (auto* error = std::get_if<http::Response>(&selected)) return std::move(*error);
    auto [page, pagination] = Paginate(request, std::move(std::get<0>(selected)));
    const auto render = [&](const Payment& p) { return PaymentJson(state, p); };
    return Envelope(request, clock_.Now(), "Payments", RenderAll(page, render),
                    std::move(pagination));
  });
}

http::Response BankingRead::GetPayment(const http::Request& request) const {
  return WithOrganisation(request, kPaymentScopes, [&](const OrgState& state) -> http::Response {
    const std::string id = AsciiLowered(request.Param("PaymentID"));
    for (const Payment& payment : state.payments) {
      if (payment.payment_id == id) {
        return Envelope(request, clock_.Now(), "Payments",
                        Json::MakeArray({PaymentJson(state, payment)}));
      }
    }
    return NotFound();
  });
}

http::Response BankingRead::GetBankTransactions(const http::Request& request) const {
  const std::optional<TimePoint> since = ModifiedSince(request);
  return WithOrganisation(request, kBankScopes, [&](const OrgState& state) -> http::Response {
    const auto read = [&](const BankTransaction& t, std::string_view name) {
      return BankField(state, t, name);
    };
    auto selected = Select(request, state.bank_transactions, kBankFields, "BankTransaction", read,
                           [&](const BankTransaction& t) { return !since || t.updated > *since; });
    if (auto* error = std::get_if<http::Response>(&selected)) return std::move(*error);
    auto [page, pagination] = Paginate(request, std::move(std::get<0>(selected)));
    const auto render = [&](const BankTransaction& t) {
      return BankTransactionJson(state, t, request.Query("unitdp") == "4");
    };
    return Envelope(request, clock_.Now(), "BankTransactions", RenderAll(page, render),
                    std::move(pagination));
  });
}

http::Response BankingRead::GetBankTransaction(const http::Request& request) const {
  return WithOrganisation(request, kBankScopes, [&](const OrgState& state) -> http::Response {
    const std::string id = AsciiLowered(request.Param("BankTransactionID"));
    for (const BankTransaction& transaction : state.bank_transactions) {
      if (transaction.bank_transaction_id == id) {
        return Envelope(request, clock_.Now(), "BankTransactions",
                        Json::MakeArray({BankTransactionJson(state, transaction,
                                                             request.Query("unitdp") == "4")}));
      }
    }
    return NotFound();
  });
}

}  // namespace xerosync::emulator
