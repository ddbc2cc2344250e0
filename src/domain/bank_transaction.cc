#include "domain/bank_transaction.h"

namespace xerosync::domain {

std::string BankTransaction::Describe() const {
  std::string kind = "bank transaction";
  if (type) {
    const std::string_view name = NameOf(*type);
    kind = name.starts_with("SPEND") ? "expense" : "receive-money transaction";
    if (name.find('-') != std::string_view::npos) kind += " (" + std::string(name) + ")";
  }
  if (reference && !reference->empty()) return kind + " '" + *reference + "'";
  if (!id.empty()) return kind + " " + id.value();
  return kind;
}

Status BankTransaction::Validate() const {
  Problems p(Describe());
  if (!type) p.Add("Type", "is required (SPEND or RECEIVE)");
  if (bank_account.id.empty() && !(bank_account.code && !bank_account.code->empty())) {
    p.Add("BankAccount", "is required (by AccountID or Code)");
  }
  CheckContact(p, contact);
  CheckLines(p, line_items, /*discounts_allowed=*/false);
  CheckCurrency(p, currency_code, currency_rate);
  p.MaxLength("Reference", reference, 255);
  return p.ToStatus();
}

}  // namespace xerosync::domain
