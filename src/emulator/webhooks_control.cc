// The control API's webhook routes (docs/emulator.md, "Webhooks"), in the style of control.cc:
// every answer is JSON; a body that is not what is asked for gets 400 {"error": "..."} naming the
// field, and nothing is changed then.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/json.h"
#include "emulator/control.h"
#include "emulator/webhooks.h"

namespace xerosync::emulator {
namespace {

using control_json::Answer;
using control_json::BodyObject;
using control_json::Error;

// A string member; nullopt when absent; an error when present but not a string.
Result<std::optional<std::string>> OptionalString(const Json& body, std::string_view key) {
  const Json* value = body.Find(key);
  if (value == nullptr || value->is_null()) return std::optional<std::string>();
  if (!value->is_string()) return InvalidArgumentError(std::string(key) + " must be a string");
  return std::optional<std::string>(value->AsString());
}

Result<std::string> RequiredString(const Json& body, std::string_view key) {
  ASSIGN_OR_RETURN(std::optional<std::string> value, OptionalString(body, key));
  if (!value || value->empty()) return InvalidArgumentError(std::string(key) + " is required");
  return *value;
}

int64_t Millis(TimePoint time) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
}

Json StateJson(const WebhookState& state) {
  Json body = Json::MakeObject();
  body.Set("status", Json::String(std::string(WebhookStatusName(state.status))));
  body.Set("url", Json::String(state.url));
  body.Set("key", Json::String(state.key));
  body.Set("api_base", Json::String(state.api_base));
  body.Set("delivered", Json::Integer(state.delivered));
  body.Set("delivered_events", Json::Integer(state.delivered_events));
  body.Set("failed", Json::Integer(state.failed));
  body.Set("pending", Json::Integer(state.pending));
  body.Set("dropped", Json::Integer(state.dropped));
  body.Set("last_error", Json::String(state.last_error));
  body.Set("next_attempt_ms",
           state.next_attempt ? Json::Integer(Millis(*state.next_attempt)) : Json::Null());
  return body;
}

Json AttemptJson(const DeliveryAttempt& attempt) {
  const bool intent = attempt.kind == DeliveryAttempt::Kind::kIntent;
  Json body = Json::MakeObject();
  body.Set("kind", Json::String(intent ? "intent" : "events"));
  body.Set("at_ms", Json::Integer(Millis(attempt.at)));
  body.Set("ok", Json::Bool(attempt.ok));
  body.Set("status", Json::Integer(attempt.status));
  body.Set("error", Json::String(attempt.error));
  if (intent) {
    body.Set("correctly_signed", Json::Bool(attempt.correctly_signed));
  } else {
    body.Set("events", Json::Integer(attempt.events));
    body.Set("first_sequence", Json::Integer(attempt.first_sequence));
    body.Set("last_sequence", Json::Integer(attempt.last_sequence));
  }
  return body;
}

bool OneOf(std::string_view value, std::initializer_list<std::string_view> allowed) {
  for (std::string_view a : allowed) {
    if (value == a) return true;
  }
  return false;
}

// A synthetic event from POST /_emulator/webhooks/events.
Result<ChangeEvent> SyntheticEvent(const Json& body, const Clock& clock) {
  ChangeEvent event;
  ASSIGN_OR_RETURN(event.tenant_id, RequiredString(body, "tenant"));
  ASSIGN_OR_RETURN(event.category, RequiredString(body, "category"));
  if (!OneOf(event.category, {"CONTACT", "INVOICE", "CREDITNOTE"})) {
    return InvalidArgumentError("category must be CONTACT, INVOICE or CREDITNOTE");
  }
  ASSIGN_OR_RETURN(event.type, RequiredString(body, "type"));
  if (!OneOf(event.type, {"CREATE", "UPDATE"})) {
    return InvalidArgumentError("type must be CREATE or UPDATE (Xero sends no DELETE events)");
  }
  ASSIGN_OR_RETURN(event.resource_id, RequiredString(body, "resource_id"));
  event.at = clock.Now();
  const Json* data = body.Find("data");
  if (event.category != "CREDITNOTE") {
    if (data != nullptr && !data->is_null()) {
      return InvalidArgumentError("data is sent only with CREDITNOTE events");
    }
    return event;
  }
  static constexpr char kDataShape[] =
      R"(data is required for CREDITNOTE events: {"Type":"ACCPAYCREDIT"|"ACCRECCREDIT",)"
      R"("Status":"DRAFT"|"SUBMITTED"|"DELETED"|"AUTHORISED"|"PAID"|"VOIDED"})";
  if (data == nullptr || !data->is_object()) return InvalidArgumentError(kDataShape);
  const Json* type = data->Find("Type");
  const Json* status = data->Find("Status");
  if (type == nullptr || !type->is_string() || status == nullptr || !status->is_string() ||
      !OneOf(type->AsString(), {"ACCPAYCREDIT", "ACCRECCREDIT"}) ||
      !OneOf(status->AsString(),
             {"DRAFT", "SUBMITTED", "DELETED", "AUTHORISED", "PAID", "VOIDED"})) {
    return InvalidArgumentError(kDataShape);
  }
  event.data = Json::MakeObject();
  event.data.Set("Type", *type);
  event.data.Set("Status", *status);
  return event;
}

http::Response Subscribe(Webhooks& webhooks, const http::Request& request) {
  Result<Json> body = BodyObject(request);
  if (!body.ok()) return Error(400, body.status().message());
  Result<std::string> url = RequiredString(*body, "url");
  if (!url.ok()) return Error(400, url.status().message());
  Result<std::optional<std::string>> key = OptionalString(*body, "key");
  if (!key.ok()) return Error(400, key.status().message());
  Result<std::optional<std::string>> api_base = OptionalString(*body, "api_base");
  if (!api_base.ok()) return Error(400, api_base.status().message());
  if (*api_base) {
    Result<std::string> normal = NormalizeApiBase(**api_base);
    if (!normal.ok()) return Error(400, normal.status().message());
  }
  Result<WebhookState> state = webhooks.Subscribe(std::move(*url), std::move(*key));
  if (!state.ok()) return Error(400, state.status().message());
  if (*api_base) {
    (void)webhooks.SetApiBase(std::move(**api_base));  // valid: checked above
  }
  return Answer(200, StateJson(webhooks.State()));
}

}  // namespace

void AddWebhookRoutes(http::Router& router, Webhooks& webhooks, const Clock& clock) {
  router.Add("GET", "/_emulator/webhooks",
             [&webhooks](http::Request&) { return Answer(200, StateJson(webhooks.State())); });
  router.Add("PUT", "/_emulator/webhooks",
             [&webhooks](http::Request& r) { return Subscribe(webhooks, r); });
  router.Add("DELETE", "/_emulator/webhooks", [&webhooks](http::Request&) {
    Json body = Json::MakeObject();
    body.Set("deleted", Json::Bool(webhooks.Unsubscribe()));
    return Answer(200, body);
  });
  router.Add("POST", "/_emulator/webhooks/deliver", [&webhooks](http::Request&) {
    Json attempts = Json::MakeArray();
    for (const DeliveryAttempt& attempt : webhooks.DeliverDue())
      attempts.Append(AttemptJson(attempt));
    Json body = Json::MakeObject();
    body.Set("attempts", std::move(attempts));
    body.Set("webhook", StateJson(webhooks.State()));
    return Answer(200, body);
  });
  // Emulator-only: stands in for a write, so that receivers can be tested without one.
  router.Add("POST", "/_emulator/webhooks/events", [&webhooks, &clock](http::Request& r) {
    Result<Json> body = BodyObject(r);
    if (!body.ok()) return Error(400, body.status().message());
    Result<ChangeEvent> event = SyntheticEvent(*body, clock);
    if (!event.ok()) return Error(400, event.status().message());
    Result<int32_t> sequence = webhooks.Publish(*event);
    if (!sequence.ok()) return Error(409, sequence.status().message());
    Json answer = Json::MakeObject();
    answer.Set("sequence", Json::Integer(*sequence));
    return Answer(200, answer);
  });
}

}  // namespace xerosync::emulator
