#pragma once
// The read filters of Xero's accounting API that the emulator understands (FACTS.md §3.4): the
// `where` query parameter and the If-Modified-Since header.
//
// `where` subset: clauses joined by AND or && (any case for AND), each one of
//   Field=="text"   Field!="text"   Field==null   Field!=null
//   Field.Contains("text")   Field.StartsWith("text")   Field.EndsWith("text")
//   Field==GUID("id")   (Field may be a member path such as Contact.ContactID)
// A quote inside "text" is written twice ("Bob ""B"" Ltd"), as in Xero's parser (.NET Dynamic
// LINQ); a backslash is an ordinary character. Text comparisons ignore ASCII case, as Xero's database-backed filters do in practice
// [UNCONFIRMED]. An empty field counts as null. Anything else (OR, parentheses,
// DateTime(...), numbers, booleans) is refused, so a client that depends on it finds out at once.
//
// Thread safety: values.

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"

namespace xerosync::emulator {

class WhereFilter {
 public:
  // Reads field `name` of the record being tested. Only called with names given to Parse.
  using FieldReader = std::function<std::string(std::string_view name)>;

  // Parses `text` for records of `type_name` ("Contact") having `fields`. An empty text matches
  // everything. kInvalidArgument with Xero's QueryParseException message: "No property or field
  // 'X' exists in type 'Contact'" for an unknown field, "Expression expected" (or a more specific
  // message) for syntax the emulator does not accept.
  static Result<WhereFilter> Parse(std::string_view text, std::span<const std::string_view> fields,
                                   std::string_view type_name);

  bool Matches(const FieldReader& read) const;

 private:
  enum class Op { kEquals, kNotEquals, kContains, kStartsWith, kEndsWith };
  struct Clause {
    std::string field;
    Op op = Op::kEquals;
    std::optional<std::string> value;  // nullopt: the null literal
  };

  std::vector<Clause> clauses_;  // all must hold
};

// Parses an If-Modified-Since value: ISO 8601 as Xero's SDKs send it
// ("2020-02-06T12:17:43.202-08:00", "2026-01-01T00:00:00Z", or without a zone meaning UTC) or an
// HTTP date ("Thu, 01 Jan 2026 00:00:00 GMT"). nullopt when it is neither.
std::optional<TimePoint> ParseModifiedSince(std::string_view text);

}  // namespace xerosync::emulator
