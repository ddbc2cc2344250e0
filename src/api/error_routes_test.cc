// Un-archiving a sync error: the finance admin archived it by mistake, brings it back with a
// reason, and it is in the open errors again with its document failed; bad input and the wrong
// role change nothing.

#include "api/error_routes.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "api/routes_test_util.h"

namespace xerosync::api::testing {
namespace {

using store::DocumentKind;
using store::DocumentState;

const std::string kErrors = std::string("/api/v1/orgs/") + kNz + "/errors";

class ErrorRoutesTest : public RoutesTest {
 protected:
  // An invoice refused before any call (an account code the organisation does not have), its
  // error archived: the error's id.
  void SetUp() override {
    ASSERT_EQ(Sync(store::RunTrigger::kInitial).run.outcome, store::RunOutcome::kSucceeded);
    Push({Contact(1), Invoice(1, 1, "NOPE")});
    Sync();
    const store::Document invoice = Doc(DocumentKind::kInvoice, "i1");
    ASSERT_EQ(invoice.state, DocumentState::kFailed);
    ASSERT_TRUE(invoice.error_id.has_value());
    error_id_ = *invoice.error_id;
    auto [status, body] = Send("POST", Path("archive"), R"({"reason":"a test invoice"})");
    ASSERT_EQ(status, 200) << body.Serialize();
    ASSERT_EQ(Doc(DocumentKind::kInvoice, "i1").state, DocumentState::kArchived);
  }

  std::string Path(const std::string& action) {
    return kErrors + "/" + std::to_string(error_id_) + "/" + action;
  }

  int64_t error_id_ = 0;
};

TEST_F(ErrorRoutesTest, UnarchivingOpensTheErrorAgainWithItsDocumentFailed) {
  auto [status, body] = Send("POST", Path("unarchive"), R"({"reason":"it is a real invoice"})");
  ASSERT_EQ(status, 200) << body.Serialize();
  EXPECT_EQ(Text(body, {"status"}), "open");
  EXPECT_EQ(Doc(DocumentKind::kInvoice, "i1").state, DocumentState::kFailed);
  const std::vector<store::AuditEntry> audit = Audit();
  ASSERT_FALSE(audit.empty());
  EXPECT_EQ(audit.back().action, "error.unarchive");
  EXPECT_EQ(audit.back().actor, "api");
  EXPECT_EQ(audit.back().detail, "it is a real invoice");
  // It is among the open errors again, and a run does not send it by itself.
  std::tie(status, body) = Send("GET", kErrors + "?status=open");
  ASSERT_EQ(status, 200);
  ASSERT_EQ(body.Find("errors")->AsArray().size(), 1u);
  EXPECT_EQ(Text(body.Find("errors")->AsArray()[0], {"id"}), std::to_string(error_id_));
  EXPECT_EQ(Sync().run.counts.api_calls, 0);
  EXPECT_EQ(Doc(DocumentKind::kInvoice, "i1").state, DocumentState::kFailed);

  // Once open it cannot be un-archived again.
  std::tie(status, body) = Send("POST", Path("unarchive"), R"({"reason":"again"})");
  EXPECT_EQ(status, 409);
  EXPECT_EQ(Text(body, {"error", "code"}), "failed_precondition");
}

TEST_F(ErrorRoutesTest, BadInputIsRefusedNamingTheFieldAndNothingChanges) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"{}", "reason"},
      {R"({"reason":""})", "reason"},
      {R"({"reason":5})", "reason"},
      {"{\"reason\":\"a\\u0000b\"}", "reason"},
      {R"({"reason":")" + std::string(1001, 'x') + R"("})", "reason"},
      {"{", ""},
  };
  for (const auto& [body_text, field] : cases) {
    auto [status, body] = Send("POST", Path("unarchive"), body_text);
    EXPECT_EQ(status, 400) << body_text;
    if (!field.empty()) {
      EXPECT_EQ(Text(body, {"error", "field"}), field) << body_text;
    }
  }
  auto [status, body] = Send("POST", kErrors + "/x/unarchive", R"({"reason":"r"})");
  EXPECT_EQ(status, 400);
  EXPECT_EQ(Text(body, {"error", "field"}), "id");
  EXPECT_EQ(Send("POST", kErrors + "/99999/unarchive", R"({"reason":"r"})").first, 404);
  // Another organisation's error is not found through this one.
  ASSERT_TRUE(store_->UpsertOrganisation(domain::TenantId(kUk), kConnection, "Demo UK").ok());
  EXPECT_EQ(Send("POST",
                 std::string("/api/v1/orgs/") + kUk + "/errors/" + std::to_string(error_id_) +
                     "/unarchive",
                 R"({"reason":"r"})")
                .first,
            404);
  EXPECT_EQ(Doc(DocumentKind::kInvoice, "i1").state, DocumentState::kArchived);
  EXPECT_EQ(Audit().back().action, "error.archive");
}

TEST_F(ErrorRoutesTest, OperatorsMayUnarchiveViewersMayNot) {
  Wire(kConnection, /*with_access=*/true);
  std::map<store::Role, std::string> keys;
  for (const store::Role role : {store::Role::kViewer, store::Role::kOperator}) {
    keys[role] = access_->CreateApiKey(std::string(store::RoleName(role)) + "-key", role)->key;
  }
  const std::string reason = R"({"reason":"back"})";
  EXPECT_EQ(Raw("POST", Path("unarchive"), reason).status, 401);
  EXPECT_EQ(Raw("POST", Path("unarchive"), reason, keys[store::Role::kViewer]).status, 403);
  EXPECT_EQ(Doc(DocumentKind::kInvoice, "i1").state, DocumentState::kArchived);
  EXPECT_EQ(Raw("POST", Path("unarchive"), reason, keys[store::Role::kOperator]).status, 200);
  EXPECT_EQ(Doc(DocumentKind::kInvoice, "i1").state, DocumentState::kFailed);
  EXPECT_EQ(Audit().back().actor, "api:operator-key");
}

}  // namespace
}  // namespace xerosync::api::testing
