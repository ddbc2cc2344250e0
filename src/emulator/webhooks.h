#pragma once
// Xero's webhooks, emulated (FACTS.md §6; docs/emulator.md, "Webhooks").
//
// One subscription stands for the webhook of the app in Xero's developer portal: a receiver URL and
// a signing key (generated like Xero's, 64 random bytes as 88 characters of base64, unless given).
// The emulator keeps one subscription, not one per registered app: it is run for one app at a time
// (the demo app, or the app under test). Events are queued for the organisations the `subscribed`
// predicate accepts; the emulator passes "has a live connection", as Xero sends an app only the
// events of the organisations connected to it.
//
// Lifecycle (status names are the control API's):
//   none ── Subscribe ──▶ pending-intent ── intent passes ──▶ active
//                                        └─ intent fails ──▶ intent-failed (last_error says why)
//   active ── a batch still failing 24 h after its first attempt ──▶ disabled
//   any ── Subscribe (create, re-enable, new URL or key) ──▶ pending-intent;  Unsubscribe ──▶ none
// Intent to receive: a series of POSTs of
// {"events":[],"lastEventSequence":0,"firstEventSequence":0, "entropy":…}, some signed with the key
// and some not (at least one of each); the receiver must answer 200 to each correctly signed one
// and 401 to each incorrectly signed one. Only an active subscription queues events; others count
// them as dropped. Subscribe and Unsubscribe drop whatever was queued, and so does disabling: a
// client re-enabling a webhook must reconcile.
//
// Delivery: the queued events go out in order, up to max_events_per_delivery per POST, as Xero's
// payload {"events":[…],"firstEventSequence":n,"lastEventSequence":m,"entropy":…} with
// x-xero-signature = Base64(HMAC-SHA256(key's UTF-8 bytes, the raw body)). Each event gets the next
// sequence number (1, 2, …) when queued. A delivery counts only when the receiver answers 200
// within response_timeout; the body is ignored. A failed batch is redelivered, byte for byte, at
// kRetryOffsets after its first attempt on the clock given (the emulator's), and later events wait
// behind it; when the attempt at +24 h fails the subscription is disabled.
//
// Nothing here sleeps or starts threads: DeliverDue does whatever is due now and returns. Tests
// call it with a fake clock; the xero-emulator binary runs a WebhookPump.
//
// Thread safety: all methods may be called concurrently. DeliverDue calls are serialised, and no
// lock is held while a request is out, so OnChange never waits for a receiver.

#include <array>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "emulator/crypto.h"
#include "emulator/events.h"
#include "http/http.h"

namespace xerosync::emulator {

struct WebhookOptions {
  // The events' resourceUrl is api_base + "/Contacts/<id>" (or Invoices, CreditNotes). Default:
  // Xero's, which a client of the emulator cannot fetch; such clients should read resourceId, or
  // set the emulator's own URL here (control API: PUT /_emulator/webhooks {"api_base": …}).
  std::string api_base = "https://api.xero.com/api.xro/2.0";
  // A receiver must answer within this (Xero: 5 s); default 5 s.
  std::chrono::milliseconds response_timeout{5'000};
  // POSTs in one intent-to-receive series (>= 2, so that both kinds are sent); default 4.
  int intent_requests = 4;
  // Events in one delivery at most (Xero's limit is not published); default 100.
  std::size_t max_events_per_delivery = 100;
};

enum class WebhookStatus { kNone, kPendingIntent, kActive, kIntentFailed, kDisabled };

// "none", "pending-intent", "active", "intent-failed", "disabled".
std::string_view WebhookStatusName(WebhookStatus status);

// When a failing batch is tried again, counted from its first attempt: "with decreasing frequency
// for up to 24 hours" (FACTS.md §6). Xero's own schedule is not published.
inline constexpr std::array<std::chrono::minutes, 10> kRetryOffsets = {
    std::chrono::minutes(1),      std::chrono::minutes(5),      std::chrono::minutes(15),
    std::chrono::minutes(30),     std::chrono::minutes(60),     std::chrono::minutes(2 * 60),
    std::chrono::minutes(4 * 60), std::chrono::minutes(8 * 60), std::chrono::minutes(16 * 60),
    std::chrono::minutes(24 * 60)};

struct WebhookState {
  WebhookStatus status = WebhookStatus::kNone;
  std::string url;
  std::string key;
  std::string api_base;
  std::string last_error;        // of the last failed intent or delivery; "" after a success
  int64_t delivered = 0;         // deliveries answered 200
  int64_t delivered_events = 0;  // events in them
  int64_t failed = 0;            // delivery attempts that failed
  int64_t pending = 0;           // events queued or awaiting redelivery
  int64_t dropped = 0;           // events never to be delivered (see the lifecycle above)
  std::optional<TimePoint> next_attempt;  // of the batch awaiting redelivery
};

// One POST DeliverDue made.
struct DeliveryAttempt {
  enum class Kind { kIntent, kEvents };
  Kind kind = Kind::kEvents;
  TimePoint at;
  bool ok = false;               // answered as required (events: 200; intent: 200 or 401 as signed)
  int status = 0;                // the receiver's answer; 0 when there was none
  std::string error;             // why it failed; "" when ok
  bool correctly_signed = true;  // false only for intent requests signed with a wrong key
  int events = 0;
  int32_t first_sequence = 0;  // 0 for intent requests
  int32_t last_sequence = 0;
};

// Whether a tenant's events are wanted.
using TenantFilter = std::function<bool(std::string_view tenant_id)>;

class Webhooks {
 public:
  // `subscribed` null: every tenant. REQUIRES: clock and random outlive this object; options valid
  // (intent_requests >= 2, max_events_per_delivery >= 1, response_timeout > 0).
  Webhooks(const Clock& clock, RandomSource& random, WebhookOptions options = {},
           TenantFilter subscribed = nullptr);

  // Creates the subscription, or changes its URL or key, or re-enables it; in every case intent to
  // receive is due at the next DeliverDue. `key` nullopt keeps the current key (a new one for a new
  // subscription). kInvalidArgument for a URL that is not http:// (http::ParseHttpUrl) or a key
  // that is empty, over 256 characters or has spaces or control characters.
  Result<WebhookState> Subscribe(std::string url, std::optional<std::string> key = std::nullopt);
  // Removes the subscription. false when there was none.
  bool Unsubscribe();
  // See NormalizeApiBase; affects deliveries not yet formed.
  Status SetApiBase(std::string api_base);
  WebhookState State() const;

  // A ChangeListener: queues the event when it is wanted (see Publish).
  void OnChange(const ChangeEvent& event) { (void)Publish(event); }
  // Queues `event` and returns its sequence number. kFailedPrecondition saying why it was not
  // queued: the subscription is not active, or the tenant is not subscribed.
  Result<int32_t> Publish(const ChangeEvent& event);

  // Does what is due now: the intent-to-receive series if one is pending, then deliveries while the
  // receiver keeps accepting them. Returns every POST made, in order.
  std::vector<DeliveryAttempt> DeliverDue();

 private:
  struct Queued {
    ChangeEvent event;
    int32_t sequence;
  };
  struct Batch {
    std::string body;
    int events;
    int32_t first, last;
    TimePoint first_attempt;
    TimePoint next_attempt;
    std::size_t next_offset = 0;  // the kRetryOffsets entry of the next attempt
  };

  // All REQUIRE mu_ held.
  WebhookState StateLocked() const;
  void DropQueued();
  std::string BatchBody(const std::vector<Queued>& events) const;

  // Both REQUIRE pump_mu_ held (not mu_: they lock it around, never across, a request).
  void RunIntent(std::vector<DeliveryAttempt>& report);
  // false when there was nothing due or the receiver failed.
  bool DeliverOne(std::vector<DeliveryAttempt>& report);

  // 20 random capital letters, like the entropy in Xero's example payloads.
  std::string Entropy() const;

  const Clock& clock_;
  RandomSource& random_;
  const WebhookOptions options_;
  const TenantFilter subscribed_;
  std::mutex pump_mu_;  // serialises DeliverDue
  mutable std::mutex mu_;
  WebhookState state_;          // GUARDED_BY(mu_) (its pending and next_attempt are computed)
  uint64_t generation_ = 0;     // bumped by Subscribe and Unsubscribe; GUARDED_BY(mu_)
  std::deque<Queued> queue_;    // GUARDED_BY(mu_)
  std::optional<Batch> batch_;  // the one being delivered; GUARDED_BY(mu_)
  int32_t next_sequence_ = 1;   // GUARDED_BY(mu_)
};

// Calls webhooks.DeliverDue() every `interval` of real time on its own thread, for the
// xero-emulator binary (tests call DeliverDue themselves). Retry times are on the emulator's clock,
// so a scaled or advanced clock makes redeliveries come sooner in real time.
class WebhookPump {
 public:
  // REQUIRES: `webhooks` outlives the pump.
  explicit WebhookPump(Webhooks& webhooks,
                       std::chrono::milliseconds interval = std::chrono::milliseconds(1'000));
  ~WebhookPump() { Stop(); }
  WebhookPump(const WebhookPump&) = delete;
  WebhookPump& operator=(const WebhookPump&) = delete;
  // Ends the thread: waits for a DeliverDue in progress (each of its requests is bounded by the
  // response timeout). Idempotent.
  void Stop();

 private:
  void Run();

  Webhooks& webhooks_;
  const std::chrono::milliseconds interval_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stop_ = false;  // GUARDED_BY(mu_)
  std::thread thread_;
};

// `api_base` without trailing '/'; kInvalidArgument unless an http:// or https:// URL with a host.
Result<std::string> NormalizeApiBase(std::string api_base);

// Adds the control routes under /_emulator/webhooks (docs/emulator.md, "Webhooks"); synthetic
// events are stamped with `clock`'s time. REQUIRES: the arguments outlive the router.
void AddWebhookRoutes(http::Router& router, Webhooks& webhooks, const Clock& clock);

}  // namespace xerosync::emulator
