#include "domain/enums.h"

#include <string>

namespace xerosync::domain::internal {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a == b) return true;  // the usual case, and a cheap one
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

Status UnknownEnumName(std::string_view type_name, std::string_view text,
                       std::span<const std::string_view> names) {
  std::string message =
      "'" + std::string(text) + "' is not a valid " + std::string(type_name) + "; expected one of ";
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) message += ", ";
    message += names[i];
  }
  return InvalidArgumentError(std::move(message));
}

}  // namespace xerosync::domain::internal
