#include "observe/metrics.h"

#include <unistd.h>

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "observe/exposition.h"

namespace xerosync::observe {
namespace {

constexpr int kRunPage = 500;
constexpr std::size_t kBucketCount = std::size(kRunDurationBuckets);
constexpr std::array kOutcomes = {store::RunOutcome::kSucceeded, store::RunOutcome::kPartial,
                                  store::RunOutcome::kFailed, store::RunOutcome::kPaused,
                                  store::RunOutcome::kInterrupted};

// Finished runs' durations, bucketed (each bucket counts runs at or under its bound).
struct RunHistogram {
  std::array<int64_t, kBucketCount> buckets{};
  int64_t count = 0;
  double sum_seconds = 0;
};

struct OrganisationFigures {
  store::Organisation organisation;
  std::array<int64_t, store::kDocumentStateCount> by_state{};
  RunHistogram runs;
  std::optional<store::SyncRun> last_finished;
  bool running = false;
};

double Seconds(Duration duration) {
  return static_cast<double>(
             std::chrono::duration_cast<std::chrono::milliseconds>(duration).count()) /
         1000.0;
}

// Reads every run of the organisation, newest first, a page at a time. Cost grows with the number
// of runs kept (docs/observe.md says so); a store-side aggregate replaces it when that matters.
Status ReadRuns(store::Store& store, OrganisationFigures& figures) {
  int64_t before_id = 0;
  bool newest = true;
  while (true) {
    ASSIGN_OR_RETURN(std::vector<store::SyncRun> page,
                     store.ListRuns(figures.organisation.tenant, before_id, kRunPage));
    for (const store::SyncRun& run : page) {
      if (newest) figures.running = run.outcome == store::RunOutcome::kRunning;
      newest = false;
      before_id = run.id;
      if (run.outcome == store::RunOutcome::kRunning || !run.finished_at.has_value()) continue;
      if (!figures.last_finished.has_value()) figures.last_finished = run;
      const double seconds = Seconds(*run.finished_at - run.started_at);
      RunHistogram& histogram = figures.runs;
      for (std::size_t i = 0; i < kBucketCount; ++i) {
        if (seconds <= kRunDurationBuckets[i]) ++histogram.buckets[i];
      }
      ++histogram.count;
      histogram.sum_seconds += seconds;
    }
    if (static_cast<int>(page.size()) < kRunPage) return OkStatus();
  }
}

Labels Org(const OrganisationFigures& figures) {
  return {{"organisation", figures.organisation.tenant.value()}};
}

Labels With(Labels labels, std::string name, std::string value) {
  labels.emplace_back(std::move(name), std::move(value));
  return labels;
}

void WriteOrganisations(Exposition& out, std::span<const OrganisationFigures> orgs) {
  out.Family("xerosync_organisation_info", MetricType::kGauge,
             "Each organisation xerosync syncs (always 1), with its name.");
  for (const OrganisationFigures& org : orgs) {
    out.Sample("", With(Org(org), "name", org.organisation.name), int64_t{1});
  }
  out.Family("xerosync_organisation_paused", MetricType::kGauge,
             "1 when the organisation is paused, with the catalogue code of why; 0 otherwise.");
  for (const OrganisationFigures& org : orgs) {
    const bool paused = org.organisation.paused_reason.has_value();
    out.Sample("", With(Org(org), "code", org.organisation.paused_code.value_or("")),
               int64_t{paused ? 1 : 0});
  }
  out.Family("xerosync_documents", MetricType::kGauge,
             "Documents by state: the queue is pending, blocked, syncing, failed and paused.");
  for (const OrganisationFigures& org : orgs) {
    for (int i = 0; i < store::kDocumentStateCount; ++i) {
      const auto state = static_cast<store::DocumentState>(i);
      out.Sample("", With(Org(org), "state", std::string(store::DocumentStateName(state))),
                 org.by_state[static_cast<std::size_t>(i)]);
    }
  }
}

void WriteRuns(Exposition& out, std::span<const OrganisationFigures> orgs) {
  out.Family("xerosync_sync_run_duration_seconds", MetricType::kHistogram,
             "How long finished sync runs took, every run the store keeps.");
  for (const OrganisationFigures& org : orgs) {
    for (std::size_t i = 0; i < kBucketCount; ++i) {
      out.Sample("_bucket", With(Org(org), "le", FormatFloat(kRunDurationBuckets[i])),
                 org.runs.buckets[i]);
    }
    out.Sample("_bucket", With(Org(org), "le", "+Inf"), org.runs.count);
    out.Sample("_sum", Org(org), org.runs.sum_seconds);
    out.Sample("_count", Org(org), org.runs.count);
  }
  out.Family("xerosync_sync_last_run_outcome", MetricType::kGauge,
             "The newest finished run's outcome: 1 for it, 0 for the others (none before a run).");
  for (const OrganisationFigures& org : orgs) {
    if (!org.last_finished.has_value()) continue;
    for (store::RunOutcome outcome : kOutcomes) {
      out.Sample("", With(Org(org), "outcome", std::string(store::RunOutcomeName(outcome))),
                 int64_t{org.last_finished->outcome == outcome ? 1 : 0});
    }
  }
  out.Family("xerosync_sync_last_run_finished_timestamp_seconds", MetricType::kGauge,
             "When the newest finished run ended (Unix time).");
  for (const OrganisationFigures& org : orgs) {
    if (!org.last_finished.has_value()) continue;
    out.Sample("", Org(org),
               static_cast<int64_t>(std::chrono::duration_cast<std::chrono::seconds>(
                                        org.last_finished->finished_at->time_since_epoch())
                                        .count()));
  }
  out.Family("xerosync_sync_running", MetricType::kGauge,
             "1 while a sync run of the organisation is in progress.");
  for (const OrganisationFigures& org : orgs) {
    out.Sample("", Org(org), int64_t{org.running ? 1 : 0});
  }
}

void WriteBudget(Exposition& out, std::span<const OrganisationFigures> orgs,
                 const xero::RateBudget& budget) {
  std::vector<xero::BudgetUsage> usage;
  usage.reserve(orgs.size());
  for (const OrganisationFigures& org : orgs) {
    usage.push_back(budget.Usage(org.organisation.tenant));
  }
  out.Family("xerosync_xero_calls_total", MetricType::kCounter,
             "Calls to Xero admitted by the rate budget since the process started.");
  for (std::size_t i = 0; i < orgs.size(); ++i) out.Sample("", Org(orgs[i]), usage[i].admitted);
  out.Family("xerosync_xero_rate_limited_total", MetricType::kCounter,
             "Answers from Xero that were 429 (rate limited) since the process started.");
  for (std::size_t i = 0; i < orgs.size(); ++i) {
    out.Sample("", Org(orgs[i]), usage[i].rate_limited);
  }
  out.Family("xerosync_xero_day_budget_remaining", MetricType::kGauge,
             "Calls left in the organisation's current daily window, as the client counts them.");
  for (std::size_t i = 0; i < orgs.size(); ++i) {
    out.Sample("", Org(orgs[i]), static_cast<int64_t>(usage[i].day_remaining));
  }
}

void WriteClient(Exposition& out, const xero::XeroClientStats& stats) {
  const auto total = [&](const char* name, const char* help, int64_t value) {
    out.Family(name, MetricType::kCounter, help);
    out.Sample("", {}, value);
  };
  total("xerosync_client_requests_sent_total", "Requests handed to the transport.", stats.sent);
  total("xerosync_client_requests_answered_total", "Requests Xero answered (any status).",
        stats.answered);
  total("xerosync_client_rate_limited_total", "Answers that were 429s, every organisation.",
        stats.rate_limited);
  total("xerosync_client_token_retries_total", "Calls sent again after a 401 and a token refresh.",
        stats.token_retries);
  total("xerosync_client_rate_limit_retries_total", "Calls sent again after a 429.",
        stats.rate_limit_retries);
  total("xerosync_client_read_retries_total", "Reads sent again after a 5xx or no answer.",
        stats.read_retries);
  total("xerosync_client_refused_total", "Calls refused before sending (connection, budget).",
        stats.refused);
}

// Resident memory (bytes) and open descriptors from /proc/self; nullopt where there is no /proc.
std::optional<int64_t> ResidentBytes() {
  std::ifstream statm("/proc/self/statm");
  int64_t size_pages = 0;
  int64_t resident_pages = 0;
  if (!(statm >> size_pages >> resident_pages)) return std::nullopt;
  return resident_pages * static_cast<int64_t>(sysconf(_SC_PAGESIZE));
}

std::optional<int64_t> OpenDescriptors() {
  std::error_code error;
  std::filesystem::directory_iterator it("/proc/self/fd", error);
  if (error) return std::nullopt;
  int64_t count = 0;
  for (; it != std::filesystem::directory_iterator(); it.increment(error)) {
    if (error) return std::nullopt;
    ++count;
  }
  return count;
}

void WriteProcess(Exposition& out) {
  if (const std::optional<int64_t> bytes = ResidentBytes()) {
    out.Family("process_resident_memory_bytes", MetricType::kGauge,
               "Resident memory size in bytes.");
    out.Sample("", {}, *bytes);
  }
  if (const std::optional<int64_t> fds = OpenDescriptors()) {
    out.Family("process_open_fds", MetricType::kGauge, "Number of open file descriptors.");
    out.Sample("", {}, *fds);
  }
}

}  // namespace

Result<std::string> RenderMetrics(const MetricsSources& sources) {
  store::Store& store = *sources.store;
  ASSIGN_OR_RETURN(std::vector<store::Organisation> organisations, store.ListOrganisations());
  std::vector<OrganisationFigures> orgs;
  orgs.reserve(organisations.size());
  for (store::Organisation& organisation : organisations) {
    OrganisationFigures figures;
    figures.organisation = std::move(organisation);
    ASSIGN_OR_RETURN(figures.by_state, store.CountByState(figures.organisation.tenant));
    RETURN_IF_ERROR(ReadRuns(store, figures));
    orgs.push_back(std::move(figures));
  }

  ASSIGN_OR_RETURN(auto events, store.CountEventsByState());

  Exposition out;
  WriteOrganisations(out, orgs);
  WriteRuns(out, orgs);
  out.Family("xerosync_webhook_events", MetricType::kGauge,
             "Outbound webhook events in the outbox by state (failed: given up, needs a look).");
  for (int i = 0; i < store::kEventStateCount; ++i) {
    const auto state = static_cast<store::EventState>(i);
    out.Sample("", {{"state", std::string(store::EventStateName(state))}},
               events[static_cast<std::size_t>(i)]);
  }
  if (sources.budget != nullptr) WriteBudget(out, orgs, *sources.budget);
  if (sources.client != nullptr) WriteClient(out, sources.client->stats());
  if (sources.process) WriteProcess(out);
  return out.text();
}

http::Response MetricsResponse(const MetricsSources& sources) {
  Result<std::string> text = RenderMetrics(sources);
  if (!text.ok()) {
    return http::Response::Text(503, "metrics unavailable: " + text.status().ToString() + "\n");
  }
  http::Response response = http::Response::Text(200, std::move(*text));
  response.headers.Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
  return response;
}

}  // namespace xerosync::observe
