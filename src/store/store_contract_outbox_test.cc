// The Store contract, part 3: installation settings and the webhook outbox (store/outbox.h).
// Events are recorded by the transitions that cause them, in their transaction: none when a
// transition is refused, none while no webhook is configured, and they survive a reopen.
#include <gmock/gmock.h>

#include "core/json.h"
#include "store/store_contract.h"

namespace xerosync::store {
namespace {

using std::chrono::minutes;
using testing::HasSubstr;
using testing::SizeIs;

void Configure(Store& store) {
  ASSERT_TRUE(store.PutInstallationSetting(kWebhookUrlSetting, "http://127.0.0.1:9/").ok());
}

std::vector<OutboxEvent> EventsOf(Store& store, std::optional<EventState> state = std::nullopt) {
  EventQuery query;
  query.state = state;
  Result<std::vector<OutboxEvent>> events = store.ListEvents(query);
  EXPECT_TRUE(events.ok()) << events.status().ToString();
  return events.ok() ? *events : std::vector<OutboxEvent>();
}

Json Data(const OutboxEvent& event) {
  Result<Json> data = Json::Parse(event.data);
  EXPECT_TRUE(data.ok()) << event.data;
  return data.ok() ? *data : Json();
}

// The string at json[a][b] (or json[a]); "<absent>" when there is none.
std::string Text(const Json& json, std::string_view a, std::string_view b = "") {
  const Json* value = json.Find(a);
  if (value != nullptr && !b.empty()) value = value->Find(b);
  return value != nullptr && value->is_string() ? value->AsString() : "<absent>";
}

DocumentOutcomeRecord Record(int64_t id, OutcomeKind kind) {
  DocumentOutcomeRecord record;
  record.document_id = id;
  record.kind = kind;
  return record;
}

TEST_P(OutboxTest, NothingIsRecordedWhileNoWebhookIsConfigured) {
  Attempt attempt = AcceptAndOpen(Contact("C1"));
  DocumentOutcomeRecord written = Record(attempt.document_ids[0], OutcomeKind::kWritten);
  written.xero_id = "x-1";
  ASSERT_TRUE(store_->RecordOutcomes(attempt.id, {&written, 1}, now()).ok());
  ASSERT_TRUE(
      store_->PauseOrganisation(tenant(), "connection.expired", "r", std::nullopt, now()).ok());
  EXPECT_THAT(EventsOf(*store_), SizeIs(0));
}

TEST_P(OutboxTest, OnlyTheChosenTypesAreRecordedAndNoneWhilePaused) {
  Configure(*store_);
  ASSERT_TRUE(store_->PutInstallationSetting(kWebhookEventsSetting, "connection.changed").ok());
  Attempt attempt = AcceptAndOpen(Contact("C1"));
  DocumentOutcomeRecord written = Record(attempt.document_ids[0], OutcomeKind::kWritten);
  written.xero_id = "x-1";
  ASSERT_TRUE(store_->RecordOutcomes(attempt.id, {&written, 1}, now()).ok());
  ASSERT_TRUE(
      store_->PauseOrganisation(tenant(), "connection.expired", "r", std::nullopt, now()).ok());
  std::vector<OutboxEvent> events = EventsOf(*store_);
  ASSERT_THAT(events, SizeIs(1));
  EXPECT_EQ(events[0].type, kConnectionChanged);

  // Paused: nothing more is recorded; enabled again: recorded again.
  ASSERT_TRUE(store_->PutInstallationSetting(kWebhookEventsSetting, "").ok());
  ASSERT_TRUE(store_->PutInstallationSetting(kWebhookEnabledSetting, "false").ok());
  Attempt second = AcceptAndOpen(Contact("C2"));
  written = Record(second.document_ids[0], OutcomeKind::kWritten);
  written.xero_id = "x-2";
  ASSERT_TRUE(store_->RecordOutcomes(second.id, {&written, 1}, now()).ok());
  EXPECT_THAT(EventsOf(*store_), SizeIs(1));
  ASSERT_TRUE(store_->PutInstallationSetting(kWebhookEnabledSetting, "").ok());
  Attempt third = AcceptAndOpen(Contact("C3"));
  written = Record(third.document_ids[0], OutcomeKind::kWritten);
  written.xero_id = "x-3";
  ASSERT_TRUE(store_->RecordOutcomes(third.id, {&written, 1}, now()).ok());
  events = EventsOf(*store_);
  ASSERT_THAT(events, SizeIs(2));
  EXPECT_EQ(events[1].type, kDocumentSynced);
}

TEST_P(OutboxTest, SyncedAndFailedDocumentsAreRecordedWithTheirOutcome) {
  Configure(*store_);
  Attempt attempt = AcceptAndOpen(Contact("C1"));
  const int64_t synced_id = attempt.document_ids[0];
  DocumentOutcomeRecord written = Record(synced_id, OutcomeKind::kWritten);
  written.xero_id = "x-1";
  ASSERT_TRUE(store_->RecordOutcomes(attempt.id, {&written, 1}, now()).ok());

  Attempt second = AcceptAndOpen(Contact("C2"), "key-2");
  DocumentOutcomeRecord rejected = Record(second.document_ids[0], OutcomeKind::kRejected);
  ErrorReport report;
  report.code = "xero.validation";
  report.message = "Contact C2: the name \"is\" taken";
  rejected.error_id = *store_->OpenError(tenant(), second.document_ids[0], report, now());
  ASSERT_TRUE(store_->RecordOutcomes(second.id, {&rejected, 1}, now()).ok());

  const int64_t refused = AcceptOne(Contact("C3"));
  report.code = "sync.too_large";
  report.message = "too large";
  const int64_t error = *store_->OpenError(tenant(), refused, report, now());
  std::vector<std::pair<int64_t, int64_t>> fail = {{refused, error}};
  ASSERT_TRUE(store_->FailPending(fail, now()).ok());

  const std::vector<OutboxEvent> events = EventsOf(*store_);
  ASSERT_THAT(events, SizeIs(3));
  EXPECT_EQ(events[0].type, kDocumentSynced);
  EXPECT_EQ(events[0].organisation, tenant());
  EXPECT_EQ(events[0].state, EventState::kPending);
  EXPECT_EQ(events[0].next_attempt_at, now());
  EXPECT_EQ(Text(Data(events[0]), "document", "host_id"), "C1");
  EXPECT_EQ(Text(Data(events[0]), "document", "kind"), "contact");
  EXPECT_EQ(Text(Data(events[0]), "xero_id"), "x-1");
  EXPECT_EQ(events[1].type, kDocumentFailed);
  EXPECT_EQ(Text(Data(events[1]), "error", "code"), "xero.validation");
  EXPECT_EQ(Text(Data(events[1]), "error", "message"), "Contact C2: the name \"is\" taken");
  EXPECT_EQ(events[2].type, kDocumentFailed);
  EXPECT_EQ(Text(Data(events[2]), "error", "code"), "sync.too_large");
  EXPECT_EQ(Text(Data(events[2]), "document", "host_id"), "C3");

  // Ids are "<installation id>-<row>", the installation id made once per database.
  Result<std::optional<std::string>> installation =
      store_->GetInstallationSetting(kInstallationIdSetting);
  ASSERT_TRUE(installation.ok() && installation->has_value());
  EXPECT_EQ(installation->value().size(), 16u);
  EXPECT_EQ(events[0].event_id, **installation + "-" + std::to_string(events[0].id));
  EXPECT_NE(events[0].event_id, events[1].event_id);
}

TEST_P(OutboxTest, ARefusedTransitionRecordsNoEvent) {
  Configure(*store_);
  Attempt attempt = AcceptAndOpen(Contact("C1"));
  const int64_t other = AcceptOne(Contact("C2"));  // pending, not on the attempt
  DocumentOutcomeRecord first = Record(attempt.document_ids[0], OutcomeKind::kWritten);
  first.xero_id = "x-1";
  DocumentOutcomeRecord second = Record(other, OutcomeKind::kWritten);
  second.xero_id = "x-2";
  std::vector<DocumentOutcomeRecord> outcomes = {first, second};
  EXPECT_EQ(store_->RecordOutcomes(attempt.id, outcomes, now()).code(),
            StatusCode::kFailedPrecondition);
  EXPECT_THAT(EventsOf(*store_), SizeIs(0));
}

TEST_P(OutboxTest, APauseIsToldOnceAndItsEndWhenTheOrganisationIsSeenWorking) {
  Configure(*store_);
  ASSERT_TRUE(store_->ResumeOrganisation(tenant(), now()).ok());  // not paused: nothing to say
  const TimePoint until = now() + minutes(90);
  ASSERT_TRUE(
      store_->PauseOrganisation(tenant(), "rate_limit.day", "day limit", until, now()).ok());
  ASSERT_TRUE(
      store_->PauseOrganisation(tenant(), "rate_limit.day", "day limit", until, now()).ok());
  ASSERT_TRUE(
      store_->PauseOrganisation(tenant(), "connection.expired", "reconnect", std::nullopt, now())
          .ok());
  // A run resumes it to try again and meets the same refusal: the host already knows.
  ASSERT_TRUE(store_->ResumeOrganisation(tenant(), now()).ok());
  ASSERT_TRUE(
      store_->PauseOrganisation(tenant(), "connection.expired", "reconnect", std::nullopt, now())
          .ok());
  EXPECT_THAT(EventsOf(*store_), SizeIs(2));
  // Resumed, and a run finishes without pausing: now the host hears of it, once.
  ASSERT_TRUE(store_->ResumeOrganisation(tenant(), now()).ok());
  EXPECT_THAT(EventsOf(*store_), SizeIs(2));
  for (int i = 0; i < 2; ++i) {
    Result<SyncRun> run = store_->StartRun(tenant(), RunTrigger::kManual, now());
    ASSERT_TRUE(run.ok());
    run->outcome = RunOutcome::kSucceeded;
    run->finished_at = now();
    ASSERT_TRUE(store_->FinishRun(*run).ok());
  }

  const std::vector<OutboxEvent> events = EventsOf(*store_);
  ASSERT_THAT(events, SizeIs(3));
  for (const OutboxEvent& event : events) EXPECT_EQ(event.type, kConnectionChanged);
  EXPECT_EQ(Text(Data(events[0]), "status"), "paused");
  EXPECT_EQ(Text(Data(events[0]), "code"), "rate_limit.day");
  EXPECT_EQ(Text(Data(events[0]), "reason"), "day limit");
  EXPECT_THAT(Text(Data(events[0]), "until"), HasSubstr("T"));
  EXPECT_EQ(Text(Data(events[1]), "code"), "connection.expired");
  EXPECT_TRUE(Data(events[1]).Find("until")->is_null());
  EXPECT_EQ(Text(Data(events[2]), "status"), "resumed");
  EXPECT_EQ(Text(Data(events[2]), "code"), "connection.expired");
}

TEST_P(OutboxTest, ADocumentWrittenAfterAPauseTellsOfTheResumeFirst) {
  Configure(*store_);
  ASSERT_TRUE(
      store_->PauseOrganisation(tenant(), "connection.expired", "r", std::nullopt, now()).ok());
  ASSERT_TRUE(store_->ResumeOrganisation(tenant(), now()).ok());
  Attempt attempt = AcceptAndOpen(Contact("C1"));
  DocumentOutcomeRecord written = Record(attempt.document_ids[0], OutcomeKind::kWritten);
  written.xero_id = "x-1";
  ASSERT_TRUE(store_->RecordOutcomes(attempt.id, {&written, 1}, now()).ok());
  const std::vector<OutboxEvent> events = EventsOf(*store_);
  ASSERT_THAT(events, SizeIs(3));
  EXPECT_EQ(Text(Data(events[1]), "status"), "resumed");
  EXPECT_EQ(events[2].type, kDocumentSynced);
}

TEST_P(OutboxTest, TriesAreMarkedAndAGivenUpEventStaysVisibleUntilRetried) {
  Configure(*store_);
  ASSERT_TRUE(
      store_->PauseOrganisation(tenant(), "connection.expired", "r", std::nullopt, now()).ok());
  const int64_t id = EventsOf(*store_).at(0).id;
  EXPECT_THAT(*store_->DueEvents(now(), 10), SizeIs(1));

  ASSERT_TRUE(store_->MarkEventFailed(id, "HTTP 500", now() + minutes(1)).ok());
  EXPECT_THAT(*store_->DueEvents(now(), 10), SizeIs(0));
  clock_.Advance(minutes(1));
  ASSERT_THAT(*store_->DueEvents(now(), 10), SizeIs(1));
  EXPECT_EQ(store_->DueEvents(now(), 10)->at(0).attempts, 1);

  ASSERT_TRUE(store_->MarkEventFailed(id, "connection refused", std::nullopt).ok());
  EXPECT_THAT(*store_->DueEvents(now() + minutes(600), 10), SizeIs(0));
  std::vector<OutboxEvent> failed = EventsOf(*store_, EventState::kFailed);
  ASSERT_THAT(failed, SizeIs(1));
  EXPECT_EQ(failed[0].attempts, 2);
  EXPECT_EQ(failed[0].last_error, "connection refused");
  EXPECT_EQ(store_->MarkEventDelivered(id, now()).code(), StatusCode::kFailedPrecondition);

  ASSERT_TRUE(store_->RetryEvent(id, now()).ok());
  ASSERT_TRUE(store_->MarkEventDelivered(id, now()).ok());
  std::vector<OutboxEvent> delivered = EventsOf(*store_, EventState::kDelivered);
  ASSERT_THAT(delivered, SizeIs(1));
  EXPECT_EQ(delivered[0].delivered_at, now());
  EXPECT_EQ(store_->RetryEvent(id, now()).code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(store_->MarkEventDelivered(id + 100, now()).code(), StatusCode::kNotFound);
}

TEST_P(OutboxTest, EventsAreCountedByStateAndDeliveredOnesPruned) {
  Configure(*store_);
  for (const char* code : {"connection.expired", "rate_limit.day", "connection.revoked"}) {
    ASSERT_TRUE(store_->PauseOrganisation(tenant(), code, "r", std::nullopt, now()).ok());
  }
  const std::vector<OutboxEvent> events = EventsOf(*store_);
  ASSERT_THAT(events, SizeIs(3));
  ASSERT_TRUE(store_->MarkEventDelivered(events[0].id, now()).ok());
  ASSERT_TRUE(store_->MarkEventFailed(events[1].id, "HTTP 500", std::nullopt).ok());
  EXPECT_EQ(*store_->CountEventsByState(), (std::array<int64_t, kEventStateCount>{1, 1, 1}));

  EXPECT_EQ(*store_->PruneDeliveredEvents(now()), 0);  // delivered at now: not before it
  clock_.Advance(minutes(1));
  EXPECT_EQ(*store_->PruneDeliveredEvents(now()), 1);
  EXPECT_EQ(*store_->CountEventsByState(), (std::array<int64_t, kEventStateCount>{1, 0, 1}));
}

TEST_P(OutboxTest, EventsAndSettingsSurviveAReopen) {
  Configure(*store_);
  ASSERT_TRUE(store_->PutInstallationSetting(kWebhookSecretSetting, "sealed-text").ok());
  ASSERT_TRUE(
      store_->PauseOrganisation(tenant(), "connection.expired", "r", std::nullopt, now()).ok());
  store_.reset();
  store_ = OpenAgain();
  EXPECT_THAT(EventsOf(*store_), SizeIs(1));
  EXPECT_EQ(store_->GetInstallationSetting(kWebhookSecretSetting)->value_or(""), "sealed-text");
  ASSERT_TRUE(store_->PutInstallationSetting(kWebhookSecretSetting, "").ok());
  EXPECT_FALSE(store_->GetInstallationSetting(kWebhookSecretSetting)->has_value());
}

}  // namespace

}  // namespace xerosync::store
