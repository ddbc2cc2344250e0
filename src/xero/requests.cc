#include "xero/requests.h"

#include <chrono>

#include "xero/wire.h"
#include "xero/wire_time.h"

namespace xerosync::xero {
namespace {

bool Unreserved(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

void AddCommonHeaders(const ApiCaller& caller, HttpRequest& request) {
  request.headers.emplace_back("Authorization", "Bearer " + caller.access_token);
  request.headers.emplace_back("xero-tenant-id", caller.tenant_id);
  request.headers.emplace_back("Accept", "application/json");
}

// Xero's words from an error body: the exception's Message, the first element's first message,
// or the ProblemDetails' Detail or Title; else the start of the body.
std::string MessageOf(const HttpResponse& response) {
  if (Result<ApiException> e = DecodeApiException(response.body); e.ok()) {
    std::string text = e->type + ": " + e->message;
    if (!e->elements.empty() && !e->elements.front().empty()) {
      text += " (" + e->elements.front().front().message + ")";
    }
    return text;
  }
  if (Result<ProblemDetails> p = DecodeProblemDetails(response.body); p.ok()) {
    if (p->detail) return *p->detail;
    if (p->title) return *p->title;
  }
  constexpr std::size_t kMaxQuoted = 200;
  return response.body.substr(0, kMaxQuoted);
}

}  // namespace

std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() + text.size() / 2);
  for (const char c : text) {
    if (Unreserved(c)) {
      out += c;
    } else {
      const auto byte = static_cast<unsigned char>(c);
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0xF];
    }
  }
  return out;
}

std::string WhereString(std::string_view value) {
  std::string out = "\"";
  for (const char c : value) {
    if (c == '"') out += '"';  // doubled: Dynamic LINQ's escape
    out += c;
  }
  out += '"';
  return out;
}

std::string WhereEquals(std::string_view field, std::string_view value) {
  return std::string(field) + "==" + WhereString(value);
}

std::string FormatModifiedSince(TimePoint since) {
  return FormatIsoTimestamp(std::chrono::floor<std::chrono::seconds>(since));
}

Status CheckIdempotencyKey(std::string_view key) {
  if (key.empty()) return InvalidArgumentError("an Idempotency-Key cannot be empty");
  if (key.size() > kMaxIdempotencyKey) {
    return InvalidArgumentError("the Idempotency-Key is " + std::to_string(key.size()) +
                                " characters long; Xero takes at most " +
                                std::to_string(kMaxIdempotencyKey));
  }
  for (const char c : key) {
    if (c < 0x21 || c > 0x7E) {
      return InvalidArgumentError(
          "an Idempotency-Key may hold only printable ASCII characters without spaces");
    }
  }
  return OkStatus();
}

std::string AccountingUrl(const ApiCaller& caller, std::string_view path,
                          const QueryParams& query) {
  std::string url = caller.api_base;
  url += kAccountingPath;
  url += path;
  char separator = '?';
  for (const auto& [name, value] : query) {
    url += separator;
    url += PercentEncode(name);
    url += '=';
    url += PercentEncode(value);
    separator = '&';
  }
  return url;
}

HttpRequest BuildGet(const ApiCaller& caller, std::string_view path, const QueryParams& query,
                     std::optional<TimePoint> modified_since) {
  HttpRequest request;
  request.method = "GET";
  request.url = AccountingUrl(caller, path, query);
  AddCommonHeaders(caller, request);
  if (modified_since) {
    request.headers.emplace_back("If-Modified-Since", FormatModifiedSince(*modified_since));
  }
  return request;
}

Result<HttpRequest> BuildWrite(const ApiCaller& caller, std::string_view method,
                               std::string_view path, const QueryParams& query, std::string body,
                               std::string_view idempotency_key) {
  if (method != "PUT" && method != "POST") {
    return InvalidArgumentError("a write is a PUT or a POST, not " + std::string(method));
  }
  if (!idempotency_key.empty()) RETURN_IF_ERROR(CheckIdempotencyKey(idempotency_key));
  HttpRequest request;
  request.method = std::string(method);
  request.url = AccountingUrl(caller, path, query);
  AddCommonHeaders(caller, request);
  request.headers.emplace_back("Content-Type", "application/json");
  if (!idempotency_key.empty()) {
    request.headers.emplace_back("Idempotency-Key", std::string(idempotency_key));
  }
  request.body = std::move(body);
  return request;
}

Status StatusOfAnswer(const HttpResponse& response) {
  const std::string text =
      "Xero answered HTTP " + std::to_string(response.status) + ": " + MessageOf(response);
  switch (response.status) {
    case 400:
      return InvalidArgumentError(text);
    case 401:
      return UnauthenticatedError(text);
    case 403:
      return PermissionDeniedError(text);
    case 404:
      return NotFoundError(text);
    case 429:
      return ResourceExhaustedError(text);
    default:
      return response.status >= 500 ? UnavailableError(text) : UnknownError(text);
  }
}

}  // namespace xerosync::xero
