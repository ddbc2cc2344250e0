// Property tests for Decimal against an independent wide-integer reference (Boost.Multiprecision's
// cpp_int, header-only, test-only). Every case is random from a fixed seed, printed at the start;
// set XEROSYNC_PROPERTY_SEED to replay or explore another seed.

#include <gtest/gtest.h>

#include <array>
#include <boost/multiprecision/cpp_int.hpp>
#include <cstdint>
#include <cstdlib>
#include <initializer_list>
#include <iostream>
#include <limits>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "core/decimal.h"

namespace xerosync {
namespace {

using boost::multiprecision::cpp_int;

constexpr uint64_t kDefaultSeed = 0x5EED'2026'0101ULL;
constexpr std::array<Rounding, 3> kModes = {Rounding::kHalfAwayFromZero, Rounding::kHalfEven,
                                            Rounding::kTowardZero};

uint64_t Seed() {
  static const uint64_t seed = [] {
    const char* env = std::getenv("XEROSYNC_PROPERTY_SEED");
    return env != nullptr && *env != '\0' ? std::strtoull(env, nullptr, 0) : kDefaultSeed;
  }();
  return seed;
}

// One generator per test so each test's cases do not depend on which other tests ran.
std::mt19937_64 Rng(uint64_t salt) {
  std::cout << "[property] seed " << Seed() << " (XEROSYNC_PROPERTY_SEED overrides)\n";
  return std::mt19937_64(Seed() ^ (salt * 0x9E3779B97F4A7C15ULL));
}

void Report(std::string_view what, long cases, long checks) {
  std::cout << "[property] " << what << ": " << cases << " cases, " << checks << " checks\n";
}

const cpp_int& MaxRaw() {
  static const cpp_int v = Decimal::kMaxRaw;
  return v;
}
const cpp_int& MaxU128() {
  static const cpp_int v = (cpp_int(1) << 128) - 1;
  return v;
}
cpp_int Pow10(int n) {
  cpp_int p = 1;
  for (int i = 0; i < n; ++i) p *= 10;
  return p;
}
int64_t ToInt64(const cpp_int& v) { return v.convert_to<int64_t>(); }

int64_t Uniform(std::mt19937_64& rng, int64_t lo, int64_t hi) {
  return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
}

// A raw value in [kMinRaw, kMaxRaw] from a mix of the magnitudes that matter.
int64_t RandomRaw(std::mt19937_64& rng) {
  const int64_t sign = rng() % 2 == 0 ? 1 : -1;
  switch (rng() % 7) {
    case 0:  // whole cents up to ±1,000,000.00
      return Uniform(rng, -100'000'000, 100'000'000) * 100;
    case 1:  // small values in ten-thousandths
      return Uniform(rng, -200'000, 200'000);
    case 2:  // near the limits
      return sign * (Decimal::kMaxRaw - Uniform(rng, 0, 100'000));
    case 3: {  // any int64 but INT64_MIN
      int64_t v = std::numeric_limits<int64_t>::min();
      while (v == std::numeric_limits<int64_t>::min()) v = static_cast<int64_t>(rng());
      return v;
    }
    case 4: {  // log-uniform magnitude: 1 to 19 digits
      const int digits = static_cast<int>(Uniform(rng, 1, 19));
      const int64_t hi = digits == 19 ? Decimal::kMaxRaw : ToInt64(Pow10(digits) - 1);
      return sign * Uniform(rng, 0, hi);
    }
    case 5: {  // few significant places: m x 10^k
      const int64_t m = Uniform(rng, 0, 99'999);
      const int k = static_cast<int>(Uniform(rng, 0, 13));
      return sign * ToInt64(cpp_int(m) * Pow10(k));
    }
    default: {
      static constexpr std::array<int64_t, 12> kSpecial = {0,
                                                           1,
                                                           5'000,
                                                           10'000,
                                                           15'000,
                                                           50,
                                                           100,
                                                           1'000'000,
                                                           Decimal::kMaxRaw,
                                                           Decimal::kMaxRaw - 1,
                                                           Decimal::kMaxRaw / 2,
                                                           Decimal::kMaxRaw / 10'000};
      return sign * kSpecial[rng() % kSpecial.size()];
    }
  }
}

// Log-uniform magnitudes only: products of these fit 128 bits sometimes and not at other times.
int64_t RandomFactor(std::mt19937_64& rng) {
  if (rng() % 8 == 0) return RandomRaw(rng);
  const int digits = static_cast<int>(Uniform(rng, 1, 19));
  const int64_t hi = digits == 19 ? Decimal::kMaxRaw : ToInt64(Pow10(digits) - 1);
  const int64_t lo = digits == 1 ? 1 : ToInt64(Pow10(digits - 1));
  return (rng() % 2 == 0 ? 1 : -1) * Uniform(rng, lo, hi);
}

// n / d rounded to an integer by `mode`, written independently of decimal.cc (floor of n/d + 1/2
// on magnitudes). REQUIRES: d != 0.
cpp_int RoundedQuotient(const cpp_int& n, const cpp_int& d, Rounding mode) {
  const bool negative = (n < 0) != (d < 0);
  const cpp_int an = abs(n);
  const cpp_int ad = abs(d);
  cpp_int q;
  switch (mode) {
    case Rounding::kTowardZero:
      q = an / ad;
      break;
    case Rounding::kHalfAwayFromZero:
      q = (2 * an + ad) / (2 * ad);
      break;
    case Rounding::kHalfEven: {
      const cpp_int twice_plus = 2 * an + ad;
      q = twice_plus / (2 * ad);
      const bool exact_tie = twice_plus % (2 * ad) == 0;
      if (exact_tie && q % 2 != 0) q -= 1;
      break;
    }
  }
  return negative ? cpp_int(-q) : q;
}

// What Decimal::Ratio must return, modelled from its contract and the intermediate sizes decimal.cc
// documents: |n1 x n2 x ...| x 10^max(e,0) and |d1 x ...| x 10^max(-e,0), e = places + 4|den| -
// 4|num|, must each fit in 128 bits, then the rounded result in the range.
struct Expected {
  enum Kind { kValue, kIntermediateOverflow, kResultOverflow } kind;
  int64_t raw = 0;
  bool would_fit = false;  // for kIntermediateOverflow: whether the exact result would have fit
};

Expected ReferenceRatio(const std::vector<int64_t>& num, const std::vector<int64_t>& den,
                        int places, Rounding mode) {
  cpp_int n = 1;
  for (int64_t f : num) n *= f;
  cpp_int d = 1;
  for (int64_t f : den) d *= f;
  const int e = places + 4 * static_cast<int>(den.size()) - 4 * static_cast<int>(num.size());
  if (e >= 0) {
    n *= Pow10(e);
  } else {
    d *= Pow10(-e);
  }
  // Exact: value x 10^places = n / d; the result's raw is that, rounded, times 10^(4 - places).
  const cpp_int raw = RoundedQuotient(n, d, mode) * Pow10(4 - places);
  const bool fits = abs(raw) <= MaxRaw();
  if (abs(n) > MaxU128() || abs(d) > MaxU128()) {
    return {Expected::kIntermediateOverflow, 0, fits};
  }
  if (!fits) return {Expected::kResultOverflow, 0, false};
  return {Expected::kValue, ToInt64(raw), true};
}

// Ratio takes initializer lists; spell out each shape the contract allows.
Result<Decimal> CallRatio(const std::vector<int64_t>& n, const std::vector<int64_t>& d, int places,
                          Rounding mode) {
  auto D = [](int64_t raw) { return Decimal::FromRaw(raw); };
  switch (n.size() * 10 + d.size()) {
    case 10:
      return Decimal::Ratio({D(n[0])}, {}, places, mode);
    case 11:
      return Decimal::Ratio({D(n[0])}, {D(d[0])}, places, mode);
    case 12:
      return Decimal::Ratio({D(n[0])}, {D(d[0]), D(d[1])}, places, mode);
    case 20:
      return Decimal::Ratio({D(n[0]), D(n[1])}, {}, places, mode);
    case 21:
      return Decimal::Ratio({D(n[0]), D(n[1])}, {D(d[0])}, places, mode);
    case 22:
      return Decimal::Ratio({D(n[0]), D(n[1])}, {D(d[0]), D(d[1])}, places, mode);
    case 30:
      return Decimal::Ratio({D(n[0]), D(n[1]), D(n[2])}, {}, places, mode);
    case 31:
      return Decimal::Ratio({D(n[0]), D(n[1]), D(n[2])}, {D(d[0])}, places, mode);
    case 32:
      return Decimal::Ratio({D(n[0]), D(n[1]), D(n[2])}, {D(d[0]), D(d[1])}, places, mode);
  }
  ADD_FAILURE() << "unsupported shape";
  return InternalError("unsupported shape");
}

std::string Describe(const std::vector<int64_t>& n, const std::vector<int64_t>& d, int places,
                     Rounding mode) {
  std::string out = "(";
  for (std::size_t i = 0; i < n.size(); ++i) {
    out += (i ? " x " : "") + Decimal::FromRaw(n[i]).ToString(0);
  }
  out += ") / (";
  for (std::size_t i = 0; i < d.size(); ++i) {
    out += (i ? " x " : "") + Decimal::FromRaw(d[i]).ToString(0);
  }
  return out + ") at " + std::to_string(places) + " places, mode " +
         std::to_string(static_cast<int>(mode));
}

// Compares one Ratio-shaped result with the reference; returns the reference's kind.
::testing::AssertionResult Matches(const Result<Decimal>& got, const Expected& want) {
  if (want.kind == Expected::kValue) {
    if (!got.ok()) {
      return ::testing::AssertionFailure()
             << "expected raw " << want.raw << ", got " << got.status();
    }
    if (got->raw() != want.raw) {
      return ::testing::AssertionFailure()
             << "expected raw " << want.raw << ", got raw " << got->raw();
    }
    return ::testing::AssertionSuccess();
  }
  if (got.ok()) {
    return ::testing::AssertionFailure() << "expected OUT_OF_RANGE, got raw " << got->raw();
  }
  if (got.status().code() != StatusCode::kOutOfRange) {
    return ::testing::AssertionFailure() << "expected OUT_OF_RANGE, got " << got.status();
  }
  return ::testing::AssertionSuccess();
}

// The reference text: sign, whole part, then the fraction without trailing zeros beyond
// min_places.
std::string ReferenceText(int64_t raw, int min_places) {
  const cpp_int v = abs(cpp_int(raw));
  std::string frac = cpp_int(v % 10'000).str();
  frac.insert(0, 4 - frac.size(), '0');
  while (static_cast<int>(frac.size()) > min_places && frac.back() == '0') frac.pop_back();
  return (raw < 0 ? "-" : "") + cpp_int(v / 10'000).str() + (frac.empty() ? "" : "." + frac);
}

TEST(DecimalPropertyTest, ToStringParsesBackForEveryMinPlaces) {
  std::mt19937_64 rng = Rng(1);
  constexpr long kCases = 100'000;
  long checks = 0;
  for (long i = 0; i < kCases; ++i) {
    const Decimal x = Decimal::FromRaw(RandomRaw(rng));
    for (int k = 0; k <= 4; ++k) {
      const std::string text = x.ToString(k);
      ASSERT_EQ(text, ReferenceText(x.raw(), k)) << "raw " << x.raw() << ", min_places " << k;
      const Result<Decimal> back = Decimal::Parse(text);
      ASSERT_TRUE(back.ok()) << text << ": " << back.status();
      ASSERT_EQ(back->raw(), x.raw()) << text;
      ++checks;
    }
  }
  Report("Parse(ToString(x, k)) == x", kCases, checks);
}

TEST(DecimalPropertyTest, PlusAndMinusMatchWideSums) {
  std::mt19937_64 rng = Rng(2);
  constexpr long kCases = 100'000;
  long checks = 0;
  long overflows = 0;
  for (long i = 0; i < kCases; ++i) {
    const int64_t a = RandomRaw(rng);
    const int64_t b = RandomRaw(rng);
    for (const bool minus : {false, true}) {
      const cpp_int want = minus ? cpp_int(cpp_int(a) - b) : cpp_int(cpp_int(a) + b);
      const Decimal x = Decimal::FromRaw(a);
      const Decimal y = Decimal::FromRaw(b);
      const Result<Decimal> got = minus ? x.Minus(y) : x.Plus(y);
      if (abs(want) <= MaxRaw()) {
        ASSERT_TRUE(got.ok()) << a << (minus ? " - " : " + ") << b << ": " << got.status();
        ASSERT_EQ(cpp_int(got->raw()), want) << a << (minus ? " - " : " + ") << b;
      } else {
        ++overflows;
        ASSERT_FALSE(got.ok()) << a << (minus ? " - " : " + ") << b << " gave " << got->raw();
        ASSERT_EQ(got.status().code(), StatusCode::kOutOfRange) << got.status();
      }
      ++checks;
    }
  }
  Report("Plus/Minus", kCases, checks);
  // Both outcomes must be well represented, or the property says little.
  EXPECT_GT(overflows, checks / 50);
  EXPECT_LT(overflows, checks - checks / 50);
}

TEST(DecimalPropertyTest, TimesRoundAndPercentOfMatchReference) {
  std::mt19937_64 rng = Rng(3);
  constexpr long kCases = 20'000;
  long checks = 0;
  std::array<long, 3> kinds{};
  for (long i = 0; i < kCases; ++i) {
    const int64_t a = rng() % 2 == 0 ? RandomRaw(rng) : RandomFactor(rng);
    const int64_t b = rng() % 2 == 0 ? RandomRaw(rng) : RandomFactor(rng);
    const Decimal x = Decimal::FromRaw(a);
    const Decimal y = Decimal::FromRaw(b);
    for (int places = 0; places <= 4; ++places) {
      for (Rounding mode : kModes) {
        const Expected times = ReferenceRatio({a, b}, {}, places, mode);
        ASSERT_TRUE(Matches(x.Times(y, places, mode), times)) << Describe({a, b}, {}, places, mode);
        const Expected round = ReferenceRatio({a}, {}, places, mode);
        ASSERT_TRUE(Matches(x.Round(places, mode), round)) << Describe({a}, {}, places, mode);
        const Expected percent = ReferenceRatio({a, b}, {100 * Decimal::kOne}, places, mode);
        ASSERT_TRUE(Matches(x.PercentOf(y, places, mode), percent))
            << "percent " << Describe({a, b}, {100 * Decimal::kOne}, places, mode);
        ++kinds[times.kind];
        checks += 3;
      }
    }
  }
  Report("Times/Round/PercentOf", kCases, checks);
  EXPECT_GT(kinds[Expected::kValue], kCases);
  EXPECT_GT(kinds[Expected::kResultOverflow], kCases);
}

TEST(DecimalPropertyTest, RatioMatchesReferenceIncludingIntermediateOverflow) {
  std::mt19937_64 rng = Rng(4);
  constexpr long kCases = 40'000;
  long checks = 0;
  std::array<long, 3> kinds{};
  long intermediate_but_would_fit = 0;
  for (long i = 0; i < kCases; ++i) {
    std::vector<int64_t> num(static_cast<std::size_t>(Uniform(rng, 1, 3)));
    std::vector<int64_t> den(static_cast<std::size_t>(Uniform(rng, 0, 2)));
    for (int64_t& f : num) f = RandomFactor(rng);
    for (int64_t& f : den) {
      f = RandomFactor(rng);
      if (f == 0) f = 1;  // division by zero is tested on its own
    }
    for (int places = 0; places <= 4; ++places) {
      for (Rounding mode : kModes) {
        const Expected want = ReferenceRatio(num, den, places, mode);
        ASSERT_TRUE(Matches(CallRatio(num, den, places, mode), want))
            << Describe(num, den, places, mode);
        ++kinds[want.kind];
        if (want.kind == Expected::kIntermediateOverflow && want.would_fit) {
          ++intermediate_but_would_fit;
        }
        ++checks;
      }
    }
  }
  Report("Ratio", kCases, checks);
  std::cout << "[property] Ratio outcomes: " << kinds[Expected::kValue] << " values, "
            << kinds[Expected::kResultOverflow] << " result overflows, "
            << kinds[Expected::kIntermediateOverflow] << " intermediate overflows ("
            << intermediate_but_would_fit << " of them with a result that would fit)\n";
  EXPECT_GT(kinds[Expected::kValue], checks / 10);
  EXPECT_GT(kinds[Expected::kResultOverflow], checks / 20);
  EXPECT_GT(kinds[Expected::kIntermediateOverflow], checks / 20);
  EXPECT_GT(intermediate_but_would_fit, checks / 200);
}

TEST(DecimalPropertyTest, RatioDividesByZeroAsInvalidArgument) {
  std::mt19937_64 rng = Rng(5);
  constexpr long kCases = 2'000;
  for (long i = 0; i < kCases; ++i) {
    // Numerators small enough that no product overflows first.
    std::vector<int64_t> num(static_cast<std::size_t>(Uniform(rng, 1, 3)));
    for (int64_t& f : num) f = Uniform(rng, -1'000'000, 1'000'000);
    std::vector<int64_t> den(static_cast<std::size_t>(Uniform(rng, 1, 2)));
    for (int64_t& f : den) f = Uniform(rng, -1'000'000, 1'000'000);
    den[rng() % den.size()] = 0;
    const int places = static_cast<int>(Uniform(rng, 0, 4));
    const Result<Decimal> got = CallRatio(num, den, places, kModes[rng() % 3]);
    ASSERT_FALSE(got.ok()) << Describe(num, den, places, Rounding::kHalfEven);
    ASSERT_EQ(got.status().code(), StatusCode::kInvalidArgument) << got.status();
  }
  Report("Ratio by zero", kCases, kCases);
}

TEST(DecimalPropertyTest, OrderingFollowsRaw) {
  std::mt19937_64 rng = Rng(6);
  constexpr long kCases = 100'000;
  for (long i = 0; i < kCases; ++i) {
    const int64_t a = RandomRaw(rng);
    const int64_t b = rng() % 8 == 0 ? a : RandomRaw(rng);
    const Decimal x = Decimal::FromRaw(a);
    const Decimal y = Decimal::FromRaw(b);
    ASSERT_EQ(x < y, a < b) << a << " " << b;
    ASSERT_EQ(x > y, a > b) << a << " " << b;
    ASSERT_EQ(x == y, a == b) << a << " " << b;
    ASSERT_EQ(x <= y, a <= b) << a << " " << b;
    ASSERT_EQ(x <=> y, a <=> b) << a << " " << b;
    // Ordering by value: the reference compares the exact values a/10^4 and b/10^4.
    ASSERT_EQ(x < y, cpp_int(a) < cpp_int(b));
  }
  Report("ordering", kCases, kCases * 6);
}

// Text for m x 10^-s, in a random spelling: sign, leading zeros, trailing fraction zeros, and an
// exponent that moves the decimal point.
std::string RandomSpelling(const cpp_int& m, int s, std::mt19937_64& rng) {
  std::string digits = cpp_int(abs(m)).str();
  const bool use_exponent = rng() % 2 == 0;
  const int t = use_exponent ? static_cast<int>(Uniform(rng, -8, 8)) : 0;
  // mantissa = m x 10^-(s + t), so that mantissa x 10^t = m x 10^-s.
  const int frac = s + t;
  std::string mantissa;
  if (frac <= 0) {
    mantissa = digits + std::string(static_cast<std::size_t>(-frac), '0');
    if (rng() % 4 == 0) mantissa += "." + std::string(1 + rng() % 3, '0');
  } else {
    const auto f = static_cast<std::size_t>(frac);
    if (digits.size() <= f) digits.insert(0, f - digits.size() + 1, '0');
    mantissa = digits.substr(0, digits.size() - f) + "." + digits.substr(digits.size() - f);
    if (rng() % 4 == 0) mantissa += std::string(1 + rng() % 3, '0');
  }
  if (rng() % 4 == 0) mantissa.insert(0, 1 + rng() % 3, '0');
  std::string text;
  if (m < 0 || (m == 0 && rng() % 2 == 0)) {
    text = "-";
  } else if (rng() % 5 == 0) {
    text = "+";
  }
  text += mantissa;
  if (use_exponent) {
    text += rng() % 2 == 0 ? 'e' : 'E';
    if (t < 0) {
      text += '-';
    } else if (rng() % 2 == 0) {
      text += '+';
    }
    if (rng() % 4 == 0) text += '0';
    text += std::to_string(t < 0 ? -t : t);
  }
  return text;
}

TEST(DecimalPropertyTest, ParseOfRandomSpellingsMatchesReference) {
  std::mt19937_64 rng = Rng(7);
  constexpr long kCases = 100'000;
  std::array<long, 3> outcomes{};  // value, invalid (places), out of range
  for (long i = 0; i < kCases; ++i) {
    cpp_int m;
    int s = 0;
    if (rng() % 2 == 0) {
      // A representable value, written with s places (zeros past the fourth are allowed).
      const int64_t raw = RandomRaw(rng);
      s = static_cast<int>(Uniform(rng, 0, 8));
      m = s >= 4 ? cpp_int(cpp_int(raw) * Pow10(s - 4)) : cpp_int(cpp_int(raw) / Pow10(4 - s));
    } else {
      // Anything: up to 30 significant digits and up to 9 places.
      const int n_digits = static_cast<int>(Uniform(rng, 1, 30));
      // A leading non-zero digit: cpp_int reads "0..." as octal.
      std::string digits(1, static_cast<char>('1' + rng() % 9));
      for (int d = 1; d < n_digits; ++d) digits += static_cast<char>('0' + rng() % 10);
      m = cpp_int(digits);
      if (rng() % 2 == 0) m = -m;
      s = static_cast<int>(Uniform(rng, 0, 9));
    }
    const std::string text = RandomSpelling(m, s, rng);
    const Result<Decimal> got = Decimal::Parse(text);

    // The value m x 10^-s has raw m x 10^(4-s): not a Decimal when that is not whole.
    if (s > 4 && m % Pow10(s - 4) != 0) {
      ++outcomes[1];
      ASSERT_FALSE(got.ok()) << text << " gave " << got->raw();
      ASSERT_EQ(got.status().code(), StatusCode::kInvalidArgument) << text << ": " << got.status();
      continue;
    }
    const cpp_int raw = s >= 4 ? cpp_int(m / Pow10(s - 4)) : cpp_int(m * Pow10(4 - s));
    if (abs(raw) > MaxRaw()) {
      ++outcomes[2];
      ASSERT_FALSE(got.ok()) << text << " gave " << got->raw();
      ASSERT_EQ(got.status().code(), StatusCode::kOutOfRange) << text << ": " << got.status();
      continue;
    }
    ++outcomes[0];
    ASSERT_TRUE(got.ok()) << text << ": " << got.status();
    ASSERT_EQ(cpp_int(got->raw()), raw) << text;
  }
  Report("Parse of random spellings", kCases, kCases);
  std::cout << "[property] Parse outcomes: " << outcomes[0] << " values, " << outcomes[1]
            << " with too many places, " << outcomes[2] << " out of range\n";
  EXPECT_GT(outcomes[0], kCases / 4);
  EXPECT_GT(outcomes[1], kCases / 20);
  EXPECT_GT(outcomes[2], kCases / 20);
}

}  // namespace
}  // namespace xerosync
