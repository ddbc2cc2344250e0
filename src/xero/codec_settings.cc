// The organisation's settings: organisation, accounts, tax rates, currencies, tracking.
#include "xero/codecs.h"

namespace xerosync::xero {

using domain::Account;
using domain::Currency;
using domain::Organisation;
using domain::TaxComponent;
using domain::TaxRate;
using domain::TrackingCategory;
using domain::TrackingOption;

void Codec<Account>::Decode(FieldReader& r, Account& a) {
  a.id = r.IdOf<domain::AccountId>("AccountID");
  a.code = r.String("Code");
  a.name = r.String("Name");
  a.type = r.Enum<domain::AccountType>("Type");
  a.status = r.Enum<domain::AccountStatus>("Status");
  a.description = r.String("Description");
  a.bank_account_number = r.String("BankAccountNumber");
  a.bank_account_type = r.String("BankAccountType");
  a.currency_code = r.String("CurrencyCode");
  a.tax_type = r.String("TaxType");
  a.enable_payments_to_account = r.Bool("EnablePaymentsToAccount");
  a.show_in_expense_claims = r.Bool("ShowInExpenseClaims");
  a.account_class = r.Enum<domain::AccountClass>("Class");
  a.system_account = r.String("SystemAccount");
  a.reporting_code = r.String("ReportingCode");
  a.reporting_code_name = r.String("ReportingCodeName");
  a.has_attachments = r.Bool("HasAttachments");
  a.add_to_watchlist = r.Bool("AddToWatchlist");
  a.updated_at = r.Timestamp("UpdatedDateUTC");
  r.Skip({"UpdatedDateUTCString"});  // repeats UpdatedDateUTC
}

void Codec<Account>::Encode(const Account& a, FieldWriter& w) {
  if (w.reference()) {
    w.IdOf("AccountID", a.id);
    if (a.id.empty()) w.String("Code", a.code);
    return;
  }
  w.IdOf("AccountID", a.id);
  w.String("Code", a.code);
  w.String("Name", a.name);
  w.Enum("Type", a.type);
  w.Enum("Status", a.status);
  w.String("Description", a.description);
  w.String("BankAccountNumber", a.bank_account_number);
  w.String("BankAccountType", a.bank_account_type);
  w.String("CurrencyCode", a.currency_code);
  w.String("TaxType", a.tax_type);
  w.Bool("EnablePaymentsToAccount", a.enable_payments_to_account);
  w.Bool("ShowInExpenseClaims", a.show_in_expense_claims);
  w.String("ReportingCode", a.reporting_code);
  w.Bool("AddToWatchlist", a.add_to_watchlist);
  if (w.snapshot()) {
    w.Enum("Class", a.account_class);
    w.String("SystemAccount", a.system_account);
    w.String("ReportingCodeName", a.reporting_code_name);
    w.Bool("HasAttachments", a.has_attachments);
    w.Timestamp("UpdatedDateUTC", a.updated_at);
  }
}

void Codec<TaxComponent>::Decode(FieldReader& r, TaxComponent& c) {
  c.name = r.String("Name");
  c.rate = r.Amount("Rate");
  c.is_compound = r.Bool("IsCompound");
  c.is_non_recoverable = r.Bool("IsNonRecoverable");
}

void Codec<TaxComponent>::Encode(const TaxComponent& c, FieldWriter& w) {
  w.String("Name", c.name);
  w.Amount("Rate", c.rate);
  w.Bool("IsCompound", c.is_compound);
  w.Bool("IsNonRecoverable", c.is_non_recoverable);
}

void Codec<TaxRate>::Decode(FieldReader& r, TaxRate& t) {
  t.name = r.String("Name");
  t.tax_type = r.String("TaxType");
  r.Array("TaxComponents", t.components);
  t.status = r.Enum<domain::TaxRateStatus>("Status");
  t.report_tax_type = r.String("ReportTaxType");
  t.can_apply_to_assets = r.Bool("CanApplyToAssets");
  t.can_apply_to_equity = r.Bool("CanApplyToEquity");
  t.can_apply_to_expenses = r.Bool("CanApplyToExpenses");
  t.can_apply_to_liabilities = r.Bool("CanApplyToLiabilities");
  t.can_apply_to_revenue = r.Bool("CanApplyToRevenue");
  t.display_rate = r.Amount("DisplayTaxRate");
  t.effective_rate = r.Amount("EffectiveRate");
}

void Codec<TaxRate>::Encode(const TaxRate& t, FieldWriter& w) {
  w.String("Name", t.name);
  w.String("TaxType", t.tax_type);
  if (w.reference()) return;
  w.Array("TaxComponents", t.components, EncodeMode::kRequest);
  w.Enum("Status", t.status);
  w.String("ReportTaxType", t.report_tax_type);
  if (w.snapshot()) {
    w.Bool("CanApplyToAssets", t.can_apply_to_assets);
    w.Bool("CanApplyToEquity", t.can_apply_to_equity);
    w.Bool("CanApplyToExpenses", t.can_apply_to_expenses);
    w.Bool("CanApplyToLiabilities", t.can_apply_to_liabilities);
    w.Bool("CanApplyToRevenue", t.can_apply_to_revenue);
    w.Amount("DisplayTaxRate", t.display_rate);
    w.Amount("EffectiveRate", t.effective_rate);
  }
}

void Codec<Currency>::Decode(FieldReader& r, Currency& c) {
  c.code = r.String("Code").value_or("");
  c.description = r.String("Description");
}

void Codec<Currency>::Encode(const Currency& c, FieldWriter& w) {
  if (!c.code.empty()) w.String("Code", c.code);
  w.String("Description", c.description);
}

void Codec<TrackingOption>::Decode(FieldReader& r, TrackingOption& o) {
  o.id = r.IdOf<domain::TrackingOptionId>("TrackingOptionID");
  o.name = r.String("Name");
  o.status = r.Enum<domain::TrackingStatus>("Status");
  // Not modelled: the category id echoes the parent when options are listed on their own;
  // IsDeleted echoes a deletion just made; IsActive and IsArchived repeat Status.
  r.Skip({"TrackingCategoryID", "IsDeleted", "IsActive", "IsArchived"});
}

void Codec<TrackingOption>::Encode(const TrackingOption& o, FieldWriter& w) {
  w.IdOf("TrackingOptionID", o.id);
  w.String("Name", o.name);
  w.Enum("Status", o.status);
}

void Codec<TrackingCategory>::Decode(FieldReader& r, TrackingCategory& c) {
  c.id = r.IdOf<domain::TrackingCategoryId>("TrackingCategoryID");
  c.name = r.String("Name");
  c.status = r.Enum<domain::TrackingStatus>("Status");
  r.Array("Options", c.options);
  // Not modelled: a category as it appears on a line (TrackingOptionID, Option) is LineTracking.
  r.Skip({"TrackingOptionID", "Option"});
}

void Codec<TrackingCategory>::Encode(const TrackingCategory& c, FieldWriter& w) {
  w.IdOf("TrackingCategoryID", c.id);
  w.String("Name", c.name);
  w.Enum("Status", c.status);
  if (w.snapshot()) w.Array("Options", c.options, EncodeMode::kSnapshot);
}

void Codec<Organisation>::Decode(FieldReader& r, Organisation& o) {
  o.id = r.IdOf<domain::OrganisationId>("OrganisationID");
  o.name = r.String("Name");
  o.legal_name = r.String("LegalName");
  o.short_code = r.String("ShortCode");
  o.base_currency = r.String("BaseCurrency");
  o.country_code = r.String("CountryCode");
  o.timezone = r.String("Timezone");
  o.version = r.String("Version");
  o.organisation_type = r.String("OrganisationType");
  o.organisation_entity_type = r.String("OrganisationEntityType");
  o.organisation_class = r.String("Class");
  o.edition = r.String("Edition");
  o.status = r.String("OrganisationStatus");
  o.api_key = r.String("APIKey");
  o.registration_number = r.String("RegistrationNumber");
  o.tax_number = r.String("TaxNumber");
  o.employer_identification_number = r.String("EmployerIdentificationNumber");
  o.line_of_business = r.String("LineOfBusiness");
  o.is_demo_company = r.Bool("IsDemoCompany");
  o.pays_tax = r.Bool("PaysTax");
  o.sales_tax_basis = r.String("SalesTaxBasis");
  o.sales_tax_period = r.String("SalesTaxPeriod");
  o.default_sales_tax = r.String("DefaultSalesTax");
  o.default_purchases_tax = r.String("DefaultPurchasesTax");
  o.financial_year_end_day = r.Int("FinancialYearEndDay");
  o.financial_year_end_month = r.Int("FinancialYearEndMonth");
  o.period_lock_date = r.Date("PeriodLockDate");
  o.end_of_year_lock_date = r.Date("EndOfYearLockDate");
  o.created_at = r.Timestamp("CreatedDateUTC");
  // Not modelled: the organisation's own contact details, social links and payment terms are not
  // used to sync.
  r.Skip({"Addresses", "Phones", "ExternalLinks", "PaymentTerms"});
}

void Codec<Organisation>::Encode(const Organisation& o, FieldWriter& w) {
  w.IdOf("OrganisationID", o.id);
  w.String("Name", o.name);
  w.String("LegalName", o.legal_name);
  w.String("ShortCode", o.short_code);
  w.String("BaseCurrency", o.base_currency);
  w.String("CountryCode", o.country_code);
  w.String("Timezone", o.timezone);
  w.String("Version", o.version);
  w.String("OrganisationType", o.organisation_type);
  w.String("OrganisationEntityType", o.organisation_entity_type);
  w.String("Class", o.organisation_class);
  w.String("Edition", o.edition);
  w.String("OrganisationStatus", o.status);
  w.String("APIKey", o.api_key);
  w.String("RegistrationNumber", o.registration_number);
  w.String("TaxNumber", o.tax_number);
  w.String("EmployerIdentificationNumber", o.employer_identification_number);
  w.String("LineOfBusiness", o.line_of_business);
  w.Bool("IsDemoCompany", o.is_demo_company);
  w.Bool("PaysTax", o.pays_tax);
  w.String("SalesTaxBasis", o.sales_tax_basis);
  w.String("SalesTaxPeriod", o.sales_tax_period);
  w.String("DefaultSalesTax", o.default_sales_tax);
  w.String("DefaultPurchasesTax", o.default_purchases_tax);
  w.Int("FinancialYearEndDay", o.financial_year_end_day);
  w.Int("FinancialYearEndMonth", o.financial_year_end_month);
  w.Date("PeriodLockDate", o.period_lock_date);
  w.Date("EndOfYearLockDate", o.end_of_year_lock_date);
  w.Timestamp("CreatedDateUTC", o.created_at);
}

}  // namespace xerosync::xero
