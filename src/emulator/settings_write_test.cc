// The settings writes (accounts, currencies, tax rates, tracking categories), in-process through
// Emulator::Handle, each rule checked with Xero's message where Xero's text is known.
#include "emulator/settings_write.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/json.h"
#include "emulator/demo_data.h"
#include "emulator/emulator.h"
#include "emulator/test_support.h"

namespace xerosync::emulator {
namespace {

using ::testing::ElementsAre;
using testing::Messages;

class SettingsWriteTest : public ::testing::Test {
 protected:
  SettingsWriteTest()
      : emulator_(clock_, testing::DemoOptions(9)),
        api_(emulator_, testing::ConnectDemoApp(emulator_, "accounting.settings"),
             std::string(kDemoNzTenantId)) {}

  // The messages of the one failed element of a 400 answer.
  static std::vector<std::string> Refused(const http::Response& r) {
    const Json body = testing::Api::Body(r, 400);
    EXPECT_EQ(body.Find("Type")->AsString(), "ValidationException");
    return Messages(body.Find("Elements")->AsArray().at(0));
  }
  static Json First(const http::Response& r, const char* plural) {
    return testing::Api::Body(r).Find(plural)->AsArray().at(0);
  }

  FakeClock clock_;
  Emulator emulator_;
  testing::Api api_;
};

TEST_F(SettingsWriteTest, PutAccountCreatesFromABareObject) {
  const Json account = First(
      api_.Send("PUT", "/Accounts", R"({"Code":"455","Name":"Subscriptions","Type":"EXPENSE"})"),
      "Accounts");
  EXPECT_EQ(account.Find("Class")->AsString(), "EXPENSE");
  EXPECT_EQ(account.Find("Status")->AsString(), "ACTIVE");
  const std::string id = account.Find("AccountID")->AsString();
  EXPECT_EQ(First(api_.Get("/Accounts/" + id), "Accounts").Find("Name")->AsString(),
            "Subscriptions");
}

TEST_F(SettingsWriteTest, AccountCreationRulesAnswerXerosMessages) {
  EXPECT_THAT(
      Refused(api_.Send("PUT", "/Accounts", R"({"Code":"456","Name":"Sales","Type":"REVENUE"})")),
      ElementsAre("Please enter a unique Name."));
  EXPECT_THAT(
      Refused(api_.Send("PUT", "/Accounts", R"({"Code":"200","Name":"Other","Type":"REVENUE"})")),
      ElementsAre("Please enter a unique Code"));
  EXPECT_THAT(Refused(api_.Send("PUT", "/Accounts", R"({"Name":"No code","Type":"EXPENSE"})")),
              ElementsAre("The Code field is required"));
  EXPECT_THAT(Refused(api_.Send("PUT", "/Accounts",
                                R"({"Name":"Euro account","Type":"BANK","CurrencyCode":"JPY",)"
                                R"("BankAccountNumber":"12-3456"})")),
              ElementsAre("The current organisation is not subscribed to currency 'JPY'."));
}

TEST_F(SettingsWriteTest, AccountUpdateRulesAnswerXerosMessages) {
  const std::string sales = DemoAccountId(1, "200");
  const std::string bank = DemoAccountId(1, "090");
  const std::string debtors = DemoAccountId(1, "610");
  const auto post = [&](const std::string& id, const std::string& account) {
    return api_.Send("POST", "/Accounts/" + id, R"({"Accounts":[)" + account + "]}");
  };
  EXPECT_THAT(Refused(post(sales, R"({"Name":"Sales 2","Status":"ARCHIVED"})")),
              ElementsAre("Cannot update account details and STATUS on the same request"));
  EXPECT_THAT(Refused(post(bank, R"({"Name":"Renamed bank"})")),
              ElementsAre("Cannot update Bank Accounts"));
  EXPECT_THAT(Refused(post(sales, R"({"Type":"INVENTORY"})")),
              ElementsAre("Account cannot be updated to Inventory"));
  EXPECT_THAT(Refused(post(debtors, R"({"Status":"ARCHIVED"})")),
              ElementsAre("Cannot archive System accounts"));
  EXPECT_THAT(Refused(post("0f0f0f0f-0000-4000-8000-000000000000", R"({"Name":"X"})")),
              ElementsAre("Account is not found"));

  EXPECT_EQ(First(post(sales, R"({"Description":"Sales of goods"})"), "Accounts")
                .Find("Description")
                ->AsString(),
            "Sales of goods");
  EXPECT_EQ(First(post(sales, R"({"Status":"ARCHIVED"})"), "Accounts").Find("Status")->AsString(),
            "ARCHIVED");
  EXPECT_THAT(Refused(post(sales, R"({"Name":"Sales again"})")),
              ElementsAre("Can only update STATUS on Archived accounts"));
}

TEST_F(SettingsWriteTest, DeleteAccountMarksItDeletedUnlessItIsASystemAccount) {
  const std::string id =
      First(api_.Send("PUT", "/Accounts", R"({"Code":"457","Name":"Temp","Type":"EXPENSE"})"),
            "Accounts")
          .Find("AccountID")
          ->AsString();
  EXPECT_EQ(First(api_.Send("DELETE", "/Accounts/" + id), "Accounts").Find("Status")->AsString(),
            "DELETED");
  EXPECT_EQ(api_.Send("DELETE", "/Accounts/" + id).status, 404);
  EXPECT_THAT(Refused(api_.Send("DELETE", "/Accounts/" + DemoAccountId(1, "610"))),
              ElementsAre("Cannot delete System accounts"));
}

TEST_F(SettingsWriteTest, PutCurrencySubscribesTheOrganisation) {
  EXPECT_EQ(api_.Get("/Currencies", {{"where", R"(Code=="JPY")"}}).body.find("JPY"),
            std::string::npos);
  First(api_.Send("PUT", "/Currencies", R"({"Code":"JPY","Description":"Japanese Yen"})"),
        "Currencies");
  const Json listed = testing::Api::Body(api_.Get("/Currencies", {{"where", R"(Code=="JPY")"}}));
  EXPECT_EQ(listed.Find("Currencies")->AsArray().size(), 1u);
  // An account in the new currency is allowed now.
  EXPECT_EQ(api_.Send("PUT", "/Accounts",
                      R"({"Name":"Yen account","Type":"BANK","CurrencyCode":"JPY",)"
                      R"("BankAccountNumber":"99-1"})")
                .status,
            200);
  EXPECT_THAT(Refused(api_.Send("PUT", "/Currencies", R"({"Code":"yen"})")),
              ElementsAre("'yen' is not a valid currency code."));
}

TEST_F(SettingsWriteTest, TaxRatesAreCreatedWithCustomTaxTypesAndUpdatedByPost) {
  const Json created = First(
      api_.Send(
          "PUT", "/TaxRates",
          R"({"TaxRates":[{"Name":"Local levy","TaxComponents":[{"Name":"Levy","Rate":2.25}]}]})"),
      "TaxRates");
  const std::string tax_type = created.Find("TaxType")->AsString();
  EXPECT_EQ(tax_type, "TAX001");
  EXPECT_EQ(created.Find("EffectiveRate")->NumberText(), "2.2500");
  const Json updated =
      First(api_.Send("POST", "/TaxRates",
                      R"({"TaxRates":[{"TaxType":")" + tax_type + R"(","Status":"DELETED"}]})"),
            "TaxRates");
  EXPECT_EQ(updated.Find("Status")->AsString(), "DELETED");
  EXPECT_EQ(First(api_.Get("/TaxRates/" + tax_type), "TaxRates").Find("Status")->AsString(),
            "DELETED");
  EXPECT_THAT(
      Refused(api_.Send(
          "PUT", "/TaxRates",
          R"({"TaxRates":[{"Name":"Local levy","TaxComponents":[{"Name":"L","Rate":1}]}]})")),
      ElementsAre("Please enter a unique Name."));
}

TEST_F(SettingsWriteTest, TrackingCategoriesAndOptions) {
  // The demo organisation has two active categories: Xero's limit.
  EXPECT_THAT(Refused(api_.Send("PUT", "/TrackingCategories", R"({"Name":"Project"})")),
              ElementsAre("You can only have 2 active tracking categories."));
  const Json categories = testing::Api::Body(api_.Get("/TrackingCategories"));
  const std::string region =
      categories.Find("TrackingCategories")->AsArray().at(0).Find("TrackingCategoryID")->AsString();
  const Json option =
      First(api_.Send("PUT", "/TrackingCategories/" + region + "/Options", R"({"Name":"East"})"),
            "Options");
  const std::string option_id = option.Find("TrackingOptionID")->AsString();
  EXPECT_EQ(First(api_.Send("POST", "/TrackingCategories/" + region + "/Options/" + option_id,
                            R"({"Name":"East Coast"})"),
                  "Options")
                .Find("Name")
                ->AsString(),
            "East Coast");
  api_.Send("DELETE", "/TrackingCategories/" + region + "/Options/" + option_id);
  const Json read = First(api_.Get("/TrackingCategories/" + region), "TrackingCategories");
  for (const Json& o : read.Find("Options")->AsArray()) {
    EXPECT_NE(o.Find("TrackingOptionID")->AsString(), option_id);
  }
  // Deleting a category makes room for a new one.
  api_.Send("DELETE", "/TrackingCategories/" + region);
  EXPECT_EQ(api_.Get("/TrackingCategories/" + region).status, 404);
  EXPECT_EQ(api_.Send("PUT", "/TrackingCategories", R"({"Name":"Project"})").status, 200);
}

TEST_F(SettingsWriteTest, SettingsWritesNeedTheSettingsScope) {
  testing::Api contacts_only(emulator_, testing::ConnectDemoApp(emulator_, "accounting.contacts"),
                             std::string(kDemoNzTenantId));
  EXPECT_EQ(contacts_only.Send("PUT", "/Currencies", R"({"Code":"JPY"})").status, 401);
  // (A second consent moves the organisation's connection to the new grant: read the state.)
  bool subscribed = false;
  emulator_.organisations().Read(kDemoNzTenantId, [&](const OrgState& state) {
    for (const Currency& c : state.currencies) subscribed = subscribed || c.code == "JPY";
  });
  EXPECT_FALSE(subscribed);
}

TEST_F(SettingsWriteTest, ContactsCanBeReadByContactNumber) {
  testing::Api contacts(emulator_, testing::ConnectDemoApp(emulator_, "accounting.contacts"),
                        std::string(kDemoNzTenantId));
  const Json created =
      First(contacts.Send("PUT", "/Contacts",
                          R"({"Contacts":[{"Name":"By Number","ContactNumber":"ext-5"}]})"),
            "Contacts");
  EXPECT_EQ(First(contacts.Get("/Contacts/ext-5"), "Contacts").Find("ContactID")->AsString(),
            created.Find("ContactID")->AsString());
}

}  // namespace
}  // namespace xerosync::emulator
