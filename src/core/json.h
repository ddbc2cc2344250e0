#pragma once
// Json: a JSON document that keeps numbers exactly as written.
//
// Why not boost::json::value directly: it turns every number with a fraction into a double, and
// amounts must never pass through floating point (ARCHITECTURE.md invariant 3). Parsing is
// Boost.JSON's (its SAX parser validates syntax, UTF-8 and depth); this type only stores what it
// reports, numbers as their text. AsDecimal() reads a number exactly; numbers are written back as
// the same text.
//
// Objects keep their members in order. Duplicate keys are kept as given; Find() returns the last,
// as most JSON readers do.
//
// Thread safety: a value type; const methods may be called concurrently.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/decimal.h"
#include "core/result.h"

namespace xerosync {

class Json {
 public:
  enum class Type { kNull, kBool, kNumber, kString, kArray, kObject };
  using Array = std::vector<Json>;
  using Member = std::pair<std::string, Json>;
  using Object = std::vector<Member>;

  struct ParseLimits {
    std::size_t max_depth = 64;         // nesting of arrays and objects
    std::size_t max_bytes = 64u << 20;  // the whole text
  };

  // null.
  Json() = default;

  static Json Null() { return Json(); }
  static Json Bool(bool value) { return Json(Storage(value)); }
  static Json Integer(int64_t value) {
    return Json(Storage(NumberTextValue{std::to_string(value)}));
  }
  // The decimal's exact text: Number(Decimal 12.5) serializes as 12.50 with min_places 2.
  static Json Number(Decimal value, int min_places = 2) {
    return Json(Storage(NumberTextValue{value.ToString(min_places)}));
  }
  // kInvalidArgument unless `text` is a JSON number ("-1.5e3").
  static Result<Json> NumberFromText(std::string_view text);
  static Json String(std::string value) { return Json(Storage(std::move(value))); }
  static Json MakeArray(Array items = {}) { return Json(Storage(std::move(items))); }
  static Json MakeObject(Object members = {}) { return Json(Storage(std::move(members))); }

  // Parses one JSON text (RFC 8259; surrounding white space allowed, nothing else after it).
  // kInvalidArgument naming the problem and its byte offset.
  static Result<Json> Parse(std::string_view text, const ParseLimits& limits);
  static Result<Json> Parse(std::string_view text) { return Parse(text, ParseLimits()); }

  Type type() const { return static_cast<Type>(value_.index()); }
  bool is_null() const { return type() == Type::kNull; }
  bool is_bool() const { return type() == Type::kBool; }
  bool is_number() const { return type() == Type::kNumber; }
  bool is_string() const { return type() == Type::kString; }
  bool is_array() const { return type() == Type::kArray; }
  bool is_object() const { return type() == Type::kObject; }

  // REQUIRES: the matching is_*().
  bool AsBool() const { return std::get<bool>(value_); }
  const std::string& NumberText() const { return std::get<NumberTextValue>(value_).text; }
  const std::string& AsString() const { return std::get<std::string>(value_); }
  const Array& AsArray() const { return std::get<Array>(value_); }
  Array& AsArray() { return std::get<Array>(value_); }
  const Object& AsObject() const { return std::get<Object>(value_); }
  Object& AsObject() { return std::get<Object>(value_); }

  // A number read exactly; kInvalidArgument if this is not a number or has more than 4 decimal
  // places, kOutOfRange if it does not fit.
  Result<Decimal> AsDecimal() const;
  // An integral number; kInvalidArgument otherwise ("3.0" counts as 3).
  Result<int64_t> AsInt64() const;

  // The last member named `key`, or null when this is not an object or has no such member.
  const Json* Find(std::string_view key) const;
  Json* Find(std::string_view key);
  // Sets member `key` (replacing the last one of that name, else appending). REQUIRES: is_object().
  Json& Set(std::string key, Json value);
  // Appends to an array. REQUIRES: is_array().
  void Append(Json value) { AsArray().push_back(std::move(value)); }

  // Compact JSON text. Numbers are written as stored; strings escaped per RFC 8259.
  std::string Serialize() const;
  // Appends the compact text to `out` (for writing many values into one buffer).
  void AppendTo(std::string& out) const { SerializeTo(out, 0, 0); }
  // Indented with two spaces, for people.
  std::string SerializePretty() const;

  // Structural equality: numbers equal when their values are (1.0 == 1 == 1e0), objects when they
  // have the same members in any order, arrays element by element.
  friend bool operator==(const Json& a, const Json& b);

 private:
  struct NumberTextValue {
    std::string text;
  };
  using Storage = std::variant<std::monostate, bool, NumberTextValue, std::string, Array, Object>;

  // Builds a Json from the parser's events (json.cc); as a member it constructs values in place.
  class Builder;

  explicit Json(Storage value) : value_(std::move(value)) {}
  void SerializeTo(std::string& out, int indent, int depth) const;

  Storage value_;
};

}  // namespace xerosync
