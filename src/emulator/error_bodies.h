#pragma once
// Xero's error answers for the server-side failures a client must survive (FACTS.md §4.2, §8.6):
// the 500 JSON, the 503 plain texts of an API outage, the HTML pages an outage or an edge proxy
// serves, and a Xero-like answer for any other 4xx or 5xx status. Fault injection (faults.h) and
// the emulator's own crash guard (Emulator::Handle) answer with these.
//
// Bodies marked "observed" repeat Xero's words verbatim; the HTML pages are the emulator's own
// markup with the observed titles, since their exact bytes are not recorded and no client should
// parse them. Each function returns a complete answer (status, Content-Type, body); the caller adds
// the Xero-Correlation-Id.
//
// Thread safety: plain functions.

#include <string_view>

#include "http/http.h"

namespace xerosync::emulator {

// Observed: 500 application/json
// {"Title":"An error occurred","Detail":"An error occurred in Xero. Check the API Status page
// http://status.developer.xero.com for current service status.","Status":500,"Instance":"<uuid>"}.
http::Response InternalServerError(std::string_view instance);
// 500 text/html titled "Xero | Error 500", as observed during outages.
http::Response InternalServerErrorHtml();
// Observed: 503 text/plain "The Xero API is currently offline for maintenance".
http::Response OfflineForMaintenance();
// Observed: 503 text/plain "The Xero API is temporarily unavailable".
http::Response TemporarilyUnavailable();
// 503 text/html: an edge proxy's "Service Unavailable" page (observed title and heading).
http::Response EdgeServiceUnavailable();

// A Xero-like answer for `status` (400..599), `instance` naming it where the body has an Instance:
//   400 ValidationException JSON with no elements; 401 and 403 ProblemDetails
//   "AuthenticationUnsuccessful" (FACTS.md §1.5); 404 Xero's plain text; 429 "Rate limit exceeded"
//   with X-Rate-Limit-Problem "minute" and Retry-After 60; 500 InternalServerError; 503
//   OfflineForMaintenance; 502 and 504 an edge proxy's HTML page; any other status a
//   ProblemDetails-shaped JSON {"Title":<reason>,"Detail":<reason>,"Status":N,"Instance":...}
//   (UNCONFIRMED: Xero's bodies for those are not recorded).
// REQUIRES: 400 <= status <= 599.
http::Response ErrorAnswer(int status, std::string_view instance);

}  // namespace xerosync::emulator
