#pragma once
// Problems: collects every broken invariant of a value, so that one Validate() call tells the user
// all that is wrong with a document at once (not one problem per round trip), each naming the field
// as Xero names it ("LineItems[2].Quantity").

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace xerosync::domain {

class Problems {
 public:
  // `subject` names the value in messages: "invoice INV-0001", "contact 'Acme Ltd'".
  explicit Problems(std::string subject) : subject_(std::move(subject)) {}

  // `field` is the Xero field path; `problem` completes a sentence about it: "must not be
  // negative".
  void Add(std::string_view field, std::string_view problem);
  // Adds "<field> is longer than <max> characters" when `value` is.
  void MaxLength(std::string_view field, const std::optional<std::string>& value, std::size_t max);
  void MaxLength(std::string_view field, const std::string& value, std::size_t max);
  // Adds every message of `status` (a nested value's Validate()) under `prefix`.
  void Merge(std::string_view prefix, const Problems& nested);

  bool empty() const { return messages_.empty(); }
  const std::vector<std::string>& messages() const { return messages_; }
  // OK when there is no problem; else kInvalidArgument "<subject>: <p1>; <p2>; ...".
  Status ToStatus() const;

 private:
  std::string subject_;
  std::vector<std::string> messages_;
};

}  // namespace xerosync::domain
