// Every validation message of FACTS.md §5 maps to its catalogue code, with the value it names;
// an unknown one keeps the generic code.
#include "rules/recognise.h"

#include <gtest/gtest.h>

#include "rules/catalogue.h"

namespace xerosync::rules {
namespace {

struct Case {
  std::string_view message;
  std::string_view code;
  std::string_view value;
};

// Xero's words as FACTS.md §5 quotes them.
constexpr Case kCases[] = {
    {"The Contact must contain at least 1 of the following elements to identify the contact: "
     "Name, ContactID, ContactNumber",
     "document.missing_information", ""},
    {"The contact name Buzz Lightyear is already assigned to another contact. The contact name "
     "must be unique across all active contacts.",
     "contact.name_taken", "Buzz Lightyear"},
    {"The contact number breeze:o1 is already assigned to another contact. The contact number "
     "must be unique across all contacts.",
     "contact.number_taken", "breeze:o1"},
    {"The Account Number already exists. Please enter a different Account Number.",
     "contact.account_number_taken", ""},
    {"The contact with the specified contact details has been archived. The contact must be "
     "un-archived before creating new invoices or credit notes.",
     "contact.archived", ""},
    {"Unable to assign an Archived contact.", "contact.archived", ""},
    {"Contact Name cannot be empty.", "contact.missing", ""},
    {"Email address must be valid.", "contact.email_invalid", ""},
    {"Account code '200' is not a valid code for this document.", "account.invalid_for_document",
     "200"},
    {"Account code '200' has been archived, or has been deleted. Each line item must reference a "
     "valid account.",
     "account.archived", "200"},
    {"Account code must be specified", "account.missing", ""},
    {"Account must be valid.", "account.invalid_for_document", ""},
    {"Tax rate must be valid.", "tax_rate.unknown", ""},
    {"The TaxType field is mandatory", "document.missing_information", ""},
    {"The TaxType code GST on Income does not exist or cannot be used for this type of "
     "transaction.",
     "tax_rate.unknown", "GST on Income"},
    {"The TaxType code 'GST on Income' cannot be used with account code '40010-01'.",
     "tax_rate.not_for_account", "GST on Income"},
    {"Organisation is not subscribed to currency EUR", "currency.not_enabled", "EUR"},
    {"The current organisation is not subscribed to currency 'EUR'.", "currency.not_enabled",
     "EUR"},
    {"Invoice # must be unique.", "invoice.number_taken", ""},
    {"Invoice not of valid status for modification", "document.not_editable", ""},
    {"This document cannot be edited as it has a payment or credit note allocated to it.",
     "document.not_editable", ""},
    {"Document not of valid status for modification", "document.not_editable", ""},
    {"The status VOIDED cannot be applied to the invoice because it has payments or credit notes "
     "allocated to it.",
     "document.not_editable", ""},
    {"Date cannot be changed on an invoice that has payment or credit notes allocated to it.",
     "document.not_editable", ""},
    {"An existing Contact with the specified ContactID could not be found", "contact.missing", ""},
    {"An existing Invoice with the specified InvoiceID could not be found", "document.not_in_xero",
     ""},
    {"An existing Credit Note with the specified CreditNoteID could not be found",
     "document.not_in_xero", ""},
    {"The document date cannot be before the period lock date", "document.period_locked", ""},
    {"The document date cannot be before the end of year lock date, currently set at 30-Sep-2021",
     "document.period_locked", ""},
    {"The Total for this document must be greater than or equal to zero.", "document.negative", ""},
    {"The quantity value '-x.0000' is invalid. Quantity must not be less than zero.",
     "document.negative", ""},
    {"Due date cannot be empty.", "document.missing_information", ""},
    {"Payments can only be made against Authorised documents", "payment.document_not_authorised",
     ""},
    {"Payment amount exceeds the amount outstanding on this document",
     "payment.exceeds_outstanding", ""},
    {"Payment not of valid status for modification", "payment.not_editable", ""},
    {"You must specify and Account code or Account ID for the payment", "payment.account_missing",
     ""},
    {"Account type is invalid for making a payment to/from", "payment.account_cannot_take_payments",
     ""},
    {"The invoice of payment does not exist", "payment.invoice_not_in_xero", ""},
    {"Credit Note cannot be allocated as amount is greater than amount outstanding",
     "allocation.exceeds_outstanding", ""},
    {"The invoice you are trying to allocate to has already been paid off",
     "allocation.exceeds_outstanding", ""},
    {"The document with the supplied id was not found for this endpoint.", "document.not_in_xero",
     ""},
    {"Idempotency Key: abc-1 is used with a different request.", "xero.idempotency_key_reused", ""},
};

TEST(RecogniseXeroMessage, EveryKnownMessageMapsToItsCode) {
  for (const Case& c : kCases) {
    const Recognised r = RecogniseXeroMessage(c.message);
    EXPECT_EQ(r.code, c.code) << c.message;
    EXPECT_EQ(r.value, c.value) << c.message;
    EXPECT_NE(FindEntry(r.code), nullptr) << r.code << " is not in the catalogue";
  }
}

TEST(RecogniseXeroMessage, CaseAndTheFinalPeriodDoNotMatter) {
  EXPECT_EQ(RecogniseXeroMessage("INVOICE # MUST BE UNIQUE").code, "invoice.number_taken");
  EXPECT_EQ(
      RecogniseXeroMessage("Payment amount exceeds the amount outstanding on this document.").code,
      "payment.exceeds_outstanding");
}

TEST(RecogniseXeroMessage, AnUnknownMessageKeepsTheGenericCode) {
  const Recognised r = RecogniseXeroMessage("Something Xero has never said before.");
  EXPECT_EQ(r.code, "xero.validation");
  EXPECT_EQ(r.value, "");
  EXPECT_NE(FindEntry(r.code), nullptr);
}

}  // namespace
}  // namespace xerosync::rules
