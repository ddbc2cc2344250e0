// The payment and bank transaction answers checked against Xero's OpenAPI spec
// (shared/xero/openapi/xero_accounting.json): every member the emulator renders is a property of
// the spec's schema (nested summaries against theirs), or DateString, which the spec's examples
// show. Skipped with a message when the spec is not beside the repository.
#include <gmock/gmock.h>

#include <optional>
#include <set>

#include "emulator/banking_test_fixture.h"

namespace xerosync::emulator {
namespace {

class BankingSpecTest : public testing::BankingTest {
 protected:
  void SetUp() override {
    std::optional<Json> spec = testing::LoadAccountingSpec();
    if (!spec) GTEST_SKIP() << "Xero's OpenAPI spec is not at " << testing::AccountingSpecPath();
    spec_ = std::move(*spec);
  }

  // Fails the test for each member of `object` that schema `name` does not have.
  void ExpectSchemaMembers(const Json& object, const std::string& name) {
    EXPECT_THAT(testing::MembersNotInSchema(spec_, object, name, {"DateString"}),
                ::testing::IsEmpty())
        << name;
  }

  Json spec_;
};

TEST_F(BankingSpecTest, PaymentsAndBankTransactionsUseTheSpecsNames) {
  AddInvoice(MakeInvoice("1a000000-0000-4000-8000-000000000001", "INV-0001", "20"));
  const Json payment =
      First(Send("PUT", "/Payments",
                 R"({"Payments":[{"Invoice":{"InvoiceNumber":"INV-0001"},"Account":{"Code":"090"},
                            "Amount":5,"Reference":"r"}]})"),
            "Payments");
  ExpectSchemaMembers(payment, "Payment");
  ExpectSchemaMembers(*payment.Find("Account"), "Account");
  ExpectSchemaMembers(*payment.Find("Invoice"), "Invoice");
  ExpectSchemaMembers(*payment.Find("Invoice")->Find("Contact"), "Contact");

  const Json transaction =
      First(Send("PUT", "/BankTransactions",
                 R"({"BankTransactions":[{"Type":"SPEND","Contact":{"Name":"Corner Dairy"},
               "BankAccount":{"Code":"090"},"Reference":"milk","Url":"https://example.com/1",
               "CurrencyRate":1.5,
               "LineItems":[{"Description":"Milk","Quantity":1,"UnitAmount":3,"AccountCode":"429"}]}]})"),
            "BankTransactions");
  ExpectSchemaMembers(transaction, "BankTransaction");
  ExpectSchemaMembers(*transaction.Find("BankAccount"), "Account");
  ExpectSchemaMembers(*transaction.Find("Contact"), "Contact");
}

}  // namespace
}  // namespace xerosync::emulator
