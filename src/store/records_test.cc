#include "store/records.h"

#include <gtest/gtest.h>

namespace xerosync::store {
namespace {

TEST(RecordsTest, EveryNameParsesBackToItsValue) {
  for (int i = 0; i < kDocumentKindCount; ++i) {
    auto kind = static_cast<DocumentKind>(i);
    EXPECT_EQ(ParseDocumentKind(DocumentKindName(kind)), kind);
  }
  for (int i = 0; i < kDocumentStateCount; ++i) {
    auto state = static_cast<DocumentState>(i);
    EXPECT_EQ(ParseDocumentState(DocumentStateName(state)), state);
  }
  for (Operation op : {Operation::kUpsert, Operation::kVoid, Operation::kDelete}) {
    EXPECT_EQ(ParseOperation(OperationName(op)), op);
  }
  for (RunTrigger trigger : {RunTrigger::kAutomatic, RunTrigger::kManual, RunTrigger::kRetry,
                             RunTrigger::kInitial, RunTrigger::kWebhook}) {
    EXPECT_EQ(ParseRunTrigger(RunTriggerName(trigger)), trigger);
  }
  for (Role role : {Role::kViewer, Role::kOperator, Role::kAdmin}) {
    EXPECT_EQ(ParseRole(RoleName(role)), role);
  }
  EXPECT_EQ(ParseRunOutcome("interrupted"), RunOutcome::kInterrupted);
  EXPECT_EQ(ParseErrorStatus("archived"), ErrorStatus::kArchived);
}

TEST(RecordsTest, NamesAreTheStoredWords) {
  EXPECT_EQ(DocumentKindName(DocumentKind::kCreditNote), "credit_note");
  EXPECT_EQ(DocumentStateName(DocumentState::kPassed), "passed");
  EXPECT_EQ(OperationName(Operation::kVoid), "void");
  EXPECT_EQ(RunOutcomeName(RunOutcome::kSucceeded), "succeeded");
  EXPECT_EQ(ErrorStatusName(ErrorStatus::kOpen), "open");
  EXPECT_EQ(RoleName(Role::kOperator), "operator");
  EXPECT_FALSE(ParseRole("Admin"));
  EXPECT_FALSE(ParseDocumentKind("Invoice"));
  EXPECT_FALSE(ParseDocumentState(""));
  EXPECT_EQ(DocumentKindName(static_cast<DocumentKind>(kDocumentKindCount)), "unknown");
}

TEST(RecordsTest, DependencyLevelsOrderContactsThenDocumentsThenPayments) {
  EXPECT_EQ(DependencyLevel(DocumentKind::kContact), 0);
  for (DocumentKind kind : {DocumentKind::kInvoice, DocumentKind::kBill, DocumentKind::kCreditNote,
                            DocumentKind::kExpense}) {
    EXPECT_EQ(DependencyLevel(kind), 1) << DocumentKindName(kind);
  }
  EXPECT_EQ(DependencyLevel(DocumentKind::kPayment), 2);
  EXPECT_EQ(DependencyLevel(DocumentKind::kAllocation), 2);
}

}  // namespace
}  // namespace xerosync::store
