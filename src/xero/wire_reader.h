#pragma once
// FieldReader: reads one JSON object of Xero's into domain fields, field by field.
//
// Every problem is reported with the path of the field ("Invoices[0].LineItems[1].Quantity:
// expected a number"), the first one wins and later reads become no-ops. Every member of the
// object must be either read, or named by Skip() as deliberately not modelled; any other member is
// recorded in DecodeContext::unknown_fields, so that tests can prove nothing is dropped silently.
// JSON null reads as absent. Xero's per-object metadata (ValidationErrors, Warnings, HasErrors,
// HasValidationErrors, StatusAttributeString) is read separately (see wire.h), and skipped here.

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory_resource>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/box.h"
#include "core/clock.h"
#include "core/decimal.h"
#include "core/json.h"
#include "core/result.h"
#include "domain/date.h"
#include "domain/enums.h"

namespace xerosync::xero {

struct DecodeContext {
  Status status;                            // the first problem met
  std::vector<std::string> unknown_fields;  // paths of members nobody read or skipped
  std::vector<std::string> skipped_fields;  // paths of members present but deliberately skipped
  void Fail(Status s) {
    if (status.ok()) status = std::move(s);
  }
};

template <typename T>
struct Codec;  // specialised per domain type in the wire_*.cc files

class FieldReader {
 public:
  // REQUIRES: `object` outlives the reader.
  FieldReader(const Json& object, std::string path, DecodeContext& context);
  FieldReader(const FieldReader&) = delete;
  FieldReader& operator=(const FieldReader&) = delete;

  bool ok() const { return context_.status.ok(); }
  // Where this object is ("Invoices[0].LineItems[1]"). Built when asked: decoding only needs it for
  // problems and field reports.
  std::string path() const;
  DecodeContext& context() { return context_; }

  // The member's value, marked as read; null when absent or JSON null.
  const Json* Take(std::string_view key);
  std::optional<std::string> String(std::string_view key);
  std::optional<Decimal> Amount(std::string_view key);
  std::optional<bool> Bool(std::string_view key);
  std::optional<int> Int(std::string_view key);
  std::optional<domain::Date> Date(std::string_view key);
  std::optional<TimePoint> Timestamp(std::string_view key);
  template <typename E>
  std::optional<E> Enum(std::string_view key);
  template <typename Id>
  Id IdOf(std::string_view key) {
    std::optional<std::string> s = String(key);
    return s ? Id(std::move(*s)) : Id();
  }
  // A nested object, decoded with Codec<T>::Decode.
  template <typename T>
  void Object(std::string_view key, T& out);
  template <typename T>
  void Object(std::string_view key, Box<T>& out);
  // An array of objects.
  template <typename T>
  void Array(std::string_view key, std::vector<T>& out);
  // Members known to exist that xerosync deliberately does not model (documented per codec).
  void Skip(std::initializer_list<std::string_view> keys);

  // Records the members nobody read or skipped. Called by the destructor if not before.
  void Finish();
  ~FieldReader() { Finish(); }

 private:
  static constexpr std::size_t kNoIndex = static_cast<std::size_t>(-1);

  // A reader for the object at member `key` of `parent`'s object (element `index` of it when that
  // is an array). REQUIRES: `parent` and `key` outlive the reader.
  FieldReader(const Json& object, const FieldReader& parent, std::string_view key,
              std::size_t index, DecodeContext& context);
  // Decodes a nested object with Codec<T>, as DecodeObject does.
  template <typename T>
  T DecodeNested(const Json& json, std::string_view key, std::size_t index);
  void BuildIndex();
  void Fail(std::string_view key, std::string_view problem);
  // Take() for a nested object. Xero's answer to deleting an allocation wraps the invoice in a
  // one-element array (spec example), so that form is accepted too.
  const Json* TakeObject(std::string_view key);
  std::string PathOf(std::string_view key) const;

  // Marks member `i` read.
  void MarkRead(std::size_t i);

  const Json& object_;
  // Where the object is: path_ for a reader made with a path; else member key_ (element index_)
  // of parent_'s object.
  std::string path_;
  const FieldReader* parent_ = nullptr;
  std::string_view key_;
  std::size_t index_ = kNoIndex;
  DecodeContext& context_;
  // The bookkeeping below lives in buffer_ (room for about 60 members; larger objects spill to the
  // heap), so that a reader costs no allocation.
  std::array<std::byte, 1024> buffer_;
  std::pmr::monotonic_buffer_resource arena_{buffer_.data(), buffer_.size()};
  std::pmr::vector<bool> read_{std::pmr::polymorphic_allocator<bool>(&arena_)};  // per member
  std::size_t unread_ = 0;  // members not marked in read_
  // The members by the fingerprint of their name (ignoring case), in an open-addressing table:
  // 2^slot_bits_ slots, each 0 (empty) or a member index + 1, probed linearly.
  int slot_bits_ = 0;
  std::pmr::vector<uint32_t> slots_{&arena_};
  std::pmr::vector<uint32_t> hashes_{&arena_};  // per member: the fingerprint of its name
  bool finished_ = false;
};

// Decodes `json` (an object) into a T with Codec<T>, reporting into `context` under `path`.
template <typename T>
T DecodeObject(const Json& json, std::string path, DecodeContext& context) {
  T value{};
  if (!json.is_object()) {
    context.Fail(InvalidArgumentError(path + ": expected an object"));
    return value;
  }
  FieldReader reader(json, std::move(path), context);
  Codec<T>::Decode(reader, value);
  return value;
}

template <typename E>
std::optional<E> FieldReader::Enum(std::string_view key) {
  std::optional<std::string> text = String(key);
  if (!text || !ok()) return std::nullopt;
  Result<E> value = domain::ParseEnum<E>(*text);
  if (!value.ok()) {
    Fail(key, value.status().message());
    return std::nullopt;
  }
  return *value;
}

template <typename T>
T FieldReader::DecodeNested(const Json& json, std::string_view key, std::size_t index) {
  T value{};
  if (!json.is_object()) {
    context_.Fail(InvalidArgumentError(
        PathOf(key) + (index == kNoIndex ? "" : "[" + std::to_string(index) + "]") +
        ": expected an object"));
    return value;
  }
  FieldReader reader(json, *this, key, index, context_);
  Codec<T>::Decode(reader, value);
  return value;
}

template <typename T>
void FieldReader::Object(std::string_view key, T& out) {
  if (const Json* json = TakeObject(key); json != nullptr && ok()) {
    out = DecodeNested<T>(*json, key, kNoIndex);
  }
}

template <typename T>
void FieldReader::Object(std::string_view key, Box<T>& out) {
  if (const Json* json = TakeObject(key); json != nullptr && ok()) {
    out = DecodeNested<T>(*json, key, kNoIndex);
  }
}

template <typename T>
void FieldReader::Array(std::string_view key, std::vector<T>& out) {
  const Json* json = Take(key);
  if (json == nullptr || !ok()) return;
  if (!json->is_array()) return Fail(key, "expected an array");
  const Json::Array& items = json->AsArray();
  out.clear();
  out.reserve(items.size());
  for (std::size_t i = 0; i < items.size() && ok(); ++i) {
    out.push_back(DecodeNested<T>(items[i], key, i));
  }
}

}  // namespace xerosync::xero
