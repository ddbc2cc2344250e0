// GET /Payments and GET /BankTransactions through Emulator::Handle: Xero's envelope and shapes,
// `where` over nested fields, paging, If-Modified-Since, single reads and the plain-text 404.
#include "emulator/banking_read.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "emulator/banking_test_fixture.h"

namespace xerosync::emulator {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr char kInvoiceA[] = "1a000000-0000-4000-8000-00000000000a";
constexpr char kInvoiceB[] = "1a000000-0000-4000-8000-00000000000b";

class BankingReadTest : public testing::BankingTest {
 protected:
  BankingReadTest() {
    AddInvoice(MakeInvoice(kInvoiceA, "INV-A", "100"));
    AddInvoice(MakeInvoice(kInvoiceB, "INV-B", "100"));
  }

  // Pays `invoice` from account `code` and returns the payment's id.
  std::string Pay(const char* invoice, const char* amount, const char* code = "090") {
    const std::string body = std::string(R"({"Payments":[{"Invoice":{"InvoiceID":")") + invoice +
                             R"("},"Account":{"Code":")" + code + R"("},"Amount":)" + amount +
                             R"(,"Date":"2025-12-20"}]})";
    return First(Send("PUT", "/Payments", body), "Payments").Find("PaymentID")->AsString();
  }
  std::vector<std::string> Ids(const http::Response& response, const char* plural,
                               const char* id_field) {
    std::vector<std::string> ids;
    const Json body = Parsed(response);
    if (response.status != 200 || body.Find(plural) == nullptr) {
      ADD_FAILURE() << response.status << " " << response.body;
      return ids;
    }
    for (const Json& item : body.Find(plural)->AsArray()) {
      ids.push_back(item.Find(id_field)->AsString());
    }
    return ids;
  }
  std::vector<std::string> PaymentIds(Pairs query, const std::string& since = "") {
    return Ids(Send("GET", "/Payments", "", std::move(query), since), "Payments", "PaymentID");
  }
};

TEST_F(BankingReadTest, PaymentsListInXerosEnvelope) {
  const std::string first = Pay(kInvoiceA, "10");
  const std::string second = Pay(kInvoiceB, "20");
  const http::Response r = Send("GET", "/Payments");
  ASSERT_EQ(r.status, 200) << r.body;
  const Json body = Parsed(r);
  EXPECT_EQ(body.Find("Id")->AsString(), r.headers.Get("Xero-Correlation-Id").value());
  EXPECT_EQ(body.Find("Status")->AsString(), "OK");
  EXPECT_EQ(body.Find("pagination"), nullptr);
  EXPECT_THAT(PaymentIds({}), ElementsAre(first, second));
  const Json& payment = body.Find("Payments")->AsArray().at(1);
  EXPECT_EQ(payment.Find("Amount")->NumberText(), "20.00");
  EXPECT_EQ(payment.Find("Invoice")->Find("InvoiceNumber")->AsString(), "INV-B");

  const Json one = First(Send("GET", "/Payments/" + first), "Payments");
  EXPECT_EQ(one.Find("PaymentID")->AsString(), first);
  EXPECT_EQ(one.Find("Invoice")->Find("InvoiceID")->AsString(), kInvoiceA);
  const http::Response missing = Send("GET", "/Payments/9a000000-0000-4000-8000-000000000009");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.body, "The resource you're looking for cannot be found");
}

TEST_F(BankingReadTest, PaymentsFilterByWhereOnNestedFields) {
  const std::string a = Pay(kInvoiceA, "10");
  const std::string b = Pay(kInvoiceB, "20", "091");
  const std::string c = Pay(kInvoiceA, "5", "091");
  First(Send("POST", "/Payments/" + c, R"({"Status":"DELETED"})"), "Payments");
  EXPECT_THAT(PaymentIds({{"where", R"(Invoice.InvoiceNumber=="INV-A")"}}), ElementsAre(a, c));
  EXPECT_THAT(PaymentIds({{"where", std::string(R"(Invoice.InvoiceID==")") + kInvoiceB + "\""}}),
              ElementsAre(b));
  EXPECT_THAT(PaymentIds({{"where", R"(Account.Code=="091" AND Status=="AUTHORISED")"}}),
              ElementsAre(b));
  EXPECT_THAT(PaymentIds({{"where", R"(Status=="DELETED")"}}), ElementsAre(c));
  EXPECT_THAT(PaymentIds({{"where", "Account.AccountID==\"" + DemoAccountId(1, "090") + "\""}}),
              ElementsAre(a));
  EXPECT_THAT(PaymentIds({{"where", R"(PaymentType=="ACCPAYPAYMENT")"}}), IsEmpty());
  EXPECT_THAT(PaymentIds({{"where", R"(Invoice.InvoiceNumber.StartsWith("INV-B"))"}}),
              ElementsAre(b));
  const http::Response bad = Send("GET", "/Payments", "", {{"where", R"(Invoice.Nope=="x")"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(Parsed(bad).Find("Type")->AsString(), "QueryParseException");
}

TEST_F(BankingReadTest, PaymentsPageAndFollowIfModifiedSince) {
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) {
    clock_.Advance(std::chrono::minutes(1));
    ids.push_back(Pay(kInvoiceA, "1"));
  }
  const http::Response page = Send("GET", "/Payments", "", {{"page", "2"}, {"pageSize", "2"}});
  EXPECT_EQ(Parsed(page).Find("pagination")->Serialize(),
            R"({"page":2,"pageSize":2,"pageCount":3,"itemCount":5})");
  EXPECT_THAT(Ids(page, "Payments", "PaymentID"), ElementsAre(ids[2], ids[3]));
  // Created at 00:01 ... 00:05; deleting the first moves its UpdatedDateUTC to 00:10.
  EXPECT_THAT(PaymentIds({}, "2026-01-01T00:03:00Z"), ElementsAre(ids[3], ids[4]));
  clock_.Advance(std::chrono::minutes(5));
  First(Send("POST", "/Payments/" + ids[0], R"({"Status":"DELETED"})"), "Payments");
  EXPECT_THAT(PaymentIds({}, "2026-01-01T00:05:00Z"), ElementsAre(ids[0]));
}

TEST_F(BankingReadTest, ReadsNeedATransactionsOrPaymentsScope) {
  token_ = testing::ConnectDemoApp(emulator_, "openid accounting.contacts");
  EXPECT_EQ(Send("GET", "/Payments").status, 401);
  EXPECT_EQ(Send("GET", "/BankTransactions").status, 401);
  token_ = testing::ConnectDemoApp(emulator_, "openid accounting.payments.read");
  EXPECT_EQ(Send("GET", "/Payments").status, 200);
  token_ = testing::ConnectDemoApp(emulator_, "openid accounting.banktransactions.read");
  EXPECT_EQ(Send("GET", "/BankTransactions").status, 200);
}

}  // namespace
}  // namespace xerosync::emulator
