#include "emulator/query_filter.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <chrono>
#include <utility>

#include "core/text.h"

namespace xerosync::emulator {
namespace {

bool ContainsIgnoreCase(std::string_view haystack, std::string_view needle) {
  return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                     [](char x, char y) { return AsciiLower(x) == AsciiLower(y); }) !=
             haystack.end() ||
         needle.empty();
}

// A cursor over the where text.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  void SkipSpace() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_])) != 0) {
      ++pos_;
    }
  }
  bool AtEnd() {
    SkipSpace();
    return pos_ == text_.size();
  }
  // Consumes `token` (compared ignoring case) when it comes next.
  bool Take(std::string_view token) {
    SkipSpace();
    if (text_.size() - pos_ < token.size() ||
        !EqualsIgnoringCase(text_.substr(pos_, token.size()), token)) {
      return false;
    }
    pos_ += token.size();
    return true;
  }
  // A name: letters and digits, starting with a letter; "" when none comes next.
  std::string_view Name() {
    SkipSpace();
    const std::size_t start = pos_;
    while (pos_ < text_.size() &&
           (std::isalpha(static_cast<unsigned char>(text_[pos_])) != 0 ||
            (pos_ > start && std::isdigit(static_cast<unsigned char>(text_[pos_])) != 0))) {
      ++pos_;
    }
    // A member path ("Contact.ContactID"), but not a method call (".Contains(").
    while (pos_ > start && pos_ + 1 < text_.size() && text_[pos_] == '.') {
      std::size_t end = pos_ + 1;
      while (end < text_.size() && std::isalnum(static_cast<unsigned char>(text_[end])) != 0) {
        ++end;
      }
      if (end == pos_ + 1 || (end < text_.size() && text_[end] == '(')) break;
      pos_ = end;
    }
    return text_.substr(start, pos_ - start);
  }
  // Consumes ".Name" when `name` + ".Name" is one of `fields` (a nested field such as
  // Invoice.InvoiceID), so that a method call such as .Contains( is left alone.
  bool TakeNested(std::string& name, std::span<const std::string_view> fields) {
    if (pos_ >= text_.size() || text_[pos_] != '.') return false;
    const std::size_t mark = pos_++;
    const std::string nested = name + "." + std::string(Name());
    if (std::ranges::find(fields, nested) == fields.end()) {
      pos_ = mark;
      return false;
    }
    name = nested;
    return true;
  }
  // A "quoted" string; nullopt when none comes next or it is unterminated. A quote inside is
  // written twice ("Bob ""B"" Ltd"), as in Xero's parser (.NET Dynamic LINQ); a backslash is an
  // ordinary character there.
  std::optional<std::string> Quoted() {
    SkipSpace();
    if (pos_ >= text_.size() || text_[pos_] != '"') return std::nullopt;
    std::string value;
    std::size_t from = pos_ + 1;
    while (true) {
      const std::size_t end = text_.find('"', from);
      if (end == std::string_view::npos) return std::nullopt;
      value += text_.substr(from, end - from);
      if (end + 1 < text_.size() && text_[end + 1] == '"') {
        value += '"';
        from = end + 2;
        continue;
      }
      pos_ = end + 1;
      return value;
    }
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

Status ExpressionExpected() { return InvalidArgumentError("Expression expected"); }

// Reads digits [pos, pos + n) of `text` as a number; nullopt unless all are digits.
std::optional<int> Digits(std::string_view text, std::size_t pos, std::size_t n) {
  if (pos + n > text.size()) return std::nullopt;
  int value = 0;
  const char* first = text.data() + pos;
  const auto [end, error] = std::from_chars(first, first + n, value);
  if (error != std::errc() || end != first + n) return std::nullopt;
  return value;
}

std::optional<TimePoint> CivilTime(int y, int mo, int d, int h, int mi, int s) {
  const std::chrono::year_month_day date{std::chrono::year{y},
                                         std::chrono::month{static_cast<unsigned>(mo)},
                                         std::chrono::day{static_cast<unsigned>(d)}};
  if (!date.ok() || h > 23 || mi > 59 || s > 60) return std::nullopt;
  return std::chrono::sys_days{date} + std::chrono::hours(h) + std::chrono::minutes(mi) +
         std::chrono::seconds(s);
}

std::optional<TimePoint> ParseIso(std::string_view t) {
  const auto y = Digits(t, 0, 4), mo = Digits(t, 5, 2), d = Digits(t, 8, 2), h = Digits(t, 11, 2),
             mi = Digits(t, 14, 2), s = Digits(t, 17, 2);
  if (!y || !mo || !d || !h || !mi || !s || t[4] != '-' || t[7] != '-' || t[10] != 'T' ||
      t[13] != ':' || t[16] != ':') {
    return std::nullopt;
  }
  std::optional<TimePoint> time = CivilTime(*y, *mo, *d, *h, *mi, *s);
  if (!time) return std::nullopt;
  std::size_t pos = 19;
  if (pos < t.size() && t[pos] == '.') {  // fraction: milliseconds kept, the rest dropped
    std::size_t digits = 0;
    int ms = 0;
    for (++pos; pos < t.size() && std::isdigit(static_cast<unsigned char>(t[pos])) != 0; ++pos) {
      if (digits++ < 3) ms = ms * 10 + (t[pos] - '0');
    }
    if (digits == 0) return std::nullopt;
    for (; digits < 3; ++digits) ms *= 10;
    *time += std::chrono::milliseconds(ms);
  }
  const std::string_view zone = t.substr(pos);
  if (zone.empty() || zone == "Z") return time;
  if (zone[0] != '+' && zone[0] != '-') return std::nullopt;
  const auto zh = Digits(zone, 1, 2);
  const auto zm = zone.size() == 6 && zone[3] == ':' ? Digits(zone, 4, 2)
                  : zone.size() == 5                 ? Digits(zone, 3, 2)
                                                     : std::nullopt;
  if (!zh || !zm) return std::nullopt;
  const auto offset = std::chrono::hours(*zh) + std::chrono::minutes(*zm);
  return zone[0] == '+' ? *time - offset : *time + offset;  // local minus offset is UTC
}

// "Thu, 01 Jan 2026 00:00:00 GMT" (RFC 9110 IMF-fixdate).
std::optional<TimePoint> ParseHttpDate(std::string_view t) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  if (t.size() != 29 || t.substr(3, 2) != ", " || t.substr(25) != " GMT") return std::nullopt;
  const auto month = std::ranges::find(kMonths, t.substr(8, 3));
  const auto d = Digits(t, 5, 2), y = Digits(t, 12, 4), h = Digits(t, 17, 2), mi = Digits(t, 20, 2),
             s = Digits(t, 23, 2);
  if (month == kMonths.end() || !d || !y || !h || !mi || !s) return std::nullopt;
  return CivilTime(*y, static_cast<int>(month - kMonths.begin()) + 1, *d, *h, *mi, *s);
}

}  // namespace

Result<WhereFilter> WhereFilter::Parse(std::string_view text,
                                       std::span<const std::string_view> fields,
                                       std::string_view type_name) {
  WhereFilter filter;
  Scanner in(text);
  if (in.AtEnd()) return filter;
  do {
    Clause clause;
    std::string field(in.Name());
    if (field.empty()) return ExpressionExpected();
    while (in.TakeNested(field, fields)) {
    }
    if (std::ranges::find(fields, field) == fields.end()) {
      return InvalidArgumentError("No property or field '" + field + "' exists in type '" +
                                  std::string(type_name) + "'");
    }
    clause.field = std::move(field);
    if (const bool equals = in.Take("=="); equals || in.Take("!=")) {
      clause.op = equals ? Op::kEquals : Op::kNotEquals;
      if (in.Take("GUID(")) {  // Contact.ContactID==GUID("..."), as Xero's SDKs write ids
        clause.value = in.Quoted();
        if (!clause.value || !in.Take(")")) return ExpressionExpected();
      } else if (!in.Take("null")) {
        clause.value = in.Quoted();
        if (!clause.value) return ExpressionExpected();
      }
    } else {
      if (in.Take(".Contains(")) {
        clause.op = Op::kContains;
      } else if (in.Take(".StartsWith(")) {
        clause.op = Op::kStartsWith;
      } else if (in.Take(".EndsWith(")) {
        clause.op = Op::kEndsWith;
      } else {
        return ExpressionExpected();
      }
      clause.value = in.Quoted();
      if (!clause.value || !in.Take(")")) return ExpressionExpected();
    }
    filter.clauses_.push_back(std::move(clause));
    if (in.Take("||") || in.Take("OR ")) {
      return InvalidArgumentError("xero-emulator supports only AND in where filters");
    }
  } while (in.Take("&&") || in.Take("AND "));
  if (!in.AtEnd()) return ExpressionExpected();
  return filter;
}

bool WhereFilter::Matches(const FieldReader& read) const {
  for (const Clause& clause : clauses_) {
    const std::string value = read(clause.field);
    bool holds = false;
    switch (clause.op) {
      case Op::kEquals:
        holds = clause.value ? EqualsIgnoringCase(value, *clause.value) : value.empty();
        break;
      case Op::kNotEquals:
        holds = clause.value ? !EqualsIgnoringCase(value, *clause.value) : !value.empty();
        break;
      case Op::kContains:
        holds = ContainsIgnoreCase(value, *clause.value);
        break;
      case Op::kStartsWith:
        holds = value.size() >= clause.value->size() &&
                EqualsIgnoringCase(value.substr(0, clause.value->size()), *clause.value);
        break;
      case Op::kEndsWith:
        holds =
            value.size() >= clause.value->size() &&
            EqualsIgnoringCase(value.substr(value.size() - clause.value->size()), *clause.value);
        break;
    }
    if (!holds) return false;
  }
  return true;
}

std::optional<TimePoint> ParseModifiedSince(std::string_view text) {
  if (auto time = ParseIso(text)) return time;
  return ParseHttpDate(text);
}

}  // namespace xerosync::emulator
