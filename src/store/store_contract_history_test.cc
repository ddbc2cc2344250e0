// The Store contract, part 5: a document's history (Store::GetDocumentHistory): its versions, the
// outcomes of its attempts, and the audit entries about it. Every backend runs these.
#include <gmock/gmock.h>

#include "store/store_contract.h"

namespace xerosync::store {
namespace {

using std::chrono::minutes;
using testing::ElementsAre;
using testing::Field;

constexpr const char* kXeroInvoice = "0a7b6c3e-0000-4000-8000-000000000002";

TEST_P(DocumentsTest, HistoryHasVersionsOutcomesAndActionsNewestFirst) {
  auto run = store_->StartRun(tenant(), RunTrigger::kManual, now());
  ASSERT_TRUE(run.ok()) << run.status();
  IncomingDocument invoice = Invoice("INV-1", "C1");
  Attempt first = AcceptAndOpen(invoice, "key-1");
  const int64_t doc = first.document_ids[0];
  const TimePoint accepted_at = now();
  clock_.Advance(minutes(1));
  ErrorReport report = Report("xero.validation", "Account code '999' is not valid");
  int64_t error_id = *store_->OpenError(tenant(), doc, report, now());
  DocumentOutcomeRecord rejected = Outcome(doc, OutcomeKind::kRejected);
  rejected.error_id = error_id;
  ASSERT_TRUE(store_->RecordOutcomes(first.id, {&rejected, 1}, now()).ok());
  SyncRun finished = *run;
  finished.finished_at = now();
  finished.outcome = RunOutcome::kPartial;
  ASSERT_TRUE(store_->FinishRun(finished).ok());

  // The user retries it, then the host sends a fixed version; a second run writes it.
  clock_.Advance(minutes(1));
  ASSERT_TRUE(store_->RetryDocuments({&doc, 1}, "ann", now()).ok());
  invoice.payload = R"({"Type":"ACCREC","InvoiceNumber":"INV-1","Total":230.00})";
  ASSERT_TRUE(store_->Accept(tenant(), {&invoice, 1}, now()).ok());
  clock_.Advance(minutes(1));
  auto second_run = store_->StartRun(tenant(), RunTrigger::kAutomatic, now());
  auto second = store_->OpenAttempt(tenant(), "key-2", {&doc, 1}, now());
  ASSERT_TRUE(second.ok()) << second.status();
  DocumentOutcomeRecord written = Written(doc, kXeroInvoice);
  ASSERT_TRUE(store_->RecordOutcomes(second->id, {&written, 1}, now()).ok());

  // Another document's history is its own.
  AcceptOne(Contact("C1"));

  auto history = store_->GetDocumentHistory(doc, 50);
  ASSERT_TRUE(history.ok()) << history.status();
  ASSERT_EQ(history->versions.size(), 2u);
  EXPECT_EQ(history->versions[0].version, 2);
  EXPECT_EQ(history->versions[1].version, 1);
  EXPECT_EQ(history->versions[1].operation, Operation::kUpsert);
  EXPECT_EQ(history->versions[1].accepted_at, accepted_at);
  EXPECT_NE(history->versions[0].content_hash, history->versions[1].content_hash);

  ASSERT_EQ(history->outcomes.size(), 2u);
  const OutcomeEntry& last = history->outcomes[0];
  EXPECT_EQ(last.outcome, OutcomeKind::kWritten);
  EXPECT_EQ(last.attempt_id, second->id);
  EXPECT_EQ(last.run_id, second_run->id);
  EXPECT_EQ(last.version, 2);
  EXPECT_EQ(last.xero_id, kXeroInvoice);
  EXPECT_EQ(last.at, now());
  const OutcomeEntry& refused = history->outcomes[1];
  EXPECT_EQ(refused.outcome, OutcomeKind::kRejected);
  EXPECT_EQ(refused.attempt_id, first.id);
  EXPECT_EQ(refused.run_id, run->id);
  EXPECT_EQ(refused.version, 1);
  EXPECT_EQ(refused.error_id, error_id);
  EXPECT_EQ(refused.error_code, "xero.validation");
  EXPECT_EQ(refused.error_message, "Account code '999' is not valid");

  EXPECT_THAT(history->audit, ElementsAre(Field(&AuditEntry::action, "document.retry")));
  EXPECT_EQ(history->audit[0].actor, "ann");

  // Each run's outcomes: what it did to which document.
  auto first_run = store_->ListRunOutcomes(tenant(), run->id, 0, 10);
  ASSERT_TRUE(first_run.ok()) << first_run.status();
  ASSERT_EQ(first_run->size(), 1u);
  EXPECT_EQ((*first_run)[0].document, (DocumentKey{DocumentKind::kInvoice, "INV-1"}));
  EXPECT_EQ((*first_run)[0].document_id, doc);
  EXPECT_EQ((*first_run)[0].outcome, OutcomeKind::kRejected);
  EXPECT_EQ((*first_run)[0].error_code, "xero.validation");
  auto running = store_->ListRunOutcomes(tenant(), second_run->id, 0, 10);
  ASSERT_TRUE(running.ok()) << running.status();
  ASSERT_EQ(running->size(), 1u) << "a run still running has what it did so far";
  EXPECT_EQ((*running)[0].outcome, OutcomeKind::kWritten);
  EXPECT_TRUE(store_->ListRunOutcomes(tenant(), second_run->id, (*running)[0].id, 10)->empty());
  EXPECT_EQ(store_->ListRunOutcomes(domain::TenantId(kOtherTenant), run->id, 0, 10).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(store_->ListRunOutcomes(tenant(), second_run->id + 100, 0, 10).status().code(),
            StatusCode::kNotFound);
}

TEST_P(DocumentsTest, HistoryHasRefusalsBeforeSendingAndActionsOnItsErrors) {
  const int64_t doc = AcceptOne(Invoice("INV-1", "C1"));
  int64_t error_id = *store_->OpenError(tenant(), doc, Report("tax_rate_not_found"), now());
  const std::pair<int64_t, int64_t> failed{doc, error_id};
  ASSERT_TRUE(store_->FailPending({&failed, 1}, now()).ok());
  clock_.Advance(minutes(1));
  ASSERT_TRUE(store_->ArchiveError(error_id, "entered by hand", "ann", now()).ok());
  // The API's edit names the document "kind host_id".
  ASSERT_TRUE(
      store_->AppendAudit(Audit(now(), "bob", "document.edit", "invoice INV-1", tenant())).ok());
  // An entry of another organisation with the same subject is not this document's.
  ASSERT_TRUE(store_
                  ->AppendAudit(Audit(now(), "eve", "document.pass", "invoice:INV-1",
                                      domain::TenantId(kOtherTenant)))
                  .ok());

  auto history = store_->GetDocumentHistory(doc, 50);
  ASSERT_TRUE(history.ok()) << history.status();
  ASSERT_EQ(history->outcomes.size(), 1u);
  EXPECT_FALSE(history->outcomes[0].attempt_id) << "refused before anything was sent";
  EXPECT_FALSE(history->outcomes[0].run_id);
  EXPECT_EQ(history->outcomes[0].outcome, OutcomeKind::kRejected);
  EXPECT_EQ(history->outcomes[0].error_code, "tax_rate_not_found");
  EXPECT_THAT(history->audit, ElementsAre(Field(&AuditEntry::action, "document.edit"),
                                          Field(&AuditEntry::action, "error.archive")));
  EXPECT_EQ(history->audit[1].detail, "entered by hand");
}

TEST_P(DocumentsTest, HistoryKeepsTheNewestUpToTheLimit) {
  IncomingDocument contact = Contact("C1");
  const int64_t doc = AcceptOne(contact);
  for (int i = 2; i <= 5; ++i) {
    clock_.Advance(minutes(1));
    contact.payload = R"({"Name":"Acme )" + std::to_string(i) + R"("})";
    ASSERT_TRUE(store_->Accept(tenant(), {&contact, 1}, now()).ok());
  }
  auto history = store_->GetDocumentHistory(doc, 2);
  ASSERT_TRUE(history.ok()) << history.status();
  EXPECT_THAT(history->versions,
              ElementsAre(Field(&VersionEntry::version, 5), Field(&VersionEntry::version, 4)));
  EXPECT_EQ(store_->GetDocumentHistory(doc + 100, 2).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->GetDocumentHistory(doc, 0).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace xerosync::store
