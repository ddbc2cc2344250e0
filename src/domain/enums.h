#pragma once
// The enumerations of Xero's accounting model, with their canonical names.
//
// The names are Xero's own words ("ACCREC", "AUTHORISED", "Exclusive"): they are the vocabulary
// users see in Xero and in xerosync's console, so they belong to the domain, not only the wire.
// NameOf() gives the canonical name; ParseEnum<E>() accepts it in any letter case.

#include <array>
#include <span>
#include <string_view>
#include <utility>

#include "core/result.h"
#include "core/text.h"

namespace xerosync::domain {

enum class LineAmountType { kExclusive, kInclusive, kNoTax };
// Documents xerosync creates are ACCREC (sales invoice) or ACCPAY (bill). Xero uses the same field
// for the other kinds when it names a document inside another (a payment's "Invoice" may be a
// credit note or a prepayment), so those values are read too.
enum class InvoiceType {
  kAccRec,
  kAccPay,
  kAccRecCredit,
  kAccPayCredit,
  kArOverpayment,
  kApOverpayment,
  kArPrepayment,
  kApPrepayment,
};
// Invoices and credit notes share these.
enum class DocumentStatus { kDraft, kSubmitted, kAuthorised, kPaid, kVoided, kDeleted };
enum class CreditNoteType { kAccRecCredit, kAccPayCredit };
enum class BankTransactionType {
  kReceive,
  kReceiveOverpayment,
  kReceivePrepayment,
  kReceiveTransfer,
  kSpend,
  kSpendOverpayment,
  kSpendPrepayment,
  kSpendTransfer,
};
enum class BankTransactionStatus { kAuthorised, kDeleted, kVoided };
enum class PaymentStatus { kAuthorised, kDeleted };
enum class PaymentType {
  kAccRecPayment,
  kAccPayPayment,
  kArCreditPayment,
  kApCreditPayment,
  kArOverpaymentPayment,
  kArPrepaymentPayment,
  kApPrepaymentPayment,
  kApOverpaymentPayment,
};
enum class ContactStatus { kActive, kArchived, kGdprRequest };
enum class AddressType { kPoBox, kStreet };
enum class PhoneType { kDefault, kDdi, kMobile, kFax, kOffice };
enum class AccountType {
  kBank,
  kCurrent,
  kCurrLiab,
  kDepreciatn,
  kDirectCosts,
  kEquity,
  kExpense,
  kFixed,
  kInventory,
  kLiability,
  kNonCurrent,
  kOtherIncome,
  kOverheads,
  kPrepayment,
  kRevenue,
  kSales,
  kTermLiab,
  kPayg,
};
enum class AccountStatus { kActive, kArchived, kDeleted };
enum class AccountClass { kAsset, kEquity, kExpense, kLiability, kRevenue };
enum class TaxRateStatus { kActive, kDeleted, kArchived, kPending };
enum class TrackingStatus { kActive, kArchived, kDeleted };

// The table of canonical names of each enumeration, in declaration order.
template <typename E>
struct EnumNames;

#define XEROSYNC_ENUM_NAMES(E, ...)                                                \
  template <>                                                                      \
  struct EnumNames<E> {                                                            \
    static constexpr std::string_view kTypeName = #E;                              \
    static constexpr auto kNames = std::to_array<std::string_view>({__VA_ARGS__}); \
  }

XEROSYNC_ENUM_NAMES(LineAmountType, "Exclusive", "Inclusive", "NoTax");
XEROSYNC_ENUM_NAMES(InvoiceType, "ACCREC", "ACCPAY", "ACCRECCREDIT", "ACCPAYCREDIT",
                    "AROVERPAYMENT", "APOVERPAYMENT", "ARPREPAYMENT", "APPREPAYMENT");
XEROSYNC_ENUM_NAMES(DocumentStatus, "DRAFT", "SUBMITTED", "AUTHORISED", "PAID", "VOIDED",
                    "DELETED");
XEROSYNC_ENUM_NAMES(CreditNoteType, "ACCRECCREDIT", "ACCPAYCREDIT");
XEROSYNC_ENUM_NAMES(BankTransactionType, "RECEIVE", "RECEIVE-OVERPAYMENT", "RECEIVE-PREPAYMENT",
                    "RECEIVE-TRANSFER", "SPEND", "SPEND-OVERPAYMENT", "SPEND-PREPAYMENT",
                    "SPEND-TRANSFER");
XEROSYNC_ENUM_NAMES(BankTransactionStatus, "AUTHORISED", "DELETED", "VOIDED");
XEROSYNC_ENUM_NAMES(PaymentStatus, "AUTHORISED", "DELETED");
XEROSYNC_ENUM_NAMES(PaymentType, "ACCRECPAYMENT", "ACCPAYPAYMENT", "ARCREDITPAYMENT",
                    "APCREDITPAYMENT", "AROVERPAYMENTPAYMENT", "ARPREPAYMENTPAYMENT",
                    "APPREPAYMENTPAYMENT", "APOVERPAYMENTPAYMENT");
XEROSYNC_ENUM_NAMES(ContactStatus, "ACTIVE", "ARCHIVED", "GDPRREQUEST");
XEROSYNC_ENUM_NAMES(AddressType, "POBOX", "STREET");
XEROSYNC_ENUM_NAMES(PhoneType, "DEFAULT", "DDI", "MOBILE", "FAX", "OFFICE");
XEROSYNC_ENUM_NAMES(AccountType, "BANK", "CURRENT", "CURRLIAB", "DEPRECIATN", "DIRECTCOSTS",
                    "EQUITY", "EXPENSE", "FIXED", "INVENTORY", "LIABILITY", "NONCURRENT",
                    "OTHERINCOME", "OVERHEADS", "PREPAYMENT", "REVENUE", "SALES", "TERMLIAB",
                    "PAYG");
XEROSYNC_ENUM_NAMES(AccountStatus, "ACTIVE", "ARCHIVED", "DELETED");
XEROSYNC_ENUM_NAMES(AccountClass, "ASSET", "EQUITY", "EXPENSE", "LIABILITY", "REVENUE");
XEROSYNC_ENUM_NAMES(TaxRateStatus, "ACTIVE", "DELETED", "ARCHIVED", "PENDING");
XEROSYNC_ENUM_NAMES(TrackingStatus, "ACTIVE", "ARCHIVED", "DELETED");
#undef XEROSYNC_ENUM_NAMES

namespace internal {
Status UnknownEnumName(std::string_view type_name, std::string_view text,
                       std::span<const std::string_view> names);
}  // namespace internal

template <typename E>
constexpr std::string_view NameOf(E value) {
  return EnumNames<E>::kNames[static_cast<std::size_t>(value)];
}

// kInvalidArgument listing the valid names when `text` is none of them.
template <typename E>
Result<E> ParseEnum(std::string_view text) {
  const auto& names = EnumNames<E>::kNames;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (EqualsIgnoringCase(names[i], text)) return static_cast<E>(i);
  }
  return internal::UnknownEnumName(EnumNames<E>::kTypeName, text, names);
}

// Sales (ACCREC) documents and their credit notes are the ones whose numbers Xero keeps unique.
constexpr bool IsSales(InvoiceType type) { return type == InvoiceType::kAccRec; }
constexpr bool IsSales(CreditNoteType type) { return type == CreditNoteType::kAccRecCredit; }

}  // namespace xerosync::domain
