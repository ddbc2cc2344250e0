// The payment and bank transaction answers checked against Xero's OpenAPI spec
// (shared/xero/openapi/xero_accounting.json): every member the emulator renders is a property of
// the spec's schema (nested summaries against theirs), or DateString, which the spec's examples
// show. Skipped with a message when the spec is not beside the repository.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "emulator/banking_test_fixture.h"

namespace xerosync::emulator {
namespace {

std::filesystem::path SpecPath() {
  std::filesystem::path shared = "../shared";
  if (const char* dir = std::getenv("XEROSYNC_SHARED_DIR"); dir != nullptr && *dir != '\0') {
    shared = dir;
  } else if (const char* src = std::getenv("XEROSYNC_SOURCE_DIR"); src != nullptr && *src != '\0') {
    shared = std::filesystem::path(src) / ".." / "shared";
  }
  return shared / "xero" / "openapi" / "xero_accounting.json";
}

class BankingSpecTest : public testing::BankingTest {
 protected:
  void SetUp() override {
    std::ifstream in(SpecPath());
    if (!in) GTEST_SKIP() << "Xero's OpenAPI spec is not at " << SpecPath();
    std::stringstream text;
    text << in.rdbuf();
    spec_ = Json::Parse(text.str()).value();
  }

  // Fails the test for each member of `object` that schema `name` does not have.
  void ExpectSchemaMembers(const Json& object, const std::string& name) {
    const Json* properties =
        spec_.Find("components")->Find("schemas")->Find(name)->Find("properties");
    ASSERT_NE(properties, nullptr) << name;
    for (const auto& [member, value] : object.AsObject()) {
      EXPECT_TRUE(properties->Find(member) != nullptr || member == "DateString")
          << name << " has no member " << member;
    }
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
