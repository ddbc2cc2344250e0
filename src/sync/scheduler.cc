#include "sync/scheduler.h"

#include <algorithm>
#include <vector>

namespace xerosync::sync {

Scheduler::Scheduler(Engine& engine, store::Store& store, const Clock& clock,
                     SchedulerOptions options)
    : engine_(engine),
      store_(store),
      clock_(clock),
      options_(options),
      interval_(std::max(Duration::zero(), options.interval)) {}

Scheduler::~Scheduler() { Stop(); }

Status Scheduler::Load() {
  ASSIGN_OR_RETURN(const std::vector<store::Organisation> organisations,
                   store_.ListOrganisations());
  const TimePoint now = clock_.Now();
  std::lock_guard lock(mu_);
  if (interval_ == Duration::zero()) return OkStatus();
  for (const store::Organisation& organisation : organisations) {
    schedule_.try_emplace(organisation.tenant, Entry{now, store::RunTrigger::kAutomatic});
  }
  wake_.notify_all();
  return OkStatus();
}

Status Scheduler::SetInterval(Duration interval) {
  if (interval < Duration::zero()) return InvalidArgumentError("the interval is negative");
  // Read before the lock: the store is not called while holding it.
  ASSIGN_OR_RETURN(const std::vector<store::Organisation> organisations,
                   store_.ListOrganisations());
  const TimePoint now = clock_.Now();
  std::lock_guard lock(mu_);
  interval_ = interval;
  if (interval == Duration::zero()) {
    std::erase_if(schedule_, [](const auto& entry) { return !entry.second.changed; });
  } else {
    for (auto& [tenant, entry] : schedule_) entry.due = std::min(entry.due, now + interval);
    for (const store::Organisation& organisation : organisations) {
      schedule_.try_emplace(organisation.tenant,
                            Entry{now + interval, store::RunTrigger::kAutomatic});
    }
  }
  wake_.notify_all();
  return OkStatus();
}

Duration Scheduler::interval() const {
  std::lock_guard lock(mu_);
  return interval_;
}

void Scheduler::Changed(const domain::TenantId& tenant) {
  const TimePoint due = clock_.Now() + options_.debounce;
  std::lock_guard lock(mu_);
  auto [it, added] =
      schedule_.try_emplace(tenant, Entry{due, store::RunTrigger::kAutomatic, /*changed=*/true});
  if (!added && due < it->second.due) {
    it->second.due = due;
    it->second.changed = true;
  }
  wake_.notify_all();
}

Result<RunReport> Scheduler::SyncNow(const domain::TenantId& tenant, store::RunTrigger trigger) {
  return engine_.RunOnce(tenant, trigger);
}

std::optional<std::pair<domain::TenantId, store::RunTrigger>> Scheduler::TakeDue(TimePoint now) {
  std::lock_guard lock(mu_);
  auto earliest = std::ranges::min_element(
      schedule_, [](const auto& a, const auto& b) { return a.second.due < b.second.due; });
  if (earliest == schedule_.end() || earliest->second.due > now) return std::nullopt;
  std::pair<domain::TenantId, store::RunTrigger> due{earliest->first, earliest->second.trigger};
  if (interval_ == Duration::zero()) {
    schedule_.erase(earliest);
  } else {
    earliest->second = Entry{now + interval_, store::RunTrigger::kAutomatic};
  }
  return due;
}

std::optional<TimePoint> Scheduler::NextDue() const {
  std::lock_guard lock(mu_);
  std::optional<TimePoint> next;
  for (const auto& [tenant, entry] : schedule_) {
    if (!next || entry.due < *next) next = entry.due;
  }
  return next;
}

std::vector<RunReport> Scheduler::RunDue() {
  std::vector<RunReport> reports;
  while (auto due = TakeDue(clock_.Now())) {
    Result<RunReport> report = engine_.RunOnce(due->first, due->second);
    if (report.ok()) reports.push_back(std::move(*report));
  }
  return reports;
}

void Scheduler::Start(int workers) {
  {
    std::lock_guard lock(mu_);
    stopping_ = false;
  }
  for (int i = 0; i < workers; ++i) workers_.emplace_back([this] { WorkerLoop(); });
}

void Scheduler::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (std::thread& worker : workers_) worker.join();
  workers_.clear();
}

void Scheduler::WorkerLoop() {
  while (true) {
    if (auto due = TakeDue(clock_.Now())) {
      // A failed run (the store unavailable) is tried again at the next interval.
      (void)engine_.RunOnce(due->first, due->second);
      continue;
    }
    std::unique_lock lock(mu_);
    if (stopping_) return;
    std::optional<TimePoint> next;
    for (const auto& [tenant, entry] : schedule_) {
      if (!next || entry.due < *next) next = entry.due;
    }
    // The real clock: Start() is for the service; a change or Stop() wakes the workers early.
    const Duration wait =
        next ? std::max(Duration::zero(), *next - clock_.Now()) : Duration(std::chrono::minutes(1));
    wake_.wait_for(lock, wait);
    if (stopping_) return;
  }
}

}  // namespace xerosync::sync
