#include "api/parts.h"

#include <charconv>
#include <utility>

#include "rules/catalogue.h"

namespace xerosync::api {

Response JsonResponse(int status, const Json& body) {
  return Response::Json(status, body.Serialize());
}

Response ErrorResponse(int status, std::string_view code, std::string_view message,
                       std::string_view field) {
  Json error = Json::MakeObject();
  error.Set("code", Json::String(std::string(code)));
  error.Set("message", Json::String(std::string(message)));
  if (!field.empty()) error.Set("field", Json::String(std::string(field)));
  Json body = Json::MakeObject();
  body.Set("error", std::move(error));
  return JsonResponse(status, body);
}

Response StatusResponse(const Status& status) {
  switch (status.code()) {
    case StatusCode::kInvalidArgument:
    case StatusCode::kOutOfRange:
      return ErrorResponse(400, "invalid_argument", status.message());
    case StatusCode::kUnauthenticated:
      return ErrorResponse(401, "unauthenticated", status.message());
    case StatusCode::kPermissionDenied:
      return ErrorResponse(403, "permission_denied", status.message());
    case StatusCode::kNotFound:
      return ErrorResponse(404, "not_found", status.message());
    case StatusCode::kFailedPrecondition:
    case StatusCode::kAlreadyExists:
    case StatusCode::kAborted:
      return ErrorResponse(409, "failed_precondition", status.message());
    case StatusCode::kUnavailable:
    case StatusCode::kResourceExhausted:
    case StatusCode::kDeadlineExceeded:
      return ErrorResponse(503, "unavailable", status.message());
    default:
      return ErrorResponse(500, "internal", status.message());
  }
}

Response BadRequest(std::string_view message, std::string_view field) {
  return ErrorResponse(400, "invalid_argument", message, field);
}

std::variant<Json, Response> BodyObject(const Request& request, const ApiContext& context,
                                        bool empty_is_object) {
  if (request.body.size() > context.max_body_bytes) {
    return ErrorResponse(
        413, "payload_too_large",
        "the body is larger than " + std::to_string(context.max_body_bytes) + " bytes");
  }
  if (empty_is_object && request.body.empty()) return Json::MakeObject();
  Result<Json> json =
      Json::Parse(request.body, {.max_depth = 64, .max_bytes = context.max_body_bytes});
  if (!json.ok())
    return BadRequest("the body is not JSON: " + std::string(json.status().message()));
  if (!json->is_object()) return BadRequest("the body must be a JSON object");
  return std::move(*json);
}

std::variant<int, Response> LimitQuery(const Request& request, int fallback, int max) {
  const std::optional<int64_t> limit = IntQuery(request, "limit", fallback);
  if (!limit || *limit < 1 || *limit > max) {
    return BadRequest("must be 1 to " + std::to_string(max), "limit");
  }
  return static_cast<int>(*limit);
}

std::optional<int64_t> IntQuery(const Request& request, std::string_view name, int64_t fallback) {
  const std::optional<std::string_view> text = request.Query(name);
  if (!text) return fallback;
  int64_t value = 0;
  const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (error != std::errc() || end != text->data() + text->size() || value < 0) return std::nullopt;
  return value;
}

std::optional<int64_t> IdParam(const Request& request, std::string_view name) {
  const std::string_view text = request.Param(name);
  int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value <= 0) return std::nullopt;
  return value;
}

std::variant<std::optional<std::string>, Response> StringMember(const Json& body,
                                                                std::string_view name) {
  const Json* value = body.Find(name);
  if (value == nullptr || value->is_null()) return std::optional<std::string>();
  if (!value->is_string()) return BadRequest("must be a string", name);
  return std::optional<std::string>(value->AsString());
}

std::optional<Response> BadText(const std::string& text, std::string_view field, std::size_t max,
                                bool multiline) {
  if (text.size() > max) return BadRequest("at most " + std::to_string(max) + " characters", field);
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 || u == 0x7f) && !(multiline && (c == '\n' || c == '\t' || c == '\r'))) {
      return BadRequest("must not contain control characters", field);
    }
  }
  return std::nullopt;
}

Json KeyJson(const store::DocumentKey& key) {
  Json json = Json::MakeObject();
  json.Set("kind", Str(store::DocumentKindName(key.kind)));
  json.Set("host_id", Str(key.host_id));
  return json;
}

Json ReportJson(const store::ErrorReport& report) {
  Json json = Json::MakeObject();
  json.Set("code", Str(report.code));
  json.Set("message", Str(report.message));
  json.Set("fix", Str(report.fix));
  // Where the catalogue explains the code (docs/errors.md has one anchor per code).
  json.Set("docs", Str("docs/errors.md#" + report.code));
  Json xero = Json::MakeArray();
  for (const std::string& m : report.xero_messages) xero.Append(Str(m));
  json.Set("xero_messages", std::move(xero));
  json.Set("correlation_id", report.correlation_id ? Str(*report.correlation_id) : Json::Null());
  return json;
}

Json ErrorJson(const store::SyncError& error) {
  Json json = ReportJson(error.report);
  json.Set("id", Json::Integer(error.id));
  json.Set("document_id", Json::Integer(error.document_id));
  json.Set("status", Str(store::ErrorStatusName(error.status)));
  json.Set("first_seen", Time(error.first_seen));
  json.Set("last_seen", Time(error.last_seen));
  json.Set("attempts", Json::Integer(error.attempts));
  json.Set("closed_reason", Str(error.closed_reason));
  json.Set("closed_by", Str(error.closed_by));
  return json;
}

Json DocumentJson(const store::Document& document) {
  Json json = Json::MakeObject();
  json.Set("id", Json::Integer(document.id));
  json.Set("kind", Str(store::DocumentKindName(document.kind)));
  json.Set("host_id", Str(document.host_id));
  json.Set("version", Json::Integer(document.version));
  json.Set("operation", Str(store::OperationName(document.operation)));
  json.Set("state", Str(store::DocumentStateName(document.state)));
  json.Set("xero_id", document.xero_id ? Str(*document.xero_id) : Json::Null());
  json.Set("synced_version",
           document.synced_version ? Json::Integer(*document.synced_version) : Json::Null());
  json.Set("blocked_by", document.blocked_by ? KeyJson(*document.blocked_by) : Json::Null());
  json.Set("tries", Json::Integer(document.tries));
  json.Set("accepted_at", Time(document.accepted_at));
  json.Set("updated_at", Time(document.updated_at));
  return json;
}

Json RunJson(const store::SyncRun& run) {
  Json json = Json::MakeObject();
  json.Set("id", Json::Integer(run.id));
  json.Set("trigger", Str(store::RunTriggerName(run.trigger)));
  json.Set("outcome", Str(store::RunOutcomeName(run.outcome)));
  json.Set("started_at", Time(run.started_at));
  json.Set("finished_at", run.finished_at ? Time(*run.finished_at) : Json::Null());
  Json counts = Json::MakeObject();
  counts.Set("synced", Json::Integer(run.counts.synced));
  counts.Set("failed", Json::Integer(run.counts.failed));
  counts.Set("blocked", Json::Integer(run.counts.blocked));
  counts.Set("paused", Json::Integer(run.counts.paused));
  counts.Set("api_calls", Json::Integer(run.counts.api_calls));
  json.Set("counts", std::move(counts));
  json.Set("joined", Json::Bool(run.joined));
  json.Set("detail", Str(run.detail));
  return json;
}

Json OrganisationJson(const store::Organisation& org) {
  Json json = Json::MakeObject();
  json.Set("tenant_id", Str(org.tenant.value()));
  json.Set("name", Str(org.name));
  json.Set("paused", Json::Bool(org.paused_reason.has_value()));
  json.Set("paused_reason", org.paused_reason ? Str(*org.paused_reason) : Json::Null());
  json.Set("paused_code", org.paused_code ? Str(*org.paused_code) : Json::Null());
  json.Set("paused_until", org.paused_until ? Time(*org.paused_until) : Json::Null());
  return json;
}

}  // namespace xerosync::api
