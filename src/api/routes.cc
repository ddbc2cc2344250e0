#include "api/routes.h"

#include <string>
#include <utility>

#include "api/parts.h"
#include "domain/ids.h"

namespace xerosync::api {

Result<access::Principal> Admit(ApiContext& context, const http::Request& request,
                                Permission permission) {
  if (context.access == nullptr) {
    return access::Principal{.kind = access::Principal::Kind::kUser,
                             .id = 0,
                             .name = "api",
                             .role = store::Role::kAdmin};
  }
  return context.access->Authorize(request, permission);
}

std::variant<store::SyncError, http::Response> OrgError(Call& call, int64_t id) {
  Result<store::SyncError> error = call.context.store.GetError(id);
  if (!error.ok() || error->organisation != call.org.tenant) {
    if (!error.ok() && error.status().code() != StatusCode::kNotFound) {
      return StatusResponse(error.status());
    }
    return ErrorResponse(404, "not_found", "no error " + std::to_string(id));
  }
  return std::move(*error);
}

std::variant<store::Document, http::Response> PathDocument(Call& call) {
  const std::optional<store::DocumentKind> kind =
      store::ParseDocumentKind(call.request.Param("kind"));
  if (!kind) return BadRequest("not a document kind", "kind");
  const store::DocumentKey key{*kind, std::string(call.request.Param("host_id"))};
  Result<std::optional<store::Document>> found =
      call.context.store.FindDocument(call.org.tenant, key);
  if (!found.ok()) return StatusResponse(found.status());
  if (!*found) {
    return ErrorResponse(
        404, "not_found",
        "no " + std::string(store::DocumentKindName(*kind)) + " with host id " + key.host_id);
  }
  return std::move(**found);
}

void AddOrgRoute(http::Router& router, ApiContext& context, std::string_view method,
                 std::string_view tail, Permission permission, OrgHandler handler) {
  router.Add(method, "/api/v1/orgs/{tenant}" + std::string(tail),
             [&context, permission, handler = std::move(handler)](Request& request) -> Response {
               Result<access::Principal> principal = Admit(context, request, permission);
               if (!principal.ok()) return StatusResponse(principal.status());
               const domain::TenantId tenant{std::string(request.Param("tenant"))};
               Result<store::Organisation> org = context.store.GetOrganisation(tenant);
               if (!org.ok()) {
                 if (org.status().code() == StatusCode::kNotFound) {
                   return ErrorResponse(404, "not_found",
                                        "no organisation with tenant id " + tenant.value());
                 }
                 return StatusResponse(org.status());
               }
               Call call{context, request, std::move(*principal), std::move(*org)};
               return handler(call);
             });
}

void AddInstallationRoute(http::Router& router, ApiContext& context, std::string_view method,
                          std::string_view path, Permission permission,
                          InstallationHandler handler) {
  router.Add(method, path,
             [&context, permission, handler = std::move(handler)](Request& request) -> Response {
               Result<access::Principal> principal = Admit(context, request, permission);
               if (!principal.ok()) return StatusResponse(principal.status());
               return handler(request, *principal);
             });
}

}  // namespace xerosync::api
