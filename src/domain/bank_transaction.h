#pragma once
// BankTransaction: money spent (an expense, SPEND) or received (RECEIVE) straight through a bank
// account, without an invoice.

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/decimal.h"
#include "domain/contact.h"
#include "domain/date.h"
#include "domain/documents.h"
#include "domain/enums.h"
#include "domain/ids.h"
#include "domain/line_item.h"
#include "domain/settings.h"

namespace xerosync::domain {

struct BankTransaction {
  BankTransactionId id;
  std::optional<BankTransactionType> type;
  Contact contact;
  std::vector<LineItem> line_items;
  // The BANK account the money moves through: by AccountID or Code.
  Account bank_account;
  std::optional<bool> is_reconciled;
  std::optional<Date> date;
  std::optional<std::string> reference;  // SPEND and RECEIVE only
  std::optional<std::string> currency_code;
  std::optional<Decimal> currency_rate;
  std::optional<std::string> url;
  std::optional<BankTransactionStatus> status;
  std::optional<LineAmountType> line_amount_types;
  ReportedTotals totals;                                     // read-only
  std::optional<std::string> prepayment_id, overpayment_id;  // read-only
  std::optional<bool> has_attachments;
  std::optional<TimePoint> updated_at;

  // A spend- or receive-money transaction from the host: type, bank account, contact, lines.
  Status Validate() const;
  std::string Describe() const;
  friend bool operator==(const BankTransaction&, const BankTransaction&) = default;
};

}  // namespace xerosync::domain
