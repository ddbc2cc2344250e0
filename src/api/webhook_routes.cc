#include "api/webhook_routes.h"

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "access/secrets.h"
#include "api/parts.h"
#include "api/routes.h"
#include "core/json.h"
#include "http/client.h"
#include "notify/config.h"
#include "store/outbox.h"

namespace xerosync::api {
namespace {

constexpr std::array<std::string_view, 3> kTypes = {store::kDocumentSynced, store::kDocumentFailed,
                                                    store::kConnectionChanged};

struct Webhook {
  std::optional<std::string> url;
  bool secret_set = false;
  bool enabled = true;
  std::vector<std::string> events;  // every type when none was chosen
};

Result<Webhook> ReadWebhook(store::Store& store) {
  Webhook webhook;
  ASSIGN_OR_RETURN(webhook.url, store.GetInstallationSetting(store::kWebhookUrlSetting));
  ASSIGN_OR_RETURN(const std::optional<std::string> sealed,
                   store.GetInstallationSetting(store::kWebhookSecretSetting));
  webhook.secret_set = sealed.has_value();
  ASSIGN_OR_RETURN(const std::optional<std::string> enabled,
                   store.GetInstallationSetting(store::kWebhookEnabledSetting));
  webhook.enabled = enabled != "false";
  ASSIGN_OR_RETURN(const std::optional<std::string> types,
                   store.GetInstallationSetting(store::kWebhookEventsSetting));
  for (const std::string_view type : kTypes) {
    if (!types || ("," + *types + ",").find("," + std::string(type) + ",") != std::string::npos) {
      webhook.events.emplace_back(type);
    }
  }
  return webhook;
}

Json WebhookJson(const Webhook& webhook) {
  Json json = Json::MakeObject();
  json.Set("url", webhook.url ? Str(*webhook.url) : Json::Null());
  json.Set("enabled", Json::Bool(webhook.enabled));
  Json events = Json::MakeArray();
  for (const std::string& e : webhook.events) events.Append(Str(e));
  json.Set("events", std::move(events));
  json.Set("secret_set", Json::Bool(webhook.secret_set));
  return json;
}

// The webhook as JSON, with `secret` when one was just made (the only time it is shown).
Response WebhookResponse(ApiContext& context, const std::optional<std::string>& secret) {
  Result<Webhook> webhook = ReadWebhook(context.store);
  if (!webhook.ok()) return StatusResponse(webhook.status());
  Json body = WebhookJson(*webhook);
  if (secret) body.Set("secret", Str(*secret));
  return JsonResponse(200, body);
}

void Audit(ApiContext& context, const access::Principal& principal, std::string_view action,
           std::string subject, std::string detail) {
  store::AuditEntry entry;
  entry.at = context.clock.Now();
  entry.actor = principal.Actor();
  entry.action = std::string(action);
  entry.subject = std::move(subject);
  entry.detail = std::move(detail);
  // A record, not a gate: the change has happened.
  (void)context.store.AppendAudit(entry);
}

std::string NewSecret() { return access::RandomBase64Url(access::SystemRandom(), 32); }

// What a PUT asks for, checked whole before anything changes.
struct Change {
  std::optional<std::optional<std::string>> url;  // set, or (nullopt inside) removed
  std::optional<bool> enabled;
  std::optional<std::vector<std::string>> events;
};

std::variant<Change, Response> ReadChange(const Json& body) {
  Change change;
  for (const auto& [name, value] : body.AsObject()) {
    if (name == "url") {
      if (value.is_null()) {
        change.url = std::optional<std::string>();
        continue;
      }
      if (!value.is_string()) return BadRequest("must be an http:// address, or null", name);
      if (auto bad = BadText(value.AsString(), name, 2048)) return std::move(*bad);
      if (Status url = http::ParseHttpUrl(value.AsString()).status(); !url.ok()) {
        return BadRequest(url.message(), name);
      }
      change.url = std::optional<std::string>(value.AsString());
    } else if (name == "enabled") {
      if (!value.is_bool()) return BadRequest("must be true or false", name);
      change.enabled = value.AsBool();
    } else if (name == "events") {
      if (!value.is_array() || value.AsArray().empty()) {
        return BadRequest(
            "must list at least one of document.synced, document.failed, "
            "connection.changed (to send none, set enabled to false)",
            name);
      }
      std::vector<std::string> events;
      for (std::size_t i = 0; i < value.AsArray().size(); ++i) {
        const Json& e = value.AsArray()[i];
        if (!e.is_string() || std::ranges::find(kTypes, e.AsString()) == kTypes.end()) {
          return BadRequest(
              "not an event type (document.synced, document.failed, "
              "connection.changed)",
              "events[" + std::to_string(i) + "]");
        }
        if (std::ranges::find(events, e.AsString()) == events.end()) events.push_back(e.AsString());
      }
      change.events = std::move(events);
    } else {
      return BadRequest("not a webhook setting (url, enabled, events)",
                        name.size() <= 64 ? name : name.substr(0, 64));
    }
  }
  return change;
}

Response PutWebhook(ApiContext& context, const Request& request, const access::Principal& who) {
  auto parsed = BodyObject(request, context);
  if (auto* response = std::get_if<Response>(&parsed)) return std::move(*response);
  auto read = ReadChange(std::get<Json>(parsed));
  if (auto* response = std::get_if<Response>(&read)) return std::move(*response);
  const Change& change = std::get<Change>(read);
  store::Store& store = context.store;
  std::optional<std::string> made;
  std::vector<std::string> changed;
  if (change.url) {
    if (!*change.url) {
      if (Status removed = notify::RemoveWebhookConfig(store); !removed.ok()) {
        return StatusResponse(removed);
      }
      changed.emplace_back("url removed");
    } else {
      Result<std::optional<notify::WebhookConfig>> current =
          notify::LoadWebhookConfig(store, *context.cipher);
      if (!current.ok()) return StatusResponse(current.status());
      std::string secret;
      if (*current) {
        secret = (*current)->secret;
      } else {
        made = NewSecret();
        secret = *made;
      }
      if (Status saved = notify::SaveWebhookConfig(store, *context.cipher, {**change.url, secret});
          !saved.ok()) {
        return StatusResponse(saved);
      }
      changed.push_back("url " + **change.url + (made ? " (new secret)" : ""));
    }
  }
  if (change.enabled) {
    if (Status put = store.PutInstallationSetting(store::kWebhookEnabledSetting,
                                                  *change.enabled ? "" : "false");
        !put.ok()) {
      return StatusResponse(put);
    }
    changed.push_back(*change.enabled ? "enabled" : "paused");
  }
  if (change.events) {
    std::string joined;
    for (const std::string& e : *change.events) joined += (joined.empty() ? "" : ",") + e;
    // Every type chosen is kept as none chosen, so that a type added later is sent too.
    const std::string kept = change.events->size() == kTypes.size() ? "" : joined;
    if (Status put = store.PutInstallationSetting(store::kWebhookEventsSetting, kept); !put.ok()) {
      return StatusResponse(put);
    }
    changed.push_back("events " + joined);
  }
  if (!changed.empty()) {
    std::string detail;
    for (const std::string& c : changed) detail += (detail.empty() ? "" : "; ") + c;
    Audit(context, who, "webhook.change", "webhook", std::move(detail));
  }
  return WebhookResponse(context, made);
}

Response RotateSecret(ApiContext& context, const access::Principal& who) {
  Result<std::optional<notify::WebhookConfig>> current =
      notify::LoadWebhookConfig(context.store, *context.cipher);
  if (!current.ok()) return StatusResponse(current.status());
  if (!*current) {
    return ErrorResponse(409, "failed_precondition", "no webhook is configured: set its url first");
  }
  const std::string secret = NewSecret();
  if (Status saved =
          notify::SaveWebhookConfig(context.store, *context.cipher, {(*current)->url, secret});
      !saved.ok()) {
    return StatusResponse(saved);
  }
  Audit(context, who, "webhook.rotate_secret", "webhook", "a new secret was made");
  return WebhookResponse(context, secret);
}

Json EventJson(const store::OutboxEvent& event) {
  Json json = Json::MakeObject();
  json.Set("id", Json::Integer(event.id));
  json.Set("event_id", Str(event.event_id));
  json.Set("tenant_id", Str(event.organisation.value()));
  json.Set("type", Str(event.type));
  json.Set("data", Json::Parse(event.data).value_or(Json::Null()));
  json.Set("created_at", Time(event.created_at));
  json.Set("state", Str(store::EventStateName(event.state)));
  json.Set("attempts", Json::Integer(event.attempts));
  json.Set("next_attempt_at", Time(event.next_attempt_at));
  json.Set("last_error", Str(event.last_error));
  json.Set("delivered_at", event.delivered_at ? Time(*event.delivered_at) : Json::Null());
  return json;
}

Response ListEvents(ApiContext& context, const Request& request) {
  store::EventQuery query;
  if (const std::optional<std::string_view> state = request.Query("state"); state) {
    query.state = store::ParseEventState(*state);
    if (!query.state) return BadRequest("must be pending, delivered or failed", "state");
  }
  const std::optional<int64_t> after = IntQuery(request, "after", 0);
  if (!after) return BadRequest("must be an event id", "after");
  auto limit = LimitQuery(request, 100);
  if (auto* response = std::get_if<Response>(&limit)) return std::move(*response);
  query.after_id = *after;
  query.limit = std::get<int>(limit);
  Result<std::vector<store::OutboxEvent>> events = context.store.ListEvents(query);
  if (!events.ok()) return StatusResponse(events.status());
  Json list = Json::MakeArray();
  for (const store::OutboxEvent& e : *events) list.Append(EventJson(e));
  Json body = Json::MakeObject();
  body.Set("events", std::move(list));
  body.Set("next_after", static_cast<int64_t>(events->size()) == query.limit
                             ? Json::Integer(events->back().id)
                             : Json::Null());
  return JsonResponse(200, body);
}

Response Resend(ApiContext& context, const Request& request, const access::Principal& who) {
  const std::optional<int64_t> id = IdParam(request, "id");
  if (!id) return BadRequest("must be an event id", "id");
  if (Status retried = context.store.RetryEvent(*id, context.clock.Now()); !retried.ok()) {
    return StatusResponse(retried);
  }
  Result<std::vector<store::OutboxEvent>> events =
      context.store.ListEvents({.state = std::nullopt, .after_id = *id - 1, .limit = 1});
  if (!events.ok()) return StatusResponse(events.status());
  if (events->empty() || events->front().id != *id) {
    return ErrorResponse(404, "not_found", "no event " + std::to_string(*id));
  }
  Audit(context, who, "webhook.resend", events->front().event_id, events->front().type);
  return JsonResponse(200, EventJson(events->front()));
}

}  // namespace

void AddWebhookRoutes(http::Router& router, ApiContext& context) {
  AddInstallationRoute(router, context, "GET", "/api/v1/webhooks", Permission::kSettings,
                       [&context](Request&, const access::Principal&) {
                         return WebhookResponse(context, std::nullopt);
                       });
  AddInstallationRoute(router, context, "PUT", "/api/v1/webhooks", Permission::kSettings,
                       [&context](Request& request, const access::Principal& who) {
                         return PutWebhook(context, request, who);
                       });
  AddInstallationRoute(
      router, context, "POST", "/api/v1/webhooks/rotate-secret", Permission::kSettings,
      [&context](Request&, const access::Principal& who) { return RotateSecret(context, who); });
  AddInstallationRoute(router, context, "GET", "/api/v1/webhooks/events", Permission::kSettings,
                       [&context](Request& request, const access::Principal&) {
                         return ListEvents(context, request);
                       });
  AddInstallationRoute(router, context, "POST", "/api/v1/webhooks/events/{id}/resend",
                       Permission::kSettings,
                       [&context](Request& request, const access::Principal& who) {
                         return Resend(context, request, who);
                       });
}

}  // namespace xerosync::api
