#include "core/clock.h"

#include <gtest/gtest.h>

#include <chrono>
#include <latch>
#include <thread>
#include <vector>

namespace xerosync {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::seconds;

TEST(FakeClockTest, DefaultStartIsNewYear2026Utc) {
  const FakeClock clock;
  // date -u -d 2026-01-01T00:00:00Z +%s
  EXPECT_EQ(std::chrono::duration_cast<seconds>(clock.Now().time_since_epoch()).count(),
            1767225600);
  EXPECT_EQ(clock.Now(), FakeClock::DefaultStart());

  const auto day = std::chrono::floor<std::chrono::days>(clock.Now());
  EXPECT_EQ(std::chrono::year_month_day(day), std::chrono::year{2026} / std::chrono::January / 1);
  EXPECT_EQ(clock.Now() - day, Duration::zero()) << "midnight";
}

TEST(FakeClockTest, StartsWhereTold) {
  const TimePoint start = FakeClock::DefaultStart() + hours(36);
  const FakeClock clock(start);
  EXPECT_EQ(clock.Now(), start);
}

TEST(FakeClockTest, DoesNotMoveByItself) {
  const FakeClock clock;
  const TimePoint first = clock.Now();
  EXPECT_EQ(clock.Now(), first);
  EXPECT_EQ(clock.Now(), first);
}

TEST(FakeClockTest, AdvanceAddsUp) {
  FakeClock clock;
  const TimePoint start = clock.Now();
  clock.Advance(seconds(90));
  EXPECT_EQ(clock.Now() - start, seconds(90));
  clock.Advance(milliseconds(250));
  EXPECT_EQ(clock.Now() - start, milliseconds(90'250));
  clock.Advance(Duration::zero());
  EXPECT_EQ(clock.Now() - start, milliseconds(90'250));
  clock.Advance(Duration(1));  // one tick of the clock, the smallest step there is
  EXPECT_EQ(clock.Now() - start, milliseconds(90'250) + Duration(1));
}

TEST(FakeClockTest, SetJumpsForward) {
  FakeClock clock;
  const TimePoint later = FakeClock::DefaultStart() + hours(24 * 31);
  clock.Set(later);
  EXPECT_EQ(clock.Now(), later);
  clock.Set(later);  // setting to now is allowed and changes nothing
  EXPECT_EQ(clock.Now(), later);
  clock.Advance(seconds(1));
  EXPECT_EQ(clock.Now(), later + seconds(1));
  clock.Set(later + seconds(1) + Duration(1));
  EXPECT_EQ(clock.Now(), later + seconds(1) + Duration(1));
}

TEST(FakeClockTest, UsableThroughTheClockInterface) {
  FakeClock fake;
  const Clock& clock = fake;
  fake.Advance(hours(2));
  EXPECT_EQ(clock.Now(), FakeClock::DefaultStart() + hours(2));
}

TEST(FakeClockTest, ConcurrentAdvancesSumExactly) {
  FakeClock clock;
  constexpr int kThreads = 4;
  constexpr int kPerThread = 100'000;
  std::latch start(kThreads);  // all threads advance at once, not one after another
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&clock, &start, t] {
      start.arrive_and_wait();
      for (int i = 0; i < kPerThread; ++i) {
        clock.Advance(milliseconds(t + 1));
        if (i % 64 == 0) (void)clock.Now();  // readers race with writers too
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  // (1 + 2 + 3 + 4) ms per round, kPerThread rounds.
  EXPECT_EQ(clock.Now() - FakeClock::DefaultStart(), milliseconds(10 * kPerThread));
}

TEST(RealClockTest, IsOneProcessWideInstance) { EXPECT_EQ(&RealClock(), &RealClock()); }

TEST(RealClockTest, ReadsTheSystemTimeAndDoesNotGoBack) {
  const TimePoint before = std::chrono::system_clock::now();
  const TimePoint first = RealClock().Now();
  const TimePoint second = RealClock().Now();
  const TimePoint after = std::chrono::system_clock::now();
  EXPECT_GE(second, first);
  // It reads system_clock: bracketed by two direct reads (barring a wall-clock step back).
  EXPECT_GE(first, before);
  EXPECT_LE(second, after);
  // It is the real time, not some fixed value: later than this test was written.
  EXPECT_GT(first, TimePoint(seconds(1'750'000'000)));
}

TEST(FormatRfc3339Seconds, WritesUtcToTheSecond) {
  // 1,763,744,700 s after the epoch is 2025-11-21 17:05:00 UTC; the milliseconds are dropped.
  const TimePoint at{std::chrono::milliseconds(1'763'744'700'999)};
  EXPECT_EQ(FormatRfc3339Seconds(at), "2025-11-21T17:05:00Z");
  EXPECT_EQ(FormatRfc3339Seconds(TimePoint{}), "1970-01-01T00:00:00Z");
}

}  // namespace
}  // namespace xerosync
