// The Store contract, part 2: documents and the transitions of docs/sync.md the store performs
// (accept, attempts and their outcomes, blocking and release, pause, relevant changes, the user's
// actions). Every backend runs these.
#include <gmock/gmock.h>

#include "store/store_contract.h"

namespace xerosync::store {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;
using testing::ElementsAre;

constexpr const char* kXeroContact = "0a7b6c3e-0000-4000-8000-000000000001";
constexpr const char* kXeroInvoice = "0a7b6c3e-0000-4000-8000-000000000002";

// ---- accept ----

TEST_P(DocumentsTest, AcceptCreatesPendingDocumentsAtVersionOne) {
  std::vector<IncomingDocument> docs = {Contact("C1"), Invoice("INV-1", "C1")};
  auto accepted = store_->Accept(tenant(), docs, now());
  ASSERT_TRUE(accepted.ok()) << accepted.status();
  ASSERT_EQ(accepted->size(), 2u);
  EXPECT_EQ((*accepted)[0].outcome, AcceptOutcome::kCreated);
  EXPECT_EQ((*accepted)[1].version, 1);

  Document invoice = Get((*accepted)[1].document_id);
  EXPECT_EQ(invoice.organisation, tenant());
  EXPECT_EQ(invoice.kind, DocumentKind::kInvoice);
  EXPECT_EQ(invoice.host_id, "INV-1");
  EXPECT_EQ(invoice.version, 1);
  EXPECT_EQ(invoice.operation, Operation::kUpsert);
  EXPECT_EQ(invoice.payload, docs[1].payload);
  EXPECT_EQ(invoice.parents, docs[1].parents);
  EXPECT_EQ(invoice.state, DocumentState::kPending);
  EXPECT_EQ(invoice.next_attempt_at, now());
  EXPECT_EQ(invoice.accepted_at, now());
  EXPECT_FALSE(invoice.xero_id);
  EXPECT_FALSE(invoice.ever_attempted);
  EXPECT_EQ(invoice.tries, 0);

  auto found = store_->FindDocument(tenant(), {DocumentKind::kInvoice, "INV-1"});
  ASSERT_TRUE(found.ok() && *found);
  EXPECT_EQ((*found)->id, invoice.id);
  // The same host id in another organisation is another document.
  EXPECT_FALSE(
      *store_->FindDocument(domain::TenantId(kOtherTenant), {DocumentKind::kInvoice, "INV-1"}));
  EXPECT_EQ(store_->GetDocument(invoice.id + 100).status().code(), StatusCode::kNotFound);
}

TEST_P(DocumentsTest, AChangeOfPayloadParentsOrOperationIsANewVersion) {
  IncomingDocument invoice = Invoice("INV-1", "C1");
  int64_t id = AcceptOne(invoice);
  clock_.Advance(minutes(1));
  invoice.payload = R"({"Type":"ACCREC","InvoiceNumber":"INV-1","Total":230.00})";
  auto accepted = store_->Accept(tenant(), {&invoice, 1}, now());
  ASSERT_TRUE(accepted.ok());
  EXPECT_EQ((*accepted)[0].outcome, AcceptOutcome::kNewVersion);
  EXPECT_EQ((*accepted)[0].version, 2);
  EXPECT_EQ(Get(id).payload, invoice.payload);
  EXPECT_EQ(Get(id).accepted_at, now());

  invoice.parents[0].key.host_id = "C2";
  EXPECT_EQ((*store_->Accept(tenant(), {&invoice, 1}, now()))[0].version, 3);
  invoice.operation = Operation::kVoid;
  EXPECT_EQ((*store_->Accept(tenant(), {&invoice, 1}, now()))[0].version, 4);
  Document doc = Get(id);
  EXPECT_EQ(doc.operation, Operation::kVoid);
  EXPECT_EQ(doc.parents[0].key.host_id, "C2");
}

TEST_P(DocumentsTest, AnUnchangedDocumentIsLeftAlone) {
  IncomingDocument contact = Contact("C1");
  int64_t id = AcceptOne(contact);
  TimePoint accepted_at = now();
  clock_.Advance(minutes(1));
  auto accepted = store_->Accept(tenant(), {&contact, 1}, now());
  ASSERT_TRUE(accepted.ok());
  EXPECT_EQ((*accepted)[0].outcome, AcceptOutcome::kUnchanged);
  EXPECT_EQ((*accepted)[0].document_id, id);
  EXPECT_EQ((*accepted)[0].version, 1);
  EXPECT_EQ(Get(id).accepted_at, accepted_at);
  EXPECT_EQ(Get(id).updated_at, accepted_at);
}

TEST_P(DocumentsTest, ANewVersionWhileSyncingWaitsBehindTheAttempt) {
  IncomingDocument contact = Contact("C1");
  Attempt attempt = AcceptAndOpen(contact);
  int64_t id = attempt.document_ids[0];
  contact.payload = R"({"Name":"Acme Ltd"})";
  auto accepted = store_->Accept(tenant(), {&contact, 1}, now());
  ASSERT_TRUE(accepted.ok());
  EXPECT_EQ((*accepted)[0].version, 2);
  Document doc = Get(id);
  EXPECT_EQ(doc.state, DocumentState::kSyncing);  // keeps its attempt
  EXPECT_EQ(doc.attempt_id, attempt.id);

  // Version 1 reached Xero: linked at version 1, and version 2 is pending.
  DocumentOutcomeRecord written = Written(id, kXeroContact);
  ASSERT_TRUE(store_->RecordOutcomes(attempt.id, {&written, 1}, now()).ok());
  doc = Get(id);
  EXPECT_EQ(doc.state, DocumentState::kPending);
  EXPECT_EQ(doc.version, 2);
  EXPECT_EQ(doc.synced_version, 1);
  EXPECT_EQ(doc.xero_id, kXeroContact);
  EXPECT_FALSE(doc.attempt_id);
}

TEST_P(DocumentsTest, ARejectionOfAnOlderVersionLeavesTheNewerOnePending) {
  IncomingDocument contact = Contact("C1");
  Attempt attempt = AcceptAndOpen(contact);
  int64_t id = attempt.document_ids[0];
  contact.payload = R"({"Name":"Acme Ltd"})";
  ASSERT_TRUE(store_->Accept(tenant(), {&contact, 1}, now()).ok());
  DocumentOutcomeRecord rejected = Outcome(id, OutcomeKind::kRejected);
  rejected.error_id = *store_->OpenError(tenant(), id, Report("xero.validation"), now());
  ASSERT_TRUE(store_->RecordOutcomes(attempt.id, {&rejected, 1}, now()).ok());
  Document doc = Get(id);
  EXPECT_EQ(doc.state, DocumentState::kPending);  // version 2 may well be the fix
  EXPECT_EQ(doc.version, 2);
  EXPECT_EQ(doc.next_attempt_at, now());
  EXPECT_EQ(store_->GetError(*rejected.error_id)->status, ErrorStatus::kOpen);
  // Counted, so that its next attempt carries a new Idempotency-Key.
  EXPECT_EQ(doc.rejections, 1);
}

TEST_P(DocumentsTest, ANewVersionReopensSyncedPassedArchivedAndFailedDocuments) {
  // synced
  IncomingDocument c1 = Contact("C1");
  Attempt a1 = AcceptAndOpen(c1, "k1");
  DocumentOutcomeRecord written = Written(a1.document_ids[0], kXeroContact);
  ASSERT_TRUE(store_->RecordOutcomes(a1.id, {&written, 1}, now()).ok());
  // failed, then archived
  IncomingDocument c2 = Contact("C2");
  Attempt a2 = AcceptAndOpen(c2, "k2");
  DocumentOutcomeRecord rejected = Outcome(a2.document_ids[0], OutcomeKind::kRejected);
  rejected.error_id =
      *store_->OpenError(tenant(), a2.document_ids[0], Report("xero.validation"), now());
  ASSERT_TRUE(store_->RecordOutcomes(a2.id, {&rejected, 1}, now()).ok());
  ASSERT_TRUE(store_->ArchiveError(*rejected.error_id, "later", "ann", now()).ok());
  // failed
  IncomingDocument c3 = Contact("C3");
  Attempt a3 = AcceptAndOpen(c3, "k3");
  DocumentOutcomeRecord rejected3 = Outcome(a3.document_ids[0], OutcomeKind::kRejected);
  ASSERT_TRUE(store_->RecordOutcomes(a3.id, {&rejected3, 1}, now()).ok());
  // passed
  IncomingDocument c4 = Contact("C4");
  int64_t passed = AcceptOne(c4);
  ASSERT_TRUE(store_->PassToAccounts(passed, std::nullopt, "ann", now()).ok());

  ASSERT_EQ(StateOf(a1.document_ids[0]), DocumentState::kSynced);
  ASSERT_EQ(StateOf(a2.document_ids[0]), DocumentState::kArchived);
  ASSERT_EQ(StateOf(a3.document_ids[0]), DocumentState::kFailed);
  ASSERT_EQ(StateOf(passed), DocumentState::kPassed);

  clock_.Advance(minutes(3));
  std::vector<IncomingDocument> changed = {c1, c2, c3, c4};
  for (IncomingDocument& doc : changed) doc.payload = R"({"Name":"Changed"})";
  auto accepted = store_->Accept(tenant(), changed, now());
  ASSERT_TRUE(accepted.ok());
  for (const Accepted& one : *accepted) {
    EXPECT_EQ(one.outcome, AcceptOutcome::kNewVersion);
    Document doc = Get(one.document_id);
    EXPECT_EQ(doc.state, DocumentState::kPending) << doc.host_id;
    EXPECT_EQ(doc.next_attempt_at, now()) << doc.host_id;
  }
}

TEST_P(DocumentsTest, BadInputIsRejectedAndNothingIsAccepted) {
  IncomingDocument empty_host = Contact("");
  IncomingDocument no_payload = Contact("C2");
  no_payload.payload.clear();
  IncomingDocument own_parent = Invoice("INV-1", "C1");
  own_parent.parents.push_back({{DocumentKind::kInvoice, "INV-1"}, "invoice"});
  IncomingDocument unknown_kind = Contact("C3");
  unknown_kind.kind = static_cast<DocumentKind>(kDocumentKindCount);
  for (const IncomingDocument& bad : {empty_host, no_payload, own_parent, unknown_kind}) {
    std::vector<IncomingDocument> batch = {Contact("C1"), bad};
    auto accepted = store_->Accept(tenant(), batch, now());
    EXPECT_EQ(accepted.status().code(), StatusCode::kInvalidArgument);
  }
  EXPECT_FALSE(*store_->FindDocument(tenant(), {DocumentKind::kContact, "C1"}));
  IncomingDocument good = Contact("C1");
  EXPECT_EQ(store_->Accept(domain::TenantId("nobody"), {&good, 1}, now()).status().code(),
            StatusCode::kNotFound);
}

// ---- attempts ----

TEST_P(DocumentsTest, OpeningAnAttemptMovesPendingDocumentsToSyncing) {
  std::vector<IncomingDocument> docs = {Contact("C1"), Contact("C2")};
  auto accepted = *store_->Accept(tenant(), docs, now());
  std::vector<int64_t> ids = {accepted[0].document_id, accepted[1].document_id};
  clock_.Advance(seconds(5));
  auto attempt = store_->OpenAttempt(tenant(), "xs1-abc", ids, now());
  ASSERT_TRUE(attempt.ok()) << attempt.status();
  EXPECT_EQ(attempt->idempotency_key, "xs1-abc");
  EXPECT_EQ(attempt->started_at, now());
  EXPECT_FALSE(attempt->finished_at);
  EXPECT_THAT(attempt->document_ids, ElementsAre(ids[0], ids[1]));
  for (int64_t id : ids) {
    Document doc = Get(id);
    EXPECT_EQ(doc.state, DocumentState::kSyncing);
    EXPECT_EQ(doc.attempt_id, attempt->id);
    EXPECT_TRUE(doc.ever_attempted);
  }
  // Open attempts are unsettled: a crash now leaves them for reconciliation.
  auto unsettled = store_->UnsettledAttempts(tenant());
  ASSERT_TRUE(unsettled.ok());
  ASSERT_EQ(unsettled->size(), 1u);
  EXPECT_EQ((*unsettled)[0].id, attempt->id);
  EXPECT_EQ((*unsettled)[0].idempotency_key, "xs1-abc");
  EXPECT_THAT((*unsettled)[0].document_ids, ElementsAre(ids[0], ids[1]));
  EXPECT_TRUE(store_->UnsettledAttempts(domain::TenantId(kOtherTenant))->empty());
}

TEST_P(DocumentsTest, AnAttemptForADocumentThatIsNotPendingChangesNothing) {
  Attempt first = AcceptAndOpen(Contact("C1"), "k1");
  int64_t pending = AcceptOne(Contact("C2"));
  std::vector<int64_t> ids = {pending, first.document_ids[0]};
  auto second = store_->OpenAttempt(tenant(), "k2", ids, now());
  EXPECT_EQ(second.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(StateOf(pending), DocumentState::kPending);
  EXPECT_EQ(Get(first.document_ids[0]).attempt_id, first.id);
  EXPECT_EQ(store_->UnsettledAttempts(tenant())->size(), 1u);
  EXPECT_EQ(store_->OpenAttempt(domain::TenantId(kOtherTenant), "k3", {&pending, 1}, now())
                .status()
                .code(),
            StatusCode::kNotFound);
  std::vector<int64_t> twice = {pending, pending};
  EXPECT_EQ(store_->OpenAttempt(tenant(), "k4", twice, now()).status().code(),
            StatusCode::kInvalidArgument);
  int64_t missing = pending + 100;
  EXPECT_EQ(store_->OpenAttempt(tenant(), "k5", {&missing, 1}, now()).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(StateOf(pending), DocumentState::kPending);
}

TEST_P(DocumentsTest, WrittenLinksSyncsReleasesChildrenAndResolvesTheError) {
  IncomingDocument contact = Contact("C1");
  int64_t contact_id = AcceptOne(contact);
  int64_t invoice_id = AcceptOne(Invoice("INV-1", "C1"));
  int64_t other_child = AcceptOne(Invoice("INV-2", "C9"));
  std::vector<std::pair<int64_t, DocumentKey>> blocked = {
      {invoice_id, {DocumentKind::kContact, "C1"}}, {other_child, {DocumentKind::kContact, "C9"}}};
  ASSERT_TRUE(store_->Block(blocked, now()).ok());
  ASSERT_EQ(StateOf(invoice_id), DocumentState::kBlocked);
  EXPECT_EQ(Get(invoice_id).blocked_by, (DocumentKey{DocumentKind::kContact, "C1"}));
  int64_t error = *store_->OpenError(tenant(), contact_id, Report("xero.unavailable"), now());

  auto attempt = *store_->OpenAttempt(tenant(), "k1", {&contact_id, 1}, now());
  clock_.Advance(seconds(2));
  DocumentOutcomeRecord written = Written(contact_id, kXeroContact);
  ASSERT_TRUE(store_->RecordOutcomes(attempt.id, {&written, 1}, now()).ok());

  Document doc = Get(contact_id);
  EXPECT_EQ(doc.state, DocumentState::kSynced);
  EXPECT_EQ(doc.xero_id, kXeroContact);
  EXPECT_EQ(doc.synced_version, 1);
  EXPECT_FALSE(doc.error_id);
  EXPECT_EQ(store_->GetError(error)->status, ErrorStatus::kResolved);
  EXPECT_EQ(store_->GetError(error)->closed_reason, "synced");
  Document child = Get(invoice_id);
  EXPECT_EQ(child.state, DocumentState::kPending);
  EXPECT_FALSE(child.blocked_by);
  EXPECT_EQ(child.next_attempt_at, now());
  EXPECT_EQ(StateOf(other_child), DocumentState::kBlocked);  // another parent: still waiting
  EXPECT_TRUE(store_->UnsettledAttempts(tenant())->empty());

  std::vector<DocumentKey> keys = {{DocumentKind::kContact, "C1"}, {DocumentKind::kContact, "C9"}};
  auto xero_ids = store_->XeroIds(tenant(), keys);
  ASSERT_TRUE(xero_ids.ok());
  ASSERT_EQ(xero_ids->size(), 1u);
  EXPECT_EQ(xero_ids->at(keys[0]), kXeroContact);
}

TEST_P(DocumentsTest, AWrittenOutcomeNeedsTheXeroId) {
  Attempt attempt = AcceptAndOpen(Contact("C1"));
  DocumentOutcomeRecord written = Written(attempt.document_ids[0], "");
  EXPECT_EQ(store_->RecordOutcomes(attempt.id, {&written, 1}, now()).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(StateOf(attempt.document_ids[0]), DocumentState::kSyncing);
}

TEST_P(DocumentsTest, RejectedFailsWithItsError) {
  Attempt attempt = AcceptAndOpen(Contact("C1"));
  int64_t id = attempt.document_ids[0];
  DocumentOutcomeRecord rejected = Outcome(id, OutcomeKind::kRejected);
  rejected.error_id = *store_->OpenError(tenant(), id, Report("xero.validation"), now());
  ASSERT_TRUE(store_->RecordOutcomes(attempt.id, {&rejected, 1}, now()).ok());
  Document doc = Get(id);
  EXPECT_EQ(doc.state, DocumentState::kFailed);
  EXPECT_EQ(doc.error_id, rejected.error_id);
  EXPECT_FALSE(doc.attempt_id);
  EXPECT_FALSE(doc.xero_id);
  // The attempt is over: recording again is refused.
  EXPECT_EQ(store_->RecordOutcomes(attempt.id, {&rejected, 1}, now()).code(),
            StatusCode::kFailedPrecondition);
}

TEST_P(DocumentsTest, RetryIsPendingAtTheBackoffWithOneMoreTry) {
  Attempt attempt = AcceptAndOpen(Contact("C1"));
  int64_t id = attempt.document_ids[0];
  DocumentOutcomeRecord retry = Outcome(id, OutcomeKind::kRetry);
  retry.next_attempt_at = now() + seconds(30);
  ASSERT_TRUE(store_->RecordOutcomes(attempt.id, {&retry, 1}, now()).ok());
  Document doc = Get(id);
  EXPECT_EQ(doc.state, DocumentState::kPending);
  EXPECT_EQ(doc.next_attempt_at, now() + seconds(30));
  EXPECT_EQ(doc.tries, 1);

  // Not due yet: the planner's query does not list it.
  DocumentQuery due = Query(tenant(), DocumentState::kPending, std::nullopt, now());
  EXPECT_TRUE(store_->ListDocuments(due)->empty());
  due.due_by = now() + seconds(30);
  EXPECT_EQ(store_->ListDocuments(due)->size(), 1u);

  clock_.Advance(seconds(30));
  auto again = *store_->OpenAttempt(tenant(), "k2", {&id, 1}, now());
  retry.next_attempt_at = now() + seconds(60);
  ASSERT_TRUE(store_->RecordOutcomes(again.id, {&retry, 1}, now()).ok());
  EXPECT_EQ(Get(id).tries, 2);
}

TEST_P(DocumentsTest, ResendIsPendingNowWithTriesUnchanged) {
  Attempt attempt = AcceptAndOpen(Contact("C1"));
  int64_t id = attempt.document_ids[0];
  DocumentOutcomeRecord ambiguous = Outcome(id, OutcomeKind::kAmbiguous);
  ASSERT_TRUE(store_->RecordOutcomes(attempt.id, {&ambiguous, 1}, now()).ok());
  clock_.Advance(minutes(1));
  DocumentOutcomeRecord resend = Outcome(id, OutcomeKind::kResend);
  ASSERT_TRUE(store_->RecordOutcomes(attempt.id, {&resend, 1}, now()).ok());
  Document doc = Get(id);
  EXPECT_EQ(doc.state, DocumentState::kPending);
  EXPECT_EQ(doc.next_attempt_at, now());
  EXPECT_EQ(doc.tries, 0);
  EXPECT_TRUE(store_->UnsettledAttempts(tenant())->empty());
}

TEST_P(DocumentsTest, PausedOutcomePausesTheDocument) {
  Attempt attempt = AcceptAndOpen(Contact("C1"));
  DocumentOutcomeRecord paused = Outcome(attempt.document_ids[0], OutcomeKind::kPaused);
  ASSERT_TRUE(store_->RecordOutcomes(attempt.id, {&paused, 1}, now()).ok());
  EXPECT_EQ(StateOf(attempt.document_ids[0]), DocumentState::kPaused);
  EXPECT_TRUE(store_->UnsettledAttempts(tenant())->empty());
}

TEST_P(DocumentsTest, AmbiguousStaysSyncingUntilReconciled) {
  std::vector<IncomingDocument> docs = {Contact("C1"), Contact("C2")};
  auto accepted = *store_->Accept(tenant(), docs, now());
  std::vector<int64_t> ids = {accepted[0].document_id, accepted[1].document_id};
  Attempt attempt = *store_->OpenAttempt(tenant(), "k1", ids, now());
  std::vector<DocumentOutcomeRecord> outcomes = {Outcome(ids[0], OutcomeKind::kAmbiguous),
                                                 Outcome(ids[1], OutcomeKind::kAmbiguous)};
  ASSERT_TRUE(store_->RecordOutcomes(attempt.id, outcomes, now()).ok());
  EXPECT_EQ(StateOf(ids[0]), DocumentState::kSyncing);
  auto unsettled = *store_->UnsettledAttempts(tenant());
  ASSERT_EQ(unsettled.size(), 1u);
  EXPECT_TRUE(unsettled[0].ambiguous);
  EXPECT_FALSE(unsettled[0].finished_at);

  // Reconciliation: one was found in Xero; the other is still unknown, so the attempt stays.
  DocumentOutcomeRecord found = Written(ids[0], kXeroContact);
  ASSERT_TRUE(store_->RecordOutcomes(attempt.id, {&found, 1}, now()).ok());
  EXPECT_EQ(StateOf(ids[0]), DocumentState::kSynced);
  EXPECT_EQ(store_->UnsettledAttempts(tenant())->size(), 1u);
  // The other was not in Xero: it is sent again; the attempt is settled.
  DocumentOutcomeRecord resend = Outcome(ids[1], OutcomeKind::kResend);
  ASSERT_TRUE(store_->RecordOutcomes(attempt.id, {&resend, 1}, now()).ok());
  EXPECT_TRUE(store_->UnsettledAttempts(tenant())->empty());
}

TEST_P(DocumentsTest, BlockedOutcomeWaitsForTheParentWhoseFailureKeepsItWaiting) {
  int64_t contact = AcceptOne(Contact("C1"));
  Attempt attempt = AcceptAndOpen(Invoice("INV-1", "C1"));
  int64_t invoice = attempt.document_ids[0];
  DocumentOutcomeRecord blocked = Outcome(invoice, OutcomeKind::kBlocked);
  blocked.blocked_by = DocumentKey{DocumentKind::kContact, "C1"};
  ASSERT_TRUE(store_->RecordOutcomes(attempt.id, {&blocked, 1}, now()).ok());
  EXPECT_EQ(StateOf(invoice), DocumentState::kBlocked);
  EXPECT_EQ(Get(invoice).blocked_by, blocked.blocked_by);

  // The parent fails: the child stays blocked.
  Attempt parent = *store_->OpenAttempt(tenant(), "k2", {&contact, 1}, now());
  DocumentOutcomeRecord rejected = Outcome(contact, OutcomeKind::kRejected);
  ASSERT_TRUE(store_->RecordOutcomes(parent.id, {&rejected, 1}, now()).ok());
  EXPECT_EQ(StateOf(invoice), DocumentState::kBlocked);

  // Block needs a pending document.
  std::vector<std::pair<int64_t, DocumentKey>> again = {{invoice, {DocumentKind::kContact, "C1"}}};
  EXPECT_EQ(store_->Block(again, now()).code(), StatusCode::kFailedPrecondition);
}

TEST_P(DocumentsTest, FailPendingFailsDocumentsRefusedBeforeSending) {
  int64_t big = AcceptOne(Contact("C1"));
  int64_t other = AcceptOne(Contact("C2"));
  int64_t error = *store_->OpenError(tenant(), big, Report("sync.too_large"), now());
  std::vector<std::pair<int64_t, int64_t>> refused = {{big, error}};
  ASSERT_TRUE(store_->FailPending(refused, now()).ok());
  Document doc = Get(big);
  EXPECT_EQ(doc.state, DocumentState::kFailed);
  EXPECT_EQ(doc.error_id, error);
  EXPECT_FALSE(doc.ever_attempted);
  EXPECT_TRUE(store_->UnsettledAttempts(tenant())->empty());

  // Only a pending document, and only with its own error; nothing of the call happens otherwise.
  std::vector<std::pair<int64_t, int64_t>> wrong_error = {{other, error}};
  EXPECT_EQ(store_->FailPending(wrong_error, now()).code(), StatusCode::kInvalidArgument);
  std::vector<std::pair<int64_t, int64_t>> not_pending = {{big, error}};
  EXPECT_EQ(store_->FailPending(not_pending, now()).code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(StateOf(other), DocumentState::kPending);
}

TEST_P(DocumentsTest, BlockingOnAParentAlreadyInXeroLeavesTheChildPending) {
  Attempt attempt = AcceptAndOpen(Contact("C1"));
  DocumentOutcomeRecord written = Written(attempt.document_ids[0], kXeroContact);
  ASSERT_TRUE(store_->RecordOutcomes(attempt.id, {&written, 1}, now()).ok());
  int64_t invoice = AcceptOne(Invoice("INV-1", "C1"));
  std::vector<std::pair<int64_t, DocumentKey>> blocked = {
      {invoice, {DocumentKind::kContact, "C1"}}};
  ASSERT_TRUE(store_->Block(blocked, now()).ok());
  EXPECT_EQ(StateOf(invoice), DocumentState::kPending);
}

TEST_P(DocumentsTest, OutcomesForDocumentsNotInTheAttemptChangeNothing) {
  Attempt attempt = AcceptAndOpen(Contact("C1"), "k1");
  int64_t other = AcceptOne(Contact("C2"));
  std::vector<DocumentOutcomeRecord> outcomes = {Written(attempt.document_ids[0], kXeroContact),
                                                 Written(other, kXeroInvoice)};
  EXPECT_EQ(store_->RecordOutcomes(attempt.id, outcomes, now()).code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(StateOf(attempt.document_ids[0]), DocumentState::kSyncing);
  EXPECT_FALSE(Get(attempt.document_ids[0]).xero_id);
  EXPECT_EQ(store_->RecordOutcomes(attempt.id + 10, {}, now()).code(), StatusCode::kNotFound);
}

// ---- organisation pause, relevant changes ----

TEST_P(DocumentsTest, PausingAnOrganisationPausesItsPendingDocumentsAndResumingReleasesThem) {
  int64_t pending = AcceptOne(Contact("C1"));
  Attempt syncing = AcceptAndOpen(Contact("C2"));
  IncomingDocument other = Contact("C3");
  int64_t other_org =
      (*store_->Accept(domain::TenantId(kOtherTenant), {&other, 1}, now()))[0].document_id;

  TimePoint until = now() + std::chrono::hours(3);
  auto moved =
      store_->PauseOrganisation(tenant(), "connection.expired", "connection expired", until, now());
  ASSERT_TRUE(moved.ok()) << moved.status();
  EXPECT_EQ(*moved, 1);
  EXPECT_EQ(StateOf(pending), DocumentState::kPaused);
  EXPECT_EQ(StateOf(syncing.document_ids[0]), DocumentState::kSyncing);
  EXPECT_EQ(StateOf(other_org), DocumentState::kPending);
  auto org = *store_->GetOrganisation(tenant());
  EXPECT_EQ(org.paused_reason, "connection expired");
  EXPECT_EQ(org.paused_until, until);
  EXPECT_EQ(org.paused_code, "connection.expired");

  clock_.Advance(minutes(30));
  auto resumed = store_->ResumeOrganisation(tenant(), now());
  ASSERT_TRUE(resumed.ok());
  EXPECT_EQ(*resumed, 1);
  EXPECT_EQ(StateOf(pending), DocumentState::kPending);
  EXPECT_EQ(Get(pending).next_attempt_at, now());
  EXPECT_FALSE(store_->GetOrganisation(tenant())->paused_reason);
  EXPECT_FALSE(store_->GetOrganisation(tenant())->paused_code);
}

// Accepts a contact and fails it with an open validation error; returns its id.
int64_t MakeFailed(Store& store, const domain::TenantId& tenant, TimePoint now,
                   const std::string& host_id) {
  IncomingDocument doc{.kind = DocumentKind::kContact,
                       .host_id = host_id,
                       .operation = Operation::kUpsert,
                       .payload = R"({"Name":")" + host_id + R"("})",
                       .parents = {}};
  int64_t id = (*store.Accept(tenant, {&doc, 1}, now))[0].document_id;
  Attempt attempt = *store.OpenAttempt(tenant, "key-" + host_id, {&id, 1}, now);
  DocumentOutcomeRecord rejected = Outcome(id, OutcomeKind::kRejected);
  rejected.error_id = *store.OpenError(tenant, id, Report("xero.validation"), now);
  EXPECT_TRUE(store.RecordOutcomes(attempt.id, {&rejected, 1}, now).ok());
  return id;
}

// The codes the tests name as fixable by a mapping or the settings (the engine takes them from the
// error catalogue).
const std::vector<std::string> kOnChange = {"xero.validation"};

TEST_P(DocumentsTest, AMappingChangeReleasesFailedDocuments) {
  int64_t failed = MakeFailed(*store_, tenant(), now(), "C1");
  EXPECT_EQ(*store_->ReleaseAfterRelevantChange(tenant(), kOnChange, now()), 0);  // no change yet
  EXPECT_EQ(StateOf(failed), DocumentState::kFailed);
  ASSERT_TRUE(store_->SetMapping(tenant(), {"account", "4000", "200"}, "ann", now()).ok());
  clock_.Advance(seconds(1));
  EXPECT_EQ(*store_->ReleaseAfterRelevantChange(tenant(), kOnChange, now()), 1);
  EXPECT_EQ(StateOf(failed), DocumentState::kPending);
  EXPECT_EQ(Get(failed).next_attempt_at, now());
}

TEST_P(DocumentsTest, ChangedSettingsReleaseFailedDocumentsAndIdenticalOnesDoNot) {
  CachedSettings accounts{"accounts", R"({"Accounts":[]})", now()};
  ASSERT_TRUE(store_->PutSettings(tenant(), accounts).ok());
  int64_t failed = MakeFailed(*store_, tenant(), now(), "C1");
  ASSERT_FALSE(*store_->PutSettings(tenant(), accounts));  // refreshed, identical
  EXPECT_EQ(*store_->ReleaseAfterRelevantChange(tenant(), kOnChange, now()), 0);
  EXPECT_EQ(StateOf(failed), DocumentState::kFailed);
  accounts.json = R"({"Accounts":[{"Code":"200"}]})";
  ASSERT_TRUE(*store_->PutSettings(tenant(), accounts));
  EXPECT_EQ(*store_->ReleaseAfterRelevantChange(tenant(), kOnChange, now()), 1);
  EXPECT_EQ(StateOf(failed), DocumentState::kPending);
}

// ---- the user's actions ----

TEST_P(DocumentsTest, UserRetryMovesFailedAndArchivedToPendingAndIsAudited) {
  int64_t failed = MakeFailed(*store_, tenant(), now(), "C1");
  int64_t archived = MakeFailed(*store_, tenant(), now(), "C2");
  ASSERT_TRUE(store_->ArchiveError(*Get(archived).error_id, "later", "ann", now()).ok());
  int64_t pending = AcceptOne(Contact("C3"));
  clock_.Advance(minutes(1));

  std::vector<int64_t> ids = {failed, archived};
  ASSERT_TRUE(store_->RetryDocuments(ids, "bob", now()).ok());
  for (int64_t id : ids) {
    Document doc = Get(id);
    EXPECT_EQ(doc.state, DocumentState::kPending);
    EXPECT_EQ(doc.next_attempt_at, now());
    EXPECT_EQ(doc.tries, 0);
  }
  auto audit = *store_->ListAudit(tenant(), 0, 10);
  ASSERT_EQ(audit.size(), 3u);  // the archive, then two retries
  EXPECT_EQ(audit[1].action, "document.retry");
  EXPECT_EQ(audit[1].actor, "bob");
  EXPECT_EQ(audit[1].subject, "contact:C1");

  // A pending document cannot be retried; nothing of the call happens.
  std::vector<int64_t> mixed = {failed, pending};
  EXPECT_EQ(store_->RetryDocuments(mixed, "bob", now()).code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(store_->ListAudit(tenant(), 0, 10)->size(), 3u);
}

TEST_P(DocumentsTest, PassToAccountsWithoutAXeroRecordNeverSendsIt) {
  int64_t failed = MakeFailed(*store_, tenant(), now(), "C1");
  int64_t error = *Get(failed).error_id;
  int64_t child = AcceptOne(Invoice("INV-1", "C1"));
  std::vector<std::pair<int64_t, DocumentKey>> blocked = {{child, {DocumentKind::kContact, "C1"}}};
  ASSERT_TRUE(store_->Block(blocked, now()).ok());

  ASSERT_TRUE(store_->PassToAccounts(failed, std::nullopt, "ann", now()).ok());
  EXPECT_EQ(StateOf(failed), DocumentState::kPassed);
  EXPECT_EQ(store_->GetError(error)->status, ErrorStatus::kResolved);
  EXPECT_EQ(store_->GetError(error)->closed_reason, "passed to accounts");
  EXPECT_EQ(store_->GetError(error)->closed_by, "ann");
  // No Xero record to sync against: the child is planned again, so that the engine says why it
  // cannot go.
  EXPECT_EQ(StateOf(child), DocumentState::kPending);
  auto audit = *store_->ListAudit(tenant(), 0, 10);
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].action, "document.pass");

  // Only pending, blocked or failed documents can be passed.
  EXPECT_EQ(store_->PassToAccounts(failed, std::nullopt, "ann", now()).code(),
            StatusCode::kFailedPrecondition);
}

TEST_P(DocumentsTest, PassToAccountsWithAXeroRecordLinksItAndReleasesChildren) {
  int64_t contact = AcceptOne(Contact("C1"));
  int64_t child = AcceptOne(Invoice("INV-1", "C1"));
  std::vector<std::pair<int64_t, DocumentKey>> blocked = {{child, {DocumentKind::kContact, "C1"}}};
  ASSERT_TRUE(store_->Block(blocked, now()).ok());
  ASSERT_TRUE(store_->PassToAccounts(contact, std::string(kXeroContact), "ann", now()).ok());
  Document doc = Get(contact);
  EXPECT_EQ(doc.state, DocumentState::kPassed);
  EXPECT_EQ(doc.xero_id, kXeroContact);
  EXPECT_EQ(doc.synced_version, 1);
  EXPECT_EQ(StateOf(child), DocumentState::kPending);
  EXPECT_EQ((*store_->ListAudit(tenant(), 0, 10))[0].detail, kXeroContact);
}

TEST_P(DocumentsTest, ReopenMovesAPassedDocumentToPendingAndIsAudited) {
  int64_t id = AcceptOne(Contact("C1"));
  ASSERT_TRUE(store_->PassToAccounts(id, std::nullopt, "ann", now()).ok());
  clock_.Advance(minutes(1));
  ASSERT_TRUE(store_->Reopen(id, "bob", now()).ok());
  EXPECT_EQ(StateOf(id), DocumentState::kPending);
  EXPECT_EQ(Get(id).next_attempt_at, now());
  auto audit = *store_->ListAudit(tenant(), 0, 10);
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_EQ(audit[1].action, "document.reopen");
  EXPECT_EQ(audit[1].actor, "bob");
  EXPECT_EQ(store_->Reopen(id, "bob", now()).code(), StatusCode::kFailedPrecondition);
}

// ---- listing ----

TEST_P(DocumentsTest, ListDocumentsFiltersByStateKindAndDueTimeAndPagesInIdOrder) {
  std::vector<IncomingDocument> docs = {Contact("C1"), Invoice("INV-1", "C1"), Contact("C2"),
                                        Invoice("INV-2", "C1"), Contact("C3")};
  auto accepted = *store_->Accept(tenant(), docs, now());
  std::vector<int64_t> ids(accepted.size());
  for (std::size_t i = 0; i < accepted.size(); ++i) ids[i] = accepted[i].document_id;
  // C2 waits 30 s after a transient failure.
  Attempt attempt = *store_->OpenAttempt(tenant(), "k", {&ids[2], 1}, now());
  DocumentOutcomeRecord retry = Outcome(ids[2], OutcomeKind::kRetry);
  retry.next_attempt_at = now() + seconds(30);
  ASSERT_TRUE(store_->RecordOutcomes(attempt.id, {&retry, 1}, now()).ok());

  auto list = [&](const DocumentQuery& query) {
    std::vector<int64_t> out;
    auto docs_or = store_->ListDocuments(query);
    EXPECT_TRUE(docs_or.ok()) << docs_or.status();
    for (const Document& doc : *docs_or) out.push_back(doc.id);
    return out;
  };
  EXPECT_THAT(list(Query(tenant())), ElementsAre(ids[0], ids[1], ids[2], ids[3], ids[4]));
  EXPECT_THAT(list(Query(tenant(), std::nullopt, DocumentKind::kContact)),
              ElementsAre(ids[0], ids[2], ids[4]));
  EXPECT_THAT(list(Query(tenant(), DocumentState::kPending, DocumentKind::kContact, now())),
              ElementsAre(ids[0], ids[4]));
  // Without a kind: every kind, still in id order.
  EXPECT_THAT(list(Query(tenant(), DocumentState::kPending, std::nullopt, now())),
              ElementsAre(ids[0], ids[1], ids[3], ids[4]));
  DocumentQuery page = Query(tenant());
  page.after_id = ids[1];
  page.limit = 2;
  EXPECT_THAT(list(page), ElementsAre(ids[2], ids[3]));
  EXPECT_TRUE(list(Query(domain::TenantId(kOtherTenant))).empty());
  EXPECT_TRUE(list(Query(tenant(), DocumentState::kSynced)).empty());
  page.limit = 0;  // a page is never unbounded
  EXPECT_EQ(store_->ListDocuments(page).status().code(), StatusCode::kInvalidArgument);

  auto counts = store_->CountByState(tenant());
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ((*counts)[static_cast<int>(DocumentState::kPending)], 5);
  EXPECT_EQ((*counts)[static_cast<int>(DocumentState::kSynced)], 0);
}

}  // namespace

}  // namespace xerosync::store
