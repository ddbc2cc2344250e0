// Payments written through Emulator::Handle (FACTS.md §3.2, §3.3, §5, §7 "Payment"): settling
// invoices and credit notes, each of Xero's messages verbatim and where it sits, deletion, and the
// three body shapes (PUT batch, POST bare object, POST {"Status":"DELETED"}).
#include "emulator/payment_write.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "emulator/banking_test_fixture.h"

namespace xerosync::emulator {
namespace {

using testing::Day;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::Messages;
using testing::Money;

constexpr char kInvoiceId[] = "1a000000-0000-4000-8000-000000000001";
constexpr char kBillId[] = "1b000000-0000-4000-8000-000000000002";
constexpr char kDraftId[] = "1c000000-0000-4000-8000-000000000003";
constexpr char kCreditId[] = "2a000000-0000-4000-8000-000000000001";

// A payment element against `document` ("Invoice":{...} or "CreditNote":{...} text).
std::string PaymentElement(
    const std::string& document, const std::string& amount,
    const std::string& extra = R"("Account":{"Code":"090"},"Date":"2025-12-15")") {
  return "{" + document + R"(,"Amount":)" + amount + (extra.empty() ? "" : "," + extra) + "}";
}
std::string ByInvoiceId(const std::string& id) {
  return R"("Invoice":{"InvoiceID":")" + id + R"("})";
}
std::string Batch(const std::string& elements) { return R"({"Payments":[)" + elements + "]}"; }

class PaymentWriteTest : public testing::BankingTest {
 protected:
  PaymentWriteTest() {
    AddInvoice(MakeInvoice(kInvoiceId, "INV-0001", "115.00"));
    AddInvoice(MakeInvoice(kBillId, "BILL-7", "40.00", "ACCPAY"));
    AddInvoice(MakeInvoice(kDraftId, "INV-0002", "10.00", "ACCREC", "DRAFT"));
    AddCreditNote(MakeCreditNote(kCreditId, "CN-0001", "30.00"));
  }

  http::Response Pay(const std::string& element) {
    return Send("PUT", "/Payments", Batch(element));
  }
  // The messages of a payment element that should fail alone.
  std::vector<std::string> Refused(const std::string& element) {
    return ElementMessages(Pay(element));
  }
};

TEST_F(PaymentWriteTest, PayingAnInvoiceInFullMakesItPaid) {
  Advance(std::chrono::hours(30));  // 2026-01-02T06:00Z
  const http::Response r = Pay(PaymentElement(ByInvoiceId(kInvoiceId), "115.00",
                                              R"("Account":{"Code":"090"},"Date":"2025-12-15",
                                                 "Reference":"Paid by card")"));
  const Json payment = First(r, "Payments");
  EXPECT_THAT(r.body, HasSubstr(R"("Amount":115.00)"));
  EXPECT_THAT(r.body, HasSubstr(R"("BankAmount":115.00)"));
  EXPECT_THAT(r.body, HasSubstr(R"("CurrencyRate":1.000000)"));
  EXPECT_EQ(payment.Find("Date")->AsString(), "/Date(1765756800000+0000)/");  // 2025-12-15
  EXPECT_EQ(payment.Find("Status")->AsString(), "AUTHORISED");
  EXPECT_EQ(payment.Find("PaymentType")->AsString(), "ACCRECPAYMENT");
  EXPECT_EQ(payment.Find("Reference")->AsString(), "Paid by card");
  EXPECT_TRUE(payment.Find("HasAccount")->AsBool());
  EXPECT_FALSE(payment.Find("IsReconciled")->AsBool());
  EXPECT_FALSE(payment.Find("HasValidationErrors")->AsBool());
  EXPECT_EQ(payment.Find("Account")->Find("AccountID")->AsString(), DemoAccountId(1, "090"));
  EXPECT_EQ(payment.Find("Account")->Find("Code")->AsString(), "090");
  const Json& invoice = *payment.Find("Invoice");
  EXPECT_EQ(invoice.Find("InvoiceID")->AsString(), kInvoiceId);
  EXPECT_EQ(invoice.Find("InvoiceNumber")->AsString(), "INV-0001");
  EXPECT_EQ(invoice.Find("Type")->AsString(), "ACCREC");
  EXPECT_EQ(invoice.Find("Contact")->Find("ContactID")->AsString(), DemoContactId(1, 1));
  EXPECT_EQ(invoice.Find("CurrencyCode")->AsString(), "NZD");
  const std::string id = payment.Find("PaymentID")->AsString();
  EXPECT_EQ(id.size(), 36u);

  const OrgState state = State();
  const Invoice& paid = FindInvoice(state, kInvoiceId);
  EXPECT_EQ(paid.status, "PAID");
  EXPECT_EQ(paid.amount_due, Decimal());
  EXPECT_EQ(paid.amount_paid, Money("115.00"));
  ASSERT_TRUE(paid.fully_paid_on.has_value());
  EXPECT_EQ(*paid.fully_paid_on, Day(2025, 12, 15));
  EXPECT_THAT(paid.payment_ids, ElementsAre(id));
  EXPECT_EQ(paid.updated, clock_.Now());
  ASSERT_EQ(state.payments.size(), 1u);
  EXPECT_EQ(state.payments[0].updated, clock_.Now());
}

TEST_F(PaymentWriteTest, PartPaymentsLeaveTheInvoiceAuthorisedUntilNothingIsDue) {
  First(Pay(PaymentElement(ByInvoiceId(kInvoiceId), "40")), "Payments");
  const Invoice& part = FindInvoice(State(), kInvoiceId);
  EXPECT_EQ(part.status, "AUTHORISED");
  EXPECT_EQ(part.amount_due, Money("75"));
  EXPECT_EQ(part.amount_paid, Money("40"));
  EXPECT_FALSE(part.fully_paid_on.has_value());

  // By number, the second pays off the rest.
  First(Pay(PaymentElement(R"("Invoice":{"InvoiceNumber":"INV-0001"})", "75.00",
                           R"("Account":{"AccountID":")" + DemoAccountId(1, "091") +
                               R"("},"Date":"/Date(1766016000000+0000)/")")),
        "Payments");
  const OrgState state = State();
  const Invoice& paid = FindInvoice(state, kInvoiceId);
  EXPECT_EQ(paid.status, "PAID");
  EXPECT_EQ(paid.amount_due, Decimal());
  EXPECT_EQ(paid.amount_paid, Money("115"));
  EXPECT_EQ(*paid.fully_paid_on, Day(2025, 12, 18));
  EXPECT_EQ(paid.payment_ids.size(), 2u);
}

TEST_F(PaymentWriteTest, BillPaymentsArePayablePaymentsAndTheDateDefaultsToToday) {
  Advance(std::chrono::hours(5));
  const Json payment = First(Pay(PaymentElement(R"("Invoice":{"InvoiceNumber":"BILL-7"})", "12.5",
                                                R"("Account":{"Code":"090"})")),
                             "Payments");
  EXPECT_EQ(payment.Find("PaymentType")->AsString(), "ACCPAYPAYMENT");
  EXPECT_EQ(payment.Find("Date")->AsString(), "/Date(1767225600000+0000)/");  // 2026-01-01
  EXPECT_EQ(FindInvoice(State(), kBillId).amount_due, Money("27.50"));
}

TEST_F(PaymentWriteTest, TopLevelNumberAndCodeNameTheDocumentAndAccount) {
  // The spec's Payment also has top-level InvoiceNumber, CreditNoteNumber and Code.
  const Json payment =
      First(Pay(R"({"InvoiceNumber":"INV-0001","Code":"091","Amount":1})"), "Payments");
  EXPECT_EQ(payment.Find("Invoice")->Find("InvoiceID")->AsString(), kInvoiceId);
  EXPECT_EQ(payment.Find("Account")->Find("Code")->AsString(), "091");
  const Json refund =
      First(Pay(R"({"CreditNoteNumber":"CN-0001","Code":"090","Amount":1})"), "Payments");
  EXPECT_EQ(refund.Find("PaymentType")->AsString(), "ARCREDITPAYMENT");
}

TEST_F(PaymentWriteTest, ForeignCurrencyPaymentsConvertTheBankAmount) {
  Invoice usd = MakeInvoice("1d000000-0000-4000-8000-000000000004", "INV-USD", "100.00");
  usd.currency_code = "USD";
  usd.currency_rate = Money("0.6");  // 0.6 USD to the NZD
  AddInvoice(usd);
  const http::Response r =
      Pay(R"({"InvoiceNumber":"INV-USD","Code":"090","Amount":30,"Date":"2025-12-15"})");
  const Json payment = First(r, "Payments");
  EXPECT_THAT(r.body, HasSubstr(R"("BankAmount":50.00,"Amount":30.00,)"));
  EXPECT_THAT(r.body, HasSubstr(R"("CurrencyRate":0.600000)"));
  EXPECT_EQ(payment.Find("Invoice")->Find("CurrencyCode")->AsString(), "USD");
  // A rate and a bank amount given with the payment win.
  const http::Response given = Pay(
      R"({"InvoiceNumber":"INV-USD","Code":"090","Amount":30,"CurrencyRate":0.5,"BankAmount":59.95})");
  EXPECT_THAT(given.body, HasSubstr(R"("BankAmount":59.95,"Amount":30.00,)"));
  EXPECT_THAT(given.body, HasSubstr(R"("CurrencyRate":0.500000)"));
}

TEST_F(PaymentWriteTest, ABillNumberSharedByTwoBillsPaysTheOpenOne) {
  // ACCPAY numbers are not unique: the paid bill is passed over for the one still open.
  Write([](OrgState& s) {
    for (Invoice& invoice : s.invoices) {
      if (invoice.invoice_id == kBillId) invoice.status = "PAID";
    }
  });
  AddInvoice(MakeInvoice("1e000000-0000-4000-8000-000000000005", "BILL-7", "9", "ACCPAY"));
  const Json payment =
      First(Pay(PaymentElement(R"("Invoice":{"InvoiceNumber":"BILL-7"})", "9")), "Payments");
  EXPECT_EQ(payment.Find("Invoice")->Find("InvoiceID")->AsString(),
            "1e000000-0000-4000-8000-000000000005");
}

TEST_F(PaymentWriteTest, AccountsWithPaymentsEnabledMayTakePayments) {
  // 970 Owner A Funds Introduced is EQUITY with EnablePaymentsToAccount, as in the spec's example.
  const Json payment = First(
      Pay(PaymentElement(ByInvoiceId(kInvoiceId), "1", R"("Account":{"Code":"970"})")), "Payments");
  EXPECT_EQ(payment.Find("Account")->Find("Code")->AsString(), "970");
}

TEST_F(PaymentWriteTest, CreditNoteRefundsUseUpTheRemainingCredit) {
  const Json refund = First(
      Pay(PaymentElement(R"("CreditNote":{"CreditNoteNumber":"CN-0001"})", "10")), "Payments");
  EXPECT_EQ(refund.Find("PaymentType")->AsString(), "ARCREDITPAYMENT");
  // Xero names a refunded credit note in the payment's "Invoice" summary (spec GET /Payments).
  EXPECT_EQ(refund.Find("Invoice")->Find("Type")->AsString(), "ACCRECCREDIT");
  EXPECT_EQ(refund.Find("Invoice")->Find("InvoiceID")->AsString(), kCreditId);
  EXPECT_EQ(refund.Find("Invoice")->Find("InvoiceNumber")->AsString(), "CN-0001");
  EXPECT_EQ(State().credit_notes[0].remaining_credit, Money("20"));
  EXPECT_EQ(State().credit_notes[0].status, "AUTHORISED");

  EXPECT_THAT(Refused(PaymentElement(
                  R"("CreditNote":{"CreditNoteID":")" + std::string(kCreditId) + R"("})", "20.01")),
              ElementsAre("Payment amount exceeds the amount outstanding on this document"));
  First(Pay(PaymentElement(R"("CreditNote":{"CreditNoteID":")" + std::string(kCreditId) + R"("})",
                           "20")),
        "Payments");
  const CreditNote note = State().credit_notes[0];
  EXPECT_EQ(note.remaining_credit, Decimal());
  EXPECT_EQ(note.status, "PAID");
  EXPECT_EQ(note.payment_ids.size(), 2u);
}

TEST_F(PaymentWriteTest, PayablesCreditNotesGiveApCreditPayments) {
  AddCreditNote(
      MakeCreditNote("2b000000-0000-4000-8000-000000000002", "SCN-9", "5", "ACCPAYCREDIT"));
  const Json refund =
      First(Pay(PaymentElement(R"("CreditNote":{"CreditNoteNumber":"SCN-9"})", "5")), "Payments");
  EXPECT_EQ(refund.Find("PaymentType")->AsString(), "APCREDITPAYMENT");
}

TEST_F(PaymentWriteTest, DocumentMustBeNamedKnownAndAuthorised) {
  EXPECT_THAT(Refused(PaymentElement(R"("Reference":"x")", "1")),
              ElementsAre("You must specify an Invoice ID or Invoice Number for the payment"));
  EXPECT_THAT(Refused(PaymentElement(
                  R"("Invoice":{"InvoiceID":"00000000-0000-0000-0000-000000000000"})", "1")),
              ElementsAre("You must specify an Invoice ID or Invoice Number for the payment"));
  EXPECT_THAT(Refused(PaymentElement(ByInvoiceId("9a000000-0000-4000-8000-000000000009"), "1")),
              ElementsAre("An existing Invoice with the specified InvoiceID could not be found"));
  EXPECT_THAT(
      Refused(PaymentElement(R"("Invoice":{"InvoiceNumber":"INV-404"})", "1")),
      ElementsAre("An existing Invoice with the specified InvoiceNumber could not be found"));
  EXPECT_THAT(
      Refused(PaymentElement(R"("CreditNote":{"CreditNoteNumber":"CN-404"})", "1")),
      ElementsAre(
          "An existing Credit Note with the specified CreditNoteNumber could not be found"));
  EXPECT_THAT(Refused(PaymentElement(ByInvoiceId(kDraftId), "1")),
              ElementsAre("Payments can only be made against Authorised documents"));
  EXPECT_TRUE(State().payments.empty());
}

TEST_F(PaymentWriteTest, PayingAPaidInvoiceGivesBothMessages) {
  First(Pay(PaymentElement(ByInvoiceId(kInvoiceId), "115")), "Payments");
  // As Xero's support FAQ quotes them together.
  EXPECT_THAT(Refused(PaymentElement(ByInvoiceId(kInvoiceId), "1")),
              ElementsAre("Payments can only be made against Authorised documents",
                          "Payment amount exceeds the amount outstanding on this document"));
}

TEST_F(PaymentWriteTest, AmountMustBePositiveAndNoMoreThanIsDue) {
  const http::Response r = Pay(PaymentElement(ByInvoiceId(kInvoiceId), "115.01"));
  EXPECT_THAT(ElementMessages(r),
              ElementsAre("Payment amount exceeds the amount outstanding on this document"));
  // The failed element is echoed back with its flag, as in the spec's PUT /Payments example.
  const Json element = Parsed(r).Find("Elements")->AsArray().at(0);
  EXPECT_TRUE(element.Find("HasValidationErrors")->AsBool());
  EXPECT_EQ(element.Find("Invoice")->Find("InvoiceID")->AsString(), kInvoiceId);
  for (const char* amount : {"0", "-5", R"("abc")"}) {
    EXPECT_THAT(Refused(PaymentElement(ByInvoiceId(kInvoiceId), amount)),
                ElementsAre("Payment amount must be greater than zero"))
        << amount;
  }
  EXPECT_THAT(Refused(R"({"Invoice":{"InvoiceID":")" + std::string(kInvoiceId) +
                      R"("},"Account":{"Code":"090"}})"),
              ElementsAre("Payment amount must be greater than zero"));
  const Invoice& untouched = FindInvoice(State(), kInvoiceId);
  EXPECT_EQ(untouched.amount_due, Money("115"));
  EXPECT_EQ(untouched.status, "AUTHORISED");
}

TEST_F(PaymentWriteTest, AccountMustBeGivenAndTakePayments) {
  EXPECT_THAT(Refused(PaymentElement(ByInvoiceId(kInvoiceId), "1", R"("Date":"2025-12-15")")),
              ElementsAre("You must specify and Account code or Account ID for the payment"));
  EXPECT_THAT(Refused(PaymentElement(ByInvoiceId(kInvoiceId), "1", R"("Account":{"Code":"999"})")),
              ElementsAre("You must specify and Account code or Account ID for the payment"));
  EXPECT_THAT(Refused(PaymentElement(ByInvoiceId(kInvoiceId), "1", R"("Account":{"Code":"200"})")),
              ElementsAre("Account type is invalid for making a payment to/from"));
  EXPECT_THAT(
      Refused(PaymentElement(ByInvoiceId(kInvoiceId), "1",
                             R"("Account":{"AccountID":")" + DemoAccountId(1, "610") + R"("})")),
      ElementsAre("Account type is invalid for making a payment to/from"));
}

TEST_F(PaymentWriteTest, LockDatesRefuseEarlierPayments) {
  Write([](OrgState& s) { s.organisation.period_lock_date = Day(2025, 11, 30); });
  EXPECT_THAT(Refused(PaymentElement(ByInvoiceId(kInvoiceId), "1",
                                     R"("Account":{"Code":"090"},"Date":"2025-11-30")")),
              ElementsAre("The document date cannot be before the period lock date"));
  First(Pay(PaymentElement(ByInvoiceId(kInvoiceId), "1",
                           R"("Account":{"Code":"090"},"Date":"2025-12-01")")),
        "Payments");
  Write([](OrgState& s) { s.organisation.end_of_year_lock_date = Day(2021, 9, 30); });
  EXPECT_THAT(
      Refused(PaymentElement(ByInvoiceId(kInvoiceId), "1",
                             R"("Account":{"Code":"090"},"Date":"2021-09-01")")),
      ElementsAre("The document date cannot be before the end of year lock date, currently set "
                  "at 30-Sep-2021"));
  EXPECT_THAT(Refused(PaymentElement(ByInvoiceId(kInvoiceId), "1",
                                     R"("Account":{"Code":"090"},"Date":"2025-13-01")")),
              ElementsAre("Payment date is not a valid date"));
}

TEST_F(PaymentWriteTest, DeletingAPaymentReopensTheInvoice) {
  const std::string id = First(Pay(PaymentElement(ByInvoiceId(kInvoiceId), "115")), "Payments")
                             .Find("PaymentID")
                             ->AsString();
  ASSERT_EQ(FindInvoice(State(), kInvoiceId).status, "PAID");
  clock_.Advance(std::chrono::minutes(3));

  const Json deleted =
      First(Send("POST", "/Payments/" + id, R"({"Status":"DELETED"})"), "Payments");
  EXPECT_EQ(deleted.Find("PaymentID")->AsString(), id);
  EXPECT_EQ(deleted.Find("Status")->AsString(), "DELETED");
  const OrgState state = State();
  const Invoice& reopened = FindInvoice(state, kInvoiceId);
  EXPECT_EQ(reopened.status, "AUTHORISED");
  EXPECT_EQ(reopened.amount_due, Money("115"));
  EXPECT_EQ(reopened.amount_paid, Decimal());
  EXPECT_FALSE(reopened.fully_paid_on.has_value());
  EXPECT_THAT(reopened.payment_ids, IsEmpty());
  EXPECT_EQ(reopened.updated, clock_.Now());
  EXPECT_EQ(state.payments.at(0).status, "DELETED");

  // A deleted payment, or anything but DELETED, cannot be applied.
  EXPECT_THAT(ElementMessages(Send("POST", "/Payments/" + id, R"({"Status":"DELETED"})")),
              ElementsAre("Payment not of valid status for modification"));
  const std::string other = First(Pay(PaymentElement(ByInvoiceId(kInvoiceId), "5")), "Payments")
                                .Find("PaymentID")
                                ->AsString();
  EXPECT_THAT(ElementMessages(Send("POST", "/Payments/" + other, R"({"Amount":4})")),
              ElementsAre("Payment not of valid status for modification"));
  EXPECT_THAT(ElementMessages(Send("POST", "/Payments/" + other, R"({"Status":"AUTHORISED"})")),
              ElementsAre("Payment not of valid status for modification"));
  const http::Response unknown =
      Send("POST", "/Payments/9a000000-0000-4000-8000-000000000009", R"({"Status":"DELETED"})");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.body, "The resource you're looking for cannot be found");
}

TEST_F(PaymentWriteTest, DeletingARefundRestoresTheCredit) {
  const std::string id =
      First(Pay(PaymentElement(R"("CreditNote":{"CreditNoteNumber":"CN-0001"})", "30")), "Payments")
          .Find("PaymentID")
          ->AsString();
  ASSERT_EQ(State().credit_notes[0].status, "PAID");
  First(Send("POST", "/Payments/" + id, R"({"Status":"DELETED"})"), "Payments");
  EXPECT_EQ(State().credit_notes[0].status, "AUTHORISED");
  EXPECT_EQ(State().credit_notes[0].remaining_credit, Money("30"));
}

TEST_F(PaymentWriteTest, PostedBareObjectCreatesOnePayment) {
  const Json payment =
      First(Send("POST", "/Payments", PaymentElement(ByInvoiceId(kInvoiceId), "15")), "Payments");
  EXPECT_EQ(payment.Find("Amount")->NumberText(), "15.00");
  EXPECT_EQ(FindInvoice(State(), kInvoiceId).amount_due, Money("100"));
  // POST /Payments is always summarised, summarizeErrors or not.
  const http::Response refused =
      Send("POST", "/Payments", PaymentElement(ByInvoiceId(kDraftId), "1"),
           {{"summarizeErrors", "false"}});
  EXPECT_THAT(ElementMessages(refused),
              ElementsAre("Payments can only be made against Authorised documents"));
}

TEST_F(PaymentWriteTest, SummarisedBatchWritesTheGoodElementsAndReportsTheBadOnes) {
  const http::Response r = Send("PUT", "/Payments",
                                Batch(PaymentElement(ByInvoiceId(kInvoiceId), "15") + "," +
                                      PaymentElement(ByInvoiceId(kDraftId), "1")));
  EXPECT_EQ(r.status, 400);
  const Json body = Parsed(r);
  EXPECT_EQ(body.Find("Type")->AsString(), "ValidationException");
  ASSERT_EQ(body.Find("Elements")->AsArray().size(), 1u);
  EXPECT_THAT(Messages(body.Find("Elements")->AsArray()[0]),
              ElementsAre("Payments can only be made against Authorised documents"));
  // Not transactional: the valid payment stands.
  EXPECT_EQ(State().payments.size(), 1u);
  EXPECT_EQ(FindInvoice(State(), kInvoiceId).amount_due, Money("100"));
}

TEST_F(PaymentWriteTest, UnsummarisedBatchAnswersEveryElement) {
  const http::Response r = Send("PUT", "/Payments",
                                Batch(PaymentElement(ByInvoiceId(kInvoiceId), "15") + "," +
                                      PaymentElement(ByInvoiceId(kInvoiceId), "500")),
                                {{"summarizeErrors", "false"}});
  ASSERT_EQ(r.status, 200) << r.body;
  const Json body = Parsed(r);
  const Json::Array& payments = body.Find("Payments")->AsArray();
  ASSERT_EQ(payments.size(), 2u);
  EXPECT_EQ(payments[0].Find("StatusAttributeString")->AsString(), "OK");
  EXPECT_FALSE(payments[0].Find("HasValidationErrors")->AsBool());
  EXPECT_EQ(payments[1].Find("StatusAttributeString")->AsString(), "ERROR");
  EXPECT_TRUE(payments[1].Find("HasValidationErrors")->AsBool());
  EXPECT_THAT(Messages(payments[1]),
              ElementsAre("Payment amount exceeds the amount outstanding on this document"));
  EXPECT_EQ(State().payments.size(), 1u);
}

// The change events a payment reports, seen through the writer itself (the emulator's webhook
// publisher is wired elsewhere).
TEST_F(PaymentWriteTest, PaymentsReportTheirDocumentsUpdate) {
  std::vector<ChangeEvent> events;
  RandomSource random(5);
  const std::string tenant(kDemoNzTenantId);
  const std::string no_path;
  const http::Request request;
  std::string payment_id;
  Write([&](OrgState& s) {
    WriteContext context{s,       tenant, clock_.Now(), WriteMethod::kPut,
                         no_path, random, events,       request};
    ElementResult paid =
        WritePayment(context, Json::Parse(PaymentElement(ByInvoiceId(kInvoiceId), "5")).value());
    ASSERT_TRUE(paid.ok) << paid.element.Serialize();
    payment_id = paid.element.Find("PaymentID")->AsString();
    EXPECT_TRUE(
        WritePayment(
            context,
            Json::Parse(PaymentElement(R"("CreditNote":{"CreditNoteNumber":"CN-0001"})", "30"))
                .value())
            .ok);
    EXPECT_FALSE(
        WritePayment(context, Json::Parse(PaymentElement(ByInvoiceId(kDraftId), "1")).value()).ok);
  });
  ASSERT_EQ(events.size(), 2u);  // none for the refused payment
  EXPECT_EQ(events[0].category, "INVOICE");
  EXPECT_EQ(events[0].type, "UPDATE");
  EXPECT_EQ(events[0].resource_id, kInvoiceId);
  EXPECT_EQ(events[0].tenant_id, kDemoNzTenantId);
  EXPECT_EQ(events[1].category, "CREDITNOTE");
  EXPECT_EQ(events[1].resource_id, kCreditId);
  EXPECT_EQ(events[1].data.Serialize(), R"({"Type":"ACCRECCREDIT","Status":"PAID"})");

  // Deleting by POST /Payments with the PaymentID (the older way) reports the invoice again.
  events.clear();
  Write([&](OrgState& s) {
    WriteContext context{s,       tenant, clock_.Now(), WriteMethod::kPost,
                         no_path, random, events,       request};
    const ElementResult deleted = WritePayment(
        context,
        Json::Parse(R"({"PaymentID":")" + payment_id + R"(","Status":"DELETED"})").value());
    EXPECT_TRUE(deleted.ok);
    EXPECT_EQ(deleted.element.Find("Status")->AsString(), "DELETED");
  });
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].category, "INVOICE");
  EXPECT_EQ(FindInvoice(State(), kInvoiceId).amount_due, Money("115"));
}

TEST_F(PaymentWriteTest, ARetriedPaymentWithItsIdempotencyKeyPaysOnce) {
  const auto send = [&] {
    http::Request r;
    r.method = "PUT";
    r.path = "/api.xro/2.0/Payments";
    r.body = Batch(PaymentElement(ByInvoiceId(kInvoiceId), "15"));
    r.headers.Set("Authorization", "Bearer " + token_);
    r.headers.Set("xero-tenant-id", std::string(kDemoNzTenantId));
    r.headers.Set("Idempotency-Key", "pay-inv-0001-once");
    return emulator_.Handle(r);
  };
  const Json first = First(send(), "Payments");
  const Json again = First(send(), "Payments");
  EXPECT_EQ(again.Find("PaymentID")->AsString(), first.Find("PaymentID")->AsString());
  EXPECT_EQ(State().payments.size(), 1u);
  EXPECT_EQ(FindInvoice(State(), kInvoiceId).amount_due, Money("100"));
}

// Through the invoice writers and reads: what a client sees of an invoice it paid.
TEST_F(PaymentWriteTest, AnInvoiceWrittenPaidAndReadBackShowsItsPayment) {
  const Json invoice =
      First(Send("PUT", "/Invoices",
                 R"({"Invoices":[{"Type":"ACCREC","Contact":{"ContactID":")" + DemoContactId(1, 1) +
                     R"("},"Date":"2025-12-01","DueDate":"2026-01-31","Status":"AUTHORISED",
               "LineItems":[{"Description":"Chairs","Quantity":2,"UnitAmount":20,
                             "AccountCode":"200"}]}]})"),
            "Invoices");
  const std::string id = invoice.Find("InvoiceID")->AsString();
  ASSERT_EQ(invoice.Find("Total")->NumberText(), "46.00");  // 40 + 15% GST
  const std::string payment_id =
      First(Pay(PaymentElement(ByInvoiceId(id), "46", R"("Account":{"Code":"090"},
                                                         "Date":"2025-12-20","Reference":"EFT")")),
            "Payments")
          .Find("PaymentID")
          ->AsString();

  const Json paid = First(Send("GET", "/Invoices/" + id), "Invoices");
  EXPECT_EQ(paid.Find("Status")->AsString(), "PAID");
  EXPECT_EQ(paid.Find("AmountDue")->NumberText(), "0.00");
  EXPECT_EQ(paid.Find("AmountPaid")->NumberText(), "46.00");
  EXPECT_EQ(paid.Find("FullyPaidOnDate")->AsString(), "/Date(1766188800000+0000)/");  // 12-20
  ASSERT_EQ(paid.Find("Payments")->AsArray().size(), 1u);
  EXPECT_EQ(paid.Find("Payments")->AsArray()[0].Find("PaymentID")->AsString(), payment_id);

  First(Send("POST", "/Payments/" + payment_id, R"({"Status":"DELETED"})"), "Payments");
  const Json reopened = First(Send("GET", "/Invoices/" + id), "Invoices");
  EXPECT_EQ(reopened.Find("Status")->AsString(), "AUTHORISED");
  EXPECT_EQ(reopened.Find("AmountDue")->NumberText(), "46.00");
  EXPECT_THAT(reopened.Find("Payments")->AsArray(), IsEmpty());
}

TEST_F(PaymentWriteTest, WritesNeedAPaymentsScope) {
  token_ = testing::ConnectDemoApp(emulator_, "openid accounting.settings accounting.contacts");
  const http::Response refused = Pay(PaymentElement(ByInvoiceId(kInvoiceId), "1"));
  EXPECT_EQ(refused.status, 401) << refused.body;
  token_ = testing::ConnectDemoApp(emulator_, "openid accounting.payments");
  First(Pay(PaymentElement(ByInvoiceId(kInvoiceId), "1")), "Payments");
}

}  // namespace
}  // namespace xerosync::emulator
