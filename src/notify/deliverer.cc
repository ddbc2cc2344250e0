#include "notify/deliverer.h"

#include <cassert>
#include <cstdio>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/json.h"
#include "notify/config.h"
#include "notify/signature.h"

namespace xerosync::notify {
namespace {

int64_t UnixSeconds(TimePoint at) {
  return std::chrono::duration_cast<std::chrono::seconds>(at.time_since_epoch()).count();
}

}  // namespace

Status ValidateDelivererOptions(const DelivererOptions& options) {
  if (options.max_tries < 1) return InvalidArgumentError("max_tries must be at least 1");
  if (options.batch < 1) return InvalidArgumentError("batch must be at least 1");
  if (options.first_backoff <= Duration::zero()) {
    return InvalidArgumentError("first_backoff must be positive");
  }
  if (options.max_backoff < options.first_backoff) {
    return InvalidArgumentError("max_backoff must be at least first_backoff");
  }
  if (options.timeout <= std::chrono::milliseconds::zero()) {
    return InvalidArgumentError("timeout must be positive");
  }
  if (options.keep_delivered < Duration::zero()) {
    return InvalidArgumentError("keep_delivered must not be negative");
  }
  if (options.owner.empty()) return InvalidArgumentError("owner must not be empty");
  if (options.lease_ttl <= options.timeout) {
    return InvalidArgumentError("lease_ttl must be longer than timeout");
  }
  return OkStatus();
}

WebhookDeliverer::WebhookDeliverer(store::Store& store, const xero::TokenCipher& cipher,
                                   const Clock& clock, DelivererOptions options, Sender sender)
    : store_(store),
      cipher_(cipher),
      clock_(clock),
      options_(std::move(options)),
      sender_(std::move(sender)) {
  assert(ValidateDelivererOptions(options_).ok());
}

std::string WebhookDeliverer::Body(const store::OutboxEvent& event) {
  // The data was written by the store as JSON; should it not parse, it goes as a string rather
  // than as broken JSON.
  Result<Json> data = Json::Parse(event.data);
  return Json::MakeObject({{"id", Json::String(event.event_id)},
                           {"type", Json::String(event.type)},
                           {"created_at", Json::String(FormatRfc3339Seconds(event.created_at))},
                           {"organisation", Json::String(event.organisation.value())},
                           {"data", data.ok() ? *data : Json::String(event.data)}})
      .Serialize();
}

Duration WebhookDeliverer::BackoffAfter(int tries) const {
  Duration wait = options_.first_backoff;
  for (int i = 1; i < tries && wait < options_.max_backoff; ++i) wait *= 2;
  return std::min(wait, options_.max_backoff);
}

Result<DeliveryReport> WebhookDeliverer::DeliverDue() {
  DeliveryReport report;
  ASSIGN_OR_RETURN(std::optional<WebhookConfig> config, LoadWebhookConfig(store_, cipher_));
  if (!config.has_value()) return report;
  const TimePoint now = clock_.Now();
  ASSIGN_OR_RETURN(const bool held, store_.TryAcquireLease(kDelivererLease, options_.owner, now,
                                                           options_.lease_ttl));
  if (!held) {
    report.busy = true;
    return report;
  }
  Result<DeliveryReport> sent = SendDue(*config, now, report);
  // Given up even on error, so that another deliverer need not wait for the lease to expire.
  const Status released = store_.ReleaseLease(kDelivererLease, options_.owner);
  if (!sent.ok()) return sent;
  RETURN_IF_ERROR(released);
  return sent;
}

Result<DeliveryReport> WebhookDeliverer::SendDue(const WebhookConfig& config, TimePoint now,
                                                 DeliveryReport report) {
  ASSIGN_OR_RETURN(std::vector<store::OutboxEvent> due, store_.DueEvents(now, options_.batch));
  for (const store::OutboxEvent& event : due) {
    // Renewed before each send (a send may take the whole timeout); lost: another deliverer took
    // over after this one stalled, and the rest is its to send.
    ASSIGN_OR_RETURN(
        const bool still_held,
        store_.TryAcquireLease(kDelivererLease, options_.owner, clock_.Now(), options_.lease_ttl));
    if (!still_held) {
      report.busy = true;
      return report;
    }
    http::ClientRequest request;
    request.method = "POST";
    request.url = config.url;
    request.body = Body(event);
    request.timeout = options_.timeout;
    request.headers.Set("Content-Type", "application/json");
    request.headers.Set(std::string(kEventIdHeader), event.event_id);
    request.headers.Set(std::string(kSignatureHeader),
                        SignWebhook(config.secret, UnixSeconds(clock_.Now()), request.body));
    request.headers.Set("User-Agent", "xerosync-webhooks/1");

    Result<http::ClientResponse> answer = sender_(request);
    if (answer.ok() && answer->status >= 200 && answer->status < 300) {
      RETURN_IF_ERROR(store_.MarkEventDelivered(event.id, clock_.Now()));
      ++report.delivered;
      continue;
    }
    // The failure as the outbox shows it: the status, or why no answer came (the URL is
    // configuration, not a secret; the body may name documents and is not kept).
    const std::string error =
        answer.ok() ? "HTTP " + std::to_string(answer->status) : answer.status().ToString();
    const int tries = event.attempts + 1;
    std::optional<TimePoint> retry_at;
    if (tries < options_.max_tries) retry_at = clock_.Now() + BackoffAfter(tries);
    RETURN_IF_ERROR(store_.MarkEventFailed(event.id, error, retry_at));
    ++(retry_at.has_value() ? report.retrying : report.given_up);
  }
  ASSIGN_OR_RETURN(report.pruned, store_.PruneDeliveredEvents(now - options_.keep_delivered));
  return report;
}

}  // namespace xerosync::notify
