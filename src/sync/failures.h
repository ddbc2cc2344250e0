#pragma once
// What the engine tells a person about a failed call to Xero (docs/sync.md, "Errors and
// pauses"): the catalogue code of a failure (rules/statuses.h), whether it pauses the organisation,
// and the error reports made from Xero's answers, each with Xero's correlation id and a summary of
// the request (for the diagnostics bundle, rules/diagnostics.h).
//
// A failure reaches the engine as a Status (reads.h, batch.h): its canonical code says what to do,
// and its message — the one place the engine reads it, CodeOfFailure — says which case it is: the
// HTTP status and Xero's Detail ("Xero answered HTTP 401: AuthorizationUnsuccessful",
// xero/requests.h StatusOfAnswer), or the state of a connection the client refused to use
// ("connection acme is expired: ...", xero/token_manager.h).
//
// Thread safety: pure functions, but TransientOutcome (see there).

#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "core/status.h"
#include "store/records.h"
#include "store/store.h"
#include "sync/retry.h"
#include "xero/batch.h"

namespace xerosync::sync {

// The catalogue code for a failed call: `status` as reads.h and batch.h give it, `http_status`
// when the request was answered, `parked` when the organisation's day budget is spent (the client
// refuses calls until the window resets).
std::string_view CodeOfFailure(const Status& status, std::optional<int> http_status, bool parked);

// A failed request, as support needs it.
struct RequestFailure {
  Status status;
  std::optional<int> http_status;
  std::optional<std::string> correlation_id;
  store::RequestSummary request;
};

// The request summary of `count` documents sent with `method` to `url` (its path only).
store::RequestSummary SummaryOf(std::string_view method, std::string_view url,
                                std::optional<int> http_status, std::size_t count);

// The failure of `result`, one of `count` documents sent with `method`.
template <typename T>
RequestFailure FailureOf(std::string_view method, const xero::DocumentResult<T>& result,
                         std::size_t count) {
  return {result.status, result.http_status, result.correlation_id,
          SummaryOf(method, result.url, result.http_status, count)};
}

// The error for `document` after `failure` (a transient one shown after `tries` tries, or a
// request refused as a whole): its catalogue code (xero.unavailable for a 503 or no answer,
// xero.unexpected for a 500, document.not_in_xero for a 404, ...), message and fix, with the
// correlation id and the request.
store::ErrorReport FailureReport(const store::Document& document, const RequestFailure& failure,
                                 int tries);

// `report` (made from Xero's answer to `failure`'s request) with its correlation id and request.
store::ErrorReport WithRequest(store::ErrorReport report, const RequestFailure& failure);

// The diagnostics bundle (rules/diagnostics.h) of `error`, on `document`: what support needs, and
// nothing personal or secret.
std::string DiagnosticsOf(const store::SyncError& error, const store::Document& document);

// A transient failure of `document`: pending again after `policy`'s backoff, and shown as an open
// error (FailureReport) once `policy` says the tries are worth one. Store errors otherwise.
// REQUIRES: `mu` guards `policy`.
Result<store::DocumentOutcomeRecord> TransientOutcome(store::Store& store,
                                                      const store::Document& document,
                                                      const RequestFailure& failure,
                                                      RetryPolicy& policy, std::mutex& mu,
                                                      TimePoint now);

}  // namespace xerosync::sync
