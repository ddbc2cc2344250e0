// Line items against the NZ demo organisation: Xero's figures and rounding, and each message.
#include "emulator/line_items.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "emulator/demo_data.h"

namespace xerosync::emulator {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

Decimal D(std::string_view text) { return Decimal::Parse(text).value(); }

class LineItemsTest : public ::testing::Test {
 protected:
  ReadLines Read(std::string_view lines_json, const LineRules& rules = Sales()) {
    const Json lines = Json::Parse(lines_json).value();
    return ReadLineItems(state_, &lines, rules, existing_, random_);
  }
  static LineRules Sales() {
    LineRules rules;
    rules.document_type = "ACCREC";
    rules.allow_discounts = true;
    return rules;
  }

  OrgState state_ = DemoNzOrganisation();
  std::vector<LineItem> existing_;
  RandomSource random_{7};
};

TEST_F(LineItemsTest, ExclusiveLinesTakeTheAccountsTaxAndSumRoundedLineFigures) {
  const ReadLines read = Read(R"([
      {"Description":"Widgets","Quantity":3,"UnitAmount":10.01,"AccountCode":"200"},
      {"description":"Gadgets","quantity":"1.5","unitamount":3.33,"accountcode":"200"}])");
  ASSERT_THAT(read.errors, IsEmpty());
  ASSERT_EQ(read.lines.size(), 2u);
  EXPECT_EQ(read.lines[0].line_amount, D("30.03"));
  EXPECT_EQ(read.lines[0].tax_type, "OUTPUT2");
  EXPECT_EQ(read.lines[0].tax_amount, D("4.50"));  // 4.5045
  EXPECT_EQ(read.lines[0].account_id, DemoAccountId(1, "200"));
  EXPECT_EQ(read.lines[1].line_amount, D("5.00"));  // 4.995 rounds half away from zero
  EXPECT_EQ(read.lines[1].tax_amount, D("0.75"));
  EXPECT_EQ(read.totals.sub_total, D("35.03"));
  EXPECT_EQ(read.totals.total_tax, D("5.25"));
  EXPECT_EQ(read.totals.total, D("40.28"));
  EXPECT_FALSE(read.lines[0].line_item_id.empty());
  EXPECT_NE(read.lines[0].line_item_id, read.lines[1].line_item_id);
}

// Xero's own worked examples: "Rounding in Xero" (developer.xero.com/documentation/api-guides/
// rounding-in-xero) and the spec's GET /Quotes example.
TEST_F(LineItemsTest, XerosWorkedRoundingExamples) {
  const ReadLines rounding = Read(R"([{"Quantity":1,"UnitAmount":25.06,"AccountCode":"200"},
                                      {"Quantity":1,"UnitAmount":25.61,"AccountCode":"200"},
                                      {"Quantity":1,"UnitAmount":25.63,"AccountCode":"200"}])");
  EXPECT_EQ(rounding.totals.total_tax, D("11.44"));  // not 11.45, the tax of the subtotal
  EXPECT_EQ(rounding.totals.total, D("87.74"));
  const ReadLines quote =
      Read(R"([{"Quantity":1,"UnitAmount":19.95,"DiscountRate":10,"AccountCode":"200"}])");
  EXPECT_EQ(quote.lines[0].line_amount, D("17.96"));
  EXPECT_EQ(quote.totals.total_tax, D("2.69"));
  EXPECT_EQ(quote.totals.total, D("20.65"));
}

TEST_F(LineItemsTest, InclusiveTaxIsTheRatesShareOfTheLine) {
  LineRules rules = Sales();
  rules.line_amount_types = "Inclusive";
  const ReadLines read = Read(R"([{"Quantity":1,"UnitAmount":100,"AccountCode":"200"},
               {"Quantity":1,"UnitAmount":10.01,"AccountCode":"200"}])",
                              rules);
  ASSERT_THAT(read.errors, IsEmpty());
  EXPECT_EQ(read.lines[0].tax_amount, D("13.04"));  // 100 × 15/115 = 13.0434…
  EXPECT_EQ(read.lines[1].tax_amount, D("1.31"));   // 10.01 × 15/115 = 1.3056…
  EXPECT_EQ(read.totals.total, D("110.01"));
  EXPECT_EQ(read.totals.total_tax, D("14.35"));
  EXPECT_EQ(read.totals.sub_total, D("95.66"));
}

TEST_F(LineItemsTest, NoTaxLinesCarryNoTax) {
  LineRules rules = Sales();
  rules.line_amount_types = "NoTax";
  const ReadLines read =
      Read(R"([{"Quantity":2,"UnitAmount":50,"AccountCode":"200","TaxAmount":3}])", rules);
  EXPECT_EQ(read.lines[0].tax_amount, Decimal());
  EXPECT_EQ(read.totals.total, D("100"));
}

TEST_F(LineItemsTest, DiscountRateAndAmountReduceTheLineOnSalesOnly) {
  const ReadLines read = Read(R"([
      {"Quantity":3,"UnitAmount":9.99,"DiscountRate":12.5,"AccountCode":"200"},
      {"Quantity":1,"UnitAmount":100,"DiscountAmount":15.5,"AccountCode":"200"}])");
  ASSERT_THAT(read.errors, IsEmpty());
  EXPECT_EQ(read.lines[0].line_amount, D("26.22"));  // 29.97 × 0.875 = 26.22375
  EXPECT_EQ(read.lines[0].discount_rate, D("12.5"));
  EXPECT_EQ(read.lines[1].line_amount, D("84.50"));

  LineRules bills;
  bills.document_type = "ACCPAY";
  const ReadLines bill =
      Read(R"([{"Quantity":3,"UnitAmount":9.99,"DiscountRate":12.5,"AccountCode":"429"}])", bills);
  EXPECT_EQ(bill.lines[0].line_amount, D("29.97"));
  EXPECT_FALSE(bill.lines[0].discount_rate.has_value());
}

TEST_F(LineItemsTest, GivenTaxAmountOverridesTheComputedOne) {
  const ReadLines read =
      Read(R"([{"Quantity":1,"UnitAmount":100,"AccountCode":"200","TaxAmount":14.99}])");
  EXPECT_EQ(read.lines[0].tax_amount, D("14.99"));
  EXPECT_EQ(read.totals.total, D("114.99"));
}

TEST_F(LineItemsTest, UnitAmountIsRoundedToTwoPlacesUnlessUnitdp4) {
  const ReadLines two = Read(R"([{"Quantity":1,"UnitAmount":1.23456789,"AccountCode":"200"}])");
  EXPECT_EQ(two.lines[0].unit_amount, D("1.23"));
  LineRules rules = Sales();
  rules.unit_dp4 = true;
  const ReadLines four =
      Read(R"([{"Quantity":4,"UnitAmount":1.23456789,"AccountCode":"200"}])", rules);
  EXPECT_EQ(four.lines[0].unit_amount, D("1.2346"));
  EXPECT_EQ(four.lines[0].line_amount, D("4.94"));  // 4.9384
}

TEST_F(LineItemsTest, DescriptionOnlyLinesAndLineAmountOnlyLines) {
  const ReadLines read = Read(R"([{"Description":"Thank you"},
                                  {"Description":"Fee","LineAmount":20,"AccountCode":"200"}])");
  ASSERT_THAT(read.errors, IsEmpty());
  EXPECT_FALSE(read.lines[0].quantity.has_value());
  EXPECT_EQ(read.lines[0].line_amount, Decimal());
  EXPECT_EQ(read.lines[1].quantity, D("1"));
  EXPECT_EQ(read.lines[1].unit_amount, D("20"));
  EXPECT_EQ(read.totals.total, D("23"));
}

TEST_F(LineItemsTest, AccountIdAndTrackingByNameOrId) {
  const std::string account = DemoAccountId(1, "260");
  const ReadLines read = Read(R"([{"Quantity":1,"UnitAmount":5,"AccountID":")" + account +
                              R"(","Tracking":[{"Name":"region","Option":"south"},
                                  {"TrackingCategoryID":"7c000001-0000-4000-8000-000000000002",
                                   "TrackingOptionID":"70000001-0000-4000-8000-000000000021"},
                                  {"Name":"Region","Option":"North"}]}])");
  ASSERT_THAT(read.errors, IsEmpty());
  EXPECT_EQ(read.lines[0].account_code, "260");
  ASSERT_EQ(read.lines[0].tracking.size(), 2u);
  EXPECT_EQ(read.lines[0].tracking[0].name, "Region");
  EXPECT_EQ(read.lines[0].tracking[0].option, "South");
  EXPECT_EQ(read.lines[0].tracking[1].name, "Department");
  EXPECT_EQ(read.lines[0].tracking[1].option, "Sales");
}

TEST_F(LineItemsTest, ExistingLineItemIdsAreKept) {
  LineItem old;
  old.line_item_id = "11111111-2222-4333-8444-555555555555";
  existing_.push_back(old);
  const ReadLines read = Read(
      R"([{"LineItemID":"11111111-2222-4333-8444-555555555555","Quantity":1,"UnitAmount":1}])");
  EXPECT_EQ(read.lines[0].line_item_id, "11111111-2222-4333-8444-555555555555");
}

TEST_F(LineItemsTest, UnknownOrUnusableAccountCodeIsNotValidForTheDocument) {
  EXPECT_THAT(Read(R"([{"Quantity":1,"UnitAmount":1,"AccountCode":"999"}])").errors,
              ElementsAre("Account code '999' is not a valid code for this document."));
  EXPECT_THAT(Read(R"([{"Quantity":1,"UnitAmount":1,"AccountCode":"090"}])").errors,
              ElementsAre("Account code '090' is not a valid code for this document."));
  EXPECT_THAT(Read(R"([{"Quantity":1,"UnitAmount":1,"AccountCode":"610"}])").errors,
              ElementsAre("Account code '610' is not a valid code for this document."));
}

TEST_F(LineItemsTest, ArchivedAccount) {
  for (Account& a : state_.accounts) {
    if (a.code == "260") a.status = "ARCHIVED";
  }
  EXPECT_THAT(Read(R"([{"Quantity":1,"UnitAmount":1,"AccountCode":"260"}])").errors,
              ElementsAre("Account code '260' has been archived, or has been deleted. Each line "
                          "item must reference a valid account."));
}

TEST_F(LineItemsTest, UnknownAccountIdIsAccountMustBeValid) {
  EXPECT_THAT(
      Read(R"([{"Quantity":1,"UnitAmount":1,"AccountID":"00000000-0000-0000-0000-000000000001"}])")
          .errors,
      ElementsAre("Account must be valid."));
}

TEST_F(LineItemsTest, UnreadableTaxTypeIsTaxRateMustBeValid) {
  EXPECT_THAT(Read(R"([{"Quantity":1,"UnitAmount":1,"AccountCode":"200","TaxType":15}])").errors,
              ElementsAre("Tax rate must be valid."));
  EXPECT_THAT(Read(R"([{"Quantity":1,"UnitAmount":1,"AccountCode":"200","TaxType":"  "}])").errors,
              ElementsAre("Tax rate must be valid."));
}

TEST_F(LineItemsTest, AccountCodeIsRequiredOnlyWhenPosting) {
  const char* lines = R"([{"Description":"x","Quantity":1,"UnitAmount":1},{"Description":"note"}])";
  EXPECT_THAT(Read(lines).errors, IsEmpty());
  LineRules rules = Sales();
  rules.require_account = true;
  EXPECT_THAT(Read(lines, rules).errors, ElementsAre("Account code must be specified"));
}

TEST_F(LineItemsTest, PostingLinesNeedATaxType) {
  for (Account& a : state_.accounts) {
    if (a.code == "260") a.tax_type.clear();
  }
  const char* lines = R"([{"Quantity":1,"UnitAmount":1,"AccountCode":"260"}])";
  EXPECT_THAT(Read(lines).errors, IsEmpty());
  LineRules rules = Sales();
  rules.require_account = true;
  EXPECT_THAT(Read(lines, rules).errors, ElementsAre("The TaxType field is mandatory"));
  EXPECT_THAT(
      Read(R"([{"Quantity":1,"UnitAmount":1,"AccountCode":"260","TaxType":"NONE"}])", rules).errors,
      IsEmpty());
}

TEST_F(LineItemsTest, UnknownOrInactiveTaxType) {
  EXPECT_THAT(Read(R"([{"Quantity":1,"UnitAmount":1,"TaxType":"GST on Income"}])").errors,
              ElementsAre("The TaxType code GST on Income does not exist or cannot be used for "
                          "this type of transaction."));
  for (TaxRate& t : state_.tax_rates) {
    if (t.tax_type == "ZERORATED") t.status = "DELETED";
  }
  EXPECT_THAT(
      Read(R"([{"Quantity":1,"UnitAmount":1,"AccountCode":"200","TaxType":"ZERORATED"}])").errors,
      ElementsAre("The TaxType code ZERORATED does not exist or cannot be used for this type of "
                  "transaction.",
                  "The TaxType code 'ZERORATED' cannot be used with account code '200'."));
}

TEST_F(LineItemsTest, TaxTypeMustSuitTheAccountsClass) {
  EXPECT_THAT(
      Read(R"([{"Quantity":1,"UnitAmount":1,"AccountCode":"200","TaxType":"INPUT2"}])").errors,
      ElementsAre("The TaxType code 'INPUT2' cannot be used with account code '200'."));
}

TEST_F(LineItemsTest, NegativeQuantityAndNegativeTotal) {
  EXPECT_THAT(Read(R"([{"Quantity":-2,"UnitAmount":1,"AccountCode":"200"}])").errors,
              ElementsAre("The quantity value '-2.0000' is invalid. Quantity must not be less "
                          "than zero.",
                          "The Total for this document must be greater than or equal to zero."));
  EXPECT_THAT(Read(R"([{"Quantity":1,"UnitAmount":10,"AccountCode":"200"},
                       {"Quantity":1,"UnitAmount":-10.5,"AccountCode":"200"}])")
                  .errors,
              ElementsAre("The Total for this document must be greater than or equal to zero."));
}

TEST_F(LineItemsTest, EachLinesProblemsAreReportedInLineOrder) {
  EXPECT_THAT(Read(R"([{"Quantity":1,"UnitAmount":1,"AccountCode":"998"},
                       {"Quantity":1,"UnitAmount":1,"AccountCode":"999"}])")
                  .errors,
              ElementsAre("Account code '998' is not a valid code for this document.",
                          "Account code '999' is not a valid code for this document."));
}

TEST_F(LineItemsTest, RendersAsXero) {
  const ReadLines read = Read(
      R"([{"Description":"W","Quantity":2,"UnitAmount":20,"AccountCode":"200",
           "Tracking":[{"Name":"Region","Option":"North"}]}])");
  const Json json = LineItemJson(read.lines[0]);
  EXPECT_EQ(json.Find("Quantity")->NumberText(), "2.0000");
  EXPECT_EQ(json.Find("UnitAmount")->NumberText(), "20.00");
  EXPECT_EQ(json.Find("LineAmount")->NumberText(), "40.00");
  EXPECT_EQ(json.Find("TaxAmount")->NumberText(), "6.00");
  EXPECT_EQ(json.Find("AccountCode")->AsString(), "200");
  EXPECT_EQ(json.Find("AccountID")->AsString(), DemoAccountId(1, "200"));
  EXPECT_EQ(json.Find("TaxType")->AsString(), "OUTPUT2");
  EXPECT_EQ(json.Find("LineItemID")->AsString(), read.lines[0].line_item_id);
  EXPECT_EQ(json.Find("Tracking")->AsArray()[0].Find("Option")->AsString(), "North");
  EXPECT_TRUE(json.Find("ValidationErrors")->AsArray().empty());
  LineItem four = read.lines[0];
  four.unit_amount = D("1.2345");
  EXPECT_EQ(LineItemJson(four, /*unit_dp4=*/true).Find("UnitAmount")->NumberText(), "1.2345");
  EXPECT_EQ(LineItemJson(four).Find("UnitAmount")->NumberText(), "1.23");
}

TEST_F(LineItemsTest, LineAmountTypesInAnyCase) {
  EXPECT_EQ(ParseLineAmountTypes("inclusive"), "Inclusive");
  EXPECT_EQ(ParseLineAmountTypes("NOTAX"), "NoTax");
  EXPECT_EQ(ParseLineAmountTypes(""), "Exclusive");
  EXPECT_EQ(ParseLineAmountTypes("Gross"), std::nullopt);
}

}  // namespace
}  // namespace xerosync::emulator
