#include "domain/totals.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <vector>

namespace xerosync::domain {
namespace {

using ::testing::HasSubstr;

Decimal D(std::string_view text) {
  Result<Decimal> d = Decimal::Parse(text);
  EXPECT_TRUE(d.ok()) << d.status();
  return d.value_or(Decimal());
}

LineItem Line(std::string_view quantity, std::string_view unit_amount, std::string tax_type) {
  LineItem line;
  line.quantity = D(quantity);
  line.unit_amount = D(unit_amount);
  line.tax_type = std::move(tax_type);
  return line;
}

TaxRate Rate(std::string tax_type, std::string_view effective) {
  TaxRate r;
  r.tax_type = std::move(tax_type);
  r.effective_rate = D(effective);
  return r;
}

// An organisation's tax rates. OUTPUT2 and INPUT2 are NZ GST at 15% (the OpenAPI examples show 15%
// on both). TAX001 is not given a rate by the spec; see the BankTransactions test.
class TotalsTest : public ::testing::Test {
 protected:
  std::vector<TaxRate> rates_ = {Rate("OUTPUT2", "15"), Rate("INPUT2", "15"), Rate("NONE", "0"),
                                 Rate("TAX001", "9.5")};
  TaxRateLookup lookup_ = LookupIn(rates_);

  DocumentTotals Compute(const std::vector<LineItem>& lines, LineAmountType type) {
    Result<DocumentTotals> totals = ComputeTotals(lines, type, lookup_);
    EXPECT_TRUE(totals.ok()) << totals.status();
    return totals.value_or(DocumentTotals());
  }
};

// --- (a) "Rounding in Xero" ---------------------------------------------------------------------

TEST_F(TotalsTest, XeroRoundsTaxPerLineThenSums) {
  // developer.xero.com/documentation/api-guides/rounding-in-xero: three Exclusive lines at 15%.
  // Tax per line: 3.759 -> 3.76, 3.8415 -> 3.84, 3.8445 -> 3.84; summed 11.44.
  const DocumentTotals t = Compute(
      {Line("1", "25.06", "OUTPUT2"), Line("1", "25.61", "OUTPUT2"), Line("1", "25.63", "OUTPUT2")},
      LineAmountType::kExclusive);
  ASSERT_EQ(t.lines.size(), 3u);
  EXPECT_EQ(t.lines[0].tax_amount, D("3.76"));
  EXPECT_EQ(t.lines[1].tax_amount, D("3.84"));
  EXPECT_EQ(t.lines[2].tax_amount, D("3.84"));
  EXPECT_EQ(t.sub_total, D("76.30"));
  EXPECT_EQ(t.total_tax, D("11.44"));
  EXPECT_EQ(t.total, D("87.74"));
  // 15% of the subtotal 76.30 is 11.445 -> 11.45: what Xero does NOT do.
  EXPECT_NE(t.total_tax, D("11.45"));
}

// --- (b) Examples in Xero's OpenAPI spec (shared/xero/openapi/xero_accounting.yaml, v16.1.0) ---

TEST_F(TotalsTest, OpenApiQuoteWithDiscountRate) {
  // GET /Quotes response: Quantity 1.0000, UnitAmount 19.9500, DiscountRate 10.00, OUTPUT2 ->
  // LineAmount 17.96, TaxAmount 2.69; SubTotal 17.96, TotalTax 2.69, Total 20.65.
  // (19.95 × 0.9 = 17.955 -> 17.96; 17.96 × 15% = 2.694 -> 2.69.)
  LineItem line = Line("1.0000", "19.9500", "OUTPUT2");
  line.discount_rate = D("10.00");
  const DocumentTotals t = Compute({line}, LineAmountType::kExclusive);
  ASSERT_EQ(t.lines.size(), 1u);
  EXPECT_EQ(t.lines[0].line_amount, D("17.96"));
  EXPECT_EQ(t.lines[0].tax_amount, D("2.69"));
  EXPECT_EQ(t.sub_total, D("17.96"));
  EXPECT_EQ(t.total_tax, D("2.69"));
  EXPECT_EQ(t.total, D("20.65"));
}

TEST_F(TotalsTest, OpenApiPurchaseOrderWithDiscountRate) {
  // GET /PurchaseOrders/{PurchaseOrderID}: 1 × 2500.0000 less 10.00%, INPUT2 -> LineAmount 2250.00,
  // TaxAmount 337.50; SubTotal 2250.00, TotalTax 337.50, Total 2587.50.
  LineItem line = Line("1.0000", "2500.0000", "INPUT2");
  line.discount_rate = D("10.00");
  const DocumentTotals t = Compute({line}, LineAmountType::kExclusive);
  ASSERT_EQ(t.lines.size(), 1u);
  EXPECT_EQ(t.lines[0].line_amount, D("2250.00"));
  EXPECT_EQ(t.lines[0].tax_amount, D("337.50"));
  EXPECT_EQ(t.sub_total, D("2250.00"));
  EXPECT_EQ(t.total_tax, D("337.50"));
  EXPECT_EQ(t.total, D("2587.50"));
}

TEST_F(TotalsTest, OpenApiCreditNote) {
  // PUT /CreditNotes response: 2.0000 × 20.00 Exclusive, INPUT2 -> LineAmount 40.00, TaxAmount
  // 6.00; SubTotal 40.00, TotalTax 6.00, Total 46.00.
  const DocumentTotals t = Compute({Line("2.0000", "20.00", "INPUT2")}, LineAmountType::kExclusive);
  ASSERT_EQ(t.lines.size(), 1u);
  EXPECT_EQ(t.lines[0].line_amount, D("40.00"));
  EXPECT_EQ(t.lines[0].tax_amount, D("6.00"));
  EXPECT_EQ(t.sub_total, D("40.00"));
  EXPECT_EQ(t.total_tax, D("6.00"));
  EXPECT_EQ(t.total, D("46.00"));
}

TEST_F(TotalsTest, OpenApiInvoiceUpdate) {
  // POST /Invoices/{InvoiceID} response: 1.0000 × 500.00 Exclusive, OUTPUT2 -> TaxAmount 75.00;
  // SubTotal 500.00, TotalTax 75.00, Total 575.00.
  const DocumentTotals t =
      Compute({Line("1.0000", "500.00", "OUTPUT2")}, LineAmountType::kExclusive);
  ASSERT_EQ(t.lines.size(), 1u);
  EXPECT_EQ(t.lines[0].tax_amount, D("75.00"));
  EXPECT_EQ(t.sub_total, D("500.00"));
  EXPECT_EQ(t.total_tax, D("75.00"));
  EXPECT_EQ(t.total, D("575.00"));
}

TEST_F(TotalsTest, OpenApiInvoiceWithTaxTypeNone) {
  // PUT /Invoices response: 2.0000 × 20.00 Exclusive, TaxType NONE -> LineAmount 40.00, TaxAmount
  // 0.00; SubTotal 40.00, TotalTax 0.00, Total 40.00.
  const DocumentTotals t = Compute({Line("2.0000", "20.00", "NONE")}, LineAmountType::kExclusive);
  ASSERT_EQ(t.lines.size(), 1u);
  EXPECT_EQ(t.lines[0].line_amount, D("40.00"));
  EXPECT_EQ(t.lines[0].tax_amount, D("0.00"));
  EXPECT_EQ(t.sub_total, D("40.00"));
  EXPECT_EQ(t.total_tax, D("0.00"));
  EXPECT_EQ(t.total, D("40.00"));
}

TEST_F(TotalsTest, OpenApiInclusiveBankTransaction) {
  // PUT /BankTransactions response: Inclusive, 1.0000 × 20.00, TaxType TAX001 -> TaxAmount 1.74,
  // LineAmount 20.00; SubTotal 18.26, TotalTax 1.74, Total 20.00. The spec does not give TAX001's
  // rate; 9.5% reproduces it (20 × 9.5 / 109.5 = 1.7351 -> 1.74), so the fixture uses 9.5.
  const DocumentTotals t = Compute({Line("1.0000", "20.00", "TAX001")}, LineAmountType::kInclusive);
  ASSERT_EQ(t.lines.size(), 1u);
  EXPECT_EQ(t.lines[0].line_amount, D("20.00"));
  EXPECT_EQ(t.lines[0].tax_amount, D("1.74"));
  EXPECT_EQ(t.sub_total, D("18.26"));
  EXPECT_EQ(t.total_tax, D("1.74"));
  EXPECT_EQ(t.total, D("20.00"));
}

// --- (c) Inclusive and NoTax ---------------------------------------------------------------------

TEST_F(TotalsTest, InclusiveGstIsTheTaxInsideTheAmount) {
  // NZ GST at 15%, tax inclusive: 115.00 holds 115 × 15 / 115 = 15.00 of GST on 100.00.
  const DocumentTotals t = Compute({Line("1", "115.00", "OUTPUT2")}, LineAmountType::kInclusive);
  ASSERT_EQ(t.lines.size(), 1u);
  EXPECT_EQ(t.lines[0].line_amount, D("115.00"));
  EXPECT_EQ(t.lines[0].tax_amount, D("15.00"));
  EXPECT_EQ(t.sub_total, D("100.00"));
  EXPECT_EQ(t.total_tax, D("15.00"));
  EXPECT_EQ(t.total, D("115.00"));
}

TEST_F(TotalsTest, InclusiveTotalIsTheSumOfTheLineAmounts) {
  // Amounts chosen so that every line's tax needs rounding: 19.99 -> 2.6074 -> 2.61,
  // 3 × 7.33 = 21.99 -> 2.8683 -> 2.87, 0.5 × 45.01 = 22.505 -> 22.51 -> 2.9361 -> 2.94.
  const DocumentTotals t = Compute({Line("1", "19.99", "OUTPUT2"), Line("3", "7.33", "OUTPUT2"),
                                    Line("0.5", "45.01", "OUTPUT2")},
                                   LineAmountType::kInclusive);
  ASSERT_EQ(t.lines.size(), 3u);
  EXPECT_EQ(t.lines[0].tax_amount, D("2.61"));
  EXPECT_EQ(t.lines[1].tax_amount, D("2.87"));
  EXPECT_EQ(t.lines[2].line_amount, D("22.51"));
  EXPECT_EQ(t.lines[2].tax_amount, D("2.94"));
  EXPECT_EQ(t.total, D("64.49"));  // 19.99 + 21.99 + 22.51
  EXPECT_EQ(t.total_tax, D("8.42"));
  EXPECT_EQ(t.sub_total, D("56.07"));
  EXPECT_EQ(*t.sub_total.Plus(t.total_tax), t.total);
}

TEST_F(TotalsTest, NoTaxMeansNoTaxEvenWithATaxType) {
  const DocumentTotals t = Compute({Line("2", "20.00", "OUTPUT2")}, LineAmountType::kNoTax);
  ASSERT_EQ(t.lines.size(), 1u);
  EXPECT_TRUE(t.lines[0].tax_amount.is_zero());
  EXPECT_EQ(t.sub_total, D("40.00"));
  EXPECT_TRUE(t.total_tax.is_zero());
  EXPECT_EQ(t.total, D("40.00"));
}

TEST_F(TotalsTest, ALineWithoutTaxTypeIsTaxedAtZero) {
  LineItem line = Line("2", "20.00", "");
  line.tax_type.reset();
  const DocumentTotals t =
      Compute({line, Line("1", "10.00", "OUTPUT2")}, LineAmountType::kExclusive);
  ASSERT_EQ(t.lines.size(), 2u);
  EXPECT_TRUE(t.lines[0].tax_amount.is_zero());
  EXPECT_EQ(t.total_tax, D("1.50"));
  EXPECT_EQ(t.total, D("51.50"));
}

// --- (d) Behaviours ------------------------------------------------------------------------------

TEST_F(TotalsTest, AGivenTaxAmountOverridesTheCalculation) {
  LineItem line = Line("1", "100.00", "OUTPUT2");
  line.tax_amount = D("14.99");
  const DocumentTotals t = Compute({line}, LineAmountType::kExclusive);
  ASSERT_EQ(t.lines.size(), 1u);
  EXPECT_EQ(t.lines[0].tax_amount, D("14.99"));
  EXPECT_EQ(t.total_tax, D("14.99"));
  EXPECT_EQ(t.total, D("114.99"));
}

TEST_F(TotalsTest, ADescriptionOnlyLineContributesNothing) {
  LineItem note;
  note.description = "Delivered 3 March";
  const DocumentTotals t =
      Compute({Line("1", "10.00", "OUTPUT2"), note}, LineAmountType::kExclusive);
  ASSERT_EQ(t.lines.size(), 2u);
  EXPECT_TRUE(t.lines[1].line_amount.is_zero());
  EXPECT_TRUE(t.lines[1].tax_amount.is_zero());
  EXPECT_EQ(t.total, D("11.50"));
}

TEST_F(TotalsTest, LineAmountIsUsedWhenQuantityOrUnitAmountIsAbsent) {
  LineItem by_amount;
  by_amount.line_amount = D("40.00");
  by_amount.tax_type = "OUTPUT2";
  EXPECT_EQ(*ComputeLineAmount(by_amount), D("40.00"));

  LineItem with_quantity_only = by_amount;
  with_quantity_only.quantity = D("3");
  EXPECT_EQ(*ComputeLineAmount(with_quantity_only), D("40.00"));

  const DocumentTotals t = Compute({by_amount}, LineAmountType::kExclusive);
  EXPECT_EQ(t.total_tax, D("6.00"));
  EXPECT_EQ(t.total, D("46.00"));
}

TEST_F(TotalsTest, QuantityAndUnitAmountWinOverAGivenLineAmount) {
  LineItem line = Line("2", "20.00", "OUTPUT2");
  line.line_amount = D("39.00");  // stale: Xero recomputes it
  EXPECT_EQ(*ComputeLineAmount(line), D("40.00"));
}

TEST_F(TotalsTest, DiscountAmountIsSubtracted) {
  LineItem line = Line("3", "10.00", "OUTPUT2");
  line.discount_amount = D("5.00");
  EXPECT_EQ(*ComputeLineAmount(line), D("25.00"));
  const DocumentTotals t = Compute({line}, LineAmountType::kExclusive);
  EXPECT_EQ(t.total_tax, D("3.75"));
  EXPECT_EQ(t.total, D("28.75"));
}

TEST_F(TotalsTest, UnitAmountsWithFourPlacesRoundOnceToCents) {
  // 3 × 0.3333 = 0.9999 -> 1.00 (rounding each unit first would give 0.99).
  EXPECT_EQ(*ComputeLineAmount(Line("3", "0.3333", "NONE")), D("1.00"));
}

TEST_F(TotalsTest, UnknownTaxTypeIsNotFoundNamingTheLine) {
  Result<DocumentTotals> t = ComputeTotals(
      std::vector<LineItem>{Line("1", "10.00", "OUTPUT2"), Line("1", "10.00", "GST15")},
      LineAmountType::kExclusive, lookup_);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), StatusCode::kNotFound);
  EXPECT_THAT(t.status().message(), HasSubstr("LineItems[1]"));
  EXPECT_THAT(t.status().message(), HasSubstr("GST15"));
}

TEST_F(TotalsTest, OverflowIsOutOfRangeNeverAWrongNumber) {
  // 900,000,000,000 × 900,000,000,000 = 8.1e23, far past the ±9.2e14 a Decimal holds.
  Result<DocumentTotals> t =
      ComputeTotals(std::vector<LineItem>{Line("900000000000", "900000000000", "OUTPUT2")},
                    LineAmountType::kExclusive, lookup_);
  ASSERT_FALSE(t.ok()) << "computed " << t->total;
  EXPECT_EQ(t.status().code(), StatusCode::kOutOfRange);
  EXPECT_THAT(t.status().message(), HasSubstr("LineItems[0]"));
}

TEST_F(TotalsTest, OverflowInTheSumIsOutOfRange) {
  // Each line fits; their sum does not.
  const LineItem big = Line("1", "900000000000000", "NONE");
  Result<DocumentTotals> t =
      ComputeTotals(std::vector<LineItem>{big, big}, LineAmountType::kExclusive, lookup_);
  ASSERT_FALSE(t.ok()) << "computed " << t->total;
  EXPECT_EQ(t.status().code(), StatusCode::kOutOfRange);
}

TEST_F(TotalsTest, HalfCentsRoundAwayFromZero) {
  // A credit line: 0.5 × −0.01 = −0.005, which rounds to −0.01 (not to 0.00, as rounding half up
  // or half even would).
  EXPECT_EQ(*ComputeLineAmount(Line("0.5", "-0.01", "NONE")), D("-0.01"));
  EXPECT_EQ(*ComputeLineAmount(Line("0.5", "0.01", "NONE")), D("0.01"));

  // Tax on an exact half cent rounds away from zero too: 15% of 0.30 is 0.045 -> 0.05 (half even
  // would give 0.04), and 15% of −0.10 is −0.015 -> −0.02.
  const DocumentTotals half = Compute({Line("1", "0.30", "OUTPUT2")}, LineAmountType::kExclusive);
  ASSERT_EQ(half.lines.size(), 1u);
  EXPECT_EQ(half.lines[0].tax_amount, D("0.05"));

  const DocumentTotals t = Compute({Line("1", "-0.10", "OUTPUT2")}, LineAmountType::kExclusive);
  ASSERT_EQ(t.lines.size(), 1u);
  EXPECT_EQ(t.lines[0].tax_amount, D("-0.02"));
  EXPECT_EQ(t.total, D("-0.12"));
}

TEST_F(TotalsTest, NoLinesIsZero) {
  const DocumentTotals t = Compute({}, LineAmountType::kExclusive);
  EXPECT_TRUE(t.lines.empty());
  EXPECT_TRUE(t.sub_total.is_zero());
  EXPECT_TRUE(t.total_tax.is_zero());
  EXPECT_TRUE(t.total.is_zero());
}

// --- (e) LookupIn --------------------------------------------------------------------------------

TEST(LookupInTest, FindsByTaxTypeUsingTheEffectiveRate) {
  TaxRate gst = Rate("OUTPUT2", "15");
  TaxRate compound;  // no EffectiveRate: computed from the components, 6% then 4% compound
  compound.tax_type = "TAX002";
  TaxComponent a, b;
  a.rate = D("6");
  b.rate = D("4");
  b.is_compound = true;
  compound.components = {a, b};
  const std::vector<TaxRate> rates = {gst, compound};
  const TaxRateLookup lookup = LookupIn(rates);

  Result<Decimal> r = lookup("OUTPUT2");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(*r, D("15"));

  r = lookup("TAX002");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(*r, D("10.24"));

  r = lookup("INPUT2");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_THAT(r.status().message(), HasSubstr("INPUT2"));
}

TEST(LookupInTest, CompoundRateFeedsTheTotals) {
  TaxRate compound;
  compound.tax_type = "TAX002";
  TaxComponent a, b;
  a.rate = D("6");
  b.rate = D("4");
  b.is_compound = true;
  compound.components = {a, b};
  const std::vector<TaxRate> rates = {compound};
  // 100.00 at 10.24% -> 10.24 of tax.
  Result<DocumentTotals> t = ComputeTotals(std::vector<LineItem>{Line("1", "100.00", "TAX002")},
                                           LineAmountType::kExclusive, LookupIn(rates));
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->total_tax, D("10.24"));
  EXPECT_EQ(t->total, D("110.24"));
}

}  // namespace
}  // namespace xerosync::domain
