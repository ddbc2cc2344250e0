#pragma once
// Looking in Xero for a document whose write may or may not have happened (docs/sync.md,
// "Reconciliation"), and for records already there at the initial sync ("Adopting"): by the
// fields Xero lets us search (number, reference, Url, contact name or number), keeping only the
// records that also agree on the document's identity (type, contact, date, amount).
//
//   ASSIGN_OR_RETURN(Candidates found, FindInXero(xero, caller, invoice));
//   found.xero_ids.size(): 1 → it is there; 0 → it is not; more → a person decides.
//
// Errors: whatever the reads return (a connection refusal keeps its code: kFailedPrecondition).
//
// Thread safety: functions of values; the Transport decides about concurrency.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "domain/bank_transaction.h"
#include "domain/contact.h"
#include "domain/documents.h"
#include "domain/totals.h"
#include "xero/requests.h"
#include "xero/transport.h"

namespace xerosync::sync {

struct Candidates {
  std::vector<std::string> xero_ids;  // the matching records, each once
  std::string searched_by;            // "InvoiceNumber INV-0042", for messages
};

// Whether the document carries a field it can be found by. A document that cannot be found must
// not be sent: an interrupted write could not be settled.
bool Searchable(const domain::Contact& contact);
bool Searchable(const domain::Invoice& invoice);
bool Searchable(const domain::CreditNote& note);
bool Searchable(const domain::Payment& payment);
bool Searchable(const domain::BankTransaction& transaction);
bool Searchable(const domain::Allocation& allocation);

// Which fields make a document findable, for the error when it is not ("InvoiceNumber, Reference
// or Url").
std::string SearchFields(const domain::Contact& contact);
std::string SearchFields(const domain::Invoice& invoice);
std::string SearchFields(const domain::CreditNote& note);
std::string SearchFields(const domain::Payment& payment);
std::string SearchFields(const domain::BankTransaction& transaction);
std::string SearchFields(const domain::Allocation& allocation);

// REQUIRES: Searchable(document).
Result<Candidates> FindInXero(xero::Transport& transport, const xero::ApiCaller& caller,
                              const domain::Contact& contact);
Result<Candidates> FindInXero(xero::Transport& transport, const xero::ApiCaller& caller,
                              const domain::Invoice& invoice);
Result<Candidates> FindInXero(xero::Transport& transport, const xero::ApiCaller& caller,
                              const domain::CreditNote& note);
Result<Candidates> FindInXero(xero::Transport& transport, const xero::ApiCaller& caller,
                              const domain::Payment& payment);
Result<Candidates> FindInXero(xero::Transport& transport, const xero::ApiCaller& caller,
                              const domain::BankTransaction& transaction);
// The credit note's allocations to the same invoice with the same amount and date.
Result<Candidates> FindInXero(xero::Transport& transport, const xero::ApiCaller& caller,
                              const domain::Allocation& allocation);

// ---- adoption at the initial sync (docs/sync.md, "Adopting what is already there") ----

// The organisation's contacts by ContactNumber and by name (active ones), ignoring case.
class ContactIndex {
 public:
  explicit ContactIndex(const std::vector<domain::Contact>& contacts);
  // The Xero id of the contact that is `contact`: the same ContactNumber when it has one, else the
  // same name among active contacts.
  std::optional<std::string> Find(const domain::Contact& contact) const;

 private:
  std::map<std::string, std::string> by_number_;
  std::map<std::string, std::string> by_name_;
};

// The Xero id of the one record of `in_xero` that is `invoice`: the same type, number, contact,
// date and total (computed with `rates`), not deleted or voided. nullopt when none, or more than
// one (a person decides), or when the total cannot be computed.
std::optional<std::string> SameInvoice(const domain::Invoice& invoice,
                                       const std::vector<domain::Invoice>& in_xero,
                                       const domain::TaxRateLookup& rates);

}  // namespace xerosync::sync
