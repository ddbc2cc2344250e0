#include "core/json.h"

#include <algorithm>
#include <array>
#include <boost/json/basic_parser_impl.hpp>
#include <cassert>
#include <string>

namespace xerosync {

// Builds a Json from Boost.JSON's SAX events. Numbers arrive with their source text. Every value is
// constructed where it is kept (the root, or the stack of open containers' values), and strings
// that arrive whole are copied once, straight from the text: parsing a large answer is mostly
// making its strings.
class Json::Builder {
 public:
  // Limits enforced by basic_parser itself.
  static constexpr std::size_t max_array_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_object_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_string_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_key_size = static_cast<std::size_t>(-1);

  using error_code = boost::json::error_code;
  using string_view = boost::json::string_view;

  bool on_document_begin(error_code&) { return true; }
  bool on_document_end(error_code&) { return true; }
  // Containers are built when they end, from the values (and keys) stacked since they began, so
  // each array or object is allocated once at its final size.
  bool on_array_begin(error_code&) { return Open(); }
  bool on_array_end(std::size_t n, error_code&) {
    const auto first = values_.end() - static_cast<std::ptrdiff_t>(n);
    Array items(std::make_move_iterator(first), std::make_move_iterator(values_.end()));
    values_.erase(first, values_.end());
    open_ -= 1;
    Slot().value_.emplace<Array>(std::move(items));
    return true;
  }
  bool on_object_begin(error_code&) { return Open(); }
  bool on_object_end(std::size_t n, error_code&) {
    Object members;
    members.reserve(n);
    const std::size_t first_value = values_.size() - n;
    const std::size_t first_key = keys_.size() - n;
    for (std::size_t i = 0; i < n; ++i) {
      members.emplace_back(std::move(keys_[first_key + i]), std::move(values_[first_value + i]));
    }
    values_.resize(first_value);
    keys_.resize(first_key);
    open_ -= 1;
    Slot().value_.emplace<Object>(std::move(members));
    return true;
  }
  // A string or key longer than the parser's buffer, or with escapes, may arrive in parts.
  bool on_string_part(string_view s, std::size_t, error_code&) {
    part_.append(s.data(), s.size());
    return true;
  }
  bool on_string(string_view s, std::size_t, error_code&) {
    Slot().value_.emplace<std::string>(Whole(s));
    part_.clear();
    return true;
  }
  bool on_key_part(string_view s, std::size_t, error_code&) {
    part_.append(s.data(), s.size());
    return true;
  }
  bool on_key(string_view s, std::size_t, error_code&) {
    keys_.emplace_back(Whole(s));
    part_.clear();
    return true;
  }
  bool on_number_part(string_view s, error_code&) {
    part_.append(s.data(), s.size());
    return true;
  }
  bool on_int64(int64_t, string_view s, error_code&) { return Number(s); }
  bool on_uint64(uint64_t, string_view s, error_code&) { return Number(s); }
  bool on_double(double, string_view s, error_code&) { return Number(s); }
  bool on_bool(bool b, error_code&) {
    Slot().value_.emplace<bool>(b);
    return true;
  }
  bool on_null(error_code&) {
    Slot();
    return true;
  }
  bool on_comment_part(string_view, error_code&) { return true; }
  bool on_comment(string_view, error_code&) { return true; }

  Json Take() { return std::move(root_); }

 private:
  // The text of a string, key or number whose last part is `last`.
  std::string_view Whole(string_view last) {
    if (part_.empty()) return {last.data(), last.size()};
    part_.append(last.data(), last.size());
    return part_;
  }
  bool Number(string_view s) {
    const std::string_view text = Whole(s);
    assert(NumberFromText(text).ok());  // Boost validated the syntax
    Slot().value_.emplace<NumberTextValue>(NumberTextValue{std::string(text)});
    part_.clear();
    return true;
  }
  bool Open() {
    open_ += 1;
    return true;
  }
  // Where the next value goes: a new null at the end of the open containers' values, or the root.
  Json& Slot() { return open_ == 0 ? root_ : values_.emplace_back(); }

  std::size_t open_ = 0;           // containers begun and not yet ended
  std::vector<Json> values_;       // the values of every open container, innermost last
  std::vector<std::string> keys_;  // the keys of every open object, innermost last
  std::string part_;               // the parts so far of a string, key or number
  Json root_;
};

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Sign, significant digits without leading or trailing zeros, and the exponent of their last digit,
// for comparing numbers by value whatever their spelling. REQUIRES: valid JSON number text.
struct CanonicalNumber {
  bool negative = false;
  std::string digits;  // empty for zero
  long exponent = 0;
  friend bool operator==(const CanonicalNumber&, const CanonicalNumber&) = default;
};

CanonicalNumber Canonicalize(std::string_view text) {
  CanonicalNumber out;
  std::size_t i = 0;
  if (text[i] == '-') {
    out.negative = true;
    ++i;
  }
  long frac_places = 0;
  bool in_fraction = false;
  for (; i < text.size() && (IsDigit(text[i]) || text[i] == '.'); ++i) {
    if (text[i] == '.') {
      in_fraction = true;
      continue;
    }
    out.digits += text[i];
    if (in_fraction) ++frac_places;
  }
  long exponent = 0;
  if (i < text.size()) {  // 'e' or 'E'
    ++i;
    bool negative_exp = false;
    if (text[i] == '-' || text[i] == '+') negative_exp = text[i++] == '-';
    for (; i < text.size(); ++i) {
      if (exponent < 1000000000L) exponent = exponent * 10 + (text[i] - '0');
    }
    if (negative_exp) exponent = -exponent;
  }
  out.exponent = exponent - frac_places;
  const std::size_t first = out.digits.find_first_not_of('0');
  if (first == std::string::npos) return CanonicalNumber{};  // zero, and -0 == 0
  out.digits.erase(0, first);
  while (out.digits.back() == '0') {
    out.digits.pop_back();
    ++out.exponent;
  }
  return out;
}

// True for the bytes a JSON string must escape: '"', '\\' and the control characters.
constexpr std::array<bool, 256> kNeedsEscape = [] {
  std::array<bool, 256> table{};
  for (int c = 0; c < 0x20; ++c) table[c] = true;
  table['"'] = true;
  table['\\'] = true;
  return table;
}();
bool NeedsEscape(char c) { return kNeedsEscape[static_cast<unsigned char>(c)]; }

void AppendEscaped(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  while (!s.empty()) {
    // Runs that need no escape (nearly all text) are appended whole.
    std::size_t plain = 0;
    while (plain < s.size() && !NeedsEscape(s[plain])) ++plain;
    out.append(s.data(), plain);
    s.remove_prefix(plain);
    if (s.empty()) break;
    const char c = s.front();
    s.remove_prefix(1);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:  // another control character
        out += "\\u00";
        out += kHex[(c >> 4) & 0xf];
        out += kHex[c & 0xf];
    }
  }
  out += '"';
}

void NewLine(std::string& out, int indent, int depth) {
  if (indent <= 0) return;
  out += '\n';
  out.append(static_cast<std::size_t>(indent) * static_cast<std::size_t>(depth), ' ');
}

}  // namespace

Result<Json> Json::NumberFromText(std::string_view text) {
  // -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
  std::size_t i = 0;
  auto digits = [&] {
    const std::size_t start = i;
    while (i < text.size() && IsDigit(text[i])) ++i;
    return i - start;
  };
  if (i < text.size() && text[i] == '-') ++i;
  const std::size_t int_start = i;
  const std::size_t int_len = digits();
  bool ok = int_len > 0 && !(int_len > 1 && text[int_start] == '0');
  if (ok && i < text.size() && text[i] == '.') {
    ++i;
    ok = digits() > 0;
  }
  if (ok && i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    ok = digits() > 0;
  }
  if (!ok || i != text.size()) {
    return InvalidArgumentError("'" + std::string(text) + "' is not a JSON number");
  }
  return Json(Storage(NumberTextValue{std::string(text)}));
}

Result<Json> Json::Parse(std::string_view text, const ParseLimits& limits) {
  if (text.size() > limits.max_bytes) {
    return InvalidArgumentError("invalid JSON at byte " + std::to_string(limits.max_bytes) +
                                ": the text is " + std::to_string(text.size()) +
                                " bytes, larger than the limit of " +
                                std::to_string(limits.max_bytes));
  }
  boost::json::parse_options options;
  options.max_depth = limits.max_depth;
  boost::json::basic_parser<Json::Builder> parser(options);
  boost::json::error_code ec;
  const std::size_t used = parser.write_some(false, text.data(), text.size(), ec);
  if (ec) {
    return InvalidArgumentError("invalid JSON at byte " + std::to_string(used) + ": " +
                                ec.message());
  }
  if (used != text.size()) {
    return InvalidArgumentError("invalid JSON at byte " + std::to_string(used) +
                                ": unexpected text after the value");
  }
  return parser.handler().Take();
}

Result<Decimal> Json::AsDecimal() const {
  if (!is_number()) return InvalidArgumentError("expected a number");
  return Decimal::Parse(NumberText());
}

Result<int64_t> Json::AsInt64() const {
  if (!is_number()) return InvalidArgumentError("expected a number");
  const CanonicalNumber n = Canonicalize(NumberText());
  if (n.digits.empty()) return int64_t{0};
  if (n.exponent < 0 || static_cast<long>(n.digits.size()) + n.exponent > 19) {
    return InvalidArgumentError("'" + NumberText() + "' is not a whole number in range");
  }
  uint64_t magnitude = 0;  // at most 19 digits: fits
  for (char c : n.digits) magnitude = magnitude * 10 + static_cast<unsigned>(c - '0');
  for (long e = 0; e < n.exponent; ++e) magnitude *= 10;
  const uint64_t limit = static_cast<uint64_t>(INT64_MAX) + (n.negative ? 1 : 0);
  if (magnitude > limit) return InvalidArgumentError("'" + NumberText() + "' is out of range");
  if (n.negative) return static_cast<int64_t>(0 - magnitude);
  return static_cast<int64_t>(magnitude);
}

const Json* Json::Find(std::string_view key) const {
  if (!is_object()) return nullptr;
  const Object& members = AsObject();
  for (auto it = members.rbegin(); it != members.rend(); ++it) {
    if (it->first == key) return &it->second;
  }
  return nullptr;
}

Json* Json::Find(std::string_view key) {
  return const_cast<Json*>(static_cast<const Json*>(this)->Find(key));
}

Json& Json::Set(std::string key, Json value) {
  if (Json* existing = Find(key)) {
    *existing = std::move(value);
    return *existing;
  }
  Object& members = AsObject();
  members.emplace_back(std::move(key), std::move(value));
  return members.back().second;
}

std::string Json::Serialize() const {
  std::string out;
  SerializeTo(out, 0, 0);
  return out;
}

std::string Json::SerializePretty() const {
  std::string out;
  SerializeTo(out, 2, 0);
  return out;
}

void Json::SerializeTo(std::string& out, int indent, int depth) const {
  switch (type()) {
    case Type::kNull:
      out += "null";
      return;
    case Type::kBool:
      out += AsBool() ? "true" : "false";
      return;
    case Type::kNumber:
      out += NumberText();
      return;
    case Type::kString:
      AppendEscaped(out, AsString());
      return;
    case Type::kArray: {
      const Array& items = AsArray();
      out += '[';
      for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) out += ',';
        NewLine(out, indent, depth + 1);
        items[i].SerializeTo(out, indent, depth + 1);
      }
      if (!items.empty()) NewLine(out, indent, depth);
      out += ']';
      return;
    }
    case Type::kObject: {
      const Object& members = AsObject();
      out += '{';
      for (std::size_t i = 0; i < members.size(); ++i) {
        if (i > 0) out += ',';
        NewLine(out, indent, depth + 1);
        AppendEscaped(out, members[i].first);
        out += indent > 0 ? ": " : ":";
        members[i].second.SerializeTo(out, indent, depth + 1);
      }
      if (!members.empty()) NewLine(out, indent, depth);
      out += '}';
      return;
    }
  }
}

bool operator==(const Json& a, const Json& b) {
  if (a.type() != b.type()) return false;
  switch (a.type()) {
    case Json::Type::kNull:
      return true;
    case Json::Type::kBool:
      return a.AsBool() == b.AsBool();
    case Json::Type::kNumber:
      return Canonicalize(a.NumberText()) == Canonicalize(b.NumberText());
    case Json::Type::kString:
      return a.AsString() == b.AsString();
    case Json::Type::kArray:
      return a.AsArray() == b.AsArray();
    case Json::Type::kObject: {
      const Json::Object& ma = a.AsObject();
      const Json::Object& mb = b.AsObject();
      if (ma.size() != mb.size()) return false;
      // The same members as a multiset, so that duplicate keys compare symmetrically: each member
      // occurs as often in `b` as in `a` (with equal sizes, `b` then has nothing else).
      return std::all_of(ma.begin(), ma.end(), [&](const Json::Member& m) {
        auto same = [&m](const Json::Member& x) {
          return x.first == m.first && x.second == m.second;
        };
        return std::count_if(ma.begin(), ma.end(), same) ==
               std::count_if(mb.begin(), mb.end(), same);
      });
    }
  }
  return false;
}

}  // namespace xerosync
