#pragma once
// Decimal: an exact amount with four decimal places, for money, quantities and rates.
//
// No floating point anywhere: the value is an int64 count of ten-thousandths, so every amount Xero
// accepts (line amounts at 2 dp, unit amounts and quantities up to 4 dp) is held exactly, up to
// ±922,337,203,685,477.5807. Arithmetic that would leave that range, or parse input with more
// places than four, fails with a Status: never silently wrong. Multiplications and divisions are
// computed exactly in 128-bit integers and rounded once, at the end, to the places asked for.
//
// Rounding: Xero rounds monetary results to 2 dp half away from zero ("Rounding in Xero",
// developer.xero.com/documentation/api-guides/rounding-in-xero; see docs/money.md). Other modes are
// offered for callers that need them.
//
// Thread safety: a value type.

#include <compare>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <ostream>
#include <span>
#include <string>
#include <string_view>

#include "core/result.h"

namespace xerosync {

enum class Rounding {
  kHalfAwayFromZero,  // 2.345 -> 2.35, -2.345 -> -2.35 (Xero's rounding)
  kHalfEven,          // 2.345 -> 2.34, 2.355 -> 2.36 (banker's)
  kTowardZero,        // truncation: 2.349 -> 2.34
};

class Decimal {
 public:
  static constexpr int kPlaces = 4;
  static constexpr int64_t kOne = 10000;  // raw value of 1
  // The range is symmetric so that negation never overflows.
  static constexpr int64_t kMaxRaw = std::numeric_limits<int64_t>::max();
  static constexpr int64_t kMinRaw = -kMaxRaw;

  // Zero.
  constexpr Decimal() = default;

  // A whole number. Every int32 fits, so this cannot fail.
  static constexpr Decimal FromInt(int32_t whole) { return Decimal(int64_t{whole} * kOne); }
  // A whole number; kOutOfRange past the range.
  static Result<Decimal> FromInteger(int64_t whole);
  // The value raw / 10^4. REQUIRES: kMinRaw <= raw (always true but for INT64_MIN).
  static constexpr Decimal FromRaw(int64_t raw) { return Decimal(raw); }

  // Parses "-12.5", "0.0001", "1e3", "2.50E-2" (JSON number syntax, plus an optional leading '+').
  // Digits past the fourth decimal place are accepted only when they are zeros ("1.50000").
  // kInvalidArgument for anything that is not a number or has more than 4 decimal places;
  // kOutOfRange when it does not fit.
  static Result<Decimal> Parse(std::string_view text);

  // The value times 10^4.
  constexpr int64_t raw() const { return raw_; }
  constexpr bool is_zero() const { return raw_ == 0; }
  constexpr bool is_negative() const { return raw_ < 0; }
  // How many decimal places the value really has (0 to 4): 1.50 -> 1, 2 -> 0, 0.0001 -> 4.
  int places() const;

  // Shortest text with at least `min_places` decimals: ToString(2) of 40 is "40.00", of 1.2345 is
  // "1.2345", of 0.5 is "0.50". REQUIRES: 0 <= min_places <= 4.
  std::string ToString(int min_places = 2) const;

  // Checked arithmetic: kOutOfRange on overflow.
  Result<Decimal> Plus(Decimal other) const;
  Result<Decimal> Minus(Decimal other) const;
  constexpr Decimal Negated() const { return Decimal(-raw_); }
  constexpr Decimal Abs() const { return raw_ < 0 ? Negated() : *this; }

  // This value rounded to `places` decimals (0 to 4).
  Result<Decimal> Round(int places, Rounding mode = Rounding::kHalfAwayFromZero) const;
  // this × other, exact, then rounded to `places`.
  Result<Decimal> Times(Decimal other, int places = kPlaces,
                        Rounding mode = Rounding::kHalfAwayFromZero) const;
  // this × percent / 100, rounded to `places` (e.g. the tax at 15% of a line amount).
  Result<Decimal> PercentOf(Decimal percent, int places,
                            Rounding mode = Rounding::kHalfAwayFromZero) const;
  // this × (100 − percent) / 100, rounded to `places` (an amount less a percentage discount).
  Result<Decimal> LessPercent(Decimal percent, int places,
                              Rounding mode = Rounding::kHalfAwayFromZero) const;

  // (n1 × n2 × ...) / (d1 × d2 × ...), computed exactly and rounded once to `places`.
  // REQUIRES: 1 to 3 numerator factors, at most 2 denominator factors.
  // kInvalidArgument on division by zero; kOutOfRange when an intermediate product exceeds
  // 128 bits or the result does not fit.
  static Result<Decimal> Ratio(std::initializer_list<Decimal> numerator,
                               std::initializer_list<Decimal> denominator, int places,
                               Rounding mode = Rounding::kHalfAwayFromZero);

  // The sum of `values`; kOutOfRange if it (or a partial sum) leaves the range.
  static Result<Decimal> Sum(std::span<const Decimal> values);

  friend constexpr auto operator<=>(Decimal, Decimal) = default;
  friend constexpr bool operator==(Decimal, Decimal) = default;

 private:
  constexpr explicit Decimal(int64_t raw) : raw_(raw) {}

  int64_t raw_ = 0;
};

// Prints ToString(): "12.50".
std::ostream& operator<<(std::ostream& os, Decimal value);

}  // namespace xerosync
