#pragma once
// When organisations are synced (docs/sync.md, "The scheduler"): an automatic run every
// `interval`, a debounced run `debounce` after the host pushes documents, and "Sync now". The
// Engine keeps one run at a time per organisation (a request during a run joins it), so the
// scheduler only decides *when*.
//
// The decisions are pure bookkeeping on the Clock (TakeDue, NextDue), so tests drive them with a
// FakeClock and no threads; Start() adds worker threads that wait for the next due time and run.
//
//   Scheduler scheduler(engine, store, clock, {.interval = minutes(10)});
//   scheduler.Changed(tenant);                  // after Store::Accept
//   scheduler.SyncNow(tenant);                  // the console's button (runs on this thread)
//   scheduler.Start(4); ... scheduler.Stop();   // the service
//
// Thread safety: every method may be called concurrently.

#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "domain/ids.h"
#include "store/store.h"
#include "sync/engine.h"

namespace xerosync::sync {

struct SchedulerOptions {
  // Automatic runs (default 10 minutes); zero: none (runs only after changes and when asked).
  Duration interval = std::chrono::minutes(10);
  Duration debounce = std::chrono::seconds(5);  // after a change, wait for more changes
};

class Scheduler {
 public:
  // REQUIRES: engine, store and clock outlive this object.
  Scheduler(Engine& engine, store::Store& store, const Clock& clock, SchedulerOptions options = {});
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // Adds the store's organisations not yet scheduled: each gets an automatic run now (after a
  // restart nothing waits a whole interval). Nothing when automatic runs are off.
  Status Load();
  // Changes the interval of automatic runs from now on (the console's setting); zero turns them
  // off: only runs after changes and "sync now" happen. A shorter interval brings each waiting
  // automatic run forward to now + interval at the latest; turning them on again schedules every
  // organisation at now + interval. kInvalidArgument for a negative interval.
  Status SetInterval(Duration interval);
  Duration interval() const;
  // The host pushed documents for `tenant`: a run `debounce` from now, unless one is due sooner.
  void Changed(const domain::TenantId& tenant);
  // A run now on this thread, or the running one joined (RunTrigger::kManual).
  Result<RunReport> SyncNow(const domain::TenantId& tenant,
                            store::RunTrigger trigger = store::RunTrigger::kManual);

  // The organisation whose run is due at `now`, earliest first, taken off the schedule (its next
  // automatic run is put back at now + interval). nullopt when none is due.
  std::optional<std::pair<domain::TenantId, store::RunTrigger>> TakeDue(TimePoint now);
  // When the next run is due; nullopt when nothing is scheduled.
  std::optional<TimePoint> NextDue() const;
  // Runs every organisation due now, one after another on this thread. Returns the reports.
  std::vector<RunReport> RunDue();

  // Starts `workers` threads that run organisations as they fall due, sleeping in between (on the
  // real clock; tests use TakeDue/RunDue instead). Stop() ends them after their current run.
  void Start(int workers);
  void Stop();

 private:
  struct Entry {
    TimePoint due{};
    store::RunTrigger trigger = store::RunTrigger::kAutomatic;
    bool changed = false;  // after a change: runs even with automatic runs off
  };
  void WorkerLoop();

  Engine& engine_;
  store::Store& store_;
  const Clock& clock_;
  const SchedulerOptions options_;

  mutable std::mutex mu_;
  std::condition_variable wake_;
  std::map<domain::TenantId, Entry> schedule_;  // GUARDED_BY(mu_)
  Duration interval_;                           // GUARDED_BY(mu_)
  bool stopping_ = false;                       // GUARDED_BY(mu_)
  std::vector<std::thread> workers_;
};

}  // namespace xerosync::sync
