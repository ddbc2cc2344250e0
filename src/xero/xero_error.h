#pragma once
// Error classification, in one place: every answer (or missing answer) from Xero becomes either
// success or a XeroError whose canonical StatusCode says what the caller should do (core/status.h),
// with everything Xero said kept for the user and for support. Nothing else in xerosync looks at
// an HTTP status or an error body to decide whether to retry (STYLE.md 5).
//
//   XeroResult r = ClassifyResult(transport.Send(request));
//   if (const XeroError* e = std::get_if<XeroError>(&r)) return e->ToStatus();
//
// The table (docs/client.md has it with the reasons):
//
//   answer                                        code                reason               retry
//   2xx, 304                                      success
//   400 ValidationException                       kInvalidArgument    validation           no
//   400 PostDataInvalidException                  kInvalidArgument    malformed_request    no
//   400 other or not JSON                         kInvalidArgument    bad_request          no
//   4xx OAuth2 {"error":"invalid_grant"}          kUnauthenticated    invalid_grant        no
//   4xx OAuth2 {"error":"invalid_client"}         kUnauthenticated    invalid_client       no
//   4xx OAuth2 other error (invalid_request, ...) kInvalidArgument    bad_request          no
//   401 TokenExpired: ...                         kUnauthenticated    token_expired        yes*
//   401 AuthorizationUnsuccessful                 kPermissionDenied   missing_scope        no
//   401 anything else                             kUnauthenticated    unauthenticated      no
//   403 (AuthenticationUnsuccessful)              kPermissionDenied   revoked              no
//   404                                           kNotFound           not_found            no
//   405, 501                                      kUnimplemented      unsupported          no
//   409                                           kAborted            conflict             no
//   412                                           kFailedPrecondition precondition_failed  no
//   413, other 4xx                                kInvalidArgument    bad_request          no
//   429                                           kResourceExhausted  rate_limited         yes
//   500                                           kInternal           server_error         yes
//   503 "The Organisation is Offline"             kUnavailable        organisation_offline yes
//   503 "rate limit exceeded" (OAuth1 era)        kResourceExhausted  rate_limited         yes
//   502, 503, 504, other 5xx (text, HTML, JSON)   kUnavailable        unavailable          yes
//   1xx, other 3xx                                kUnknown            unexpected_status    no
//   TransportFailure::kNotSent                    kUnavailable        not_sent             yes
//   TransportFailure::kAmbiguous                  kUnknown            ambiguous            no**
//   refused before sending (client.h):
//     the connection must be connected again     kFailedPrecondition not_connected        no
//     the organisation's budget is spent          kResourceExhausted  rate_limited         yes
//
//   *  after the token manager refreshes the access token.
//   ** ambiguous: a write may have happened. Send it again only with the same Idempotency-Key, or
//      after looking in Xero. A read may be sent again.
//
// Bodies are never assumed to be JSON (FACTS.md §8.6): the status and Content-Type are checked
// first, and a plain-text or HTML body is kept as a short excerpt.
//
// Thread safety: plain values and pure functions.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/status.h"
#include "xero/rate_limit_headers.h"
#include "xero/transport.h"
#include "xero/wire.h"

namespace xerosync::xero {

// Why, in more detail than the code: what a user is told and which fix the console offers
// (ERRORS.md) depends on it.
enum class XeroErrorReason {
  kValidation,           // 400 ValidationException: messages per element
  kMalformedRequest,     // 400 PostDataInvalidException: Xero could not read the body (a bug)
  kBadRequest,           // another 4xx refusing the request as it is
  kInvalidGrant,         // identity: the code or refresh token is used, expired or revoked
  kInvalidClient,        // identity: the app's client id or secret is not accepted (configuration)
  kTokenExpired,         // 401 TokenExpired: refresh the access token
  kUnauthenticated,      // 401 otherwise: the token is not accepted; refresh, else reconnect
  kMissingScope,         // 401 AuthorizationUnsuccessful: reconnect granting the scope
  kRevoked,              // 403: the organisation was disconnected or access removed; reconnect
  kNotFound,             // 404
  kUnsupported,          // 405, 501
  kConflict,             // 409
  kPreconditionFailed,   // 412
  kRateLimited,          // 429 (see rate_limit for which limit)
  kServerError,          // 500: a failure inside Xero
  kOrganisationOffline,  // 503 "The Organisation is Offline": minutes to an hour
  kUnavailable,          // 502/503/504 and other 5xx: maintenance, an edge proxy, a gateway
  kUnexpectedStatus,     // 1xx or 3xx other than 304
  kNotSent,              // no answer, and the request never reached Xero
  kAmbiguous,            // no answer, and the request may have reached Xero
  kNotConnected,         // not sent: the connection is expired, revoked or disconnected (client.h)
};

// "validation", "token_expired", "missing_scope", "revoked", ... (stable; for logs and metrics).
std::string_view XeroErrorReasonName(XeroErrorReason reason);

struct XeroError {
  StatusCode code = StatusCode::kUnknown;
  XeroErrorReason reason = XeroErrorReason::kUnexpectedStatus;
  int http_status = 0;  // 0 when no answer came
  // Xero's exception Type ("ValidationException", "PostDataInvalidException"), or the identity
  // service's OAuth2 error code ("invalid_grant"), else "".
  std::string type;
  bool oauth_error = false;  // the body was an OAuth2 error from the identity service
  // Xero's top-level Message ("A validation exception occurred"), else the ProblemDetails Title,
  // else an OAuth2 error_description.
  std::string message;
  // ValidationErrors per element Xero echoed back, in order; each with the path inside the
  // element where Xero put it ("" the element itself, "Contact", "LineItems[0]").
  std::vector<std::vector<ValidationMessage>> elements;
  // ProblemDetails Detail ("TokenExpired: token expired at ...", "AuthorizationUnsuccessful").
  std::optional<std::string> detail;
  std::optional<std::string> correlation_id;  // the Xero-Correlation-Id header
  // On 429: which limit and how long to wait (also kept in rate_limits).
  RateLimitProblem rate_limit = RateLimitProblem::kNone;
  std::optional<std::chrono::seconds> retry_after;
  RateLimitHeaders rate_limits;  // everything the answer said about the budget
  // Sending the same request again may succeed without anyone changing anything (after
  // retry_after, a backoff, or a token refresh for kTokenExpired).
  bool retryable = false;
  // No answer came, and the request may have had its effect at Xero.
  bool ambiguous = false;
  std::string content_type;  // the answer's Content-Type, "" when none
  // A body that is not Xero's JSON (plain text, HTML, or JSON nobody understood), shortened to at
  // most kExcerptBytes with HTML tags dropped and white space collapsed.
  std::string body_excerpt;
  std::string transport_message;  // the transport's words, when no answer came

  static constexpr std::size_t kExcerptBytes = 200;

  // Every validation message, flattened: "Elements[1].Contact: The contact ... archived".
  std::vector<std::string> Messages() const;
  // One line for logs and users: "429 rate limit (minute), retry after 45s [correlation ...]".
  std::string Summary() const;
  // A Status with `code` and Summary() as its message.
  Status ToStatus() const;
  // Whether a request with this `method` may be sent again as it is (after retry_after or a
  // backoff, or a token refresh for kTokenExpired): retryable, or ambiguous but a read (GET,
  // HEAD), which has no effect to duplicate. An ambiguous write is never: resend it only with the
  // same Idempotency-Key, or after looking in Xero.
  bool MaySendAgain(std::string_view method) const;
};

// The verdict on one exchange: Xero's answer when it succeeded, else why not.
using XeroResult = std::variant<HttpResponse, XeroError>;

XeroResult ClassifyResult(TransportResult result);
// nullopt when `response` is a success (2xx, or 304).
std::optional<XeroError> ClassifyResponse(const HttpResponse& response);
XeroError ClassifyTransportError(const TransportError& error);

// A short, readable excerpt of a non-JSON body (exposed for tests and logs).
std::string BodyExcerpt(std::string_view body, std::string_view content_type);

}  // namespace xerosync::xero
