// The emulator's organisation model: Xero's JSON shapes and the demo data's invariants.
#include "emulator/organisation.h"

#include <gtest/gtest.h>

#include <set>

#include "emulator/demo_data.h"
#include "emulator/emulator.h"

namespace xerosync::emulator {
namespace {

TEST(OrganisationTest, DatesAreMicrosoftJsonDates) {
  const TimePoint t =
      std::chrono::sys_days{std::chrono::year{2019} / 3 / 12} + std::chrono::milliseconds(123);
  EXPECT_EQ(MsDate(t), "/Date(1552348800123+0000)/");
  EXPECT_EQ(MsDate(t, /*with_offset=*/false), "/Date(1552348800123)/");
}

TEST(OrganisationTest, AccountClassFollowsType) {
  EXPECT_EQ(AccountClass("BANK"), "ASSET");
  EXPECT_EQ(AccountClass("CURRLIAB"), "LIABILITY");
  EXPECT_EQ(AccountClass("DIRECTCOSTS"), "EXPENSE");
  EXPECT_EQ(AccountClass("REVENUE"), "REVENUE");
  EXPECT_EQ(AccountClass("EQUITY"), "EQUITY");
  EXPECT_EQ(AccountClass("NOSUCHTYPE"), "");
}

TEST(OrganisationTest, RatesRenderExactlyWithFourPlaces) {
  TaxRate rate;
  rate.name = "Odd";
  rate.tax_type = "TAX001";
  rate.components = {{"State", Decimal::Parse("2.25").value(), false, false},
                     {"City", Decimal::Parse("0.1").value(), false, false}};
  const std::string json = ToJson(rate).Serialize();
  EXPECT_NE(json.find(R"("Rate":2.2500)"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("Rate":0.1000)"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("DisplayTaxRate":2.3500,"EffectiveRate":2.3500)"), std::string::npos)
      << json;
}

TEST(OrganisationTest, EmptyOptionalStringsAreLeftOut) {
  Account account;
  account.account_id = "ac000009-0000-4000-8000-000000000000";
  account.name = "Uncoded";
  account.type = "EXPENSE";
  account.tax_type = "NONE";
  const Json json = ToJson(account);
  EXPECT_EQ(json.Find("Code"), nullptr);
  EXPECT_EQ(json.Find("SystemAccount"), nullptr);
  EXPECT_EQ(json.Find("BankAccountType"), nullptr);
  EXPECT_EQ(json.Find("Class")->AsString(), "EXPENSE");
  Contact contact;
  contact.contact_id = "c0000009-0000-4000-8000-000000000000";
  contact.name = "Nameless";
  EXPECT_EQ(ToJson(contact).Find("ContactNumber"), nullptr);
  EXPECT_EQ(ToJson(contact).Find("EmailAddress"), nullptr);
}

TEST(DemoDataTest, TenantsMatchTheIdentityService) {
  const std::vector<OrgState> orgs = DemoOrganisations();
  const std::vector<Tenant> tenants = DemoTenants();
  ASSERT_EQ(orgs.size(), tenants.size());
  for (std::size_t i = 0; i < orgs.size(); ++i) {
    EXPECT_EQ(orgs[i].organisation.organisation_id, tenants[i].id);
    EXPECT_EQ(orgs[i].organisation.name, tenants[i].name);
  }
  EXPECT_EQ(orgs[0].organisation.organisation_id, kDemoNzTenantId);
  EXPECT_EQ(orgs[1].organisation.organisation_id, kDemoUkTenantId);
}

class DemoInvariantsTest : public ::testing::TestWithParam<int> {
 protected:
  OrgState org_ = DemoOrganisations()[static_cast<std::size_t>(GetParam())];
};

TEST_P(DemoInvariantsTest, AccountsAreConsistent) {
  std::set<std::string> tax_types;
  for (const TaxRate& rate : org_.tax_rates) tax_types.insert(rate.tax_type);
  std::set<std::string> codes, ids, names, system;
  for (const Account& a : org_.accounts) {
    EXPECT_TRUE(tax_types.contains(a.tax_type)) << a.code << " uses " << a.tax_type;
    EXPECT_TRUE(codes.insert(a.code).second) << "duplicate code " << a.code;
    EXPECT_TRUE(ids.insert(a.account_id).second) << "duplicate id " << a.account_id;
    EXPECT_TRUE(names.insert(a.name).second) << "duplicate name " << a.name;
    EXPECT_NE(AccountClass(a.type), "") << a.code;
    if (!a.system_account.empty()) system.insert(a.system_account);
    if (a.type == "BANK") {
      EXPECT_EQ(a.currency_code, org_.organisation.base_currency);
    }
  }
  EXPECT_GE(org_.accounts.size(), 20u);
  for (const char* needed : {"DEBTORS", "CREDITORS", "GST", "ROUNDING"}) {
    EXPECT_TRUE(system.contains(needed)) << needed;
  }
}

TEST_P(DemoInvariantsTest, TaxRatesFitTheAccountsThatUseThem) {
  for (const Account& a : org_.accounts) {
    for (const TaxRate& rate : org_.tax_rates) {
      if (rate.tax_type != a.tax_type) continue;
      if (AccountClass(a.type) == "REVENUE") {
        EXPECT_TRUE(rate.can_apply_to_revenue) << a.code;
      }
      if (AccountClass(a.type) == "EXPENSE") {
        EXPECT_TRUE(rate.can_apply_to_expenses) << a.code;
      }
    }
  }
}

TEST_P(DemoInvariantsTest, ContactsAndCurrencies) {
  int archived = 0;
  std::set<std::string> names, numbers;
  for (const Contact& c : org_.contacts) {
    archived += c.contact_status == "ARCHIVED" ? 1 : 0;
    EXPECT_TRUE(names.insert(c.name).second) << c.name;
    EXPECT_FALSE(c.contact_number.empty()) << c.name;
    EXPECT_TRUE(numbers.insert(c.contact_number).second) << c.contact_number;
  }
  EXPECT_EQ(archived, 1);
  EXPECT_GE(org_.contacts.size(), 8u);
  ASSERT_FALSE(org_.currencies.empty());
  EXPECT_EQ(org_.currencies[0].code, org_.organisation.base_currency);
  EXPECT_EQ(org_.tracking_categories.size(), 2u);  // Xero allows two active categories
}

INSTANTIATE_TEST_SUITE_P(NzAndUk, DemoInvariantsTest, ::testing::Values(0, 1));

}  // namespace
}  // namespace xerosync::emulator
