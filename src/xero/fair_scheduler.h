#pragma once
// FairScheduler: decides which queued call goes to Xero next, so that urgent work goes first and
// one organisation's backlog never starves another's (docs/client.md).
//
// Work is queued per organisation and Priority. Next() looks at the priority classes most urgent
// first; within a class it goes round-robin over the organisations that have work in it, skipping
// those the RateBudget refuses now, and takes the organisation's oldest item (FIFO). The chosen
// call is admitted in the same step: Next hands back its Permit. So with one organisation holding
// 10,000 queued calls and 99 holding 10, every organisation is served once per round.
//
// An organisation refused until a known time (a full minute or day) is not asked again before then.
// When nothing may go now, Next says when the earliest refusal ends; the caller waits (a Waiter)
// and asks again. Items are opaque ids: the caller keeps the work they stand for.
//
// Thread safety: every method may be called concurrently (worker threads each calling Next).

#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <variant>

#include "core/clock.h"
#include "domain/ids.h"
#include "xero/rate_budget.h"

namespace xerosync::xero {

using WorkId = uint64_t;

class FairScheduler {
 public:
  // A call that may be sent now: its organisation, priority, id, and the admitted Permit.
  struct Scheduled {
    domain::TenantId tenant;
    Priority priority = Priority::kLive;
    WorkId id = 0;
    Permit permit;
  };
  // Work is queued, but the budget refuses all of it until `refusal.retry_at` at the earliest.
  struct Wait {
    Refusal refusal;
  };
  // Nothing is queued.
  struct Empty {};
  using Next = std::variant<Scheduled, Wait, Empty>;

  // REQUIRES: `budget` outlives this object.
  explicit FairScheduler(RateBudget& budget) : budget_(budget) {}

  // Queues `id` for `tenant` at `priority`, behind that organisation's earlier items of the
  // same priority.
  void Push(const domain::TenantId& tenant, Priority priority, WorkId id);
  // The next call to send, admitted; or when to ask again; or Empty.
  Next TakeNext();
  // Items queued, in total.
  int64_t size() const;

 private:
  struct Turn {
    domain::TenantId tenant;
    // The budget's last refusal for a limit that frees up at a known time (not the concurrent
    // one): the organisation is not asked again before its retry_at, so parked organisations cost
    // a comparison, not an admission, per TakeNext.
    std::optional<Refusal> refused;
  };
  struct Class {
    // Organisations with work in this class, in turn order: the front is asked first.
    std::deque<Turn> turn;
    std::unordered_map<domain::TenantId, std::deque<WorkId>> queues;
  };

  RateBudget& budget_;
  mutable std::mutex mu_;
  Class classes_[kPriorityCount];  // GUARDED_BY(mu_); index = Priority
  int64_t size_ = 0;               // GUARDED_BY(mu_)
};

}  // namespace xerosync::xero
