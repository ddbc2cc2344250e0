#include "sync/retry.h"

#include <algorithm>

namespace xerosync::sync {

Duration RetryPolicy::DelayAfter(int tries) {
  const int doublings = std::clamp(tries - 1, 0, 40);
  Duration delay = options_.cap;
  // base * 2^doublings without overflow: stop doubling once past the cap.
  Duration grown = options_.base;
  for (int i = 0; i < doublings && grown < options_.cap; ++i) grown *= 2;
  delay = std::min(grown, options_.cap);
  if (options_.jitter_permille > 0) {
    std::uniform_int_distribution<int> factor(1000 - options_.jitter_permille,
                                              1000 + options_.jitter_permille);
    delay = delay * factor(random_) / 1000;
  }
  return std::max(delay, Duration::zero());
}

}  // namespace xerosync::sync
