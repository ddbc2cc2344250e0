#include "xero/xero_error.h"

#include <algorithm>
#include <cctype>
#include <string>
#include <utility>

#include "core/text.h"

namespace xerosync::xero {
namespace {

bool ContainsIgnoringCase(std::string_view text, std::string_view needle) {
  return AsciiLowered(text).find(AsciiLowered(needle)) != std::string::npos;
}

// Xero's JSON, by its Content-Type; without one, by its first character.
bool LooksLikeJson(std::string_view body, std::string_view content_type) {
  if (!content_type.empty()) return ContainsIgnoringCase(content_type, "json");
  const std::size_t first = body.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && (body[first] == '{' || body[first] == '[');
}

bool LooksLikeHtml(std::string_view body, std::string_view content_type) {
  if (ContainsIgnoringCase(content_type, "html")) return true;
  const std::size_t first = body.find_first_not_of(" \t\r\n");
  return content_type.empty() && first != std::string_view::npos && body[first] == '<';
}

// Drops tags (and the insides of <script> and <style>), decodes the few entities error pages use.
std::string HtmlText(std::string_view html) {
  std::string out;
  std::size_t i = 0;
  while (i < html.size()) {
    if (html[i] == '<') {
      const std::size_t close = html.find('>', i);
      if (close == std::string_view::npos) break;
      const std::string tag = AsciiLowered(html.substr(i + 1, close - i - 1));
      i = close + 1;
      for (const std::string_view skipped : {"script", "style"}) {
        if (tag.starts_with(skipped)) {
          const std::size_t end = AsciiLowered(html.substr(i)).find("</" + std::string(skipped));
          i = end == std::string::npos ? html.size() : i + end;
        }
      }
      out += ' ';
      continue;
    }
    if (html[i] == '&') {
      bool decoded = false;
      for (const auto& [entity, text] : {std::pair{"&amp;", "&"},
                                         {"&lt;", "<"},
                                         {"&gt;", ">"},
                                         {"&quot;", "\""},
                                         {"&#39;", "'"},
                                         {"&nbsp;", " "}}) {
        if (html.substr(i).starts_with(entity)) {
          out += text;
          i += std::string_view(entity).size();
          decoded = true;
          break;
        }
      }
      if (decoded) continue;
    }
    out += html[i++];
  }
  return out;
}

std::string CollapseWhiteSpace(std::string_view text) {
  std::string out;
  bool space = false;
  for (const char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string Seconds(std::chrono::seconds s) { return std::to_string(s.count()) + "s"; }

struct Verdict {
  StatusCode code;
  XeroErrorReason reason;
  bool retryable;
};

// The table in xero_error.h, for an answer with an error status.
Verdict ForStatus(const XeroError& e, std::string_view body) {
  using R = XeroErrorReason;
  const int s = e.http_status;
  const std::string_view detail = e.detail ? std::string_view(*e.detail) : std::string_view();
  if (s >= 400 && s <= 499 && e.oauth_error) {
    if (e.type == "invalid_grant") return {StatusCode::kUnauthenticated, R::kInvalidGrant, false};
    if (e.type == "invalid_client" || e.type == "unauthorized_client") {
      return {StatusCode::kUnauthenticated, R::kInvalidClient, false};
    }
    return {StatusCode::kInvalidArgument, R::kBadRequest, false};
  }
  switch (s) {
    case 400:
      if (e.type == "ValidationException")
        return {StatusCode::kInvalidArgument, R::kValidation, false};
      if (e.type == "PostDataInvalidException") {
        return {StatusCode::kInvalidArgument, R::kMalformedRequest, false};
      }
      return {StatusCode::kInvalidArgument, R::kBadRequest, false};
    case 401:
      if (ContainsIgnoringCase(detail, "TokenExpired") ||
          ContainsIgnoringCase(body, "token_expired")) {
        return {StatusCode::kUnauthenticated, R::kTokenExpired, true};
      }
      if (ContainsIgnoringCase(detail, "AuthorizationUnsuccessful")) {
        return {StatusCode::kPermissionDenied, R::kMissingScope, false};
      }
      return {StatusCode::kUnauthenticated, R::kUnauthenticated, false};
    case 403:
      return {StatusCode::kPermissionDenied, R::kRevoked, false};
    case 404:
      return {StatusCode::kNotFound, R::kNotFound, false};
    case 405:
    case 501:
      return {StatusCode::kUnimplemented, R::kUnsupported, false};
    case 409:
      return {StatusCode::kAborted, R::kConflict, false};
    case 412:
      return {StatusCode::kFailedPrecondition, R::kPreconditionFailed, false};
    case 429:
      return {StatusCode::kResourceExhausted, R::kRateLimited, true};
    case 500:
      return {StatusCode::kInternal, R::kServerError, true};
    default:
      break;
  }
  if (s == 503 && (ContainsIgnoringCase(body, "organisation is offline") ||
                   ContainsIgnoringCase(body, "organization is offline"))) {
    return {StatusCode::kUnavailable, R::kOrganisationOffline, true};
  }
  if (s == 503 && (ContainsIgnoringCase(body, "rate limit exceeded") ||
                   ContainsIgnoringCase(body, "rate%20limit%20exceeded"))) {
    return {StatusCode::kResourceExhausted, R::kRateLimited, true};
  }
  if (s >= 500 && s <= 599) return {StatusCode::kUnavailable, R::kUnavailable, true};
  if (s >= 400 && s <= 499) return {StatusCode::kInvalidArgument, R::kBadRequest, false};
  return {StatusCode::kUnknown, R::kUnexpectedStatus, false};
}

// Fills type, message, elements and detail from Xero's JSON; false when the body is not JSON
// either decoder understands.
bool ReadJsonBody(std::string_view body, XeroError& e) {
  if (Result<ApiException> exception = DecodeApiException(body); exception.ok()) {
    e.type = std::move(exception->type);
    e.message = std::move(exception->message);
    e.elements = std::move(exception->elements);
    return true;
  }
  // The identity service's OAuth2 errors (RFC 6749 §5.2): {"error":"invalid_grant"}.
  if (Result<Json> json = Json::Parse(body); json.ok() && json->is_object()) {
    const Json* error = json->Find("error");
    if (error != nullptr && error->is_string()) {
      e.type = error->AsString();
      e.oauth_error = true;
      if (const Json* text = json->Find("error_description"); text && text->is_string()) {
        e.message = text->AsString();
      }
      return true;
    }
  }
  if (Result<ProblemDetails> problem = DecodeProblemDetails(body); problem.ok()) {
    if (problem->type) e.type = *problem->type;
    if (problem->title) e.message = *problem->title;
    e.detail = problem->detail;
    return true;
  }
  return false;
}

}  // namespace

std::string_view XeroErrorReasonName(XeroErrorReason reason) {
  using R = XeroErrorReason;
  switch (reason) {
    case R::kValidation:
      return "validation";
    case R::kMalformedRequest:
      return "malformed_request";
    case R::kBadRequest:
      return "bad_request";
    case R::kInvalidGrant:
      return "invalid_grant";
    case R::kInvalidClient:
      return "invalid_client";
    case R::kTokenExpired:
      return "token_expired";
    case R::kUnauthenticated:
      return "unauthenticated";
    case R::kMissingScope:
      return "missing_scope";
    case R::kRevoked:
      return "revoked";
    case R::kNotFound:
      return "not_found";
    case R::kUnsupported:
      return "unsupported";
    case R::kConflict:
      return "conflict";
    case R::kPreconditionFailed:
      return "precondition_failed";
    case R::kRateLimited:
      return "rate_limited";
    case R::kServerError:
      return "server_error";
    case R::kOrganisationOffline:
      return "organisation_offline";
    case R::kUnavailable:
      return "unavailable";
    case R::kUnexpectedStatus:
      return "unexpected_status";
    case R::kNotSent:
      return "not_sent";
    case R::kAmbiguous:
      return "ambiguous";
    case R::kNotConnected:
      return "not_connected";
  }
  return "unexpected_status";
}

std::string BodyExcerpt(std::string_view body, std::string_view content_type) {
  std::string text =
      CollapseWhiteSpace(LooksLikeHtml(body, content_type) ? HtmlText(body) : std::string(body));
  if (text.size() <= XeroError::kExcerptBytes) return text;
  std::size_t cut = XeroError::kExcerptBytes;
  // Never split a UTF-8 sequence: back up over continuation bytes.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  text.resize(cut);
  return text + "...";
}

std::optional<XeroError> ClassifyResponse(const HttpResponse& response) {
  const int s = response.status;
  if ((s >= 200 && s <= 299) || s == 304) return std::nullopt;
  XeroError e;
  e.http_status = s;
  e.content_type = std::string(response.Header("Content-Type").value_or(""));
  if (const auto id = response.Header("Xero-Correlation-Id")) e.correlation_id = std::string(*id);
  e.rate_limits = ParseRateLimitHeaders(response);
  const bool understood =
      LooksLikeJson(response.body, e.content_type) && ReadJsonBody(response.body, e);
  if (!understood) e.body_excerpt = BodyExcerpt(response.body, e.content_type);
  const Verdict verdict = ForStatus(e, response.body);
  e.code = verdict.code;
  e.reason = verdict.reason;
  e.retryable = verdict.retryable;
  if (e.reason == XeroErrorReason::kRateLimited) {
    e.rate_limit = e.rate_limits.problem;
    e.retry_after = e.rate_limits.retry_after;
  }
  return e;
}

XeroError ClassifyTransportError(const TransportError& error) {
  XeroError e;
  e.transport_message = error.message;
  if (error.failure == TransportFailure::kNotSent &&
      error.code == StatusCode::kFailedPrecondition) {
    e.code = error.code;
    e.reason = XeroErrorReason::kNotConnected;
  } else if (error.failure == TransportFailure::kNotSent &&
             error.code == StatusCode::kResourceExhausted) {
    e.code = error.code;
    e.reason = XeroErrorReason::kRateLimited;
    e.retryable = true;
  } else if (error.failure == TransportFailure::kNotSent) {
    e.code = StatusCode::kUnavailable;
    e.reason = XeroErrorReason::kNotSent;
    e.retryable = true;
  } else {
    e.code = StatusCode::kUnknown;
    e.reason = XeroErrorReason::kAmbiguous;
    e.ambiguous = true;
  }
  return e;
}

XeroResult ClassifyResult(TransportResult result) {
  if (auto* error = std::get_if<TransportError>(&result)) return ClassifyTransportError(*error);
  auto& response = std::get<HttpResponse>(result);
  if (std::optional<XeroError> error = ClassifyResponse(response)) return std::move(*error);
  return std::move(response);
}

std::vector<std::string> XeroError::Messages() const {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < elements.size(); ++i) {
    for (const ValidationMessage& m : elements[i]) {
      std::string where = "Elements[" + std::to_string(i) + "]";
      if (!m.path.empty()) where += "." + m.path;
      out.push_back(where + ": " + m.message);
    }
  }
  return out;
}

std::string XeroError::Summary() const {
  std::string out;
  if (http_status != 0) {
    out = "Xero answered " + std::to_string(http_status) + " (" +
          std::string(XeroErrorReasonName(reason)) + ")";
  } else if (ambiguous) {
    out = "no answer from Xero, and the request may have reached it (ambiguous)";
  } else {
    out = "the request did not reach Xero (not sent)";
  }
  auto add = [&out](std::string_view part) {
    if (!part.empty()) out += std::string("; ") + std::string(part);
  };
  if (!type.empty()) add(type);
  add(message);
  if (detail) add(*detail);
  const std::vector<std::string> messages = Messages();
  constexpr std::size_t kShown = 5;
  for (std::size_t i = 0; i < messages.size() && i < kShown; ++i) add(messages[i]);
  if (messages.size() > kShown) add("and " + std::to_string(messages.size() - kShown) + " more");
  add(body_excerpt);
  add(transport_message);
  if (rate_limit != RateLimitProblem::kNone) {
    add(std::string(RateLimitProblemName(rate_limit)) + " limit");
  }
  if (retry_after) add("retry after " + Seconds(*retry_after));
  if (correlation_id) add("Xero-Correlation-Id " + *correlation_id);
  return out;
}

Status XeroError::ToStatus() const { return Status(code, Summary()); }

bool XeroError::MaySendAgain(std::string_view method) const {
  return retryable || (ambiguous && (method == "GET" || method == "HEAD"));
}

}  // namespace xerosync::xero
