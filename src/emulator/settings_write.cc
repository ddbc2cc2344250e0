#include "emulator/settings_write.h"

#include <algorithm>
#include <array>
#include <string>
#include <utility>
#include <vector>

#include "emulator/api_util.h"

namespace xerosync::emulator {
namespace {

const std::vector<std::string> kSettingsScope = {"accounting.settings"};

constexpr std::array<std::string_view, 18> kAccountTypes = {
    "BANK",      "CURRENT",    "CURRLIAB",  "DEPRECIATN", "DIRECTCOSTS", "EQUITY",
    "EXPENSE",   "FIXED",      "INVENTORY", "LIABILITY",  "NONCURRENT",  "OTHERINCOME",
    "OVERHEADS", "PREPAYMENT", "REVENUE",   "SALES",      "TERMLIAB",    "PAYG"};

bool IsAccountType(std::string_view type) {
  return std::ranges::find(kAccountTypes, type) != kAccountTypes.end();
}

Account* FindAccount(std::vector<Account>& accounts, std::string_view id) {
  const auto it = std::ranges::find_if(
      accounts, [&](const Account& a) { return EqualsIgnoringCase(a.account_id, id); });
  return it == accounts.end() ? nullptr : &*it;
}

bool Subscribed(const OrgState& state, std::string_view code) {
  return std::ranges::any_of(state.currencies,
                             [&](const Currency& c) { return EqualsIgnoringCase(c.code, code); });
}

bool TaxTypeKnown(const OrgState& state, std::string_view tax_type) {
  return std::ranges::any_of(state.tax_rates, [&](const TaxRate& t) {
    return t.tax_type == tax_type && t.status == "ACTIVE";
  });
}

// Whether any document line or payment uses the account: Xero then refuses to delete it (it can
// only be archived).
bool AccountInUse(const OrgState& state, const Account& account) {
  const auto uses = [&](const LineItem& line) {
    return EqualsIgnoringCase(line.account_id, account.account_id) ||
           (!account.code.empty() && line.account_code == account.code);
  };
  const auto any_line = [&](const auto& documents) {
    return std::ranges::any_of(
        documents, [&](const auto& d) { return std::ranges::any_of(d.line_items, uses); });
  };
  return any_line(state.invoices) || any_line(state.credit_notes) ||
         any_line(state.bank_transactions) ||
         std::ranges::any_of(
             state.payments,
             [&](const Payment& p) { return p.account_id == account.account_id; }) ||
         std::ranges::any_of(state.bank_transactions, [&](const BankTransaction& b) {
           return b.bank_account_id == account.account_id;
         });
}

// Name and Code unique among the organisation's accounts that are not deleted.
void CheckUnique(const OrgState& state, const Account& candidate, Json& echo) {
  for (const Account& a : state.accounts) {
    if (a.account_id == candidate.account_id || a.status == "DELETED") continue;
    if (EqualsIgnoringCase(a.name, candidate.name)) {
      AddValidationError(echo, "Please enter a unique Name.");
      break;
    }
  }
  if (candidate.code.empty()) return;
  for (const Account& a : state.accounts) {
    if (a.account_id == candidate.account_id || a.status == "DELETED") continue;
    if (EqualsIgnoringCase(a.code, candidate.code)) {
      AddValidationError(echo, "Please enter a unique Code");
      break;
    }
  }
}

// The members of an account a request may set, read from `element` into `account`; returns
// whether any detail (anything but Status) was given with a value different from the stored one.
bool TakeAccountDetails(const Json& element, Account& account) {
  bool changed = false;
  const auto take = [&](std::string_view key, std::string& field) {
    if (const Json* v = Member(element, key); v != nullptr && v->is_string()) {
      changed = changed || v->AsString() != field;
      field = v->AsString();
    }
  };
  take("Code", account.code);
  take("Name", account.name);
  take("Type", account.type);
  take("TaxType", account.tax_type);
  take("Description", account.description);
  take("BankAccountNumber", account.bank_account_number);
  take("CurrencyCode", account.currency_code);
  const auto flag = [&](std::string_view key, bool& field) {
    if (const Json* v = Member(element, key); v != nullptr && v->is_bool()) {
      changed = changed || v->AsBool() != field;
      field = v->AsBool();
    }
  };
  flag("EnablePaymentsToAccount", account.enable_payments_to_account);
  flag("ShowInExpenseClaims", account.show_in_expense_claims);
  return changed;
}

void CheckAccountFields(const OrgState& state, const Account& account, Json& echo) {
  if (account.name.empty()) AddValidationError(echo, "Please enter a Name.");
  if (!IsAccountType(account.type)) {
    AddValidationError(echo, "Please select a valid account Type.");
  }
  // Xero's UI lets bank accounts go without a code; the API's text for a missing one is not
  // known (FACTS.md §9).
  if (account.code.empty() && account.type != "BANK") {
    AddValidationError(echo, "The Code field is required");
  }
  if (account.code.size() > 10) {
    AddValidationError(echo, "The Code must be 10 characters or fewer.");
  }
  if (!account.tax_type.empty() && !TaxTypeKnown(state, account.tax_type)) {
    AddValidationError(echo, "The TaxType code " + account.tax_type +
                                 " does not exist or cannot be used for this type of transaction.");
  }
  if (!account.currency_code.empty() && !Subscribed(state, account.currency_code)) {
    AddValidationError(echo, "The current organisation is not subscribed to currency '" +
                                 account.currency_code + "'.");
  }
}

ElementResult CreateAccount(WriteContext& context, const Json& element) {
  Json echo = element;
  Account account;
  account.account_id = context.random.Uuid();
  TakeAccountDetails(element, account);
  if (account.type == "BANK" && account.currency_code.empty()) {
    account.currency_code = context.state.organisation.base_currency;
  }
  if (account.tax_type.empty()) account.tax_type = "NONE";
  CheckAccountFields(context.state, account, echo);
  CheckUnique(context.state, account, echo);
  if (HasValidationErrors(echo)) return {std::move(echo), false};
  account.updated = context.now;
  context.state.accounts.push_back(account);
  return {ToJson(account), true};
}

ElementResult UpdateAccount(WriteContext& context, const Json& element) {
  Json echo = element;
  const std::string id =
      !context.path_id.empty() ? context.path_id : MemberText(element, "AccountID");
  Account* stored = FindAccount(context.state.accounts, id);
  if (stored == nullptr || stored->status == "DELETED") {
    AddValidationError(echo, "Account is not found");
    return {std::move(echo), false};
  }
  Account candidate = *stored;
  const bool details = TakeAccountDetails(element, candidate);
  const std::string status = MemberText(element, "Status");
  const bool status_change = !status.empty() && status != stored->status;
  if (details && status_change) {
    AddValidationError(echo, "Cannot update account details and STATUS on the same request");
  } else if (details && stored->status == "ARCHIVED") {
    AddValidationError(echo, "Can only update STATUS on Archived accounts");
  } else if (details && stored->type == "BANK") {
    AddValidationError(echo, "Cannot update Bank Accounts");
  } else if (details && candidate.type == "INVENTORY" && stored->type != "INVENTORY") {
    AddValidationError(echo, "Account cannot be updated to Inventory");
  } else if (status_change) {
    if (status != "ACTIVE" && status != "ARCHIVED") {
      AddValidationError(echo, "The status '" + status + "' is not valid for accounts.");
    } else if (status == "ARCHIVED" && !stored->system_account.empty()) {
      AddValidationError(echo, "Cannot archive System accounts");
    }
    candidate.status = status;
  }
  if (!HasValidationErrors(echo) && details) {
    CheckAccountFields(context.state, candidate, echo);
    CheckUnique(context.state, candidate, echo);
  }
  if (HasValidationErrors(echo)) return {std::move(echo), false};
  candidate.updated = context.now;
  *stored = candidate;
  return {ToJson(candidate), true};
}

http::Response DeleteAccount(WriteContext& context, const Json&) {
  Account* account = FindAccount(context.state.accounts, context.request.Param("AccountID"));
  if (account == nullptr || account->status == "DELETED") return NotFound();
  Json echo = ToJson(*account);
  if (!account->system_account.empty()) {
    AddValidationError(echo, "Cannot delete System accounts");
  } else if (AccountInUse(context.state, *account)) {
    AddValidationError(echo,
                       "This account has transactions and cannot be deleted. Archive it instead.");
  }
  if (HasValidationErrors(echo)) return ValidationException(Json::MakeArray({std::move(echo)}));
  account->status = "DELETED";
  account->updated = context.now;
  return Envelope(context.request, context.now, "Accounts", Json::MakeArray({ToJson(*account)}));
}

// ISO 4217 codes are three capital letters; the emulator does not carry the whole list.
bool LooksLikeCurrencyCode(std::string_view code) {
  return code.size() == 3 && std::ranges::all_of(code, [](char c) { return c >= 'A' && c <= 'Z'; });
}

ElementResult AddCurrency(WriteContext& context, const Json& element) {
  Json echo = element;
  Currency currency{MemberText(element, "Code"), MemberText(element, "Description")};
  if (!LooksLikeCurrencyCode(currency.code)) {
    AddValidationError(echo, "'" + currency.code + "' is not a valid currency code.");
    return {std::move(echo), false};
  }
  const auto it = std::ranges::find(context.state.currencies, currency.code, &Currency::code);
  if (it != context.state.currencies.end()) return {ToJson(*it), true};  // already subscribed
  context.state.currencies.push_back(currency);
  return {ToJson(currency), true};
}

TaxRate* FindTaxRate(std::vector<TaxRate>& rates, std::string_view tax_type,
                     std::string_view name) {
  for (TaxRate& rate : rates) {
    if ((!tax_type.empty() && rate.tax_type == tax_type) ||
        (tax_type.empty() && !name.empty() && EqualsIgnoringCase(rate.name, name))) {
      return &rate;
    }
  }
  return nullptr;
}

// TaxComponents from the request; false (with a message on `echo`) when one is unreadable.
bool TakeComponents(const Json& element, TaxRate& rate, Json& echo) {
  const Json* components = Member(element, "TaxComponents");
  if (components == nullptr) return true;
  if (!components->is_array()) {
    AddValidationError(echo, "TaxComponents must be a list.");
    return false;
  }
  rate.components.clear();
  for (const Json& c : components->AsArray()) {
    TaxComponent component;
    component.name = MemberText(c, "Name");
    const Json* value = Member(c, "Rate");
    Result<Decimal> parsed = value != nullptr ? value->AsDecimal() : Result<Decimal>(Decimal());
    if (component.name.empty() || !parsed.ok() || *parsed < Decimal() ||
        *parsed > Decimal::FromInt(100)) {
      AddValidationError(echo, "Each tax component needs a Name and a Rate from 0 to 100.");
      return false;
    }
    component.rate = *parsed;
    if (const Json* compound = Member(c, "IsCompound"); compound && compound->is_bool()) {
      component.is_compound = compound->AsBool();
    }
    if (const Json* nr = Member(c, "IsNonRecoverable"); nr && nr->is_bool()) {
      component.is_non_recoverable = nr->AsBool();
    }
    rate.components.push_back(component);
  }
  return true;
}

// PUT creates a rate (TaxType "TAX001", "TAX002", ... as Xero names custom rates); POST updates
// the rate named by TaxType (or Name) or creates it.
ElementResult WriteTaxRate(WriteContext& context, const Json& element) {
  Json echo = element;
  std::vector<TaxRate>& rates = context.state.tax_rates;
  const std::string tax_type = MemberText(element, "TaxType");
  const std::string name = MemberText(element, "Name");
  TaxRate* stored =
      context.method == WriteMethod::kPost ? FindTaxRate(rates, tax_type, name) : nullptr;
  if (stored == nullptr && !tax_type.empty()) {
    AddValidationError(echo, "The TaxType code " + tax_type +
                                 " does not exist or cannot be used for this type of transaction.");
    return {std::move(echo), false};
  }
  TaxRate candidate = stored != nullptr ? *stored : TaxRate{};
  if (!name.empty()) candidate.name = name;
  if (const std::string status = MemberText(element, "Status"); !status.empty()) {
    if (status != "ACTIVE" && status != "DELETED" && status != "ARCHIVED") {
      AddValidationError(echo, "The status '" + status + "' is not valid for tax rates.");
    }
    candidate.status = status;
  }
  if (!TakeComponents(element, candidate, echo)) return {std::move(echo), false};
  if (candidate.name.empty()) AddValidationError(echo, "Please enter a Name.");
  if (candidate.components.empty()) {
    AddValidationError(echo, "A tax rate needs at least one tax component.");
  }
  for (const TaxRate& r : rates) {
    if (&r != stored && EqualsIgnoringCase(r.name, candidate.name)) {
      AddValidationError(echo, "Please enter a unique Name.");
      break;
    }
  }
  if (HasValidationErrors(echo)) return {std::move(echo), false};
  if (stored != nullptr) {
    *stored = candidate;
    return {ToJson(candidate), true};
  }
  int custom = 1;
  for (const TaxRate& r : rates) custom += r.tax_type.starts_with("TAX") ? 1 : 0;
  std::string number = std::to_string(custom);
  candidate.tax_type =
      "TAX" + std::string(3 - std::min<std::size_t>(3, number.size()), '0') + number;
  candidate.report_tax_type = "OUTPUT";
  rates.push_back(candidate);
  return {ToJson(candidate), true};
}

TrackingCategory* FindCategory(OrgState& state, std::string_view id) {
  for (TrackingCategory& c : state.tracking_categories) {
    if (EqualsIgnoringCase(c.tracking_category_id, id) && c.status != "DELETED") return &c;
  }
  return nullptr;
}

// Xero allows two active tracking categories per organisation.
constexpr int kMaxActiveCategories = 2;

ElementResult CreateCategory(WriteContext& context, const Json& element) {
  Json echo = element;
  TrackingCategory category;
  category.name = MemberText(element, "Name");
  if (category.name.empty()) AddValidationError(echo, "Please enter a Name.");
  int active = 0;
  for (const TrackingCategory& c : context.state.tracking_categories) {
    if (c.status == "ACTIVE") ++active;
    if (c.status != "DELETED" && EqualsIgnoringCase(c.name, category.name)) {
      AddValidationError(echo, "Please enter a unique Name.");
    }
  }
  if (active >= kMaxActiveCategories) {
    AddValidationError(echo, "You can only have 2 active tracking categories.");
  }
  if (HasValidationErrors(echo)) return {std::move(echo), false};
  category.tracking_category_id = context.random.Uuid();
  context.state.tracking_categories.push_back(category);
  return {ToJson(category), true};
}

ElementResult UpdateCategory(WriteContext& context, const Json& element) {
  Json echo = element;
  TrackingCategory* category = FindCategory(context.state, context.path_id);
  if (category == nullptr) {
    AddValidationError(echo, "Tracking category is not found");
    return {std::move(echo), false};
  }
  TrackingCategory candidate = *category;
  if (const std::string name = MemberText(element, "Name"); !name.empty()) candidate.name = name;
  if (const std::string status = MemberText(element, "Status"); !status.empty()) {
    if (status != "ACTIVE" && status != "ARCHIVED") {
      AddValidationError(echo, "The status '" + status + "' is not valid for tracking categories.");
    }
    candidate.status = status;
  }
  for (const TrackingCategory& c : context.state.tracking_categories) {
    if (&c != category && c.status != "DELETED" && EqualsIgnoringCase(c.name, candidate.name)) {
      AddValidationError(echo, "Please enter a unique Name.");
    }
  }
  if (HasValidationErrors(echo)) return {std::move(echo), false};
  *category = candidate;
  return {ToJson(candidate), true};
}

ElementResult CreateOption(WriteContext& context, const Json& element) {
  Json echo = element;
  TrackingCategory* category =
      FindCategory(context.state, context.request.Param("TrackingCategoryID"));
  if (category == nullptr) {
    AddValidationError(echo, "Tracking category is not found");
    return {std::move(echo), false};
  }
  TrackingOption option;
  option.name = MemberText(element, "Name");
  if (option.name.empty()) AddValidationError(echo, "Please enter a Name.");
  for (const TrackingOption& o : category->options) {
    if (o.status != "DELETED" && EqualsIgnoringCase(o.name, option.name)) {
      AddValidationError(echo, "Please enter a unique Name.");
    }
  }
  if (HasValidationErrors(echo)) return {std::move(echo), false};
  option.tracking_option_id = context.random.Uuid();
  category->options.push_back(option);
  return {Json::MakeObject({{"TrackingOptionID", Json::String(option.tracking_option_id)},
                            {"Name", Json::String(option.name)},
                            {"Status", Json::String(option.status)}}),
          true};
}

// POST or DELETE of one option: answers the option as Xero does ({"Options":[...]}).
http::Response WriteOption(WriteContext& context, const Json& body, bool remove) {
  TrackingCategory* category =
      FindCategory(context.state, context.request.Param("TrackingCategoryID"));
  if (category == nullptr) return NotFound();
  const auto it = std::ranges::find_if(category->options, [&](const TrackingOption& o) {
    return EqualsIgnoringCase(o.tracking_option_id, context.request.Param("TrackingOptionID")) &&
           o.status != "DELETED";
  });
  if (it == category->options.end()) return NotFound();
  TrackingOption candidate = *it;
  if (remove) {
    candidate.status = "DELETED";
  } else {
    Json echo = body.is_object() ? body : Json::MakeObject();
    if (const std::string name = MemberText(body, "Name"); !name.empty()) candidate.name = name;
    if (const std::string status = MemberText(body, "Status"); !status.empty()) {
      if (status != "ACTIVE" && status != "ARCHIVED") {
        AddValidationError(echo, "The status '" + status + "' is not valid for tracking options.");
      }
      candidate.status = status;
    }
    for (const TrackingOption& o : category->options) {
      if (&o != &*it && o.status != "DELETED" && EqualsIgnoringCase(o.name, candidate.name)) {
        AddValidationError(echo, "Please enter a unique Name.");
      }
    }
    if (HasValidationErrors(echo)) return ValidationException(Json::MakeArray({std::move(echo)}));
  }
  *it = candidate;
  return Envelope(context.request, context.now, "Options",
                  Json::MakeArray({Json::MakeObject(
                      {{"TrackingOptionID", Json::String(candidate.tracking_option_id)},
                       {"Name", Json::String(candidate.name)},
                       {"Status", Json::String(candidate.status)}})}));
}

}  // namespace

void AddSettingsWrites(AccountingWrite& writes, http::Router& router) {
  const auto bare = [](std::string plural) {
    WriteEndpoint endpoint{std::move(plural), kSettingsScope, ""};
    endpoint.bare_object = true;
    endpoint.honours_summarize = false;
    return endpoint;
  };
  WriteEndpoint wrapped_accounts{"Accounts", kSettingsScope, ""};
  wrapped_accounts.honours_summarize = false;
  WriteEndpoint tax_rates{"TaxRates", kSettingsScope, ""};
  tax_rates.honours_summarize = false;
  constexpr char kApi[] = "/api.xro/2.0";
  const auto path = [&](std::string_view rest) { return kApi + std::string(rest); };

  writes.Add(router, "PUT", path("/Accounts"), bare("Accounts"), CreateAccount);
  writes.Add(router, "POST", path("/Accounts/{AccountID}"), wrapped_accounts, UpdateAccount);
  writes.AddCustom(router, "DELETE", path("/Accounts/{AccountID}"), kSettingsScope, DeleteAccount);
  writes.Add(router, "PUT", path("/Currencies"), bare("Currencies"), AddCurrency);
  writes.Add(router, "PUT", path("/TaxRates"), tax_rates, WriteTaxRate);
  writes.Add(router, "POST", path("/TaxRates"), tax_rates, WriteTaxRate);
  writes.Add(router, "PUT", path("/TrackingCategories"), bare("TrackingCategories"),
             CreateCategory);
  writes.Add(router, "POST", path("/TrackingCategories/{TrackingCategoryID}"),
             bare("TrackingCategories"), UpdateCategory);
  writes.AddCustom(router, "DELETE", path("/TrackingCategories/{TrackingCategoryID}"),
                   kSettingsScope, [](WriteContext& context, const Json&) {
                     TrackingCategory* category =
                         FindCategory(context.state, context.request.Param("TrackingCategoryID"));
                     if (category == nullptr) return NotFound();
                     category->status = "DELETED";
                     return Envelope(context.request, context.now, "TrackingCategories",
                                     Json::MakeArray({ToJson(*category)}));
                   });
  writes.Add(router, "PUT", path("/TrackingCategories/{TrackingCategoryID}/Options"),
             bare("Options"), CreateOption);
  writes.AddCustom(router, "POST",
                   path("/TrackingCategories/{TrackingCategoryID}/Options/{TrackingOptionID}"),
                   kSettingsScope, [](WriteContext& context, const Json& body) {
                     return WriteOption(context, body, /*remove=*/false);
                   });
  writes.AddCustom(router, "DELETE",
                   path("/TrackingCategories/{TrackingCategoryID}/Options/{TrackingOptionID}"),
                   kSettingsScope, [](WriteContext& context, const Json& body) {
                     return WriteOption(context, body, /*remove=*/true);
                   });
}

}  // namespace xerosync::emulator
