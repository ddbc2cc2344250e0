#include "emulator/emulator_clock.h"

#include <cassert>

namespace xerosync::emulator {

EmulatorClock::EmulatorClock(const Clock& base, int64_t scale)
    : base_(base), anchor_base_(base.Now()), anchor_virtual_(anchor_base_), scale_(scale) {
  assert(scale >= 1);
}

TimePoint EmulatorClock::NowLocked() const {
  return anchor_virtual_ + (base_.Now() - anchor_base_) * scale_;
}

TimePoint EmulatorClock::Now() const {
  std::lock_guard lock(mu_);
  return NowLocked();
}

void EmulatorClock::Advance(Duration by) {
  assert(by >= Duration::zero());
  std::lock_guard lock(mu_);
  if (by > Duration::zero()) anchor_virtual_ += by;
}

void EmulatorClock::SetScale(int64_t scale) {
  assert(scale >= 1);
  std::lock_guard lock(mu_);
  anchor_virtual_ = NowLocked();
  anchor_base_ = base_.Now();
  scale_ = scale;
}

int64_t EmulatorClock::scale() const {
  std::lock_guard lock(mu_);
  return scale_;
}

}  // namespace xerosync::emulator
