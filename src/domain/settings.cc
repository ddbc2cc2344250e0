#include "domain/settings.h"

#include "domain/problems.h"

namespace xerosync::domain {

Status Account::Validate() const {
  Problems p(code ? "account " + *code : name ? "account '" + *name + "'" : "account");
  p.MaxLength("Code", code, 10);
  p.MaxLength("Name", name, 150);
  p.MaxLength("Description", description, 4000);
  if (!name || name->empty()) p.Add("Name", "is required");
  if (!type) p.Add("Type", "is required");
  return p.ToStatus();
}

Result<Decimal> TaxRate::Effective() const {
  if (effective_rate) return *effective_rate;
  Decimal simple;
  for (const TaxComponent& c : components) {
    if (!c.is_compound.value_or(false)) {
      ASSIGN_OR_RETURN(simple, simple.Plus(c.rate.value_or(Decimal())));
    }
  }
  // A compound component taxes the amount plus the simple taxes: (1 + s)(1 + c) − 1.
  Decimal rate = simple;
  for (const TaxComponent& c : components) {
    if (c.is_compound.value_or(false)) {
      const Decimal compound = c.rate.value_or(Decimal());
      ASSIGN_OR_RETURN(const Decimal cross, rate.PercentOf(compound, Decimal::kPlaces));
      ASSIGN_OR_RETURN(rate, rate.Plus(compound));
      ASSIGN_OR_RETURN(rate, rate.Plus(cross));
    }
  }
  return rate;
}

Status TaxRate::Validate() const {
  Problems p(name ? "tax rate '" + *name + "'" : "tax rate");
  if (!name || name->empty()) p.Add("Name", "is required");
  for (std::size_t i = 0; i < components.size(); ++i) {
    const auto& rate = components[i].rate;
    if (rate && rate->is_negative()) {
      p.Add("TaxComponents[" + std::to_string(i) + "].Rate", "must not be negative");
    }
  }
  return p.ToStatus();
}

std::optional<Date> Organisation::EffectiveLockDate() const {
  if (period_lock_date && end_of_year_lock_date) {
    return std::max(*period_lock_date, *end_of_year_lock_date);
  }
  return period_lock_date ? period_lock_date : end_of_year_lock_date;
}

}  // namespace xerosync::domain
