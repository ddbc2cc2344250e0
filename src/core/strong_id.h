#pragma once
// StrongId<Tag>: a string identifier that cannot be mixed up with another kind of identifier.
//
//   using InvoiceId = StrongId<struct InvoiceIdTag>;
//   InvoiceId id("d4956132-...");
//   ContactId c = id;  // does not compile
//
// Ids compare, order and hash by their text. An empty id means "none yet" (e.g. a document that
// Xero has not assigned an id to); empty() says so.

#include <compare>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>

namespace xerosync {

template <typename Tag>
class StrongId {
 public:
  StrongId() = default;
  explicit StrongId(std::string value) : value_(std::move(value)) {}
  explicit StrongId(std::string_view value) : value_(value) {}
  explicit StrongId(const char* value) : value_(value) {}

  const std::string& value() const { return value_; }
  bool empty() const { return value_.empty(); }

  friend auto operator<=>(const StrongId&, const StrongId&) = default;
  friend bool operator==(const StrongId&, const StrongId&) = default;
  friend std::ostream& operator<<(std::ostream& os, const StrongId& id) { return os << id.value_; }

 private:
  std::string value_;
};

}  // namespace xerosync

template <typename Tag>
struct std::hash<xerosync::StrongId<Tag>> {
  std::size_t operator()(const xerosync::StrongId<Tag>& id) const noexcept {
    return std::hash<std::string>{}(id.value());
  }
};
