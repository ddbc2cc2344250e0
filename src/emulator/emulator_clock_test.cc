#include "emulator/emulator_clock.h"

#include <gtest/gtest.h>

namespace xerosync::emulator {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

TEST(EmulatorClockTest, FollowsTheBaseClockAtScaleOne) {
  FakeClock base;
  EmulatorClock clock(base);
  EXPECT_EQ(clock.Now(), base.Now());
  base.Advance(minutes(5));
  EXPECT_EQ(clock.Now(), base.Now());
}

TEST(EmulatorClockTest, RunsScaleTimesFaster) {
  FakeClock base;
  const TimePoint start = base.Now();
  EmulatorClock clock(base, 60);  // a real minute is an emulated hour
  base.Advance(minutes(1));
  EXPECT_EQ(clock.Now(), start + hours(1));
}

TEST(EmulatorClockTest, ChangingScaleKeepsTheTimeReachedSoFar) {
  FakeClock base;
  const TimePoint start = base.Now();
  EmulatorClock clock(base, 10);
  base.Advance(minutes(1));  // +10 min emulated
  clock.SetScale(1);
  EXPECT_EQ(clock.Now(), start + minutes(10));
  base.Advance(minutes(1));  // +1 min emulated
  EXPECT_EQ(clock.Now(), start + minutes(11));
  EXPECT_EQ(clock.scale(), 1);
}

TEST(EmulatorClockTest, AdvanceJumpsAheadWithoutTouchingTheBase) {
  FakeClock base;
  const TimePoint base_start = base.Now();
  EmulatorClock clock(base, 2);
  clock.Advance(minutes(31));  // past an access token's 30 minutes
  EXPECT_EQ(clock.Now(), base_start + minutes(31));
  EXPECT_EQ(base.Now(), base_start);
  base.Advance(minutes(1));
  EXPECT_EQ(clock.Now(), base_start + minutes(33));
}

}  // namespace
}  // namespace xerosync::emulator
