// The Store contract, part 3: what the error rows that need a look at other documents ask of the
// store (issue 6): releasing after a relevant change only the errors such a change can fix,
// whether a document has payments or allocations in Xero, and children of a document that will not
// reach Xero by itself. Every backend runs these.
#include <gmock/gmock.h>

#include "store/store_contract.h"

namespace xerosync::store {
namespace {

using std::chrono::seconds;

// Accepts `doc` (or its new version) and returns its id.
int64_t AcceptDoc(Store& store, const domain::TenantId& tenant, const IncomingDocument& doc,
                  TimePoint now) {
  Result<std::vector<Accepted>> accepted = store.Accept(tenant, {&doc, 1}, now);
  EXPECT_TRUE(accepted.ok()) << accepted.status();
  return accepted.ok() ? accepted->front().document_id : 0;
}

// Accepts a contact and fails it with an open error of `code`; returns its id.
int64_t Failed(Store& store, const domain::TenantId& tenant, TimePoint now,
               const std::string& host_id, const std::string& code) {
  const IncomingDocument contact{.kind = DocumentKind::kContact,
                                 .host_id = host_id,
                                 .operation = Operation::kUpsert,
                                 .payload = R"({"Name":")" + host_id + R"("})",
                                 .parents = {}};
  const int64_t id = AcceptDoc(store, tenant, contact, now);
  const Attempt attempt = *store.OpenAttempt(tenant, "key-" + host_id, {&id, 1}, now);
  DocumentOutcomeRecord rejected = Outcome(id, OutcomeKind::kRejected);
  rejected.error_id = *store.OpenError(tenant, id, Report(code), now);
  EXPECT_TRUE(store.RecordOutcomes(attempt.id, {&rejected, 1}, now).ok());
  return id;
}

IncomingDocument Child(DocumentKind kind, const std::string& host_id,
                       std::vector<ParentRef> parents, Operation operation = Operation::kUpsert) {
  return {.kind = kind,
          .host_id = host_id,
          .operation = operation,
          .payload = R"({"Amount":10.00,"Reference":")" + host_id + R"("})",
          .parents = std::move(parents)};
}

ParentRef InvoiceParent(const std::string& host_id) {
  return {{DocumentKind::kInvoice, host_id}, "invoice"};
}

// Accepts `doc` (or its new version) and records it written to Xero.
void Synced(Store& store, const domain::TenantId& tenant, const IncomingDocument& doc,
            TimePoint now) {
  static int keys = 0;
  const int64_t id = AcceptDoc(store, tenant, doc, now);
  const Attempt attempt = *store.OpenAttempt(
      tenant, "key-" + doc.host_id + "-" + std::to_string(++keys), {&id, 1}, now);
  const DocumentOutcomeRecord written = Written(id, "xero-" + doc.host_id);
  EXPECT_TRUE(store.RecordOutcomes(attempt.id, {&written, 1}, now).ok());
}

bool HasChildren(Store& store, const domain::TenantId& tenant, DocumentKind kind,
                 const std::string& host_id) {
  Result<bool> has = store.HasSyncedChildren(tenant, {kind, host_id});
  EXPECT_TRUE(has.ok()) << has.status();
  return has.value_or(false);
}

TEST_P(DocumentsTest, ARelevantChangeReleasesOnlyTheErrorsOfTheCodesNamed) {
  const int64_t account = Failed(*store_, tenant(), now(), "C1", "account.invalid_for_document");
  const int64_t validation = Failed(*store_, tenant(), now(), "C2", "xero.validation");
  const int64_t unreadable = Failed(*store_, tenant(), now(), "C3", "sync.unreadable");
  ASSERT_TRUE(store_->SetMapping(tenant(), {"account", "4000", "200"}, "ann", now()).ok());
  clock_.Advance(seconds(1));

  const std::vector<std::string> codes = {"account.invalid_for_document", "tax_rate.unknown"};
  EXPECT_EQ(*store_->ReleaseAfterRelevantChange(tenant(), {}, now()), 0);
  EXPECT_EQ(*store_->ReleaseAfterRelevantChange(tenant(), codes, now()), 1);
  EXPECT_EQ(StateOf(account), DocumentState::kPending);
  EXPECT_EQ(StateOf(validation), DocumentState::kFailed) << "an unrelated mapping changed";
  EXPECT_EQ(StateOf(unreadable), DocumentState::kFailed);
}

TEST_P(DocumentsTest, SyncedPaymentsAndAllocationsMakeTheirParentsHaveSyncedChildren) {
  EXPECT_FALSE(HasChildren(*store_, tenant(), DocumentKind::kInvoice, "INV-1"));
  AcceptOne(Child(DocumentKind::kPayment, "P1", {InvoiceParent("INV-1")}));
  EXPECT_FALSE(HasChildren(*store_, tenant(), DocumentKind::kInvoice, "INV-1"))
      << "the payment is not in Xero";

  Synced(*store_, tenant(), Child(DocumentKind::kPayment, "P1", {InvoiceParent("INV-1")}), now());
  EXPECT_TRUE(HasChildren(*store_, tenant(), DocumentKind::kInvoice, "INV-1"));
  EXPECT_FALSE(HasChildren(*store_, tenant(), DocumentKind::kInvoice, "INV-10")) << "a longer id";
  EXPECT_FALSE(HasChildren(*store_, tenant(), DocumentKind::kInvoice, "INV")) << "a shorter id";
  EXPECT_FALSE(HasChildren(*store_, tenant(), DocumentKind::kBill, "INV-1")) << "another kind";
  EXPECT_FALSE(*store_->HasSyncedChildren(domain::TenantId(kOtherTenant),
                                          {DocumentKind::kInvoice, "INV-1"}));

  const ParentRef note{{DocumentKind::kCreditNote, "CN \"1\""}, "credit_note"};
  Synced(*store_, tenant(), Child(DocumentKind::kAllocation, "A1", {note, InvoiceParent("INV-2")}),
         now());
  EXPECT_TRUE(HasChildren(*store_, tenant(), DocumentKind::kInvoice, "INV-2"));
  EXPECT_TRUE(HasChildren(*store_, tenant(), DocumentKind::kCreditNote, "CN \"1\""))
      << "quotes in the host id";

  // A payment naming more than two parents (a host may): the third is found too.
  Synced(*store_, tenant(),
         Child(DocumentKind::kPayment, "P9",
               {InvoiceParent("INV-7"), InvoiceParent("INV-8"), InvoiceParent("INV-9")}),
         now());
  EXPECT_TRUE(HasChildren(*store_, tenant(), DocumentKind::kInvoice, "INV-7"));
  EXPECT_TRUE(HasChildren(*store_, tenant(), DocumentKind::kInvoice, "INV-8"));
  EXPECT_TRUE(HasChildren(*store_, tenant(), DocumentKind::kInvoice, "INV-9"));
  EXPECT_FALSE(HasChildren(*store_, tenant(), DocumentKind::kInvoice, "INV-6"));

  // An invoice naming a contact is not a payment: contacts have no "synced children" here.
  Synced(*store_, tenant(), Contact("C1"), now());
  Synced(*store_, tenant(), Invoice("INV-3", "C1"), now());
  EXPECT_FALSE(HasChildren(*store_, tenant(), DocumentKind::kContact, "C1"));

  // The payment deleted in Xero: nothing holds the invoice any more.
  Synced(*store_, tenant(),
         Child(DocumentKind::kPayment, "P1", {InvoiceParent("INV-1")}, Operation::kDelete), now());
  EXPECT_FALSE(HasChildren(*store_, tenant(), DocumentKind::kInvoice, "INV-1"));
}

TEST_P(DocumentsTest, ArchivingTheParentsErrorReleasesItsBlockedChildren) {
  const int64_t contact = Failed(*store_, tenant(), now(), "C1", "xero.validation");
  const int64_t child = AcceptOne(Invoice("INV-1", "C1"));
  const int64_t other = AcceptOne(Invoice("INV-2", "C2"));
  const std::vector<std::pair<int64_t, DocumentKey>> blocked = {
      {child, {DocumentKind::kContact, "C1"}}, {other, {DocumentKind::kContact, "C2"}}};
  ASSERT_TRUE(store_->Block(blocked, now()).ok());

  ASSERT_TRUE(store_->ArchiveError(*Get(contact).error_id, "not ours", "ann", now()).ok());
  EXPECT_EQ(StateOf(contact), DocumentState::kArchived);
  EXPECT_EQ(StateOf(child), DocumentState::kPending) << "planned again: the engine says why";
  EXPECT_EQ(StateOf(other), DocumentState::kBlocked);
}

}  // namespace
}  // namespace xerosync::store
