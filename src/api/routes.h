#pragma once
// TEMPORARY SHIM of the lead's access seam (briefs/seam7.md), so that the connection routes build
// before it lands; replaced by main's src/api/routes.h at merge.

#include <functional>
#include <string_view>

#include "access/access.h"
#include "access/permissions.h"
#include "api/api.h"
#include "http/http.h"
#include "store/records.h"

namespace xerosync::api {

struct Call {
  ApiContext& context;
  http::Request& request;
  access::Principal principal;
  store::Organisation org;
};
using OrgHandler = std::function<http::Response(Call&)>;
void AddOrgRoute(http::Router& router, ApiContext& context, std::string_view method,
                 std::string_view tail, access::Permission permission, OrgHandler handler);

using InstallationHandler = std::function<http::Response(http::Request&, const access::Principal&)>;
void AddInstallationRoute(http::Router& router, ApiContext& context, std::string_view method,
                          std::string_view path, access::Permission permission,
                          InstallationHandler handler);

}  // namespace xerosync::api
