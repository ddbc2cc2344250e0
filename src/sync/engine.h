#pragma once
// The sync engine's worker (docs/sync.md, "One run"): Engine::RunOnce brings one organisation's
// pending documents to Xero, exactly once, through the store's transitions and the Xero client.
//
//   Engine engine(store, client, clock, {.owner = "worker-1"});
//   ASSIGN_OR_RETURN(RunReport report, engine.RunOnce(tenant, store::RunTrigger::kManual));
//
// One run at a time per organisation: a run takes the organisation's lease in the store (so
// processes sharing a database coordinate) and its slot in this Engine (so threads do). A request
// while a run is in progress joins it: the running run plans again before it ends, and RunOnce
// returns that run with `joined` set.
//
// Thread safety: RunOnce may be called concurrently (for the same or different organisations).
#include <cstdint>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "domain/ids.h"
#include "store/store.h"
#include "sync/retry.h"
#include "xero/batch.h"
#include "xero/client.h"

namespace xerosync::sync {

struct EngineOptions {
  // Who holds leases: unique per process (default: made from the host name, process id and a
  // random number).
  std::string owner;
  // A run renews its lease after every batch; another process takes the organisation over only
  // after this long without a renewal (default 5 minutes).
  Duration lease_ttl = std::chrono::minutes(5);
  int page_size = 500;  // documents read from the store at a time
  RetryOptions retry;
  uint64_t seed = 1;  // the retry jitter's generator
  xero::BatchLimits batch;
  // A run plans again while documents keep becoming ready (joined requests, released children);
  // at most this many rounds (default 20), so that a run always ends.
  int max_rounds = 20;
  // A run refreshes the organisation's cached Xero settings when they are older than this
  // (default 1 hour), so that a fix made in Xero (an account added, a tax rate reactivated)
  // releases the documents that failed for want of it. The initial sync always refreshes.
  Duration settings_max_age = std::chrono::hours(1);
  // Called at each step of an attempt: "intent" (its documents are syncing, nothing sent yet),
  // "answered" (Xero's answer is in, its outcome not yet stored), "recorded". Empty in production;
  // the crash tests stop a process there.
  std::function<void(std::string_view step)> on_step;
};

// What a refresh of an organisation's cached Xero settings did.
struct SettingsRefresh {
  int kinds_changed = 0;  // of sync/settings.h's kinds
  int64_t released = 0;   // failed documents re-queued because what they failed on changed
  // What the settings hold that documents cannot use (accounts without a code), as errors of the
  // catalogue, for the organisation rather than a document.
  std::vector<store::ErrorReport> warnings;
};

struct RunReport {
  store::SyncRun run;
  bool joined = false;  // the request joined a run already in progress
};

class Engine {
 public:
  // REQUIRES: store, client and clock outlive this object.
  Engine(store::Store& store, xero::XeroClient& client, const Clock& clock,
         EngineOptions options = {});

  // Runs a sync of `tenant` now (docs/sync.md, "One run"), or joins the one in progress.
  // kNotFound for an organisation the store does not know; store errors otherwise. Outcomes of
  // documents are never errors here: they are in the run's counts and the documents' states.
  Result<RunReport> RunOnce(const domain::TenantId& tenant, store::RunTrigger trigger);

  // Reads the organisation's settings from Xero now (after connecting, or when a user asks) and
  // re-queues the failed documents whose errors depended on what changed; a run does it by itself
  // when they are older than EngineOptions::settings_max_age. Connection refusals and Xero's
  // errors are returned as Statuses (nothing is paused: no run is in progress).
  Result<SettingsRefresh> RefreshSettingsNow(const domain::TenantId& tenant);

 private:
  friend class Run;
  Result<RunReport> Join(const domain::TenantId& tenant);

  store::Store& store_;
  xero::XeroClient& client_;
  const Clock& clock_;
  const EngineOptions options_;

  std::mutex mu_;
  std::set<domain::TenantId> running_;  // GUARDED_BY(mu_)
  RetryPolicy retry_;                   // GUARDED_BY(mu_)
};

}  // namespace xerosync::sync
