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

// POST .../errors/{id}/archive or /unarchive {"reason": "..."} (required: it goes to the audit
// log): archived, the error and its document are set aside; un-archived, the error is open and
// its document failed again, not retried (store.h).
Response SetArchived(Call& call, bool archived) {
  const std::optional<int64_t> id = IdParam(call.request, "id");
  if (!id) return BadRequest("must be an error id", "id");
  auto error = OrgError(call, *id);
  if (auto* response = std::get_if<Response>(&error)) return std::move(*response);
  auto parsed = BodyObject(call.request, call.context);
  if (auto* response = std::get_if<Response>(&parsed)) return std::move(*response);
  auto reason = StringMember(std::get<Json>(parsed), "reason");
  if (auto* response = std::get_if<Response>(&reason)) return std::move(*response);
  const std::optional<std::string>& text = std::get<std::optional<std::string>>(reason);
  if (!text || text->empty()) {
    return BadRequest(std::string("say why the error is ") +
                          (archived ? "archived" : "un-archived") + " (it goes to the audit log)",
                      "reason");
  }
  if (auto bad = BadText(*text, "reason", 1000, /*multiline=*/true)) return std::move(*bad);
  store::Store& store = call.context.store;
  const TimePoint now = call.context.clock.Now();
  if (Status done = archived ? store.ArchiveError(*id, *text, call.principal.Actor(), now)
                             : store.UnarchiveError(*id, *text, call.principal.Actor(), now);
      !done.ok()) {
    return StatusResponse(done);
  }
  Result<store::SyncError> after = store.GetError(*id);
  if (!after.ok()) return StatusResponse(after.status());
  return JsonResponse(200, XeroLinker(call.context, call.org.tenant).ErrorJson(*after));
}

}  // namespace

void AddErrorRoutes(http::Router& router, ApiContext& context) {
  AddOrgRoute(router, context, "POST", "/errors/{id}/archive", Permission::kArchive,
              [](Call& call) { return SetArchived(call, true); });
  AddOrgRoute(router, context, "POST", "/errors/{id}/unarchive", Permission::kArchive,
              [](Call& call) { return SetArchived(call, false); });
}

}  // namespace xerosync::api
