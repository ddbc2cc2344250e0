// The error rows of ERRORS.md that need a look at Xero or at other documents (issue 6), one test
// per row, against the emulator and a real SQLite store on the emulator's fake clock: the error's
// code, its message and fix as the finance admin reads them, then the fix, after which the document
// syncs — and every document is in Xero once.
#include <gtest/gtest.h>

#include <future>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "sync/engine.h"
#include "sync/engine_test_fixture.h"
#include "sync/lookups.h"
#include "sync/materialize.h"
#include "xero/batch.h"
#include "xero/client.h"

namespace xerosync::sync {
namespace {

using std::chrono::seconds;
using store::DocumentKind;
using store::DocumentState;
using testing::kConnection;
using xero::testing::kNz;

const domain::TenantId kTenant{kNz};

// The engine's fixture, with the documents of these rows and what the finance admin looks at.
class ErrorRows : public testing::EngineFixture {
 protected:
  ErrorRows() {
    // The initial sync (settings cached, nothing to adopt), so that every later create is sent.
    EXPECT_EQ(Sync(store::RunTrigger::kInitial).run.outcome, store::RunOutcome::kSucceeded);
  }

  // Another worker on the same store and client.
  std::unique_ptr<Engine> NewEngine(const std::string& owner) {
    EngineOptions options;
    options.owner = owner;
    return std::make_unique<Engine>(*store_, *xero_, emulator_.clock(), options);
  }

  // Two units of 100.50 plus 15% GST: 231.15.
  static store::IncomingDocument Invoice(const std::string& host_id, const std::string& number,
                                         const std::string& account = "200",
                                         const std::string& quantity = "2") {
    return {DocumentKind::kInvoice,
            host_id,
            store::Operation::kUpsert,
            R"({"Type":"ACCREC","InvoiceNumber":")" + number +
                R"(","Date":"2026-01-02","DueDate":"2026-01-30","Status":"AUTHORISED",)"
                R"("LineAmountTypes":"Exclusive","LineItems":[{"Description":"Work",)"
                R"("Quantity":)" +
                quantity + R"(,"UnitAmount":100.5,"AccountCode":")" + account +
                R"(","TaxType":"OUTPUT2"}]})",
            {{{DocumentKind::kContact, "c1"}, "contact"}}};
  }
  static store::IncomingDocument Payment(const std::string& host_id, const std::string& invoice,
                                         const std::string& amount) {
    return {DocumentKind::kPayment,
            host_id,
            store::Operation::kUpsert,
            R"({"Date":"2026-01-05","Amount":)" + amount + R"(,"Reference":"ROWS-)" + host_id +
                R"(","Account":{"Code":"090"}})",
            {{{DocumentKind::kInvoice, invoice}, "invoice"}}};
  }
  // 500.00 plus 15% GST: 575.00 to allocate.
  static store::IncomingDocument CreditNote(const std::string& host_id) {
    return {DocumentKind::kCreditNote,
            host_id,
            store::Operation::kUpsert,
            R"({"Type":"ACCRECCREDIT","CreditNoteNumber":"ROWS-)" + host_id +
                R"(","Date":"2026-01-03","Status":"AUTHORISED","LineAmountTypes":"Exclusive",)"
                R"("LineItems":[{"Description":"Refund","Quantity":1,"UnitAmount":500,)"
                R"("AccountCode":"200","TaxType":"OUTPUT2"}]})",
            {{{DocumentKind::kContact, "c1"}, "contact"}}};
  }
  static store::IncomingDocument Allocation(const std::string& host_id, const std::string& note,
                                            const std::string& invoice, const std::string& amount) {
    return {DocumentKind::kAllocation,
            host_id,
            store::Operation::kUpsert,
            R"({"Date":"2026-01-06","Amount":)" + amount + "}",
            {{{DocumentKind::kCreditNote, note}, "credit_note"},
             {{DocumentKind::kInvoice, invoice}, "invoice"}}};
  }

  DocumentState StateOf(DocumentKind kind, const std::string& host_id) {
    return Doc(kind, host_id).state;
  }
  // The document's error (open or not): the test fails when it has none.
  store::SyncError ErrorOf(DocumentKind kind, const std::string& host_id) {
    const store::Document document = Doc(kind, host_id);
    EXPECT_TRUE(document.error_id.has_value()) << host_id << " has no error";
    return store_->GetError(document.error_id.value_or(0)).value_or(store::SyncError{});
  }

  // Invoices in the emulator (not deleted) by number: how many of each.
  std::map<std::string, int> NumbersInXero() {
    std::map<std::string, int> count;
    emulator_.organisations().Read(kNz, [&](const emulator::OrgState& state) {
      for (const auto& invoice : state.invoices) {
        if (invoice.status != "DELETED") ++count[invoice.invoice_number];
      }
    });
    return count;
  }
  // How many of the emulator's payments (not deleted) carry `reference`.
  int PaymentsInXero(const std::string& reference) {
    int count = 0;
    emulator_.organisations().Read(kNz, [&](const emulator::OrgState& state) {
      for (const auto& payment : state.payments) {
        if (payment.reference == reference && payment.status != "DELETED") ++count;
      }
    });
    return count;
  }

  // Enters `invoice` in Xero by hand (as the finance admin would), against the synced contact c1.
  std::string EnterInXero(const store::IncomingDocument& invoice) {
    const xero::CallTarget target{kConnection, kTenant, xero::Priority::kLive};
    xero::ConnectedTransport xero = xero_->Bind(target);
    store::Document probe;
    probe.kind = DocumentKind::kInvoice;
    probe.host_id = "by-hand";
    probe.payload = invoice.payload;
    probe.parents = invoice.parents;
    const ParentIds parents{
        {{DocumentKind::kContact, "c1"}, Doc(DocumentKind::kContact, "c1").xero_id.value_or("")}};
    const std::vector<domain::Invoice> invoices{
        Materialize<domain::Invoice>(probe, parents).value()};
    const auto written = xero::WriteDocuments<domain::Invoice>(xero, xero_->Caller(target),
                                                               xero::WriteMethod::kPut, invoices);
    EXPECT_EQ(written[0].outcome, xero::DocumentOutcome::kWritten);
    return written[0].record ? written[0].record->id.value() : "";
  }

  static bool Contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
  }
};

// ERRORS.md "invoice number already used", the same invoice: linked, not duplicated, no error.
TEST_F(ErrorRows, InvoiceNumberTakenByTheSameInvoiceLinksIt) {
  Push({Contact(1)});
  ASSERT_EQ(Sync().run.outcome, store::RunOutcome::kSucceeded);
  const std::string by_hand = EnterInXero(Invoice("x", "ROWS-1"));

  Push({Invoice("i1", "ROWS-1")});
  const RunReport report = Sync();
  EXPECT_EQ(report.run.outcome, store::RunOutcome::kSucceeded) << report.run.detail;
  EXPECT_EQ(report.run.counts.synced, 1);
  EXPECT_EQ(report.run.counts.api_calls, 2) << "the refused create and one lookup";
  const store::Document i1 = Doc(DocumentKind::kInvoice, "i1");
  EXPECT_EQ(i1.state, DocumentState::kSynced);
  EXPECT_EQ(i1.xero_id, by_hand);
  EXPECT_FALSE(i1.error_id.has_value());
  store::ErrorQuery every;
  every.organisation = kTenant;
  EXPECT_TRUE(store_->ListErrors(every)->empty()) << "no error, not even a closed one";
  EXPECT_EQ(NumbersInXero()["ROWS-1"], 1);
}

// The lookups go one request per batch of refused invoices (up to 50 numbers each), counted in
// the run's API calls; a lookup that fails leaves the error, and a retry links the invoice.
TEST_F(ErrorRows, InvoiceNumbersTakenAreLookedUpPerBatchAndALookupThatFailsLeavesTheError) {
  Push({Contact(1)});
  ASSERT_EQ(Sync().run.outcome, store::RunOutcome::kSucceeded);
  std::vector<store::IncomingDocument> documents;
  for (int n = 1; n <= 60; ++n) {
    documents.push_back(Invoice("i" + std::to_string(n), "ROWS-N" + std::to_string(n)));
    EnterInXero(documents.back());
  }
  Push(documents);
  const RunReport report = Sync();
  EXPECT_EQ(report.run.outcome, store::RunOutcome::kSucceeded) << report.run.detail;
  EXPECT_EQ(report.run.counts.synced, 60);
  EXPECT_EQ(report.run.counts.api_calls, 4) << "two batches, each with one lookup";
  for (const auto& [number, count] : NumbersInXero()) EXPECT_EQ(count, 1) << number;

  // Xero fails the lookup: the refusal stays, saying so; once Xero answers, a retry links it.
  EnterInXero(Invoice("x", "ROWS-L"));
  Push({Invoice("i61", "ROWS-L")});
  AddFault("GET", "/api.xro/2.0/Invoices", emulator::FaultAction::kAnswer, 20);
  EXPECT_EQ(Sync().run.outcome, store::RunOutcome::kFailed);
  emulator_.faults().Clear();
  const store::SyncError error = ErrorOf(DocumentKind::kInvoice, "i61");
  EXPECT_EQ(error.report.code, "invoice.number_taken");
  EXPECT_TRUE(Contains(error.report.message, "could not look it up")) << error.report.message;
  const std::vector<int64_t> retry = {Doc(DocumentKind::kInvoice, "i61").id};
  ASSERT_TRUE(store_->RetryDocuments(retry, "ann", Now()).ok());
  EXPECT_EQ(Sync().run.outcome, store::RunOutcome::kSucceeded);
  EXPECT_EQ(StateOf(DocumentKind::kInvoice, "i61"), DocumentState::kSynced);
  EXPECT_EQ(store_->GetError(error.id)->status, store::ErrorStatus::kResolved);
  EXPECT_EQ(NumbersInXero()["ROWS-L"], 1);
}

// Two identical invoices of the business app sent together: Xero takes the first, and the second
// is not linked to it (two documents are not one invoice): its error says it is a duplicate.
TEST_F(ErrorRows, InvoiceNumberTakenByAnotherDocumentOfTheBatchIsNotLinkedToIt) {
  Push({Contact(1), Invoice("i1", "ROWS-T"), Invoice("i2", "ROWS-T")});
  EXPECT_EQ(Sync().run.outcome, store::RunOutcome::kPartial);
  EXPECT_EQ(StateOf(DocumentKind::kInvoice, "i1"), DocumentState::kSynced);
  EXPECT_EQ(StateOf(DocumentKind::kInvoice, "i2"), DocumentState::kFailed);
  const store::SyncError error = ErrorOf(DocumentKind::kInvoice, "i2");
  EXPECT_EQ(error.report.code, "invoice.number_taken");
  EXPECT_TRUE(Contains(error.report.message, "duplicate")) << error.report.message;
  EXPECT_EQ(NumbersInXero()["ROWS-T"], 1);
}

// ERRORS.md "invoice number already used", another invoice: invoice.number_taken, not re-sent when
// a mapping changes; renumbered, it syncs.
TEST_F(ErrorRows, InvoiceNumberTakenByAnotherInvoiceFailsUntilRenumbered) {
  Push({Contact(1)});
  ASSERT_EQ(Sync().run.outcome, store::RunOutcome::kSucceeded);
  EnterInXero(Invoice("x", "ROWS-2", "200", "3"));  // three units: another total

  Push({Invoice("i2", "ROWS-2")});
  EXPECT_EQ(Sync().run.outcome, store::RunOutcome::kFailed);
  EXPECT_EQ(StateOf(DocumentKind::kInvoice, "i2"), DocumentState::kFailed);
  const store::SyncError error = ErrorOf(DocumentKind::kInvoice, "i2");
  EXPECT_EQ(error.report.code, "invoice.number_taken");
  EXPECT_TRUE(Contains(error.report.message, "ROWS-2")) << error.report.message;
  EXPECT_TRUE(Contains(error.report.message, "invoice i2")) << error.report.message;
  EXPECT_TRUE(Contains(error.report.message, "differs")) << error.report.message;
  EXPECT_TRUE(Contains(error.report.fix, "another number")) << error.report.fix;
  ASSERT_FALSE(error.report.xero_messages.empty());
  EXPECT_TRUE(Contains(error.report.xero_messages.front(), "must be unique"));

  // An unrelated mapping changes: the invoice is not sent again (its number is still taken).
  emulator_.clock().Advance(seconds(1));
  ASSERT_TRUE(store_->SetMapping(kTenant, {"account", "4000", "200"}, "ann", Now()).ok());
  EXPECT_EQ(Sync().run.counts.api_calls, 0);
  EXPECT_EQ(StateOf(DocumentKind::kInvoice, "i2"), DocumentState::kFailed);

  // The fix: renumbered in the business app.
  Push({Invoice("i2", "ROWS-2B")});
  EXPECT_EQ(Sync().run.outcome, store::RunOutcome::kSucceeded);
  EXPECT_EQ(StateOf(DocumentKind::kInvoice, "i2"), DocumentState::kSynced);
  EXPECT_EQ(store_->GetError(error.id)->status, store::ErrorStatus::kResolved);
  EXPECT_EQ(NumbersInXero()["ROWS-2"], 1);
  EXPECT_EQ(NumbersInXero()["ROWS-2B"], 1);
}

// ERRORS.md "payment exceeds amount outstanding / already paid": the error names the payment, its
// amount and what is outstanding now; fixed by passing it to accounts, or by correcting the amount.
TEST_F(ErrorRows, PaymentExceedingTheAmountOutstandingNamesBothAmounts) {
  Push({Contact(1), Invoice("i1", "ROWS-3")});
  ASSERT_EQ(Sync().run.outcome, store::RunOutcome::kSucceeded);
  Push({Payment("p1", "i1", "300.00"), Payment("p2", "i1", "250.00")});
  const RunReport report = Sync();
  EXPECT_EQ(report.run.outcome, store::RunOutcome::kFailed);
  EXPECT_EQ(report.run.counts.api_calls, 2) << "one batch of payments, one lookup for both";
  for (const auto& [host_id, amount] : {std::pair{"p1", "300.00"}, std::pair{"p2", "250.00"}}) {
    EXPECT_EQ(StateOf(DocumentKind::kPayment, host_id), DocumentState::kFailed);
    const store::SyncError error = ErrorOf(DocumentKind::kPayment, host_id);
    EXPECT_EQ(error.report.code, "payment.exceeds_outstanding");
    EXPECT_TRUE(Contains(error.report.message, std::string("payment ") + host_id))
        << error.report.message;
    EXPECT_TRUE(Contains(error.report.message, amount)) << error.report.message;
    EXPECT_TRUE(Contains(error.report.message, "invoice i1 has 231.15 outstanding"))
        << error.report.message;
    EXPECT_TRUE(Contains(error.report.fix, "passed to accounts")) << error.report.fix;
    EXPECT_TRUE(Contains(error.report.fix, "correct the amount")) << error.report.fix;
  }

  // p1 was recorded in Xero by hand: passed to accounts. p2's amount is corrected.
  const int64_t p1_error = *Doc(DocumentKind::kPayment, "p1").error_id;
  ASSERT_TRUE(
      store_->PassToAccounts(Doc(DocumentKind::kPayment, "p1").id, std::nullopt, "ann", Now())
          .ok());
  Push({Payment("p2", "i1", "200.00")});
  EXPECT_EQ(Sync().run.outcome, store::RunOutcome::kSucceeded);
  EXPECT_EQ(StateOf(DocumentKind::kPayment, "p1"), DocumentState::kPassed);
  EXPECT_EQ(store_->GetError(p1_error)->closed_reason, "passed to accounts");
  EXPECT_EQ(StateOf(DocumentKind::kPayment, "p2"), DocumentState::kSynced);
  EXPECT_EQ(PaymentsInXero("ROWS-p1"), 0);
  EXPECT_EQ(PaymentsInXero("ROWS-p2"), 1);
}

// ERRORS.md "credit note allocation exceeds outstanding": the error names the allocation, its
// amount, the invoice's amount outstanding and the credit left; corrected, it syncs.
TEST_F(ErrorRows, AllocationExceedingTheAmountOutstandingNamesTheAmounts) {
  Push({Contact(1), Invoice("i1", "ROWS-4"), CreditNote("cn1")});
  ASSERT_EQ(Sync().run.outcome, store::RunOutcome::kSucceeded);
  Push({Allocation("a1", "cn1", "i1", "300.00")});
  EXPECT_EQ(Sync().run.outcome, store::RunOutcome::kFailed);
  EXPECT_EQ(StateOf(DocumentKind::kAllocation, "a1"), DocumentState::kFailed);
  const store::SyncError error = ErrorOf(DocumentKind::kAllocation, "a1");
  EXPECT_EQ(error.report.code, "allocation.exceeds_outstanding");
  EXPECT_TRUE(Contains(error.report.message, "allocation a1")) << error.report.message;
  EXPECT_TRUE(Contains(error.report.message, "300.00 to invoice i1, which has 231.15 outstanding"))
      << error.report.message;
  EXPECT_TRUE(Contains(error.report.message, "credit_note cn1 has 575.00 left"))
      << error.report.message;
  EXPECT_TRUE(Contains(error.report.fix, "reduce the allocation")) << error.report.fix;

  Push({Allocation("a1", "cn1", "i1", "200.00")});
  EXPECT_EQ(Sync().run.outcome, store::RunOutcome::kSucceeded);
  EXPECT_EQ(StateOf(DocumentKind::kAllocation, "a1"), DocumentState::kSynced);
  EXPECT_EQ(store_->GetError(error.id)->status, store::ErrorStatus::kResolved);
}

// ERRORS.md "payment's invoice not in Xero": blocked while the invoice is on its way, and goes when
// it syncs; an error naming the invoice and its state when the invoice will not reach Xero by
// itself (passed to accounts without a record, never pushed); reopened, both sync.
TEST_F(ErrorRows, PaymentsInvoiceNotInXeroWaitsOrSaysWhy) {
  // i1 fails (no account 999): on its way once fixed, so its payment waits.
  Push({Contact(1), Invoice("i1", "ROWS-5", "999"), Payment("p1", "i1", "10.00")});
  EXPECT_EQ(Sync().run.outcome, store::RunOutcome::kPartial);
  EXPECT_EQ(StateOf(DocumentKind::kPayment, "p1"), DocumentState::kBlocked);
  const store::Document p1 = Doc(DocumentKind::kPayment, "p1");
  const BlockedReason waiting = WhyBlocked(*store_, p1, *p1.blocked_by).value();
  EXPECT_TRUE(waiting.waits);
  EXPECT_EQ(waiting.report.code, "payment.invoice_not_in_xero");
  EXPECT_TRUE(Contains(waiting.report.message, "invoice i1 failed")) << waiting.report.message;
  Push({Invoice("i1", "ROWS-5")});
  EXPECT_EQ(Sync().run.outcome, store::RunOutcome::kSucceeded);
  EXPECT_EQ(StateOf(DocumentKind::kPayment, "p1"), DocumentState::kSynced);

  // i2 is wrongly marked passed to accounts (without a Xero record) before it was ever sent; p3
  // pays an invoice the business app never pushed.
  Push({Invoice("i2", "ROWS-6"), Payment("p2", "i2", "10.00"), Payment("p3", "i9", "10.00")});
  ASSERT_TRUE(
      store_->PassToAccounts(Doc(DocumentKind::kInvoice, "i2").id, std::nullopt, "ann", Now())
          .ok());
  EXPECT_EQ(Sync().run.outcome, store::RunOutcome::kFailed);
  EXPECT_EQ(StateOf(DocumentKind::kPayment, "p2"), DocumentState::kFailed);
  const store::SyncError passed = ErrorOf(DocumentKind::kPayment, "p2");
  EXPECT_EQ(passed.report.code, "payment.invoice_not_in_xero");
  EXPECT_TRUE(Contains(passed.report.message, "payment p2")) << passed.report.message;
  EXPECT_TRUE(Contains(passed.report.message, "invoice i2 is marked passed to accounts"))
      << passed.report.message;
  EXPECT_TRUE(Contains(passed.report.fix, "reopen it")) << passed.report.fix;
  const store::SyncError never = ErrorOf(DocumentKind::kPayment, "p3");
  EXPECT_EQ(never.report.code, "payment.invoice_not_in_xero");
  EXPECT_TRUE(Contains(never.report.message, "invoice i9 was never sent")) << never.report.message;
  EXPECT_EQ(Sync().run.counts.api_calls, 0) << "nothing is sent while the invoice is passed";

  // The fix: i2 reopened. It syncs, and p2 follows in the same run.
  ASSERT_TRUE(store_->Reopen(Doc(DocumentKind::kInvoice, "i2").id, "ann", Now()).ok());
  EXPECT_EQ(Sync().run.outcome, store::RunOutcome::kSucceeded);
  EXPECT_EQ(StateOf(DocumentKind::kPayment, "p3"), DocumentState::kFailed) << "i9 is still missing";
  EXPECT_EQ(StateOf(DocumentKind::kInvoice, "i2"), DocumentState::kSynced);
  EXPECT_EQ(StateOf(DocumentKind::kPayment, "p2"), DocumentState::kSynced);
  EXPECT_EQ(store_->GetError(passed.id)->status, store::ErrorStatus::kResolved);
  EXPECT_EQ(PaymentsInXero("ROWS-p2"), 1);

  // The business app pushes i9 at last: p3 follows.
  Push({Invoice("i9", "ROWS-9")});
  EXPECT_EQ(Sync().run.outcome, store::RunOutcome::kSucceeded);
  EXPECT_EQ(StateOf(DocumentKind::kPayment, "p3"), DocumentState::kSynced);
  EXPECT_EQ(PaymentsInXero("ROWS-p3"), 1);
}

// ERRORS.md "credit note's invoice not in Xero" (a credit note meets its invoice through an
// allocation): blocked while the invoice is on its way; an error when it was passed to accounts
// without a record; reopened, it syncs.
TEST_F(ErrorRows, CreditNotesInvoiceNotInXeroWaitsOrSaysWhy) {
  Push({Contact(1), CreditNote("cn1"), Invoice("i1", "ROWS-7", "999"),
        Allocation("a1", "cn1", "i1", "50.00")});
  EXPECT_EQ(Sync().run.outcome, store::RunOutcome::kPartial);
  EXPECT_EQ(StateOf(DocumentKind::kAllocation, "a1"), DocumentState::kBlocked);
  const store::Document a1 = Doc(DocumentKind::kAllocation, "a1");
  const BlockedReason waiting = WhyBlocked(*store_, a1, *a1.blocked_by).value();
  EXPECT_TRUE(waiting.waits);
  EXPECT_EQ(waiting.report.code, "credit_note.invoice_not_in_xero");

  // The invoice is passed to accounts without a record: the allocation cannot go, and says why.
  ASSERT_TRUE(
      store_->PassToAccounts(Doc(DocumentKind::kInvoice, "i1").id, std::nullopt, "ann", Now())
          .ok());
  EXPECT_EQ(Sync().run.outcome, store::RunOutcome::kFailed);
  EXPECT_EQ(StateOf(DocumentKind::kAllocation, "a1"), DocumentState::kFailed);
  const store::SyncError error = ErrorOf(DocumentKind::kAllocation, "a1");
  EXPECT_EQ(error.report.code, "credit_note.invoice_not_in_xero");
  EXPECT_TRUE(Contains(error.report.message, "allocation a1")) << error.report.message;
  EXPECT_TRUE(Contains(error.report.message, "invoice i1 is marked passed to accounts"))
      << error.report.message;
  EXPECT_TRUE(Contains(error.report.fix, "Sync the invoice first")) << error.report.fix;

  // Reopened and corrected, the invoice syncs and the allocation follows.
  ASSERT_TRUE(store_->Reopen(Doc(DocumentKind::kInvoice, "i1").id, "ann", Now()).ok());
  Push({Invoice("i1", "ROWS-7")});
  EXPECT_EQ(Sync().run.outcome, store::RunOutcome::kSucceeded);
  EXPECT_EQ(StateOf(DocumentKind::kInvoice, "i1"), DocumentState::kSynced);
  EXPECT_EQ(StateOf(DocumentKind::kAllocation, "a1"), DocumentState::kSynced);
  EXPECT_EQ(store_->GetError(error.id)->status, store::ErrorStatus::kResolved);
}

// The other ways a parent never reaches Xero by itself: its error archived (a payment's invoice),
// or a contact passed to accounts without a record (an invoice's contact).
TEST_F(ErrorRows, AParentArchivedOrPassedWithoutARecordSaysWhyItsChildCannotGo) {
  Push({Contact(1), Invoice("i1", "ROWS-A", "999"), Payment("p1", "i1", "10.00")});
  EXPECT_EQ(Sync().run.outcome, store::RunOutcome::kPartial);
  ASSERT_EQ(StateOf(DocumentKind::kPayment, "p1"), DocumentState::kBlocked);
  ASSERT_TRUE(
      store_->ArchiveError(*Doc(DocumentKind::kInvoice, "i1").error_id, "not ours", "ann", Now())
          .ok());
  EXPECT_EQ(Sync().run.outcome, store::RunOutcome::kFailed);
  const store::SyncError archived = ErrorOf(DocumentKind::kPayment, "p1");
  EXPECT_EQ(archived.report.code, "payment.invoice_not_in_xero");
  EXPECT_TRUE(Contains(archived.report.message, "invoice i1 is archived"))
      << archived.report.message;

  store::IncomingDocument of_c2 = Invoice("i2", "ROWS-B");
  of_c2.parents = {{{DocumentKind::kContact, "c2"}, "contact"}};
  Push({Contact(2), of_c2});
  ASSERT_TRUE(
      store_->PassToAccounts(Doc(DocumentKind::kContact, "c2").id, std::nullopt, "ann", Now())
          .ok());
  EXPECT_EQ(Sync().run.outcome, store::RunOutcome::kFailed);
  const store::SyncError passed = ErrorOf(DocumentKind::kInvoice, "i2");
  EXPECT_EQ(passed.report.code, "document.parent_not_in_xero");
  EXPECT_TRUE(Contains(passed.report.message, "contact c2 is marked passed to accounts"))
      << passed.report.message;

  // Passed again, this time linked to the contact already in Xero: the invoice goes.
  ASSERT_TRUE(store_->Reopen(Doc(DocumentKind::kContact, "c2").id, "ann", Now()).ok());
  ASSERT_TRUE(store_
                  ->PassToAccounts(Doc(DocumentKind::kContact, "c2").id,
                                   Doc(DocumentKind::kContact, "c1").xero_id, "ann", Now())
                  .ok());
  EXPECT_EQ(Sync().run.outcome, store::RunOutcome::kSucceeded);
  EXPECT_EQ(StateOf(DocumentKind::kInvoice, "i2"), DocumentState::kSynced);
}

// ERRORS.md "duplicate from manual + automatic sync": two engines (two workers) on one store. The
// automatic run is sending from its thread when the user's manual sync starts on the other engine:
// the manual one joins it, and every document reaches Xero once.
TEST_F(ErrorRows, ManualAndAutomaticSyncAtOnceSendEachDocumentOnce) {
  std::vector<store::IncomingDocument> documents = {Contact(1)};
  for (int n = 1; n <= 40; ++n) {
    documents.push_back(Invoice("i" + std::to_string(n), "ROWS-D" + std::to_string(n)));
    documents.push_back(Payment("p" + std::to_string(n), "i" + std::to_string(n), "10.00"));
  }
  Push(documents);
  std::unique_ptr<Engine> second = NewEngine("engine-2");
  std::promise<void> sending;
  std::promise<void> manual_done;
  std::shared_future<void> manual_returned = manual_done.get_future().share();
  bool first_put = true;
  stepping_.before = [&](const xero::HttpRequest& request) {
    // Only the automatic run's thread sends (the manual run joins without a request).
    if (request.method == "PUT" && request.url.find("/Invoices") != std::string::npos &&
        first_put) {
      first_put = false;
      sending.set_value();
      manual_returned.wait();
    }
  };
  Result<RunReport> automatic = InternalError("not run");
  std::thread worker([&] { automatic = engine_->RunOnce(kTenant, store::RunTrigger::kAutomatic); });
  sending.get_future().wait();
  const Result<RunReport> manual = second->RunOnce(kTenant, store::RunTrigger::kManual);
  manual_done.set_value();
  worker.join();
  stepping_.before = nullptr;

  ASSERT_TRUE(automatic.ok()) << automatic.status();
  ASSERT_TRUE(manual.ok()) << manual.status();
  EXPECT_TRUE(manual->joined) << "the other worker holds the organisation";
  EXPECT_EQ(manual->run.id, automatic->run.id);
  EXPECT_EQ(automatic->run.outcome, store::RunOutcome::kSucceeded) << automatic->run.detail;
  EXPECT_EQ(store_->CountByState(kTenant).value()[static_cast<int>(DocumentState::kSynced)], 81);
  const std::map<std::string, int> invoices = NumbersInXero();
  for (int n = 1; n <= 40; ++n) {
    const std::string number = "ROWS-D" + std::to_string(n);
    EXPECT_EQ(invoices.contains(number) ? invoices.at(number) : 0, 1) << number;
    EXPECT_EQ(PaymentsInXero("ROWS-p" + std::to_string(n)), 1) << n;
  }
  EXPECT_EQ(Sync().run.counts.api_calls, 0) << "nothing left to send";
}

}  // namespace
}  // namespace xerosync::sync
