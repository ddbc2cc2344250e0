// The pre-flight checks' indexes (rules/preflight.h): Reference over the cached settings, the
// host's Mappings, and RefineWithReference. The checks themselves are in preflight_documents.cc.

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

#include "core/text.h"
#include "rules/preflight.h"

namespace xerosync::rules {
namespace {

// Lookups key on lower-cased text; positions (not pointers) are kept so that a copied Reference
// resolves into its own copy of the settings.
using Positions = std::unordered_map<std::string, std::size_t>;

// Adds `key` -> `position` unless the key is empty or already taken (the first wins).
// `exact`: the key keeps its letter case (contact and account numbers).
void Put(Positions& positions, std::string_view key, std::size_t position, bool exact = false) {
  if (!key.empty()) positions.try_emplace(exact ? std::string(key) : AsciiLowered(key), position);
}

// `positions` is null in a default-constructed Reference, which knows nothing.
std::optional<std::size_t> Find(const Positions* positions, std::string_view key,
                                bool exact = false) {
  if (positions == nullptr || key.empty()) return std::nullopt;
  const auto it = positions->find(exact ? std::string(key) : AsciiLowered(key));
  if (it == positions->end()) return std::nullopt;
  return it->second;
}

template <typename T>
const T* At(const std::optional<std::vector<T>>& items, std::optional<std::size_t> position) {
  if (!items || !position) return nullptr;
  return &(*items)[*position];
}

enum MapKind : std::size_t { kAccount, kTaxRate, kCurrency, kContact, kTracking, kDefault };

constexpr std::array<std::string_view, 6> kKinds = {"account", "tax_rate", "currency",
                                                    "contact", "tracking", "default"};
constexpr std::array<std::string_view, 5> kDefaults = {"sales_account", "purchases_account",
                                                       "sales_tax_rate", "purchases_tax_rate",
                                                       "payment_account"};

}  // namespace

struct Reference::Index {
  Positions account_by_code, account_by_id, tax_rate_by_type, currency_by_code;
  Positions contact_by_id, contact_by_number, contact_by_account_number;
  Positions active_contact_by_name, contact_by_name;
  Positions tracking_by_name;
};

Reference Reference::Build(Settings settings) {
  Reference reference;
  auto index = std::make_shared<Index>();
  if (settings.accounts) {
    for (std::size_t i = 0; i < settings.accounts->size(); ++i) {
      const domain::Account& account = (*settings.accounts)[i];
      Put(index->account_by_code, account.code.value_or(""), i);
      Put(index->account_by_id, account.id.value(), i);
    }
  }
  if (settings.tax_rates) {
    for (std::size_t i = 0; i < settings.tax_rates->size(); ++i) {
      Put(index->tax_rate_by_type, (*settings.tax_rates)[i].tax_type.value_or(""), i);
    }
  }
  if (settings.currencies) {
    for (std::size_t i = 0; i < settings.currencies->size(); ++i) {
      Put(index->currency_by_code, (*settings.currencies)[i].code, i);
    }
  }
  if (settings.contacts) {
    for (std::size_t i = 0; i < settings.contacts->size(); ++i) {
      const domain::Contact& contact = (*settings.contacts)[i];
      Put(index->contact_by_id, contact.id.value(), i);
      Put(index->contact_by_number, contact.contact_number.value_or(""), i, /*exact=*/true);
      Put(index->contact_by_account_number, contact.account_number.value_or(""), i,
          /*exact=*/true);
      const std::string name = contact.name.value_or("");
      if (contact.status.value_or(domain::ContactStatus::kActive) ==
          domain::ContactStatus::kActive) {
        Put(index->active_contact_by_name, name, i);
      }
      Put(index->contact_by_name, name, i);
    }
  }
  if (settings.tracking_categories) {
    for (std::size_t i = 0; i < settings.tracking_categories->size(); ++i) {
      Put(index->tracking_by_name, (*settings.tracking_categories)[i].name.value_or(""), i);
    }
  }
  reference.settings_ = std::move(settings);
  reference.index_ = std::move(index);
  return reference;
}

bool Reference::knows_accounts() const { return settings_.accounts.has_value(); }
bool Reference::knows_tax_rates() const { return settings_.tax_rates.has_value(); }
bool Reference::knows_currencies() const { return settings_.currencies.has_value(); }
bool Reference::knows_contacts() const { return settings_.contacts.has_value(); }
bool Reference::knows_tracking() const { return settings_.tracking_categories.has_value(); }

const domain::Account* Reference::AccountByCode(std::string_view code) const {
  return At(settings_.accounts, Find(index_ ? &index_->account_by_code : nullptr, code));
}

const domain::Account* Reference::AccountById(std::string_view id) const {
  return At(settings_.accounts, Find(index_ ? &index_->account_by_id : nullptr, id));
}

const domain::TaxRate* Reference::TaxRateByType(std::string_view tax_type) const {
  return At(settings_.tax_rates, Find(index_ ? &index_->tax_rate_by_type : nullptr, tax_type));
}

bool Reference::CurrencyEnabled(std::string_view code) const {
  if (!settings_.currencies) return true;
  const std::optional<std::string> base = base_currency();
  if (base && EqualsIgnoringCase(*base, code)) return true;
  return Find(index_ ? &index_->currency_by_code : nullptr, code).has_value();
}

const domain::Contact* Reference::ContactById(std::string_view id) const {
  return At(settings_.contacts, Find(index_ ? &index_->contact_by_id : nullptr, id));
}

const domain::Contact* Reference::ContactByNumber(std::string_view number) const {
  return At(settings_.contacts, Find(index_ ? &index_->contact_by_number : nullptr, number,
                                     /*exact=*/true));
}

const domain::Contact* Reference::ContactByName(std::string_view name) const {
  if (const domain::Contact* active =
          At(settings_.contacts, Find(index_ ? &index_->active_contact_by_name : nullptr, name))) {
    return active;
  }
  return At(settings_.contacts, Find(index_ ? &index_->contact_by_name : nullptr, name));
}

const domain::Contact* Reference::ContactByAccountNumber(std::string_view account_number) const {
  return At(settings_.contacts, Find(index_ ? &index_->contact_by_account_number : nullptr,
                                     account_number, /*exact=*/true));
}

const domain::TrackingCategory* Reference::TrackingCategoryByName(std::string_view name) const {
  return At(settings_.tracking_categories,
            Find(index_ ? &index_->tracking_by_name : nullptr, name));
}

std::optional<domain::Date> Reference::lock_date() const {
  if (!settings_.organisation) return std::nullopt;
  return settings_.organisation->EffectiveLockDate();
}

std::optional<std::string> Reference::base_currency() const {
  if (!settings_.organisation) return std::nullopt;
  return settings_.organisation->base_currency;
}

std::vector<const domain::Account*> Reference::AccountsWithoutCode() const {
  std::vector<const domain::Account*> out;
  if (!settings_.accounts) return out;
  for (const domain::Account& account : *settings_.accounts) {
    if (account.code.value_or("").empty()) out.push_back(&account);
  }
  return out;
}

Status Mappings::Set(std::string_view kind, std::string_view from, std::string_view to) {
  if (from.empty()) return InvalidArgumentError("a mapping needs a value to map from");
  if (kind == "setting") {
    if (from == "lock_date_policy") {
      if (to != "fail" && to != "shift") {
        return InvalidArgumentError("the setting lock_date_policy is \"fail\" or \"shift\"");
      }
      shift_locked_dates_ = to == "shift";
      return OkStatus();
    }
    if (from != "auto_create_contacts") {
      return InvalidArgumentError("unknown setting '" + std::string(from) + "'");
    }
    if (to != "true" && to != "false") {
      return InvalidArgumentError("the setting auto_create_contacts is \"true\" or \"false\"");
    }
    auto_create_contacts_ = to == "true";
    return OkStatus();
  }
  for (std::size_t i = 0; i < kKinds.size(); ++i) {
    if (kind != kKinds[i]) continue;
    if (i == kDefault && std::ranges::find(kDefaults, from) == kDefaults.end()) {
      return InvalidArgumentError("unknown default '" + std::string(from) + "'");
    }
    maps_[i].insert_or_assign(AsciiLowered(from), std::string(to));
    return OkStatus();
  }
  return InvalidArgumentError("unknown mapping kind '" + std::string(kind) + "'");
}

namespace {

const std::string* Lookup(const std::unordered_map<std::string, std::string>& map,
                          std::string_view from) {
  if (map.empty() || from.empty()) return nullptr;
  const auto it = map.find(AsciiLowered(from));
  return it == map.end() ? nullptr : &it->second;
}

}  // namespace

const std::string* Mappings::Account(std::string_view from) const {
  return Lookup(maps_[kAccount], from);
}
const std::string* Mappings::TaxRate(std::string_view from) const {
  return Lookup(maps_[kTaxRate], from);
}
const std::string* Mappings::Currency(std::string_view from) const {
  return Lookup(maps_[kCurrency], from);
}
const std::string* Mappings::Contact(std::string_view from) const {
  return Lookup(maps_[kContact], from);
}
const std::string* Mappings::Tracking(std::string_view from) const {
  return Lookup(maps_[kTracking], from);
}
const std::string* Mappings::Default(std::string_view which) const {
  return Lookup(maps_[kDefault], which);
}

std::string_view RefineWithReference(std::string_view code, std::string_view value,
                                     const Reference& reference) {
  if (code == "tax_rate.unknown") {
    const domain::TaxRate* rate = reference.TaxRateByType(value);
    if (rate != nullptr && rate->status && *rate->status != domain::TaxRateStatus::kActive) {
      return "tax_rate.inactive";
    }
  }
  return code;
}

}  // namespace xerosync::rules
