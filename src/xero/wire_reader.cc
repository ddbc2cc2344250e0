#include "xero/wire_reader.h"

#include <algorithm>
#include <cstdint>
#include <utility>

#include "xero/wire_time.h"

namespace xerosync::xero {
namespace {

// Per-object metadata Xero attaches to elements; read by the element decoder, not the codecs.
constexpr std::string_view kMetadata[] = {"ValidationErrors", "Warnings", "HasErrors",
                                          "HasValidationErrors", "StatusAttributeString"};

// A cheap fingerprint of a key ignoring ASCII letter case: its length and three of its letters.
// Codecs ask for every key they know; looking keys up by fingerprint (members_by_hash_) keeps that
// from comparing every member. Equal fingerprints are then compared in full.
uint32_t KeyHash(std::string_view key) {
  const auto lower = [](char c) -> uint32_t {
    return static_cast<unsigned char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  };
  if (key.empty()) return 0;
  return (static_cast<uint32_t>(key.size()) << 24) | (lower(key.front()) << 16) |
         (lower(key[key.size() / 2]) << 8) | lower(key.back());
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
  members_by_hash_.reserve(members.size());
  for (std::size_t i = 0; i < members.size(); ++i) {
    members_by_hash_.emplace_back(KeyHash(members[i].first), static_cast<uint32_t>(i));
  }
  std::sort(members_by_hash_.begin(), members_by_hash_.end());
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
  const Json* found = nullptr;
  const uint32_t hash = KeyHash(key);
  // The members with that hash, in member order.
  for (auto it = std::lower_bound(members_by_hash_.begin(), members_by_hash_.end(),
                                  std::pair<uint32_t, uint32_t>(hash, 0));
       it != members_by_hash_.end() && it->first == hash; ++it) {
    const std::size_t i = it->second;
    if (domain::internal::EqualsIgnoreCase(members[i].first, key)) {
      MarkRead(i);
      found = &members[i].second;  // the last of duplicates wins, as Json::Find
    }
  }
  return found == nullptr || found->is_null() ? nullptr : found;
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
      if (domain::internal::EqualsIgnoreCase(members[i].first, key)) {
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
