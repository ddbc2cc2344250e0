#pragma once
// Xero's statuses mapped to catalogue codes (catalogue.h): every status of FACTS.md §4, the auth
// failures of §1.5 (401 TokenExpired / AuthorizationUnsuccessful, 403 AuthenticationUnsuccessful,
// a refresh's invalid_grant), the 429s by X-Rate-Limit-Problem, and the meanings of 503. What the
// user reads and which fix the console offers depend on the code; the xero module classifies the
// answer for retries (xero/xero_error.h), this says what to tell a person.
//
//   XeroAnswer answer;
//   answer.http_status = 403;
//   answer.detail = "AuthenticationUnsuccessful";
//   std::string_view code = CodeForXeroAnswer(answer);
//   // code == "connection.revoked"
//
// A pure function of primitives, so that the rules do not depend on the Xero client: the caller
// passes what it has of the answer (the status, ProblemDetails' Detail or Xero's exception Type,
// the body's text, the X-Rate-Limit-Problem header).
//
// Thread safety: pure functions.

#include <string_view>

namespace xerosync::rules {

struct XeroAnswer {
  int http_status = 0;  // 0: no answer came (a network failure, a timeout)
  // ProblemDetails' Detail ("TokenExpired: token expired at ...", "AuthorizationUnsuccessful"),
  // Xero's exception Type ("ValidationException", "PostDataInvalidException"), or an OAuth2 error
  // code from the identity service ("invalid_grant"); "" when none.
  std::string_view detail;
  // The body's text when it is not Xero's JSON (plain text, HTML), or Xero's Message; "" when none.
  std::string_view body;
  // The X-Rate-Limit-Problem header of a 429 ("minute", "appminute", "day"; "" when absent).
  std::string_view rate_limit_problem;
};

// The catalogue code for `answer` (FACTS.md §4; docs/errors.md explains each):
//
//   no answer                                   xero.unavailable
//   400 ValidationException                     xero.validation (recognise.h names the message)
//   400 with a message recognise.h knows        that message's code
//   400 other, 405, 409, 412, 501, other 4xx    xero.request_refused
//   4xx invalid_grant (a refresh refused)       connection.expired
//   401 TokenExpired, 401 other                 connection.expired
//   401 AuthorizationUnsuccessful               connection.missing_scope
//   403 (AuthenticationUnsuccessful)            connection.revoked
//   404                                         document.not_in_xero
//   413                                         sync.too_large
//   429 minute, appminute, concurrent, none     rate_limit.minute
//   429 day (or OAuth1-era "Daily")             rate_limit.day
//   500 (JSON, XML or HTML)                     xero.unexpected
//   503 "The Organisation is Offline"           xero.organisation_offline
//   503 "rate limit exceeded" (OAuth1 era)      rate_limit.minute
//   502, 503 (text, HTML), 504, other 5xx       xero.unavailable
//   1xx, 3xx                                    xero.unexpected
std::string_view CodeForXeroAnswer(const XeroAnswer& answer);

}  // namespace xerosync::rules
