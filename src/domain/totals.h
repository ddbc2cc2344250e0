#pragma once
// Document totals computed as Xero computes them.
//
// Per line (Xero's LineItem docs and "Rounding in Xero",
// developer.xero.com/documentation/api-guides/rounding-in-xero):
//   LineAmount = Quantity × UnitAmount × (100 − DiscountRate) / 100, or less DiscountAmount,
//                rounded to 2 dp; or the LineAmount given when Quantity or UnitAmount is absent;
//                0 for a description-only line.
//   TaxAmount  = Exclusive: LineAmount × rate / 100
//                Inclusive: LineAmount × rate / (100 + rate)   (the tax inside the amount)
//                NoTax:     0
//                rounded to 2 dp per line; a TaxAmount given on the line overrides the calculation.
// Per document: TotalTax = Σ line taxes (tax is rounded per line, then summed — never computed on
// the subtotal); SubTotal = Σ LineAmount (Exclusive, NoTax) or Σ (LineAmount − TaxAmount)
// (Inclusive); Total = SubTotal + TotalTax.
// All rounding is half away from zero. Amounts are exact Decimals; nothing is floating point.

#include <functional>
#include <span>
#include <string_view>
#include <vector>

#include "core/decimal.h"
#include "core/result.h"
#include "domain/enums.h"
#include "domain/line_item.h"
#include "domain/settings.h"

namespace xerosync::domain {

struct LineTotals {
  Decimal line_amount;
  Decimal tax_amount;
  friend bool operator==(const LineTotals&, const LineTotals&) = default;
};

struct DocumentTotals {
  std::vector<LineTotals> lines;
  Decimal sub_total;
  Decimal total_tax;
  Decimal total;
  friend bool operator==(const DocumentTotals&, const DocumentTotals&) = default;
};

// The percentage rate of a tax type ("OUTPUT2" -> 15), or kNotFound naming it.
using TaxRateLookup = std::function<Result<Decimal>(std::string_view tax_type)>;

// A lookup over the organisation's tax rates (by TaxType, using TaxRate::Effective()).
// The lookup refers to `rates`, which must outlive it.
TaxRateLookup LookupIn(std::span<const TaxRate> rates);

// The line amount of one line, before tax. kOutOfRange on overflow.
Result<Decimal> ComputeLineAmount(const LineItem& line);

// Totals of a document with these lines. A line without a TaxType (or with a TaxType of a zero
// rate) is taxed at 0. kNotFound when a line's TaxType is unknown to `rates`; kOutOfRange on
// overflow.
Result<DocumentTotals> ComputeTotals(std::span<const LineItem> lines, LineAmountType type,
                                     const TaxRateLookup& rates);

}  // namespace xerosync::domain
