// Webhooks against real receivers on loopback, on a FakeClock: intent to receive, the payload and
// its signature, batching and sequence numbers, redelivery on the schedule, disabling, re-enabling.
#include "emulator/webhooks.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/json.h"
#include "emulator/webhook_receiver_test_util.h"

namespace xerosync::emulator {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;
using testing::ExpectedSignature;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using testing::Received;
using testing::Receiver;
using ::testing::StartsWith;

constexpr char kTenant[] = "c2cc9b6e-9458-4c7d-93cc-f02b81b0594f";
constexpr char kContactId[] = "717f2bfc-c6d4-41fd-b238-3f2f0c0cf777";
// Looks like base64, so a receiver that decoded it would get a different signature.
constexpr char kKey[] = "c2VjcmV0LXNpZ25pbmcta2V5";

Json Parse(const std::string& text) {
  Result<Json> json = Json::Parse(text);
  EXPECT_TRUE(json.ok()) << json.status() << " in " << text;
  return json.ok() ? *json : Json();
}

ChangeEvent Event(TimePoint at, std::string id = kContactId, std::string category = "CONTACT",
                  std::string type = "UPDATE") {
  return ChangeEvent{kTenant, std::move(category), std::move(type), std::move(id), at, Json()};
}

class WebhooksTest : public ::testing::Test {
 protected:
  explicit WebhooksTest(WebhookOptions options = {})
      : random_(7), webhooks_(clock_, random_, std::move(options)) {}

  // Subscribes `receiver` with kKey and runs intent to receive, which must pass.
  void Activate(Receiver& receiver) {
    ASSERT_TRUE(webhooks_.Subscribe(receiver.url(), kKey).ok());
    webhooks_.DeliverDue();
    ASSERT_EQ(webhooks_.State().status, WebhookStatus::kActive) << webhooks_.State().last_error;
  }

  FakeClock clock_;
  RandomSource random_;
  Webhooks webhooks_;
};

TEST(IndependentSignatureTest, MatchesRfc4231AndRfc4648) {
  // The test's own HMAC and base64 against published vectors, so that they can be trusted below.
  EXPECT_EQ(testing::IndependentBase64(
                testing::IndependentHmacSha256("Jefe", "what do ya want for nothing?")),
            "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM=");
  EXPECT_EQ(testing::IndependentBase64("foob"), "Zm9vYg==");
  EXPECT_EQ(testing::IndependentBase64("fooba"), "Zm9vYmE=");
}

TEST_F(WebhooksTest, SubscribingGeneratesAKeyLikeXerosAndWaitsForIntent) {
  Receiver receiver(Receiver::Verifying(""));
  Result<WebhookState> state = webhooks_.Subscribe(receiver.url());
  ASSERT_TRUE(state.ok()) << state.status();
  EXPECT_EQ(state->status, WebhookStatus::kPendingIntent);
  EXPECT_EQ(state->url, receiver.url());
  EXPECT_EQ(state->key.size(), 88u);
  EXPECT_THAT(state->key, MatchesRegex("[A-Za-z0-9+/]+=="));
  EXPECT_TRUE(receiver.received().empty());  // nothing is sent until the pump runs
  EXPECT_EQ(webhooks_.Publish(Event(clock_.Now())).status().code(),
            StatusCode::kFailedPrecondition);
}

TEST_F(WebhooksTest, IntentToReceivePassesForAReceiverThatChecksSignatures) {
  Receiver receiver(Receiver::Verifying(kKey));
  ASSERT_TRUE(webhooks_.Subscribe(receiver.url(), kKey).ok());
  const std::vector<DeliveryAttempt> attempts = webhooks_.DeliverDue();

  ASSERT_EQ(attempts.size(), 4u);
  const std::vector<Received> sent = receiver.received();
  ASSERT_EQ(sent.size(), 4u);
  int correct = 0;
  for (std::size_t i = 0; i < sent.size(); ++i) {
    EXPECT_EQ(attempts[i].kind, DeliveryAttempt::Kind::kIntent);
    EXPECT_TRUE(attempts[i].ok) << attempts[i].error;
    const bool signed_right = sent[i].signature == ExpectedSignature(kKey, sent[i].body);
    EXPECT_EQ(attempts[i].correctly_signed, signed_right);
    EXPECT_EQ(attempts[i].status, signed_right ? 200 : 401);
    correct += signed_right ? 1 : 0;
    EXPECT_EQ(sent[i].target, "/xero/hook");
    EXPECT_THAT(sent[i].body, MatchesRegex(R"(\{"events":\[\],"lastEventSequence":0,)"
                                           R"("firstEventSequence":0,"entropy":"[A-Z]{20}"\})"));
    EXPECT_THAT(sent[i].signature, MatchesRegex("[A-Za-z0-9+/]{43}="));
  }
  EXPECT_GE(correct, 1);
  EXPECT_LE(correct, 3);
  EXPECT_NE(sent[0].body, sent[1].body);  // fresh entropy each time
  EXPECT_EQ(webhooks_.State().status, WebhookStatus::kActive);
  EXPECT_EQ(webhooks_.State().last_error, "");
  EXPECT_TRUE(webhooks_.DeliverDue().empty());  // intent runs once
}

TEST_F(WebhooksTest, IntentToReceiveFailsForAReceiverThatAnswers200ToEverything) {
  Receiver receiver([](const Received&) { return 200; });
  ASSERT_TRUE(webhooks_.Subscribe(receiver.url(), kKey).ok());
  const std::vector<DeliveryAttempt> attempts = webhooks_.DeliverDue();
  ASSERT_FALSE(attempts.empty());
  EXPECT_FALSE(attempts.back().ok);
  EXPECT_FALSE(attempts.back().correctly_signed);  // it stopped at the first wrongly signed one
  const WebhookState state = webhooks_.State();
  EXPECT_EQ(state.status, WebhookStatus::kIntentFailed);
  EXPECT_THAT(state.last_error, HasSubstr("(incorrectly signed): answered 200, must answer 401"));
  // No events for a webhook that has not passed intent to receive.
  EXPECT_EQ(webhooks_.Publish(Event(clock_.Now())).status().code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(webhooks_.State().dropped, 1);
  EXPECT_TRUE(webhooks_.DeliverDue().empty());
}

TEST_F(WebhooksTest, IntentToReceiveFailsForAReceiverThatAnswers401ToEverything) {
  Receiver receiver([](const Received&) { return 401; });
  ASSERT_TRUE(webhooks_.Subscribe(receiver.url(), kKey).ok());
  const std::vector<DeliveryAttempt> attempts = webhooks_.DeliverDue();
  ASSERT_FALSE(attempts.empty());
  EXPECT_TRUE(attempts.back().correctly_signed);
  EXPECT_EQ(webhooks_.State().status, WebhookStatus::kIntentFailed);
  EXPECT_THAT(webhooks_.State().last_error,
              HasSubstr("(correctly signed): answered 401, must answer 200"));
}

TEST_F(WebhooksTest, IntentToReceiveFailsWhenNothingListens) {
  Receiver receiver(Receiver::Verifying(kKey));
  receiver.Stop();
  ASSERT_TRUE(webhooks_.Subscribe(receiver.url(), kKey).ok());
  EXPECT_EQ(webhooks_.DeliverDue().size(), 1u);
  EXPECT_EQ(webhooks_.State().status, WebhookStatus::kIntentFailed);
  EXPECT_THAT(webhooks_.State().last_error, HasSubstr("cannot connect"));
}

TEST_F(WebhooksTest, DeliversXerosPayloadSignedOverTheRawBody) {
  Receiver receiver(Receiver::Verifying(kKey));
  Activate(receiver);
  const std::size_t intent = receiver.received().size();
  const TimePoint at = clock_.Now() + hours(1) + minutes(15) + seconds(39) + milliseconds(902);
  ASSERT_EQ(webhooks_.Publish(Event(at)).value(), 1);

  const std::vector<DeliveryAttempt> attempts = webhooks_.DeliverDue();
  ASSERT_EQ(attempts.size(), 1u);
  EXPECT_TRUE(attempts[0].ok) << attempts[0].error;
  EXPECT_EQ(attempts[0].status, 200);
  const std::vector<Received> sent = receiver.received_after(intent);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].signature, ExpectedSignature(kKey, sent[0].body));
  EXPECT_THAT(sent[0].content_type, StartsWith("application/json"));
  EXPECT_EQ(Parse(sent[0].body).Find("events")->AsArray().at(0),
            Parse(R"({"resourceUrl":"https://api.xero.com/api.xro/2.0/Contacts/)" +
                  std::string(kContactId) + R"(","resourceId":")" + kContactId +
                  R"(","eventDateUtc":"2026-01-01T01:15:39.902","eventType":"UPDATE",)"
                  R"("eventCategory":"CONTACT","tenantId":")" +
                  kTenant + R"(","tenantType":"ORGANISATION"})"));
  EXPECT_THAT(sent[0].body, MatchesRegex(R"(\{"events":\[.*\],"firstEventSequence":1,)"
                                         R"("lastEventSequence":1,"entropy":"[A-Z]{20}"\})"));
  const WebhookState state = webhooks_.State();
  EXPECT_EQ(state.delivered, 1);
  EXPECT_EQ(state.delivered_events, 1);
  EXPECT_EQ(state.pending, 0);
  EXPECT_EQ(state.failed, 0);
}

TEST_F(WebhooksTest, ResourceUrlFollowsTheApiBaseAndTheCategory) {
  Receiver receiver(Receiver::Verifying(kKey));
  Activate(receiver);
  const std::size_t intent = receiver.received().size();
  ASSERT_TRUE(webhooks_.SetApiBase("http://127.0.0.1:9/api.xro/2.0/").ok());
  EXPECT_EQ(webhooks_.SetApiBase("api.xero.com").code(), StatusCode::kInvalidArgument);
  ASSERT_TRUE(webhooks_.Publish(Event(clock_.Now(), "i-1", "INVOICE", "CREATE")).ok());
  webhooks_.DeliverDue();
  const Json event = Parse(receiver.received_after(intent).at(0).body).Find("events")->AsArray()[0];
  EXPECT_EQ(event.Find("resourceUrl")->AsString(), "http://127.0.0.1:9/api.xro/2.0/Invoices/i-1");
  EXPECT_EQ(event.Find("eventCategory")->AsString(), "INVOICE");
  EXPECT_EQ(event.Find("eventType")->AsString(), "CREATE");
  EXPECT_EQ(event.Find("data"), nullptr);
}

TEST_F(WebhooksTest, CreditNoteEventsCarryTypeAndStatus) {
  Receiver receiver(Receiver::Verifying(kKey));
  Activate(receiver);
  const std::size_t intent = receiver.received().size();
  ChangeEvent event =
      Event(clock_.Now(), "55d84274-a3da-4829-a7c0-0cab601b95cc", "CREDITNOTE", "CREATE");
  event.data = Parse(R"({"Type":"ACCPAYCREDIT","Status":"DRAFT"})");
  webhooks_.OnChange(event);
  webhooks_.DeliverDue();
  const Json sent = Parse(receiver.received_after(intent).at(0).body).Find("events")->AsArray()[0];
  EXPECT_EQ(sent.Find("resourceUrl")->AsString(),
            "https://api.xero.com/api.xro/2.0/CreditNotes/55d84274-a3da-4829-a7c0-0cab601b95cc");
  EXPECT_EQ(*sent.Find("data"), Parse(R"({"Type":"ACCPAYCREDIT","Status":"DRAFT"})"));
}

TEST_F(WebhooksTest, BatchesQueuedEventsWithIncreasingSequences) {
  Receiver receiver(Receiver::Verifying(kKey));
  Activate(receiver);
  const std::size_t intent = receiver.received().size();
  for (const char* id : {"a", "b", "c"}) webhooks_.OnChange(Event(clock_.Now(), id));
  ASSERT_EQ(webhooks_.DeliverDue().size(), 1u);
  for (const char* id : {"d", "e"}) webhooks_.OnChange(Event(clock_.Now(), id));
  ASSERT_EQ(webhooks_.DeliverDue().size(), 1u);

  const std::vector<Received> sent = receiver.received_after(intent);
  ASSERT_EQ(sent.size(), 2u);
  const Json first = Parse(sent[0].body);
  const Json second = Parse(sent[1].body);
  ASSERT_EQ(first.Find("events")->AsArray().size(), 3u);
  EXPECT_EQ(first.Find("events")->AsArray()[2].Find("resourceId")->AsString(), "c");
  EXPECT_EQ(first.Find("firstEventSequence")->AsInt64().value(), 1);
  EXPECT_EQ(first.Find("lastEventSequence")->AsInt64().value(), 3);
  ASSERT_EQ(second.Find("events")->AsArray().size(), 2u);
  EXPECT_EQ(second.Find("firstEventSequence")->AsInt64().value(), 4);
  EXPECT_EQ(second.Find("lastEventSequence")->AsInt64().value(), 5);
  EXPECT_EQ(webhooks_.State().delivered_events, 5);
}

// Writers report from request threads; every event gets its own sequence number, and deliveries
// carry them in order without gaps or repeats.
TEST_F(WebhooksTest, ConcurrentPublishersGetDistinctSequencesDeliveredInOrder) {
  Receiver receiver(Receiver::Verifying(kKey));
  Activate(receiver);
  const std::size_t intent = receiver.received().size();
  std::vector<std::thread> writers;
  writers.reserve(4);
  for (int w = 0; w < 4; ++w) {
    writers.emplace_back([this, w] {
      for (int i = 0; i < 60; ++i) {
        webhooks_.OnChange(Event(clock_.Now(), std::to_string(w) + "-" + std::to_string(i)));
      }
    });
  }
  for (std::thread& writer : writers) writer.join();
  webhooks_.DeliverDue();

  int64_t expected = 1;
  std::set<std::string> ids;
  for (const Received& r : receiver.received_after(intent)) {
    const Json body = Parse(r.body);
    EXPECT_EQ(body.Find("firstEventSequence")->AsInt64().value(), expected);
    expected += static_cast<int64_t>(body.Find("events")->AsArray().size());
    EXPECT_EQ(body.Find("lastEventSequence")->AsInt64().value(), expected - 1);
    for (const Json& e : body.Find("events")->AsArray())
      ids.insert(e.Find("resourceId")->AsString());
  }
  EXPECT_EQ(expected, 241);
  EXPECT_EQ(ids.size(), 240u);
  EXPECT_EQ(receiver.received_after(intent).size(), 3u);  // 100 + 100 + 40
}

class SmallBatchesTest : public WebhooksTest {
 protected:
  static WebhookOptions Options() {
    WebhookOptions options;
    options.max_events_per_delivery = 2;
    return options;
  }
  SmallBatchesTest() : WebhooksTest(Options()) {}
};

TEST_F(SmallBatchesTest, SplitsALongQueueIntoSeveralDeliveriesInOrder) {
  Receiver receiver(Receiver::Verifying(kKey));
  Activate(receiver);
  for (const char* id : {"a", "b", "c", "d", "e"}) webhooks_.OnChange(Event(clock_.Now(), id));
  const std::vector<DeliveryAttempt> attempts = webhooks_.DeliverDue();
  ASSERT_EQ(attempts.size(), 3u);
  EXPECT_EQ(attempts[0].first_sequence, 1);
  EXPECT_EQ(attempts[0].last_sequence, 2);
  EXPECT_EQ(attempts[1].first_sequence, 3);
  EXPECT_EQ(attempts[2].first_sequence, 5);
  EXPECT_EQ(attempts[2].last_sequence, 5);
  EXPECT_EQ(attempts[2].events, 1);
}

}  // namespace
}  // namespace xerosync::emulator
