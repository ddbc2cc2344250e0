#include "xero/transport.h"

#include <algorithm>
#include <cctype>

namespace xerosync::xero {

std::optional<std::string_view> HttpResponse::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key.size() == name.size() &&
        std::ranges::equal(key, name, [](unsigned char a, unsigned char b) {
          return std::tolower(a) == std::tolower(b);
        })) {
      return value;
    }
  }
  return std::nullopt;
}

}  // namespace xerosync::xero
