#include "core/decimal.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace xerosync {
namespace {

using ::testing::AssertionFailure;
using ::testing::AssertionResult;
using ::testing::AssertionSuccess;
using ::testing::HasSubstr;

constexpr Decimal kMax = Decimal::FromRaw(Decimal::kMaxRaw);
constexpr Decimal kMin = Decimal::FromRaw(Decimal::kMinRaw);
constexpr Decimal kTick = Decimal::FromRaw(1);  // 0.0001

// Parses text the test knows is valid.
Decimal D(std::string_view text) {
  const Result<Decimal> r = Decimal::Parse(text);
  EXPECT_TRUE(r.ok()) << "'" << text << "': " << r.status();
  return r.value_or(Decimal());
}

// `r` holds exactly the value written as `expected`.
AssertionResult Is(const Result<Decimal>& r, std::string_view expected) {
  if (!r.ok()) return AssertionFailure() << "expected " << expected << ", got " << r.status();
  const Decimal want = D(expected);
  if (*r != want) {
    return AssertionFailure() << "expected " << want.ToString(0) << " (raw " << want.raw()
                              << "), got " << r->ToString(0) << " (raw " << r->raw() << ")";
  }
  return AssertionSuccess();
}

AssertionResult Fails(const Result<Decimal>& r, StatusCode code) {
  if (r.ok()) return AssertionFailure() << "expected " << StatusCodeName(code) << ", got " << *r;
  if (r.status().code() != code) {
    return AssertionFailure() << "expected " << StatusCodeName(code) << ", got " << r.status();
  }
  if (r.status().message().empty()) return AssertionFailure() << "error without a message";
  return AssertionSuccess();
}

// --- Parse ---

TEST(DecimalParseTest, ValidForms) {
  struct Case {
    std::string_view text;
    int64_t raw;
  };
  const std::vector<Case> cases = {
      {"0", 0},
      {"-0", 0},
      {"+0", 0},
      {"0.0000", 0},
      {"12.5", 125'000},
      {"-12.5", -125'000},
      {"+3", 30'000},
      {"0.0001", 1},
      {"-0.0001", -1},
      {"1.50000", 15'000},  // zeros past the fourth place are fine
      {"1.2345000000000000000000", 12'345},
      {"1e3", 10'000'000},
      {"1E+2", 1'000'000},
      {"2.50E-2", 250},
      {"123e-2", 12'300},
      {"1000e-7", 1},
      {"-5e0", -50'000},
      {"00012.30", 123'000},
      {"0e999999999", 0},
      {"0.0e-999999999", 0},
      {"1e14", 1'000'000'000'000'000'000},
      // Either side of the short form read directly (14 whole digits, 4 decimals, no exponent).
      {"99999999999999.9999", 999'999'999'999'999'999},
      {"-99999999999999.9999", -999'999'999'999'999'999},
      {"100000000000000", 1'000'000'000'000'000'000},
      {"99999999999999.99990", 999'999'999'999'999'999},
      {"0.12", 1'200},
      {"7", 70'000},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    const Result<Decimal> r = Decimal::Parse(c.text);
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_EQ(r->raw(), c.raw);
  }
}

TEST(DecimalParseTest, InvalidForms) {
  const std::vector<std::string_view> cases = {
      "",      "-",    "+",     "1.",    ".5",  "abc", "1,000", " 1",  "1 ",
      "1e",    "1e+",  "1e-",   "NaN",   "nan", "inf", "-inf",  "--1", "+-1",
      "1.2.3", "0x10", "1_000", "1e2.5", "٣",   "12a", "e5",    "-.5", "1 000"};
  for (std::string_view text : cases) {
    SCOPED_TRACE(text);
    const Result<Decimal> r = Decimal::Parse(text);
    EXPECT_TRUE(Fails(r, StatusCode::kInvalidArgument));
  }
}

TEST(DecimalParseTest, MoreThanFourPlacesIsInvalidAndSaysSo) {
  for (std::string_view text :
       {"1.23456", "0.00001", "-0.00001", "1e-5", "1.23450001", "12345e-8", "1e-999999999"}) {
    SCOPED_TRACE(text);
    const Result<Decimal> r = Decimal::Parse(text);
    ASSERT_TRUE(Fails(r, StatusCode::kInvalidArgument));
    EXPECT_THAT(r.status().message(), HasSubstr("4 decimal places"));
  }
}

TEST(DecimalParseTest, ErrorNamesTheInput) {
  const Result<Decimal> r = Decimal::Parse("1,000");
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), HasSubstr("'1,000'"));
}

TEST(DecimalParseTest, RangeLimits) {
  EXPECT_TRUE(Is(Decimal::Parse("922337203685477.5807"), "922337203685477.5807"));
  EXPECT_EQ(D("922337203685477.5807"), kMax);
  EXPECT_EQ(D("-922337203685477.5807"), kMin);
  EXPECT_EQ(D("9223372036854775807e-4"), kMax);
  EXPECT_EQ(D("000000000000922337203685477.580700000"), kMax);

  for (std::string_view text :
       {"922337203685477.5808", "-922337203685477.5808", "1e30", "-1e30", "1e15", "922337203685478",
        "99999999999999999999", "1e999999999", "1.5e999999999999999"}) {
    SCOPED_TRACE(text);
    const Result<Decimal> r = Decimal::Parse(text);
    ASSERT_TRUE(Fails(r, StatusCode::kOutOfRange));
    EXPECT_THAT(r.status().message(), HasSubstr(std::string(text)));
  }
}

TEST(DecimalTest, FromIntAndFromInteger) {
  EXPECT_EQ(Decimal::FromInt(7).raw(), 70'000);
  EXPECT_EQ(Decimal::FromInt(-7).raw(), -70'000);
  EXPECT_EQ(Decimal::FromInt(std::numeric_limits<int32_t>::min()).ToString(0), "-2147483648");
  EXPECT_TRUE(Is(Decimal::FromInteger(922'337'203'685'477), "922337203685477"));
  EXPECT_TRUE(Is(Decimal::FromInteger(-922'337'203'685'477), "-922337203685477"));
  EXPECT_TRUE(Fails(Decimal::FromInteger(922'337'203'685'478), StatusCode::kOutOfRange));
  EXPECT_TRUE(Fails(Decimal::FromInteger(-922'337'203'685'478), StatusCode::kOutOfRange));
  EXPECT_TRUE(
      Fails(Decimal::FromInteger(std::numeric_limits<int64_t>::min()), StatusCode::kOutOfRange));
  EXPECT_TRUE(
      Fails(Decimal::FromInteger(std::numeric_limits<int64_t>::max()), StatusCode::kOutOfRange));
}

// --- Text ---

TEST(DecimalToStringTest, MinPlaces) {
  EXPECT_EQ(Decimal::FromInt(40).ToString(), "40.00");
  EXPECT_EQ(Decimal::FromInt(40).ToString(2), "40.00");
  EXPECT_EQ(D("1.2345").ToString(2), "1.2345");
  EXPECT_EQ(D("0.5").ToString(2), "0.50");
  EXPECT_EQ(Decimal::FromInt(3).ToString(0), "3");
  EXPECT_EQ(D("-0.05").ToString(), "-0.05");
  EXPECT_EQ(D("-0.05").ToString(0), "-0.05");
  EXPECT_EQ(D("-0.0001").ToString(0), "-0.0001");
  EXPECT_EQ(D("1.5").ToString(0), "1.5");
  EXPECT_EQ(D("1.5").ToString(4), "1.5000");
  EXPECT_EQ(D("-12.3").ToString(3), "-12.300");
  EXPECT_EQ(Decimal().ToString(), "0.00");
  EXPECT_EQ(Decimal().ToString(0), "0");
  EXPECT_EQ(D("-0").ToString(0), "0") << "no negative zero";
  EXPECT_EQ(D("1000000").ToString(0), "1000000") << "no thousands separators";
  EXPECT_EQ(kMax.ToString(0), "922337203685477.5807");
  EXPECT_EQ(kMin.ToString(0), "-922337203685477.5807");
}

TEST(DecimalToStringTest, Streams) {
  std::ostringstream os;
  os << D("12.5") << " " << D("-3");
  EXPECT_EQ(os.str(), "12.50 -3.00");
}

TEST(DecimalTest, Places) {
  EXPECT_EQ(D("1.50").places(), 1);
  EXPECT_EQ(D("2").places(), 0);
  EXPECT_EQ(D("0").places(), 0);
  EXPECT_EQ(D("0.0001").places(), 4);
  EXPECT_EQ(D("1.2345").places(), 4);
  EXPECT_EQ(D("-0.05").places(), 2);
  EXPECT_EQ(D("-1.230").places(), 2);
  EXPECT_EQ(D("100.100").places(), 1);
  EXPECT_EQ(kMax.places(), 4);
}

TEST(DecimalTest, SignHelpers) {
  EXPECT_TRUE(Decimal().is_zero());
  EXPECT_TRUE(D("-0").is_zero());
  EXPECT_FALSE(kTick.is_zero());
  EXPECT_TRUE(D("-0.0001").is_negative());
  EXPECT_FALSE(Decimal().is_negative());
  EXPECT_EQ(D("2.5").Negated(), D("-2.5"));
  EXPECT_EQ(kMin.Negated(), kMax);
  EXPECT_EQ(D("-2.5").Abs(), D("2.5"));
  EXPECT_EQ(D("2.5").Abs(), D("2.5"));
  EXPECT_EQ(kMin.Abs(), kMax);
}

TEST(DecimalTest, OrderingFollowsValue) {
  EXPECT_LT(D("-1"), D("0"));
  EXPECT_LT(D("0"), kTick);
  EXPECT_LT(D("0.9999"), D("1"));
  EXPECT_LT(D("-2"), D("-1.9999"));
  EXPECT_LT(kMin, kMax);
  EXPECT_EQ(D("1.5"), D("1.50"));
  EXPECT_EQ(D("1.5"), D("15e-1"));
  EXPECT_NE(D("1.5"), D("1.5001"));
}

// --- Addition ---

TEST(DecimalArithmeticTest, PlusAndMinus) {
  EXPECT_TRUE(Is(D("1.5").Plus(D("2.25")), "3.75"));
  EXPECT_TRUE(Is(D("1.5").Minus(D("2.25")), "-0.75"));
  EXPECT_TRUE(Is(D("0.1").Plus(D("0.2")), "0.3")) << "exact, unlike double";
  EXPECT_TRUE(Is(kMax.Plus(kMin), "0"));
  EXPECT_TRUE(Is(kMax.Minus(kMax), "0"));
  EXPECT_TRUE(Is(Decimal().Minus(kMin), "922337203685477.5807"));
  EXPECT_TRUE(Is(Decimal().Minus(kMax), "-922337203685477.5807"));
}

TEST(DecimalArithmeticTest, PlusAndMinusOverflowAtTheLimits) {
  EXPECT_TRUE(Is(kMax.Minus(kTick).value_or(Decimal()).Plus(kTick), "922337203685477.5807"));
  EXPECT_TRUE(Fails(kMax.Plus(kTick), StatusCode::kOutOfRange));
  EXPECT_TRUE(Fails(kMax.Plus(kMax), StatusCode::kOutOfRange));
  EXPECT_TRUE(Fails(kMin.Minus(kTick), StatusCode::kOutOfRange));
  // kMin - 0.0001 is INT64_MIN in raw terms: representable in int64 but outside the symmetric
  // range.
  EXPECT_TRUE(Fails(kMin.Plus(kTick.Negated()), StatusCode::kOutOfRange));
  EXPECT_TRUE(Fails(kMin.Plus(kMin), StatusCode::kOutOfRange));
  EXPECT_TRUE(Fails(kMax.Minus(kMin), StatusCode::kOutOfRange));
  EXPECT_TRUE(Fails(D("-1").Minus(kMax), StatusCode::kOutOfRange));
  const Result<Decimal> r = kMax.Plus(kTick);
  EXPECT_THAT(r.status().message(), HasSubstr("out of range"));
}

TEST(DecimalArithmeticTest, Sum) {
  const std::vector<Decimal> values = {D("1.10"), D("2.20"), D("-0.30")};
  EXPECT_TRUE(Is(Decimal::Sum(values), "3"));
  EXPECT_TRUE(Is(Decimal::Sum({}), "0"));
  const std::vector<Decimal> at_limit = {kMax, D("-1"), D("1")};
  EXPECT_TRUE(Is(Decimal::Sum(at_limit), "922337203685477.5807"));
  const std::vector<Decimal> over = {kMax, kTick};
  EXPECT_TRUE(Fails(Decimal::Sum(over), StatusCode::kOutOfRange));
  // The header promises failure when a partial sum leaves the range, even if the total would not.
  const std::vector<Decimal> partial_over = {kMax, kTick, kTick.Negated()};
  EXPECT_TRUE(Fails(Decimal::Sum(partial_over), StatusCode::kOutOfRange));
  const std::vector<Decimal> under = {kMin, D("-1")};
  EXPECT_TRUE(Fails(Decimal::Sum(under), StatusCode::kOutOfRange));
}

// --- Rounding ---

TEST(DecimalRoundTest, ModesOnTies) {
  struct Case {
    std::string_view value;
    std::string_view away, even, toward_zero;
  };
  const std::vector<Case> cases = {
      {"2.345", "2.35", "2.34", "2.34"},      {"2.355", "2.36", "2.36", "2.35"},
      {"-2.345", "-2.35", "-2.34", "-2.34"},  {"-2.355", "-2.36", "-2.36", "-2.35"},
      {"2.3449", "2.34", "2.34", "2.34"},     {"2.3451", "2.35", "2.35", "2.34"},
      {"-2.3451", "-2.35", "-2.35", "-2.34"}, {"2.349", "2.35", "2.35", "2.34"},
      {"2.34", "2.34", "2.34", "2.34"},       {"0.005", "0.01", "0", "0"},
      {"-0.005", "-0.01", "0", "0"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.value);
    EXPECT_TRUE(Is(D(c.value).Round(2), c.away)) << "default is half away from zero";
    EXPECT_TRUE(Is(D(c.value).Round(2, Rounding::kHalfAwayFromZero), c.away));
    EXPECT_TRUE(Is(D(c.value).Round(2, Rounding::kHalfEven), c.even));
    EXPECT_TRUE(Is(D(c.value).Round(2, Rounding::kTowardZero), c.toward_zero));
  }
}

TEST(DecimalRoundTest, EveryPlaceCount) {
  const Decimal x = D("-7.6545");
  EXPECT_TRUE(Is(x.Round(4), "-7.6545"));
  EXPECT_TRUE(Is(x.Round(3), "-7.655"));
  EXPECT_TRUE(Is(x.Round(3, Rounding::kHalfEven), "-7.654"));
  EXPECT_TRUE(Is(x.Round(2), "-7.65"));
  EXPECT_TRUE(Is(x.Round(1), "-7.7"));
  EXPECT_TRUE(Is(x.Round(0), "-8"));
  EXPECT_TRUE(Is(x.Round(0, Rounding::kTowardZero), "-7"));
  EXPECT_TRUE(Is(D("2.5").Round(0, Rounding::kHalfEven), "2"));
  EXPECT_TRUE(Is(D("3.5").Round(0, Rounding::kHalfEven), "4"));
}

TEST(DecimalRoundTest, RoundingUpCanOverflow) {
  EXPECT_TRUE(Is(kMax.Round(2), "922337203685477.58"));
  EXPECT_TRUE(Is(kMax.Round(0, Rounding::kTowardZero), "922337203685477"));
  EXPECT_TRUE(Fails(kMax.Round(0), StatusCode::kOutOfRange));  // ...477.5807 -> ...478
  EXPECT_TRUE(Fails(kMin.Round(0), StatusCode::kOutOfRange));
  EXPECT_TRUE(Is(kMax.Round(4), "922337203685477.5807"));
}

// --- Multiplication and division ---

TEST(DecimalTimesTest, RoundsOnceAtTheEnd) {
  EXPECT_TRUE(Is(D("19.95").Times(D("0.9"), 2), "17.96"));  // 17.955
  EXPECT_TRUE(Is(D("19.95").Times(D("0.9"), 2, Rounding::kHalfEven), "17.96"));
  EXPECT_TRUE(Is(D("19.95").Times(D("0.9"), 2, Rounding::kTowardZero), "17.95"));
  EXPECT_TRUE(Is(D("19.95").Times(D("0.9")), "17.955")) << "default keeps 4 places";
  EXPECT_TRUE(Is(D("1.5").Times(D("-2")), "-3"));
  EXPECT_TRUE(Is(D("-1.5").Times(D("-2")), "3"));
  EXPECT_TRUE(Is(D("123.45").Times(Decimal()), "0"));
  EXPECT_TRUE(Is(D("0.0001").Times(D("0.0001")), "0"));
  EXPECT_TRUE(Is(D("0.5").Times(D("0.0001")), "0.0001"));  // 0.00005, half away
  EXPECT_TRUE(Is(D("0.5").Times(D("0.0001"), 4, Rounding::kHalfEven), "0"));
  EXPECT_TRUE(Is(D("-0.5").Times(D("0.0001")), "-0.0001"));
  EXPECT_TRUE(Is(D("3").Times(D("1.1111"), 2), "3.33"));
}

TEST(DecimalTimesTest, Overflow) {
  EXPECT_TRUE(Is(kMax.Times(D("1")), "922337203685477.5807"));
  EXPECT_TRUE(Is(kMax.Times(D("-1")), "-922337203685477.5807"));
  EXPECT_TRUE(Fails(kMax.Times(D("1.0001")), StatusCode::kOutOfRange));
  EXPECT_TRUE(Fails(kMax.Times(kMax), StatusCode::kOutOfRange));
  EXPECT_TRUE(Fails(kMin.Times(D("2")), StatusCode::kOutOfRange));
  EXPECT_TRUE(Is(D("30000000").Times(D("30000000")), "900000000000000"));
  EXPECT_TRUE(Fails(D("40000000").Times(D("40000000")), StatusCode::kOutOfRange));
}

TEST(DecimalPercentTest, PercentOf) {
  EXPECT_TRUE(Is(D("76.30").PercentOf(D("15"), 2), "11.45"));  // 11.445
  EXPECT_TRUE(Is(D("76.30").PercentOf(D("15"), 2, Rounding::kHalfEven), "11.44"));
  EXPECT_TRUE(Is(D("76.30").PercentOf(D("15"), 2, Rounding::kTowardZero), "11.44"));
  EXPECT_TRUE(Is(D("76.30").PercentOf(D("15"), 4), "11.445"));
  EXPECT_TRUE(Is(D("-76.30").PercentOf(D("15"), 2), "-11.45"));
  EXPECT_TRUE(Is(D("200").PercentOf(D("12.5"), 2), "25"));
  EXPECT_TRUE(Is(D("200").PercentOf(D("0"), 2), "0"));
}

TEST(DecimalPercentTest, LessPercent) {
  EXPECT_TRUE(Is(D("2500").LessPercent(D("10"), 2), "2250.00"));
  EXPECT_TRUE(Is(D("19.95").LessPercent(D("10"), 2), "17.96"));  // 17.955
  EXPECT_TRUE(Is(D("19.95").LessPercent(D("10"), 2, Rounding::kHalfEven), "17.96"));
  EXPECT_TRUE(Is(D("19.95").LessPercent(D("10"), 2, Rounding::kTowardZero), "17.95"));
  EXPECT_TRUE(Is(D("19.95").LessPercent(D("0"), 2), "19.95"));
  EXPECT_TRUE(Is(D("19.95").LessPercent(D("100"), 2), "0"));
  EXPECT_TRUE(Is(D("100").LessPercent(D("-10"), 2), "110")) << "a negative discount is a markup";
  EXPECT_TRUE(Fails(D("1").LessPercent(kMin, 2), StatusCode::kOutOfRange));
}

TEST(DecimalRatioTest, TwoFactorsOverOne) {
  // A tax-inclusive line: 20 x 15 / 115 = 2.608695...
  EXPECT_TRUE(Is(Decimal::Ratio({D("20"), D("15")}, {D("115")}, 2), "2.61"));
  EXPECT_TRUE(Is(Decimal::Ratio({D("20"), D("15")}, {D("115")}, 4), "2.6087"));
  EXPECT_TRUE(
      Is(Decimal::Ratio({D("20"), D("15")}, {D("115")}, 4, Rounding::kTowardZero), "2.6086"));
  EXPECT_TRUE(Is(Decimal::Ratio({D("20"), D("15")}, {D("115")}, 0), "3"));
}

TEST(DecimalRatioTest, ThreeFactorNumerator) {
  // quantity x unit price x rate / 100: 2 x 19.95 x 15 / 100 = 5.985 exactly.
  EXPECT_TRUE(Is(Decimal::Ratio({D("2"), D("19.95"), D("15")}, {D("100")}, 2), "5.99"));
  EXPECT_TRUE(Is(Decimal::Ratio({D("2"), D("19.95"), D("15")}, {D("100")}, 2, Rounding::kHalfEven),
                 "5.98"));
  EXPECT_TRUE(Is(Decimal::Ratio({D("2"), D("19.95"), D("15")}, {D("100")}, 4), "5.985"));
  // Two denominator factors: 5.985 / 1.15 = 5.2043478...
  EXPECT_TRUE(Is(Decimal::Ratio({D("2"), D("19.95"), D("15")}, {D("100"), D("1.15")}, 2), "5.2"));
  EXPECT_TRUE(
      Is(Decimal::Ratio({D("2"), D("19.95"), D("15")}, {D("100"), D("1.15")}, 4), "5.2043"));
  // No denominator: a plain rounded product.
  EXPECT_TRUE(Is(Decimal::Ratio({D("1.5"), D("1.5"), D("1.5")}, {}, 2), "3.38"));  // 3.375
}

TEST(DecimalRatioTest, Signs) {
  EXPECT_TRUE(Is(Decimal::Ratio({D("-20"), D("15")}, {D("115")}, 2), "-2.61"));
  EXPECT_TRUE(Is(Decimal::Ratio({D("20"), D("-15")}, {D("115")}, 2), "-2.61"));
  EXPECT_TRUE(Is(Decimal::Ratio({D("20"), D("15")}, {D("-115")}, 2), "-2.61"));
  EXPECT_TRUE(Is(Decimal::Ratio({D("-20"), D("15")}, {D("-115")}, 2), "2.61"));
  EXPECT_TRUE(Is(Decimal::Ratio({D("-20"), D("-15")}, {D("-115")}, 2), "-2.61"));
  EXPECT_TRUE(Is(Decimal::Ratio({D("-20"), D("-15"), D("-1")}, {D("-115"), D("-1")}, 2), "-2.61"));
  // Ties round by magnitude, symmetric around zero.
  EXPECT_TRUE(Is(Decimal::Ratio({D("-1")}, {D("8")}, 2), "-0.13"));  // -0.125
  EXPECT_TRUE(Is(Decimal::Ratio({D("-1")}, {D("8")}, 2, Rounding::kHalfEven), "-0.12"));
  EXPECT_TRUE(Is(Decimal::Ratio({D("-1")}, {D("8")}, 2, Rounding::kTowardZero), "-0.12"));
  EXPECT_TRUE(Is(Decimal::Ratio({D("0")}, {D("-8")}, 2), "0"));
}

TEST(DecimalRatioTest, DivisionByZero) {
  const Result<Decimal> r = Decimal::Ratio({D("20")}, {D("0")}, 2);
  ASSERT_TRUE(Fails(r, StatusCode::kInvalidArgument));
  EXPECT_THAT(r.status().message(), HasSubstr("division by zero"));
  EXPECT_TRUE(Fails(Decimal::Ratio({D("20")}, {D("3"), D("0")}, 2), StatusCode::kInvalidArgument));
  EXPECT_TRUE(Fails(Decimal::Ratio({D("0")}, {D("0")}, 2), StatusCode::kInvalidArgument));
}

TEST(DecimalRatioTest, Overflow) {
  // The result itself does not fit.
  EXPECT_TRUE(Fails(Decimal::Ratio({kMax}, {D("0.5")}, 4), StatusCode::kOutOfRange));
  EXPECT_TRUE(Is(Decimal::Ratio({kMax}, {D("1")}, 4), "922337203685477.5807"));
  // kMax^2 / kMax: the intermediate (about 2^126) still fits in 128 bits.
  EXPECT_TRUE(Is(Decimal::Ratio({kMax, kMax}, {kMax}, 4), "922337203685477.5807"));
  // kMax^3 / kMax^2 is kMax, but the documented contract fails it: kMax^3 exceeds 128 bits.
  EXPECT_TRUE(Fails(Decimal::Ratio({kMax, kMax, kMax}, {kMax, kMax}, 4), StatusCode::kOutOfRange));
  // A quotient near zero can fail too: with three numerator factors and none of the places kept,
  // the divisor kMax^2 is scaled by 10^4 (e = 0 + 8 - 12), past 128 bits.
  EXPECT_TRUE(
      Fails(Decimal::Ratio({kTick, kTick, kTick}, {kMax, kMax}, 0), StatusCode::kOutOfRange));
  EXPECT_TRUE(Is(Decimal::Ratio({kTick, kTick, kTick}, {kMax, kMax}, 4), "0"));  // 10^0: fits
  EXPECT_TRUE(Is(Decimal::Ratio({kTick}, {kMax, kMax}, 4), "0"));
}

}  // namespace
}  // namespace xerosync
