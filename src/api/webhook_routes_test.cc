// The webhook routes: the host app's webhook set up from the console, its secret shown once and
// rotated, the events chosen or paused (the store records only those), failed events listed and
// sent again; bad input names the field and changes nothing; only admins.

#include "api/webhook_routes.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "api/routes_test_util.h"
#include "notify/config.h"
#include "store/outbox.h"

namespace xerosync::api::testing {
namespace {

constexpr char kHook[] = "http://127.0.0.1:9/hook";

class WebhookRoutesTest : public RoutesTest {
 protected:
  std::string StoredSecret() {
    Result<std::optional<notify::WebhookConfig>> config =
        notify::LoadWebhookConfig(*store_, cipher_);
    EXPECT_TRUE(config.ok()) << config.status();
    return config.ok() && *config ? (*config)->secret : "";
  }

  std::vector<std::string> EventTypes() {
    const std::vector<store::OutboxEvent> events = store_->ListEvents({}).value();
    std::vector<std::string> types;
    types.reserve(events.size());
    for (const store::OutboxEvent& e : events) types.push_back(e.type);
    return types;
  }

  // A contact that syncs, and an invoice refused before any call (an unknown account).
  void SyncOneAndFailOne(int n) {
    Push({Contact(n), Invoice(n, n, "NOPE")});
    Sync();
  }
};

TEST_F(WebhookRoutesTest, TheSecretIsMadeWithTheUrlShownOnceAndRotated) {
  auto [status, body] = Send("GET", "/api/v1/webhooks");
  ASSERT_EQ(status, 200) << body.Serialize();
  EXPECT_EQ(Text(body, {"url"}), "null");
  EXPECT_EQ(Text(body, {"enabled"}), "true");
  EXPECT_EQ(Text(body, {"events"}),
            R"(["document.synced","document.failed","connection.changed"])");
  EXPECT_EQ(Text(body, {"secret_set"}), "false");

  std::tie(status, body) =
      Send("PUT", "/api/v1/webhooks", R"({"url":")" + std::string(kHook) + "\"}");
  ASSERT_EQ(status, 200) << body.Serialize();
  const std::string secret = Text(body, {"secret"});
  EXPECT_EQ(secret.size(), 43u);  // 32 random bytes, base64url
  EXPECT_EQ(StoredSecret(), secret);
  EXPECT_EQ(Text(body, {"url"}), kHook);
  // Never again: not in a read, not in the audit.
  std::tie(status, body) = Send("GET", "/api/v1/webhooks");
  EXPECT_EQ(Text(body, {"secret"}), "<absent>");
  EXPECT_EQ(Text(body, {"secret_set"}), "true");
  for (const store::AuditEntry& e : Audit()) {
    EXPECT_EQ(e.detail.find(secret), std::string::npos) << e.action;
  }
  // A new URL keeps the secret.
  std::tie(status, body) = Send("PUT", "/api/v1/webhooks", R"({"url":"http://127.0.0.1:9/other"})");
  ASSERT_EQ(status, 200);
  EXPECT_EQ(Text(body, {"secret"}), "<absent>");
  EXPECT_EQ(StoredSecret(), secret);

  std::tie(status, body) = Send("POST", "/api/v1/webhooks/rotate-secret");
  ASSERT_EQ(status, 200) << body.Serialize();
  EXPECT_NE(Text(body, {"secret"}), secret);
  EXPECT_EQ(StoredSecret(), Text(body, {"secret"}));
  EXPECT_EQ(Audit().back().action, "webhook.rotate_secret");

  // Removed: no secret, nothing recorded, nothing to rotate.
  std::tie(status, body) = Send("PUT", "/api/v1/webhooks", R"({"url":null})");
  ASSERT_EQ(status, 200);
  EXPECT_EQ(Text(body, {"url"}), "null");
  SyncOneAndFailOne(1);
  EXPECT_TRUE(EventTypes().empty());
  EXPECT_EQ(Send("POST", "/api/v1/webhooks/rotate-secret").first, 409);
}

TEST_F(WebhookRoutesTest, OnlyTheChosenEventsAreRecordedAndNoneWhilePaused) {
  ASSERT_EQ(Send("PUT", "/api/v1/webhooks",
                 R"({"url":")" + std::string(kHook) + R"(","events":["document.failed"]})")
                .first,
            200);
  SyncOneAndFailOne(1);
  EXPECT_EQ(EventTypes(), std::vector<std::string>{"document.failed"});

  auto [status, body] = Send("PUT", "/api/v1/webhooks", R"({"enabled":false})");
  ASSERT_EQ(status, 200);
  EXPECT_EQ(Text(body, {"enabled"}), "false");
  SyncOneAndFailOne(2);
  EXPECT_EQ(EventTypes().size(), 1u);

  std::tie(status, body) = Send(
      "PUT", "/api/v1/webhooks",
      R"({"enabled":true,"events":["document.synced","document.failed","connection.changed"]})");
  ASSERT_EQ(status, 200);
  SyncOneAndFailOne(3);
  EXPECT_EQ(EventTypes(),
            (std::vector<std::string>{"document.failed", "document.synced", "document.failed"}));
  EXPECT_EQ(Audit().back().action, "webhook.change");
}

TEST_F(WebhookRoutesTest, FailedEventsAreListedAndSentAgain) {
  ASSERT_EQ(Send("PUT", "/api/v1/webhooks", R"({"url":")" + std::string(kHook) + "\"}").first, 200);
  SyncOneAndFailOne(1);
  const std::vector<store::OutboxEvent> events = store_->ListEvents({}).value();
  ASSERT_EQ(events.size(), 2u);
  // The host app was down through every try of the first.
  ASSERT_TRUE(store_->MarkEventFailed(events[0].id, "HTTP 503", std::nullopt).ok());

  auto [status, body] = Send("GET", "/api/v1/webhooks/events?state=failed");
  ASSERT_EQ(status, 200) << body.Serialize();
  ASSERT_EQ(body.Find("events")->AsArray().size(), 1u);
  const Json& failed = body.Find("events")->AsArray()[0];
  EXPECT_EQ(Text(failed, {"id"}), std::to_string(events[0].id));
  EXPECT_EQ(Text(failed, {"last_error"}), "HTTP 503");
  EXPECT_EQ(Text(failed, {"tenant_id"}), kNz);
  std::tie(status, body) = Send("GET", "/api/v1/webhooks/events?limit=1");
  EXPECT_EQ(Text(body, {"next_after"}), std::to_string(events[0].id));

  const std::string resend = "/api/v1/webhooks/events/" + std::to_string(events[0].id) + "/resend";
  std::tie(status, body) = Send("POST", resend);
  ASSERT_EQ(status, 200) << body.Serialize();
  EXPECT_EQ(Text(body, {"state"}), "pending");
  EXPECT_EQ(Text(body, {"attempts"}), "0");
  EXPECT_EQ(Audit().back().action, "webhook.resend");
  EXPECT_EQ(Send("POST", resend).first, 409);  // pending, not failed
  EXPECT_EQ(Send("POST", "/api/v1/webhooks/events/99999/resend").first, 404);
  std::tie(status, body) = Send("POST", "/api/v1/webhooks/events/x/resend");
  EXPECT_EQ(Text(body, {"error", "field"}), "id");
}

TEST_F(WebhookRoutesTest, BadInputIsRefusedNamingTheFieldAndNothingChanges) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"url":"ftp://example.com/"})", "url"},
      {R"({"url":"http://"})", "url"},
      {R"({"url":5})", "url"},
      {R"({"url":"http://127.0.0.1:9/a\nb"})", "url"},
      {R"({"enabled":"yes"})", "enabled"},
      {R"({"events":[]})", "events"},
      {R"({"events":"document.failed"})", "events"},
      {R"({"events":["document.failed","document.deleted"]})", "events[1]"},
      {R"({"url":"http://127.0.0.1:9/","secret":"chosen-by-me-000000"})", "secret"},
      {"[]", ""},
  };
  for (const auto& [body_text, field] : cases) {
    auto [status, body] = Send("PUT", "/api/v1/webhooks", body_text);
    EXPECT_EQ(status, 400) << body_text;
    if (!field.empty()) {
      EXPECT_EQ(Text(body, {"error", "field"}), field) << body_text;
    }
  }
  for (const std::string query : {"state=lost", "limit=0", "limit=501", "after=-1"}) {
    EXPECT_EQ(Send("GET", "/api/v1/webhooks/events?" + query).first, 400) << query;
  }
  auto [status, body] = Send("GET", "/api/v1/webhooks");
  EXPECT_EQ(Text(body, {"url"}), "null");
  EXPECT_EQ(Text(body, {"secret_set"}), "false");
  EXPECT_TRUE(Audit().empty());
}

TEST_F(WebhookRoutesTest, OnlyAdminsSeeOrChangeTheWebhook) {
  Wire(kConnection, /*with_access=*/true);
  std::map<store::Role, std::string> keys;
  for (const store::Role role :
       {store::Role::kViewer, store::Role::kOperator, store::Role::kAdmin}) {
    keys[role] = access_->CreateApiKey(std::string(store::RoleName(role)) + "-key", role)->key;
  }
  const std::string set = R"({"url":")" + std::string(kHook) + "\"}";
  for (const store::Role role : {store::Role::kViewer, store::Role::kOperator}) {
    EXPECT_EQ(Raw("GET", "/api/v1/webhooks", "", keys[role]).status, 403);
    EXPECT_EQ(Raw("PUT", "/api/v1/webhooks", set, keys[role]).status, 403);
    EXPECT_EQ(Raw("POST", "/api/v1/webhooks/rotate-secret", "", keys[role]).status, 403);
    EXPECT_EQ(Raw("GET", "/api/v1/webhooks/events", "", keys[role]).status, 403);
    EXPECT_EQ(Raw("POST", "/api/v1/webhooks/events/1/resend", "", keys[role]).status, 403);
  }
  EXPECT_EQ(Raw("GET", "/api/v1/webhooks").status, 401);
  EXPECT_TRUE(StoredSecret().empty());
  EXPECT_EQ(Raw("PUT", "/api/v1/webhooks", set, keys[store::Role::kAdmin]).status, 200);
  EXPECT_FALSE(StoredSecret().empty());
  EXPECT_EQ(Audit().back().actor, "api:admin-key");
}

}  // namespace
}  // namespace xerosync::api::testing
