#include "access/permissions.h"

#include <array>

namespace xerosync::access {
namespace {

constexpr std::array<std::string_view, kPermissionCount> kNames = {
    "view_status", "view_errors", "sync_now", "retry",    "archive", "edit",
    "connect",     "disconnect",  "mappings", "settings", "users"};

// The least role that has the permission.
Role MinimumRole(Permission permission) {
  switch (permission) {
    case Permission::kViewStatus:
    case Permission::kViewErrors:
      return Role::kViewer;
    case Permission::kSyncNow:
    case Permission::kRetry:
    case Permission::kArchive:
    case Permission::kEdit:
      return Role::kOperator;
    case Permission::kConnect:
    case Permission::kDisconnect:
    case Permission::kMappings:
    case Permission::kSettings:
    case Permission::kUsers:
      return Role::kAdmin;
  }
  return Role::kAdmin;  // a value outside the enum: only admins
}

int Rank(Role role) {
  switch (role) {
    case Role::kViewer:
      return 0;
    case Role::kOperator:
      return 1;
    case Role::kAdmin:
      return 2;
  }
  return -1;  // a value outside the enum: nothing
}

}  // namespace

std::string_view PermissionName(Permission permission) {
  auto index = static_cast<std::size_t>(permission);
  return index < kNames.size() ? kNames[index] : std::string_view("unknown");
}

std::optional<Permission> ParsePermission(std::string_view name) {
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) return static_cast<Permission>(i);
  }
  return std::nullopt;
}

bool Allowed(Role role, Permission permission) {
  return Rank(role) >= Rank(MinimumRole(permission));
}

std::vector<Permission> PermissionsOf(Role role) {
  std::vector<Permission> permissions;
  for (int i = 0; i < kPermissionCount; ++i) {
    if (Allowed(role, static_cast<Permission>(i)))
      permissions.push_back(static_cast<Permission>(i));
  }
  return permissions;
}

}  // namespace xerosync::access
