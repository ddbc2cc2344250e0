#include "domain/contact.h"

namespace xerosync::domain {

Problems Address::Check() const {
  Problems p("address");
  p.MaxLength("AddressLine1", line1, 500);
  p.MaxLength("AddressLine2", line2, 500);
  p.MaxLength("AddressLine3", line3, 500);
  p.MaxLength("AddressLine4", line4, 500);
  p.MaxLength("City", city, 255);
  p.MaxLength("Region", region, 255);
  p.MaxLength("PostalCode", postal_code, 50);
  p.MaxLength("Country", country, 50);
  p.MaxLength("AttentionTo", attention_to, 255);
  return p;
}

Problems Phone::Check() const {
  Problems p("phone");
  p.MaxLength("PhoneNumber", number, 50);
  p.MaxLength("PhoneAreaCode", area_code, 10);
  p.MaxLength("PhoneCountryCode", country_code, 20);
  return p;
}

std::string Contact::Describe() const {
  if (name && !name->empty()) return "contact '" + *name + "'";
  if (contact_number && !contact_number->empty()) return "contact number " + *contact_number;
  if (!id.empty()) return "contact " + id.value();
  return "contact";
}

Problems Contact::CheckFields() const {
  Problems p(Describe());
  p.MaxLength("Name", name, kMaxName);
  p.MaxLength("ContactNumber", contact_number, kMaxNumber);
  p.MaxLength("AccountNumber", account_number, kMaxNumber);
  p.MaxLength("FirstName", first_name, 255);
  p.MaxLength("LastName", last_name, 255);
  p.MaxLength("EmailAddress", email, 255);
  p.MaxLength("CompanyNumber", company_number, 50);
  if (!id.empty() && !IsGuid(id.value())) p.Add("ContactID", "is not a Xero id (a GUID)");
  for (std::size_t i = 0; i < addresses.size(); ++i) {
    p.Merge("Addresses[" + std::to_string(i) + "]", addresses[i].Check());
  }
  for (std::size_t i = 0; i < phones.size(); ++i) {
    p.Merge("Phones[" + std::to_string(i) + "]", phones[i].Check());
  }
  return p;
}

Problems Contact::CheckAsReference() const {
  Problems p = CheckFields();
  const bool has_name = name && !name->empty();
  const bool has_number = contact_number && !contact_number->empty();
  if (id.empty() && !has_name && !has_number) {
    p.Add("", "needs at least one of Name, ContactID or ContactNumber to identify it");
  }
  return p;
}

Status Contact::ValidateForCreate() const {
  Problems p = CheckFields();
  if (!name || name->empty()) p.Add("Name", "is required");
  return p.ToStatus();
}

}  // namespace xerosync::domain
