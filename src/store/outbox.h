#pragma once
// The outbox of outbound webhook events (docs/observe.md, "Webhooks"): what the store records for
// the host app, in the same transaction as the change that causes it, so that an event is never
// lost across a restart nor sent for a change that was rolled back. A deliverer
// (notify/deliverer.h) sends them; at-least-once, and each carries a stable id for the receiver to
// drop duplicates.
//
// Events are recorded only while a webhook is configured (the installation setting
// kWebhookUrlSetting is present) and enabled, and only of the types chosen (kWebhookEnabledSetting,
// kWebhookEventsSetting): an installation without webhooks does not grow an outbox.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "domain/ids.h"

namespace xerosync::store {

// Installation settings (Store::PutInstallationSetting) this feature uses.
inline constexpr std::string_view kWebhookUrlSetting = "webhook.url";
// The webhook secret, sealed (xero/token_cipher.h); never stored in clear.
inline constexpr std::string_view kWebhookSecretSetting = "webhook.secret";
// "false": the user paused the webhook: no events are recorded (what is in the outbox is still
// sent). Absent or anything else: enabled.
inline constexpr std::string_view kWebhookEnabledSetting = "webhook.enabled";
// The event types the host app chose, comma-separated ("document.failed,connection.changed"); only
// those are recorded. Absent: every type.
inline constexpr std::string_view kWebhookEventsSetting = "webhook.events";
// Random hex made by migration 5: the prefix of every event id, so that ids stay unique when a
// database is recreated.
inline constexpr std::string_view kInstallationIdSetting = "installation.id";

// The event types.
inline constexpr std::string_view kDocumentSynced = "document.synced";
inline constexpr std::string_view kDocumentFailed = "document.failed";
inline constexpr std::string_view kConnectionChanged = "connection.changed";

enum class EventState { kPending, kDelivered, kFailed };
inline constexpr int kEventStateCount = 3;
// "pending", "delivered", "failed" (failed: given up after the last try; visible until retried).
std::string_view EventStateName(EventState state);
std::optional<EventState> ParseEventState(std::string_view name);

struct OutboxEvent {
  int64_t id = 0;
  std::string event_id;  // "<installation id>-<id>": the X-Xerosync-Event-Id
  domain::TenantId organisation;
  std::string type;  // kDocumentSynced, ...
  std::string data;  // the event's "data" object, JSON (docs/observe.md)
  TimePoint created_at{};
  EventState state = EventState::kPending;
  int attempts = 0;  // tries made
  TimePoint next_attempt_at{};
  std::string last_error;  // why the last try failed; "" when none did
  std::optional<TimePoint> delivered_at;
};

// Which events to list: oldest first after `after_id`, at most `limit`.
struct EventQuery {
  std::optional<EventState> state;
  int64_t after_id = 0;
  int limit = 100;
};

}  // namespace xerosync::store
