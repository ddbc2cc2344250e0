#pragma once
// LineItem: one line of an invoice, bill, credit note or bank transaction.
//
// Amounts are exact Decimals. Quantity and UnitAmount may carry up to 4 decimal places (Xero's
// unitdp=4); LineAmount, TaxAmount and DiscountAmount are money at 2 places. How the line amount
// and tax are derived is in domain/totals.h.

#include <optional>
#include <string>
#include <vector>

#include "core/decimal.h"
#include "domain/ids.h"
#include "domain/problems.h"

namespace xerosync::domain {

// A tracking category option on a line, by name or by id (Xero accepts either).
struct LineTracking {
  TrackingCategoryId category_id;
  TrackingOptionId option_id;
  std::optional<std::string> name;    // the category's name, e.g. "Region"
  std::optional<std::string> option;  // the option's name, e.g. "North"

  friend bool operator==(const LineTracking&, const LineTracking&) = default;
};

struct LineItem {
  static constexpr std::size_t kMaxTracking = 2;
  static constexpr std::size_t kMaxDescription = 4000;

  LineItemId id;  // Xero's id for the line, once it exists
  std::optional<std::string> description;
  std::optional<Decimal> quantity;     // >= 0
  std::optional<Decimal> unit_amount;  // may be negative (a discount line)
  std::optional<std::string> item_code;
  std::optional<std::string> account_code;
  AccountId account_id;
  std::optional<std::string> tax_type;
  // Set by Xero from the tax rate; a value sent with a request overrides the calculation.
  std::optional<Decimal> tax_amount;
  // Quantity × UnitAmount less discount, at 2 dp; may be given instead of Quantity and UnitAmount.
  std::optional<Decimal> line_amount;
  std::optional<Decimal> discount_rate;    // percent, 0 to 100; sales documents only
  std::optional<Decimal> discount_amount;  // sales documents only; not with discount_rate
  std::vector<LineTracking> tracking;      // at most 2

  // The line's own invariants (not those that depend on the document, e.g. discounts on bills).
  Problems Check() const;

  friend bool operator==(const LineItem&, const LineItem&) = default;
};

}  // namespace xerosync::domain
