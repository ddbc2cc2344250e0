#pragma once
// The emulator's time: the real (or a test's fake) clock, run `scale` times faster, plus whatever
// the control API advanced it by. Token expiry, rate-limit windows and lock dates all read it, so a
// demo can live through a day of Xero limits in minutes and a test can cross a 30-minute token
// lifetime in no time at all.
//
// Thread safety: all methods may be called concurrently.

#include <cstdint>
#include <mutex>

#include "core/clock.h"

namespace xerosync::emulator {

class EmulatorClock final : public Clock {
 public:
  // REQUIRES: `base` outlives this clock; scale >= 1.
  explicit EmulatorClock(const Clock& base, int64_t scale = 1);

  TimePoint Now() const override;
  // Moves emulated time forward by `by` (>= 0).
  void Advance(Duration by);
  // From now on, emulated time runs `scale` (>= 1) times faster than the base clock.
  void SetScale(int64_t scale);
  int64_t scale() const;

 private:
  TimePoint NowLocked() const;  // REQUIRES: mu_ held

  const Clock& base_;
  mutable std::mutex mu_;
  TimePoint anchor_base_;     // GUARDED_BY(mu_)
  TimePoint anchor_virtual_;  // GUARDED_BY(mu_)
  int64_t scale_;             // GUARDED_BY(mu_)
};

}  // namespace xerosync::emulator
