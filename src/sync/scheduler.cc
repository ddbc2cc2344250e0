#include "sync/scheduler.h"

#include <algorithm>

namespace xerosync::sync {

Scheduler::Scheduler(Engine& engine, store::Store& store, const Clock& clock,
                     SchedulerOptions options)
    : engine_(engine), store_(store), clock_(clock), options_(options) {}

Scheduler::~Scheduler() { Stop(); }

Status Scheduler::Load() {
  ASSIGN_OR_RETURN(const std::vector<store::Organisation> organisations,
                   store_.ListOrganisations());
  const TimePoint now = clock_.Now();
  std::lock_guard lock(mu_);
  for (const store::Organisation& organisation : organisations) {
    schedule_.try_emplace(organisation.tenant, Entry{now, store::RunTrigger::kAutomatic});
  }
  wake_.notify_all();
  return OkStatus();
}

void Scheduler::Changed(const domain::TenantId& tenant) {
  const TimePoint due = clock_.Now() + options_.debounce;
  std::lock_guard lock(mu_);
  auto [it, added] = schedule_.try_emplace(tenant, Entry{due, store::RunTrigger::kAutomatic});
  if (!added && due < it->second.due) it->second.due = due;
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
  earliest->second = Entry{now + options_.interval, store::RunTrigger::kAutomatic};
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
