// Bank transactions written and read through Emulator::Handle (FACTS.md §3.2, §5, §7
// "BankTransaction"): totals from line items, each rule's message and where it sits, updates by
// POST, deletion and voiding, and the reads' filters.
#include "emulator/bank_transaction_write.h"

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

constexpr char kLines[] =
    R"("LineItems":[{"Description":"Stationery","Quantity":2,"UnitAmount":50,"AccountCode":"453"}])";

std::string Contact(int k) { return R"("Contact":{"ContactID":")" + DemoContactId(1, k) + R"("})"; }

// A SPEND from 090 with `members` replacing the defaults named in `without` ("" keeps them all).
std::string Spend(const std::string& extra = "") {
  return R"({"Type":"SPEND",)" + Contact(6) + R"(,"BankAccount":{"Code":"090"},)" + kLines +
         R"(,"Date":"2025-12-10")" + (extra.empty() ? "" : "," + extra) + "}";
}
std::string Batch(const std::string& elements) {
  return R"({"BankTransactions":[)" + elements + "]}";
}

class BankTransactionTest : public testing::BankingTest {
 protected:
  http::Response Put(const std::string& element) {
    return Send("PUT", "/BankTransactions", Batch(element));
  }
  std::vector<std::string> Refused(const std::string& element) {
    return ElementMessages(Put(element));
  }
  std::string Create(const std::string& element) {
    return First(Put(element), "BankTransactions").Find("BankTransactionID")->AsString();
  }
  std::vector<std::string> Ids(Pairs query, const std::string& since = "") {
    const http::Response r = Send("GET", "/BankTransactions", "", std::move(query), since);
    std::vector<std::string> ids;
    const Json body = Parsed(r);
    if (r.status != 200 || body.Find("BankTransactions") == nullptr) {
      ADD_FAILURE() << r.status << " " << r.body;
      return ids;
    }
    for (const Json& t : body.Find("BankTransactions")->AsArray()) {
      ids.push_back(t.Find("BankTransactionID")->AsString());
    }
    return ids;
  }
};

TEST_F(BankTransactionTest, SpendMoneyIsTotalledFromItsLines) {
  const http::Response r = Put(Spend(R"("Reference":"Pens","Url":"https://example.com/r/1")"));
  const Json t = First(r, "BankTransactions");
  EXPECT_EQ(t.Find("Type")->AsString(), "SPEND");
  EXPECT_EQ(t.Find("Status")->AsString(), "AUTHORISED");
  EXPECT_EQ(t.Find("Reference")->AsString(), "Pens");
  EXPECT_EQ(t.Find("Url")->AsString(), "https://example.com/r/1");
  EXPECT_EQ(t.Find("Date")->AsString(), "/Date(1765324800000+0000)/");  // 2025-12-10
  EXPECT_EQ(t.Find("DateString")->AsString(), "2025-12-10T00:00:00");
  EXPECT_EQ(t.Find("LineAmountTypes")->AsString(), "Exclusive");
  EXPECT_EQ(t.Find("CurrencyCode")->AsString(), "NZD");
  EXPECT_FALSE(t.Find("IsReconciled")->AsBool());
  EXPECT_THAT(r.body, HasSubstr(R"("SubTotal":100.00,"TotalTax":15.00,"Total":115.00)"));
  EXPECT_EQ(t.Find("BankAccount")->Find("AccountID")->AsString(), DemoAccountId(1, "090"));
  EXPECT_EQ(t.Find("BankAccount")->Find("Code")->AsString(), "090");
  EXPECT_EQ(t.Find("Contact")->Find("ContactID")->AsString(), DemoContactId(1, 6));
  const Json& line = t.Find("LineItems")->AsArray().at(0);
  EXPECT_EQ(line.Find("AccountCode")->AsString(), "453");
  EXPECT_EQ(line.Find("LineAmount")->NumberText(), "100.00");
  EXPECT_EQ(line.Find("TaxAmount")->NumberText(), "15.00");

  const OrgState state = State();
  ASSERT_EQ(state.bank_transactions.size(), 1u);
  EXPECT_EQ(state.bank_transactions[0].totals.total, Money("115"));
  EXPECT_EQ(state.bank_transactions[0].updated, clock_.Now());
}

TEST_F(BankTransactionTest, ReceiveMoneyInclusiveAndDefaultDate) {
  Advance(std::chrono::hours(2));
  const Json t = First(Put(R"({"Type":"RECEIVE",)" + Contact(1) +
                           R"(,"BankAccount":{"AccountID":")" + DemoAccountId(1, "091") +
                           R"("},"LineAmountTypes":"Inclusive","IsReconciled":true,
             "LineItems":[{"Description":"Cash sale","Quantity":1,"UnitAmount":115,"AccountCode":"200"}]})"),
                       "BankTransactions");
  EXPECT_EQ(t.Find("Type")->AsString(), "RECEIVE");
  EXPECT_EQ(t.Find("Date")->AsString(), "/Date(1767225600000+0000)/");  // today, 2026-01-01
  EXPECT_TRUE(t.Find("IsReconciled")->AsBool());
  EXPECT_EQ(t.Find("Total")->NumberText(), "115.00");
  EXPECT_EQ(t.Find("TotalTax")->NumberText(), "15.00");
  EXPECT_EQ(t.Find("SubTotal")->NumberText(), "100.00");
}

TEST_F(BankTransactionTest, UnitdpFourKeepsFourPlacesOnUnitAmounts) {
  const std::string element =
      R"({"Type":"SPEND",)" + Contact(6) +
      R"(,"BankAccount":{"Code":"090"},"LineItems":[{"Description":"Bolts",)"
      R"("Quantity":3,"UnitAmount":1.2345,"AccountCode":"453"}]})";
  const http::Response r = Send("PUT", "/BankTransactions", Batch(element), {{"unitdp", "4"}});
  const Json t = First(r, "BankTransactions");
  EXPECT_EQ(t.Find("LineItems")->AsArray().at(0).Find("UnitAmount")->NumberText(), "1.2345");
  EXPECT_EQ(t.Find("SubTotal")->NumberText(), "3.70");  // 3 x 1.2345 = 3.7035
  const std::string id = t.Find("BankTransactionID")->AsString();
  const Json four =
      First(Send("GET", "/BankTransactions/" + id, "", {{"unitdp", "4"}}), "BankTransactions");
  EXPECT_EQ(four.Find("LineItems")->AsArray().at(0).Find("UnitAmount")->NumberText(), "1.2345");
  const Json two = First(Send("GET", "/BankTransactions/" + id), "BankTransactions");
  EXPECT_EQ(two.Find("LineItems")->AsArray().at(0).Find("UnitAmount")->NumberText(), "1.23");
}

TEST_F(BankTransactionTest, ContactIsRequiredAndSitsOnTheElement) {
  const std::string element =
      R"({"Type":"SPEND","BankAccount":{"Code":"090"},)" + std::string(kLines) + "}";
  const http::Response r = Put(element);
  EXPECT_THAT(ElementMessages(r),
              ElementsAre("The Contact must contain at least 1 of the following elements to "
                          "identify the contact: Name, ContactID, ContactNumber"));
  EXPECT_TRUE(Parsed(r).Find("Elements")->AsArray().at(0).Find("HasErrors")->AsBool());
  EXPECT_TRUE(State().bank_transactions.empty());
}

TEST_F(BankTransactionTest, UnsummarisedBatchFlagsTheFailedElementWithHasErrors) {
  const http::Response r =
      Send("PUT", "/BankTransactions", Batch(Spend() + "," + Spend(R"("CurrencyCode":"EUR")")),
           {{"summarizeErrors", "false"}});
  ASSERT_EQ(r.status, 200) << r.body;
  const Json body = Parsed(r);
  const Json::Array& transactions = body.Find("BankTransactions")->AsArray();
  ASSERT_EQ(transactions.size(), 2u);
  EXPECT_EQ(transactions[0].Find("StatusAttributeString")->AsString(), "OK");
  EXPECT_EQ(transactions[1].Find("StatusAttributeString")->AsString(), "ERROR");
  EXPECT_TRUE(transactions[1].Find("HasErrors")->AsBool());
  EXPECT_THAT(Messages(transactions[1]),
              ElementsAre("Organisation is not subscribed to currency EUR"));
  EXPECT_EQ(State().bank_transactions.size(), 1u);
}

TEST_F(BankTransactionTest, ANewContactNameCreatesTheContact) {
  const size_t before = State().contacts.size();
  const Json t = First(Put(R"({"Type":"SPEND","Contact":{"Name":"Corner Dairy"},)"
                           R"("BankAccount":{"Code":"090"},)" +
                           std::string(kLines) + "}"),
                       "BankTransactions");
  const OrgState state = State();
  ASSERT_EQ(state.contacts.size(), before + 1);
  EXPECT_EQ(state.contacts.back().name, "Corner Dairy");
  EXPECT_EQ(t.Find("Contact")->Find("ContactID")->AsString(), state.contacts.back().contact_id);
}

TEST_F(BankTransactionTest, TypeMustBeReceiveOrSpend) {
  const std::string rest = Contact(6) + R"(,"BankAccount":{"Code":"090"},)" + kLines;
  EXPECT_THAT(Refused("{" + rest + "}"), ElementsAre("The Type field is mandatory"));
  EXPECT_THAT(Refused(R"({"Type":"SPEND-TRANSFER",)" + rest + "}"),
              ElementsAre("xero-emulator does not support bank transactions of type "
                          "SPEND-TRANSFER"));
  EXPECT_THAT(Refused(R"({"Type":"GIFT",)" + rest + "}"),
              ElementsAre("'GIFT' is not a valid bank transaction type"));
}

TEST_F(BankTransactionTest, BankAccountMustBeAnActiveBankAccount) {
  const std::string head = R"({"Type":"SPEND",)" + Contact(6) + ",";
  EXPECT_THAT(Refused(head + kLines + "}"), ElementsAre("A bank account must be specified"));
  EXPECT_THAT(Refused(head + R"("BankAccount":{"Code":"200"},)" + kLines + "}"),
              ElementsAre("The bank account must be an active bank account"));
  EXPECT_THAT(Refused(head + R"("BankAccount":{"Code":"999"},)" + kLines + "}"),
              ElementsAre("The bank account must be an active bank account"));
}

TEST_F(BankTransactionTest, LinesAreRequiredAndChecked) {
  const std::string head = R"({"Type":"SPEND",)" + Contact(6) + R"(,"BankAccount":{"Code":"090"})";
  EXPECT_THAT(Refused(head + "}"), ElementsAre("At least one line item must be specified"));
  EXPECT_THAT(Refused(head + R"(,"LineItems":[{"Description":"x","Quantity":1,"UnitAmount":5}]})"),
              ElementsAre("Account code must be specified"));
  EXPECT_THAT(
      Refused(
          head +
          R"(,"LineItems":[{"Description":"x","Quantity":1,"UnitAmount":5,"AccountCode":"123"}]})"),
      ElementsAre("Account code '123' is not a valid code for this document."));
}

TEST_F(BankTransactionTest, CurrencyMustBeSubscribedAndDatesOpen) {
  EXPECT_THAT(Refused(Spend(R"("CurrencyCode":"EUR")")),
              ElementsAre("Organisation is not subscribed to currency EUR"));
  Write([](OrgState& s) {
    s.organisation.period_lock_date = Day(2025, 12, 31);
    s.organisation.end_of_year_lock_date = Day(2025, 3, 31);
  });
  EXPECT_THAT(Refused(Spend()),  // dated 2025-12-10
              ElementsAre("The document date cannot be before the period lock date"));
  EXPECT_THAT(Refused(Spend(R"("Date":"2025-01-15")")),
              ElementsAre("The document date cannot be before the end of year lock date, "
                          "currently set at 31-Mar-2025"));
}

TEST_F(BankTransactionTest, PostUpdatesKeepingWhatIsLeftOut) {
  const std::string id = Create(Spend(R"("Reference":"Pens")"));
  clock_.Advance(std::chrono::minutes(1));
  const Json updated =
      First(Send("POST", "/BankTransactions/" + id, Batch(R"({"Reference":"Pens and paper"})")),
            "BankTransactions");
  EXPECT_EQ(updated.Find("BankTransactionID")->AsString(), id);
  EXPECT_EQ(updated.Find("Reference")->AsString(), "Pens and paper");
  EXPECT_EQ(updated.Find("Total")->NumberText(), "115.00");
  EXPECT_EQ(State().bank_transactions.at(0).updated, clock_.Now());
  // By the element's id on POST /BankTransactions, new lines replace the old.
  const Json relined = First(
      Send(
          "POST", "/BankTransactions",
          Batch(
              R"({"BankTransactionID":")" + id +
              R"(","LineItems":[{"Description":"Paper","Quantity":1,"UnitAmount":10,"AccountCode":"453"}]})")),
      "BankTransactions");
  EXPECT_EQ(relined.Find("Total")->NumberText(), "11.50");
  EXPECT_EQ(State().bank_transactions.size(), 1u);
  EXPECT_THAT(ElementMessages(Send("POST", "/BankTransactions/9a000000-0000-4000-8000-000000000009",
                                   Batch(R"({"Reference":"x"})"))),
              ElementsAre("An existing Bank Transaction with the specified BankTransactionID "
                          "could not be found"));
}

TEST_F(BankTransactionTest, DeletedAndVoidedTransactionsCannotChange) {
  const std::string deleted = Create(Spend());
  const std::string voided = Create(Spend());
  EXPECT_EQ(First(Send("POST", "/BankTransactions/" + deleted, Batch(R"({"Status":"DELETED"})")),
                  "BankTransactions")
                .Find("Status")
                ->AsString(),
            "DELETED");
  EXPECT_EQ(First(Send("POST", "/BankTransactions/" + voided, Batch(R"({"Status":"VOIDED"})")),
                  "BankTransactions")
                .Find("Status")
                ->AsString(),
            "VOIDED");
  for (const std::string& id : {deleted, voided}) {
    EXPECT_THAT(ElementMessages(
                    Send("POST", "/BankTransactions/" + id, Batch(R"({"Status":"AUTHORISED"})"))),
                ElementsAre("Bank transaction not of valid status for modification"));
  }
  // A new transaction cannot start deleted.
  EXPECT_THAT(Refused(Spend(R"("Status":"DELETED")")),
              ElementsAre("The status DELETED is not valid for this bank transaction"));
}

TEST_F(BankTransactionTest, PutCreatesEvenWithAnId) {
  const std::string id = Create(Spend());
  const std::string again = Create(Spend(R"("BankTransactionID":")" + id + "\""));
  EXPECT_NE(again, id);
  EXPECT_EQ(State().bank_transactions.size(), 2u);
}

TEST_F(BankTransactionTest, BankTransactionsRaiseNoEvents) {
  // Contacts created with them do raise CONTACT events; the transactions themselves none.
  std::vector<ChangeEvent> events;
  std::vector<std::string> created;
  RandomSource random(3);
  Write([&](OrgState& s) {
    const std::string tenant(kDemoNzTenantId);
    const std::string no_path;
    const http::Request request;
    WriteContext context{s,       tenant, clock_.Now(), WriteMethod::kPut,
                         no_path, random, events,       request};
    const ElementResult result = WriteBankTransaction(context, Json::Parse(Spend()).value());
    EXPECT_TRUE(result.ok);
  });
  EXPECT_THAT(events, IsEmpty());
}

TEST_F(BankTransactionTest, ListFiltersPagesAndFollowsIfModifiedSince) {
  const std::string spend = Create(Spend(R"("Reference":"Pens")"));
  clock_.Advance(std::chrono::minutes(2));
  const std::string receive = Create(
      R"({"Type":"RECEIVE",)" + Contact(1) + R"(,"BankAccount":{"Code":"091"},)" +
      R"("LineItems":[{"Description":"Sale","Quantity":1,"UnitAmount":10,"AccountCode":"200"}]})");
  EXPECT_THAT(Ids({}), ElementsAre(spend, receive));
  EXPECT_THAT(Ids({{"where", R"(Type=="RECEIVE")"}}), ElementsAre(receive));
  EXPECT_THAT(Ids({{"where", R"(BankAccount.Code=="090")"}}), ElementsAre(spend));
  EXPECT_THAT(Ids({{"where", "Contact.ContactID==\"" + DemoContactId(1, 1) + "\""}}),
              ElementsAre(receive));
  EXPECT_THAT(Ids({{"where", R"(Contact.Name.Contains("power"))"}}), ElementsAre(spend));
  EXPECT_THAT(Ids({{"where", R"(Reference=="Pens" AND Status=="AUTHORISED")"}}),
              ElementsAre(spend));
  EXPECT_THAT(Ids({}, "2026-01-01T00:01:00Z"), ElementsAre(receive));
  const http::Response page =
      Send("GET", "/BankTransactions", "", {{"page", "1"}, {"pageSize", "1"}});
  EXPECT_EQ(Parsed(page).Find("pagination")->Serialize(),
            R"({"page":1,"pageSize":1,"pageCount":2,"itemCount":2})");
  const Json one = First(Send("GET", "/BankTransactions/" + receive), "BankTransactions");
  EXPECT_EQ(one.Find("Total")->NumberText(), "11.50");  // 10 + 15% GST
  EXPECT_EQ(Send("GET", "/BankTransactions/9a000000-0000-4000-8000-000000000009").status, 404);
}

}  // namespace
}  // namespace xerosync::emulator
