#include "rules/recognise.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "core/text.h"

namespace xerosync::rules {
namespace {

enum class Value {
  kNone,
  kFirstQuoted,       // 'X' anywhere
  kAfterTaxTypeCode,  // "The TaxType code X does not exist ..."
  kAfterCurrency,     // "... subscribed to currency EUR" (or 'EUR')
  kContactName,       // "The contact name X is already assigned ..."
  kContactNumber,     // "The contact number X is already assigned ..."
};

struct Pattern {
  std::string_view contains;  // lower case
  std::string_view code;
  Value value;
};

// Most specific first: the first pattern contained in the message decides.
constexpr std::array kPatterns{
    Pattern{"must contain at least 1 of the following elements to identify the contact",
            "document.missing_information", Value::kNone},
    Pattern{"the contact name must be unique", "contact.name_taken", Value::kContactName},
    Pattern{"the contact number must be unique", "contact.number_taken", Value::kContactNumber},
    Pattern{"the account number already exists", "contact.account_number_taken", Value::kNone},
    Pattern{"specified contact details has been archived", "contact.archived", Value::kNone},
    Pattern{"unable to assign an archived contact", "contact.archived", Value::kNone},
    Pattern{"is not valid for contacts", "xero.validation", Value::kNone},
    Pattern{"contact name cannot be empty", "contact.missing", Value::kNone},
    // The emulator's words for a ContactID that matches nothing (no Xero text is known).
    Pattern{"existing contact with the specified contactid could not be found", "contact.missing",
            Value::kNone},
    Pattern{"email address must be valid", "contact.email_invalid", Value::kNone},
    Pattern{"is not a valid code for this document", "account.invalid_for_document",
            Value::kFirstQuoted},
    Pattern{"has been archived, or has been deleted", "account.archived", Value::kFirstQuoted},
    Pattern{"does not match a recognised account", "account.invalid_for_document",
            Value::kFirstQuoted},
    Pattern{"account code must be specified", "account.missing", Value::kNone},
    Pattern{"account must be valid", "account.invalid_for_document", Value::kNone},
    Pattern{"tax rate must be valid", "tax_rate.unknown", Value::kNone},
    Pattern{"the taxtype field is mandatory", "document.missing_information", Value::kNone},
    Pattern{"cannot be used with account code", "tax_rate.not_for_account", Value::kFirstQuoted},
    Pattern{"does not exist or cannot be used for this type of transaction", "tax_rate.unknown",
            Value::kAfterTaxTypeCode},
    Pattern{"not subscribed to currency", "currency.not_enabled", Value::kAfterCurrency},
    Pattern{"invoice # must be unique", "invoice.number_taken", Value::kNone},
    Pattern{"payment not of valid status for modification", "payment.not_editable", Value::kNone},
    Pattern{"not of valid status for modification", "document.not_editable", Value::kNone},
    Pattern{"cannot be edited as it has a payment or credit note allocated",
            "document.not_editable", Value::kNone},
    Pattern{"cannot be applied to the invoice because it has payment", "document.not_editable",
            Value::kNone},
    Pattern{"cannot be changed on an invoice that has payment", "document.not_editable",
            Value::kNone},
    Pattern{"with the specified invoiceid could not be found", "document.not_in_xero",
            Value::kNone},
    Pattern{"with the specified creditnoteid could not be found", "document.not_in_xero",
            Value::kNone},
    Pattern{"the document with the supplied id was not found", "document.not_in_xero",
            Value::kNone},
    Pattern{"cannot be before the period lock date", "document.period_locked", Value::kNone},
    Pattern{"cannot be before the end of year lock date", "document.period_locked", Value::kNone},
    Pattern{"must be greater than or equal to zero", "document.negative", Value::kNone},
    Pattern{"must not be less than zero", "document.negative", Value::kNone},
    Pattern{"due date cannot be empty", "document.missing_information", Value::kNone},
    Pattern{"payments can only be made against authorised documents",
            "payment.document_not_authorised", Value::kNone},
    Pattern{"payment amount exceeds the amount outstanding", "payment.exceeds_outstanding",
            Value::kNone},
    Pattern{"must specify and account code or account id for the payment",
            "payment.account_missing", Value::kNone},
    Pattern{"account type is invalid for making a payment", "payment.account_cannot_take_payments",
            Value::kNone},
    Pattern{"the invoice of payment does not exist", "payment.invoice_not_in_xero", Value::kNone},
    Pattern{"cannot be allocated as amount is greater than amount outstanding",
            "allocation.exceeds_outstanding", Value::kNone},
    Pattern{"has already been paid off", "allocation.exceeds_outstanding", Value::kNone},
    Pattern{"is used with a different request", "xero.idempotency_key_reused", Value::kNone},
};

std::string Trimmed(std::string_view text) {
  while (!text.empty() && (text.back() == '.' || text.back() == ' ' || text.back() == '\'')) {
    text.remove_suffix(1);
  }
  while (!text.empty() && (text.front() == ' ' || text.front() == '\'')) text.remove_prefix(1);
  return std::string(text);
}

// The text of `message` between `start` and `end` (found in its lower-case form), trimmed.
std::string Between(std::string_view message, std::string_view lower, std::string_view start,
                    std::string_view end) {
  const std::size_t from = lower.find(start);
  if (from == std::string_view::npos) return "";
  const std::size_t to = lower.find(end, from + start.size());
  if (to == std::string_view::npos) return "";
  return Trimmed(message.substr(from + start.size(), to - from - start.size()));
}

std::string Extract(std::string_view message, std::string_view lower, Value value) {
  switch (value) {
    case Value::kContactName:
      return Between(message, lower, "the contact name ", " is already assigned");
    case Value::kContactNumber:
      return Between(message, lower, "the contact number ", " is already assigned");
    case Value::kNone:
      return "";
    case Value::kFirstQuoted: {
      const std::size_t open = message.find('\'');
      if (open == std::string_view::npos) return "";
      const std::size_t close = message.find('\'', open + 1);
      if (close == std::string_view::npos) return "";
      return std::string(message.substr(open + 1, close - open - 1));
    }
    case Value::kAfterTaxTypeCode: {
      constexpr std::string_view kStart = "the taxtype code ";
      constexpr std::string_view kEnd = " does not exist";
      const std::size_t start = lower.find(kStart);
      const std::size_t end = lower.find(kEnd);
      if (start == std::string_view::npos || end == std::string_view::npos || end < start) {
        return "";
      }
      const std::size_t from = start + kStart.size();
      return Trimmed(message.substr(from, end - from));
    }
    case Value::kAfterCurrency: {
      constexpr std::string_view kStart = "currency ";
      const std::size_t start = lower.rfind(kStart);
      if (start == std::string_view::npos) return "";
      return Trimmed(message.substr(start + kStart.size()));
    }
  }
  return "";
}

}  // namespace

Recognised RecogniseXeroMessage(std::string_view message) {
  const std::string lower = AsciiLowered(message);
  for (const Pattern& pattern : kPatterns) {
    if (lower.find(pattern.contains) != std::string::npos) {
      return {pattern.code, Extract(message, lower, pattern.value)};
    }
  }
  return {"xero.validation", ""};
}

}  // namespace xerosync::rules
