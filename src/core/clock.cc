#include "core/clock.h"

#include <cassert>
#include <cstdio>

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

std::string FormatRfc3339Seconds(TimePoint at) {
  const std::chrono::sys_days day = std::chrono::floor<std::chrono::days>(at);
  const std::chrono::year_month_day date(day);
  const std::chrono::hh_mm_ss<std::chrono::seconds> time(
      std::chrono::floor<std::chrono::seconds>(at - day));
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                static_cast<int>(time.seconds().count()));
  return text;
}

}  // namespace xerosync
