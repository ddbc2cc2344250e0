#include "core/decimal.h"

#include <array>
#include <cassert>
#include <string>

#include "core/status.h"

namespace xerosync {
namespace {

__extension__ typedef unsigned __int128 Uint128;

constexpr int kMaxDigits = 19;  // digits of kMaxRaw

// 10^n for 0 <= n <= 38 (the largest power of ten below 2^128).
Uint128 Pow10(int n) {
  Uint128 p = 1;
  for (int i = 0; i < n; ++i) p *= 10;
  return p;
}

bool MulOverflows(Uint128 a, Uint128 b, Uint128* out) { return __builtin_mul_overflow(a, b, out); }

Status OutOfRange(std::string_view what) {
  return OutOfRangeError("amount out of range: " + std::string(what) +
                         " (the largest is 922337203685477.5807)");
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Quotient of n / d rounded by `mode`. REQUIRES: d > 0.
Uint128 DivideRounded(Uint128 n, Uint128 d, Rounding mode) {
  Uint128 q = n / d;
  const Uint128 r = n % d;
  const Uint128 rest = d - r;  // r >= rest  <=>  2r >= d, without overflow
  switch (mode) {
    case Rounding::kHalfAwayFromZero:
      if (r != 0 && r >= rest) ++q;
      break;
    case Rounding::kHalfEven:
      if (r > rest || (r != 0 && r == rest && (q & 1) != 0)) ++q;
      break;
    case Rounding::kTowardZero:
      break;
  }
  return q;
}

}  // namespace

Result<Decimal> Decimal::FromInteger(int64_t whole) {
  int64_t raw = 0;
  if (__builtin_mul_overflow(whole, kOne, &raw) || raw == std::numeric_limits<int64_t>::min()) {
    return OutOfRange(std::to_string(whole));
  }
  return Decimal(raw);
}

Result<Decimal> Decimal::Parse(std::string_view text) {
  const std::string_view original = text;
  auto invalid = [&](std::string_view why) {
    return InvalidArgumentError("'" + std::string(original) +
                                "' is not a valid amount: " + std::string(why));
  };
  if (text.empty()) return invalid("it is empty");
  bool negative = false;
  if (text.front() == '-' || text.front() == '+') {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  std::size_t i = 0;
  const std::size_t int_begin = i;
  while (i < text.size() && IsDigit(text[i])) ++i;
  std::string_view int_digits = text.substr(int_begin, i - int_begin);
  if (int_digits.empty()) return invalid("it must start with a digit");
  std::string_view frac_digits;
  if (i < text.size() && text[i] == '.') {
    const std::size_t frac_begin = ++i;
    while (i < text.size() && IsDigit(text[i])) ++i;
    frac_digits = text.substr(frac_begin, i - frac_begin);
    if (frac_digits.empty()) return invalid("a digit must follow the decimal point");
  }
  long exponent = 0;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool exp_negative = false;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) exp_negative = text[i++] == '-';
    const std::size_t exp_begin = i;
    while (i < text.size() && IsDigit(text[i])) {
      if (exponent < 100000) exponent = exponent * 10 + (text[i] - '0');  // saturates
      ++i;
    }
    if (i == exp_begin) return invalid("the exponent has no digits");
    if (exp_negative) exponent = -exponent;
  }
  if (i != text.size()) return invalid("unexpected '" + std::string(1, text[i]) + "'");

  // The usual text ("1234.56"): at most 14 whole digits and 4 decimals, read straight into raw
  // (under 10^18, so in range).
  if (exponent == 0 && int_digits.size() <= 14 && frac_digits.size() <= kPlaces) {
    int64_t raw = 0;
    for (char c : int_digits) raw = raw * 10 + (c - '0');
    for (char c : frac_digits) raw = raw * 10 + (c - '0');
    for (std::size_t k = frac_digits.size(); k < kPlaces; ++k) raw *= 10;
    return Decimal(negative ? -raw : raw);
  }

  // value = digits × 10^(exponent − |frac|); raw = value × 10^4.
  std::string digits;
  digits.reserve(int_digits.size() + frac_digits.size());
  digits.append(int_digits).append(frac_digits);
  const std::size_t first_nonzero = digits.find_first_not_of('0');
  if (first_nonzero == std::string::npos) return Decimal();  // zero, whatever the exponent
  digits.erase(0, first_nonzero);

  const long shift = exponent - static_cast<long>(frac_digits.size()) + kPlaces;
  if (shift < 0) {
    const auto drop = static_cast<std::size_t>(-shift);
    const std::size_t keep = drop >= digits.size() ? 0 : digits.size() - drop;
    if (digits.find_first_not_of('0', keep) != std::string::npos) {
      return invalid("more than 4 decimal places");
    }
    digits.resize(keep);
  } else {
    if (static_cast<long>(digits.size()) + shift > kMaxDigits) return OutOfRange(original);
    digits.append(static_cast<std::size_t>(shift), '0');
  }
  if (static_cast<int>(digits.size()) > kMaxDigits) return OutOfRange(original);
  Uint128 magnitude = 0;
  for (char c : digits) magnitude = magnitude * 10 + static_cast<unsigned>(c - '0');
  if (magnitude > static_cast<Uint128>(kMaxRaw)) return OutOfRange(original);
  const auto raw = static_cast<int64_t>(magnitude);
  return Decimal(negative ? -raw : raw);
}

int Decimal::places() const {
  int64_t frac = raw_ % kOne;
  if (frac == 0) return 0;
  int places = kPlaces;
  while (frac % 10 == 0) {
    frac /= 10;
    --places;
  }
  return places;
}

std::string Decimal::ToString(int min_places) const {
  assert(min_places >= 0 && min_places <= kPlaces);
  const uint64_t magnitude =
      raw_ < 0 ? static_cast<uint64_t>(-raw_) : static_cast<uint64_t>(raw_);  // raw_ != INT64_MIN
  const int shown = std::max(min_places, places());
  // Written right to left: the decimals shown (those dropped are zeros), the point, the whole
  // part, the sign.
  std::array<char, 32> buffer{};  // sign, 15 whole digits, point, 4 decimals
  std::size_t pos = buffer.size();
  uint64_t frac = magnitude % kOne;
  for (int i = kPlaces; i > shown; --i) frac /= 10;
  for (int i = 0; i < shown; ++i, frac /= 10) buffer[--pos] = static_cast<char>('0' + frac % 10);
  if (shown > 0) buffer[--pos] = '.';
  uint64_t whole = magnitude / kOne;
  do {
    buffer[--pos] = static_cast<char>('0' + whole % 10);
    whole /= 10;
  } while (whole != 0);
  if (raw_ < 0) buffer[--pos] = '-';
  return std::string(buffer.data() + pos, buffer.size() - pos);
}

Result<Decimal> Decimal::Plus(Decimal other) const {
  int64_t sum = 0;
  if (__builtin_add_overflow(raw_, other.raw_, &sum) || sum < kMinRaw) {
    return OutOfRange(ToString() + " + " + other.ToString());
  }
  return Decimal(sum);
}

Result<Decimal> Decimal::Minus(Decimal other) const { return Plus(other.Negated()); }

Result<Decimal> Decimal::Round(int places, Rounding mode) const {
  return Ratio({*this}, {}, places, mode);
}

Result<Decimal> Decimal::Times(Decimal other, int places, Rounding mode) const {
  return Ratio({*this, other}, {}, places, mode);
}

Result<Decimal> Decimal::PercentOf(Decimal percent, int places, Rounding mode) const {
  return Ratio({*this, percent}, {FromInt(100)}, places, mode);
}

Result<Decimal> Decimal::LessPercent(Decimal percent, int places, Rounding mode) const {
  ASSIGN_OR_RETURN(const Decimal remaining, FromInt(100).Minus(percent));
  return Ratio({*this, remaining}, {FromInt(100)}, places, mode);
}

Result<Decimal> Decimal::Ratio(std::initializer_list<Decimal> numerator,
                               std::initializer_list<Decimal> denominator, int places,
                               Rounding mode) {
  assert(numerator.size() >= 1 && numerator.size() <= 3);
  assert(denominator.size() <= 2);
  assert(places >= 0 && places <= kPlaces);
  bool negative = false;
  Uint128 n = 1;
  for (Decimal f : numerator) {
    negative ^= f.raw_ < 0;
    if (MulOverflows(n, static_cast<Uint128>(f.Abs().raw_), &n)) return OutOfRange("a product");
  }
  Uint128 d = 1;
  for (Decimal f : denominator) {
    if (f.is_zero()) return InvalidArgumentError("division by zero");
    negative ^= f.raw_ < 0;
    if (MulOverflows(d, static_cast<Uint128>(f.Abs().raw_), &d)) return OutOfRange("a divisor");
  }
  // Each raw factor carries 10^4. result × 10^places = n / d × 10^(places + 4·|den| − 4·|num|).
  const int exponent = places + kPlaces * static_cast<int>(denominator.size()) -
                       kPlaces * static_cast<int>(numerator.size());
  if (exponent >= 0) {
    if (MulOverflows(n, Pow10(exponent), &n)) return OutOfRange("a product");
  } else {
    if (MulOverflows(d, Pow10(-exponent), &d)) return OutOfRange("a divisor");
  }
  Uint128 q = DivideRounded(n, d, mode);
  // Back to four places.
  if (MulOverflows(q, Pow10(kPlaces - places), &q) || q > static_cast<Uint128>(kMaxRaw)) {
    return OutOfRange("a result");
  }
  const auto raw = static_cast<int64_t>(q);
  return Decimal(negative ? -raw : raw);
}

Result<Decimal> Decimal::Sum(std::span<const Decimal> values) {
  Decimal total;
  for (Decimal v : values) {
    ASSIGN_OR_RETURN(total, total.Plus(v));
  }
  return total;
}

std::ostream& operator<<(std::ostream& os, Decimal value) { return os << value.ToString(); }

}  // namespace xerosync
