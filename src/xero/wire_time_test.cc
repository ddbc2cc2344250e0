#include "xero/wire_time.h"

#include <gtest/gtest.h>

namespace xerosync::xero {
namespace {

using std::chrono::milliseconds;

TimePoint At(int64_t ms) {
  return TimePoint(std::chrono::duration_cast<Duration>(milliseconds(ms)));
}

TEST(WireTimeTest, ReadsMicrosoftDatesWithAndWithoutOffset) {
  // From the spec's GET /Invoices example: Date "/Date(1539993600000+0000)/", DateString
  // "2018-10-20T00:00:00".
  EXPECT_EQ(ParseTimestamp("/Date(1539993600000+0000)/").value(), At(1539993600000));
  EXPECT_EQ(ParseTimestamp("/Date(1552326816230)/").value(), At(1552326816230));
  EXPECT_EQ(ParseDate("/Date(1539993600000+0000)/").value().ToString(), "2018-10-20");
  EXPECT_EQ(ParseDate("2018-10-20T00:00:00").value().ToString(), "2018-10-20");
}

TEST(WireTimeTest, ReadsIsoForms) {
  EXPECT_EQ(ParseTimestamp("2019-03-07T17:59:28Z").value(), At(1551981568000));
  // 7 fractional digits, as /connections sends them; no zone means UTC.
  EXPECT_EQ(ParseTimestamp("2020-03-18T21:20:07.7179250").value(), At(1584566407717));
  // An offset moves the instant: 12:17:43.202-08:00 is 20:17:43.202Z.
  EXPECT_EQ(ParseTimestamp("2020-02-06T12:17:43.202-08:00").value(),
            ParseTimestamp("2020-02-06T20:17:43.202Z").value());
  EXPECT_EQ(ParseTimestamp("2019-03-07").value(), At(1551916800000));
}

TEST(WireTimeTest, RejectsWhatIsNotADate) {
  for (const char* bad : {"", "/Date()/", "/Date(12a)/", "/Date(1+00000)/", "2019-02-30",
                          "2019-03-07T25:00:00", "2019-03-07 10:00:00", "yesterday"}) {
    EXPECT_EQ(ParseTimestamp(bad).status().code(), StatusCode::kInvalidArgument) << bad;
  }
}

TEST(WireTimeTest, WritesMsDatesAndIsoThatReadBack) {
  const TimePoint t = At(1541176290160);
  EXPECT_EQ(FormatMsDate(t), "/Date(1541176290160+0000)/");
  EXPECT_EQ(FormatIsoTimestamp(t), "2018-11-02T16:31:30.160Z");
  EXPECT_EQ(ParseTimestamp(FormatMsDate(t)).value(), t);
  EXPECT_EQ(ParseTimestamp(FormatIsoTimestamp(t)).value(), t);
}

}  // namespace
}  // namespace xerosync::xero
