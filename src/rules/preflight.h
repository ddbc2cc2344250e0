#pragma once
// Pre-flight checks (issue 6; ../shared/design/ERRORS.md, the rows marked "yes"): before a
// document is sent, it is checked against the organisation's cached Xero settings and the
// host's mappings, so that what Xero would refuse is reported without any call to Xero, with the
// code Xero's answer would have produced (rules/recognise.h).
//
// Each Prepare* function is pure: given the document (as the host sent it, parents' Xero ids
// filled in), the Reference (cached settings, indexed) and the Mappings, it rewrites the document
// into what is sent — host values replaced by their mapped Xero values, defaults filled in, the
// contact linked to the Xero contact it names — and returns the first problem found, if any.
//
//   const Reference reference = Reference::Build(settings);   // once per run
//   const Mappings mappings = ...;                             // Mappings::Set, once per run
//   if (std::optional<Finding> f = PrepareInvoice(invoice, reference, mappings, {})) {
//     // f->code is a catalogue code ("tax_rate.unknown"), f->value names what is at fault
//   }
//
// What the cache does not know is never refused: a Reference built without accounts skips the
// account checks (the cache is empty before the first refresh), and a ContactID the cache does not
// hold is left to Xero (the contact may have been created since the last refresh).
//
// Thread safety: Reference and Mappings are immutable once built; the functions are pure.

#include <array>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"
#include "domain/bank_transaction.h"
#include "domain/contact.h"
#include "domain/documents.h"
#include "domain/settings.h"

namespace xerosync::rules {

// The cached settings, decoded (sync/settings.h reads them from the store). A kind absent from the
// cache is nullopt, and the checks that need it are skipped.
struct Settings {
  std::optional<domain::Organisation> organisation;
  std::optional<std::vector<domain::Account>> accounts;
  std::optional<std::vector<domain::TaxRate>> tax_rates;
  std::optional<std::vector<domain::Currency>> currencies;
  std::optional<std::vector<domain::TrackingCategory>> tracking_categories;
  std::optional<std::vector<domain::Contact>> contacts;  // archived ones included
};

// The settings, indexed for the checks (codes and names are matched ignoring letter case, as
// Xero does; ContactNumber and AccountNumber exactly, as the emulator does).
class Reference {
 public:
  static Reference Build(Settings settings);

  bool knows_accounts() const;
  bool knows_tax_rates() const;
  bool knows_currencies() const;
  bool knows_contacts() const;
  bool knows_tracking() const;

  const domain::Account* AccountByCode(std::string_view code) const;
  const domain::Account* AccountById(std::string_view id) const;
  const domain::TaxRate* TaxRateByType(std::string_view tax_type) const;
  // The base currency is always enabled.
  bool CurrencyEnabled(std::string_view code) const;
  const domain::Contact* ContactById(std::string_view id) const;
  const domain::Contact* ContactByNumber(std::string_view number) const;
  // An active contact with that name, else an archived one, else nullptr.
  const domain::Contact* ContactByName(std::string_view name) const;
  // A contact with that AccountNumber (archived ones included: Xero keeps them unique).
  const domain::Contact* ContactByAccountNumber(std::string_view account_number) const;
  const domain::TrackingCategory* TrackingCategoryByName(std::string_view name) const;
  // Documents must be dated after it (the later of the two lock dates).
  std::optional<domain::Date> lock_date() const;
  std::optional<std::string> base_currency() const;

  // Accounts without a code (FACTS.md: Xero allows them; documents cannot name them): a warning
  // for each, shown when the chart of accounts is imported ("account.without_code").
  std::vector<const domain::Account*> AccountsWithoutCode() const;

 private:
  struct Index;  // hash maps over `settings_`, keyed by lower-cased text
  Settings settings_;
  std::shared_ptr<const Index> index_;
};

// The host's values mapped to the organisation's Xero values, with defaults (store::Mapping rows,
// kind / from / to). Kinds:
//   "account"   host account code -> Xero AccountCode
//   "tax_rate"  host tax code -> Xero TaxType
//   "currency"  host currency -> ISO code enabled in Xero
//   "contact"   host contact name (or ContactNumber) -> Xero ContactID
//   "tracking"  "Category/Option" -> "Category/Option" as named in Xero
//   "default"   from one of: "sales_account", "purchases_account", "sales_tax_rate",
//               "purchases_tax_rate", "payment_account" -> the Xero code
//   "setting"   "auto_create_contacts" -> "true" or "false";
//               "lock_date_policy" -> "fail" (refuse a date in a locked period: the default) or
//               "shift" (send it dated the first open day instead; ERRORS.md, "period locked")
class Mappings {
 public:
  // kInvalidArgument for an unknown kind, an unknown default or setting, or an empty `from`.
  Status Set(std::string_view kind, std::string_view from, std::string_view to);

  // The mapped value, or nullptr when `from` is not mapped.
  const std::string* Account(std::string_view from) const;
  const std::string* TaxRate(std::string_view from) const;
  const std::string* Currency(std::string_view from) const;
  const std::string* Contact(std::string_view from) const;
  const std::string* Tracking(std::string_view from) const;
  const std::string* Default(std::string_view which) const;
  bool auto_create_contacts() const { return auto_create_contacts_; }
  bool shift_locked_dates() const { return shift_locked_dates_; }

 private:
  std::array<std::unordered_map<std::string, std::string>, 6> maps_;  // by kind, keyed lower-cased
  bool auto_create_contacts_ = false;
  bool shift_locked_dates_ = false;
};

// What a check found: a catalogue code, the field in plain words ("line 2's account code",
// "currency", "contact", "date"), and the value at fault.
struct Finding {
  std::string_view code;
  std::string field;
  std::string value;
  friend bool operator==(const Finding&, const Finding&) = default;
};

// Facts about other documents that a check needs and the engine knows from the store.
struct Context {
  // An update of a document Xero holds: whether a payment or allocation is against it in Xero.
  bool settled_in_xero = false;
  // A payment: the status of the document it pays, as xerosync sends it (nullopt: unknown).
  std::optional<domain::DocumentStatus> paid_document_status;
  // Optional, written: what the lock-date policy "shift" moved, in words ("dated 2026-01-20, on or
  // before the lock date 2026-01-31: sent dated 2026-02-01"), for the document's log; untouched
  // when nothing moved.
  std::string* shifted = nullptr;
};

// Each rewrites the document into what is sent and returns its first problem. `sales`: an
// ACCREC document (sales defaults) rather than a bill (purchases defaults).
std::optional<Finding> PrepareContact(domain::Contact& contact, const Reference& reference,
                                      const Mappings& mappings);
std::optional<Finding> PrepareInvoice(domain::Invoice& invoice, const Reference& reference,
                                      const Mappings& mappings, const Context& context);
std::optional<Finding> PrepareCreditNote(domain::CreditNote& note, const Reference& reference,
                                         const Mappings& mappings, const Context& context);
std::optional<Finding> PreparePayment(domain::Payment& payment, const Reference& reference,
                                      const Mappings& mappings, const Context& context);
std::optional<Finding> PrepareAllocation(domain::Allocation& allocation, const Reference& reference,
                                         const Mappings& mappings, const Context& context);
std::optional<Finding> PrepareExpense(domain::BankTransaction& expense, const Reference& reference,
                                      const Mappings& mappings, const Context& context);

// A code Xero's answer produced (rules/recognise.h), made as precise as the pre-flight check's
// for the same cause: "tax_rate.unknown" for a tax type the cache holds as inactive becomes
// "tax_rate.inactive". Other codes come back unchanged.
std::string_view RefineWithReference(std::string_view code, std::string_view value,
                                     const Reference& reference);

}  // namespace xerosync::rules
