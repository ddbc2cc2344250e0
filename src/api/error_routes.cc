#include "api/error_routes.h"

#include <optional>
#include <string>
#include <utility>
#include <variant>

#include "api/parts.h"
#include "api/routes.h"
#include "api/xero_link.h"

namespace xerosync::api {
namespace {

Response UnarchiveError(Call& call) {
  const std::optional<int64_t> id = IdParam(call.request, "id");
  if (!id) return BadRequest("must be an error id", "id");
  // Another organisation's error is not found here.
  Result<store::SyncError> error = call.context.store.GetError(*id);
  if (!error.ok() && error.status().code() != StatusCode::kNotFound) {
    return StatusResponse(error.status());
  }
  if (!error.ok() || error->organisation != call.org.tenant) {
    return ErrorResponse(404, "not_found", "no error " + std::to_string(*id));
  }
  auto parsed = BodyObject(call.request, call.context);
  if (auto* response = std::get_if<Response>(&parsed)) return std::move(*response);
  auto reason = StringMember(std::get<Json>(parsed), "reason");
  if (auto* response = std::get_if<Response>(&reason)) return std::move(*response);
  const std::optional<std::string>& text = std::get<std::optional<std::string>>(reason);
  if (!text || text->empty()) {
    return BadRequest("say why the error is un-archived (it goes to the audit log)", "reason");
  }
  if (auto bad = BadText(*text, "reason", 1000, /*multiline=*/true)) return std::move(*bad);
  if (Status done = call.context.store.UnarchiveError(*id, *text, call.principal.Actor(),
                                                      call.context.clock.Now());
      !done.ok()) {
    return StatusResponse(done);
  }
  Result<store::SyncError> after = call.context.store.GetError(*id);
  if (!after.ok()) return StatusResponse(after.status());
  return JsonResponse(200, XeroLinker(call.context, call.org.tenant).ErrorJson(*after));
}

}  // namespace

void AddErrorRoutes(http::Router& router, ApiContext& context) {
  AddOrgRoute(router, context, "POST", "/errors/{id}/unarchive", Permission::kArchive,
              UnarchiveError);
}

}  // namespace xerosync::api
