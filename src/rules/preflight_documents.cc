// The pre-flight checks of each kind of document (rules/preflight.h). They follow the order in
// which the emulator (standing in for Xero) validates the same document, so that the first finding
// has the code of Xero's first message: for invoices and credit notes
// src/emulator/document_write.cc (contact, currency, lines, settled edit, due date, lock date), for
// lines line_items.cc, for payments payment_write.cc, for expenses bank_transaction_write.cc.

#include <string>
#include <utility>
#include <vector>

#include "core/text.h"
#include "domain/totals.h"
#include "rules/preflight.h"

namespace xerosync::rules {
namespace {

using domain::DocumentStatus;

bool Given(const std::optional<std::string>& text) { return text && !text->empty(); }

// The first finding of a check, with every missing field gathered into it when the first finding
// is missing information (so the user fills them all in one go).
class Findings {
 public:
  bool any() const { return first_.has_value(); }

  void Report(std::string_view code, std::string field, std::string value) {
    if (!first_) first_ = Finding{code, std::move(field), std::move(value)};
  }

  void Missing(std::string field) {
    if (!first_) {
      first_ = Finding{kMissing, "", ""};
    } else if (first_->code != kMissing) {
      return;
    }
    missing_.push_back(std::move(field));
  }

  // "contact, line 2's tax rate and due date".
  std::optional<Finding> Take() && {
    if (first_ && first_->code == kMissing) {
      for (std::size_t i = 0; i < missing_.size(); ++i) {
        if (i > 0) first_->field += i + 1 == missing_.size() ? " and " : ", ";
        first_->field += missing_[i];
      }
    }
    return std::move(first_);
  }

 private:
  static constexpr std::string_view kMissing = "document.missing_information";
  std::optional<Finding> first_;
  std::vector<std::string> missing_;
};

// A document's contact (Xero's ChooseDocumentContact): by ContactID, else by ContactNumber, else
// by Name, linked to the cached contact it names. `reject_archived`: invoices and credit notes
// refuse archived contacts; bank transactions take them.
void CheckDocumentContact(domain::Contact& contact, const Reference& reference,
                          const Mappings& mappings, bool reject_archived, Findings& findings) {
  if (contact.id.empty()) {
    const std::string* mapped = nullptr;
    if (Given(contact.name)) mapped = mappings.Contact(*contact.name);
    if (mapped == nullptr && Given(contact.contact_number)) {
      mapped = mappings.Contact(*contact.contact_number);
    }
    if (mapped != nullptr) contact.id = domain::ContactId(*mapped);
  }
  const auto archived = [&](const domain::Contact& cached) {
    if (!reject_archived || cached.status != domain::ContactStatus::kArchived) return false;
    findings.Report("contact.archived", "contact", cached.name.value_or(cached.id.value()));
    return true;
  };
  if (!contact.id.empty()) {
    // A ContactID the cache does not hold may have been created since the last refresh.
    if (const domain::Contact* cached = reference.ContactById(contact.id.value())) {
      archived(*cached);
    }
    return;
  }
  const bool has_number = Given(contact.contact_number);
  const bool has_name = Given(contact.name);
  if (!has_number && !has_name) {
    findings.Missing("contact");
    return;
  }
  if (!reference.knows_contacts()) return;
  const domain::Contact* cached =
      has_number ? reference.ContactByNumber(*contact.contact_number) : nullptr;
  if (cached == nullptr && has_name) cached = reference.ContactByName(*contact.name);
  if (cached == nullptr) {
    // The engine creates it when auto_create_contacts is on; Xero would create it from a Name,
    // and refuses a ContactNumber alone ("Contact Name cannot be empty").
    findings.Report("contact.missing", "contact",
                    has_name ? *contact.name : *contact.contact_number);
    return;
  }
  if (archived(*cached)) return;
  contact.id = cached->id;
}

void CheckCurrency(std::optional<std::string>& code, const Reference& reference,
                   const Mappings& mappings, Findings& findings) {
  if (!Given(code)) return;
  if (const std::string* mapped = mappings.Currency(*code)) *code = *mapped;
  if (!reference.CurrencyEnabled(*code)) findings.Report("currency.not_enabled", "currency", *code);
}

// The class of an account: Xero's Class when the cache has it, else derived from its Type as Xero
// derives it.
std::optional<domain::AccountClass> ClassOf(const domain::Account& account) {
  if (account.account_class) return account.account_class;
  if (!account.type) return std::nullopt;
  using domain::AccountClass;
  using domain::AccountType;
  switch (*account.type) {
    case AccountType::kBank:
    case AccountType::kCurrent:
    case AccountType::kFixed:
    case AccountType::kInventory:
    case AccountType::kNonCurrent:
    case AccountType::kPrepayment:
      return AccountClass::kAsset;
    case AccountType::kCurrLiab:
    case AccountType::kLiability:
    case AccountType::kTermLiab:
    case AccountType::kPayg:
      return AccountClass::kLiability;
    case AccountType::kDepreciatn:
    case AccountType::kDirectCosts:
    case AccountType::kExpense:
    case AccountType::kOverheads:
      return AccountClass::kExpense;
    case AccountType::kOtherIncome:
    case AccountType::kRevenue:
    case AccountType::kSales:
      return AccountClass::kRevenue;
    case AccountType::kEquity:
      return AccountClass::kEquity;
  }
  return std::nullopt;
}

// The TaxRate's CanApplyTo* flag for the account's class; what the cache does not say is allowed.
bool TaxAppliesTo(const domain::TaxRate& rate, const domain::Account& account) {
  const std::optional<domain::AccountClass> account_class = ClassOf(account);
  if (!account_class) return true;
  switch (*account_class) {
    case domain::AccountClass::kAsset:
      return rate.can_apply_to_assets.value_or(true);
    case domain::AccountClass::kEquity:
      return rate.can_apply_to_equity.value_or(true);
    case domain::AccountClass::kExpense:
      return rate.can_apply_to_expenses.value_or(true);
    case domain::AccountClass::kLiability:
      return rate.can_apply_to_liabilities.value_or(true);
    case domain::AccountClass::kRevenue:
      return rate.can_apply_to_revenue.value_or(true);
  }
  return true;
}

bool Active(const domain::Account& account) {
  return account.status.value_or(domain::AccountStatus::kActive) == domain::AccountStatus::kActive;
}

// Xero keeps bank accounts and its system accounts (receivables, payables, tax, retained
// earnings) off document lines; only ROUNDING may be named.
bool UsableOnLines(const domain::Account& account) {
  return account.type != domain::AccountType::kBank &&
         (!Given(account.system_account) || *account.system_account == "ROUNDING");
}

struct LineRules {
  bool sales = false;
  // Xero requires an account (and a tax type) on lines with an amount of SUBMITTED and AUTHORISED
  // documents, and on every bank transaction.
  bool require_account = false;
  domain::LineAmountType line_amount_types = domain::LineAmountType::kExclusive;
  // A bank transaction's own bank account may not be named on its lines.
  const domain::AccountId* excluded = nullptr;
};

std::string LineField(std::size_t index, std::string_view what) {
  return "line " + std::to_string(index + 1) + "'s " + std::string(what);
}

// The line as the catalogue's messages name it ("on line {field}"), counted from 1 as Xero's
// answers are once recognised (sync/reports.h).
std::string LineNumber(std::size_t index) { return std::to_string(index + 1); }

// "Category/Option" as named in Xero, through the "tracking" mapping. Entries the organisation
// does not have are left as they are: Xero drops them without an error (the emulator's
// ReadTracking does the same), so they are no reason to refuse the document.
void MapTracking(domain::LineTracking& tracking, const Reference& reference,
                 const Mappings& mappings) {
  if (!Given(tracking.name) || !Given(tracking.option)) return;
  if (const std::string* mapped = mappings.Tracking(*tracking.name + "/" + *tracking.option)) {
    const std::size_t slash = mapped->find('/');
    if (slash != std::string::npos) {
      tracking.name = mapped->substr(0, slash);
      tracking.option = mapped->substr(slash + 1);
    }
  }
  const domain::TrackingCategory* category = reference.TrackingCategoryByName(*tracking.name);
  if (category == nullptr) return;
  tracking.name = category->name;
  for (const domain::TrackingOption& option : category->options) {
    if (option.name && EqualsIgnoringCase(*option.name, *tracking.option)) {
      tracking.option = option.name;
      break;
    }
  }
}

// One line's account and tax type (the emulator's LineReader::ReadAccountAndTax).
void CheckLine(domain::LineItem& line, std::size_t index, const LineRules& rules,
               const Reference& reference, const Mappings& mappings, Findings& findings) {
  if (line.quantity && line.quantity->is_negative()) {
    findings.Report("document.negative", LineNumber(index), line.quantity->ToString(0));
  }
  const bool has_amount = line.unit_amount.has_value() || line.line_amount.has_value();

  // The account: the host's code mapped, else the default for the kind of document.
  if (Given(line.account_code)) {
    if (const std::string* mapped = mappings.Account(*line.account_code)) {
      line.account_code = *mapped;
    }
  } else if (line.account_id.empty()) {
    if (const std::string* fallback =
            mappings.Default(rules.sales ? "sales_account" : "purchases_account")) {
      line.account_code = *fallback;
    }
  }
  const bool names_account = Given(line.account_code) || !line.account_id.empty();
  const domain::Account* account = nullptr;
  if (!names_account) {
    if (rules.require_account && has_amount) {
      findings.Report("account.missing", LineNumber(index), "");
    }
  } else if (reference.knows_accounts()) {
    const std::string code = line.account_code.value_or("");
    account = !line.account_id.empty() ? reference.AccountById(line.account_id.value())
                                       : reference.AccountByCode(code);
    const std::string named = account != nullptr && Given(account->code) ? *account->code : code;
    if (account == nullptr || !UsableOnLines(*account) ||
        (rules.excluded != nullptr && account->id == *rules.excluded)) {
      findings.Report("account.invalid_for_document", LineNumber(index), named);
      account = nullptr;
    } else if (!Active(*account)) {
      findings.Report("account.archived", LineNumber(index), named);
      account = nullptr;
    } else if (account->code) {
      line.account_code = account->code;  // Xero's spelling
    }
  }

  // The tax type: the host's mapped, else the account's, else the default. An account the cache
  // cannot resolve keeps its own default in Xero, so none is filled in for it.
  if (Given(line.tax_type)) {
    if (const std::string* mapped = mappings.TaxRate(*line.tax_type)) line.tax_type = *mapped;
  } else {
    if (account != nullptr && Given(account->tax_type)) {
      line.tax_type = account->tax_type;
    } else if (account != nullptr || !names_account) {
      if (const std::string* fallback =
              mappings.Default(rules.sales ? "sales_tax_rate" : "purchases_tax_rate")) {
        line.tax_type = *fallback;
      }
    }
  }
  if (!Given(line.tax_type)) {
    if (account != nullptr && rules.require_account && has_amount &&
        rules.line_amount_types != domain::LineAmountType::kNoTax) {
      findings.Missing(LineField(index, "tax rate"));
    }
  } else if (reference.knows_tax_rates()) {
    const domain::TaxRate* rate = reference.TaxRateByType(*line.tax_type);
    const std::string field = LineNumber(index);
    if (rate == nullptr) {
      findings.Report("tax_rate.unknown", field, *line.tax_type);
    } else if (rate->status.value_or(domain::TaxRateStatus::kActive) !=
               domain::TaxRateStatus::kActive) {
      findings.Report("tax_rate.inactive", field, *line.tax_type);
    } else {
      line.tax_type = rate->tax_type;  // Xero's spelling
      if (account != nullptr && !TaxAppliesTo(*rate, *account)) {
        findings.Report("tax_rate.not_for_account", field, *line.tax_type);
      }
    }
  }

  for (domain::LineTracking& tracking : line.tracking) MapTracking(tracking, reference, mappings);
}

// Only a line with a negative figure can make the total negative (tax rates are not negative),
// so the totals are computed only then.
bool MayBeNegative(const std::vector<domain::LineItem>& lines) {
  for (const domain::LineItem& line : lines) {
    if ((line.unit_amount && line.unit_amount->is_negative()) ||
        (line.line_amount && line.line_amount->is_negative()) ||
        (line.tax_amount && line.tax_amount->is_negative())) {
      return true;
    }
  }
  return false;
}

void CheckLines(std::vector<domain::LineItem>& lines, const LineRules& rules,
                const Reference& reference, const Mappings& mappings, Findings& findings) {
  for (std::size_t i = 0; i < lines.size(); ++i) {
    CheckLine(lines[i], i, rules, reference, mappings, findings);
  }
  if (findings.any() || !MayBeNegative(lines)) return;
  const domain::TaxRateLookup rates = [&](std::string_view tax_type) -> Result<Decimal> {
    const domain::TaxRate* rate = reference.TaxRateByType(tax_type);
    if (rate == nullptr) return NotFoundError("unknown tax type");
    return rate->Effective();
  };
  // A total that cannot be computed (a tax type the cache does not know) is left to Xero.
  const Result<domain::DocumentTotals> totals =
      domain::ComputeTotals(lines, rules.line_amount_types, rates);
  if (totals.ok() && totals->total.is_negative()) {
    findings.Report("document.negative", "total", totals->total.ToString(2));
  }
}

// A date on or before the lock date is refused, or, with the policy "shift", moved to the first
// open day (the day after the lock date), its due date with it when it would fall before.
void CheckLockDate(std::optional<domain::Date>& date, std::optional<domain::Date>* due_date,
                   const Reference& reference, const Mappings& mappings, const Context& context,
                   Findings& findings) {
  if (!date) return;  // Xero dates it today, which a pure function does not know
  const std::optional<domain::Date> lock = reference.lock_date();
  if (!lock || *date > *lock) return;
  if (!mappings.shift_locked_dates()) {
    // The message names the lock date: the one to stay after.
    findings.Report("document.period_locked", "date", lock->ToString());
    return;
  }
  const domain::Date open = domain::Date::FromDays(lock->days() + std::chrono::days(1));
  std::string note = "dated " + date->ToString() + ", on or before the lock date " +
                     lock->ToString() + ": sent dated " + open.ToString();
  date = open;
  if (due_date != nullptr && *due_date && **due_date < open) {
    note += ", due " + open.ToString() + " (was " + (*due_date)->ToString() + ")";
    *due_date = open;
  }
  if (context.shifted != nullptr) *context.shifted = std::move(note);
}

// What invoices and credit notes share (the emulator's ReadDocument).
template <typename Document>
std::optional<Finding> PrepareDocument(Document& document, bool sales, bool due_date_to_authorise,
                                       const Reference& reference, const Mappings& mappings,
                                       const Context& context) {
  Findings findings;
  CheckDocumentContact(document.contact, reference, mappings, /*reject_archived=*/true, findings);
  CheckCurrency(document.currency_code, reference, mappings, findings);
  const DocumentStatus status = document.status.value_or(DocumentStatus::kDraft);
  LineRules rules;
  rules.sales = sales;
  rules.require_account =
      status == DocumentStatus::kSubmitted || status == DocumentStatus::kAuthorised;
  rules.line_amount_types = document.line_amount_types.value_or(domain::LineAmountType::kExclusive);
  CheckLines(document.line_items, rules, reference, mappings, findings);
  if (context.settled_in_xero) {
    findings.Report("document.not_editable", "", document.Describe());
  }
  if (due_date_to_authorise && status == DocumentStatus::kAuthorised && !document.due_date) {
    findings.Missing("due date");
  }
  // Drafts and submitted documents do not post to the ledger, so they may be dated in a locked
  // period; a void of a document Xero holds does post.
  if (status == DocumentStatus::kAuthorised ||
      (status == DocumentStatus::kVoided && !document.id.empty())) {
    CheckLockDate(document.date, &document.due_date, reference, mappings, context, findings);
  }
  return std::move(findings).Take();
}

// Xero's plain check: something@something.something, one '@', no spaces.
bool LooksLikeEmail(std::string_view text) {
  const std::size_t at = text.find('@');
  if (at == 0 || at == std::string_view::npos || text.find('@', at + 1) != std::string_view::npos) {
    return false;
  }
  const std::size_t dot = text.find('.', at + 2);
  return dot != std::string_view::npos && dot + 1 < text.size() &&
         text.find(' ') == std::string_view::npos;
}

}  // namespace

std::optional<Finding> PrepareInvoice(domain::Invoice& invoice, const Reference& reference,
                                      const Mappings& mappings, const Context& context) {
  const bool sales = invoice.type == domain::InvoiceType::kAccRec;
  return PrepareDocument(invoice, sales, /*due_date_to_authorise=*/true, reference, mappings,
                         context);
}

std::optional<Finding> PrepareCreditNote(domain::CreditNote& note, const Reference& reference,
                                         const Mappings& mappings, const Context& context) {
  const bool sales = note.type == domain::CreditNoteType::kAccRecCredit;
  return PrepareDocument(note, sales, /*due_date_to_authorise=*/false, reference, mappings,
                         context);
}

std::optional<Finding> PreparePayment(domain::Payment& payment, const Reference& reference,
                                      const Mappings& mappings, const Context& context) {
  Findings findings;
  if (context.paid_document_status &&
      *context.paid_document_status != DocumentStatus::kAuthorised) {
    // "The invoice that payment P1 pays is not approved in Xero."
    findings.Report("payment.document_not_authorised",
                    std::string(domain::NameOf(*context.paid_document_status)),
                    payment.credit_note || payment.credit_note_number ? "credit note" : "invoice");
  }
  domain::Account& account = payment.account;
  if (Given(account.code)) {
    if (const std::string* mapped = mappings.Account(*account.code)) account.code = *mapped;
  } else if (account.id.empty()) {
    if (const std::string* fallback = mappings.Default("payment_account")) account.code = *fallback;
  }
  const std::string code = account.code.value_or("");
  if (code.empty() && account.id.empty()) {
    findings.Report("payment.account_missing", "payment account", "");
  } else if (reference.knows_accounts()) {
    const domain::Account* cached = !account.id.empty() ? reference.AccountById(account.id.value())
                                                        : reference.AccountByCode(code);
    // Xero gives one message for an account it cannot find and one that is not active.
    if (cached == nullptr || !Active(*cached)) {
      findings.Report("payment.account_missing", "payment account", code);
    } else if (!cached->AcceptsPayments()) {
      findings.Report("payment.account_cannot_take_payments", "payment account",
                      cached->code.value_or(code));
    } else if (cached->code) {
      account.code = cached->code;
    }
  }
  CheckLockDate(payment.date, nullptr, reference, mappings, context, findings);
  return std::move(findings).Take();
}

std::optional<Finding> PrepareAllocation(domain::Allocation& allocation, const Reference& reference,
                                         const Mappings& mappings, const Context& context) {
  // Of Xero's checks of an allocation (amounts outstanding, the two documents' statuses, contact
  // and currency), the cache can tell only the lock date; the rest needs the documents.
  Findings findings;
  CheckLockDate(allocation.date, nullptr, reference, mappings, context, findings);
  return std::move(findings).Take();
}

std::optional<Finding> PrepareExpense(domain::BankTransaction& expense, const Reference& reference,
                                      const Mappings& mappings, const Context& context) {
  Findings findings;
  // Xero takes archived contacts on bank transactions.
  CheckDocumentContact(expense.contact, reference, mappings, /*reject_archived=*/false, findings);

  domain::Account& bank = expense.bank_account;
  if (Given(bank.code)) {
    if (const std::string* mapped = mappings.Account(*bank.code)) bank.code = *mapped;
  }
  const std::string code = bank.code.value_or("");
  const domain::Account* cached = nullptr;
  // The emulator's messages here ("A bank account must be specified", "... must be an active bank
  // account") are its own words, which rules/recognise.h reads as the generic refusal.
  if (code.empty() && bank.id.empty()) {
    findings.Report("xero.validation", "bank account", "");
  } else if (reference.knows_accounts()) {
    cached =
        !bank.id.empty() ? reference.AccountById(bank.id.value()) : reference.AccountByCode(code);
    if (cached == nullptr || cached->type != domain::AccountType::kBank || !Active(*cached)) {
      findings.Report("xero.validation", "bank account", code);
      cached = nullptr;
    } else if (cached->code) {
      bank.code = cached->code;
    }
  }

  LineRules rules;
  rules.sales = expense.type == domain::BankTransactionType::kReceive;
  rules.require_account = true;
  rules.line_amount_types = expense.line_amount_types.value_or(domain::LineAmountType::kExclusive);
  if (cached != nullptr) rules.excluded = &cached->id;
  CheckLines(expense.line_items, rules, reference, mappings, findings);
  CheckCurrency(expense.currency_code, reference, mappings, findings);
  CheckLockDate(expense.date, nullptr, reference, mappings, context, findings);
  return std::move(findings).Take();
}

std::optional<Finding> PrepareContact(domain::Contact& contact, const Reference& reference,
                                      const Mappings& /*mappings*/) {
  Findings findings;
  const bool has_name = Given(contact.name);
  if (contact.id.empty()) {
    // A contact the organisation already has is updated rather than created again.
    if (Given(contact.contact_number)) {
      if (const domain::Contact* cached = reference.ContactByNumber(*contact.contact_number)) {
        contact.id = cached->id;
      }
    }
    if (contact.id.empty() && has_name) {
      const domain::Contact* same_name = reference.ContactByName(*contact.name);
      if (same_name != nullptr && same_name->status != domain::ContactStatus::kArchived) {
        if (Given(contact.contact_number) && Given(same_name->contact_number)) {
          findings.Report("contact.name_taken", "name", *contact.name);
        } else {
          contact.id = same_name->id;
        }
      }
    }
  }
  if (contact.id.empty() && !has_name) findings.Report("contact.missing", "name", "");
  const auto other = [&](const domain::Contact* cached) {
    return cached != nullptr && cached->id != contact.id;
  };
  const bool active =
      contact.status.value_or(domain::ContactStatus::kActive) == domain::ContactStatus::kActive;
  if (!contact.id.empty() && has_name && active) {
    const domain::Contact* same_name = reference.ContactByName(*contact.name);
    if (other(same_name) && same_name->status != domain::ContactStatus::kArchived) {
      findings.Report("contact.name_taken", "name", *contact.name);
    }
  }
  if (Given(contact.account_number) &&
      other(reference.ContactByAccountNumber(*contact.account_number))) {
    findings.Report("contact.account_number_taken", "account number", *contact.account_number);
  }
  if (Given(contact.email) && !LooksLikeEmail(*contact.email)) {
    findings.Report("contact.email_invalid", "email address", *contact.email);
  }
  return std::move(findings).Take();
}

}  // namespace xerosync::rules
