#pragma once
// GET /metrics: xerosync's figures in Prometheus' text format (docs/observe.md names each metric,
// its labels and meaning). A plain function from the sources to a Response, so that `serve`
// registers it on its router and tests call it without a socket.
//
// Per organisation: Xero calls admitted and 429s received since the process started and what is
// left of the day budget (from the RateBudget), documents by state (the queue: pending, blocked,
// failed, ...), the pause and its catalogue code, sync run durations (a histogram over every
// finished run in the store) and the newest run's outcome. Per installation: outbound webhook
// events by state. Per process: the XeroClient's totals.
//
// Thread safety: as the sources are (Store and RateBudget may be used concurrently).

#include <string>

#include "core/clock.h"
#include "core/result.h"
#include "http/http.h"
#include "store/store.h"
#include "xero/client.h"
#include "xero/rate_budget.h"

namespace xerosync::observe {

// Where the figures come from. Only `store` is required; a missing budget or client leaves its
// metrics out (e.g. a process that serves the API but does not sync).
struct MetricsSources {
  store::Store* store = nullptr;
  const xero::RateBudget* budget = nullptr;
  const xero::XeroClient* client = nullptr;
  // The process's resident memory and open file descriptors (Linux /proc; left out elsewhere).
  bool process = true;
};

// The exposition text. Errors: the store's (kUnavailable when it is busy, ...).
// REQUIRES: sources.store != nullptr.
Result<std::string> RenderMetrics(const MetricsSources& sources);

// 200 with the text ("text/plain; version=0.0.4; charset=utf-8"), or 503 when the store cannot be
// read (the scrape fails visibly rather than reporting zeros).
http::Response MetricsResponse(const MetricsSources& sources);

// The upper bounds (seconds) of the run-duration histogram's buckets, before +Inf.
inline constexpr double kRunDurationBuckets[] = {1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600};

}  // namespace xerosync::observe
