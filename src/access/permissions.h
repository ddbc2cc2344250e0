#pragma once
// What each role may do (issue 7, "Access"; the roles of seed 000): a viewer sees status and
// errors; an operator also syncs now, retries, archives and edits; an admin also connects,
// disconnects, and manages mappings, settings and users (and API keys). Every REST handler asks
// for one Permission; docs/access.md has the table.
//
// Thread safety: pure functions.

#include <optional>
#include <string_view>
#include <vector>

#include "store/records.h"

namespace xerosync::access {

using store::Role;

enum class Permission {
  // viewer
  kViewStatus,  // connection, sync runs and figures, documents, the log
  kViewErrors,  // sync errors and their details
  // operator
  kSyncNow,
  kRetry,    // retry, pass to accounts, reopen
  kArchive,  // archive and un-archive errors
  kEdit,     // edit a document's offending fields (a new version)
  // admin
  kConnect,  // connect, reconnect, choose the organisation
  kDisconnect,
  kMappings,
  kSettings,
  kUsers,  // users and API keys
};
inline constexpr int kPermissionCount = 11;

// "view_status", "view_errors", "sync_now", "retry", "archive", "edit", "connect", "disconnect",
// "mappings", "settings", "users".
std::string_view PermissionName(Permission permission);
std::optional<Permission> ParsePermission(std::string_view name);

// Whether `role` has `permission`. Roles are nested: an admin may do all an operator may.
bool Allowed(Role role, Permission permission);
// Every permission of `role`, in enum order (GET /api/v1/me, so the console hides what it cannot
// do).
std::vector<Permission> PermissionsOf(Role role);

}  // namespace xerosync::access
