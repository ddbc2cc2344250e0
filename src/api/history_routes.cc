#include "api/history_routes.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "api/parts.h"
#include "api/routes.h"
#include "api/xero_link.h"
#include "core/json.h"

namespace xerosync::api {
namespace {

constexpr int64_t kMaxOffset = 10000;

// One entry of the timeline, with what orders it: newest first; at the same instant an outcome
// came after the action that led to it, and an action after the version it acted on.
struct Entry {
  TimePoint at{};
  int rank = 0;    // 2 outcome, 1 action, 0 version: the higher is newer at the same instant
  int64_t id = 0;  // within one kind: the higher is newer
  Json json;
};

std::string Hex64(int64_t value) {
  static constexpr char kHex[] = "0123456789abcdef";
  auto bits = static_cast<uint64_t>(value);
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i) {
    out[static_cast<std::size_t>(i)] = kHex[bits & 0xF];
    bits >>= 4;
  }
  return out;
}

Json VersionJson(const store::VersionEntry& v) {
  Json json = Json::MakeObject();
  json.Set("type", Str("version"));
  json.Set("at", Time(v.accepted_at));
  json.Set("version", Json::Integer(v.version));
  json.Set("operation", Str(store::OperationName(v.operation)));
  json.Set("content_hash", Str(Hex64(v.content_hash)));
  return json;
}

Json OutcomeJson(const store::OutcomeEntry& o) {
  Json json = Json::MakeObject();
  json.Set("type", Str("attempt"));
  json.Set("at", Time(o.at));
  json.Set("version", Json::Integer(o.version));
  json.Set("attempt_id", o.attempt_id ? Json::Integer(*o.attempt_id) : Json::Null());
  json.Set("run_id", o.run_id ? Json::Integer(*o.run_id) : Json::Null());
  json.Set("outcome", Str(store::OutcomeKindName(o.outcome)));
  json.Set("sent", Json::Bool(o.attempt_id.has_value()));
  json.Set("xero_id", o.xero_id.empty() ? Json::Null() : Str(o.xero_id));
  Json error = Json::Null();
  if (o.error_id) {
    error = Json::MakeObject();
    error.Set("id", Json::Integer(*o.error_id));
    error.Set("code", Str(o.error_code));
    error.Set("message", Str(o.error_message));
  }
  json.Set("error", std::move(error));
  return json;
}

Json ActionJson(const store::AuditEntry& a) {
  Json json = Json::MakeObject();
  json.Set("type", Str("action"));
  json.Set("at", Time(a.at));
  json.Set("actor", Str(a.actor));
  json.Set("action", Str(a.action));
  json.Set("detail", Str(a.detail));
  return json;
}

Response GetHistory(Call& call) {
  if (!store::ParseDocumentKind(call.request.Param("kind"))) {
    return BadRequest("not a document kind", "kind");
  }
  auto limit_or = LimitQuery(call.request, 100);
  if (auto* response = std::get_if<Response>(&limit_or)) return std::move(*response);
  const int64_t limit = std::get<int>(limit_or);
  const std::optional<int64_t> offset = IntQuery(call.request, "offset", 0);
  if (!offset || *offset > kMaxOffset) {
    return BadRequest("must be 0 to " + std::to_string(kMaxOffset), "offset");
  }
  auto found = PathDocument(call);
  if (auto* response = std::get_if<Response>(&found)) return std::move(*response);
  const store::Document& document = std::get<store::Document>(found);
  // The newest offset + limit of each list hold the newest offset + limit of the timeline.
  Result<store::DocumentHistory> history =
      call.context.store.GetDocumentHistory(document.id, static_cast<int>(*offset + limit));
  if (!history.ok()) return StatusResponse(history.status());

  std::vector<Entry> entries;
  for (const store::VersionEntry& v : history->versions) {
    entries.push_back({v.accepted_at, 0, v.version, VersionJson(v)});
  }
  for (const store::OutcomeEntry& o : history->outcomes) {
    entries.push_back({o.at, 2, o.id, OutcomeJson(o)});
  }
  for (const store::AuditEntry& a : history->audit) {
    entries.push_back({a.at, 1, a.id, ActionJson(a)});
  }
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    if (a.at != b.at) return a.at > b.at;
    if (a.rank != b.rank) return a.rank > b.rank;
    return a.id > b.id;
  });

  Json list = Json::MakeArray();
  const auto first = static_cast<std::size_t>(*offset);
  const std::size_t end = std::min(entries.size(), first + static_cast<std::size_t>(limit));
  for (std::size_t i = first; i < end; ++i) list.Append(std::move(entries[i].json));
  // Full lists may have more behind them; a page that ends before the lists did has none.
  const bool more = entries.size() > end ||
                    static_cast<int64_t>(history->versions.size()) == *offset + limit ||
                    static_cast<int64_t>(history->outcomes.size()) == *offset + limit ||
                    static_cast<int64_t>(history->audit.size()) == *offset + limit;
  XeroLinker links(call.context, call.org.tenant);
  Json body = Json::MakeObject();
  body.Set("document", links.DocumentJson(document));
  body.Set("entries", std::move(list));
  body.Set("next_offset", more && end - first == static_cast<std::size_t>(limit)
                              ? Json::Integer(static_cast<int64_t>(end))
                              : Json::Null());
  return JsonResponse(200, body);
}

// A run's outcomes: which document, what happened to it.
Json RunOutcomeJson(const store::OutcomeEntry& o) {
  Json json = OutcomeJson(o);
  json.Set("id", Json::Integer(o.id));
  json.Set("kind", Str(store::DocumentKindName(o.document.kind)));
  json.Set("host_id", Str(o.document.host_id));
  return json;
}

Response GetRunDocuments(Call& call) {
  const std::optional<int64_t> run_id = IdParam(call.request, "id");
  if (!run_id) return BadRequest("must be a run id", "id");
  const std::optional<int64_t> after = IntQuery(call.request, "after", 0);
  if (!after) return BadRequest("must be an outcome id", "after");
  auto limit_or = LimitQuery(call.request, 100);
  if (auto* response = std::get_if<Response>(&limit_or)) return std::move(*response);
  const int64_t limit = std::get<int>(limit_or);
  // The run itself: the newest before id + 1 of this organisation.
  Result<std::vector<store::SyncRun>> runs =
      call.context.store.ListRuns(call.org.tenant, *run_id + 1, 1);
  if (!runs.ok()) return StatusResponse(runs.status());
  if (runs->empty() || runs->front().id != *run_id) {
    return ErrorResponse(404, "not_found", "no sync run " + std::to_string(*run_id));
  }
  Result<std::vector<store::OutcomeEntry>> outcomes =
      call.context.store.ListRunOutcomes(call.org.tenant, *run_id, *after, static_cast<int>(limit));
  if (!outcomes.ok()) return StatusResponse(outcomes.status());
  Json list = Json::MakeArray();
  for (const store::OutcomeEntry& o : *outcomes) list.Append(RunOutcomeJson(o));
  Json body = Json::MakeObject();
  body.Set("run", RunJson(runs->front()));
  body.Set("documents", std::move(list));
  body.Set("next_after", static_cast<int64_t>(outcomes->size()) == limit
                             ? Json::Integer(outcomes->back().id)
                             : Json::Null());
  return JsonResponse(200, body);
}

}  // namespace

void AddHistoryRoutes(http::Router& router, ApiContext& context) {
  AddOrgRoute(router, context, "GET", "/documents/{kind}/{host_id}/history",
              Permission::kViewStatus, GetHistory);
  AddOrgRoute(router, context, "GET", "/runs/{id}/documents", Permission::kViewStatus,
              GetRunDocuments);
}

}  // namespace xerosync::api
