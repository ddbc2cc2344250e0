// The sync engine against the emulator and a real SQLite store, on the emulator's fake clock
// (docs/sync.md). Every test checks what the finance admin and Xero would see: the documents'
// states in the store, and the records in the emulator — each document there exactly once.
#include "sync/engine.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sync/engine_test_fixture.h"
#include "sync/materialize.h"
#include "sync/scheduler.h"
#include "sync/store_token_store.h"
#include "xero/batch.h"
#include "xero/client.h"
#include "xero/oauth_test_util.h"

namespace xerosync::sync {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;
using store::DocumentKind;
using store::DocumentState;
using xero::testing::kNz;

using testing::Crash;
using testing::kConnection;
using testing::StatusOfResult;
using testing::SteppingTransport;

class EngineTest : public testing::EngineFixture {};

TEST_F(EngineTest, ContactsThenInvoicesInBatchesEachOnce) {
  // The first run of an organisation caches its settings: six reads.
  EXPECT_EQ(Sync(store::RunTrigger::kInitial).run.counts.api_calls, 6);
  Push(ContactsAndInvoices(3, 120));
  const RunReport report = Sync();
  EXPECT_FALSE(report.joined);
  EXPECT_EQ(report.run.outcome, store::RunOutcome::kSucceeded) << report.run.detail;
  EXPECT_EQ(report.run.counts.synced, 123);
  EXPECT_EQ(report.run.counts.api_calls, 4) << "one batch of contacts, three of invoices";
  EXPECT_EQ(CountIn(DocumentState::kSynced), 123);
  ExpectEachInvoiceOnce(120);
  EXPECT_EQ(ContactsInXero().size(), 3u);
  const store::Document invoice = Doc(DocumentKind::kInvoice, "i7");
  ASSERT_TRUE(invoice.xero_id.has_value());
  EXPECT_EQ(invoice.synced_version, 1);

  // Nothing new: the next run sends nothing.
  const RunReport again = Sync();
  EXPECT_EQ(again.run.counts.api_calls, 0);
  ExpectEachInvoiceOnce(120);
}

TEST_F(EngineTest, ABadInvoiceFailsAloneAndItsPaymentWaitsUntilItIsFixed) {
  std::vector<store::IncomingDocument> documents = ContactsAndInvoices(2, 5);
  documents[3] = Invoice(2, 1, "999");  // i2 uses an account Xero does not have
  documents.push_back(Payment(1, 2));   // pays i2
  documents.push_back(Payment(2, 3));   // pays i3
  Push(documents);

  const RunReport report = Sync();
  EXPECT_EQ(report.run.outcome, store::RunOutcome::kPartial);
  const store::Document bad = Doc(DocumentKind::kInvoice, "i2");
  EXPECT_EQ(bad.state, DocumentState::kFailed);
  ASSERT_TRUE(bad.error_id.has_value());
  const store::SyncError error = store_->GetError(*bad.error_id).value();
  EXPECT_EQ(error.status, store::ErrorStatus::kOpen);
  // Caught by the pre-flight checks (the cached chart of accounts has no 999), with the code
  // Xero's own message would have given; never sent, so Xero said nothing about it.
  EXPECT_EQ(error.report.code, "account.invalid_for_document");
  EXPECT_NE(error.report.fix.find("map 999"), std::string::npos) << error.report.fix;
  EXPECT_NE(error.report.message.find("999"), std::string::npos) << error.report.message;
  EXPECT_TRUE(error.report.xero_messages.empty());
  EXPECT_EQ(Doc(DocumentKind::kPayment, "p1").state, DocumentState::kBlocked);
  EXPECT_EQ(Doc(DocumentKind::kPayment, "p1").blocked_by,
            (store::DocumentKey{DocumentKind::kInvoice, "i2"}));
  EXPECT_EQ(Doc(DocumentKind::kPayment, "p2").state, DocumentState::kSynced);
  EXPECT_EQ(InvoicesInXero().size(), 4u);

  // Not retried while nothing changed.
  EXPECT_EQ(Sync().run.counts.api_calls, 0);

  // The host fixes the invoice: it syncs, its error closes, the payment follows.
  Push({Invoice(2, 1, "200")});
  const RunReport fixed = Sync();
  EXPECT_EQ(fixed.run.outcome, store::RunOutcome::kSucceeded) << fixed.run.detail;
  EXPECT_EQ(Doc(DocumentKind::kInvoice, "i2").state, DocumentState::kSynced);
  EXPECT_EQ(store_->GetError(*bad.error_id)->status, store::ErrorStatus::kResolved);
  EXPECT_EQ(Doc(DocumentKind::kPayment, "p1").state, DocumentState::kSynced);
  ExpectEachInvoiceOnce(5);
}

TEST_F(EngineTest, AFailedDocumentIsRetriedOnceTheFixInXeroShowsInTheCachedSettings) {
  ASSERT_EQ(Sync(store::RunTrigger::kInitial).run.outcome, store::RunOutcome::kSucceeded);
  Push({Contact(1), Invoice(1, 1, "480")});  // no account 480 in the demo organisation yet
  ASSERT_EQ(Sync().run.outcome, store::RunOutcome::kPartial);
  ASSERT_EQ(Doc(DocumentKind::kInvoice, "i1").state, DocumentState::kFailed);
  const int64_t error_id = Doc(DocumentKind::kInvoice, "i1").error_id.value();
  EXPECT_EQ(Sync().run.counts.api_calls, 0) << "nothing changed: not retried";

  // The finance admin adds the account in Xero.
  const xero::CallTarget target{kConnection, domain::TenantId(kNz), xero::Priority::kLive};
  const Result<xero::HttpRequest> add =
      xero::BuildWrite(xero_->Caller(target), "PUT", "/Accounts", {},
                       R"({"Code":"480","Name":"Engine Test Sales","Type":"REVENUE"})", "");
  ASSERT_EQ(StatusOfResult(xero_->Send(target, *add)), 200);
  EXPECT_EQ(Sync().run.counts.api_calls, 0) << "the cached settings are still fresh";

  emulator_.clock().Advance(minutes(61));
  const RunReport report = Sync();
  EXPECT_EQ(report.run.outcome, store::RunOutcome::kSucceeded) << report.run.detail;
  const store::Document i1 = Doc(DocumentKind::kInvoice, "i1");
  EXPECT_EQ(i1.state, DocumentState::kSynced);
  EXPECT_EQ(store_->GetError(error_id)->status, store::ErrorStatus::kResolved);
  ExpectEachInvoiceOnce(1);
}

TEST_F(EngineTest, AWriteAppliedThenDroppedIsFoundAndNotSentAgain) {
  Push(ContactsAndInvoices(2, 60));
  AddFault("PUT", "/api.xro/2.0/Invoices", emulator::FaultAction::kApplyThenDrop);
  // How long Xero keeps idempotency keys is undocumented: assume it forgot this one, so that only
  // the lookup can stop a second copy.
  stepping_.after = [&](const xero::HttpRequest&) { emulator_.writes().ForgetIdempotencyKeys(); };
  const RunReport report = Sync();
  stepping_.after = nullptr;
  EXPECT_EQ(report.run.outcome, store::RunOutcome::kSucceeded) << report.run.detail;
  EXPECT_EQ(CountIn(DocumentState::kSynced), 62);
  ExpectEachInvoiceOnce(60);
}

TEST_F(EngineTest, ATimeoutBeforeXeroActedIsLookedUpThenSentAgain) {
  Push(ContactsAndInvoices(2, 10));
  AddFault("PUT", "/api.xro/2.0/Invoices", emulator::FaultAction::kTimeout);
  const RunReport report = Sync();
  EXPECT_EQ(report.run.outcome, store::RunOutcome::kSucceeded) << report.run.detail;
  EXPECT_EQ(CountIn(DocumentState::kSynced), 12);
  ExpectEachInvoiceOnce(10);
}

TEST_F(EngineTest, AManualSyncDuringAnAutomaticOneJoinsItAndNothingIsDuplicated) {
  Push(ContactsAndInvoices(2, 30));
  std::optional<RunReport> manual;
  int puts = 0;
  stepping_.before = [&](const xero::HttpRequest& request) {
    if (request.method == "PUT" && request.url.find("/Invoices") != std::string::npos &&
        ++puts == 1) {
      // The user presses "Sync now" while the automatic run sends its first invoices, after the
      // host pushed more.
      Push({Invoice(31, 1), Invoice(32, 2)});
      manual = engine_->RunOnce(domain::TenantId(kNz), store::RunTrigger::kManual).value();
    }
  };
  const RunReport automatic = Sync();
  stepping_.before = nullptr;
  ASSERT_TRUE(manual.has_value());
  EXPECT_TRUE(manual->joined);
  EXPECT_EQ(manual->run.id, automatic.run.id);
  EXPECT_TRUE(automatic.run.joined);
  EXPECT_EQ(automatic.run.outcome, store::RunOutcome::kSucceeded);
  ExpectEachInvoiceOnce(32);
  EXPECT_EQ(CountIn(DocumentState::kPending), 0);
}

TEST_F(EngineTest, AnExpiredConnectionPausesDocumentsAndReconnectSyncsThemAll) {
  Push(ContactsAndInvoices(2, 100));
  int puts = 0;
  stepping_.after = [&](const xero::HttpRequest& request) {
    // After the first invoice batch, the refresh token lapses (60 days unused).
    if (request.method == "PUT" && request.url.find("/Invoices") != std::string::npos &&
        ++puts == 1) {
      emulator_.clock().Advance(hours(24 * 61));
    }
  };
  const RunReport report = Sync();
  stepping_.after = nullptr;
  EXPECT_EQ(report.run.outcome, store::RunOutcome::kPaused);
  EXPECT_EQ(CountIn(DocumentState::kFailed), 0) << "connection trouble pauses, never fails";
  EXPECT_EQ(CountIn(DocumentState::kPaused), 50);
  EXPECT_TRUE(store_->GetOrganisation(domain::TenantId(kNz))->paused_reason.has_value());
  EXPECT_EQ(store_->GetOrganisation(domain::TenantId(kNz))->paused_code, "connection.expired");
  EXPECT_EQ(Sync().run.outcome, store::RunOutcome::kPaused) << "still expired";

  const auto [code, verifier] = Authorize(client_);
  ASSERT_TRUE(tokens_->Connect(kConnection, code, verifier).ok());
  const RunReport after = Sync(store::RunTrigger::kInitial);
  EXPECT_EQ(after.run.outcome, store::RunOutcome::kSucceeded) << after.run.detail;
  EXPECT_EQ(CountIn(DocumentState::kSynced), 102);
  ExpectEachInvoiceOnce(100);
}

TEST_F(EngineTest, TransientFailuresAreRetriedAfterABackoff) {
  Push(ContactsAndInvoices(1, 3));
  ASSERT_EQ(Sync().run.outcome, store::RunOutcome::kSucceeded);
  Push({Invoice(4, 1), Invoice(5, 1)});
  // Xero answers 500 to every invoice call for a while: the write may have happened (ambiguous),
  // the lookups fail, and the documents wait for the next run.
  AddFault("", "/api.xro/2.0/Invoices", emulator::FaultAction::kAnswer, 7);
  const RunReport failing = Sync();
  EXPECT_NE(failing.run.outcome, store::RunOutcome::kSucceeded);
  EXPECT_EQ(InvoicesInXero().size(), 3u);
  emulator_.faults().Clear();
  emulator_.clock().Advance(minutes(2));
  const RunReport recovered = Sync();
  EXPECT_EQ(recovered.run.outcome, store::RunOutcome::kSucceeded) << recovered.run.detail;
  ExpectEachInvoiceOnce(5);
}

TEST_F(EngineTest, TheInitialSyncAdoptsWhatIsAlreadyInXeroInsteadOfDuplicatingIt) {
  // Someone already entered customer EC-1 and invoice ENG-1 in Xero by hand.
  const xero::CallTarget target{kConnection, domain::TenantId(kNz), xero::Priority::kLive};
  xero::ConnectedTransport xero = xero_->Bind(target);
  domain::Contact contact;
  contact.name = "Engine Customer 1";
  contact.contact_number = "EC-1";
  const std::vector<domain::Contact> contacts{contact};
  const auto written = xero::WriteDocuments<domain::Contact>(xero, xero_->Caller(target),
                                                             xero::WriteMethod::kPut, contacts);
  ASSERT_EQ(written[0].outcome, xero::DocumentOutcome::kWritten);
  const std::string contact_id = written[0].record->id.value();
  store::Document probe;
  probe.kind = DocumentKind::kInvoice;
  probe.host_id = "probe";
  probe.payload = Invoice(1, 1).payload;
  probe.parents = Invoice(1, 1).parents;
  const ParentIds parents{{{DocumentKind::kContact, "c1"}, contact_id}};
  const std::vector<domain::Invoice> invoices{Materialize<domain::Invoice>(probe, parents).value()};
  ASSERT_EQ(xero::WriteDocuments<domain::Invoice>(xero, xero_->Caller(target),
                                                  xero::WriteMethod::kPut, invoices)[0]
                .outcome,
            xero::DocumentOutcome::kWritten);

  Push({Contact(1), Invoice(1, 1), Invoice(2, 1)});
  const RunReport report = Sync(store::RunTrigger::kInitial);
  EXPECT_EQ(report.run.outcome, store::RunOutcome::kSucceeded) << report.run.detail;
  EXPECT_NE(report.run.detail.find("adopted 2"), std::string::npos) << report.run.detail;
  EXPECT_EQ(Doc(DocumentKind::kContact, "c1").xero_id, contact_id);
  ExpectEachInvoiceOnce(2);
  EXPECT_EQ(ContactsInXero().size(), 1u);
  EXPECT_TRUE(store_->GetOrganisation(domain::TenantId(kNz))->initial_sync_done);
  EXPECT_TRUE(store_->GetSettings(domain::TenantId(kNz), "tax_rates")->has_value());
}

TEST_F(EngineTest, LaterVersionsUpdateXeroVoidsApplyAndAPaidInvoiceSaysWhyItCannotChange) {
  Push({Contact(1), Invoice(1, 1), Invoice(2, 1)});
  ASSERT_EQ(Sync().run.outcome, store::RunOutcome::kSucceeded);
  const std::string first_id = Doc(DocumentKind::kInvoice, "i1").xero_id.value();

  // Version 2 of i1: three units instead of two. The same Xero record is updated.
  store::IncomingDocument v2 = Invoice(1, 1);
  const std::string two = R"("Quantity":2)";
  v2.payload.replace(v2.payload.find(two), two.size(), R"("Quantity":3)");
  Push({v2});
  const RunReport updated = Sync();
  EXPECT_EQ(updated.run.outcome, store::RunOutcome::kSucceeded) << updated.run.detail;
  const store::Document i1 = Doc(DocumentKind::kInvoice, "i1");
  EXPECT_EQ(i1.xero_id, first_id);
  EXPECT_EQ(i1.synced_version, 2);
  emulator_.organisations().Read(kNz, [&](const emulator::OrgState& state) {
    for (const auto& invoice : state.invoices) {
      if (invoice.invoice_id == first_id) {
        EXPECT_EQ(invoice.totals.sub_total, Decimal::Parse("301.50").value());
      }
    }
  });
  ExpectEachInvoiceOnce(2);

  // i2 is voided.
  store::IncomingDocument void_i2 = Invoice(2, 1);
  void_i2.operation = store::Operation::kVoid;
  Push({void_i2});
  EXPECT_EQ(Sync().run.outcome, store::RunOutcome::kSucceeded);
  emulator_.organisations().Read(kNz, [&](const emulator::OrgState& state) {
    for (const auto& invoice : state.invoices) {
      if (invoice.invoice_number == "ENG-2") {
        EXPECT_EQ(invoice.status, "VOIDED");
      }
    }
  });

  // Once paid, i1 cannot change in Xero: the error says so, before any call (its payment is in
  // Xero, so the pre-flight checks know).
  Push({Payment(1, 1)});
  ASSERT_EQ(Sync().run.outcome, store::RunOutcome::kSucceeded);
  store::IncomingDocument v3 = v2;
  v3.payload.replace(v3.payload.find(R"("Quantity":3)"), 12, R"("Quantity":4)");
  Push({v3});
  const RunReport refused = Sync();
  EXPECT_EQ(refused.run.outcome, store::RunOutcome::kFailed);
  EXPECT_EQ(refused.run.counts.api_calls, 0);
  const store::Document paid = Doc(DocumentKind::kInvoice, "i1");
  EXPECT_EQ(paid.state, DocumentState::kFailed);
  EXPECT_EQ(paid.synced_version, 2);
  const store::SyncError error = store_->GetError(paid.error_id.value()).value();
  EXPECT_EQ(error.report.code, "document.not_editable");
  EXPECT_NE(error.report.message.find("payment or credit note allocated"), std::string::npos)
      << error.report.message;
}

TEST_F(EngineTest, ADocumentPassedToAccountsIsNeverSentAndItsChildrenUseItsXeroRecord) {
  Push({Contact(1)});
  ASSERT_EQ(Sync().run.outcome, store::RunOutcome::kSucceeded);
  // The invoice was entered in Xero by hand; the host's copy is marked passed to accounts with
  // that record's id, and its payment syncs against it.
  const xero::CallTarget target{kConnection, domain::TenantId(kNz), xero::Priority::kLive};
  xero::ConnectedTransport xero = xero_->Bind(target);
  const ParentIds parents{
      {{DocumentKind::kContact, "c1"}, Doc(DocumentKind::kContact, "c1").xero_id.value()}};
  store::Document probe;
  probe.kind = DocumentKind::kInvoice;
  probe.payload = Invoice(9, 1).payload;
  probe.parents = Invoice(9, 1).parents;
  const std::vector<domain::Invoice> by_hand{Materialize<domain::Invoice>(probe, parents).value()};
  const auto written = xero::WriteDocuments<domain::Invoice>(xero, xero_->Caller(target),
                                                             xero::WriteMethod::kPut, by_hand);
  ASSERT_EQ(written[0].outcome, xero::DocumentOutcome::kWritten);

  Push({Invoice(9, 1), Payment(9, 9)});
  const store::Document i9 = Doc(DocumentKind::kInvoice, "i9");
  ASSERT_TRUE(store_->PassToAccounts(i9.id, written[0].record->id.value(), "finance", Now()).ok());
  const RunReport report = Sync();
  EXPECT_EQ(report.run.outcome, store::RunOutcome::kSucceeded) << report.run.detail;
  EXPECT_EQ(Doc(DocumentKind::kInvoice, "i9").state, DocumentState::kPassed);
  EXPECT_EQ(Doc(DocumentKind::kPayment, "p9").state, DocumentState::kSynced);
  ExpectEachInvoiceOnce(1);

  // Reopened, it would be sent: reconciliation's lookup is not involved, so a person must be sure.
  ASSERT_TRUE(store_->Reopen(i9.id, "finance", Now()).ok());
  EXPECT_EQ(Doc(DocumentKind::kInvoice, "i9").state, DocumentState::kPending);
}

TEST_F(EngineTest, TheSchedulerRunsEachOrganisationEveryIntervalAndSoonAfterChanges) {
  Scheduler scheduler(*engine_, *store_, emulator_.clock(),
                      {.interval = minutes(10), .debounce = seconds(5)});
  const domain::TenantId nz(kNz);
  EXPECT_FALSE(scheduler.NextDue().has_value()) << "nothing scheduled before Load";
  ASSERT_TRUE(scheduler.Load().ok());
  EXPECT_EQ(scheduler.NextDue(), Now()) << "after a restart the first run is due at once";
  std::vector<RunReport> ran = scheduler.RunDue();
  ASSERT_EQ(ran.size(), 1u);
  EXPECT_EQ(ran[0].run.trigger, store::RunTrigger::kAutomatic);
  EXPECT_EQ(scheduler.NextDue(), Now() + minutes(10));
  EXPECT_TRUE(scheduler.RunDue().empty()) << "not due again yet";

  // The host pushes documents: a run five seconds later, not ten minutes.
  Push(ContactsAndInvoices(1, 3));
  scheduler.Changed(nz);
  EXPECT_EQ(scheduler.NextDue(), Now() + seconds(5));
  emulator_.clock().Advance(seconds(4));
  scheduler.Changed(nz);  // more changes do not push the run further out
  EXPECT_EQ(scheduler.NextDue(), Now() + seconds(1));
  emulator_.clock().Advance(seconds(1));
  ran = scheduler.RunDue();
  ASSERT_EQ(ran.size(), 1u);
  EXPECT_EQ(ran[0].run.counts.synced, 4);
  ExpectEachInvoiceOnce(3);

  // "Sync now" runs at once, on the caller's thread, as a manual run.
  const RunReport now = scheduler.SyncNow(nz).value();
  EXPECT_EQ(now.run.trigger, store::RunTrigger::kManual);
  EXPECT_EQ(store_->SummarizeRuns(nz)->total, 3);
}

TEST_F(EngineTest, TheSchedulersIntervalChangesWhileItRunsAndZeroTurnsAutomaticRunsOff) {
  Scheduler scheduler(*engine_, *store_, emulator_.clock(),
                      {.interval = minutes(10), .debounce = seconds(5)});
  const domain::TenantId nz(kNz);
  ASSERT_TRUE(scheduler.Load().ok());
  ASSERT_EQ(scheduler.RunDue().size(), 1u);
  EXPECT_EQ(scheduler.NextDue(), Now() + minutes(10));

  // Shorter: the waiting run comes forward; the next ones keep the new pace.
  ASSERT_TRUE(scheduler.SetInterval(minutes(2)).ok());
  EXPECT_EQ(scheduler.interval(), minutes(2));
  EXPECT_EQ(scheduler.NextDue(), Now() + minutes(2));
  emulator_.clock().Advance(minutes(2));
  ASSERT_EQ(scheduler.RunDue().size(), 1u);
  EXPECT_EQ(scheduler.NextDue(), Now() + minutes(2));

  // Off: nothing automatic is waiting, and a run after a change does not schedule another.
  ASSERT_TRUE(scheduler.SetInterval(Duration::zero()).ok());
  EXPECT_FALSE(scheduler.NextDue().has_value());
  emulator_.clock().Advance(minutes(30));
  EXPECT_TRUE(scheduler.RunDue().empty());
  Push(ContactsAndInvoices(1, 1));
  scheduler.Changed(nz);
  emulator_.clock().Advance(seconds(5));
  const std::vector<RunReport> ran = scheduler.RunDue();
  ASSERT_EQ(ran.size(), 1u);
  EXPECT_EQ(ran[0].run.counts.synced, 2);
  EXPECT_FALSE(scheduler.NextDue().has_value());

  // On again: every organisation is scheduled one interval out.
  ASSERT_TRUE(scheduler.SetInterval(minutes(60)).ok());
  EXPECT_EQ(scheduler.NextDue(), Now() + minutes(60));
  EXPECT_FALSE(scheduler.SetInterval(-minutes(1)).ok());
  EXPECT_EQ(scheduler.interval(), minutes(60));
}

TEST_F(EngineTest, ADeletedDraftInvoiceIsDeletedInXero) {
  store::IncomingDocument draft = Invoice(1, 1);
  draft.payload.replace(draft.payload.find("AUTHORISED"), 10, "DRAFT");
  Push({Contact(1), draft});
  ASSERT_EQ(Sync().run.outcome, store::RunOutcome::kSucceeded);
  draft.operation = store::Operation::kDelete;
  Push({draft});
  const RunReport report = Sync();
  EXPECT_EQ(report.run.outcome, store::RunOutcome::kSucceeded) << report.run.detail;
  EXPECT_TRUE(InvoicesInXero().empty()) << "deleted invoices are not counted";
  EXPECT_EQ(Doc(DocumentKind::kInvoice, "i1").synced_version, 2);
}

store::IncomingDocument CreditNote(int n, int contact) {
  return {DocumentKind::kCreditNote,
          "cn" + std::to_string(n),
          store::Operation::kUpsert,
          R"({"Type":"ACCRECCREDIT","CreditNoteNumber":"ENG-CN-)" + std::to_string(n) +
              R"(","Date":"2026-01-03","Status":"AUTHORISED","LineAmountTypes":"Exclusive",)"
              R"("LineItems":[{"Description":"Refund","Quantity":1,"UnitAmount":20,)"
              R"("AccountCode":"200","TaxType":"OUTPUT2"}]})",
          {{{DocumentKind::kContact, "c" + std::to_string(contact)}, "contact"}}};
}

store::IncomingDocument Allocation(int n, int credit_note, int invoice) {
  return {DocumentKind::kAllocation,
          "a" + std::to_string(n),
          store::Operation::kUpsert,
          R"({"Amount":10.00,"Date":"2026-01-05"})",
          {{{DocumentKind::kCreditNote, "cn" + std::to_string(credit_note)}, "credit_note"},
           {{DocumentKind::kInvoice, "i" + std::to_string(invoice)}, "invoice"}}};
}

class AllocationTest : public EngineTest {
 protected:
  // The allocations the emulator holds, live ones only.
  std::vector<emulator::Allocation> AllocationsInXero() {
    std::vector<emulator::Allocation> out;
    emulator_.organisations().Read(kNz, [&](const emulator::OrgState& state) {
      for (const auto& allocation : state.allocations) {
        if (!allocation.is_deleted) out.push_back(allocation);
      }
    });
    return out;
  }
};

TEST_F(AllocationTest, ACreditNoteIsAllocatedToItsInvoiceAfterBothAreInXero) {
  Push({Allocation(1, 1, 1), CreditNote(1, 1), Invoice(1, 1), Contact(1)});
  const RunReport report = Sync();
  EXPECT_EQ(report.run.outcome, store::RunOutcome::kSucceeded) << report.run.detail;
  const store::Document a1 = Doc(DocumentKind::kAllocation, "a1");
  EXPECT_EQ(a1.state, DocumentState::kSynced);
  ASSERT_TRUE(a1.xero_id.has_value());
  const std::vector<emulator::Allocation> in_xero = AllocationsInXero();
  ASSERT_EQ(in_xero.size(), 1u);
  EXPECT_EQ(in_xero[0].allocation_id, *a1.xero_id);
  EXPECT_EQ(in_xero[0].credit_note_id, Doc(DocumentKind::kCreditNote, "cn1").xero_id);
  EXPECT_EQ(in_xero[0].invoice_id, Doc(DocumentKind::kInvoice, "i1").xero_id);
  EXPECT_EQ(in_xero[0].amount, Decimal::FromInt(10));
}

TEST_F(AllocationTest, AnAllocationAppliedThenDroppedIsFoundAndNotMadeTwice) {
  Push({Contact(1), Invoice(1, 1), CreditNote(1, 1)});
  ASSERT_EQ(Sync().run.outcome, store::RunOutcome::kSucceeded);
  AddFault("PUT", "/api.xro/2.0/CreditNotes", emulator::FaultAction::kApplyThenDrop);
  stepping_.after = [&](const xero::HttpRequest&) { emulator_.writes().ForgetIdempotencyKeys(); };
  Push({Allocation(1, 1, 1)});
  const RunReport report = Sync();
  stepping_.after = nullptr;
  EXPECT_EQ(report.run.outcome, store::RunOutcome::kSucceeded) << report.run.detail;
  EXPECT_EQ(Doc(DocumentKind::kAllocation, "a1").state, DocumentState::kSynced);
  EXPECT_EQ(AllocationsInXero().size(), 1u);
}

TEST_F(AllocationTest, AnAllocationOverTheInvoicesOutstandingAmountFailsWithXerosWords) {
  store::IncomingDocument big = Allocation(1, 1, 1);
  big.payload = R"({"Amount":500.00,"Date":"2026-01-05"})";
  Push({Contact(1), Invoice(1, 1), CreditNote(1, 1), big});
  EXPECT_EQ(Sync().run.outcome, store::RunOutcome::kPartial);
  const store::Document a1 = Doc(DocumentKind::kAllocation, "a1");
  EXPECT_EQ(a1.state, DocumentState::kFailed);
  const store::SyncError error = store_->GetError(a1.error_id.value()).value();
  ASSERT_FALSE(error.report.xero_messages.empty());
  EXPECT_TRUE(AllocationsInXero().empty());
}

// A process dies at a step of an attempt; a new one starts on the same store and the same Xero.
class EngineCrashTest : public EngineTest, public ::testing::WithParamInterface<std::string> {};

TEST_P(EngineCrashTest, EachInvoiceIsInXeroExactlyOnceAfterARestart) {
  Push(ContactsAndInvoices(2, 60));
  const std::string step = GetParam();
  int puts = 0;
  const auto is_put = [](const xero::HttpRequest& r) {
    return r.method == "PUT" && r.url.find("/Invoices") != std::string::npos;
  };
  if (step == "after-xero-applied") {  // Xero wrote it; the answer never reached the engine
    stepping_.after = [&](const xero::HttpRequest& r) {
      if (is_put(r) && ++puts == 2) throw Crash{};
    };
  } else {  // "intent" (before sending), "answered" (before the outcome is stored)
    engine_options_.on_step = [&, step](std::string_view at) {
      if (at == step && ++puts == 2) throw Crash{};
    };
    OpenStore();
  }
  EXPECT_THROW((void)engine_->RunOnce(domain::TenantId(kNz), store::RunTrigger::kAutomatic), Crash);
  stepping_.before = nullptr;
  stepping_.after = nullptr;

  engine_options_.on_step = nullptr;
  // How long Xero keeps idempotency keys is undocumented: assume it forgot them, so that only the
  // lookups can stop a second copy.
  emulator_.writes().ForgetIdempotencyKeys();
  OpenStore();  // restart
  // The dead process's lease runs out first.
  emulator_.clock().Advance(minutes(6));
  const RunReport report = Sync();
  EXPECT_EQ(report.run.outcome, store::RunOutcome::kSucceeded) << report.run.detail;
  EXPECT_EQ(CountIn(DocumentState::kSynced), 62);
  ExpectEachInvoiceOnce(60);
  // The dead run is shown as interrupted.
  const std::vector<store::SyncRun> runs = store_->ListRuns(domain::TenantId(kNz), 0, 10).value();
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[1].outcome, store::RunOutcome::kInterrupted);
}

INSTANTIATE_TEST_SUITE_P(Steps, EngineCrashTest,
                         ::testing::Values("intent", "after-xero-applied", "answered"));

}  // namespace
}  // namespace xerosync::sync
