#pragma once
// A document's history in the REST API (docs/api.md, "Document history"):
//
//   GET /api/v1/orgs/{tenant}/documents/{kind}/{host_id}/history?limit=&offset=   (view_status)
//
// One timeline, newest first: each version as accepted, each outcome of its attempts (and of
// refusals before sending), and the user's actions on it and on its errors, from
// Store::GetDocumentHistory. And what one sync run did, document by document:
//
//   GET /api/v1/orgs/{tenant}/runs/{id}/documents?after=&limit=   (view_status)
//
// Internal to the api module: AddApiRoutes registers it.
//
// Thread safety: as api.h says of every handler.

#include "api/api.h"
#include "http/http.h"

namespace xerosync::api {

// Registers the history route. REQUIRES: `context` outlives `router`.
void AddHistoryRoutes(http::Router& router, ApiContext& context);

}  // namespace xerosync::api
