#include "rules/statuses.h"

#include <algorithm>
#include <cctype>
#include <string>

#include "core/text.h"
#include "rules/recognise.h"

namespace xerosync::rules {
namespace {

bool Contains(std::string_view text, std::string_view lower_needle) {
  return AsciiLowered(text).find(lower_needle) != std::string::npos;
}

// Sources quote the header in lower case ("minute", "day") and OAuth1-era values capitalised
// ("Daily", "Minute"): any of them naming the day is the day limit.
std::string_view RateLimitCode(std::string_view problem) {
  const std::string p = AsciiLowered(problem);
  return p == "day" || p == "daily" ? "rate_limit.day" : "rate_limit.minute";
}

std::string_view ClientErrorCode(const XeroAnswer& answer) {
  switch (answer.http_status) {
    case 401:
      // AuthenticationUnsuccessful with 401 is reported for a missing scope too (FACTS.md §1.5),
      // but the client refreshes and asks again first; what is left after that is the token.
      return Contains(answer.detail, "authorizationunsuccessful") ? "connection.missing_scope"
                                                                  : "connection.expired";
    case 403:
      return "connection.revoked";
    case 404:
      return "document.not_in_xero";
    case 413:
      return "sync.too_large";
    case 429:
      return RateLimitCode(answer.rate_limit_problem);
    default:
      break;
  }
  if (answer.http_status != 400) return "xero.request_refused";
  // A ValidationException's top-level Message (an idempotency key's reuse) may name the case;
  // its elements' messages are recognised per document (recognise.h).
  if (answer.detail == "ValidationException") return RecogniseXeroMessage(answer.body).code;
  if (!answer.body.empty()) {
    const Recognised recognised = RecogniseXeroMessage(answer.body);
    if (recognised.code != "xero.validation") return recognised.code;
  }
  return "xero.request_refused";
}

}  // namespace

std::string_view CodeForXeroAnswer(const XeroAnswer& answer) {
  const int status = answer.http_status;
  // The identity service refuses a refresh with an OAuth2 error, whatever the status (400, 401).
  if (answer.detail == "invalid_grant") return "connection.expired";
  if (status == 0) return "xero.unavailable";
  if (status >= 400 && status < 500) return ClientErrorCode(answer);
  if (status == 500) return "xero.unexpected";
  if (status == 503) {
    if (Contains(answer.body, "organisation is offline")) return "xero.organisation_offline";
    if (Contains(answer.body, "rate limit exceeded")) return "rate_limit.minute";
    return "xero.unavailable";
  }
  if (status == 501) return "xero.request_refused";
  if (status > 500) return "xero.unavailable";
  return "xero.unexpected";  // 1xx, 3xx: nothing Xero documents
}

}  // namespace xerosync::rules
