#include "domain/enums.h"

#include <string>

namespace xerosync::domain::internal {

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
