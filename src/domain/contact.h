#pragma once
// Contact: a customer or supplier, as Xero holds it.
//
// A Contact also serves as the *reference* a document makes to its contact: Xero's Invoice.Contact
// is a Contact object that may carry only ContactID, Name or ContactNumber. ValidateAsReference()
// checks that form; ValidateForCreate() checks a contact about to be created.

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "domain/enums.h"
#include "domain/ids.h"
#include "domain/problems.h"

namespace xerosync::domain {

struct Address {
  std::optional<AddressType> type;
  std::optional<std::string> line1, line2, line3, line4;  // each at most 500 characters
  std::optional<std::string> city, region;                // at most 255
  std::optional<std::string> postal_code, country;        // at most 50
  std::optional<std::string> attention_to;                // at most 255

  Problems Check() const;
  friend bool operator==(const Address&, const Address&) = default;
};

struct Phone {
  std::optional<PhoneType> type;
  std::optional<std::string> number;        // at most 50 characters
  std::optional<std::string> area_code;     // at most 10
  std::optional<std::string> country_code;  // at most 20

  Problems Check() const;
  friend bool operator==(const Phone&, const Phone&) = default;
};

struct Contact {
  static constexpr std::size_t kMaxName = 255;
  static constexpr std::size_t kMaxNumber = 50;  // ContactNumber and AccountNumber

  ContactId id;                               // empty until Xero assigns it
  std::optional<std::string> contact_number;  // the host's key for the contact; unique in Xero
  std::optional<std::string> account_number;  // unique in Xero
  std::optional<ContactStatus> status;
  std::optional<std::string> name;  // unique among active contacts
  std::optional<std::string> first_name, last_name;
  std::optional<std::string> email;
  std::optional<std::string> company_number;
  std::optional<std::string> tax_number;
  std::optional<std::string> accounts_receivable_tax_type, accounts_payable_tax_type;
  std::optional<std::string> sales_default_account_code, purchases_default_account_code;
  std::optional<std::string> default_currency;
  std::vector<Address> addresses;
  std::vector<Phone> phones;
  // Read-only in Xero: set from what Xero returns, never sent.
  std::optional<bool> is_supplier, is_customer;
  std::optional<TimePoint> updated_at;

  // At least one of ContactID, Name and ContactNumber identifies the contact (Xero's rule).
  Status ValidateAsReference() const { return CheckAsReference().ToStatus(); }
  // The same, as problems a document can merge under "Contact".
  Problems CheckAsReference() const;
  // A contact to be created: a Name, and every field within Xero's lengths.
  Status ValidateForCreate() const;
  // A readable name for messages: "contact 'Acme Ltd'", else by number or id.
  std::string Describe() const;

  friend bool operator==(const Contact&, const Contact&) = default;

 private:
  Problems CheckFields() const;
};

}  // namespace xerosync::domain
