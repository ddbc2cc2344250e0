#include "sync/engine.h"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <map>
#include <random>
#include <utility>
#include <vector>

#include "rules/catalogue.h"
#include "sync/failures.h"
#include "sync/keys.h"
#include "sync/lookups.h"
#include "sync/reconcile.h"
#include "sync/reports.h"
#include "sync/run.h"
#include "sync/settings.h"

namespace xerosync::sync {
namespace {

std::string DefaultOwner() {
  std::array<char, 256> host{};
  if (gethostname(host.data(), host.size() - 1) != 0) host[0] = '\0';
  std::random_device random;
  return std::string(host.data()) + ":" + std::to_string(getpid()) + ":" + std::to_string(random());
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

}  // namespace

store::SyncRun Run::Execute() {
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

Status Run::Steps() {
  // Step 2: a paused organisation is tried again once its pause can have ended. A connection
  // still refused is refused again by the client at no cost, and pauses it again.
  const bool pause_over = org_.paused_reason && (!org_.paused_until || *org_.paused_until <= Now());
  if (pause_over && org_.paused_code == "connection.not_connected" && !Listed()) {
    // Disconnected (from xerosync, or in Xero): it stays paused, with no call, until a connect
    // lists it again; documents that arrived meanwhile wait with the others.
    RETURN_IF_ERROR(store_
                        .PauseOrganisation(org_.tenant, *org_.paused_code, *org_.paused_reason,
                                           std::nullopt, Now())
                        .status());
    paused_ = true;
    pause_reason_ = *org_.paused_reason;
    return OkStatus();
  }
  if (pause_over) {
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
  RETURN_IF_ERROR(
      store_.ReleaseAfterRelevantChange(org_.tenant, CodesReleasedOnChange(), Now()).status());
  for (int round = 0; round < engine_.options_.max_rounds; ++round) {
    RETURN_IF_ERROR(ReleaseDependents(store_, org_.tenant, Now()).status());
    RETURN_IF_ERROR(Reconcile());
    if (Stopped()) return OkStatus();
    int64_t sent_this_round = 0;
    RETURN_IF_ERROR(PlanRound(sent_this_round));
    if (Stopped()) return OkStatus();
    ASSIGN_OR_RETURN(bool requested, store_.TakeSyncRequest(org_.tenant));
    if (requested) record_.joined = true;
    ASSIGN_OR_RETURN(const bool refreshed, RefreshAfterStaleAnswer());
    if (Stopped()) return OkStatus();
    requested = requested || refreshed;
    // An ambiguous batch is settled at once (the next round's reconciliation), not next run.
    if (sent_this_round == 0 && !requested && !ambiguous_batch_) return OkStatus();
    ambiguous_batch_ = false;
  }
  return OkStatus();
}

bool Run::Listed() {
  Result<xero::ConnectionInfo> info = engine_.client_.tokens().Describe(org_.connection_id);
  if (!info.ok()) return info.status().code() != StatusCode::kNotFound;  // unsure: probe
  return info->state != xero::ConnectionState::kDisconnected &&
         std::ranges::find(info->tenant_ids, org_.tenant.value()) != info->tenant_ids.end();
}

Status Run::PlanRound(int64_t& sent) {
  for (const auto& level : kLevels) {
    for (std::size_t k = 0; k < level.size(); ++k) {
      if (k > 0 && level[k] == level[k - 1]) continue;
      RETURN_IF_ERROR(PlanKind(level[k], sent));
      if (Stopped()) return OkStatus();
    }
  }
  return OkStatus();
}

Status Run::ForEachPendingPage(DocumentKind kind, std::optional<TimePoint> due_by,
                               const std::function<Status(std::vector<Document>&)>& visit) {
  int64_t after = 0;
  while (true) {
    store::DocumentQuery query;
    query.organisation = org_.tenant;
    query.state = store::DocumentState::kPending;
    query.kind = kind;
    query.due_by = due_by;
    query.after_id = after;
    query.limit = engine_.options_.page_size;
    ASSIGN_OR_RETURN(std::vector<Document> page, store_.ListDocuments(query));
    if (page.empty()) return OkStatus();
    after = page.back().id;
    const bool last = static_cast<int>(page.size()) < query.limit;
    RETURN_IF_ERROR(visit(page));
    if (Stopped() || last) return OkStatus();
  }
}

Status Run::PlanKind(DocumentKind kind, int64_t& sent) {
  return ForEachPendingPage(kind, Now(), [&](std::vector<Document>& page) {
    return ForKind(
        kind, [&]<typename T>() { return SendPage<T>(page, sent); }, [] { return OkStatus(); });
  });
}

Result<ParentIds> Run::ParentsOf(std::span<const Document> documents) {
  std::vector<DocumentKey> keys;
  for (const Document& document : documents) {
    for (const store::ParentRef& parent : document.parents) keys.push_back(parent.key);
  }
  if (keys.empty()) return ParentIds{};
  return store_.XeroIds(org_.tenant, keys);
}

template <typename T>
Status Run::SendPage(const std::vector<Document>& page, int64_t& sent) {
  ASSIGN_OR_RETURN(const ParentIds parents, ParentsOf(page));
  std::vector<std::pair<int64_t, DocumentKey>> blocked;
  std::vector<std::pair<int64_t, int64_t>> refused;
  std::vector<std::pair<int64_t, std::string>> linked;
  Sendable<T> creates;
  Sendable<T> updates;
  for (const Document& document : page) {
    if (std::optional<DocumentKey> parent = MissingParent(document, parents)) {
      ASSIGN_OR_RETURN(const std::optional<int64_t> error,
                       FailIfNeverInXero(store_, document, *parent, Now()));
      if (error) refused.emplace_back(document.id, *error);
      if (!error) blocked.emplace_back(document.id, *parent);
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
    ASSIGN_OR_RETURN(const PreflightData* data, Preflight());
    ASSIGN_OR_RETURN(const Verdict verdict,
                     sync::Preflight(store_, document, *value, *data, Now()));
    if (verdict.kind == Verdict::Kind::kRefuse) {
      ASSIGN_OR_RETURN(const int64_t error,
                       store_.OpenError(org_.tenant, document.id, verdict.report, Now()));
      refused.emplace_back(document.id, error);
      continue;
    }
    if (verdict.kind == Verdict::Kind::kBlock) {
      blocked.emplace_back(document.id, verdict.parent);
      if (verdict.queued_contact) ++sent;  // the contact goes next round
      continue;
    }
    if (verdict.kind == Verdict::Kind::kLink) {
      linked.emplace_back(document.id, verdict.xero_id);
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
  int64_t adopted = 0;
  RETURN_IF_ERROR(Adopt(linked, adopted));
  RETURN_IF_ERROR(SendAll(creates, xero::WriteMethod::kPut, sent));
  if (Stopped()) return OkStatus();
  return SendAll(updates, xero::WriteMethod::kPost, sent);
}

template <typename T>
Status Run::SendAll(const Sendable<T>& sendable, xero::WriteMethod method, int64_t& sent) {
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
Status Run::SendPlanned(const Sendable<T>& sendable, xero::WriteMethod method,
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
Status Run::SendOne(const Sendable<T>& sendable, std::span<const T> values,
                    xero::WriteMethod method, const xero::Batch& batch,
                    std::string_view credit_note) {
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
  ASSIGN_OR_RETURN(const RefusalReports looked,
                   LookUpRefusals<T>({xero_, caller_, store_, org_.tenant, credit_note},
                                     sendable.documents, values, results));

  std::vector<DocumentOutcomeRecord> outcomes;
  std::optional<Status> pause;
  for (xero::DocumentResult<T>& result : results) {
    const Document& document = sendable.documents[result.index];
    ASSIGN_OR_RETURN(
        DocumentOutcomeRecord outcome,
        OutcomeOf(document, result, looked, FailureOf(method_name, result, results.size()), pause));
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
Result<DocumentOutcomeRecord> Run::OutcomeOf(const Document& document,
                                             xero::DocumentResult<T>& result,
                                             const RefusalReports& looked,
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
      ASSIGN_OR_RETURN(
          outcome.error_id,
          store_.OpenError(org_.tenant, document.id,
                           WithRequest(Refused(document, result, looked), failure), Now()));
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
                                      FailureReport(document, failure, document.tries + 1), Now()));
    outcome.kind = OutcomeKind::kRejected;
    ++record_.counts.failed;
    return outcome;
  }
  ++retried_;  // transient: pending again after a backoff
  return TransientOutcome(store_, document, failure, engine_.retry_, engine_.mu_, Now());
}

// Xero's refusal: what a lookup found out about it (sync/lookups.h), else Xero's words with the
// code made as precise as the pre-flight's. A refusal the cached settings should have foreseen
// means they are stale (ERRORS.md: "retry after reference refresh").
template <typename T>
store::ErrorReport Run::Refused(const Document& document, const xero::DocumentResult<T>& result,
                                const RefusalReports& looked) {
  if (const auto it = looked.find(result.index); it != looked.end()) return it->second;
  store::ErrorReport report =
      XeroRefusedReport(document, result.errors, preflight_ ? &preflight_->reference : nullptr);
  const rules::CatalogueEntry* entry = rules::FindEntry(report.code);
  if (entry != nullptr && entry->preflight) stale_settings_ = true;
  return report;
}

void Run::Pause(const Status& status) {
  if (paused_) return;
  paused_ = true;
  pause_reason_ = status.message();
  pause_code_ =
      CodeOfFailure(status, {}, engine_.client_.budget().ParkedUntil(org_.tenant).has_value());
}

// Every pending document of the organisation -> paused (docs/sync.md, "One run" step 6).
Status Run::PauseRest() {
  if (!paused_) return OkStatus();
  std::optional<TimePoint> until = engine_.client_.budget().ParkedUntil(org_.tenant);
  ASSIGN_OR_RETURN(const int64_t moved,
                   store_.PauseOrganisation(org_.tenant, pause_code_, pause_reason_, until, Now()));
  record_.counts.paused += moved;
  return OkStatus();
}

Status Run::RenewLease() {
  ASSIGN_OR_RETURN(const bool held,
                   store_.TryAcquireLease(LeaseName(org_.tenant), engine_.options_.owner, Now(),
                                          engine_.options_.lease_ttl));
  if (!held) lost_lease_ = true;
  return OkStatus();
}

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

Result<SettingsRefresh> Engine::RefreshSettingsNow(const domain::TenantId& tenant) {
  ASSIGN_OR_RETURN(const store::Organisation organisation, store_.GetOrganisation(tenant));
  const xero::CallTarget target{organisation.connection_id, tenant, xero::Priority::kManualRetry};
  xero::ConnectedTransport transport = client_.Bind(target);
  SettingsRefresh refresh;
  ASSIGN_OR_RETURN(refresh.kinds_changed, RefreshSettings(transport, client_.Caller(target), store_,
                                                          tenant, clock_.Now()));
  ASSIGN_OR_RETURN(refresh.released, store_.ReleaseAfterRelevantChange(
                                         tenant, CodesReleasedOnChange(), clock_.Now()));
  ASSIGN_OR_RETURN(const PreflightData data, LoadPreflight(store_, tenant));
  refresh.warnings = SettingsWarnings(data.reference);
  return refresh;
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
