#pragma once
// Internal to the REST API and its route files: how a route is registered behind access control.
// Every route names the one Permission it needs (access/permissions.h); the request is
// authenticated (401), checked against the caller's role (403), and only then handled.
//
//   AddOrgRoute(router, context, "GET", "/errors", Permission::kViewErrors, ListErrors);
//   AddInstallationRoute(router, context, "GET", "/api/v1/orgs", Permission::kViewStatus, ...);
//
// Not part of the api module's interface (api.h is).
//
// Thread safety: the handlers may run concurrently, as api.h says.

#include <functional>
#include <string_view>
#include <variant>

#include "access/access.h"
#include "access/permissions.h"
#include "api/api.h"
#include "core/result.h"
#include "http/http.h"
#include "store/records.h"

namespace xerosync::api {

using access::Permission;

// Everything a handler of an organisation's route needs, once the request is let in and the
// organisation found.
struct Call {
  ApiContext& context;
  http::Request& request;
  access::Principal principal;
  store::Organisation org;
};

using OrgHandler = std::function<http::Response(Call&)>;
using InstallationHandler = std::function<http::Response(http::Request&, const access::Principal&)>;

// Who sent `request`, if their role has `permission`: ApiContext::access decides, or, without it,
// everyone is an admin named "api". The failure is the Status to answer with (StatusResponse).
Result<access::Principal> Admit(ApiContext& context, const http::Request& request,
                                Permission permission);

// The sync error `id` of the call's organisation, or the answer: 404 when there is none (or it is
// another organisation's), the store's failure otherwise.
std::variant<store::SyncError, http::Response> OrgError(Call& call, int64_t id);

// The call organisation's document named by the path's {kind}/{host_id}, or the answer: 400 for
// an unknown kind, 404 when there is none, the store's failure otherwise.
std::variant<store::Document, http::Response> PathDocument(Call& call);

// Registers /api/v1/orgs/{tenant}<tail>: admits the caller, finds the organisation (404), runs
// `handler`. REQUIRES: `context` outlives `router`.
void AddOrgRoute(http::Router& router, ApiContext& context, std::string_view method,
                 std::string_view tail, Permission permission, OrgHandler handler);

// Registers `path` (a route not under one organisation): admits the caller, runs `handler`.
// REQUIRES: `context` outlives `router`.
void AddInstallationRoute(http::Router& router, ApiContext& context, std::string_view method,
                          std::string_view path, Permission permission,
                          InstallationHandler handler);

}  // namespace xerosync::api
