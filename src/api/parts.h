#pragma once
// Internal to the REST API (api.cc): the JSON answers, the reading of request parts, and the
// store's records as JSON, shared by the route handlers. Not part of the api module's interface.
//
// Thread safety: pure functions.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "api/api.h"
#include "core/json.h"
#include "http/http.h"
#include "store/records.h"
#include "xero/wire_time.h"

namespace xerosync::api {

using http::Request;
using http::Response;

// ---- responses ----

Response JsonResponse(int status, const Json& body);

Response ErrorResponse(int status, std::string_view code, std::string_view message,
                       std::string_view field = {});

Response StatusResponse(const Status& status);

Response BadRequest(std::string_view message, std::string_view field = {});

inline Json Str(std::string_view text) { return Json::String(std::string(text)); }

inline Json Time(TimePoint time) { return Json::String(xero::FormatIsoTimestamp(time)); }

// ---- request parts ----

// The request's body as a JSON object; a 400 or 413 response otherwise.
std::variant<Json, Response> BodyObject(const Request& request, const ApiContext& context,
                                        bool empty_is_object = false);

// A non-negative integer query parameter (default when absent); nullopt when malformed.
std::optional<int64_t> IntQuery(const Request& request, std::string_view name, int64_t fallback);

std::optional<int64_t> IdParam(const Request& request, std::string_view name);

// The most a listing answers at once.
inline constexpr int kMaxPageSize = 500;

// The "limit" query parameter: `fallback` when absent, else 1 to `max`; a 400 naming it otherwise.
std::variant<int, Response> LimitQuery(const Request& request, int fallback,
                                       int max = kMaxPageSize);

// An optional string member; a 400 response when it is there and not a string.
std::variant<std::optional<std::string>, Response> StringMember(const Json& body,
                                                                std::string_view name);

// Text a user gives (a mapping value, a reason, a Xero id): at most `max` bytes, without control
// characters (NULs included; a reason may have line breaks and tabs), or a 400 naming `field`.
std::optional<Response> BadText(const std::string& text, std::string_view field, std::size_t max,
                                bool multiline = false);

// ---- records as JSON ----

Json KeyJson(const store::DocumentKey& key);

Json ReportJson(const store::ErrorReport& report);

Json ErrorJson(const store::SyncError& error);

Json DocumentJson(const store::Document& document);

Json RunJson(const store::SyncRun& run);

Json OrganisationJson(const store::Organisation& org);

}  // namespace xerosync::api
