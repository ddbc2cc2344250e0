// Webhook redelivery on the FakeClock: after a 500 and after a refused connection, at the
// scheduled times; disabled 24 h after the first failed attempt; re-enabled by subscribing again;
// a new URL restarts intent to receive; the tenant filter; the background pump.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

#include "core/json.h"
#include "emulator/webhook_receiver_test_util.h"
#include "emulator/webhooks.h"

namespace xerosync::emulator {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;
using testing::ExpectedSignature;
using ::testing::HasSubstr;
using testing::Received;
using testing::Receiver;
using ::testing::StartsWith;

constexpr char kTenant[] = "c2cc9b6e-9458-4c7d-93cc-f02b81b0594f";
constexpr char kKey[] = "redelivery-test-key";

ChangeEvent Event(TimePoint at, std::string id, std::string tenant = kTenant) {
  return ChangeEvent{std::move(tenant), "INVOICE", "UPDATE", std::move(id), at, Json()};
}

int64_t Sequence(const Received& r, const char* which) {
  Result<Json> body = Json::Parse(r.body);
  return body.ok() ? body->Find(which)->AsInt64().value_or(-1) : -1;
}

// A receiver that checks signatures and, once intent has passed, answers events with `status`.
class Flaky {
 public:
  Receiver::Answer Answer() {
    return [this](const Received& r) {
      if (r.signature != ExpectedSignature(kKey, r.body)) return 401;
      if (r.body.starts_with(R"({"events":[],)")) return 200;  // intent to receive
      return status.load();
    };
  }
  std::atomic<int> status{200};
};

class RedeliveryTest : public ::testing::Test {
 protected:
  explicit RedeliveryTest(TenantFilter filter = nullptr)
      : random_(11), webhooks_(clock_, random_, WebhookOptions(), std::move(filter)) {}

  void Activate(const std::string& url) {
    ASSERT_TRUE(webhooks_.Subscribe(url, kKey).ok());
    webhooks_.DeliverDue();
    ASSERT_EQ(webhooks_.State().status, WebhookStatus::kActive) << webhooks_.State().last_error;
  }

  FakeClock clock_;
  RandomSource random_;
  Webhooks webhooks_;
};

TEST_F(RedeliveryTest, RedeliversTheSameBodyAfterA500AtTheScheduledTimes) {
  Flaky flaky;
  Receiver receiver(flaky.Answer());
  Activate(receiver.url());
  const std::size_t intent = receiver.received().size();
  flaky.status = 500;
  const TimePoint t0 = clock_.Now();
  webhooks_.OnChange(Event(t0, "inv-1"));

  std::vector<DeliveryAttempt> attempts = webhooks_.DeliverDue();
  ASSERT_EQ(attempts.size(), 1u);
  EXPECT_FALSE(attempts[0].ok);
  EXPECT_EQ(attempts[0].status, 500);
  WebhookState state = webhooks_.State();
  EXPECT_EQ(state.failed, 1);
  EXPECT_EQ(state.pending, 1);
  EXPECT_THAT(state.last_error, HasSubstr("answered 500; only 200 counts as delivered"));
  EXPECT_EQ(state.next_attempt, t0 + minutes(1));

  // An event raised meanwhile waits behind the failing batch.
  webhooks_.OnChange(Event(t0, "inv-2"));
  clock_.Advance(seconds(59));
  EXPECT_TRUE(webhooks_.DeliverDue().empty());
  clock_.Advance(seconds(1));
  ASSERT_EQ(webhooks_.DeliverDue().size(), 1u);  // the +1 min attempt, failing again
  EXPECT_EQ(webhooks_.State().next_attempt, t0 + minutes(5));
  clock_.Advance(minutes(3));
  EXPECT_TRUE(webhooks_.DeliverDue().empty());

  flaky.status = 200;
  clock_.Advance(minutes(1));  // t0 + 5 min
  attempts = webhooks_.DeliverDue();
  ASSERT_EQ(attempts.size(), 2u);  // the batch, then the event that waited
  EXPECT_TRUE(attempts[0].ok);
  EXPECT_EQ(attempts[0].first_sequence, 1);
  EXPECT_TRUE(attempts[1].ok);
  EXPECT_EQ(attempts[1].first_sequence, 2);

  const std::vector<Received> sent = receiver.received_after(intent);
  ASSERT_EQ(sent.size(), 4u);
  EXPECT_EQ(sent[0].body, sent[1].body);  // redelivered byte for byte
  EXPECT_EQ(sent[0].body, sent[2].body);
  EXPECT_EQ(sent[0].signature, sent[2].signature);
  EXPECT_EQ(Sequence(sent[3], "firstEventSequence"), 2);
  state = webhooks_.State();
  EXPECT_EQ(state.delivered, 2);
  EXPECT_EQ(state.failed, 2);
  EXPECT_EQ(state.pending, 0);
  EXPECT_EQ(state.last_error, "");
  EXPECT_EQ(state.next_attempt, std::nullopt);
}

TEST_F(RedeliveryTest, RedeliversAfterARefusedConnection) {
  auto receiver = std::make_unique<Receiver>(Receiver::Verifying(kKey));
  const uint16_t port = receiver->port();
  const std::string url = receiver->url();
  Activate(url);
  receiver.reset();  // nothing listens now
  const TimePoint t0 = clock_.Now();
  webhooks_.OnChange(Event(t0, "inv-1"));

  std::vector<DeliveryAttempt> attempts = webhooks_.DeliverDue();
  ASSERT_EQ(attempts.size(), 1u);
  EXPECT_EQ(attempts[0].status, 0);
  EXPECT_THAT(attempts[0].error, HasSubstr("cannot connect"));
  EXPECT_EQ(webhooks_.State().next_attempt, t0 + minutes(1));

  Receiver back(Receiver::Verifying(kKey), port);  // the receiver comes back on its port
  ASSERT_EQ(back.port(), port);
  clock_.Advance(minutes(1));
  attempts = webhooks_.DeliverDue();
  ASSERT_EQ(attempts.size(), 1u);
  EXPECT_TRUE(attempts[0].ok) << attempts[0].error;
  ASSERT_EQ(back.received().size(), 1u);
  EXPECT_EQ(Sequence(back.received()[0], "lastEventSequence"), 1);
}

// A receiver that holds its answer past the response timeout (shortened from Xero's 5 s so that the
// test stays fast) has failed; the test releases it afterwards.
TEST(WebhookTimeoutTest, ALateAnswerIsAFailedAttempt) {
  FakeClock clock;
  RandomSource random(5);
  WebhookOptions options;
  options.response_timeout = std::chrono::milliseconds(100);
  Webhooks webhooks(clock, random, options);
  std::mutex mu;
  std::condition_variable cv;
  bool release = false;
  Receiver receiver([&](const Received& r) {
    if (r.signature != ExpectedSignature(kKey, r.body)) return 401;
    if (!r.body.starts_with(R"({"events":[],)")) {
      std::unique_lock<std::mutex> lock(mu);
      cv.wait_for(lock, seconds(5), [&] { return release; });
    }
    return 200;
  });
  ASSERT_TRUE(webhooks.Subscribe(receiver.url(), kKey).ok());
  webhooks.DeliverDue();
  ASSERT_EQ(webhooks.State().status, WebhookStatus::kActive);
  webhooks.OnChange(Event(clock.Now(), "inv-1"));
  const std::vector<DeliveryAttempt> attempts = webhooks.DeliverDue();
  {
    const std::lock_guard<std::mutex> lock(mu);
    release = true;
  }
  cv.notify_all();
  ASSERT_EQ(attempts.size(), 1u);
  EXPECT_FALSE(attempts[0].ok);
  EXPECT_THAT(attempts[0].error, HasSubstr("no answer within 100 ms"));
  EXPECT_EQ(webhooks.State().failed, 1);
  EXPECT_EQ(webhooks.State().next_attempt, clock.Now() + minutes(1));
  receiver.Stop();
}

TEST_F(RedeliveryTest, DisablesAfter24HoursOfFailuresUntilReEnabled) {
  Flaky flaky;
  Receiver receiver(flaky.Answer());
  Activate(receiver.url());
  flaky.status = 503;
  const TimePoint t0 = clock_.Now();
  webhooks_.OnChange(Event(t0, "inv-1"));
  webhooks_.OnChange(Event(t0, "inv-2"));
  ASSERT_EQ(webhooks_.DeliverDue().size(), 1u);

  // Every scheduled attempt, each made exactly when due, with decreasing frequency.
  std::vector<std::chrono::minutes> seen;
  while (std::optional<TimePoint> next = webhooks_.State().next_attempt) {
    clock_.Set(*next);
    ASSERT_EQ(webhooks_.DeliverDue().size(), 1u);
    seen.push_back(std::chrono::duration_cast<std::chrono::minutes>(*next - t0));
  }
  EXPECT_EQ(seen, std::vector<std::chrono::minutes>(kRetryOffsets.begin(), kRetryOffsets.end()));
  EXPECT_EQ(seen.back(), hours(24));

  WebhookState state = webhooks_.State();
  EXPECT_EQ(state.status, WebhookStatus::kDisabled);
  EXPECT_EQ(state.failed, 11);
  EXPECT_EQ(state.pending, 0);
  EXPECT_EQ(state.dropped, 2);
  EXPECT_THAT(state.last_error, StartsWith("disabled: deliveries kept failing for 24 hours"));
  EXPECT_EQ(webhooks_.Publish(Event(clock_.Now(), "inv-3")).status().code(),
            StatusCode::kFailedPrecondition);
  clock_.Advance(hours(48));
  EXPECT_TRUE(webhooks_.DeliverDue().empty());

  // Re-enabling runs intent to receive again, then events flow, numbered on from before.
  flaky.status = 200;
  Result<WebhookState> again = webhooks_.Subscribe(receiver.url());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->status, WebhookStatus::kPendingIntent);
  EXPECT_EQ(again->key, kKey);  // the key is kept
  webhooks_.DeliverDue();
  ASSERT_EQ(webhooks_.State().status, WebhookStatus::kActive);
  ASSERT_EQ(webhooks_.Publish(Event(clock_.Now(), "inv-4")).value(), 3);
  const std::vector<DeliveryAttempt> attempts = webhooks_.DeliverDue();
  ASSERT_EQ(attempts.size(), 1u);
  EXPECT_TRUE(attempts[0].ok);
  EXPECT_EQ(attempts[0].first_sequence, 3);
}

TEST_F(RedeliveryTest, AClockJumpPastTheLastAttemptDisablesAfterOneMoreTry) {
  Flaky flaky;
  Receiver receiver(flaky.Answer());
  Activate(receiver.url());
  flaky.status = 500;
  webhooks_.OnChange(Event(clock_.Now(), "inv-1"));
  webhooks_.DeliverDue();
  clock_.Advance(hours(30));
  EXPECT_EQ(webhooks_.DeliverDue().size(), 1u);
  EXPECT_EQ(webhooks_.State().status, WebhookStatus::kDisabled);
}

TEST_F(RedeliveryTest, ANewUrlRestartsIntentAndDropsWhatWasQueued) {
  Receiver first(Receiver::Verifying(kKey));
  Receiver second(Receiver::Verifying(kKey));
  Activate(first.url());
  webhooks_.OnChange(Event(clock_.Now(), "inv-1"));
  Result<WebhookState> moved = webhooks_.Subscribe(second.url());
  ASSERT_TRUE(moved.ok());
  EXPECT_EQ(moved->status, WebhookStatus::kPendingIntent);
  EXPECT_EQ(moved->dropped, 1);
  EXPECT_EQ(moved->pending, 0);
  const std::size_t sent_first = first.received().size();
  webhooks_.DeliverDue();
  EXPECT_EQ(first.received().size(), sent_first);  // nothing more to the old URL
  EXPECT_EQ(second.received().size(), 4u);         // the intent series
  EXPECT_EQ(webhooks_.State().status, WebhookStatus::kActive);
}

TEST_F(RedeliveryTest, UnsubscribingStopsEverything) {
  Receiver receiver(Receiver::Verifying(kKey));
  Activate(receiver.url());
  webhooks_.OnChange(Event(clock_.Now(), "inv-1"));
  EXPECT_TRUE(webhooks_.Unsubscribe());
  EXPECT_FALSE(webhooks_.Unsubscribe());
  EXPECT_EQ(webhooks_.State().status, WebhookStatus::kNone);
  EXPECT_EQ(webhooks_.State().key, "");
  const std::size_t sent = receiver.received().size();
  EXPECT_TRUE(webhooks_.DeliverDue().empty());
  EXPECT_EQ(receiver.received().size(), sent);
}

class TenantFilterTest : public RedeliveryTest {
 protected:
  TenantFilterTest() : RedeliveryTest([](std::string_view tenant) { return tenant == kTenant; }) {}
};

TEST_F(TenantFilterTest, OnlySubscribedTenantsEventsAreQueued) {
  Receiver receiver(Receiver::Verifying(kKey));
  Activate(receiver.url());
  Result<int32_t> other = webhooks_.Publish(Event(clock_.Now(), "inv-1", "another-tenant"));
  ASSERT_FALSE(other.ok());
  EXPECT_THAT(other.status().message(), HasSubstr("not connected"));
  EXPECT_EQ(webhooks_.Publish(Event(clock_.Now(), "inv-2")).value(), 1);
  EXPECT_EQ(webhooks_.State().pending, 1);
}

TEST(WebhooksSubscribeTest, RefusesBadUrlsAndKeys) {
  FakeClock clock;
  RandomSource random(1);
  Webhooks webhooks(clock, random);
  EXPECT_THAT(webhooks.Subscribe("https://example.com/hook").status().message(),
              HasSubstr("https is not supported"));
  EXPECT_EQ(webhooks.Subscribe("http://127.0.0.1:1/", "").status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(webhooks.Subscribe("http://127.0.0.1:1/", "has space").status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(webhooks.Subscribe("http://127.0.0.1:1/", std::string(257, 'k')).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(webhooks.State().status, WebhookStatus::kNone);
}

// The pump delivers without the test calling DeliverDue; the test waits for the receiver to be
// called (bounded), never for a time.
TEST(WebhookPumpTest, DeliversInTheBackgroundAndStops) {
  FakeClock clock;
  RandomSource random(3);
  Webhooks webhooks(clock, random);
  std::mutex mu;
  std::condition_variable cv;
  int events_posts = 0;
  Receiver receiver([&](const Received& r) {
    if (r.signature != ExpectedSignature(kKey, r.body)) return 401;
    if (!r.body.starts_with(R"({"events":[],)")) {
      const std::lock_guard<std::mutex> lock(mu);
      ++events_posts;
      cv.notify_all();
    }
    return 200;
  });
  ASSERT_TRUE(webhooks.Subscribe(receiver.url(), kKey).ok());
  webhooks.DeliverDue();  // intent to receive, here, so that the pump's work is the event
  ASSERT_EQ(webhooks.State().status, WebhookStatus::kActive) << webhooks.State().last_error;
  WebhookPump pump(webhooks, std::chrono::milliseconds(5));
  ASSERT_TRUE(webhooks.Publish(Event(clock.Now(), "inv-1")).ok());
  {
    std::unique_lock<std::mutex> lock(mu);
    EXPECT_TRUE(cv.wait_for(lock, seconds(5), [&] { return events_posts == 1; }));
  }
  pump.Stop();
  pump.Stop();  // idempotent
  EXPECT_EQ(webhooks.State().delivered, 1);
}

}  // namespace
}  // namespace xerosync::emulator
