#include "sync/engine.h"

#include <unistd.h>

#include <array>
#include <functional>
#include <map>
#include <random>
#include <utility>
#include <vector>

#include "domain/totals.h"
#include "sync/failures.h"
#include "sync/keys.h"
#include "sync/materialize.h"
#include "sync/reconcile.h"
#include "sync/reports.h"
#include "sync/settings.h"
#include "xero/reads.h"
#include "xero/wire.h"

namespace xerosync::sync {
namespace {

using store::Document;
using store::DocumentKey;
using store::DocumentKind;
using store::DocumentOutcomeRecord;
using store::OutcomeKind;

std::string DefaultOwner() {
  std::array<char, 256> host{};
  if (gethostname(host.data(), host.size() - 1) != 0) host[0] = '\0';
  std::random_device random;
  return std::string(host.data()) + ":" + std::to_string(getpid()) + ":" + std::to_string(random());
}

DocumentOutcomeRecord OutcomeFor(int64_t document_id, OutcomeKind kind) {
  DocumentOutcomeRecord outcome;
  outcome.document_id = document_id;
  outcome.kind = kind;
  return outcome;
}

std::string LeaseName(const domain::TenantId& tenant) { return "sync:" + tenant.value(); }

// The kinds of each dependency level, in sync order (docs/sync.md, "One run" step 4); a kind
// repeated is visited once.
constexpr std::array<std::array<DocumentKind, 4>, 3> kLevels{{
    {DocumentKind::kContact, DocumentKind::kContact, DocumentKind::kContact,
     DocumentKind::kContact},
    {DocumentKind::kInvoice, DocumentKind::kBill, DocumentKind::kCreditNote,
     DocumentKind::kExpense},
    {DocumentKind::kPayment, DocumentKind::kAllocation, DocumentKind::kAllocation,
     DocumentKind::kAllocation},
}};

// Calls `send.template operator()<T>()` with the domain type `kind` is sent as (`unsent()` for a
// value outside the enumeration).
template <typename Send, typename Unsent>
auto ForKind(DocumentKind kind, Send&& send, Unsent&& unsent) {
  switch (kind) {
    case DocumentKind::kContact:
      return send.template operator()<domain::Contact>();
    case DocumentKind::kInvoice:
    case DocumentKind::kBill:
      return send.template operator()<domain::Invoice>();
    case DocumentKind::kCreditNote:
      return send.template operator()<domain::CreditNote>();
    case DocumentKind::kPayment:
      return send.template operator()<domain::Payment>();
    case DocumentKind::kExpense:
      return send.template operator()<domain::BankTransaction>();
    case DocumentKind::kAllocation:
      return send.template operator()<domain::Allocation>();
  }
  return unsent();
}

xero::Priority PriorityOf(store::RunTrigger trigger) {
  switch (trigger) {
    case store::RunTrigger::kManual:
    case store::RunTrigger::kRetry:
      return xero::Priority::kManualRetry;
    case store::RunTrigger::kInitial:
      return xero::Priority::kBackfill;
    case store::RunTrigger::kAutomatic:
    case store::RunTrigger::kWebhook:
      return xero::Priority::kLive;
  }
  return xero::Priority::kLive;
}

bool IsConnectionTrouble(const Status& status) {
  return status.code() == StatusCode::kFailedPrecondition ||
         status.code() == StatusCode::kResourceExhausted ||
         status.code() == StatusCode::kPermissionDenied ||
         status.code() == StatusCode::kUnauthenticated;
}

// Counts the requests a run makes (its "API calls used"; the client's own retries are not
// counted).
class CountingTransport final : public xero::Transport {
 public:
  explicit CountingTransport(xero::Transport& inner) : inner_(inner) {}
  xero::TransportResult Send(const xero::HttpRequest& request) override {
    ++sent;
    return inner_.Send(request);
  }
  int64_t sent = 0;

 private:
  xero::Transport& inner_;
};

}  // namespace

// One run of one organisation: its state, and the steps of docs/sync.md.
class Run {
 public:
  Run(Engine& engine, store::Organisation organisation, store::SyncRun record)
      : engine_(engine),
        store_(engine.store_),
        org_(std::move(organisation)),
        record_(std::move(record)),
        target_{org_.connection_id, org_.tenant, PriorityOf(record_.trigger)},
        connected_(engine.client_.Bind(target_)),
        xero_(connected_),
        caller_(engine.client_.Caller(target_)) {}

  store::SyncRun Execute() {
    Status status = Steps();
    record_.counts.api_calls = xero_.sent;
    record_.finished_at = Now();
    if (!status.ok()) {
      record_.outcome = store::RunOutcome::kFailed;
      record_.detail = status.ToString();
    } else if (paused_) {
      record_.outcome = store::RunOutcome::kPaused;
      record_.detail = pause_reason_;
    } else if (lost_lease_) {
      record_.outcome = store::RunOutcome::kInterrupted;
      record_.detail = "another worker took the organisation over";
    } else if (record_.counts.failed + retried_ + unsettled_ == 0) {
      record_.outcome = store::RunOutcome::kSucceeded;
    } else {
      record_.outcome =
          record_.counts.synced > 0 ? store::RunOutcome::kPartial : store::RunOutcome::kFailed;
    }
    return record_;
  }

 private:
  TimePoint Now() const { return engine_.clock_.Now(); }

  Status Steps() {
    // Step 2: a paused organisation is tried again once its pause can have ended. A connection
    // still refused is refused again by the client at no cost, and pauses it again.
    if (org_.paused_reason && (!org_.paused_until || *org_.paused_until <= Now())) {
      RETURN_IF_ERROR(store_.ResumeOrganisation(org_.tenant, Now()).status());
    } else if (org_.paused_reason) {
      paused_ = true;
      pause_reason_ = *org_.paused_reason;
      return OkStatus();
    }
    if (record_.trigger == store::RunTrigger::kInitial || !org_.initial_sync_done) {
      RETURN_IF_ERROR(InitialSync());
      if (Stopped()) return OkStatus();
    } else {
      RETURN_IF_ERROR(RefreshStaleSettings());
      if (Stopped()) return OkStatus();
    }
    RETURN_IF_ERROR(store_.ReleaseAfterRelevantChange(org_.tenant, Now()).status());
    for (int round = 0; round < engine_.options_.max_rounds; ++round) {
      RETURN_IF_ERROR(Reconcile());
      if (Stopped()) return OkStatus();
      int64_t sent_this_round = 0;
      RETURN_IF_ERROR(PlanRound(sent_this_round));
      if (Stopped()) return OkStatus();
      ASSIGN_OR_RETURN(const bool requested, store_.TakeSyncRequest(org_.tenant));
      if (requested) record_.joined = true;
      // An ambiguous batch is settled at once (the next round's reconciliation), not next run.
      if (sent_this_round == 0 && !requested && !ambiguous_batch_) return OkStatus();
      ambiguous_batch_ = false;
    }
    return OkStatus();
  }

  bool Stopped() const { return paused_ || lost_lease_; }

  void Step(std::string_view step) {
    if (engine_.options_.on_step) engine_.options_.on_step(step);
  }

  // ---- the initial sync (docs/sync.md, "Adopting what is already there") ----

  Status InitialSync() {
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

  Status RefreshStaleSettings() {
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
  Status ForEachNewPending(DocumentKind kind,
                           const std::function<Status(const std::vector<Document>&)>& visit) {
    int64_t after = 0;
    while (true) {
      store::DocumentQuery query;
      query.organisation = org_.tenant;
      query.state = store::DocumentState::kPending;
      query.kind = kind;
      query.after_id = after;
      query.limit = engine_.options_.page_size;
      ASSIGN_OR_RETURN(std::vector<Document> page, store_.ListDocuments(query));
      if (page.empty()) return OkStatus();
      after = page.back().id;
      std::erase_if(page, [](const Document& d) { return d.ever_attempted || d.xero_id; });
      if (!page.empty()) RETURN_IF_ERROR(visit(page));
      if (Stopped()) return OkStatus();
    }
  }

  // Links documents to records already in Xero: synced without a request (an attempt whose key
  // says so, so that the history shows it).
  Status Adopt(const std::vector<std::pair<int64_t, std::string>>& found, int64_t& adopted) {
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
    ASSIGN_OR_RETURN(const store::Attempt attempt,
                     store_.OpenAttempt(org_.tenant, key, ids, Now()));
    RETURN_IF_ERROR(store_.RecordOutcomes(attempt.id, outcomes, Now()));
    adopted += static_cast<int64_t>(found.size());
    record_.counts.synced += static_cast<int64_t>(found.size());
    return OkStatus();
  }

  // Contacts: the same ContactNumber, else the same name among active contacts (cached settings).
  Status AdoptContacts(int64_t& adopted) {
    ASSIGN_OR_RETURN(const std::vector<domain::Contact> cached,
                     CachedContacts(store_, org_.tenant));
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
  Status AdoptInvoices(int64_t& adopted) {
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

  // ---- reconciliation (docs/sync.md, protocol step 5) ----

  Status Reconcile() {
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

  Result<DocumentOutcomeRecord> Settle(const Document& document) {
    return ForKind(
        document.kind, [&]<typename T>() { return SettleAs<T>(document); },
        [&]() -> Result<DocumentOutcomeRecord> {
          return OutcomeFor(document.id, OutcomeKind::kResend);
        });
  }

  template <typename T>
  Result<DocumentOutcomeRecord> SettleAs(const Document& document) {
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

  // ---- planning and sending (docs/sync.md, "One run" steps 4-6) ----

  Status PlanRound(int64_t& sent) {
    for (const auto& level : kLevels) {
      for (std::size_t k = 0; k < level.size(); ++k) {
        if (k > 0 && level[k] == level[k - 1]) continue;
        RETURN_IF_ERROR(PlanKind(level[k], sent));
        if (Stopped()) return OkStatus();
      }
    }
    return OkStatus();
  }

  Status PlanKind(DocumentKind kind, int64_t& sent) {
    int64_t after = 0;
    while (true) {
      store::DocumentQuery query;
      query.organisation = org_.tenant;
      query.state = store::DocumentState::kPending;
      query.kind = kind;
      query.due_by = Now();
      query.after_id = after;
      query.limit = engine_.options_.page_size;
      ASSIGN_OR_RETURN(const std::vector<Document> page, store_.ListDocuments(query));
      if (page.empty()) return OkStatus();
      after = page.back().id;
      RETURN_IF_ERROR(ForKind(
          kind, [&]<typename T>() { return SendPage<T>(page, sent); }, [] { return OkStatus(); }));
      if (Stopped()) return OkStatus();
      if (static_cast<int>(page.size()) < query.limit) return OkStatus();
    }
  }

  Result<ParentIds> ParentsOf(std::span<const Document> documents) {
    std::vector<DocumentKey> keys;
    for (const Document& document : documents) {
      for (const store::ParentRef& parent : document.parents) keys.push_back(parent.key);
    }
    if (keys.empty()) return ParentIds{};
    return store_.XeroIds(org_.tenant, keys);
  }

  // Documents of one kind ready to go, sorted into what can be sent and what cannot.
  template <typename T>
  struct Sendable {
    std::vector<Document> documents;
    std::vector<T> values;
  };

  template <typename T>
  Status SendPage(const std::vector<Document>& page, int64_t& sent) {
    ASSIGN_OR_RETURN(const ParentIds parents, ParentsOf(page));
    std::vector<std::pair<int64_t, DocumentKey>> blocked;
    std::vector<std::pair<int64_t, int64_t>> refused;
    Sendable<T> creates;
    Sendable<T> updates;
    for (const Document& document : page) {
      if (std::optional<DocumentKey> parent = MissingParent(document, parents)) {
        blocked.emplace_back(document.id, *parent);
        continue;
      }
      Result<T> value = Materialize<T>(document, parents);
      if (!value.ok()) {
        ASSIGN_OR_RETURN(const int64_t error,
                         store_.OpenError(org_.tenant, document.id,
                                          UnreadableReport(value.status().message()), Now()));
        refused.emplace_back(document.id, error);
        continue;
      }
      if (!document.xero_id && !Searchable(*value)) {
        ASSIGN_OR_RETURN(
            const int64_t error,
            store_.OpenError(org_.tenant, document.id,
                             NotSearchableReport(document, SearchFields(*value)), Now()));
        refused.emplace_back(document.id, error);
        continue;
      }
      Sendable<T>& into = document.xero_id ? updates : creates;
      into.documents.push_back(document);
      into.values.push_back(std::move(*value));
    }
    if (!blocked.empty()) {
      RETURN_IF_ERROR(store_.Block(blocked, Now()));
      record_.counts.blocked += static_cast<int64_t>(blocked.size());
    }
    if (!refused.empty()) {
      RETURN_IF_ERROR(store_.FailPending(refused, Now()));
      record_.counts.failed += static_cast<int64_t>(refused.size());
    }
    RETURN_IF_ERROR(SendAll(creates, xero::WriteMethod::kPut, sent));
    if (Stopped()) return OkStatus();
    return SendAll(updates, xero::WriteMethod::kPost, sent);
  }

  template <typename T>
  Status SendAll(const Sendable<T>& sendable, xero::WriteMethod method, int64_t& sent) {
    if constexpr (std::is_same_v<T, domain::Allocation>) {
      // Allocations go to their credit note's own path: one group per credit note.
      std::map<std::string, Sendable<T>> by_note;
      for (std::size_t i = 0; i < sendable.values.size(); ++i) {
        Sendable<T>& group = by_note[sendable.values[i].credit_note->id.value()];
        group.documents.push_back(sendable.documents[i]);
        group.values.push_back(sendable.values[i]);
        group.values.back().credit_note = {};  // named by the path
      }
      for (const auto& [note, group] : by_note) {
        RETURN_IF_ERROR(SendPlanned(group, method, note, sent));
        if (Stopped()) return OkStatus();
      }
      return OkStatus();
    } else {
      return SendPlanned(sendable, method, "", sent);
    }
  }

  template <typename T>
  Status SendPlanned(const Sendable<T>& sendable, xero::WriteMethod method,
                     std::string_view credit_note, int64_t& sent) {
    if (sendable.values.empty()) return OkStatus();
    const std::span<const T> values(sendable.values);
    xero::BatchPlan plan = xero::PlanBatches<T>(values, engine_.options_.batch);
    if (!plan.refused.empty()) {
      std::vector<std::pair<int64_t, int64_t>> refused;
      for (const xero::RefusedDocument& r : plan.refused) {
        const Document& document = sendable.documents[r.index];
        ASSIGN_OR_RETURN(
            const int64_t error,
            store_.OpenError(org_.tenant, document.id, TooLargeReport(r.status.message()), Now()));
        refused.emplace_back(document.id, error);
      }
      RETURN_IF_ERROR(store_.FailPending(refused, Now()));
      record_.counts.failed += static_cast<int64_t>(refused.size());
    }
    for (const xero::Batch& batch : plan.batches) {
      RETURN_IF_ERROR(SendOne(sendable, values, method, batch, credit_note));
      ++sent;
      if (Stopped()) return OkStatus();
    }
    return OkStatus();
  }

  template <typename T>
  Status SendOne(const Sendable<T>& sendable, std::span<const T> values, xero::WriteMethod method,
                 const xero::Batch& batch, std::string_view credit_note) {
    const std::string_view method_name = method == xero::WriteMethod::kPut ? "PUT" : "POST";
    std::vector<KeyedDocument> keyed;
    std::vector<int64_t> ids;
    for (std::size_t i = batch.first; i < batch.first + batch.count; ++i) {
      const Document& d = sendable.documents[i];
      keyed.push_back({d.kind, d.host_id, d.version, d.operation, d.rejections});
      ids.push_back(d.id);
    }
    const std::string key = IdempotencyKey(org_.tenant, method_name, keyed, batch.body);
    // Intent, durable before anything is sent (protocol step 2).
    Result<store::Attempt> attempt = store_.OpenAttempt(org_.tenant, key, ids, Now());
    if (attempt.status().code() == StatusCode::kFailedPrecondition) {
      return OkStatus();  // a document changed state meanwhile (a user's action): next round
    }
    RETURN_IF_ERROR(attempt.status());
    Step("intent");

    std::vector<xero::DocumentResult<T>> results;
    if constexpr (std::is_same_v<T, domain::Allocation>) {
      results = xero::SendAllocations(xero_, caller_, credit_note, values, batch, key);
    } else {
      results = xero::SendBatch<T>(xero_, caller_, method, values, batch, key);
    }

    std::vector<DocumentOutcomeRecord> outcomes;
    std::optional<Status> pause;
    for (xero::DocumentResult<T>& result : results) {
      const Document& document = sendable.documents[result.index];
      ASSIGN_OR_RETURN(DocumentOutcomeRecord outcome,
                       OutcomeOf(document, result, FailureOf(method_name, result, results.size()),
                                 pause));
      outcomes.push_back(std::move(outcome));
    }
    Step("answered");
    RETURN_IF_ERROR(store_.RecordOutcomes(attempt->id, outcomes, Now()));
    Step("recorded");
    if (pause) {
      Pause(*pause);
      return PauseRest();
    }
    return RenewLease();
  }

  template <typename T>
  Result<DocumentOutcomeRecord> OutcomeOf(const Document& document, xero::DocumentResult<T>& result,
                                          const RequestFailure& failure,
                                          std::optional<Status>& pause) {
    DocumentOutcomeRecord outcome = OutcomeFor(document.id, OutcomeKind::kRetry);
    switch (result.outcome) {
      case xero::DocumentOutcome::kWritten:
        outcome.kind = OutcomeKind::kWritten;
        outcome.xero_id = XeroIdOf(*result.record);
        ++record_.counts.synced;
        return outcome;
      case xero::DocumentOutcome::kRejected: {
        ASSIGN_OR_RETURN(outcome.error_id,
                         store_.OpenError(org_.tenant, document.id,
                                          RefusedReport(document, result.errors, failure), Now()));
        outcome.kind = OutcomeKind::kRejected;
        ++record_.counts.failed;
        return outcome;
      }
      case xero::DocumentOutcome::kAmbiguous:
        outcome.kind = OutcomeKind::kAmbiguous;
        ambiguous_batch_ = true;
        failed_.insert_or_assign(document.id, failure);
        return outcome;
      case xero::DocumentOutcome::kNotSent:
      case xero::DocumentOutcome::kFailed:
        break;
    }
    const Status& status = result.status;
    if (IsConnectionTrouble(status) && status.code() != StatusCode::kResourceExhausted) {
      outcome.kind = OutcomeKind::kPaused;
      ++record_.counts.paused;
      if (!pause) pause = status;
      return outcome;
    }
    if (status.code() == StatusCode::kResourceExhausted &&
        engine_.client_.budget().ParkedUntil(org_.tenant)) {
      outcome.kind = OutcomeKind::kPaused;
      ++record_.counts.paused;
      if (!pause) pause = status;
      return outcome;
    }
    if (result.outcome == xero::DocumentOutcome::kFailed && result.http_status &&
        *result.http_status != 429 && *result.http_status != 408) {
      // Xero refused the request as a whole (400, 404, 413, ...): not worth repeating as it is.
      ASSIGN_OR_RETURN(outcome.error_id,
                       store_.OpenError(org_.tenant, document.id,
                                        FailureReport(document, failure, document.tries + 1),
                                        Now()));
      outcome.kind = OutcomeKind::kRejected;
      ++record_.counts.failed;
      return outcome;
    }
    ++retried_;
    return TransientOutcome(store_, document, failure, engine_.retry_, engine_.mu_, Now());
  }

  // ---- pausing and the lease ----

  void Pause(const Status& status) {
    if (paused_) return;
    paused_ = true;
    pause_reason_ = status.message();
    pause_code_ =
        CodeOfFailure(status, {}, engine_.client_.budget().ParkedUntil(org_.tenant).has_value());
  }

  // Every pending document of the organisation -> paused (docs/sync.md, "One run" step 6).
  Status PauseRest() {
    if (!paused_) return OkStatus();
    std::optional<TimePoint> until = engine_.client_.budget().ParkedUntil(org_.tenant);
    ASSIGN_OR_RETURN(const int64_t moved,
                     store_.PauseOrganisation(org_.tenant, pause_code_, pause_reason_, until, Now()));
    record_.counts.paused += moved;
    return OkStatus();
  }

  Status RenewLease() {
    ASSIGN_OR_RETURN(const bool held,
                     store_.TryAcquireLease(LeaseName(org_.tenant), engine_.options_.owner, Now(),
                                            engine_.options_.lease_ttl));
    if (!held) lost_lease_ = true;
    return OkStatus();
  }

  Engine& engine_;
  store::Store& store_;
  store::Organisation org_;
  store::SyncRun record_;
  xero::CallTarget target_;
  xero::ConnectedTransport connected_;
  CountingTransport xero_;  // every request of the run, lookups included
  xero::ApiCaller caller_;

  int64_t retried_ = 0;
  bool paused_ = false;
  std::string pause_reason_;
  std::string_view pause_code_;  // a catalogue code: static storage
  std::map<int64_t, RequestFailure> failed_;  // this run's ambiguous writes that Xero failed
  std::set<int64_t> resent_;                  // of them, those already sent again this run
  bool lost_lease_ = false;
  int64_t adoptions_ = 0;
  bool ambiguous_batch_ = false;  // a batch's outcome is unknown: reconcile before ending
  int64_t unsettled_ = 0;         // documents the last reconciliation could not settle
};

Engine::Engine(store::Store& store, xero::XeroClient& client, const Clock& clock,
               EngineOptions options)
    : store_(store),
      client_(client),
      clock_(clock),
      options_([&] {
        if (options.owner.empty()) options.owner = DefaultOwner();
        return options;
      }()),
      retry_(options_.retry, options_.seed) {}

Result<RunReport> Engine::Join(const domain::TenantId& tenant) {
  RETURN_IF_ERROR(store_.RequestSync(tenant));
  ASSIGN_OR_RETURN(std::optional<store::SyncRun> running, store_.RunningRun(tenant));
  RunReport report;
  report.joined = true;
  if (running) {
    RETURN_IF_ERROR(store_.MarkRunJoined(running->id));
    running->joined = true;
    report.run = std::move(*running);
  }
  return report;
}

Result<RunReport> Engine::RunOnce(const domain::TenantId& tenant, store::RunTrigger trigger) {
  ASSIGN_OR_RETURN(store::Organisation organisation, store_.GetOrganisation(tenant));
  {
    std::lock_guard lock(mu_);
    if (!running_.insert(tenant).second) return Join(tenant);
  }
  struct Slot {
    Engine& engine;
    const domain::TenantId& tenant;
    ~Slot() {
      std::lock_guard lock(engine.mu_);
      engine.running_.erase(tenant);
    }
  } slot{*this, tenant};

  const std::string lease = LeaseName(tenant);
  ASSIGN_OR_RETURN(const bool held,
                   store_.TryAcquireLease(lease, options_.owner, clock_.Now(), options_.lease_ttl));
  if (!held) return Join(tenant);
  RunReport report;
  // A request that joins after the run's last look (between its final round and the lease's
  // release) is served by one more run, so no request is left waiting for the next interval.
  for (int run_number = 0; run_number < 3; ++run_number) {
    // A request made before this run started is served by it.
    RETURN_IF_ERROR(store_.TakeSyncRequest(tenant).status());
    Result<store::SyncRun> started = store_.StartRun(
        tenant, run_number == 0 ? trigger : store::RunTrigger::kManual, clock_.Now());
    if (!started.ok()) {
      (void)store_.ReleaseLease(lease, options_.owner);
      return started.status();
    }
    Run run(*this, organisation, std::move(*started));
    store::SyncRun finished = run.Execute();
    const Status saved = store_.FinishRun(finished);
    if (!saved.ok()) {
      (void)store_.ReleaseLease(lease, options_.owner);
      return saved;
    }
    if (run_number == 0) report.run = std::move(finished);
    ASSIGN_OR_RETURN(const bool again, store_.TakeSyncRequest(tenant));
    if (!again) break;
    ASSIGN_OR_RETURN(organisation, store_.GetOrganisation(tenant));
  }
  RETURN_IF_ERROR(store_.ReleaseLease(lease, options_.owner));
  return report;
}

}  // namespace xerosync::sync
