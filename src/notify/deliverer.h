#pragma once
// Sends the outbox's events (store/outbox.h) to the host app's webhook, signed
// (notify/signature.h); docs/observe.md describes the format and the retries.
//
// At-least-once: an event is marked delivered only after a 2xx answer, so a crash between the
// answer and the mark sends it again; each carries its stable id (X-Xerosync-Event-Id and "id" in
// the body) for the receiver to drop duplicates. Events are not ordered across retries: a failing
// event does not hold back later ones (each carries created_at).
//
// A failed try (no answer, or a status other than 2xx) is tried again after a backoff that starts
// at `first_backoff` and doubles up to `max_backoff`; after `max_tries` the event is failed for
// good and stays visible in the outbox (Store::ListEvents) until retried (Store::RetryEvent).
//
// Nothing here sleeps: DeliverDue sends what is due now by the injected Clock and returns; `serve`
// calls it on a timer, tests after advancing a FakeClock.
//
// Thread safety: DeliverDue may be called from several threads or processes on one database; the
// store lease kDelivererLease lets one of them send at a time.

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/result.h"
#include "http/client.h"
#include "notify/config.h"
#include "store/store.h"
#include "xero/token_cipher.h"

namespace xerosync::notify {

struct DelivererOptions {
  int max_tries = 8;                                  // tries before giving up (default 8)
  Duration first_backoff = std::chrono::seconds(30);  // wait after the first failure (default 30 s)
  Duration max_backoff = std::chrono::hours(1);  // the longest wait between tries (default 1 h)
  int batch = 50;                                // events sent per DeliverDue at most (default 50)
  std::chrono::milliseconds timeout{5'000};      // per request (default 5 s)
  // Delivered events are deleted this long after delivery (default 7 days): long enough to look
  // into a complaint, short enough that the outbox does not grow without end.
  Duration keep_delivered = std::chrono::hours(24 * 7);
  // Several processes may run a deliverer on one database: each DeliverDue holds the store lease
  // kDelivererLease as `owner` (default "deliverer"; give each process its own), renewed for
  // `lease_ttl` before each send (default 60 s; longer than `timeout`), so one sends at a time.
  std::string owner = "deliverer";
  Duration lease_ttl = std::chrono::seconds(60);
};

inline constexpr std::string_view kDelivererLease = "notify.deliverer";

// OK, or kInvalidArgument naming the first option out of range (max_tries, batch >= 1;
// durations > 0, keep_delivered >= 0; first_backoff <= max_backoff; an owner).
Status ValidateDelivererOptions(const DelivererOptions& options);

// What one DeliverDue did.
struct DeliveryReport {
  int delivered = 0;
  int retrying = 0;    // failed tries that will be tried again
  int given_up = 0;    // failed tries that were the last
  int64_t pruned = 0;  // delivered events deleted (keep_delivered)
  bool busy = false;   // another deliverer held the lease: nothing was done
};

// How a request is sent: http::Fetch in production, the same in tests (over loopback).
using Sender = std::function<Result<http::ClientResponse>(const http::ClientRequest&)>;

class WebhookDeliverer {
 public:
  // REQUIRES: every reference outlives this object; ValidateDelivererOptions(options) is OK.
  WebhookDeliverer(store::Store& store, const xero::TokenCipher& cipher, const Clock& clock,
                   DelivererOptions options = {}, Sender sender = http::Fetch);

  // Sends each due event once, oldest first, records the outcome of each try, and prunes delivered
  // events older than keep_delivered. Without a configuration nothing is sent. Errors: the
  // store's, or the configuration's (kDataLoss when the secret cannot be opened); a receiver's
  // failure is not an error here, it is in the report.
  Result<DeliveryReport> DeliverDue();

  // The JSON body of `event` as sent (docs/observe.md, "Webhooks").
  static std::string Body(const store::OutboxEvent& event);

 private:
  Duration BackoffAfter(int tries) const;
  // The body of DeliverDue, under the lease.
  Result<DeliveryReport> SendDue(const WebhookConfig& config, TimePoint now, DeliveryReport report);

  store::Store& store_;
  const xero::TokenCipher& cipher_;
  const Clock& clock_;
  const DelivererOptions options_;
  const Sender sender_;
};

}  // namespace xerosync::notify
