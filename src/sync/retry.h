#pragma once
// When a document that failed for a transient reason is tried again (docs/sync.md, "Retries"):
// capped exponential backoff with jitter, and when the failure is shown to the user as an error.
//
// Thread safety: RetryPolicy is not thread-safe (its generator); give each worker its own.

#include <cstdint>
#include <random>

#include "core/clock.h"

namespace xerosync::sync {

struct RetryOptions {
  Duration base = std::chrono::seconds(30);  // the first retry's delay
  Duration cap = std::chrono::hours(1);      // no delay is longer
  // Each delay is multiplied by a factor drawn uniformly from [1 - jitter, 1 + jitter], in
  // thousandths (default 200: [0.8, 1.2]), so that documents failed together spread out.
  int jitter_permille = 200;
  // After this many tries in a row the failure is also shown as an open error (default 6, about
  // half an hour of outage); retries go on at the cap.
  int error_after = 6;
};

class RetryPolicy {
 public:
  explicit RetryPolicy(RetryOptions options = {}, uint64_t seed = 1)
      : options_(options), random_(seed) {}

  // The delay before try number `tries` + 1, after `tries` (>= 1) transient failures in a row:
  // min(cap, base * 2^(tries - 1)) with jitter, never below zero.
  Duration DelayAfter(int tries);
  // Whether `tries` failures in a row are worth an open error.
  bool ShowAsError(int tries) const { return tries >= options_.error_after; }

  const RetryOptions& options() const { return options_; }

 private:
  RetryOptions options_;
  std::mt19937_64 random_;
};

}  // namespace xerosync::sync
