#include "emulator/organisation.h"

#include <chrono>
#include <utility>

namespace xerosync::emulator {
namespace {

// Appends `key` only when `value` is not empty: Xero leaves out optional strings it has no value
// for.
void SetIfPresent(Json& object, std::string key, const std::string& value) {
  if (!value.empty()) object.Set(std::move(key), Json::String(value));
}

Json Rate(Decimal value) { return Json::Number(value, Decimal::kPlaces); }

}  // namespace

std::string_view AccountClass(std::string_view type) {
  for (std::string_view asset :
       {"BANK", "CURRENT", "FIXED", "INVENTORY", "NONCURRENT", "PREPAYMENT"}) {
    if (type == asset) return "ASSET";
  }
  for (std::string_view liability : {"CURRLIAB", "LIABILITY", "TERMLIAB", "PAYG"}) {
    if (type == liability) return "LIABILITY";
  }
  for (std::string_view expense : {"DEPRECIATN", "DIRECTCOSTS", "EXPENSE", "OVERHEADS"}) {
    if (type == expense) return "EXPENSE";
  }
  for (std::string_view revenue : {"OTHERINCOME", "REVENUE", "SALES"}) {
    if (type == revenue) return "REVENUE";
  }
  if (type == "EQUITY") return "EQUITY";
  return "";
}

Decimal TotalRate(const TaxRate& rate) {
  Decimal total;
  for (const TaxComponent& component : rate.components) {
    // Rates are percentages below 100: the sum cannot overflow.
    total = total.Plus(component.rate).value_or(total);
  }
  return total;
}

std::string MsDate(TimePoint time, bool with_offset) {
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
  return "/Date(" + std::to_string(ms) + (with_offset ? "+0000" : "") + ")/";
}

Json ToJson(const OrganisationInfo& o) {
  Json json = Json::MakeObject();
  json.Set("Name", Json::String(o.name));
  json.Set("LegalName", Json::String(o.legal_name));
  json.Set("PaysTax", Json::Bool(o.pays_tax));
  json.Set("Version", Json::String(o.version));
  json.Set("OrganisationType", Json::String(o.organisation_type));
  json.Set("BaseCurrency", Json::String(o.base_currency));
  json.Set("CountryCode", Json::String(o.country_code));
  json.Set("IsDemoCompany", Json::Bool(o.is_demo_company));
  json.Set("OrganisationStatus", Json::String(o.organisation_status));
  SetIfPresent(json, "TaxNumber", o.tax_number);
  json.Set("FinancialYearEndDay", Json::Integer(o.financial_year_end_day));
  json.Set("FinancialYearEndMonth", Json::Integer(o.financial_year_end_month));
  SetIfPresent(json, "SalesTaxBasis", o.sales_tax_basis);
  SetIfPresent(json, "SalesTaxPeriod", o.sales_tax_period);
  json.Set("DefaultSalesTax", Json::String("Tax Exclusive"));
  json.Set("DefaultPurchasesTax", Json::String("Tax Exclusive"));
  if (o.period_lock_date) json.Set("PeriodLockDate", Json::String(MsDate(*o.period_lock_date)));
  if (o.end_of_year_lock_date) {
    json.Set("EndOfYearLockDate", Json::String(MsDate(*o.end_of_year_lock_date)));
  }
  json.Set("CreatedDateUTC", Json::String(MsDate(o.created, /*with_offset=*/false)));
  json.Set("OrganisationEntityType", Json::String(o.organisation_type));
  json.Set("Timezone", Json::String(o.timezone));
  json.Set("ShortCode", Json::String(o.short_code));
  json.Set("OrganisationID", Json::String(o.organisation_id));
  json.Set("Edition", Json::String("BUSINESS"));
  json.Set("Class", Json::String("PREMIUM"));
  json.Set("Addresses", Json::MakeArray());
  json.Set("Phones", Json::MakeArray());
  json.Set("ExternalLinks", Json::MakeArray());
  json.Set("PaymentTerms", Json::MakeObject());
  return json;
}

Json ToJson(const Account& a) {
  Json json = Json::MakeObject();
  json.Set("AccountID", Json::String(a.account_id));
  SetIfPresent(json, "Code", a.code);
  json.Set("Name", Json::String(a.name));
  json.Set("Status", Json::String(a.status));
  json.Set("Type", Json::String(a.type));
  json.Set("TaxType", Json::String(a.tax_type));
  SetIfPresent(json, "Description", a.description);
  json.Set("Class", Json::String(std::string(AccountClass(a.type))));
  SetIfPresent(json, "SystemAccount", a.system_account);
  json.Set("EnablePaymentsToAccount", Json::Bool(a.enable_payments_to_account));
  json.Set("ShowInExpenseClaims", Json::Bool(a.show_in_expense_claims));
  if (a.type == "BANK") {
    SetIfPresent(json, "BankAccountNumber", a.bank_account_number);
    json.Set("BankAccountType", Json::String("BANK"));
    SetIfPresent(json, "CurrencyCode", a.currency_code);
  }
  json.Set("HasAttachments", Json::Bool(false));
  json.Set("UpdatedDateUTC", Json::String(MsDate(a.updated)));
  json.Set("AddToWatchlist", Json::Bool(false));
  return json;
}

Json ToJson(const TaxRate& t) {
  Json components = Json::MakeArray();
  for (const TaxComponent& c : t.components) {
    components.Append(Json::MakeObject({{"Name", Json::String(c.name)},
                                        {"Rate", Rate(c.rate)},
                                        {"IsCompound", Json::Bool(c.is_compound)},
                                        {"IsNonRecoverable", Json::Bool(c.is_non_recoverable)}}));
  }
  const Decimal total = TotalRate(t);
  return Json::MakeObject({{"Name", Json::String(t.name)},
                           {"TaxType", Json::String(t.tax_type)},
                           {"ReportTaxType", Json::String(t.report_tax_type)},
                           {"CanApplyToAssets", Json::Bool(t.can_apply_to_assets)},
                           {"CanApplyToEquity", Json::Bool(t.can_apply_to_equity)},
                           {"CanApplyToExpenses", Json::Bool(t.can_apply_to_expenses)},
                           {"CanApplyToLiabilities", Json::Bool(t.can_apply_to_liabilities)},
                           {"CanApplyToRevenue", Json::Bool(t.can_apply_to_revenue)},
                           {"DisplayTaxRate", Rate(total)},
                           {"EffectiveRate", Rate(total)},
                           {"Status", Json::String(t.status)},
                           {"TaxComponents", std::move(components)}});
}

Json ToJson(const Currency& c) {
  return Json::MakeObject(
      {{"Code", Json::String(c.code)}, {"Description", Json::String(c.description)}});
}

Json ToJson(const TrackingCategory& c) {
  Json options = Json::MakeArray();
  for (const TrackingOption& o : c.options) {
    if (o.status == "DELETED") continue;
    options.Append(Json::MakeObject({{"TrackingOptionID", Json::String(o.tracking_option_id)},
                                     {"Name", Json::String(o.name)},
                                     {"Status", Json::String(o.status)}}));
  }
  return Json::MakeObject({{"Name", Json::String(c.name)},
                           {"Status", Json::String(c.status)},
                           {"TrackingCategoryID", Json::String(c.tracking_category_id)},
                           {"Options", std::move(options)}});
}

Json ToJson(const Contact& c) {
  Json json = Json::MakeObject();
  json.Set("ContactID", Json::String(c.contact_id));
  SetIfPresent(json, "ContactNumber", c.contact_number);
  SetIfPresent(json, "AccountNumber", c.account_number);
  json.Set("ContactStatus", Json::String(c.contact_status));
  json.Set("Name", Json::String(c.name));
  SetIfPresent(json, "FirstName", c.first_name);
  SetIfPresent(json, "LastName", c.last_name);
  SetIfPresent(json, "EmailAddress", c.email_address);
  json.Set("BankAccountDetails", Json::String(""));
  json.Set("Addresses", Json::MakeArray());
  json.Set("Phones", Json::MakeArray());
  json.Set("UpdatedDateUTC", Json::String(MsDate(c.updated)));
  json.Set("ContactGroups", Json::MakeArray());
  json.Set("IsSupplier", Json::Bool(c.is_supplier));
  json.Set("IsCustomer", Json::Bool(c.is_customer));
  json.Set("ContactPersons", Json::MakeArray());
  json.Set("HasAttachments", Json::Bool(false));
  json.Set("HasValidationErrors", Json::Bool(false));
  return json;
}

void Organisations::Put(OrgState state) {
  std::lock_guard lock(mu_);
  std::string id = state.organisation.organisation_id;
  states_.insert_or_assign(std::move(id), std::move(state));
}

bool Organisations::Read(std::string_view tenant_id,
                         const std::function<void(const OrgState&)>& read) const {
  std::lock_guard lock(mu_);
  const auto it = states_.find(tenant_id);
  if (it == states_.end()) return false;
  read(it->second);
  return true;
}

bool Organisations::Write(std::string_view tenant_id,
                          const std::function<void(OrgState&)>& write) {
  std::lock_guard lock(mu_);
  const auto it = states_.find(tenant_id);
  if (it == states_.end()) return false;
  write(it->second);
  return true;
}

std::vector<std::string> Organisations::TenantIds() const {
  std::lock_guard lock(mu_);
  std::vector<std::string> ids;
  ids.reserve(states_.size());
  for (const auto& [id, state] : states_) ids.push_back(id);
  return ids;
}

}  // namespace xerosync::emulator
