#pragma once
// The diagnostics bundle of a sync error (ERRORS.md, "copy diagnostics"): a short text a user
// copies for support, enough for Xero's support and ours to find the call (the error's code and
// times, how many tries, Xero's correlation id, a summary of the request) and nothing personal or
// secret: never a payload, a token, an email address, a name or a postal address. So the bundle
// names the document only by its kind and the business app's id, gives the catalogue's title
// rather than the error's message (which quotes Xero's words, and they can quote a contact's
// name), and the request's path without its query or host.
//
//   std::string text = DiagnosticsBundle(input);  // "xerosync diagnostics\ncode: ..."
//
// Thread safety: pure functions.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"

namespace xerosync::rules {

// The request that carried the document, as support needs it (stored with the error).
struct RequestSummary {
  std::string method;              // "PUT"
  std::string path;                // "/api.xro/2.0/Invoices"; RequestPath() makes it from a URL
  std::optional<int> http_status;  // Xero's answer's status; none when no answer came
  int64_t documents = 0;           // how many documents the request carried
};

// The path of `url` alone: no scheme, no user or password, no host, no query, no fragment (a
// query can carry secrets or personal values, e.g. a where filter on a contact's name).
std::string RequestPath(std::string_view url);

struct DiagnosticsInput {
  int64_t error_id = 0;
  std::string_view code;          // the catalogue code
  std::string_view organisation;  // the tenant id (a Xero GUID)
  std::string_view status;        // "open", "resolved", "archived"
  TimePoint first_seen{};
  TimePoint last_seen{};
  int attempts = 0;
  std::string_view document_kind;                  // "invoice"
  std::string_view document_host_id;               // the business app's id of the document
  std::optional<std::string_view> correlation_id;  // Xero-Correlation-Id of Xero's answer
  std::optional<RequestSummary> request;
};

// The bundle, one "name: value" line each; values are reduced to characters that cannot carry
// an email address or spaces (an id with an '@' or a space is dropped from the bundle).
std::string DiagnosticsBundle(const DiagnosticsInput& input);

}  // namespace xerosync::rules
