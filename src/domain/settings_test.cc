#include "domain/settings.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace xerosync::domain {
namespace {

using ::testing::HasSubstr;

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

TaxComponent Component(std::string_view rate, bool compound) {
  TaxComponent c;
  c.name = compound ? "Compound" : "Simple";
  c.rate = D(rate);
  c.is_compound = compound;
  return c;
}

TEST(AccountTest, BankAccountsAcceptPayments) {
  Account bank;
  bank.type = AccountType::kBank;
  EXPECT_TRUE(bank.AcceptsPayments());
}

TEST(AccountTest, OtherAccountsAcceptPaymentsOnlyWhenEnabled) {
  Account expense;
  expense.type = AccountType::kExpense;
  EXPECT_FALSE(expense.AcceptsPayments());
  expense.enable_payments_to_account = false;
  EXPECT_FALSE(expense.AcceptsPayments());
  expense.enable_payments_to_account = true;
  EXPECT_TRUE(expense.AcceptsPayments());

  Account untyped;
  EXPECT_FALSE(untyped.AcceptsPayments());
}

TEST(AccountTest, ValidateNeedsNameAndTypeWithinLengths) {
  Account a;
  a.code = "200";
  a.name = "Sales";
  a.type = AccountType::kRevenue;
  EXPECT_TRUE(a.Validate().ok()) << a.Validate();

  a.code = std::string(11, '9');
  a.type.reset();
  const Status status = a.Validate();
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr("Code is longer than 10 characters"));
  EXPECT_THAT(status.message(), HasSubstr("Type is required"));
}

TEST(TaxRateTest, EffectiveIsXerosEffectiveRateWhenGiven) {
  TaxRate gst;
  gst.tax_type = "OUTPUT2";
  gst.effective_rate = D("15");
  gst.components = {Component("12.5", false)};  // stale components do not win
  Result<Decimal> rate = gst.Effective();
  ASSERT_TRUE(rate.ok()) << rate.status();
  EXPECT_EQ(*rate, D("15"));
}

TEST(TaxRateTest, SimpleComponentsAddUp) {
  // E.g. Canada's GST 5% and a provincial PST 7%: 12% in all.
  TaxRate rate;
  rate.components = {Component("5", false), Component("7", false)};
  Result<Decimal> effective = rate.Effective();
  ASSERT_TRUE(effective.ok()) << effective.status();
  EXPECT_EQ(*effective, D("12"));
}

TEST(TaxRateTest, CompoundComponentTaxesTheSimpleTaxToo) {
  // From a Xero community thread quoted in a developer discussion: "total tax rate of 10.00%
  // (effective rate is 10.24%) ... Component A is 6% and Component B is 4% ... flagged as
  // compound". 1.06 × 1.04 = 1.1024.
  TaxRate rate;
  rate.components = {Component("6", false), Component("4", true)};
  Result<Decimal> effective = rate.Effective();
  ASSERT_TRUE(effective.ok()) << effective.status();
  EXPECT_EQ(*effective, D("10.24"));
  EXPECT_NE(*effective, D("10"));

  // The order the components are listed in does not matter.
  rate.components = {Component("4", true), Component("6", false)};
  EXPECT_EQ(*rate.Effective(), D("10.24"));
}

TEST(TaxRateTest, NoComponentsIsZero) {
  TaxRate none;
  none.tax_type = "NONE";
  Result<Decimal> effective = none.Effective();
  ASSERT_TRUE(effective.ok()) << effective.status();
  EXPECT_TRUE(effective->is_zero());
}

TEST(TaxRateTest, ValidateRejectsNegativeComponents) {
  TaxRate rate;
  rate.name = "GST on Income";
  rate.components = {Component("15", false)};
  EXPECT_TRUE(rate.Validate().ok()) << rate.Validate();
  rate.components.push_back(Component("-1", false));
  EXPECT_THAT(rate.Validate().message(), HasSubstr("TaxComponents[1].Rate must not be negative"));
}

TEST(OrganisationTest, EffectiveLockDateIsTheLaterOfTheTwo) {
  Organisation org;
  EXPECT_FALSE(org.EffectiveLockDate().has_value());

  org.period_lock_date = Day("2026-01-31");
  EXPECT_EQ(org.EffectiveLockDate(), Day("2026-01-31"));

  org.end_of_year_lock_date = Day("2025-03-31");
  EXPECT_EQ(org.EffectiveLockDate(), Day("2026-01-31"));

  org.end_of_year_lock_date = Day("2026-03-31");
  EXPECT_EQ(org.EffectiveLockDate(), Day("2026-03-31"));

  org.period_lock_date.reset();
  EXPECT_EQ(org.EffectiveLockDate(), Day("2026-03-31"));
}

}  // namespace
}  // namespace xerosync::domain
