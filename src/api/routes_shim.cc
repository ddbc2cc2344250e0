// TEMPORARY SHIM (see routes.h): lets every request in as an admin named "api".
#include "api/parts.h"
#include "api/routes.h"

namespace xerosync::api {
namespace {

access::Principal Admin() {
  access::Principal principal;
  principal.name = "api";
  principal.role = store::Role::kAdmin;
  return principal;
}

}  // namespace

void AddOrgRoute(http::Router& router, ApiContext& context, std::string_view method,
                 std::string_view tail, access::Permission /*permission*/, OrgHandler handler) {
  router.Add(method, "/api/v1/orgs/{tenant}" + std::string(tail),
             [&context, handler = std::move(handler)](http::Request& request) {
               Result<store::Organisation> org = context.store.GetOrganisation(
                   domain::TenantId(std::string(request.Param("tenant"))));
               if (!org.ok()) return StatusResponse(org.status());
               Call call{context, request, Admin(), std::move(*org)};
               return handler(call);
             });
}

void AddInstallationRoute(http::Router& router, ApiContext& context, std::string_view method,
                          std::string_view path, access::Permission /*permission*/,
                          InstallationHandler handler) {
  (void)context;
  router.Add(method, path, [handler = std::move(handler)](http::Request& request) {
    return handler(request, Admin());
  });
}

}  // namespace xerosync::api
