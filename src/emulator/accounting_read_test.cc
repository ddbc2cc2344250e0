// The settings and contact reads, driven in-process through Emulator::Handle with real tokens from
// the emulated identity flow, checked against the spec's field names
// (shared/xero/openapi/xero_accounting.yaml).
#include "emulator/accounting_read.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/json.h"
#include "emulator/demo_data.h"
#include "emulator/emulator.h"
#include "emulator/test_support.h"

namespace xerosync::emulator {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using Pairs = std::vector<std::pair<std::string, std::string>>;

constexpr char kAllScopes[] =
    "openid accounting.settings accounting.contacts accounting.transactions offline_access";

class AccountingReadTest : public ::testing::Test {
 protected:
  AccountingReadTest() : emulator_(clock_, Options()) { token_ = Connect(kAllScopes); }

  static EmulatorOptions Options() {
    EmulatorOptions options;
    options.auto_consent = true;
    options.seed = 11;
    return options;
  }

  // An access token for the demo app, connected to both demo organisations.
  std::string Connect(const std::string& scopes) {
    return testing::ConnectDemoApp(emulator_, scopes);
  }

  http::Response Get(const std::string& path, Pairs query = {},
                     std::string tenant = std::string(kDemoNzTenantId),
                     const std::string& if_modified_since = "") {
    http::Request r;
    r.method = "GET";
    r.path = "/api.xro/2.0" + path;
    r.query = std::move(query);
    r.headers.Set("Authorization", "Bearer " + token_);
    r.headers.Set("xero-tenant-id", std::move(tenant));
    if (!if_modified_since.empty()) r.headers.Set("If-Modified-Since", if_modified_since);
    return emulator_.Handle(r);
  }
  // The body of a 200 answer.
  Json Ok(const std::string& path, Pairs query = {}) {
    const http::Response r = Get(path, std::move(query));
    EXPECT_EQ(r.status, 200) << path << ": " << r.body;
    return Json::Parse(r.body).value_or(Json());
  }
  // The values of `field` in the `plural` list of `body`.
  static std::vector<std::string> Values(const Json& body, const char* plural, const char* field) {
    std::vector<std::string> out;
    for (const Json& item : body.Find(plural)->AsArray())
      out.push_back(item.Find(field)->AsString());
    return out;
  }

  FakeClock clock_;
  Emulator emulator_;
  std::string token_;
};

TEST_F(AccountingReadTest, OrganisationHasXerosEnvelopeAndShape) {
  const http::Response r = Get("/Organisation");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_THAT(std::string(r.headers.Get("Content-Type").value_or("")),
              HasSubstr("application/json"));
  const Json body = Json::Parse(r.body).value();
  EXPECT_EQ(body.Find("Id")->AsString(), r.headers.Get("Xero-Correlation-Id").value());
  EXPECT_EQ(body.Find("Status")->AsString(), "OK");
  EXPECT_EQ(body.Find("ProviderName")->AsString(), "xero-emulator");
  EXPECT_EQ(body.Find("DateTimeUTC")->AsString(), "/Date(1767225600000)/");  // 2026-01-01
  EXPECT_EQ(body.Find("pagination"), nullptr);
  const Json& org = body.Find("Organisations")->AsArray().at(0);
  EXPECT_EQ(org.Find("OrganisationID")->AsString(), kDemoNzTenantId);
  EXPECT_EQ(org.Find("Name")->AsString(), "Demo Company (NZ)");
  EXPECT_EQ(org.Find("BaseCurrency")->AsString(), "NZD");
  EXPECT_EQ(org.Find("CountryCode")->AsString(), "NZ");
  EXPECT_EQ(org.Find("OrganisationStatus")->AsString(), "ACTIVE");
  EXPECT_EQ(org.Find("CreatedDateUTC")->AsString(), "/Date(1711929600000)/");  // 2024-04-01
  EXPECT_EQ(org.Find("PeriodLockDate"), nullptr);                              // none set
  for (const char* field : {"LegalName", "Version", "Timezone", "ShortCode", "FinancialYearEndDay",
                            "FinancialYearEndMonth", "PaysTax", "OrganisationType"}) {
    EXPECT_NE(org.Find(field), nullptr) << field;
  }
  const Json uk = Json::Parse(Get("/Organisation", {}, std::string(kDemoUkTenantId)).body).value();
  EXPECT_EQ(uk.Find("Organisations")->AsArray().at(0).Find("BaseCurrency")->AsString(), "GBP");
}

TEST_F(AccountingReadTest, AccountsListTheChartWithDerivedFields) {
  const Json body = Ok("/Accounts");
  ASSERT_GE(body.Find("Accounts")->AsArray().size(), 20u);
  const Json& bank = body.Find("Accounts")->AsArray().at(0);
  EXPECT_EQ(bank.Find("AccountID")->AsString(), DemoAccountId(1, "090"));
  EXPECT_EQ(bank.Find("Code")->AsString(), "090");
  EXPECT_EQ(bank.Find("Name")->AsString(), "Business Bank Account");
  EXPECT_EQ(bank.Find("Type")->AsString(), "BANK");
  EXPECT_EQ(bank.Find("Class")->AsString(), "ASSET");
  EXPECT_EQ(bank.Find("BankAccountType")->AsString(), "BANK");
  EXPECT_EQ(bank.Find("CurrencyCode")->AsString(), "NZD");
  EXPECT_EQ(bank.Find("UpdatedDateUTC")->AsString(), "/Date(1751274000000+0000)/");
  const Json one = Ok("/Accounts/" + DemoAccountId(1, "610"));
  const Json& debtors = one.Find("Accounts")->AsArray().at(0);
  EXPECT_EQ(debtors.Find("SystemAccount")->AsString(), "DEBTORS");
  EXPECT_EQ(debtors.Find("Status")->AsString(), "ACTIVE");
  EXPECT_FALSE(debtors.Find("EnablePaymentsToAccount")->AsBool());
  const Json owner = Ok("/Accounts/" + DemoAccountId(1, "970"));
  EXPECT_TRUE(owner.Find("Accounts")->AsArray().at(0).Find("EnablePaymentsToAccount")->AsBool());
}

TEST_F(AccountingReadTest, AccountsFilterByWhere) {
  EXPECT_THAT(Values(Ok("/Accounts", {{"where", R"(Status=="ACTIVE" AND Type=="BANK")"}}),
                     "Accounts", "Code"),
              ElementsAre("090", "091"));
  EXPECT_THAT(Values(Ok("/Accounts", {{"where", R"(Code=="200")"}}), "Accounts", "Name"),
              ElementsAre("Sales"));
  EXPECT_THAT(
      Values(Ok("/Accounts", {{"where", R"(Name.Contains("Travel"))"}}), "Accounts", "Code"),
      ElementsAre("493", "494"));
  EXPECT_TRUE(Ok("/Accounts", {{"where", R"(Name=="No such account")"}})
                  .Find("Accounts")
                  ->AsArray()
                  .empty());
}

TEST_F(AccountingReadTest, AnUnsupportedWhereIsAQueryParseException) {
  const http::Response r = Get("/Accounts", {{"where", R"(Colour=="Blue")"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body, R"({"ErrorNumber":16,"Type":"QueryParseException",)"
                    R"("Message":"No property or field 'Colour' exists in type 'Account'"})");
  EXPECT_EQ(Get("/Contacts", {{"where", "Name=="}}).status, 400);
}

TEST_F(AccountingReadTest, TaxRatesAreExactWithFourPlaces) {
  const http::Response r = Get("/TaxRates", {{"where", R"(TaxType=="OUTPUT2")"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_THAT(r.body,
              HasSubstr(R"("Name":"15% GST on Income","TaxType":"OUTPUT2",)"
                        R"("ReportTaxType":"OUTPUT","CanApplyToAssets":true,)"
                        R"("CanApplyToEquity":true,"CanApplyToExpenses":false,)"
                        R"("CanApplyToLiabilities":true,"CanApplyToRevenue":true,)"
                        R"("DisplayTaxRate":15.0000,"EffectiveRate":15.0000,)"
                        R"("Status":"ACTIVE","TaxComponents":[{"Name":"GST",)"
                        R"("Rate":15.0000,"IsCompound":false,"IsNonRecoverable":false}]})"));
  const Json uk = Json::Parse(Get("/TaxRates", {}, std::string(kDemoUkTenantId)).body).value();
  EXPECT_THAT(Values(uk, "TaxRates", "TaxType"),
              ::testing::IsSupersetOf(
                  {"OUTPUT2", "INPUT2", "RROUTPUT", "ZERORATEDOUTPUT", "EXEMPTOUTPUT", "NONE"}));
}

TEST_F(AccountingReadTest, CurrenciesAndTrackingCategories) {
  EXPECT_THAT(Values(Ok("/Currencies"), "Currencies", "Code"), ElementsAre("NZD", "AUD", "USD"));
  EXPECT_THAT(Values(Ok("/Currencies", {{"where", R"(Code=="USD")"}}), "Currencies", "Description"),
              ElementsAre("United States Dollar"));
  const Json tracking = Ok("/TrackingCategories");
  EXPECT_THAT(Values(tracking, "TrackingCategories", "Name"), ElementsAre("Region", "Department"));
  const Json& region = tracking.Find("TrackingCategories")->AsArray().at(0);
  EXPECT_EQ(region.Find("TrackingCategoryID")->AsString(), "7c000001-0000-4000-8000-000000000001");
  EXPECT_THAT(Values(region, "Options", "Name"), ElementsAre("North", "South"));
  EXPECT_EQ(region.Find("Options")->AsArray().at(0).Find("TrackingOptionID")->AsString(),
            "70000001-0000-4000-8000-000000000011");
}

TEST_F(AccountingReadTest, ContactsExcludeArchivedUnlessAsked) {
  const Json active = Ok("/Contacts");
  EXPECT_EQ(active.Find("Contacts")->AsArray().size(), 7u);
  EXPECT_EQ(active.Find("pagination"), nullptr);
  const Json all = Ok("/Contacts", {{"includeArchived", "true"}});
  ASSERT_EQ(all.Find("Contacts")->AsArray().size(), 8u);
  const Json& archived = all.Find("Contacts")->AsArray().at(7);
  EXPECT_EQ(archived.Find("Name")->AsString(), "Old Supplies Co");
  EXPECT_EQ(archived.Find("ContactStatus")->AsString(), "ARCHIVED");
  // By id, an archived contact is still found.
  EXPECT_EQ(Get("/Contacts/" + DemoContactId(1, 8)).status, 200);
}

TEST_F(AccountingReadTest, AContactHasTheSpecsFields) {
  const Json body = Ok("/Contacts/" + DemoContactId(1, 1));
  const Json& c = body.Find("Contacts")->AsArray().at(0);
  EXPECT_EQ(c.Find("ContactID")->AsString(), "c0000001-0000-4000-8000-000000000001");
  EXPECT_EQ(c.Find("Name")->AsString(), "ABC Furniture");
  EXPECT_EQ(c.Find("ContactNumber")->AsString(), "CUST-001");
  EXPECT_EQ(c.Find("AccountNumber")->AsString(), "CUST-001");
  EXPECT_EQ(c.Find("ContactStatus")->AsString(), "ACTIVE");
  EXPECT_EQ(c.Find("FirstName")->AsString(), "Trish");
  EXPECT_EQ(c.Find("EmailAddress")->AsString(), "info@abcfurniture.co.nz");
  EXPECT_TRUE(c.Find("IsCustomer")->AsBool());
  EXPECT_FALSE(c.Find("IsSupplier")->AsBool());
  EXPECT_EQ(c.Find("UpdatedDateUTC")->AsString(),
            "/Date(1764579600000+0000)/");  // 2025-12-01 09:00
  EXPECT_TRUE(c.Find("Addresses")->is_array());
}

TEST_F(AccountingReadTest, ContactsPageWhenAskedTo) {
  const Json first = Ok("/Contacts", {{"page", "1"}, {"pageSize", "3"}});
  EXPECT_EQ(first.Find("pagination")->Serialize(),
            R"({"page":1,"pageSize":3,"pageCount":3,"itemCount":7})");
  EXPECT_THAT(Values(first, "Contacts", "ContactNumber"),
              ElementsAre("CUST-001", "CUST-002", "CUST-003"));
  EXPECT_THAT(
      Values(Ok("/Contacts", {{"page", "3"}, {"pageSize", "3"}}), "Contacts", "ContactNumber"),
      ElementsAre("SUP-002"));
  EXPECT_TRUE(
      Ok("/Contacts", {{"page", "4"}, {"pageSize", "3"}}).Find("Contacts")->AsArray().empty());
  const Json defaults = Ok("/Contacts", {{"page", "1"}});
  EXPECT_EQ(defaults.Find("pagination")->Serialize(),
            R"({"page":1,"pageSize":100,"pageCount":1,"itemCount":7})");
}

TEST_F(AccountingReadTest, ContactsFilterByWhereIdsAndSearchTerm) {
  EXPECT_THAT(
      Values(Ok("/Contacts", {{"where", R"(ContactNumber=="SUP-001")"}}), "Contacts", "Name"),
      ElementsAre("PowerDirect"));
  EXPECT_THAT(Values(Ok("/Contacts", {{"where", R"(Name=="bayside club")"}}), "Contacts", "Name"),
              ElementsAre("Bayside Club"));
  EXPECT_THAT(
      Values(Ok("/Contacts",
                {{"where", R"(Name.Contains("smith") && ContactNumber.StartsWith("SUP"))"}}),
             "Contacts", "Name"),
      ElementsAre("Hamilton Smith Ltd"));
  EXPECT_THAT(Values(Ok("/Contacts", {{"IDs", DemoContactId(1, 2) + "," + DemoContactId(1, 4)}}),
                     "Contacts", "Name"),
              ElementsAre("Bayside Club", "Marine Systems"));
  EXPECT_THAT(Values(Ok("/Contacts", {{"searchTerm", "RIDGEWAY"}}), "Contacts", "Name"),
              ElementsAre("Ridgeway University"));
}

TEST_F(AccountingReadTest, IfModifiedSinceReturnsOnlyLaterChanges) {
  // Demo contact k was updated on 2025-12-k at 09:00 UTC.
  const http::Response later =
      Get("/Contacts", {}, std::string(kDemoNzTenantId), "2025-12-05T09:00:00");
  ASSERT_EQ(later.status, 200);
  EXPECT_THAT(Values(Json::Parse(later.body).value(), "Contacts", "Name"),
              ElementsAre("PowerDirect", "Hamilton Smith Ltd"));
  const http::Response none =
      Get("/Accounts", {}, std::string(kDemoNzTenantId), "Thu, 01 Jan 2026 00:00:00 GMT");
  ASSERT_EQ(none.status, 200);
  EXPECT_TRUE(Json::Parse(none.body).value().Find("Accounts")->AsArray().empty());
}

TEST_F(AccountingReadTest, UnknownIdsArePlainText404s) {
  for (const std::string path : {"/Contacts/00000000-0000-0000-0000-000000000000",
                                 "/Accounts/00000000-0000-0000-0000-000000000000"}) {
    const http::Response r = Get(path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(r.body, "The resource you're looking for cannot be found");
    EXPECT_THAT(std::string(r.headers.Get("Content-Type").value_or("")), HasSubstr("text/plain"));
  }
  // Another organisation's contact is unknown here.
  EXPECT_EQ(Get("/Contacts/" + DemoContactId(2, 1)).status, 404);
}

TEST_F(AccountingReadTest, TokensTenantsAndScopesAreChecked) {
  EXPECT_EQ(Get("/Organisation", {}, "00000000-0000-0000-0000-000000000000").status, 403);
  EXPECT_EQ(Get("/Organisation", {}, "").status, 403);
  token_ = "not-a-token";
  EXPECT_EQ(Get("/Contacts").status, 401);
  // Settings only: contacts are refused, reads of settings allowed with the .read scope.
  token_ = Connect("accounting.settings.read");
  EXPECT_EQ(Get("/Accounts").status, 200);
  const http::Response contacts = Get("/Contacts");
  EXPECT_EQ(contacts.status, 401);
  EXPECT_THAT(contacts.body, HasSubstr("AuthorizationUnsuccessful"));
  token_ = Connect("accounting.contacts.read");
  EXPECT_EQ(Get("/Contacts").status, 200);
  EXPECT_EQ(Get("/TaxRates").status, 401);
}

}  // namespace
}  // namespace xerosync::emulator

namespace xerosync::emulator {
namespace {

// Xero's limits on the accounting API (FACTS.md §2), as the emulator's answers show them.
TEST_F(AccountingReadTest, EveryAnswerShowsTheBudgetLeft) {
  const http::Response first = Get("/Organisation");
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(first.headers.Get("X-MinLimit-Remaining"), "59");
  EXPECT_EQ(first.headers.Get("X-DayLimit-Remaining"), "4999");
  EXPECT_EQ(first.headers.Get("X-AppMinLimit-Remaining"), "9999");
  EXPECT_EQ(Get("/Accounts").headers.Get("X-MinLimit-Remaining"), "58");
}

TEST_F(AccountingReadTest, TheSixtyFirstCallInAMinuteIs429UntilTheWindowResets) {
  for (int i = 0; i < 60; ++i) ASSERT_EQ(Get("/Currencies").status, 200) << i;
  clock_.Advance(std::chrono::seconds(15));
  const http::Response refused = Get("/Currencies");
  EXPECT_EQ(refused.status, 429);
  EXPECT_EQ(refused.headers.Get("X-Rate-Limit-Problem"), "minute");
  EXPECT_EQ(refused.headers.Get("Retry-After"), "45");
  // The other organisation has its own budget.
  EXPECT_EQ(Get("/Currencies", {}, std::string(kDemoUkTenantId)).status, 200);
  clock_.Advance(std::chrono::seconds(45));
  EXPECT_EQ(Get("/Currencies").status, 200);
}

TEST_F(AccountingReadTest, CallsRefusedForTheirTokenDoNotSpendTheBudget) {
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(Get("/Organisation", {}, "00000000-0000-4000-8000-000000000000").status, 403);
  }
  EXPECT_EQ(Get("/Organisation").headers.Get("X-MinLimit-Remaining"), "59");
}

TEST_F(AccountingReadTest, ASpentDayParksTheOrganisationForHours) {
  emulator_.rate_limits().SpendDay(kDemoNzTenantId, 5000);
  const http::Response refused = Get("/Organisation");
  EXPECT_EQ(refused.status, 429);
  EXPECT_EQ(refused.headers.Get("X-Rate-Limit-Problem"), "day");
  EXPECT_GT(std::stoll(std::string(refused.headers.Get("Retry-After").value_or("0"))), 3600);
}

}  // namespace
}  // namespace xerosync::emulator
