#pragma once
// The REST endpoints of access control (docs/access.md), as plain handlers on an http::Router:
//
//   POST   /api/v1/session            sign in: {"name","password"} -> Set-Cookie, CSRF token
//   DELETE /api/v1/session            sign out (the session's CSRF token required)
//   GET    /api/v1/me                 who is asking, their role and permissions
//   POST   /api/v1/me/password        {"current_password","new_password"} -> a new session
//   GET    /api/v1/users              admin: the users
//   POST   /api/v1/users              admin: {"name","password","role"} -> the new user
//   POST   /api/v1/users/{name}/disable   admin: disables, ends their sessions
//   POST   /api/v1/users/{name}/enable    admin: lets them sign in again
//   GET    /api/v1/api-keys           admin: the keys (prefixes, never secrets)
//   POST   /api/v1/api-keys           admin: {"name","role"} -> the key, shown this once
//   DELETE /api/v1/api-keys/{name}    admin: revokes
//
// Errors are JSON: {"error":{"code":"unauthenticated","message":"..."}} with the HTTP status of
// ErrorResponse.
//
// Thread safety: the handlers may run concurrently (Access is thread-safe).

#include "access/access.h"
#include "core/status.h"
#include "http/http.h"

namespace xerosync::access {

// REQUIRES: `access` outlives the router.
void AddAccessRoutes(http::Router& router, Access& access);

// A failed Status as the API's JSON error: kUnauthenticated 401, kPermissionDenied 403,
// kInvalidArgument 400, kNotFound 404, kAlreadyExists and kFailedPrecondition 409,
// kResourceExhausted 429, kUnavailable 503, anything else 500 (its message not shown).
http::Response ErrorResponse(const Status& status);

}  // namespace xerosync::access
