// The deliverer end to end: events recorded by the store's transitions are sent over loopback to
// a real HTTP receiver (http::Server) that verifies each signature and drops duplicates by event
// id, on a FakeClock (no sleeping): delivery, a receiver that fails then recovers, giving up after
// max_tries with the failure visible, an unreachable receiver, and the sealed secret.
#include "notify/deliverer.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "core/json.h"
#include "http/http.h"
#include "notify/config.h"
#include "notify/signature.h"
#include "notify/test_receiver.h"
#include "store/sqlite_store.h"

namespace xerosync::notify {
namespace {

namespace fs = std::filesystem;
using std::chrono::seconds;

using testing::kSecret;
using testing::Receiver;
const domain::TenantId kOrg("tenant-a");

class DelivererTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device random;
    dir_ = fs::temp_directory_path() / ("notify_test_" + std::to_string(random()));
    fs::create_directories(dir_);
    Result<std::unique_ptr<store::Store>> opened = store::OpenSqliteStore(
        {.path = (dir_ / "x.db").string(), .synchronous_full = false, .clock = &clock_});
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(*opened);
    ASSERT_TRUE(store_->UpsertOrganisation(kOrg, "conn-a", "Demo").ok());
  }
  void TearDown() override {
    store_.reset();
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  void Configure(const std::string& url) {
    ASSERT_TRUE(SaveWebhookConfig(*store_, cipher_, {url, std::string(kSecret)}).ok());
  }
  // A change that records one connection.changed event.
  void Pause(std::string_view code) {
    ASSERT_TRUE(store_->PauseOrganisation(kOrg, code, "why", std::nullopt, clock_.Now()).ok());
  }
  DeliveryReport Deliver(WebhookDeliverer& deliverer) {
    Result<DeliveryReport> report = deliverer.DeliverDue();
    EXPECT_TRUE(report.ok()) << report.status().ToString();
    return report.ok() ? *report : DeliveryReport();
  }
  std::vector<store::OutboxEvent> Events(store::EventState state) {
    store::EventQuery query;
    query.state = state;
    return store_->ListEvents(query).value_or(std::vector<store::OutboxEvent>());
  }

  fs::path dir_;
  FakeClock clock_;
  xero::TokenCipher cipher_{std::string(32, 'k')};
  std::unique_ptr<store::Store> store_;
};

TEST_F(DelivererTest, SignedEventsReachTheReceiverOnceAndAreMarkedDelivered) {
  Receiver receiver(clock_);
  Configure(receiver.url());
  Pause("connection.expired");
  Pause("rate_limit.day");

  WebhookDeliverer deliverer(*store_, cipher_, clock_);
  const DeliveryReport report = Deliver(deliverer);
  EXPECT_EQ(report.delivered, 2);
  EXPECT_EQ(receiver.bad_signatures(), 0);
  const std::vector<Json> accepted = receiver.accepted();
  ASSERT_EQ(accepted.size(), 2u);
  EXPECT_EQ(accepted[0].Find("type")->AsString(), "connection.changed");
  EXPECT_EQ(accepted[0].Find("organisation")->AsString(), "tenant-a");
  EXPECT_EQ(accepted[0].Find("data")->Find("status")->AsString(), "paused");
  EXPECT_EQ(accepted[0].Find("data")->Find("code")->AsString(), "connection.expired");
  EXPECT_EQ(accepted[1].Find("data")->Find("code")->AsString(), "rate_limit.day");
  const std::vector<store::OutboxEvent> delivered = Events(store::EventState::kDelivered);
  ASSERT_EQ(delivered.size(), 2u);
  EXPECT_EQ(accepted[0].Find("id")->AsString(), delivered[0].event_id);
  EXPECT_EQ(delivered[0].attempts, 1);

  // Delivered events are not sent again, and are deleted once kept long enough.
  EXPECT_EQ(Deliver(deliverer).delivered, 0);
  EXPECT_EQ(receiver.requests(), 2);
  clock_.Advance(std::chrono::hours(24 * 7) + seconds(1));
  EXPECT_EQ(Deliver(deliverer).pruned, 2);
  EXPECT_TRUE(Events(store::EventState::kDelivered).empty());
}

TEST_F(DelivererTest, AReceiverThatFailsThenRecoversGetsTheSameEventAfterABackoff) {
  Receiver receiver(clock_);
  Configure(receiver.url());
  Pause("rate_limit.day");
  receiver.FailNext(2, 500);
  WebhookDeliverer deliverer(*store_, cipher_, clock_,
                             {.first_backoff = seconds(30), .max_backoff = seconds(600)});

  EXPECT_EQ(Deliver(deliverer).retrying, 1);
  EXPECT_EQ(Deliver(deliverer).retrying, 0);  // not due yet: nothing sent
  EXPECT_EQ(receiver.requests(), 1);
  clock_.Advance(seconds(30));
  EXPECT_EQ(Deliver(deliverer).retrying, 1);
  clock_.Advance(seconds(59));  // the backoff doubled: 60 s
  EXPECT_EQ(Deliver(deliverer).delivered, 0);
  clock_.Advance(seconds(1));
  EXPECT_EQ(Deliver(deliverer).delivered, 1);

  EXPECT_EQ(receiver.requests(), 3);
  EXPECT_EQ(receiver.bad_signatures(), 0);  // each try signed afresh, at its own time
  EXPECT_EQ(receiver.accepted().size(), 1u);
  const std::vector<store::OutboxEvent> delivered = Events(store::EventState::kDelivered);
  ASSERT_EQ(delivered.size(), 1u);
  EXPECT_EQ(delivered[0].attempts, 3);
  EXPECT_EQ(delivered[0].last_error, "HTTP 500");
}

TEST_F(DelivererTest, AfterMaxTriesTheEventIsFailedVisiblyUntilRetried) {
  Receiver receiver(clock_);
  Configure(receiver.url());
  Pause("connection.expired");
  receiver.FailNext(1000, 503);
  WebhookDeliverer deliverer(*store_, cipher_, clock_,
                             {.max_tries = 3, .first_backoff = seconds(10)});
  EXPECT_EQ(Deliver(deliverer).retrying, 1);
  clock_.Advance(seconds(10));
  EXPECT_EQ(Deliver(deliverer).retrying, 1);
  clock_.Advance(seconds(20));
  EXPECT_EQ(Deliver(deliverer).given_up, 1);
  clock_.Advance(std::chrono::hours(24));
  EXPECT_EQ(Deliver(deliverer).given_up, 0);
  EXPECT_EQ(receiver.requests(), 3);

  std::vector<store::OutboxEvent> failed = Events(store::EventState::kFailed);
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].attempts, 3);
  EXPECT_EQ(failed[0].last_error, "HTTP 503");

  // The receiver is fixed and the user sends it again.
  receiver.FailNext(0, 200);
  ASSERT_TRUE(store_->RetryEvent(failed[0].id, clock_.Now()).ok());
  EXPECT_EQ(Deliver(deliverer).delivered, 1);
  EXPECT_EQ(receiver.accepted().size(), 1u);
}

TEST_F(DelivererTest, AnUnreachableReceiverIsAFailedTryNotAnError) {
  uint16_t port = 0;
  {
    Receiver gone(clock_);
    port = static_cast<uint16_t>(std::stoi(gone.url().substr(17, 5)));
  }
  Configure("http://127.0.0.1:" + std::to_string(port) + "/hooks/xerosync");
  Pause("connection.expired");
  WebhookDeliverer deliverer(*store_, cipher_, clock_,
                             {.timeout = std::chrono::milliseconds(2000)});
  EXPECT_EQ(Deliver(deliverer).retrying, 1);
  const std::vector<store::OutboxEvent> pending = Events(store::EventState::kPending);
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_NE(pending[0].last_error, "");
  EXPECT_EQ(pending[0].attempts, 1);
}

TEST_F(DelivererTest, TheSecretIsSealedAndBadConfigurationsAreRefused) {
  Configure("http://127.0.0.1:9/hooks");
  Result<std::optional<std::string>> stored =
      store_->GetInstallationSetting(store::kWebhookSecretSetting);
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_EQ((*stored)->find(kSecret), std::string::npos);
  Result<std::optional<WebhookConfig>> loaded = LoadWebhookConfig(*store_, cipher_);
  ASSERT_TRUE(loaded.ok() && loaded->has_value());
  EXPECT_EQ((*loaded)->secret, kSecret);
  EXPECT_EQ((*loaded)->url, "http://127.0.0.1:9/hooks");

  EXPECT_EQ(SaveWebhookConfig(*store_, cipher_, {"http://127.0.0.1/", "short"}).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(SaveWebhookConfig(*store_, cipher_, {"ftp://x/", std::string(kSecret)}).code(),
            StatusCode::kInvalidArgument);
  // Another key cannot open it: the deliverer says so rather than sending unsigned.
  xero::TokenCipher other(std::string(32, 'o'));
  EXPECT_EQ(LoadWebhookConfig(*store_, other).status().code(), StatusCode::kDataLoss);
}

TEST_F(DelivererTest, WithoutAConfigurationNothingIsRecordedOrSent) {
  Receiver receiver(clock_);
  Pause("connection.expired");
  WebhookDeliverer deliverer(*store_, cipher_, clock_);
  EXPECT_EQ(Deliver(deliverer).delivered, 0);
  EXPECT_EQ(receiver.requests(), 0);
  // Removing a configuration stops recording.
  Configure(receiver.url());
  ASSERT_TRUE(RemoveWebhookConfig(*store_).ok());
  Pause("rate_limit.day");
  EXPECT_TRUE(Events(store::EventState::kPending).empty());
}

TEST_F(DelivererTest, OneDelivererSendsAtATime) {
  Receiver receiver(clock_);
  Configure(receiver.url());
  Pause("connection.expired");
  // Another process's deliverer holds the lease: this one leaves the event to it.
  ASSERT_TRUE(*store_->TryAcquireLease(kDelivererLease, "other", clock_.Now(), seconds(60)));
  WebhookDeliverer deliverer(*store_, cipher_, clock_, {.owner = "this"});
  EXPECT_TRUE(Deliver(deliverer).busy);
  EXPECT_EQ(receiver.requests(), 0);
  // Its lease lapses (it died): this one takes over, and releases the lease when done.
  clock_.Advance(seconds(61));
  const DeliveryReport report = Deliver(deliverer);
  EXPECT_FALSE(report.busy);
  EXPECT_EQ(report.delivered, 1);
  EXPECT_TRUE(*store_->TryAcquireLease(kDelivererLease, "other", clock_.Now(), seconds(60)));
}

TEST(DelivererOptions, AreCheckedInOnePlace) {
  EXPECT_TRUE(ValidateDelivererOptions({}).ok());
  EXPECT_FALSE(ValidateDelivererOptions({.max_tries = 0}).ok());
  EXPECT_FALSE(ValidateDelivererOptions({.first_backoff = seconds(0)}).ok());
  EXPECT_FALSE(
      ValidateDelivererOptions({.first_backoff = seconds(60), .max_backoff = seconds(30)}).ok());
  EXPECT_FALSE(ValidateDelivererOptions({.batch = 0}).ok());
  EXPECT_FALSE(ValidateDelivererOptions({.keep_delivered = seconds(-1)}).ok());
  EXPECT_FALSE(ValidateDelivererOptions({.owner = ""}).ok());
  EXPECT_FALSE(ValidateDelivererOptions({.lease_ttl = seconds(5)}).ok());
}

}  // namespace
}  // namespace xerosync::notify
