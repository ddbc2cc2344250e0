#include "emulator/control.h"

#include <string>

#include "core/json.h"

namespace xerosync::emulator {
namespace {

using control_json::Answer;
using control_json::BodyObject;
using control_json::Counted;
using control_json::Error;

// A whole number member within [min, max]; `fallback` when absent.
Result<int64_t> Whole(const Json& body, std::string_view key, int64_t fallback, int64_t min,
                      int64_t max) {
  const Json* value = body.Find(key);
  if (value == nullptr) return fallback;
  Result<int64_t> n = value->AsInt64();
  if (!n.ok() || *n < min || *n > max) {
    return InvalidArgumentError(std::string(key) + " must be a whole number from " +
                                std::to_string(min) + " to " + std::to_string(max));
  }
  return *n;
}

Json ClockState(const EmulatorClock& clock) {
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(clock.Now().time_since_epoch()).count();
  Json body = Json::MakeObject();
  body.Set("now_ms", Json::Integer(ms));
  body.Set("scale", Json::Integer(clock.scale()));
  return body;
}

}  // namespace

namespace control_json {

http::Response Answer(const Json& body) { return Answer(200, body); }

http::Response Answer(int status, const Json& body) {
  return http::Response::Json(status, body.Serialize());
}

http::Response Error(int status, std::string message) {
  Json body = Json::MakeObject();
  body.Set("error", Json::String(std::move(message)));
  return Answer(status, body);
}

Result<Json> BodyObject(const http::Request& request) {
  if (request.body.empty()) return Json::MakeObject();
  ASSIGN_OR_RETURN(Json body, Json::Parse(request.body));
  if (!body.is_object()) return InvalidArgumentError("the body must be a JSON object");
  return body;
}

Json Counted(std::string_view key, int count) {
  Json body = Json::MakeObject();
  body.Set(std::string(key), Json::Integer(count));
  return body;
}

}  // namespace control_json

void AddControlRoutes(http::Router& router, EmulatorClock& clock, Identity& identity,
                      RateLimits& limits) {
  router.Add("GET", "/_emulator/clock",
             [&clock](http::Request&) { return Answer(ClockState(clock)); });
  router.Add("POST", "/_emulator/clock/advance", [&clock](http::Request& r) {
    Result<Json> body = BodyObject(r);
    if (!body.ok()) return Error(400, body.status().message());
    Result<int64_t> seconds = Whole(*body, "seconds", -1, 0, int64_t{10} * 366 * 24 * 3600);
    if (!seconds.ok()) return Error(400, seconds.status().message());
    if (*seconds < 0) return Error(400, "seconds is required");
    clock.Advance(std::chrono::seconds(*seconds));
    return Answer(ClockState(clock));
  });
  router.Add("POST", "/_emulator/clock/scale", [&clock](http::Request& r) {
    Result<Json> body = BodyObject(r);
    if (!body.ok()) return Error(400, body.status().message());
    Result<int64_t> scale = Whole(*body, "scale", 0, 1, 1'000'000);
    if (!scale.ok()) return Error(400, scale.status().message());
    if (*scale == 0) return Error(400, "scale is required");
    clock.SetScale(*scale);
    return Answer(ClockState(clock));
  });
  router.Add("POST", "/_emulator/tokens/expire", [&identity](http::Request&) {
    return Answer(Counted("expired", identity.ExpireAccessTokens()));
  });
  router.Add("POST", "/_emulator/refresh-tokens/expire", [&identity](http::Request&) {
    return Answer(Counted("expired", identity.ExpireRefreshTokens()));
  });
  router.Add("POST", "/_emulator/tenants/{tenantId}/revoke", [&identity](http::Request& r) {
    return Answer(Counted("revoked", identity.RevokeConnections(r.Param("tenantId"))));
  });
  router.Add("POST", "/_emulator/tenants/{tenantId}/spend-day", [&limits](http::Request& r) {
    Result<Json> body = BodyObject(r);
    if (!body.ok()) return Error(400, body.status().message());
    Result<int64_t> calls = Whole(*body, "calls", -1, 0, 1'000'000);
    if (!calls.ok()) return Error(400, calls.status().message());
    if (*calls < 0) return Error(400, "calls is required");
    limits.SpendDay(r.Param("tenantId"), static_cast<int>(*calls));
    return Answer(Counted("spent", static_cast<int>(*calls)));
  });
  router.Add("POST", "/_emulator/tenants/{tenantId}/reset-limits", [&limits](http::Request& r) {
    limits.Reset(r.Param("tenantId"));
    return Answer(Json::MakeObject());
  });
  router.Add("PUT", "/_emulator/rate-limits", [&limits](http::Request& r) {
    Result<Json> body = BodyObject(r);
    if (!body.ok()) return Error(400, body.status().message());
    RateLimitOptions options = limits.options();
    struct Field {
      const char* key;
      int* value;
    };
    for (const Field& f :
         {Field{"concurrent", &options.concurrent}, Field{"per_minute", &options.per_minute},
          Field{"per_day", &options.per_day}, Field{"app_per_minute", &options.app_per_minute}}) {
      Result<int64_t> n = Whole(*body, f.key, *f.value, 0, 100'000'000);
      if (!n.ok()) return Error(400, n.status().message());  // nothing changed yet
      *f.value = static_cast<int>(*n);
    }
    limits.SetOptions(options);
    Json answer = Json::MakeObject();
    answer.Set("concurrent", Json::Integer(options.concurrent));
    answer.Set("per_minute", Json::Integer(options.per_minute));
    answer.Set("per_day", Json::Integer(options.per_day));
    answer.Set("app_per_minute", Json::Integer(options.app_per_minute));
    return Answer(answer);
  });
}

}  // namespace xerosync::emulator
