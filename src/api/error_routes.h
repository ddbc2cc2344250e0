#pragma once
// Archiving sync errors, beside api.cc's other error routes (docs/api.md, "Errors"):
//
//   POST /api/v1/orgs/{tenant}/errors/{id}/archive    (archive)  {"reason": "..."}
//   POST /api/v1/orgs/{tenant}/errors/{id}/unarchive  (archive)  {"reason": "..."}
//
// An archived error and its document are set aside (never sent, out of the open list). An
// un-archived error is open again and its document failed again (not retried: retry it, fix it,
// or archive it again). The reason goes to the audit log ("error.archive", "error.unarchive").
//
// Thread safety: as api.h.

#include "api/api.h"
#include "http/http.h"

namespace xerosync::api {

// Adds the routes above. REQUIRES: `context` outlives `router`.
void AddErrorRoutes(http::Router& router, ApiContext& context);

}  // namespace xerosync::api
