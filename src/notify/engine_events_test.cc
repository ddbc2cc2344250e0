// Webhooks from a real sync: the engine runs against the emulator with a real SQLite store, and
// the events its transitions record (a contact and an invoice synced, an invoice refused by the
// pre-flight checks, the connection paused when its refresh token lapses and resumed after a
// reconnect) reach a verifying receiver over loopback.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "notify/config.h"
#include "notify/deliverer.h"
#include "notify/test_receiver.h"
#include "sync/engine_test_fixture.h"

namespace xerosync::notify {
namespace {

using std::chrono::hours;
using store::DocumentKind;
using store::DocumentState;
using xero::testing::kNz;

class EngineEventsTest : public sync::testing::EngineFixture {
 protected:
  // The events the receiver accepted: "type host_id" or "type status", in order.
  static std::vector<std::string> Summaries(const std::vector<Json>& accepted) {
    std::vector<std::string> out;
    for (const Json& event : accepted) {
      const Json& data = *event.Find("data");
      const Json* document = data.Find("document");
      out.push_back(event.Find("type")->AsString() + " " +
                    (document != nullptr ? document->Find("host_id")->AsString()
                                         : data.Find("status")->AsString()));
    }
    return out;
  }

  DeliveryReport Deliver() {
    WebhookDeliverer deliverer(*store_, cipher_, emulator_.clock());
    Result<DeliveryReport> report = deliverer.DeliverDue();
    EXPECT_TRUE(report.ok()) << report.status().ToString();
    return report.ok() ? *report : DeliveryReport();
  }
};

TEST_F(EngineEventsTest, SyncedAndFailedDocumentsAreSentToTheHostSigned) {
  testing::Receiver receiver(emulator_.clock());
  ASSERT_TRUE(
      SaveWebhookConfig(*store_, cipher_, {receiver.url(), std::string(testing::kSecret)}).ok());
  Push({Contact(1), Invoice(1, 1), Invoice(2, 1, "999")});  // i2: an account Xero does not have
  Sync();
  ASSERT_EQ(Doc(DocumentKind::kInvoice, "i2").state, DocumentState::kFailed);

  EXPECT_EQ(Deliver().delivered, 3);
  EXPECT_EQ(receiver.bad_signatures(), 0);
  const std::vector<Json> accepted = receiver.accepted();
  std::multiset<std::string> summaries;
  for (const std::string& summary : Summaries(accepted)) summaries.insert(summary);
  EXPECT_EQ(summaries, (std::multiset<std::string>{"document.synced c1", "document.synced i1",
                                                   "document.failed i2"}));
  for (const Json& event : accepted) {
    const Json& data = *event.Find("data");
    if (event.Find("type")->AsString() == "document.failed") {
      EXPECT_EQ(data.Find("error")->Find("code")->AsString(), "account.invalid_for_document");
      EXPECT_NE(data.Find("error")->Find("message")->AsString().find("999"), std::string::npos);
    } else {
      // The Xero id the store linked the document to.
      const Json& document = *data.Find("document");
      const DocumentKind kind = document.Find("kind")->AsString() == "contact"
                                    ? DocumentKind::kContact
                                    : DocumentKind::kInvoice;
      EXPECT_EQ(data.Find("xero_id")->AsString(),
                Doc(kind, document.Find("host_id")->AsString()).xero_id.value_or("<none>"));
    }
    EXPECT_EQ(event.Find("organisation")->AsString(), kNz);
  }
}

TEST_F(EngineEventsTest, APausedAndResumedConnectionIsSentToTheHost) {
  testing::Receiver receiver(emulator_.clock());
  ASSERT_TRUE(
      SaveWebhookConfig(*store_, cipher_, {receiver.url(), std::string(testing::kSecret)}).ok());
  Push({Contact(1)});
  emulator_.clock().Advance(hours(24 * 61));  // the refresh token lapses (60 days unused)
  EXPECT_EQ(Sync().run.outcome, store::RunOutcome::kPaused);
  EXPECT_EQ(Sync().run.outcome, store::RunOutcome::kPaused);  // still paused: nothing new to say

  const auto [code, verifier] = Authorize(client_);
  ASSERT_TRUE(tokens_->Connect(sync::testing::kConnection, code, verifier).ok());
  EXPECT_EQ(Sync(store::RunTrigger::kInitial).run.outcome, store::RunOutcome::kSucceeded);

  Deliver();
  const std::vector<Json> accepted = receiver.accepted();
  EXPECT_EQ(Summaries(accepted),
            (std::vector<std::string>{"connection.changed paused", "connection.changed resumed",
                                      "document.synced c1"}));
  ASSERT_FALSE(accepted.empty());
  EXPECT_EQ(accepted[0].Find("data")->Find("code")->AsString(), "connection.expired");
}

}  // namespace
}  // namespace xerosync::notify
