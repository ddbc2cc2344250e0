#include "core/clock.h"

#include <cassert>

namespace xerosync {
namespace {

class SystemClock final : public Clock {
 public:
  TimePoint Now() const override { return std::chrono::system_clock::now(); }
};

}  // namespace

Clock& RealClock() {
  static SystemClock* clock = new SystemClock();  // never destroyed: usable during shutdown
  return *clock;
}

FakeClock::FakeClock(TimePoint start) : now_(start) {}

TimePoint FakeClock::DefaultStart() {
  return std::chrono::sys_days{std::chrono::year{2026} / std::chrono::January / 1};
}

TimePoint FakeClock::Now() const {
  std::lock_guard lock(mu_);
  return now_;
}

void FakeClock::Advance(Duration by) {
  assert(by >= Duration::zero());
  std::lock_guard lock(mu_);
  if (by > Duration::zero()) now_ += by;
}

void FakeClock::Set(TimePoint to) {
  std::lock_guard lock(mu_);
  assert(to >= now_);
  if (to > now_) now_ = to;
}

}  // namespace xerosync
