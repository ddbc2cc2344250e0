#include "domain/documents.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "domain/bank_transaction.h"

namespace xerosync::domain {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

Decimal D(std::string_view text) {
  Result<Decimal> d = Decimal::Parse(text);
  EXPECT_TRUE(d.ok()) << d.status();
  return d.value_or(Decimal());
}

Date Day(std::string_view text) {
  Result<Date> d = Date::Parse(text);
  EXPECT_TRUE(d.ok()) << d.status();
  return d.value_or(Date());
}

LineItem Line(std::string_view quantity, std::string_view unit_amount) {
  LineItem line;
  line.description = "Widgets";
  line.quantity = D(quantity);
  line.unit_amount = D(unit_amount);
  line.account_code = "200";
  line.tax_type = "OUTPUT2";
  return line;
}

// A sales invoice that passes validation; each test breaks one thing.
Invoice GoodInvoice() {
  Invoice inv;
  inv.type = InvoiceType::kAccRec;
  inv.contact.name = "Acme Ltd";
  inv.number = "INV-1";
  inv.date = Day("2026-03-01");
  inv.due_date = Day("2026-03-31");
  inv.line_items = {Line("2", "20.00")};
  inv.currency_code = "NZD";
  inv.url = "https://host.example.com/orders/17";
  return inv;
}

std::string Message(const Status& status) { return status.message(); }

TEST(InvoiceTest, AWellFormedInvoiceIsValid) {
  const Status status = GoodInvoice().Validate();
  EXPECT_TRUE(status.ok()) << status;
}

TEST(InvoiceTest, TypeIsRequired) {
  Invoice inv = GoodInvoice();
  inv.type.reset();
  const Status status = inv.Validate();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(status), HasSubstr("Type is required"));
}

TEST(InvoiceTest, TypeMustBeASalesInvoiceOrABill) {
  // InvoiceType also names credit notes and prepayments (as Xero does inside a payment), but an
  // Invoice document is only ever ACCREC or ACCPAY.
  Invoice inv = GoodInvoice();
  inv.type = InvoiceType::kAccRecCredit;
  EXPECT_THAT(
      Message(inv.Validate()),
      HasSubstr("Type must be ACCREC (a sales invoice) or ACCPAY (a bill), not ACCRECCREDIT"));
  inv.type = InvoiceType::kAccPay;
  EXPECT_TRUE(inv.Validate().ok()) << inv.Validate();
}

TEST(InvoiceTest, NeedsAtLeastOneLine) {
  Invoice inv = GoodInvoice();
  inv.line_items.clear();
  EXPECT_THAT(Message(inv.Validate()), HasSubstr("LineItems must have at least one line"));
}

TEST(InvoiceTest, ContactMustBeIdentifiable) {
  Invoice inv = GoodInvoice();
  inv.contact = Contact();
  inv.contact.email = "billing@acme.example";
  const Status status = inv.Validate();
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(Message(status),
              AllOf(HasSubstr("Contact needs at least one of Name, ContactID or ContactNumber")));
}

TEST(InvoiceTest, DiscountsAreForSalesInvoicesOnly) {
  Invoice sale = GoodInvoice();
  sale.line_items[0].discount_rate = D("10");
  EXPECT_TRUE(sale.Validate().ok()) << sale.Validate();

  Invoice bill = sale;
  bill.type = InvoiceType::kAccPay;
  const Status status = bill.Validate();
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(Message(status), HasSubstr("LineItems[0] has a discount"));

  Invoice bill_amount = GoodInvoice();
  bill_amount.type = InvoiceType::kAccPay;
  bill_amount.line_items[0].discount_amount = D("1.00");
  EXPECT_THAT(Message(bill_amount.Validate()), HasSubstr("LineItems[0] has a discount"));
}

TEST(InvoiceTest, QuantityMustNotBeNegative) {
  Invoice inv = GoodInvoice();
  inv.line_items.push_back(Line("-1", "5.00"));
  const Status status = inv.Validate();
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(Message(status), HasSubstr("LineItems[1].Quantity must not be less than zero"));
  EXPECT_THAT(Message(status), Not(HasSubstr("LineItems[0]")));
}

TEST(InvoiceTest, ALineWithNothingOnItIsReportedByItsIndex) {
  Invoice inv = GoodInvoice();
  inv.line_items.push_back(LineItem());
  const Status status = inv.Validate();
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(Message(status), HasSubstr("LineItems[1] needs a Description"));
}

TEST(InvoiceTest, DueDateMustNotBeBeforeDate) {
  Invoice inv = GoodInvoice();
  inv.due_date = Day("2026-02-28");
  const Status status = inv.Validate();
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(Message(status),
              AllOf(HasSubstr("DueDate"), HasSubstr("2026-02-28"), HasSubstr("2026-03-01")));

  inv.due_date = inv.date;  // due the same day is fine
  EXPECT_TRUE(inv.Validate().ok()) << inv.Validate();
}

TEST(InvoiceTest, UrlMustBeHttpOrHttps) {
  Invoice inv = GoodInvoice();
  inv.url = "http://host.example.com/orders/17";
  EXPECT_TRUE(inv.Validate().ok()) << inv.Validate();
  for (const char* bad :
       {"host.example.com/orders/17", "ftp://host.example.com/17", "javascript:alert(1)"}) {
    inv.url = bad;
    EXPECT_THAT(Message(inv.Validate()), HasSubstr("Url must be an http or https address")) << bad;
  }
}

TEST(InvoiceTest, CurrencyCodeMustBeThreeCapitals) {
  Invoice inv = GoodInvoice();
  inv.currency_code = "nzd";
  EXPECT_THAT(Message(inv.Validate()), HasSubstr("CurrencyCode 'nzd' is not a currency code"));
}

TEST(InvoiceTest, CurrencyRateMustBePositive) {
  Invoice inv = GoodInvoice();
  inv.currency_rate = D("0");
  EXPECT_THAT(Message(inv.Validate()), HasSubstr("CurrencyRate must be greater than zero"));
  inv.currency_rate = D("-1.5");
  EXPECT_THAT(Message(inv.Validate()), HasSubstr("CurrencyRate must be greater than zero"));
  inv.currency_rate = D("0.9371");
  EXPECT_TRUE(inv.Validate().ok()) << inv.Validate();
}

TEST(InvoiceTest, EveryProblemIsInOneMessageNamingTheInvoice) {
  Invoice inv = GoodInvoice();
  inv.type = InvoiceType::kAccPay;
  inv.number = "7";
  inv.currency_code = "nzd";
  inv.currency_rate = D("0");
  inv.line_items[0].discount_rate = D("5");
  const std::string message = Message(inv.Validate());
  EXPECT_THAT(message, AllOf(HasSubstr("bill 7: "), HasSubstr("CurrencyCode"),
                             HasSubstr("CurrencyRate"), HasSubstr("has a discount")));
}

TEST(InvoiceTest, DescribeSaysInvoiceOrBill) {
  Invoice inv = GoodInvoice();
  EXPECT_EQ(inv.Describe(), "invoice INV-1");
  inv.type = InvoiceType::kAccPay;
  inv.number = "7";
  EXPECT_EQ(inv.Describe(), "bill 7");
  inv.number.reset();
  inv.id = InvoiceId("243216c5-369e-4056-ac67-05388f86dc81");
  EXPECT_EQ(inv.Describe(), "bill 243216c5-369e-4056-ac67-05388f86dc81");
}

CreditNote GoodCreditNote() {
  CreditNote cn;
  cn.type = CreditNoteType::kAccRecCredit;
  cn.contact.name = "Acme Ltd";
  cn.number = "CN-1";
  cn.date = Day("2026-03-05");
  cn.line_items = {Line("2", "20.00")};
  Allocation a;
  a.invoice.emplace().number = "INV-1";
  a.amount = D("10.00");
  a.date = Day("2026-03-05");
  cn.allocations.push_back(a);
  return cn;
}

TEST(CreditNoteTest, AWellFormedCreditNoteIsValid) {
  const Status status = GoodCreditNote().Validate();
  EXPECT_TRUE(status.ok()) << status;
  EXPECT_EQ(GoodCreditNote().Describe(), "credit note CN-1");
}

TEST(CreditNoteTest, ABadAllocationIsReportedByIndexAndField) {
  CreditNote cn = GoodCreditNote();
  Allocation bad;
  bad.amount = D("0");
  bad.date = Day("2026-03-05");
  cn.allocations.push_back(bad);
  const Status status = cn.Validate();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(status), AllOf(HasSubstr("credit note CN-1: "),
                                     HasSubstr("Allocations[1].Amount must be greater than zero"),
                                     HasSubstr("Allocations[1].Invoice is required"),
                                     Not(HasSubstr("Allocations[0]"))));
}

TEST(CreditNoteTest, AllocationValidatesOnItsOwn) {
  Allocation a;
  const Status status = a.Validate();
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(Message(status), AllOf(HasSubstr("Amount is required"), HasSubstr("Date is required"),
                                     HasSubstr("Invoice is required")));
  a.invoice.emplace().id = InvoiceId("243216c5-369e-4056-ac67-05388f86dc81");
  a.amount = D("12.50");
  a.date = Day("2026-03-05");
  EXPECT_TRUE(a.Validate().ok()) << a.Validate();
}

TEST(CreditNoteTest, DiscountsOnlyOnSalesCredits) {
  CreditNote cn = GoodCreditNote();
  cn.line_items[0].discount_rate = D("10");
  EXPECT_TRUE(cn.Validate().ok()) << cn.Validate();
  cn.type = CreditNoteType::kAccPayCredit;
  EXPECT_THAT(Message(cn.Validate()), HasSubstr("LineItems[0] has a discount"));
}

Payment GoodPayment() {
  Payment p;
  p.invoice_number = "INV-1";
  p.account.code = "090";
  p.date = Day("2026-03-10");
  p.amount = D("46.00");
  return p;
}

TEST(PaymentTest, AWellFormedPaymentIsValid) {
  EXPECT_TRUE(GoodPayment().Validate().ok()) << GoodPayment().Validate();

  Payment by_boxed_invoice = GoodPayment();
  by_boxed_invoice.invoice_number.reset();
  by_boxed_invoice.invoice.emplace().id = InvoiceId("243216c5-369e-4056-ac67-05388f86dc81");
  EXPECT_TRUE(by_boxed_invoice.Validate().ok()) << by_boxed_invoice.Validate();

  Payment on_credit_note = GoodPayment();
  on_credit_note.invoice_number.reset();
  on_credit_note.credit_note.emplace().number = "CN-1";
  EXPECT_TRUE(on_credit_note.Validate().ok()) << on_credit_note.Validate();
}

TEST(PaymentTest, NeedsExactlyOneTarget) {
  Payment none = GoodPayment();
  none.invoice_number.reset();
  none.invoice.emplace();  // an invoice with neither id nor number identifies nothing
  EXPECT_THAT(Message(none.Validate()), HasSubstr("needs the Invoice or CreditNote it pays"));

  Payment both = GoodPayment();
  both.credit_note_number = "CN-1";
  EXPECT_THAT(Message(both.Validate()), HasSubstr("names both an invoice and a credit note"));
}

TEST(PaymentTest, NeedsAnAccount) {
  Payment p = GoodPayment();
  p.account.code.reset();
  EXPECT_THAT(Message(p.Validate()), HasSubstr("Account is required"));
  p.account.id = AccountId("ebd06280-af70-4bed-97c6-7451a454ad85");
  EXPECT_TRUE(p.Validate().ok()) << p.Validate();
}

TEST(PaymentTest, NeedsADate) {
  Payment p = GoodPayment();
  p.date.reset();
  EXPECT_THAT(Message(p.Validate()), HasSubstr("Date is required"));
}

TEST(PaymentTest, AmountMustBePositiveMoney) {
  Payment p = GoodPayment();
  p.amount.reset();
  EXPECT_THAT(Message(p.Validate()), HasSubstr("Amount is required"));
  for (const char* bad : {"0", "-46.00"}) {
    p.amount = D(bad);
    EXPECT_THAT(Message(p.Validate()), HasSubstr("Amount must be greater than zero")) << bad;
  }
  p.amount = D("10.005");
  EXPECT_THAT(Message(p.Validate()), HasSubstr("Amount has more than 2 decimal places"));
  p.amount = D("0.01");
  EXPECT_TRUE(p.Validate().ok()) << p.Validate();
}

BankTransaction GoodSpend() {
  BankTransaction t;
  t.type = BankTransactionType::kSpend;
  t.contact.name = "Acme Ltd";
  t.bank_account.code = "090";
  t.date = Day("2026-03-10");
  t.reference = "Fuel";
  t.line_items = {Line("1", "20.00")};
  return t;
}

TEST(BankTransactionTest, AWellFormedSpendIsValid) {
  EXPECT_TRUE(GoodSpend().Validate().ok()) << GoodSpend().Validate();
}

TEST(BankTransactionTest, NeedsABankAccount) {
  BankTransaction t = GoodSpend();
  t.bank_account.code = "";
  const Status status = t.Validate();
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(Message(status), HasSubstr("BankAccount is required"));
  t.bank_account.id = AccountId("ebd06280-af70-4bed-97c6-7451a454ad85");
  EXPECT_TRUE(t.Validate().ok()) << t.Validate();
}

TEST(BankTransactionTest, DiscountsAreRejected) {
  BankTransaction t = GoodSpend();
  t.line_items[0].discount_rate = D("10");
  EXPECT_THAT(Message(t.Validate()), HasSubstr("LineItems[0] has a discount"));
  t.type = BankTransactionType::kReceive;  // not even on money received
  EXPECT_THAT(Message(t.Validate()), HasSubstr("LineItems[0] has a discount"));
}

TEST(BankTransactionTest, TypeAndContactAreRequired) {
  BankTransaction t = GoodSpend();
  t.type.reset();
  t.contact = Contact();
  EXPECT_THAT(Message(t.Validate()),
              AllOf(HasSubstr("Type is required"), HasSubstr("Contact needs at least one of")));
}

TEST(CurrencyCodeTest, IsThreeCapitalLetters) {
  EXPECT_TRUE(IsCurrencyCode("NZD"));
  EXPECT_TRUE(IsCurrencyCode("USD"));
  EXPECT_FALSE(IsCurrencyCode("nzd"));
  EXPECT_FALSE(IsCurrencyCode("NzD"));
  EXPECT_FALSE(IsCurrencyCode("NZ"));
  EXPECT_FALSE(IsCurrencyCode("NZDD"));
  EXPECT_FALSE(IsCurrencyCode("N2D"));
  EXPECT_FALSE(IsCurrencyCode(""));
}

}  // namespace
}  // namespace xerosync::domain

namespace xerosync::domain {
namespace {

TEST(BankTransactionTest, DescribeSaysWhichWayTheMoneyMoves) {
  BankTransaction t;
  EXPECT_EQ(t.Describe(), "bank transaction");
  t.type = BankTransactionType::kSpend;
  t.reference = "Taxi";
  EXPECT_EQ(t.Describe(), "expense 'Taxi'");
  t.type = BankTransactionType::kReceive;
  EXPECT_EQ(t.Describe(), "receive-money transaction 'Taxi'");
  t.type = BankTransactionType::kReceivePrepayment;
  EXPECT_EQ(t.Describe(), "receive-money transaction (RECEIVE-PREPAYMENT) 'Taxi'");
  t.type = BankTransactionType::kSpendTransfer;
  EXPECT_EQ(t.Describe(), "expense (SPEND-TRANSFER) 'Taxi'");
}

}  // namespace
}  // namespace xerosync::domain
