#include "xero/fair_scheduler.h"

#include <optional>
#include <utility>

namespace xerosync::xero {

void FairScheduler::Push(const domain::TenantId& tenant, Priority priority, WorkId id) {
  std::lock_guard lock(mu_);
  Class& cls = classes_[static_cast<int>(priority)];
  std::deque<WorkId>& queue = cls.queues[tenant];
  if (queue.empty()) cls.turn.push_back({tenant, std::nullopt});
  queue.push_back(id);
  ++size_;
}

FairScheduler::Next FairScheduler::TakeNext() {
  std::lock_guard lock(mu_);
  if (size_ == 0) return Empty{};
  std::optional<Refusal> earliest;
  auto note = [&earliest](const Refusal& refusal) {
    if (!earliest.has_value() || refusal.retry_at < earliest->retry_at) earliest = refusal;
  };
  const TimePoint now = budget_.clock().Now();
  for (int p = 0; p < kPriorityCount; ++p) {
    Class& cls = classes_[p];
    const auto priority = static_cast<Priority>(p);
    // Each organisation with work in this class is asked once, in turn; whoever is asked goes to
    // the back of the turn, so the next call starts with the one after it.
    for (size_t asked = 0, n = cls.turn.size(); asked < n; ++asked) {
      Turn turn = std::move(cls.turn.front());
      cls.turn.pop_front();
      if (turn.refused.has_value() && now < turn.refused->retry_at) {
        note(*turn.refused);
        cls.turn.push_back(std::move(turn));
        continue;
      }
      std::variant<Permit, Refusal> admission = budget_.TryAdmit(turn.tenant, priority);
      if (Refusal* refusal = std::get_if<Refusal>(&admission)) {
        note(*refusal);
        turn.refused =
            refusal->limit == Limit::kConcurrent ? std::nullopt : std::optional<Refusal>(*refusal);
        cls.turn.push_back(std::move(turn));
        continue;
      }
      domain::TenantId& tenant = turn.tenant;
      const auto queue = cls.queues.find(tenant);
      const WorkId id = queue->second.front();
      queue->second.pop_front();
      --size_;
      if (queue->second.empty()) {
        cls.queues.erase(queue);
      } else {
        cls.turn.push_back({tenant, std::nullopt});
      }
      return Scheduled{std::move(tenant), priority, id, std::move(std::get<Permit>(admission))};
    }
  }
  return Wait{*earliest};
}

int64_t FairScheduler::size() const {
  std::lock_guard lock(mu_);
  return size_;
}

}  // namespace xerosync::xero
