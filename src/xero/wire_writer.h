#pragma once
// FieldWriter: builds one JSON object of Xero's from domain fields. Absent optionals and empty ids
// are left out, so a request carries only what the host set.
//
// EncodeMode decides what is written:
//   kRequest    the writable fields, for PUT/POST bodies; documents dated "YYYY-MM-DD".
//   kReference  a nested record that is only being *named* (an invoice's contact, a payment's
//               invoice): its identifying fields only (ContactID, else Name and ContactNumber,
//               ...).
//   kSnapshot   every modelled field, read-only ones included (totals, UpdatedDateUTC as
//               "/Date(ms+0000)/"), for storing a copy of a Xero record.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/box.h"
#include "core/clock.h"
#include "core/decimal.h"
#include "core/json.h"
#include "domain/date.h"
#include "domain/enums.h"

namespace xerosync::xero {

enum class EncodeMode { kRequest, kReference, kSnapshot };

template <typename T>
struct Codec;

class FieldWriter {
 public:
  explicit FieldWriter(EncodeMode mode) : mode_(mode), object_(Json::MakeObject()) {
    // Room for the members of a typical record up front, rather than growing one at a time.
    object_.AsObject().reserve(mode == EncodeMode::kReference ? 2 : 16);
  }

  EncodeMode mode() const { return mode_; }
  bool snapshot() const { return mode_ == EncodeMode::kSnapshot; }
  bool reference() const { return mode_ == EncodeMode::kReference; }

  void String(std::string_view key, const std::optional<std::string>& value);
  void Amount(std::string_view key, const std::optional<Decimal>& value);
  void Bool(std::string_view key, const std::optional<bool>& value);
  void Int(std::string_view key, const std::optional<int>& value);
  void Date(std::string_view key, const std::optional<domain::Date>& value);
  void Timestamp(std::string_view key, const std::optional<TimePoint>& value);
  template <typename E>
  void Enum(std::string_view key, const std::optional<E>& value) {
    if (value) Set(key, Json::String(std::string(domain::NameOf(*value))));
  }
  template <typename Id>
  void IdOf(std::string_view key, const Id& id) {
    if (!id.empty()) Set(key, Json::String(id.value()));
  }
  // A nested record, written in `nested_mode` (kSnapshot stays kSnapshot). Left out when it
  // encodes to an empty object.
  template <typename T>
  void Object(std::string_view key, const T& value, EncodeMode nested_mode);
  template <typename T>
  void Object(std::string_view key, const Box<T>& value, EncodeMode nested_mode) {
    if (value) Object(key, *value, nested_mode);
  }
  // An array of records, left out when empty.
  template <typename T>
  void Array(std::string_view key, const std::vector<T>& values, EncodeMode nested_mode);

  void Set(std::string_view key, Json value) { object_.Set(std::string(key), std::move(value)); }
  Json Take() && { return std::move(object_); }

 private:
  EncodeMode Nested(EncodeMode asked) const { return snapshot() ? EncodeMode::kSnapshot : asked; }

  EncodeMode mode_;
  Json object_;
};

// Encodes `value` with Codec<T>::Encode.
template <typename T>
Json EncodeObject(const T& value, EncodeMode mode) {
  FieldWriter writer(mode);
  Codec<T>::Encode(value, writer);
  return std::move(writer).Take();
}

template <typename T>
void FieldWriter::Object(std::string_view key, const T& value, EncodeMode nested_mode) {
  Json json = EncodeObject(value, Nested(nested_mode));
  if (!json.AsObject().empty()) Set(key, std::move(json));
}

template <typename T>
void FieldWriter::Array(std::string_view key, const std::vector<T>& values,
                        EncodeMode nested_mode) {
  if (values.empty()) return;
  Json array = Json::MakeArray();
  for (const T& v : values) array.Append(EncodeObject(v, Nested(nested_mode)));
  Set(key, std::move(array));
}

}  // namespace xerosync::xero
