// The parts of a run around the sending (run.h): the initial sync that adopts what Xero already
// holds, the reconciliation of interrupted attempts, and the cached settings the pre-flight reads.
#include <map>
#include <utility>
#include <vector>

#include "domain/totals.h"
#include "sync/reconcile.h"
#include "sync/reports.h"
#include "sync/run.h"
#include "sync/settings.h"
#include "xero/reads.h"

namespace xerosync::sync {

Status Run::InitialSync() {
  Result<int> refreshed = RefreshSettings(xero_, caller_, store_, org_.tenant, Now());
  if (!refreshed.ok()) {
    if (!IsConnectionTrouble(refreshed.status())) return refreshed.status();
    Pause(refreshed.status());
    return PauseRest();
  }
  int64_t adopted = 0;
  RETURN_IF_ERROR(AdoptContacts(adopted));
  if (Stopped()) return OkStatus();
  RETURN_IF_ERROR(AdoptInvoices(adopted));
  if (Stopped()) return OkStatus();
  if (adopted > 0) {
    record_.detail = "adopted " + std::to_string(adopted) + " records already in Xero";
  }
  return store_.MarkInitialSyncDone(org_.tenant, true);
}

Status Run::RefreshStaleSettings() {
  ASSIGN_OR_RETURN(const std::optional<store::CachedSettings> accounts,
                   store_.GetSettings(org_.tenant, "accounts"));
  if (accounts && Now() - accounts->fetched_at < engine_.options_.settings_max_age) {
    return OkStatus();
  }
  Result<int> refreshed = RefreshSettings(xero_, caller_, store_, org_.tenant, Now());
  if (refreshed.ok() || !IsConnectionTrouble(refreshed.status())) return refreshed.status();
  Pause(refreshed.status());
  return PauseRest();
}

// Never-attempted pending documents of `kind`, a page at a time.
Status Run::ForEachNewPending(DocumentKind kind,
                              const std::function<Status(const std::vector<Document>&)>& visit) {
  return ForEachPendingPage(kind, std::nullopt, [&](std::vector<Document>& page) {
    std::erase_if(page, [](const Document& d) { return d.ever_attempted || d.xero_id; });
    return page.empty() ? OkStatus() : visit(page);
  });
}

// Links documents to records already in Xero: synced without a request (an attempt whose key
// says so, so that the history shows it).
Status Run::Adopt(const std::vector<std::pair<int64_t, std::string>>& found, int64_t& adopted) {
  if (found.empty()) return OkStatus();
  std::vector<int64_t> ids;
  std::vector<DocumentOutcomeRecord> outcomes;
  for (const auto& [id, xero_id] : found) {
    ids.push_back(id);
    DocumentOutcomeRecord outcome = OutcomeFor(id, OutcomeKind::kWritten);
    outcome.xero_id = xero_id;
    outcomes.push_back(std::move(outcome));
  }
  const std::string key =
      "adopted-run-" + std::to_string(record_.id) + "-" + std::to_string(++adoptions_);
  ASSIGN_OR_RETURN(const store::Attempt attempt, store_.OpenAttempt(org_.tenant, key, ids, Now()));
  RETURN_IF_ERROR(store_.RecordOutcomes(attempt.id, outcomes, Now()));
  adopted += static_cast<int64_t>(found.size());
  record_.counts.synced += static_cast<int64_t>(found.size());
  return OkStatus();
}

// Contacts: the same ContactNumber, else the same name among active contacts (cached settings).
Status Run::AdoptContacts(int64_t& adopted) {
  ASSIGN_OR_RETURN(const std::vector<domain::Contact> cached, CachedContacts(store_, org_.tenant));
  const ContactIndex index(cached);
  return ForEachNewPending(DocumentKind::kContact, [&](const std::vector<Document>& page) {
    std::vector<std::pair<int64_t, std::string>> found;
    for (const Document& document : page) {
      Result<domain::Contact> contact = Materialize<domain::Contact>(document, {});
      if (!contact.ok()) continue;  // the planner reports it
      if (std::optional<std::string> id = index.Find(*contact)) {
        found.emplace_back(document.id, *id);
      }
    }
    return Adopt(found, adopted);
  });
}

// Sales invoices: the same number (one request per 50), contact, date and total.
Status Run::AdoptInvoices(int64_t& adopted) {
  ASSIGN_OR_RETURN(const std::vector<domain::TaxRate> rates, CachedTaxRates(store_, org_.tenant));
  const domain::TaxRateLookup lookup = domain::LookupIn(rates);
  return ForEachNewPending(DocumentKind::kInvoice, [&](const std::vector<Document>& page) {
    ASSIGN_OR_RETURN(const ParentIds parents, ParentsOf(page));
    std::vector<std::pair<const Document*, domain::Invoice>> mine;
    for (const Document& document : page) {
      Result<domain::Invoice> invoice = Materialize<domain::Invoice>(document, parents);
      if (!invoice.ok() || !invoice->number || invoice->number->find(',') != std::string::npos) {
        continue;
      }
      mine.emplace_back(&document, std::move(*invoice));
    }
    std::vector<std::pair<int64_t, std::string>> found;
    constexpr std::size_t kPerRequest = 50;
    for (std::size_t first = 0; first < mine.size(); first += kPerRequest) {
      const std::size_t last = std::min(mine.size(), first + kPerRequest);
      std::vector<std::string> numbers;
      for (std::size_t i = first; i < last; ++i) numbers.push_back(*mine[i].second.number);
      Result<std::vector<domain::Invoice>> in_xero =
          xero::FindInvoicesByNumbers(xero_, caller_, numbers);
      if (!in_xero.ok()) {
        if (IsConnectionTrouble(in_xero.status())) {
          Pause(in_xero.status());
          RETURN_IF_ERROR(Adopt(found, adopted));
          return PauseRest();
        }
        return in_xero.status();
      }
      for (std::size_t i = first; i < last; ++i) {
        if (std::optional<std::string> id = SameInvoice(mine[i].second, *in_xero, lookup)) {
          found.emplace_back(mine[i].first->id, *id);
        }
      }
    }
    return Adopt(found, adopted);
  });
}

Status Run::Reconcile() {
  ASSIGN_OR_RETURN(const std::vector<store::Attempt> attempts,
                   store_.UnsettledAttempts(org_.tenant));
  unsettled_ = 0;
  for (const store::Attempt& attempt : attempts) {
    std::vector<DocumentOutcomeRecord> outcomes;
    for (const int64_t id : attempt.document_ids) {
      ASSIGN_OR_RETURN(const Document document, store_.GetDocument(id));
      if (document.state != store::DocumentState::kSyncing || document.attempt_id != attempt.id) {
        continue;  // settled already
      }
      ASSIGN_OR_RETURN(DocumentOutcomeRecord outcome, Settle(document));
      if (outcome.kind == OutcomeKind::kAmbiguous) ++unsettled_;
      outcomes.push_back(std::move(outcome));
      if (Stopped()) break;
    }
    if (!outcomes.empty()) RETURN_IF_ERROR(store_.RecordOutcomes(attempt.id, outcomes, Now()));
    if (Stopped()) return PauseRest();
  }
  return OkStatus();
}

Result<DocumentOutcomeRecord> Run::Settle(const Document& document) {
  return ForKind(
      document.kind, [&]<typename T>() { return SettleAs<T>(document); },
      [&]() -> Result<DocumentOutcomeRecord> {
        return OutcomeFor(document.id, OutcomeKind::kResend);
      });
}

template <typename T>
Result<DocumentOutcomeRecord> Run::SettleAs(const Document& document) {
  DocumentOutcomeRecord outcome = OutcomeFor(document.id, OutcomeKind::kResend);
  // An update, void or delete of a record already linked: sending it again changes nothing
  // more than the first did.
  if (document.xero_id) return outcome;
  ASSIGN_OR_RETURN(const ParentIds parents, ParentsOf(std::span(&document, 1)));
  Result<T> value = Materialize<T>(document, parents);
  if (!value.ok()) return outcome;
  Result<Candidates> found = FindInXero(xero_, caller_, *value);
  if (!found.ok()) {
    if (IsConnectionTrouble(found.status())) Pause(found.status());
    outcome.kind = OutcomeKind::kAmbiguous;  // look again next run
    return outcome;
  }
  if (found->xero_ids.size() == 1) {
    outcome.kind = OutcomeKind::kWritten;
    outcome.xero_id = found->xero_ids.front();
    ++record_.counts.synced;
    return outcome;
  }
  if (found->xero_ids.empty()) {  // not there: send it again; once a run, then after a backoff
    const auto failed = failed_.find(document.id);
    if (failed == failed_.end() || resent_.insert(document.id).second) return outcome;
    ++retried_;
    return TransientOutcome(store_, document, failed->second, engine_.retry_, engine_.mu_, Now());
  }
  ASSIGN_OR_RETURN(
      const int64_t error,
      store_.OpenError(org_.tenant, document.id,
                       PossibleDuplicateReport(document, found->searched_by, found->xero_ids),
                       Now()));
  outcome.kind = OutcomeKind::kRejected;
  outcome.error_id = error;
  ++record_.counts.failed;
  return outcome;
}

// The organisation's cached settings and mappings, loaded at the run's first need.
Result<const PreflightData*> Run::Preflight() {
  if (!preflight_) {
    ASSIGN_OR_RETURN(PreflightData data, LoadPreflight(store_, org_.tenant));
    preflight_ = std::move(data);
  }
  return &*preflight_;
}

// Once a run, after such a refusal: the settings are read again, and the documents whose errors
// depended on them are released. True when some were (another round is worth it).
Result<bool> Run::RefreshAfterStaleAnswer() {
  if (!stale_settings_ || refreshed_after_stale_) return false;
  refreshed_after_stale_ = true;
  Result<int> refreshed = RefreshSettings(xero_, caller_, store_, org_.tenant, Now());
  if (!refreshed.ok()) {
    if (!IsConnectionTrouble(refreshed.status())) return refreshed.status();
    Pause(refreshed.status());
    RETURN_IF_ERROR(PauseRest());
    return false;
  }
  preflight_.reset();
  ASSIGN_OR_RETURN(const int64_t released,
                   store_.ReleaseAfterRelevantChange(org_.tenant, CodesReleasedOnChange(), Now()));
  return released > 0;
}

}  // namespace xerosync::sync
