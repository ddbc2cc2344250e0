// Contacts, their addresses and phones.
#include "xero/codecs.h"

namespace xerosync::xero {

using domain::Address;
using domain::Contact;
using domain::Phone;

void Codec<Address>::Decode(FieldReader& r, Address& a) {
  a.type = r.Enum<domain::AddressType>("AddressType");
  a.line1 = r.String("AddressLine1");
  a.line2 = r.String("AddressLine2");
  a.line3 = r.String("AddressLine3");
  a.line4 = r.String("AddressLine4");
  a.city = r.String("City");
  a.region = r.String("Region");
  a.postal_code = r.String("PostalCode");
  a.country = r.String("Country");
  a.attention_to = r.String("AttentionTo");
}

void Codec<Address>::Encode(const Address& a, FieldWriter& w) {
  w.Enum("AddressType", a.type);
  w.String("AddressLine1", a.line1);
  w.String("AddressLine2", a.line2);
  w.String("AddressLine3", a.line3);
  w.String("AddressLine4", a.line4);
  w.String("City", a.city);
  w.String("Region", a.region);
  w.String("PostalCode", a.postal_code);
  w.String("Country", a.country);
  w.String("AttentionTo", a.attention_to);
}

void Codec<Phone>::Decode(FieldReader& r, Phone& p) {
  p.type = r.Enum<domain::PhoneType>("PhoneType");
  p.number = r.String("PhoneNumber");
  p.area_code = r.String("PhoneAreaCode");
  p.country_code = r.String("PhoneCountryCode");
}

void Codec<Phone>::Encode(const Phone& p, FieldWriter& w) {
  w.Enum("PhoneType", p.type);
  w.String("PhoneNumber", p.number);
  w.String("PhoneAreaCode", p.area_code);
  w.String("PhoneCountryCode", p.country_code);
}

void Codec<Contact>::Decode(FieldReader& r, Contact& c) {
  c.id = r.IdOf<domain::ContactId>("ContactID");
  c.contact_number = r.String("ContactNumber");
  c.account_number = r.String("AccountNumber");
  c.status = r.Enum<domain::ContactStatus>("ContactStatus");
  c.name = r.String("Name");
  c.first_name = r.String("FirstName");
  c.last_name = r.String("LastName");
  c.email = r.String("EmailAddress");
  c.company_number = r.String("CompanyNumber");
  c.tax_number = r.String("TaxNumber");
  c.accounts_receivable_tax_type = r.String("AccountsReceivableTaxType");
  c.accounts_payable_tax_type = r.String("AccountsPayableTaxType");
  c.sales_default_account_code = r.String("SalesDefaultAccountCode");
  c.purchases_default_account_code = r.String("PurchasesDefaultAccountCode");
  c.default_currency = r.String("DefaultCurrency");
  r.Array("Addresses", c.addresses);
  r.Array("Phones", c.phones);
  c.is_supplier = r.Bool("IsSupplier");
  c.is_customer = r.Bool("IsCustomer");
  c.updated_at = r.Timestamp("UpdatedDateUTC");
  // Not modelled: xerosync syncs a contact's identity, addresses, phones and tax defaults; these
  // are Xero-side details it neither sends nor needs (contact persons, groups, balances, branding,
  // payment terms, tracking defaults, merge history, attachments, derived strings).
  r.Skip({"MergedToContactID",
          "ContactPersons",
          "BankAccountDetails",
          "TaxNumberType",
          "SalesDefaultLineAmountType",
          "PurchasesDefaultLineAmountType",
          "XeroNetworkKey",
          "SalesTrackingCategories",
          "PurchasesTrackingCategories",
          "TrackingCategoryName",
          "TrackingCategoryOption",
          "PaymentTerms",
          "ContactGroups",
          "Website",
          "BrandingTheme",
          "BatchPayments",
          "Discount",
          "Balances",
          "Attachments",
          "HasAttachments",
          "UpdatedDateUTCString",
          "TaxNumbeType"});  // (sic) as the spec's GET /Contacts example spells TaxNumberType
}

void Codec<Contact>::Encode(const Contact& c, FieldWriter& w) {
  if (w.reference()) {
    // Xero finds the contact by ContactID; failing that by ContactNumber, then Name.
    w.IdOf("ContactID", c.id);
    if (c.id.empty()) {
      w.String("ContactNumber", c.contact_number);
      w.String("Name", c.name);
    }
    return;
  }
  w.IdOf("ContactID", c.id);
  w.String("ContactNumber", c.contact_number);
  w.String("AccountNumber", c.account_number);
  w.Enum("ContactStatus", c.status);
  w.String("Name", c.name);
  w.String("FirstName", c.first_name);
  w.String("LastName", c.last_name);
  w.String("EmailAddress", c.email);
  w.String("CompanyNumber", c.company_number);
  w.String("TaxNumber", c.tax_number);
  w.String("AccountsReceivableTaxType", c.accounts_receivable_tax_type);
  w.String("AccountsPayableTaxType", c.accounts_payable_tax_type);
  w.String("SalesDefaultAccountCode", c.sales_default_account_code);
  w.String("PurchasesDefaultAccountCode", c.purchases_default_account_code);
  w.String("DefaultCurrency", c.default_currency);
  w.Array("Addresses", c.addresses, EncodeMode::kRequest);
  w.Array("Phones", c.phones, EncodeMode::kRequest);
  if (w.snapshot()) {  // read-only in Xero: "Cannot be set via PUT or POST"
    w.Bool("IsSupplier", c.is_supplier);
    w.Bool("IsCustomer", c.is_customer);
    w.Timestamp("UpdatedDateUTC", c.updated_at);
  }
}

}  // namespace xerosync::xero
