#pragma once
// Building the HTTP requests of Xero's accounting API (FACTS.md §3.1, §3.4): the headers every call
// carries, the URL with its query percent-encoded, `where` values quoted as Xero's parser reads
// them, If-Modified-Since as Xero accepts it. Pure functions: no I/O, so batching (batch.h) and
// reads (reads.h) build on them and tests and benchmarks call them directly.
//
//   ApiCaller caller{.api_base = endpoints.api, .access_token = token, .tenant_id = tenant};
//   HttpRequest get = BuildGet(caller, "/Contacts",
//                              {{"where", WhereEquals("Name", "Bob \"B\" Ltd")}});
//   ASSIGN_OR_RETURN(HttpRequest put, BuildWrite(caller, "PUT", "/Invoices",
//                                                {{"summarizeErrors", "false"}}, body, key));
//
// Thread safety: functions of values.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "core/status.h"
#include "xero/transport.h"

namespace xerosync::xero {

// Who calls, for which organisation, at which address. The access token comes from the token
// manager (oauth) and is used as given.
struct ApiCaller {
  std::string api_base;  // XeroEndpoints::api: "https://api.xero.com"
  std::string access_token;
  std::string tenant_id;  // the xero-tenant-id header
};

// The accounting API's path prefix under XeroEndpoints::api.
inline constexpr std::string_view kAccountingPath = "/api.xro/2.0";

// Xero's documented maximum for an Idempotency-Key (FACTS.md §3.1).
inline constexpr std::size_t kMaxIdempotencyKey = 128;

using QueryParams = std::vector<std::pair<std::string, std::string>>;

// Percent-encodes every byte but RFC 3986's unreserved characters (A-Z a-z 0-9 - . _ ~), so that
// '+' , '&', '=', '"', '\', spaces and non-ASCII bytes reach Xero as the characters they are.
std::string PercentEncode(std::string_view text);

// `value` as a string literal of Xero's `where` syntax: in double quotes, with each `"` doubled.
// Xero's where parser is .NET's Dynamic LINQ (its QueryParseException messages are that parser's,
// e.g. "Character literal must contain exactly one character"), whose string literals escape a
// quote by doubling it and take a backslash literally; a backslash-escaped quote is refused by Xero
// with "Syntax error" (XeroAPI/Xero-Java#347). Lookups (reads.h) check every match themselves too.
std::string WhereString(std::string_view value);
// `Field=="value"`, the value quoted by WhereString.
std::string WhereEquals(std::string_view field, std::string_view value);

// The If-Modified-Since value for `since`: ISO 8601 in UTC, to the second, rounded down
// ("2026-01-31T09:30:00Z"). Xero compares to the second (FACTS.md §3.4); rounding down can only
// return a record again, never miss one.
std::string FormatModifiedSince(TimePoint since);

// OK when `key` can be sent as an Idempotency-Key: 1 to 128 printable ASCII characters.
Status CheckIdempotencyKey(std::string_view key);

// The absolute URL of accounting `path` ("/Invoices") with `query` percent-encoded.
std::string AccountingUrl(const ApiCaller& caller, std::string_view path, const QueryParams& query);

// A GET with Authorization, xero-tenant-id and Accept, plus If-Modified-Since when given.
HttpRequest BuildGet(const ApiCaller& caller, std::string_view path, const QueryParams& query,
                     std::optional<TimePoint> modified_since = std::nullopt);

// A PUT or POST of a JSON `body` with the common headers, Content-Type and the caller's
// `idempotency_key` (none when empty). kInvalidArgument for another method or a key
// CheckIdempotencyKey refuses.
Result<HttpRequest> BuildWrite(const ApiCaller& caller, std::string_view method,
                               std::string_view path, const QueryParams& query, std::string body,
                               std::string_view idempotency_key);

// A Status for an answer that is not the success expected (any status but 200), naming the HTTP
// status and Xero's message where the body has one: 400 kInvalidArgument (ValidationException,
// QueryParseException), 401 kUnauthenticated, 403 kPermissionDenied, 404 kNotFound, 429
// kResourceExhausted, 5xx kUnavailable, else kUnknown. A coarse summary for callers of reads.h and
// batch.h; the retry decisions belong to the error classification (xero_error.h).
Status StatusOfAnswer(const HttpResponse& response);

}  // namespace xerosync::xero
