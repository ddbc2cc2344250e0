#include "domain/line_item.h"

namespace xerosync::domain {

Problems LineItem::Check() const {
  Problems p("line");
  p.MaxLength("Description", description, kMaxDescription);
  const bool has_description = description && !description->empty();
  const bool has_amounts = quantity || unit_amount || line_amount;
  if (!has_description && !has_amounts) {
    p.Add("", "needs a Description, or a Quantity and UnitAmount, or a LineAmount");
  }
  if (quantity && quantity->is_negative()) {
    p.Add("Quantity", "must not be less than zero (it is " + quantity->ToString(0) + ")");
  }
  if (line_amount && line_amount->places() > 2) {
    p.Add("LineAmount", "has more than 2 decimal places (" + line_amount->ToString() + ")");
  }
  if (tax_amount && tax_amount->places() > 2) {
    p.Add("TaxAmount", "has more than 2 decimal places (" + tax_amount->ToString() + ")");
  }
  if (discount_rate && (discount_rate->is_negative() || *discount_rate > Decimal::FromInt(100))) {
    p.Add("DiscountRate",
          "must be between 0 and 100 percent (it is " + discount_rate->ToString() + ")");
  }
  if (discount_rate && discount_amount) {
    p.Add("DiscountAmount", "cannot be given together with DiscountRate");
  }
  if (discount_amount && discount_amount->places() > 2) {
    p.Add("DiscountAmount", "has more than 2 decimal places");
  }
  if (tracking.size() > kMaxTracking) {
    p.Add("Tracking", "has " + std::to_string(tracking.size()) +
                          " categories; Xero allows at most 2 on a line");
  }
  for (std::size_t i = 0; i < tracking.size(); ++i) {
    const LineTracking& t = tracking[i];
    const bool by_name = t.name && t.option;
    const bool by_id = !t.category_id.empty() && !t.option_id.empty();
    if (!by_name && !by_id) {
      p.Add("Tracking[" + std::to_string(i) + "]",
            "needs a category Name and Option, or TrackingCategoryID and TrackingOptionID");
    }
  }
  if (!account_id.empty() && !IsGuid(account_id.value())) {
    p.Add("AccountID", "is not a Xero id (a GUID)");
  }
  return p;
}

}  // namespace xerosync::domain
