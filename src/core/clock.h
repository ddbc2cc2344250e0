#pragma once
// Clock: the one seam through which xerosync code reads the time (STYLE.md rule 3).
//
// Engine and client code take a `Clock&` and never call system_clock::now() themselves, so tests
// run on a FakeClock they advance by hand: no test sleeps, every test is deterministic.
//
// Thread safety: all methods of both implementations may be called from any thread.

#include <chrono>
#include <memory>
#include <mutex>
#include <string>

namespace xerosync {

// Wall-clock time (UTC), millisecond precision is what Xero and the store use.
using TimePoint = std::chrono::system_clock::time_point;
using Duration = std::chrono::system_clock::duration;

class Clock {
 public:
  virtual ~Clock() = default;
  // The current UTC time.
  virtual TimePoint Now() const = 0;
};

// The process-wide real clock (system_clock). Never null; lives for the whole process.
Clock& RealClock();

// A clock that moves only when told. Starts at the time given (default: 2026-01-01T00:00:00Z).
class FakeClock final : public Clock {
 public:
  explicit FakeClock(TimePoint start = DefaultStart());

  TimePoint Now() const override;

  // Moves time forward. REQUIRES: by >= 0 (time never goes backwards).
  void Advance(Duration by);
  // Jumps to `to`. REQUIRES: to >= Now().
  void Set(TimePoint to);

  static TimePoint DefaultStart();

 private:
  mutable std::mutex mu_;
  TimePoint now_;  // GUARDED_BY(mu_)
};

// "2026-11-21T17:05:00Z": `at` in UTC, to the second (RFC 3339), for records that leave the
// process (webhook events).
std::string FormatRfc3339Seconds(TimePoint at);

}  // namespace xerosync
