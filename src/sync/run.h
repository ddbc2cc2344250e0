#pragma once
// Internal to the sync engine (engine.cc, run_initial.cc): one run of one organisation — its
// state and the steps of docs/sync.md. Not part of the sync API: include engine.h instead.
//
// Thread safety: a Run is used by the one thread that runs it.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/store.h"
#include "sync/engine.h"
#include "sync/failures.h"
#include "sync/lookups.h"
#include "sync/materialize.h"
#include "sync/prepare.h"
#include "xero/batch.h"
#include "xero/client.h"

namespace xerosync::sync {

using store::Document;
using store::DocumentKey;
using store::DocumentKind;
using store::DocumentOutcomeRecord;
using store::OutcomeKind;

inline DocumentOutcomeRecord OutcomeFor(int64_t document_id, OutcomeKind kind) {
  DocumentOutcomeRecord outcome;
  outcome.document_id = document_id;
  outcome.kind = kind;
  return outcome;
}

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

inline xero::Priority PriorityOf(store::RunTrigger trigger) {
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

// A connection refused (not connected, expired, revoked, missing scope) or the day's limit spent.
inline bool IsConnectionTrouble(const Status& status) {
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

  store::SyncRun Execute();

 private:
  TimePoint Now() const { return engine_.clock_.Now(); }

  Status Steps();

  bool Stopped() const { return paused_ || lost_lease_; }

  // Whether the organisation's connection lists it (true when that cannot be read now: the run
  // then probes as before).
  bool Listed();

  void Step(std::string_view step) {
    if (engine_.options_.on_step) engine_.options_.on_step(step);
  }

  // ---- the initial sync (docs/sync.md, "Adopting what is already there") ----

  Status InitialSync();

  Status RefreshStaleSettings();

  // Never-attempted pending documents of `kind`, a page at a time.
  Status ForEachNewPending(DocumentKind kind,
                           const std::function<Status(const std::vector<Document>&)>& visit);

  // Links documents to records already in Xero: synced without a request (an attempt whose key
  // says so, so that the history shows it).
  Status Adopt(const std::vector<std::pair<int64_t, std::string>>& found, int64_t& adopted);

  // Contacts: the same ContactNumber, else the same name among active contacts (cached settings).
  Status AdoptContacts(int64_t& adopted);

  // Sales invoices: the same number (one request per 50), contact, date and total.
  Status AdoptInvoices(int64_t& adopted);

  // ---- reconciliation (docs/sync.md, protocol step 5) ----

  Status Reconcile();

  Result<DocumentOutcomeRecord> Settle(const Document& document);

  template <typename T>
  Result<DocumentOutcomeRecord> SettleAs(const Document& document);

  // ---- planning and sending (docs/sync.md, "One run" steps 4-6) ----

  Status PlanRound(int64_t& sent);

  Status PlanKind(DocumentKind kind, int64_t& sent);

  // Pending documents of `kind` (due by `due_by` when given), a page at a time, until a page is
  // the last or the run stops.
  Status ForEachPendingPage(DocumentKind kind, std::optional<TimePoint> due_by,
                            const std::function<Status(std::vector<Document>&)>& visit);

  Result<ParentIds> ParentsOf(std::span<const Document> documents);

  // Documents of one kind ready to go, sorted into what can be sent and what cannot.
  template <typename T>
  struct Sendable {
    std::vector<Document> documents;
    std::vector<T> values;
  };

  template <typename T>
  Status SendPage(const std::vector<Document>& page, int64_t& sent);

  template <typename T>
  Status SendAll(const Sendable<T>& sendable, xero::WriteMethod method, int64_t& sent);

  template <typename T>
  Status SendPlanned(const Sendable<T>& sendable, xero::WriteMethod method,
                     std::string_view credit_note, int64_t& sent);

  template <typename T>
  Status SendOne(const Sendable<T>& sendable, std::span<const T> values, xero::WriteMethod method,
                 const xero::Batch& batch, std::string_view credit_note);

  template <typename T>
  Result<DocumentOutcomeRecord> OutcomeOf(const Document& document, xero::DocumentResult<T>& result,
                                          const RefusalReports& looked,
                                          const RequestFailure& failure,
                                          std::optional<Status>& pause);

  // ---- pre-flight (sync/prepare.h) and the settings it reads ----

  // The organisation's cached settings and mappings, loaded at the run's first need.
  Result<const PreflightData*> Preflight();

  // Xero's refusal, its code made as precise as the pre-flight's. A refusal the cached settings
  // should have foreseen means they are stale (ERRORS.md: "retry after reference refresh").
  template <typename T>
  store::ErrorReport Refused(const Document& document, const xero::DocumentResult<T>& result,
                             const RefusalReports& looked);

  // Once a run, after such a refusal: the settings are read again, and the documents whose errors
  // depended on them are released. True when some were (another round is worth it).
  Result<bool> RefreshAfterStaleAnswer();

  // ---- pausing and the lease ----

  void Pause(const Status& status);

  // Every pending document of the organisation -> paused (docs/sync.md, "One run" step 6).
  Status PauseRest();

  Status RenewLease();

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
  std::string_view pause_code_;  // a catalogue code (static storage); "" before a pause
  std::map<int64_t, RequestFailure> failed_;  // this run's ambiguous writes that Xero failed
  std::set<int64_t> resent_;                  // of them, those already sent again this run
  bool lost_lease_ = false;
  int64_t adoptions_ = 0;
  bool ambiguous_batch_ = false;  // a batch's outcome is unknown: reconcile before ending
  int64_t unsettled_ = 0;         // documents the last reconciliation could not settle
  std::optional<PreflightData> preflight_;
  bool stale_settings_ = false;  // Xero refused what the cached settings allowed
  bool refreshed_after_stale_ = false;
};

}  // namespace xerosync::sync
