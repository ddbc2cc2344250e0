#include "domain/date.h"

#include <gtest/gtest.h>

#include <sstream>

namespace xerosync::domain {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;

TEST(DateTest, ParsesAnIsoDate) {
  Result<Date> date = Date::Parse("2026-01-05");
  ASSERT_TRUE(date.ok()) << date.status();
  EXPECT_EQ(date->ymd().year(), year{2026});
  EXPECT_EQ(date->ymd().month(), month{1});
  EXPECT_EQ(date->ymd().day(), day{5});
}

TEST(DateTest, LeapDayExistsOnlyInLeapYears) {
  Result<Date> leap = Date::Parse("2024-02-29");
  ASSERT_TRUE(leap.ok()) << leap.status();
  EXPECT_EQ(leap->ymd().day(), day{29});

  Result<Date> not_leap = Date::Parse("2026-02-29");
  ASSERT_FALSE(not_leap.ok());
  EXPECT_EQ(not_leap.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(not_leap.status().message().find("2026-02-29"), std::string::npos) << not_leap.status();
}

TEST(DateTest, RejectsTextThatIsNotYyyyMmDd) {
  for (const char* text : {"2026-1-05", "20260105", "2026-13-01", "2026-00-10", "2026-04-31", "",
                           "2026-01-05T00:00:00", "2026/01/05", "2026-01-0x", " 2026-01-5",
                           "2026-0:-05" /* ':' is '0' + 10 */}) {
    Result<Date> date = Date::Parse(text);
    EXPECT_FALSE(date.ok()) << "'" << text << "' parsed as " << *date;
    if (!date.ok()) {
      EXPECT_EQ(date.status().code(), StatusCode::kInvalidArgument) << text;
    }
  }
}

TEST(DateTest, FromYmdRejectsDaysThatDoNotExist) {
  EXPECT_TRUE(Date::FromYmd(2024, 2, 29).ok());
  EXPECT_EQ(Date::FromYmd(2026, 2, 29).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Date::FromYmd(2026, 6, 31).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Date::FromYmd(2026, 13, 1).status().code(), StatusCode::kInvalidArgument);
}

TEST(DateTest, ToStringRoundTripsThroughParse) {
  for (const char* text :
       {"2026-03-31", "2024-02-29", "1999-12-31", "0001-01-01", "9999-12-31", "2026-01-05"}) {
    Result<Date> date = Date::Parse(text);
    ASSERT_TRUE(date.ok()) << date.status();
    EXPECT_EQ(date->ToString(), text);
    Result<Date> again = Date::Parse(date->ToString());
    ASSERT_TRUE(again.ok()) << again.status();
    EXPECT_EQ(*again, *date);
  }
}

TEST(DateTest, DaysBeyondYear9999StillPrint) {
  using std::chrono::day, std::chrono::month, std::chrono::year;
  EXPECT_EQ(Date::FromDays(std::chrono::sys_days{year{10000} / month{1} / day{2}}).ToString(),
            "10000-01-02");
  EXPECT_EQ(Date::FromDays(std::chrono::sys_days{year{0} / month{3} / day{4}}).ToString(),
            "0000-03-04");
}

TEST(DateTest, FromYmdAndParseAgree) {
  Result<Date> a = Date::FromYmd(2026, 3, 9);
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->ToString(), "2026-03-09");
  EXPECT_EQ(*a, *Date::Parse("2026-03-09"));
}

TEST(DateTest, DefaultIsTheUnixEpochAndPrints) {
  EXPECT_EQ(Date().ToString(), "1970-01-01");
  std::ostringstream os;
  os << *Date::Parse("2026-12-01");
  EXPECT_EQ(os.str(), "2026-12-01");
}

TEST(DateTest, OrdersByCalendarDay) {
  const Date jan31 = *Date::Parse("2026-01-31");
  const Date feb1 = *Date::Parse("2026-02-01");
  const Date dec31_before = *Date::Parse("2025-12-31");
  EXPECT_LT(jan31, feb1);
  EXPECT_GT(jan31, dec31_before);
  EXPECT_LT(dec31_before, feb1);
  EXPECT_LE(jan31, *Date::Parse("2026-01-31"));
  EXPECT_EQ(jan31, *Date::Parse("2026-01-31"));
  EXPECT_NE(jan31, feb1);
  EXPECT_EQ((feb1.days() - jan31.days()).count(), 1);
}

}  // namespace
}  // namespace xerosync::domain
