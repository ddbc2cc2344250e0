#include "domain/enums.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace xerosync::domain {
namespace {

// Every enumerator of `E` with the name Xero uses for it. The table is written out by hand, so a
// renamed, missing or extra name in EnumNames<E> fails the test.
template <typename E>
using Table = std::vector<std::pair<E, std::string_view>>;

template <typename E>
void ExpectNamesRoundTrip(const Table<E>& table) {
  SCOPED_TRACE(std::string(EnumNames<E>::kTypeName));
  EXPECT_EQ(table.size(), EnumNames<E>::kNames.size()) << "enumerators and names differ in number";
  for (const auto& [value, name] : table) {
    EXPECT_EQ(NameOf(value), name);
    Result<E> parsed = ParseEnum<E>(name);
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    EXPECT_EQ(*parsed, value) << name;
  }
}

TEST(EnumsTest, EveryNameRoundTrips) {
  ExpectNamesRoundTrip<LineAmountType>({{LineAmountType::kExclusive, "Exclusive"},
                                        {LineAmountType::kInclusive, "Inclusive"},
                                        {LineAmountType::kNoTax, "NoTax"}});
  ExpectNamesRoundTrip<InvoiceType>({{InvoiceType::kAccRec, "ACCREC"},
                                     {InvoiceType::kAccPay, "ACCPAY"},
                                     {InvoiceType::kAccRecCredit, "ACCRECCREDIT"},
                                     {InvoiceType::kAccPayCredit, "ACCPAYCREDIT"},
                                     {InvoiceType::kArOverpayment, "AROVERPAYMENT"},
                                     {InvoiceType::kApOverpayment, "APOVERPAYMENT"},
                                     {InvoiceType::kArPrepayment, "ARPREPAYMENT"},
                                     {InvoiceType::kApPrepayment, "APPREPAYMENT"}});
  ExpectNamesRoundTrip<DocumentStatus>({{DocumentStatus::kDraft, "DRAFT"},
                                        {DocumentStatus::kSubmitted, "SUBMITTED"},
                                        {DocumentStatus::kAuthorised, "AUTHORISED"},
                                        {DocumentStatus::kPaid, "PAID"},
                                        {DocumentStatus::kVoided, "VOIDED"},
                                        {DocumentStatus::kDeleted, "DELETED"}});
  ExpectNamesRoundTrip<CreditNoteType>({{CreditNoteType::kAccRecCredit, "ACCRECCREDIT"},
                                        {CreditNoteType::kAccPayCredit, "ACCPAYCREDIT"}});
  ExpectNamesRoundTrip<BankTransactionType>(
      {{BankTransactionType::kReceive, "RECEIVE"},
       {BankTransactionType::kReceiveOverpayment, "RECEIVE-OVERPAYMENT"},
       {BankTransactionType::kReceivePrepayment, "RECEIVE-PREPAYMENT"},
       {BankTransactionType::kReceiveTransfer, "RECEIVE-TRANSFER"},
       {BankTransactionType::kSpend, "SPEND"},
       {BankTransactionType::kSpendOverpayment, "SPEND-OVERPAYMENT"},
       {BankTransactionType::kSpendPrepayment, "SPEND-PREPAYMENT"},
       {BankTransactionType::kSpendTransfer, "SPEND-TRANSFER"}});
  ExpectNamesRoundTrip<BankTransactionStatus>({{BankTransactionStatus::kAuthorised, "AUTHORISED"},
                                               {BankTransactionStatus::kDeleted, "DELETED"},
                                               {BankTransactionStatus::kVoided, "VOIDED"}});
  ExpectNamesRoundTrip<PaymentStatus>(
      {{PaymentStatus::kAuthorised, "AUTHORISED"}, {PaymentStatus::kDeleted, "DELETED"}});
  ExpectNamesRoundTrip<PaymentType>({{PaymentType::kAccRecPayment, "ACCRECPAYMENT"},
                                     {PaymentType::kAccPayPayment, "ACCPAYPAYMENT"},
                                     {PaymentType::kArCreditPayment, "ARCREDITPAYMENT"},
                                     {PaymentType::kApCreditPayment, "APCREDITPAYMENT"},
                                     {PaymentType::kArOverpaymentPayment, "AROVERPAYMENTPAYMENT"},
                                     {PaymentType::kArPrepaymentPayment, "ARPREPAYMENTPAYMENT"},
                                     {PaymentType::kApPrepaymentPayment, "APPREPAYMENTPAYMENT"},
                                     {PaymentType::kApOverpaymentPayment, "APOVERPAYMENTPAYMENT"}});
  ExpectNamesRoundTrip<ContactStatus>({{ContactStatus::kActive, "ACTIVE"},
                                       {ContactStatus::kArchived, "ARCHIVED"},
                                       {ContactStatus::kGdprRequest, "GDPRREQUEST"}});
  ExpectNamesRoundTrip<AddressType>(
      {{AddressType::kPoBox, "POBOX"}, {AddressType::kStreet, "STREET"}});
  ExpectNamesRoundTrip<PhoneType>({{PhoneType::kDefault, "DEFAULT"},
                                   {PhoneType::kDdi, "DDI"},
                                   {PhoneType::kMobile, "MOBILE"},
                                   {PhoneType::kFax, "FAX"},
                                   {PhoneType::kOffice, "OFFICE"}});
  ExpectNamesRoundTrip<AccountType>({{AccountType::kBank, "BANK"},
                                     {AccountType::kCurrent, "CURRENT"},
                                     {AccountType::kCurrLiab, "CURRLIAB"},
                                     {AccountType::kDepreciatn, "DEPRECIATN"},
                                     {AccountType::kDirectCosts, "DIRECTCOSTS"},
                                     {AccountType::kEquity, "EQUITY"},
                                     {AccountType::kExpense, "EXPENSE"},
                                     {AccountType::kFixed, "FIXED"},
                                     {AccountType::kInventory, "INVENTORY"},
                                     {AccountType::kLiability, "LIABILITY"},
                                     {AccountType::kNonCurrent, "NONCURRENT"},
                                     {AccountType::kOtherIncome, "OTHERINCOME"},
                                     {AccountType::kOverheads, "OVERHEADS"},
                                     {AccountType::kPrepayment, "PREPAYMENT"},
                                     {AccountType::kRevenue, "REVENUE"},
                                     {AccountType::kSales, "SALES"},
                                     {AccountType::kTermLiab, "TERMLIAB"},
                                     {AccountType::kPayg, "PAYG"}});
  ExpectNamesRoundTrip<AccountStatus>({{AccountStatus::kActive, "ACTIVE"},
                                       {AccountStatus::kArchived, "ARCHIVED"},
                                       {AccountStatus::kDeleted, "DELETED"}});
  ExpectNamesRoundTrip<AccountClass>({{AccountClass::kAsset, "ASSET"},
                                      {AccountClass::kEquity, "EQUITY"},
                                      {AccountClass::kExpense, "EXPENSE"},
                                      {AccountClass::kLiability, "LIABILITY"},
                                      {AccountClass::kRevenue, "REVENUE"}});
  ExpectNamesRoundTrip<TaxRateStatus>({{TaxRateStatus::kActive, "ACTIVE"},
                                       {TaxRateStatus::kDeleted, "DELETED"},
                                       {TaxRateStatus::kArchived, "ARCHIVED"},
                                       {TaxRateStatus::kPending, "PENDING"}});
  ExpectNamesRoundTrip<TrackingStatus>({{TrackingStatus::kActive, "ACTIVE"},
                                        {TrackingStatus::kArchived, "ARCHIVED"},
                                        {TrackingStatus::kDeleted, "DELETED"}});
}

TEST(EnumsTest, ParseIgnoresLetterCase) {
  EXPECT_EQ(*ParseEnum<InvoiceType>("accrec"), InvoiceType::kAccRec);
  EXPECT_EQ(*ParseEnum<InvoiceType>("AccPay"), InvoiceType::kAccPay);
  // Xero itself writes "EXCLUSIVE" in some responses (the GET /Quotes example) and "Exclusive" in
  // others.
  EXPECT_EQ(*ParseEnum<LineAmountType>("EXCLUSIVE"), LineAmountType::kExclusive);
  EXPECT_EQ(*ParseEnum<LineAmountType>("notax"), LineAmountType::kNoTax);
  EXPECT_EQ(*ParseEnum<BankTransactionType>("spend-transfer"), BankTransactionType::kSpendTransfer);
}

TEST(EnumsTest, HyphenatedBankTransactionTypesParse) {
  Result<BankTransactionType> type = ParseEnum<BankTransactionType>("RECEIVE-OVERPAYMENT");
  ASSERT_TRUE(type.ok()) << type.status();
  EXPECT_EQ(*type, BankTransactionType::kReceiveOverpayment);
}

TEST(EnumsTest, UnknownNameIsInvalidArgumentListingTheValidNames) {
  Result<InvoiceType> type = ParseEnum<InvoiceType>("SALES");
  ASSERT_FALSE(type.ok());
  EXPECT_EQ(type.status().code(), StatusCode::kInvalidArgument);
  const std::string& message = type.status().message();
  EXPECT_NE(message.find("'SALES'"), std::string::npos) << message;
  EXPECT_NE(message.find("InvoiceType"), std::string::npos) << message;
  EXPECT_NE(message.find("ACCREC, ACCPAY"), std::string::npos) << message;
}

TEST(EnumsTest, NearMissesDoNotParse) {
  EXPECT_FALSE(ParseEnum<InvoiceType>("").ok());
  EXPECT_FALSE(ParseEnum<InvoiceType>("ACCRE").ok());
  EXPECT_FALSE(ParseEnum<InvoiceType>("ACCREC ").ok());
  EXPECT_FALSE(ParseEnum<BankTransactionType>("RECEIVE_OVERPAYMENT").ok());
  EXPECT_FALSE(ParseEnum<LineAmountType>("No Tax").ok());
}

TEST(EnumsTest, SalesDocumentsAreTheAccRecOnes) {
  EXPECT_TRUE(IsSales(InvoiceType::kAccRec));
  EXPECT_FALSE(IsSales(InvoiceType::kAccPay));
  EXPECT_FALSE(IsSales(InvoiceType::kAccRecCredit));
  EXPECT_TRUE(IsSales(CreditNoteType::kAccRecCredit));
  EXPECT_FALSE(IsSales(CreditNoteType::kAccPayCredit));
}

}  // namespace
}  // namespace xerosync::domain
