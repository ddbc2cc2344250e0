#include "emulator/bank_transaction_write.h"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "emulator/api_util.h"
#include "emulator/banking_json.h"
#include "emulator/banking_rules.h"
#include "emulator/contact_write.h"
#include "emulator/document_rules.h"
#include "emulator/line_items.h"

namespace xerosync::emulator {
namespace {

const std::vector<std::string> kScopes = {"accounting.transactions", "accounting.banktransactions"};

// [UNCONFIRMED] texts (docs/emulator.md): no Xero source was found for these cases.
constexpr char kNoType[] = "The Type field is mandatory";
constexpr char kNoBankAccount[] = "A bank account must be specified";
constexpr char kNotBankAccount[] = "The bank account must be an active bank account";
constexpr char kNoLines[] = "At least one line item must be specified";
constexpr char kBadDate[] = "Date is not a valid date";
constexpr char kNotModifiable[] = "Bank transaction not of valid status for modification";
constexpr char kNotFound[] =
    "An existing Bank Transaction with the specified BankTransactionID could not be found";

bool IsOneOf(std::string_view value, std::initializer_list<std::string_view> options) {
  for (std::string_view option : options) {
    if (value == option) return true;
  }
  return false;
}

// The message for a Type other than RECEIVE or SPEND; nullopt for those two.
std::optional<std::string> TypeError(const std::string& type) {
  if (type.empty()) return kNoType;
  if (type == "RECEIVE" || type == "SPEND") return std::nullopt;
  if (IsOneOf(type, {"RECEIVE-OVERPAYMENT", "RECEIVE-PREPAYMENT", "SPEND-OVERPAYMENT",
                     "SPEND-PREPAYMENT", "RECEIVE-TRANSFER", "SPEND-TRANSFER"})) {
    return "xero-emulator does not support bank transactions of type " + type;
  }
  return "'" + type + "' is not a valid bank transaction type";  // [UNCONFIRMED]
}

BankTransaction* FindTransaction(OrgState& state, const std::string& id) {
  for (BankTransaction& transaction : state.bank_transactions) {
    if (EqualsIgnoringCase(transaction.bank_transaction_id, id)) return &transaction;
  }
  return nullptr;
}

std::string Upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

}  // namespace

ElementResult WriteBankTransaction(WriteContext& context, const Json& element) {
  Json echo = element.is_object() ? element : Json::MakeObject();
  OrgState& state = context.state;
  // unitdp=4: UnitAmount is read and answered with four places (FACTS.md §3.4).
  const bool unit_dp4 = context.request.Query("unitdp") == "4";
  const auto fail = [&](std::vector<std::string> errors) {
    for (std::string& error : errors) AddValidationError(echo, std::move(error));
    return ElementResult{std::move(echo), false};
  };

  // POST updates the transaction the path or the element names; PUT always creates.
  BankTransaction* existing = nullptr;
  const std::string id =
      !context.path_id.empty() ? context.path_id : IdMember(element, "BankTransactionID");
  if (context.method == WriteMethod::kPost && !id.empty()) {
    existing = FindTransaction(state, id);
    if (existing == nullptr) return fail({kNotFound});
    if (existing->status != "AUTHORISED") return fail({kNotModifiable});
  }
  BankTransaction next = existing != nullptr ? *existing : BankTransaction();
  std::vector<std::string> errors;
  const auto given = [&](std::string_view key) {
    const Json* value = Member(element, key);
    return value != nullptr && !value->is_null() ? value : nullptr;
  };

  if (const Json* type = given("Type"); type != nullptr || existing == nullptr) {
    next.type = type != nullptr && type->is_string() ? Upper(type->AsString()) : "";
    if (auto error = TypeError(next.type)) errors.push_back(std::move(*error));
  }

  if (const Json* status = given("Status")) {
    const std::string wanted = status->is_string() ? Upper(status->AsString()) : "";
    const bool allowed = wanted == "AUTHORISED" ||
                         (existing != nullptr && (wanted == "DELETED" || wanted == "VOIDED"));
    if (!allowed) {
      errors.push_back("The status " + wanted + " is not valid for this bank transaction");
    } else {
      next.status = wanted;
    }
  }

  std::optional<ContactChoice> contact;
  if (const Json* reference = given("Contact"); reference != nullptr || existing == nullptr) {
    contact = ChooseDocumentContact(context, reference, echo, /*reject_archived=*/false);
    if (contact) next.contact_id = contact->contact_id;
  }

  const Account* bank = nullptr;
  if (const Json* reference = given("BankAccount"); reference != nullptr || existing == nullptr) {
    bank = FindAccount(state, reference);
    if (!NamesAccount(reference)) {
      errors.emplace_back(kNoBankAccount);
    } else if (bank == nullptr || bank->type != "BANK" || bank->status != "ACTIVE") {
      errors.emplace_back(kNotBankAccount);
      bank = nullptr;
    } else {
      next.bank_account_id = bank->account_id;
    }
  } else {
    for (const Account& account : state.accounts) {
      if (account.account_id == next.bank_account_id) bank = &account;
    }
  }

  if (const Json* types = given("LineAmountTypes")) {
    const auto parsed = ParseLineAmountTypes(types->is_string() ? types->AsString() : "?");
    if (parsed) {
      next.line_amount_types = *parsed;
    } else {
      errors.emplace_back("LineAmountTypes is not valid");  // [UNCONFIRMED]
    }
  }

  if (const Json* lines = given("LineItems"); lines != nullptr || existing == nullptr) {
    LineRules rules;
    rules.document_type = next.type;
    rules.line_amount_types = next.line_amount_types;
    rules.require_account = true;
    rules.unit_dp4 = unit_dp4;
    if (!next.bank_account_id.empty()) rules.excluded_account_ids = {next.bank_account_id};
    ReadLines read = ReadLineItems(state, lines, rules, next.line_items, context.random);
    if (read.lines.empty() && read.errors.empty()) errors.emplace_back(kNoLines);
    for (std::string& error : read.errors) errors.push_back(std::move(error));
    next.line_items = std::move(read.lines);
    next.totals = read.totals;
  } else {
    next.totals = TotalsOf(next.line_items, next.line_amount_types);
  }

  if (const Json* currency = given("CurrencyCode")) {
    next.currency_code = currency->is_string() ? Upper(currency->AsString()) : "";
    if (!Subscribed(state, next.currency_code)) {
      errors.push_back("Organisation is not subscribed to currency " + next.currency_code);
    }
  } else if (existing == nullptr) {
    next.currency_code = bank != nullptr && !bank->currency_code.empty()
                             ? bank->currency_code
                             : state.organisation.base_currency;
  }
  if (const Json* rate = given("CurrencyRate")) {
    const std::optional<Decimal> parsed = ParseDecimal(*rate);
    if (parsed && *parsed > Decimal()) next.currency_rate = *parsed;
  }

  const auto check_lock = [&](TimePoint date) {
    if (std::string locked = LockDateError(state.organisation, date); !locked.empty()) {
      errors.push_back(std::move(locked));
    }
  };
  // Changing a transaction dated in the locked period is refused as creating one is.
  if (existing != nullptr) check_lock(existing->date);
  bool bad_date = false;
  if (const std::optional<TimePoint> date = DateMember(element, "Date", bad_date)) {
    next.date = *date;
    check_lock(next.date);
  } else if (bad_date) {
    errors.emplace_back(kBadDate);
  } else if (existing == nullptr) {
    next.date = context.Today();
    check_lock(next.date);
  }

  if (given("Reference") != nullptr) next.reference = MemberText(element, "Reference");
  if (given("Url") != nullptr) next.url = MemberText(element, "Url");
  if (const Json* reconciled = given("IsReconciled");
      reconciled != nullptr && reconciled->is_bool()) {
    next.is_reconciled = reconciled->AsBool();
  }

  if (!errors.empty() || HasValidationErrors(echo)) return fail(std::move(errors));

  if (contact) CommitContactChoice(context, *contact);
  next.updated = context.now;
  if (existing != nullptr) {
    *existing = std::move(next);
    return {BankTransactionJson(state, *existing, unit_dp4), true};
  }
  next.bank_transaction_id = context.random.Uuid();
  state.bank_transactions.push_back(std::move(next));
  return {BankTransactionJson(state, state.bank_transactions.back(), unit_dp4), true};
}

void AddBankTransactionWrites(AccountingWrite& writes, http::Router& router) {
  const WriteEndpoint endpoint{.plural = "BankTransactions", .scopes = kScopes};
  writes.Add(router, "PUT", "/api.xro/2.0/BankTransactions", endpoint, WriteBankTransaction);
  writes.Add(router, "POST", "/api.xro/2.0/BankTransactions", endpoint, WriteBankTransaction);
  writes.Add(router, "POST", "/api.xro/2.0/BankTransactions/{BankTransactionID}", endpoint,
             WriteBankTransaction);
}

}  // namespace xerosync::emulator
