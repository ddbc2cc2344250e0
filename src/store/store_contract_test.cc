// The Store contract, part 1: the fixture, organisations, leases, sync errors, runs, mappings,
// settings, the audit log, connection records, durability and sharing between processes.
// Documents and attempts are in store_contract_documents_test.cc. Every backend runs these.
#include "store/store_contract.h"

#include <gmock/gmock.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <thread>

namespace xerosync::store {

using std::chrono::minutes;
using std::chrono::seconds;
using testing::ElementsAre;

DocumentOutcomeRecord Outcome(int64_t document_id, OutcomeKind kind) {
  DocumentOutcomeRecord record;
  record.document_id = document_id;
  record.kind = kind;
  return record;
}

DocumentOutcomeRecord Written(int64_t document_id, std::string xero_id) {
  DocumentOutcomeRecord record = Outcome(document_id, OutcomeKind::kWritten);
  record.xero_id = std::move(xero_id);
  return record;
}

ErrorReport Report(std::string code, std::string message) {
  ErrorReport report;
  report.code = std::move(code);
  report.message = std::move(message);
  report.fix = "Map the account in Settings";
  report.xero_messages = {"Account code '999' is not a valid code for this document."};
  report.correlation_id = "corr-1";
  return report;
}

DocumentQuery Query(const domain::TenantId& tenant, std::optional<DocumentState> state,
                    std::optional<DocumentKind> kind, std::optional<TimePoint> due_by) {
  DocumentQuery query;
  query.organisation = tenant;
  query.state = state;
  query.kind = kind;
  query.due_by = due_by;
  return query;
}

ErrorQuery Errors(std::optional<domain::TenantId> tenant, std::optional<ErrorStatus> status,
                  std::optional<std::string> code) {
  ErrorQuery query;
  query.organisation = std::move(tenant);
  query.status = status;
  query.code = std::move(code);
  return query;
}

AuditEntry Audit(TimePoint at, std::string actor, std::string action, std::string subject,
                 std::optional<domain::TenantId> tenant) {
  AuditEntry entry;
  entry.at = at;
  entry.actor = std::move(actor);
  entry.action = std::move(action);
  entry.subject = std::move(subject);
  entry.organisation = std::move(tenant);
  return entry;
}

void StoreContractTest::SetUp() {
  open_ = GetParam().new_database();
  store_ = open_();
  ASSERT_NE(store_, nullptr);
  ASSERT_TRUE(store_->UpsertOrganisation(tenant(), "conn-a", "Demo Company (AU)").ok());
  ASSERT_TRUE(store_->UpsertOrganisation(domain::TenantId(kOtherTenant), "conn-b", "Other").ok());
}

IncomingDocument StoreContractTest::Contact(const std::string& host_id, const std::string& name) {
  return {.kind = DocumentKind::kContact,
          .host_id = host_id,
          .operation = Operation::kUpsert,
          .payload = R"({"Name":")" + name + R"("})",
          .parents = {}};
}

IncomingDocument StoreContractTest::Invoice(const std::string& host_id, std::string contact_host_id,
                                            const std::string& total) {
  return {
      .kind = DocumentKind::kInvoice,
      .host_id = host_id,
      .operation = Operation::kUpsert,
      .payload = R"({"Type":"ACCREC","InvoiceNumber":")" + host_id + R"(","Total":)" + total + "}",
      .parents = {{{DocumentKind::kContact, std::move(contact_host_id)}, "contact"}}};
}

int64_t StoreContractTest::AcceptOne(const IncomingDocument& doc) {
  auto accepted = store_->Accept(tenant(), {&doc, 1}, now());
  EXPECT_TRUE(accepted.ok()) << accepted.status();
  if (!accepted.ok() || accepted->size() != 1) return 0;
  return (*accepted)[0].document_id;
}

Attempt StoreContractTest::AcceptAndOpen(const IncomingDocument& doc, const std::string& key) {
  int64_t id = AcceptOne(doc);
  auto attempt = store_->OpenAttempt(tenant(), key, {&id, 1}, now());
  EXPECT_TRUE(attempt.ok()) << attempt.status();
  return attempt.ok() ? *attempt : Attempt{};
}

Document StoreContractTest::Get(int64_t id) {
  auto doc = store_->GetDocument(id);
  EXPECT_TRUE(doc.ok()) << doc.status();
  return doc.ok() ? *doc : Document{};
}

namespace {

// ---- organisations ----

TEST_P(StoreContractTest, OrganisationsAreAddedUpdatedAndListed) {
  auto org = store_->GetOrganisation(tenant());
  ASSERT_TRUE(org.ok()) << org.status();
  EXPECT_EQ(org->connection_id, "conn-a");
  EXPECT_EQ(org->name, "Demo Company (AU)");
  EXPECT_FALSE(org->paused_reason);
  EXPECT_FALSE(org->sync_requested);
  EXPECT_FALSE(org->initial_sync_done);

  // An update changes the connection and name, and keeps the generations.
  ASSERT_TRUE(store_->SetMapping(tenant(), {"account", "4000", "200"}, "ann", now()).ok());
  ASSERT_TRUE(store_->UpsertOrganisation(tenant(), "conn-a2", "Renamed").ok());
  org = store_->GetOrganisation(tenant());
  ASSERT_TRUE(org.ok());
  EXPECT_EQ(org->connection_id, "conn-a2");
  EXPECT_EQ(org->name, "Renamed");
  EXPECT_EQ(org->mappings_generation, 1);

  auto all = store_->ListOrganisations();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].tenant.value(), kTenant);
  EXPECT_EQ((*all)[1].tenant.value(), kOtherTenant);

  EXPECT_EQ(store_->GetOrganisation(domain::TenantId("nobody")).status().code(),
            StatusCode::kNotFound);
}

TEST_P(StoreContractTest, SyncRequestIsRememberedUntilTaken) {
  auto taken = store_->TakeSyncRequest(tenant());
  ASSERT_TRUE(taken.ok());
  EXPECT_FALSE(*taken);
  ASSERT_TRUE(store_->RequestSync(tenant()).ok());
  ASSERT_TRUE(store_->RequestSync(tenant()).ok());  // two requests join into one
  EXPECT_TRUE(store_->GetOrganisation(tenant())->sync_requested);
  taken = store_->TakeSyncRequest(tenant());
  ASSERT_TRUE(taken.ok());
  EXPECT_TRUE(*taken);
  EXPECT_FALSE(*store_->TakeSyncRequest(tenant()));
  EXPECT_FALSE(*store_->TakeSyncRequest(domain::TenantId(kOtherTenant)));
  EXPECT_EQ(store_->RequestSync(domain::TenantId("nobody")).code(), StatusCode::kNotFound);
}

TEST_P(StoreContractTest, InitialSyncDoneIsRecorded) {
  ASSERT_TRUE(store_->MarkInitialSyncDone(tenant(), true).ok());
  EXPECT_TRUE(store_->GetOrganisation(tenant())->initial_sync_done);
  ASSERT_TRUE(store_->MarkInitialSyncDone(tenant(), false).ok());
  EXPECT_FALSE(store_->GetOrganisation(tenant())->initial_sync_done);
}

// ---- leases ----

TEST_P(StoreContractTest, LeaseHasOneOwnerUntilItExpires) {
  auto a = store_->TryAcquireLease("org:tenant-a", "worker-1", now(), minutes(1));
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_TRUE(*a);
  // Another owner is refused while it is held.
  EXPECT_FALSE(*store_->TryAcquireLease("org:tenant-a", "worker-2", now(), minutes(1)));
  // Another name is independent.
  EXPECT_TRUE(*store_->TryAcquireLease("org:tenant-b", "worker-2", now(), minutes(1)));

  // The owner renews it: 50 s later, for another minute.
  clock_.Advance(seconds(50));
  EXPECT_TRUE(*store_->TryAcquireLease("org:tenant-a", "worker-1", now(), minutes(1)));
  // At 70 s the first term would have ended, but the renewal holds until 110 s.
  clock_.Advance(seconds(20));
  EXPECT_FALSE(*store_->TryAcquireLease("org:tenant-a", "worker-2", now(), minutes(1)));
  // Once expired, another owner takes it over.
  clock_.Advance(seconds(40));
  EXPECT_TRUE(*store_->TryAcquireLease("org:tenant-a", "worker-2", now(), minutes(1)));
  EXPECT_FALSE(*store_->TryAcquireLease("org:tenant-a", "worker-1", now(), minutes(1)));
}

TEST_P(StoreContractTest, LeaseIsReleasedOnlyByItsOwner) {
  ASSERT_TRUE(*store_->TryAcquireLease("org:tenant-a", "worker-1", now(), minutes(1)));
  ASSERT_TRUE(store_->ReleaseLease("org:tenant-a", "worker-2").ok());  // not the owner: no effect
  EXPECT_FALSE(*store_->TryAcquireLease("org:tenant-a", "worker-2", now(), minutes(1)));
  ASSERT_TRUE(store_->ReleaseLease("org:tenant-a", "worker-1").ok());
  EXPECT_TRUE(*store_->TryAcquireLease("org:tenant-a", "worker-2", now(), minutes(1)));
  EXPECT_TRUE(store_->ReleaseLease("never-taken", "worker-1").ok());
}

// ---- sync errors ----

TEST_P(StoreContractTest, OpenErrorRecordsItAndTheSameCodeUpdatesIt) {
  int64_t doc = AcceptOne(Contact("C1"));
  auto id = store_->OpenError(tenant(), doc, Report("xero.validation"), now());
  ASSERT_TRUE(id.ok()) << id.status();
  auto error = store_->GetError(*id);
  ASSERT_TRUE(error.ok());
  EXPECT_EQ(error->organisation, tenant());
  EXPECT_EQ(error->document_id, doc);
  EXPECT_EQ(error->report.code, "xero.validation");
  EXPECT_EQ(error->report.fix, "Map the account in Settings");
  EXPECT_THAT(error->report.xero_messages,
              ElementsAre("Account code '999' is not a valid code for this document."));
  EXPECT_EQ(error->report.correlation_id, "corr-1");
  EXPECT_EQ(error->status, ErrorStatus::kOpen);
  EXPECT_EQ(error->first_seen, now());
  EXPECT_EQ(error->attempts, 1);
  EXPECT_EQ(Get(doc).error_id, *id);

  TimePoint first = now();
  clock_.Advance(minutes(5));
  auto again = store_->OpenError(tenant(), doc, Report("xero.validation", "Still wrong"), now());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *id);
  error = store_->GetError(*id);
  EXPECT_EQ(error->report.message, "Still wrong");
  EXPECT_EQ(error->first_seen, first);
  EXPECT_EQ(error->last_seen, now());
  EXPECT_EQ(error->attempts, 2);
}

TEST_P(StoreContractTest, AnErrorKeepsTheRequestThatMadeItAndTheLatestReplacesIt) {
  int64_t doc = AcceptOne(Contact("C1"));
  ErrorReport report = Report("xero.unexpected", "Xero failed");
  report.request = RequestSummary{"PUT", "/api.xro/2.0/Contacts", 500, 3};
  const int64_t id = *store_->OpenError(tenant(), doc, report, now());
  std::optional<RequestSummary> request = store_->GetError(id)->report.request;
  ASSERT_TRUE(request.has_value());
  EXPECT_EQ(request->method, "PUT");
  EXPECT_EQ(request->path, "/api.xro/2.0/Contacts");
  EXPECT_EQ(request->http_status, 500);
  EXPECT_EQ(request->documents, 3);

  report.request = RequestSummary{"POST", "/api.xro/2.0/Contacts", std::nullopt, 1};
  ASSERT_EQ(*store_->OpenError(tenant(), doc, report, now()), id);
  request = store_->GetError(id)->report.request;
  ASSERT_TRUE(request.has_value());
  EXPECT_EQ(request->method, "POST");
  EXPECT_FALSE(request->http_status.has_value()) << "no answer came";
  EXPECT_EQ(request->documents, 1);

  // An error not made from a request has none.
  const int64_t other = AcceptOne(Contact("C2"));
  const int64_t plain = *store_->OpenError(tenant(), other, Report("sync.unreadable"), now());
  EXPECT_FALSE(store_->GetError(plain)->report.request.has_value());
}

TEST_P(StoreContractTest, AnErrorWithAnotherCodeSupersedesTheOpenOne) {
  int64_t doc = AcceptOne(Contact("C1"));
  int64_t first = *store_->OpenError(tenant(), doc, Report("xero.validation"), now());
  auto second = store_->OpenError(tenant(), doc, Report("tax_rate_not_found"), now());
  ASSERT_TRUE(second.ok());
  EXPECT_NE(*second, first);
  auto old = store_->GetError(first);
  EXPECT_EQ(old->status, ErrorStatus::kResolved);
  EXPECT_EQ(old->closed_reason, "superseded");
  EXPECT_EQ(store_->GetError(*second)->status, ErrorStatus::kOpen);
  EXPECT_EQ(Get(doc).error_id, *second);
}

TEST_P(StoreContractTest, OpenErrorNeedsADocumentOfTheOrganisation) {
  int64_t doc = AcceptOne(Contact("C1"));
  EXPECT_EQ(
      store_->OpenError(domain::TenantId(kOtherTenant), doc, Report("x"), now()).status().code(),
      StatusCode::kNotFound);
  EXPECT_EQ(store_->OpenError(tenant(), doc + 100, Report("x"), now()).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(store_->GetError(12345).status().code(), StatusCode::kNotFound);
}

TEST_P(StoreContractTest, ArchivingAnErrorArchivesItsFailedDocumentAndIsAudited) {
  Attempt attempt = AcceptAndOpen(Contact("C1"));
  int64_t doc = attempt.document_ids[0];
  int64_t error_id = *store_->OpenError(tenant(), doc, Report("xero.validation"), now());
  DocumentOutcomeRecord rejected = Outcome(doc, OutcomeKind::kRejected);
  rejected.error_id = error_id;
  ASSERT_TRUE(store_->RecordOutcomes(attempt.id, {&rejected, 1}, now()).ok());
  ASSERT_EQ(StateOf(doc), DocumentState::kFailed);

  ASSERT_TRUE(store_->ArchiveError(error_id, "duplicate of INV-7", "ann", now()).ok());
  auto error = store_->GetError(error_id);
  EXPECT_EQ(error->status, ErrorStatus::kArchived);
  EXPECT_EQ(error->closed_reason, "duplicate of INV-7");
  EXPECT_EQ(error->closed_by, "ann");
  EXPECT_EQ(StateOf(doc), DocumentState::kArchived);
  EXPECT_EQ(Get(doc).error_id, error_id);

  auto audit = store_->ListAudit(tenant(), 0, 10);
  ASSERT_TRUE(audit.ok());
  ASSERT_EQ(audit->size(), 1u);
  EXPECT_EQ((*audit)[0].action, "error.archive");
  EXPECT_EQ((*audit)[0].actor, "ann");
  EXPECT_EQ((*audit)[0].detail, "duplicate of INV-7");

  // Only an open error can be archived.
  EXPECT_EQ(store_->ArchiveError(error_id, "again", "ann", now()).code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(store_->ArchiveError(error_id + 50, "x", "ann", now()).code(), StatusCode::kNotFound);
}

TEST_P(StoreContractTest, UnarchivingAnErrorOpensItAgainWithItsDocumentFailedAndIsAudited) {
  Attempt attempt = AcceptAndOpen(Contact("C1"));
  int64_t doc = attempt.document_ids[0];
  int64_t error_id = *store_->OpenError(tenant(), doc, Report("xero.validation"), now());
  DocumentOutcomeRecord rejected = Outcome(doc, OutcomeKind::kRejected);
  rejected.error_id = error_id;
  ASSERT_TRUE(store_->RecordOutcomes(attempt.id, {&rejected, 1}, now()).ok());
  // Only an archived error can be un-archived.
  EXPECT_EQ(store_->UnarchiveError(error_id, "why", "ann", now()).code(),
            StatusCode::kFailedPrecondition);
  ASSERT_TRUE(store_->ArchiveError(error_id, "not ours", "ann", now()).ok());
  EXPECT_EQ(store_->UnarchiveError(error_id, "", "bob", now()).code(),
            StatusCode::kInvalidArgument);

  ASSERT_TRUE(store_->UnarchiveError(error_id, "it is ours after all", "bob", now()).ok());
  auto error = store_->GetError(error_id);
  EXPECT_EQ(error->status, ErrorStatus::kOpen);
  EXPECT_EQ(error->closed_reason, "");
  EXPECT_EQ(StateOf(doc), DocumentState::kFailed);
  EXPECT_EQ(Get(doc).error_id, error_id);
  auto audit = store_->ListAudit(tenant(), 0, 10);
  ASSERT_EQ(audit->size(), 2u);
  EXPECT_EQ((*audit)[1].action, "error.unarchive");
  EXPECT_EQ((*audit)[1].actor, "bob");
  EXPECT_EQ((*audit)[1].detail, "it is ours after all");
  EXPECT_EQ(store_->UnarchiveError(error_id + 50, "x", "ann", now()).code(),
            StatusCode::kNotFound);

  // Archived again, then a newer version arrives: the document is pending, not un-archivable.
  ASSERT_TRUE(store_->ArchiveError(error_id, "again", "ann", now()).ok());
  IncomingDocument changed = Contact("C1", "Acme renamed");
  ASSERT_TRUE(store_->Accept(tenant(), {&changed, 1}, now()).ok());
  ASSERT_EQ(StateOf(doc), DocumentState::kPending);
  EXPECT_EQ(store_->UnarchiveError(error_id, "why", "ann", now()).code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(store_->GetError(error_id)->status, ErrorStatus::kArchived);
}

TEST_P(StoreContractTest, ListErrorsFiltersAndPages) {
  int64_t c1 = AcceptOne(Contact("C1"));
  int64_t c2 = AcceptOne(Contact("C2"));
  int64_t e1 = *store_->OpenError(tenant(), c1, Report("xero.validation"), now());
  int64_t e2 = *store_->OpenError(tenant(), c2, Report("tax_rate_not_found"), now());
  IncomingDocument other = Contact("C9");
  int64_t c9 = (*store_->Accept(domain::TenantId(kOtherTenant), {&other, 1}, now()))[0].document_id;
  int64_t e3 =
      *store_->OpenError(domain::TenantId(kOtherTenant), c9, Report("xero.validation"), now());
  ASSERT_TRUE(store_->ArchiveError(e2, "not ours", "ann", now()).ok());

  auto ids = [&](const ErrorQuery& query) {
    std::vector<int64_t> out;
    auto errors = store_->ListErrors(query);
    EXPECT_TRUE(errors.ok()) << errors.status();
    for (const SyncError& error : *errors) out.push_back(error.id);
    return out;
  };
  EXPECT_THAT(ids(Errors(std::nullopt)), ElementsAre(e1, e2, e3));
  EXPECT_THAT(ids(Errors(tenant())), ElementsAre(e1, e2));
  EXPECT_THAT(ids(Errors(std::nullopt, ErrorStatus::kOpen)), ElementsAre(e1, e3));
  EXPECT_THAT(ids(Errors(tenant(), ErrorStatus::kArchived)), ElementsAre(e2));
  EXPECT_THAT(ids(Errors(std::nullopt, std::nullopt, "xero.validation")), ElementsAre(e1, e3));
  ErrorQuery page = Errors(std::nullopt);
  page.after_id = e1;
  page.limit = 1;
  EXPECT_THAT(ids(page), ElementsAre(e2));
}

// ---- sync runs ----

TEST_P(StoreContractTest, RunsAreStartedJoinedFinishedAndListedNewestFirst) {
  auto run = store_->StartRun(tenant(), RunTrigger::kAutomatic, now());
  ASSERT_TRUE(run.ok()) << run.status();
  EXPECT_EQ(run->outcome, RunOutcome::kRunning);
  EXPECT_EQ(run->trigger, RunTrigger::kAutomatic);
  EXPECT_EQ(run->started_at, now());
  EXPECT_FALSE(run->finished_at);
  auto running = store_->RunningRun(tenant());
  ASSERT_TRUE(running.ok());
  ASSERT_TRUE(*running);
  EXPECT_EQ((*running)->id, run->id);

  ASSERT_TRUE(store_->MarkRunJoined(run->id).ok());
  clock_.Advance(seconds(30));
  SyncRun finished = *run;
  finished.outcome = RunOutcome::kPartial;
  finished.finished_at = now();
  finished.counts = {.synced = 48, .failed = 2, .blocked = 1, .paused = 0, .api_calls = 3};
  finished.detail = "2 documents failed";
  ASSERT_TRUE(store_->FinishRun(finished).ok());
  EXPECT_FALSE(*store_->RunningRun(tenant()));

  auto second = store_->StartRun(tenant(), RunTrigger::kManual, now());
  ASSERT_TRUE(second.ok());
  auto runs = store_->ListRuns(tenant(), 0, 10);
  ASSERT_TRUE(runs.ok());
  ASSERT_EQ(runs->size(), 2u);
  EXPECT_EQ((*runs)[0].id, second->id);
  const SyncRun& first = (*runs)[1];
  EXPECT_EQ(first.outcome, RunOutcome::kPartial);
  EXPECT_TRUE(first.joined);
  EXPECT_EQ(first.finished_at, now());
  EXPECT_EQ(first.counts.synced, 48);
  EXPECT_EQ(first.counts.failed, 2);
  EXPECT_EQ(first.counts.blocked, 1);
  EXPECT_EQ(first.counts.api_calls, 3);
  EXPECT_EQ(first.detail, "2 documents failed");
  // Paging: before the newest.
  runs = store_->ListRuns(tenant(), second->id, 10);
  ASSERT_EQ(runs->size(), 1u);
  EXPECT_EQ((*runs)[0].id, run->id);
  EXPECT_TRUE(store_->ListRuns(domain::TenantId(kOtherTenant), 0, 10)->empty());

  EXPECT_EQ(store_->MarkRunJoined(9999).code(), StatusCode::kNotFound);
  SyncRun unfinished = *second;
  EXPECT_EQ(store_->FinishRun(unfinished).code(), StatusCode::kInvalidArgument);
}

TEST_P(StoreContractTest, StartingARunInterruptsOneLeftRunning) {
  auto crashed = store_->StartRun(tenant(), RunTrigger::kAutomatic, now());
  ASSERT_TRUE(crashed.ok());
  clock_.Advance(minutes(10));
  auto next = store_->StartRun(tenant(), RunTrigger::kManual, now());
  ASSERT_TRUE(next.ok());
  auto runs = *store_->ListRuns(tenant(), 0, 10);
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[1].outcome, RunOutcome::kInterrupted);
  EXPECT_EQ(runs[1].finished_at, now());
  EXPECT_EQ(runs[0].outcome, RunOutcome::kRunning);
  EXPECT_EQ((*store_->RunningRun(tenant()))->id, next->id);
}

TEST_P(StoreContractTest, SummaryCountsFinishedRunsAndSuccesses) {
  auto finish = [&](RunOutcome outcome) {
    auto run = store_->StartRun(tenant(), RunTrigger::kAutomatic, now());
    ASSERT_TRUE(run.ok());
    clock_.Advance(seconds(10));
    SyncRun done = *run;
    done.outcome = outcome;
    done.finished_at = now();
    ASSERT_TRUE(store_->FinishRun(done).ok());
  };
  finish(RunOutcome::kSucceeded);
  finish(RunOutcome::kSucceeded);
  finish(RunOutcome::kFailed);
  finish(RunOutcome::kSucceeded);
  ASSERT_TRUE(store_->StartRun(tenant(), RunTrigger::kManual, now()).ok());  // still running
  auto summary = store_->SummarizeRuns(tenant());
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->total, 4);
  EXPECT_EQ(summary->succeeded, 3);
  EXPECT_EQ(summary->last_finished, now());
  auto none = store_->SummarizeRuns(domain::TenantId(kOtherTenant));
  EXPECT_EQ(none->total, 0);
  EXPECT_FALSE(none->last_finished);
}

// ---- mappings, settings ----

TEST_P(StoreContractTest, MappingsAreSetRemovedAuditedAndBumpTheGeneration) {
  ASSERT_TRUE(store_->SetMapping(tenant(), {"account", "4000", "200"}, "ann", now()).ok());
  ASSERT_TRUE(store_->SetMapping(tenant(), {"tax_rate", "GST", "OUTPUT"}, "ann", now()).ok());
  ASSERT_TRUE(store_->SetMapping(tenant(), {"account", "4000", "260"}, "bob", now()).ok());
  auto mappings = store_->ListMappings(tenant());
  ASSERT_TRUE(mappings.ok());
  ASSERT_EQ(mappings->size(), 2u);
  EXPECT_EQ((*mappings)[0].to, "260");
  EXPECT_EQ((*mappings)[1].kind, "tax_rate");
  EXPECT_EQ(store_->GetOrganisation(tenant())->mappings_generation, 3);

  // Setting the same value again changes nothing.
  ASSERT_TRUE(store_->SetMapping(tenant(), {"account", "4000", "260"}, "bob", now()).ok());
  EXPECT_EQ(store_->GetOrganisation(tenant())->mappings_generation, 3);

  ASSERT_TRUE(store_->SetMapping(tenant(), {"account", "4000", ""}, "bob", now()).ok());
  EXPECT_EQ(store_->ListMappings(tenant())->size(), 1u);
  EXPECT_EQ(store_->GetOrganisation(tenant())->mappings_generation, 4);

  auto audit = *store_->ListAudit(tenant(), 0, 10);
  ASSERT_EQ(audit.size(), 4u);
  EXPECT_EQ(audit[0].action, "mapping.set");
  EXPECT_EQ(audit[2].actor, "bob");
  EXPECT_EQ(audit[3].action, "mapping.remove");
  EXPECT_TRUE(store_->ListMappings(domain::TenantId(kOtherTenant))->empty());
}

TEST_P(StoreContractTest, SettingsAreCachedAndAChangeBumpsTheGeneration) {
  EXPECT_FALSE(*store_->GetSettings(tenant(), "accounts"));
  CachedSettings accounts{"accounts", R"({"Accounts":[{"Code":"200"}]})", now()};
  auto changed = store_->PutSettings(tenant(), accounts);
  ASSERT_TRUE(changed.ok());
  EXPECT_TRUE(*changed);
  EXPECT_EQ(store_->GetOrganisation(tenant())->settings_generation, 1);

  clock_.Advance(minutes(10));
  accounts.fetched_at = now();
  EXPECT_FALSE(*store_->PutSettings(tenant(), accounts));  // the same JSON: no bump
  EXPECT_EQ(store_->GetOrganisation(tenant())->settings_generation, 1);
  auto cached = store_->GetSettings(tenant(), "accounts");
  ASSERT_TRUE(cached.ok() && *cached);
  EXPECT_EQ((*cached)->json, accounts.json);
  EXPECT_EQ((*cached)->fetched_at, now());  // refreshed

  accounts.json = R"({"Accounts":[{"Code":"200"},{"Code":"260"}]})";
  EXPECT_TRUE(*store_->PutSettings(tenant(), accounts));
  EXPECT_EQ(store_->GetOrganisation(tenant())->settings_generation, 2);
  EXPECT_FALSE(*store_->GetSettings(domain::TenantId(kOtherTenant), "accounts"));
}

// ---- audit, connection records ----

TEST_P(StoreContractTest, AuditLogListsOldestFirstPerOrganisationOrAll) {
  ASSERT_TRUE(
      store_->AppendAudit(Audit(now(), "ann", "connection.disconnect", "conn-a", tenant())).ok());
  ASSERT_TRUE(store_->AppendAudit(Audit(now(), "system", "app.start")).ok());
  ASSERT_TRUE(store_
                  ->AppendAudit(Audit(now(), "api:ci", "sync.request", "tenant-b",
                                      domain::TenantId(kOtherTenant)))
                  .ok());
  auto all = *store_->ListAudit(std::nullopt, 0, 10);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].action, "connection.disconnect");
  EXPECT_EQ(all[0].organisation, tenant());
  EXPECT_EQ(all[0].at, now());
  EXPECT_FALSE(all[1].organisation);
  auto mine = *store_->ListAudit(tenant(), 0, 10);
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0].subject, "conn-a");
  auto page = *store_->ListAudit(std::nullopt, all[0].id, 1);
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0].action, "app.start");
  EXPECT_EQ(store_->AppendAudit(Audit(now(), "", "x")).code(), StatusCode::kInvalidArgument);
}

TEST_P(StoreContractTest, ConnectionRecordsAreSavedReplacedAndRemoved) {
  EXPECT_EQ(store_->LoadConnectionRecord("conn-a").status().code(), StatusCode::kNotFound);
  ASSERT_TRUE(store_->SaveConnectionRecord("conn-a", "sealed-1").ok());
  ASSERT_TRUE(store_->SaveConnectionRecord("conn-b", "sealed-b").ok());
  ASSERT_TRUE(store_->SaveConnectionRecord("conn-a", "sealed-2").ok());
  EXPECT_EQ(*store_->LoadConnectionRecord("conn-a"), "sealed-2");
  EXPECT_THAT(*store_->ListConnectionRecords(), ElementsAre("conn-a", "conn-b"));
  ASSERT_TRUE(store_->RemoveConnectionRecord("conn-a").ok());
  EXPECT_EQ(store_->LoadConnectionRecord("conn-a").status().code(), StatusCode::kNotFound);
  EXPECT_THAT(*store_->ListConnectionRecords(), ElementsAre("conn-b"));
}

// ---- durability and sharing ----

TEST_P(StoreContractTest, EverythingIsThereAfterClosingAndReopening) {
  Attempt attempt = AcceptAndOpen(Contact("C1"));
  int64_t doc = attempt.document_ids[0];
  DocumentOutcomeRecord written = Written(doc, "0a7b6c3e-0000-4000-8000-000000000001");
  ASSERT_TRUE(store_->RecordOutcomes(attempt.id, {&written, 1}, now()).ok());
  int64_t pending = AcceptOne(Invoice("INV-1", "C1"));
  ASSERT_TRUE(store_->OpenError(tenant(), pending, Report("xero.validation"), now()).ok());
  ASSERT_TRUE(store_->SaveConnectionRecord("conn-a", "sealed").ok());
  ASSERT_TRUE(*store_->TryAcquireLease("org:tenant-a", "worker-1", now(), minutes(1)));
  ASSERT_TRUE(store_->StartRun(tenant(), RunTrigger::kInitial, now()).ok());

  store_.reset();
  store_ = OpenAgain();
  ASSERT_NE(store_, nullptr);
  Document synced = Get(doc);
  EXPECT_EQ(synced.state, DocumentState::kSynced);
  EXPECT_EQ(synced.xero_id, written.xero_id);
  EXPECT_EQ(Get(pending).state, DocumentState::kPending);
  EXPECT_EQ(Get(pending).parents[0].key.host_id, "C1");
  EXPECT_EQ(store_->ListErrors(Errors(std::nullopt))->size(), 1u);
  EXPECT_EQ(*store_->LoadConnectionRecord("conn-a"), "sealed");
  EXPECT_FALSE(*store_->TryAcquireLease("org:tenant-a", "worker-2", now(), minutes(1)));
  EXPECT_TRUE(*store_->RunningRun(tenant()));
  EXPECT_EQ(store_->ListOrganisations()->size(), 2u);
}

TEST_P(StoreContractTest, AnIntentStoredBeforeACrashIsThereToReconcile) {
  // docs/sync.md, step 6: killed after the intent's commit, the documents are syncing and the
  // attempt unsettled when the store is opened again.
  Attempt attempt = AcceptAndOpen(Contact("C1"), "xs1-intent");
  store_.reset();
  store_ = OpenAgain();
  ASSERT_NE(store_, nullptr);
  auto unsettled = store_->UnsettledAttempts(tenant());
  ASSERT_TRUE(unsettled.ok());
  ASSERT_EQ(unsettled->size(), 1u);
  EXPECT_EQ((*unsettled)[0].id, attempt.id);
  EXPECT_EQ((*unsettled)[0].idempotency_key, "xs1-intent");
  EXPECT_EQ((*unsettled)[0].document_ids, attempt.document_ids);
  EXPECT_EQ(StateOf(attempt.document_ids[0]), DocumentState::kSyncing);
}

TEST_P(StoreContractTest, ManyThreadsMayUseOneStoreAtOnce) {
  constexpr int kThreads = 4;
  constexpr int kEach = 25;
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  std::atomic<int> failures{0};
  std::atomic<int> leases{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t]() {
      for (int i = 0; i < kEach; ++i) {
        IncomingDocument doc = Contact("T" + std::to_string(t) + "-" + std::to_string(i));
        if (!store_->Accept(tenant(), {&doc, 1}, now()).ok()) ++failures;
      }
      auto taken =
          store_->TryAcquireLease("org:tenant-a", "thread-" + std::to_string(t), now(), minutes(1));
      if (!taken.ok()) ++failures;
      if (taken.ok() && *taken) ++leases;
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(leases, 1);  // one owner, whoever came first
  auto counts = store_->CountByState(tenant());
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ((*counts)[static_cast<int>(DocumentState::kPending)], kThreads * kEach);
}

// Runs `body` in a child process and returns its exit code: 0 when every check in it passed.
// REQUIRES: no connection open in this process (SQLite's rule: a connection must not cross a
// fork; its locks belong to the parent). The child opens its own.
int InChildProcess(const std::function<int()>& body) {
  pid_t pid = fork();
  if (pid == 0) _exit(body());
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 100;
}

TEST_P(StoreContractTest, AnotherProcessSeesCommitsAndLeases) {
  int64_t doc = AcceptOne(Contact("C1"));
  ASSERT_TRUE(*store_->TryAcquireLease("org:tenant-a", "process-1", now(), minutes(1)));
  TimePoint at = now();
  store_.reset();
  int child = InChildProcess([&]() {
    std::unique_ptr<Store> other = open_();
    if (other == nullptr) return 1;
    auto seen = other->GetDocument(doc);
    if (!seen.ok() || seen->host_id != "C1") return 2;
    auto taken = other->TryAcquireLease("org:tenant-a", "process-2", at, minutes(1));
    if (!taken.ok() || *taken) return 3;  // held by the parent
    IncomingDocument invoice = Invoice("INV-1", "C1");
    if (!other->Accept(domain::TenantId(kTenant), {&invoice, 1}, at).ok()) return 4;
    return 0;
  });
  EXPECT_EQ(child, 0);
  // The parent sees the child's commit.
  store_ = OpenAgain();
  auto invoice = store_->FindDocument(tenant(), {DocumentKind::kInvoice, "INV-1"});
  ASSERT_TRUE(invoice.ok()) << invoice.status();
  EXPECT_TRUE(*invoice);
}

}  // namespace
}  // namespace xerosync::store
