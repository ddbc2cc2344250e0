#include "xero/wire_reader.h"

#include <cstdint>
#include <utility>

#include "core/text.h"
#include "xero/wire_time.h"

namespace xerosync::xero {
namespace {

// Per-object metadata Xero attaches to elements; read by the element decoder, not the codecs.
constexpr std::string_view kMetadata[] = {"ValidationErrors", "Warnings", "HasErrors",
                                          "HasValidationErrors", "StatusAttributeString"};

// A cheap fingerprint of a key ignoring ASCII letter case: its length and three of its bytes, with
// bit 0x20 set (which lowers letters, and only merges some punctuation: harmless, since equal
// fingerprints are compared in full). Codecs ask for every key they know; looking keys up by
// fingerprint (slots_) keeps that from comparing every member.
uint32_t KeyHash(std::string_view key) {
  const auto folded = [](char c) -> uint32_t { return static_cast<unsigned char>(c) | 0x20u; };
  if (key.empty()) return 0;
  return (static_cast<uint32_t>(key.size()) << 24) | (folded(key.front()) << 16) |
         (folded(key[key.size() / 2]) << 8) | folded(key.back());
}

// Where a fingerprint's probe starts in a table of 2^bits slots (Fibonacci hashing: the top bits
// of the product mix in every bit of the fingerprint).
std::size_t FirstSlot(uint32_t hash, int bits) {
  return static_cast<std::size_t>((hash * 2654435769u) >> (32 - bits));
}

}  // namespace

FieldReader::FieldReader(const Json& object, std::string path, DecodeContext& context)
    : object_(object), path_(std::move(path)), context_(context) {
  BuildIndex();
}

FieldReader::FieldReader(const Json& object, const FieldReader& parent, std::string_view key,
                         std::size_t index, DecodeContext& context)
    : object_(object), parent_(&parent), key_(key), index_(index), context_(context) {
  BuildIndex();
}

void FieldReader::BuildIndex() {
  const Json::Object& members = object_.AsObject();
  read_.assign(members.size(), false);
  unread_ = members.size();
  // At least twice as many slots as members, so that probes stay short.
  slot_bits_ = 1;
  while ((std::size_t{1} << slot_bits_) < 2 * members.size()) ++slot_bits_;
  slots_.assign(std::size_t{1} << slot_bits_, 0);
  hashes_.reserve(members.size());
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = 0; i < members.size(); ++i) {
    const uint32_t hash = KeyHash(members[i].first);
    hashes_.push_back(hash);
    std::size_t slot = FirstSlot(hash, slot_bits_);
    while (slots_[slot] != 0) slot = (slot + 1) & mask;
    slots_[slot] = static_cast<uint32_t>(i + 1);
  }
  for (std::string_view key : kMetadata) Take(key);
}

void FieldReader::MarkRead(std::size_t i) {
  if (!read_[i]) --unread_;
  read_[i] = true;
}

std::string FieldReader::path() const {
  if (parent_ == nullptr) return path_;
  std::string path = parent_->PathOf(key_);
  if (index_ != kNoIndex) path.append("[").append(std::to_string(index_)).append("]");
  return path;
}

std::string FieldReader::PathOf(std::string_view key) const {
  std::string path = this->path();
  if (!path.empty()) path += '.';
  path += key;
  return path;
}

void FieldReader::Fail(std::string_view key, std::string_view problem) {
  context_.Fail(InvalidArgumentError(PathOf(key) + ": " + std::string(problem)));
}

// Keys match ignoring letter case, as Xero's own deserializer does (the spec's examples send
// "name" where responses say "Name").
const Json* FieldReader::Take(std::string_view key) {
  const Json::Object& members = object_.AsObject();
  const uint32_t hash = KeyHash(key);
  const std::size_t mask = slots_.size() - 1;
  std::size_t found = kNoIndex;
  // Every member with that name is on the probe from its first slot to the next empty one.
  for (std::size_t slot = FirstSlot(hash, slot_bits_); slots_[slot] != 0;
       slot = (slot + 1) & mask) {
    const std::size_t i = slots_[slot] - 1;
    if (hashes_[i] == hash && EqualsIgnoringCase(members[i].first, key)) {
      MarkRead(i);
      if (found == kNoIndex || i > found) found = i;  // the last of duplicates wins, as Json::Find
    }
  }
  if (found == kNoIndex) return nullptr;
  const Json* value = &members[found].second;
  return value->is_null() ? nullptr : value;
}

const Json* FieldReader::TakeObject(std::string_view key) {
  const Json* json = Take(key);
  if (json != nullptr && json->is_array() && json->AsArray().size() == 1) {
    return &json->AsArray().front();
  }
  return json;
}

std::optional<std::string> FieldReader::String(std::string_view key) {
  const Json* json = Take(key);
  if (json == nullptr || !ok()) return std::nullopt;
  if (!json->is_string()) {
    Fail(key, "expected a string");
    return std::nullopt;
  }
  return json->AsString();
}

std::optional<Decimal> FieldReader::Amount(std::string_view key) {
  const Json* json = Take(key);
  if (json == nullptr || !ok()) return std::nullopt;
  // Amounts are JSON numbers; a numeric string is accepted too, exactly.
  Result<Decimal> value = json->is_string() ? Decimal::Parse(json->AsString()) : json->AsDecimal();
  if (!value.ok()) {
    Fail(key, value.status().message());
    return std::nullopt;
  }
  return *value;
}

std::optional<bool> FieldReader::Bool(std::string_view key) {
  const Json* json = Take(key);
  if (json == nullptr || !ok()) return std::nullopt;
  if (json->is_bool()) return json->AsBool();
  if (json->is_string() && (json->AsString() == "true" || json->AsString() == "false")) {
    return json->AsString() == "true";
  }
  Fail(key, "expected true or false");
  return std::nullopt;
}

std::optional<int> FieldReader::Int(std::string_view key) {
  const Json* json = Take(key);
  if (json == nullptr || !ok()) return std::nullopt;
  Result<int64_t> value = json->AsInt64();
  if (!value.ok() || *value < INT32_MIN || *value > INT32_MAX) {
    Fail(key, "expected a whole number");
    return std::nullopt;
  }
  return static_cast<int>(*value);
}

std::optional<domain::Date> FieldReader::Date(std::string_view key) {
  std::optional<std::string> text = String(key);
  if (!text || !ok()) return std::nullopt;
  Result<domain::Date> value = ParseDate(*text);
  if (!value.ok()) {
    Fail(key, value.status().message());
    return std::nullopt;
  }
  return *value;
}

std::optional<TimePoint> FieldReader::Timestamp(std::string_view key) {
  std::optional<std::string> text = String(key);
  if (!text || !ok()) return std::nullopt;
  Result<TimePoint> value = ParseTimestamp(*text);
  if (!value.ok()) {
    Fail(key, value.status().message());
    return std::nullopt;
  }
  return *value;
}

void FieldReader::Skip(std::initializer_list<std::string_view> keys) {
  // Only members nobody read can be skipped: usually none or a few, so each of them is compared
  // with the keys rather than looking every key up.
  const Json::Object& members = object_.AsObject();
  for (std::size_t i = 0; i < members.size() && unread_ > 0; ++i) {
    if (read_[i]) continue;
    for (std::string_view key : keys) {
      if (EqualsIgnoringCase(members[i].first, key)) {
        MarkRead(i);
        context_.skipped_fields.push_back(PathOf(members[i].first));
        break;
      }
    }
  }
}

void FieldReader::Finish() {
  if (finished_) return;
  finished_ = true;
  const Json::Object& members = object_.AsObject();
  for (std::size_t i = 0; i < members.size(); ++i) {
    if (!read_[i]) context_.unknown_fields.push_back(PathOf(members[i].first));
  }
}

}  // namespace xerosync::xero
