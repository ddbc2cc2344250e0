#include "store/outbox.h"

#include <array>
#include <cstddef>

namespace xerosync::store {
namespace {

constexpr std::array<std::string_view, 3> kEventStateNames = {"pending", "delivered", "failed"};

}  // namespace

std::string_view EventStateName(EventState state) {
  const auto index = static_cast<std::size_t>(state);
  return index < kEventStateNames.size() ? kEventStateNames[index] : std::string_view("unknown");
}

std::optional<EventState> ParseEventState(std::string_view name) {
  for (std::size_t i = 0; i < kEventStateNames.size(); ++i) {
    if (kEventStateNames[i] == name) return static_cast<EventState>(i);
  }
  return std::nullopt;
}

}  // namespace xerosync::store
