#pragma once
// Sync-error routes added beside api.cc's (docs/api.md, "Errors"):
//
//   POST /api/v1/orgs/{tenant}/errors/{id}/unarchive  (archive)  {"reason": "..."}
//
// An archived error is open again and its document failed again (not retried: retry it, fix it,
// or archive it again); the reason goes to the audit log ("error.unarchive").
//
// Thread safety: as api.h.

#include "api/api.h"
#include "http/http.h"

namespace xerosync::api {

// Adds the routes above. REQUIRES: `context` outlives `router`.
void AddErrorRoutes(http::Router& router, ApiContext& context);

}  // namespace xerosync::api
