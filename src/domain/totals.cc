#include "domain/totals.h"

#include <string>

namespace xerosync::domain {
namespace {

constexpr int kMoneyPlaces = 2;

Result<Decimal> LineTax(const LineItem& line, Decimal line_amount, LineAmountType type,
                        const TaxRateLookup& rates) {
  if (line.tax_amount) return *line.tax_amount;  // given: Xero keeps it
  if (type == LineAmountType::kNoTax || !line.tax_type || line.tax_type->empty()) {
    return Decimal();
  }
  ASSIGN_OR_RETURN(const Decimal rate, rates(*line.tax_type));
  if (type == LineAmountType::kExclusive) return line_amount.PercentOf(rate, kMoneyPlaces);
  ASSIGN_OR_RETURN(const Decimal hundred_plus_rate, Decimal::FromInt(100).Plus(rate));
  return Decimal::Ratio({line_amount, rate}, {hundred_plus_rate}, kMoneyPlaces);
}

}  // namespace

TaxRateLookup LookupIn(std::span<const TaxRate> rates) {
  return [rates](std::string_view tax_type) -> Result<Decimal> {
    for (const TaxRate& r : rates) {
      if (r.tax_type && *r.tax_type == tax_type) return r.Effective();
    }
    return NotFoundError("tax type '" + std::string(tax_type) +
                         "' is not one of the organisation's tax rates");
  };
}

Result<Decimal> ComputeLineAmount(const LineItem& line) {
  if (!line.quantity || !line.unit_amount) {
    return line.line_amount ? line.line_amount->Round(kMoneyPlaces) : Result<Decimal>(Decimal());
  }
  if (line.discount_rate) {
    ASSIGN_OR_RETURN(const Decimal remaining, Decimal::FromInt(100).Minus(*line.discount_rate));
    return Decimal::Ratio({*line.quantity, *line.unit_amount, remaining}, {Decimal::FromInt(100)},
                          kMoneyPlaces);
  }
  ASSIGN_OR_RETURN(const Decimal gross, line.quantity->Times(*line.unit_amount, kMoneyPlaces));
  if (line.discount_amount) return gross.Minus(*line.discount_amount);
  return gross;
}

Result<DocumentTotals> ComputeTotals(std::span<const LineItem> lines, LineAmountType type,
                                     const TaxRateLookup& rates) {
  DocumentTotals totals;
  totals.lines.reserve(lines.size());
  Decimal line_sum;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto context = "LineItems[" + std::to_string(i) + "]";
    Result<Decimal> amount = ComputeLineAmount(lines[i]);
    if (!amount.ok()) return amount.status().WithContext(context);
    Result<Decimal> tax = LineTax(lines[i], *amount, type, rates);
    if (!tax.ok()) return tax.status().WithContext(context);
    totals.lines.push_back({*amount, *tax});
    ASSIGN_OR_RETURN(line_sum, line_sum.Plus(*amount));
    ASSIGN_OR_RETURN(totals.total_tax, totals.total_tax.Plus(*tax));
  }
  if (type == LineAmountType::kInclusive) {
    ASSIGN_OR_RETURN(totals.sub_total, line_sum.Minus(totals.total_tax));
    totals.total = line_sum;
  } else {
    totals.sub_total = line_sum;
    ASSIGN_OR_RETURN(totals.total, line_sum.Plus(totals.total_tax));
  }
  return totals;
}

}  // namespace xerosync::domain
