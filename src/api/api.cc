#include "api/api.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <functional>
#include <optional>
#include <span>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "api/connection_routes.h"
#include "api/error_routes.h"
#include "api/history_routes.h"
#include "api/parts.h"
#include "api/routes.h"
#include "api/settings_routes.h"
#include "api/webhook_routes.h"
#include "api/xero_link.h"
#include "core/json.h"
#include "rules/catalogue.h"
#include "rules/preflight.h"
#include "sync/incoming.h"
#include "sync/lookups.h"
#include "sync/prepare.h"
#include "sync/settings.h"
#include "xero/wire_time.h"

namespace xerosync::api {
namespace {

// A page of a listing: after which id, how many (default 100, at most kMaxPageSize).
struct Page {
  int64_t after = 0;
  int limit = 100;
};
std::variant<Page, Response> PageOf(const Request& request, std::string_view what) {
  const std::optional<int64_t> after = IntQuery(request, "after", 0);
  if (!after)
    return BadRequest(
        "must be " + std::string(what == "error" ? "an " : "a ") + std::string(what) + " id",
        "after");
  auto limit = LimitQuery(request, 100);
  if (auto* response = std::get_if<Response>(&limit)) return std::move(*response);
  return Page{*after, std::get<int>(limit)};
}

// `{"<name>": [...], "next_after": id}`: the next page starts after the last id; none when this
// page was not full.
template <typename Record>
Response PageResponse(std::string_view name, const std::vector<Record>& records, int limit,
                      const std::function<Json(const Record&)>& to_json) {
  Json list = Json::MakeArray();
  for (const Record& r : records) list.Append(to_json(r));
  Json body = Json::MakeObject();
  body.Set(std::string(name), std::move(list));
  body.Set("next_after", static_cast<int64_t>(records.size()) == limit
                             ? Json::Integer(records.back().id)
                             : Json::Null());
  return JsonResponse(200, body);
}

// ---- the routes ----

TimePoint Now(const Call& call) { return call.context.clock.Now(); }

Response Healthz(Request&) {
  Json body = Json::MakeObject();
  body.Set("status", Str("ok"));
  return JsonResponse(200, body);
}

Response Readyz(ApiContext& context) {
  Result<std::vector<store::Organisation>> orgs = context.store.ListOrganisations();
  if (!orgs.ok()) {
    return ErrorResponse(503, "unavailable",
                         "the store does not answer: " + std::string(orgs.status().message()));
  }
  // Connected: its connection's (sealed) tokens are in the store. Only the ids are read.
  Result<std::vector<std::string>> connections = context.store.ListConnectionRecords();
  if (!connections.ok()) {
    return ErrorResponse(
        503, "unavailable",
        "the store does not answer: " + std::string(connections.status().message()));
  }
  Json list = Json::MakeArray();
  for (const store::Organisation& org : *orgs) {
    Json json = OrganisationJson(org);
    json.Set("connected",
             Json::Bool(std::ranges::find(*connections, org.connection_id) != connections->end()));
    list.Append(std::move(json));
  }
  Json body = Json::MakeObject();
  body.Set("status", Str("ready"));
  body.Set("organisations", std::move(list));
  return JsonResponse(200, body);
}

// ---- documents ----

Response PostDocuments(Call& call) {
  auto parsed = BodyObject(call.request, call.context);
  if (auto* response = std::get_if<Response>(&parsed)) return std::move(*response);
  const Json& body = std::get<Json>(parsed);
  // One document, or {"documents":[...]}.
  std::vector<const Json*> elements;
  bool batch = false;
  if (const Json* documents = body.Find("documents"); documents != nullptr) {
    if (!documents->is_array()) return BadRequest("must be an array", "documents");
    batch = true;
    for (const Json& element : documents->AsArray()) elements.push_back(&element);
    if (elements.empty()) return BadRequest("must hold at least one document", "documents");
    if (elements.size() > call.context.max_documents) {
      return BadRequest("at most " + std::to_string(call.context.max_documents) +
                            " documents per request; send the rest in another",
                        "documents");
    }
  } else {
    elements.push_back(&body);
  }
  // Every document is checked before any is stored: a request is accepted whole or not at all.
  std::vector<store::IncomingDocument> incoming;
  incoming.reserve(elements.size());
  for (std::size_t i = 0; i < elements.size(); ++i) {
    const std::string prefix = batch ? "documents[" + std::to_string(i) + "]" : "";
    const auto where = [&](const std::string& field) {
      if (prefix.empty()) return field;
      return field.empty() ? prefix : prefix + "." + field;
    };
    std::string field;
    Result<store::IncomingDocument> document = sync::ReadIncomingDocument(*elements[i], &field);
    if (!document.ok()) return BadRequest(document.status().message(), where(field));
    field.clear();
    if (Status payload = sync::CheckIncomingPayload(*document, &field); !payload.ok()) {
      return BadRequest(payload.message(), where(field));
    }
    incoming.push_back(std::move(*document));
  }
  Result<std::vector<store::Accepted>> accepted =
      call.context.store.Accept(call.org.tenant, incoming, Now(call));
  if (!accepted.ok()) return StatusResponse(accepted.status());
  if (call.context.scheduler != nullptr) call.context.scheduler->Changed(call.org.tenant);
  Json results = Json::MakeArray();
  for (std::size_t i = 0; i < accepted->size(); ++i) {
    const store::Accepted& a = (*accepted)[i];
    Json json = Json::MakeObject();
    json.Set("kind", Str(store::DocumentKindName(incoming[i].kind)));
    json.Set("host_id", Str(incoming[i].host_id));
    json.Set("id", Json::Integer(a.document_id));
    json.Set("version", Json::Integer(a.version));
    std::string_view outcome = "created";
    if (a.outcome == store::AcceptOutcome::kNewVersion) outcome = "new_version";
    if (a.outcome == store::AcceptOutcome::kUnchanged) outcome = "unchanged";
    json.Set("outcome", Str(outcome));
    results.Append(std::move(json));
  }
  Json response = Json::MakeObject();
  response.Set("documents", std::move(results));
  return JsonResponse(200, response);
}

Response GetDocument(Call& call) {
  auto found = PathDocument(call);
  if (auto* response = std::get_if<Response>(&found)) return std::move(*response);
  const store::Document& document = std::get<store::Document>(found);
  XeroLinker links(call.context, call.org.tenant);
  Json json = links.DocumentJson(document);
  json.Set("payload", Json::Parse(document.payload).value_or(Json::Null()));
  Json parents = Json::MakeArray();
  for (const store::ParentRef& parent : document.parents) {
    Json p = KeyJson(parent.key);
    p.Set("role", Str(parent.role));
    parents.Append(std::move(p));
  }
  json.Set("parents", std::move(parents));
  json.Set("error", Json::Null());
  if (document.error_id) {
    Result<store::SyncError> error = call.context.store.GetError(*document.error_id);
    if (!error.ok()) return StatusResponse(error.status());
    if (error->status == store::ErrorStatus::kOpen) {
      json.Set("error", links.ErrorJson(*error, &document));
    }
  }
  json.Set("why_blocked", Json::Null());
  if (document.blocked_by) {
    Result<sync::BlockedReason> why =
        sync::WhyBlocked(call.context.store, document, *document.blocked_by);
    if (!why.ok()) return StatusResponse(why.status());
    json.Set("why_blocked", ReportJson(why->report));
  }
  return JsonResponse(200, json);
}

Response ListDocuments(Call& call) {
  store::DocumentQuery query;
  query.organisation = call.org.tenant;
  if (const auto state = call.request.Query("state")) {
    query.state = store::ParseDocumentState(*state);
    if (!query.state) return BadRequest("not a document state", "state");
  }
  if (const auto kind = call.request.Query("kind")) {
    query.kind = store::ParseDocumentKind(*kind);
    if (!query.kind) return BadRequest("not a document kind", "kind");
  }
  std::variant<Page, Response> page = PageOf(call.request, "document");
  if (auto* refused = std::get_if<Response>(&page)) return std::move(*refused);
  query.after_id = std::get<Page>(page).after;
  query.limit = std::get<Page>(page).limit;
  Result<std::vector<store::Document>> documents = call.context.store.ListDocuments(query);
  if (!documents.ok()) return StatusResponse(documents.status());
  XeroLinker links(call.context, call.org.tenant);
  return PageResponse<store::Document>(
      "documents", *documents, query.limit,
      [&links](const store::Document& d) { return links.DocumentJson(d); });
}

// A new version of the document asking Xero to void or delete it.
Response NewOperation(Call& call, store::Operation operation) {
  auto found = PathDocument(call);
  if (auto* response = std::get_if<Response>(&found)) return std::move(*response);
  const store::Document& document = std::get<store::Document>(found);
  const std::vector<store::IncomingDocument> incoming{
      {document.kind, document.host_id, operation, document.payload, document.parents}};
  Result<std::vector<store::Accepted>> accepted =
      call.context.store.Accept(call.org.tenant, incoming, Now(call));
  if (!accepted.ok()) return StatusResponse(accepted.status());
  if (call.context.scheduler != nullptr) call.context.scheduler->Changed(call.org.tenant);
  Result<store::Document> updated = call.context.store.GetDocument(document.id);
  if (!updated.ok()) return StatusResponse(updated.status());
  return JsonResponse(200, XeroLinker(call.context, call.org.tenant).DocumentJson(*updated));
}

Response DocumentAfter(Call& call, int64_t id) {
  Result<store::Document> updated = call.context.store.GetDocument(id);
  if (!updated.ok()) return StatusResponse(updated.status());
  return JsonResponse(200, XeroLinker(call.context, call.org.tenant).DocumentJson(*updated));
}

Response PassDocument(Call& call) {
  auto found = PathDocument(call);
  if (auto* response = std::get_if<Response>(&found)) return std::move(*response);
  const store::Document& document = std::get<store::Document>(found);
  auto parsed = BodyObject(call.request, call.context, /*empty_is_object=*/true);
  if (auto* response = std::get_if<Response>(&parsed)) return std::move(*response);
  auto xero_id = StringMember(std::get<Json>(parsed), "xero_id");
  if (auto* response = std::get_if<Response>(&xero_id)) return std::move(*response);
  if (const auto& id = std::get<std::optional<std::string>>(xero_id)) {
    if (id->empty()) return BadRequest("must not be empty (leave it out for none)", "xero_id");
    if (auto bad = BadText(*id, "xero_id", 64)) return std::move(*bad);
  }
  if (Status passed = call.context.store.PassToAccounts(
          document.id, std::get<std::optional<std::string>>(xero_id), call.principal.Actor(),
          Now(call));
      !passed.ok()) {
    return StatusResponse(passed);
  }
  return DocumentAfter(call, document.id);
}

Response ReopenDocument(Call& call) {
  auto found = PathDocument(call);
  if (auto* response = std::get_if<Response>(&found)) return std::move(*response);
  const store::Document& document = std::get<store::Document>(found);
  if (Status reopened = call.context.store.Reopen(document.id, call.principal.Actor(), Now(call));
      !reopened.ok()) {
    return StatusResponse(reopened);
  }
  return DocumentAfter(call, document.id);
}

// ---- errors ----

Response ListErrors(Call& call) {
  store::ErrorQuery query;
  query.organisation = call.org.tenant;
  if (const auto status = call.request.Query("status")) {
    query.status = store::ParseErrorStatus(*status);
    if (!query.status) return BadRequest("not open, resolved or archived", "status");
  }
  if (const auto code = call.request.Query("code")) query.code = std::string(*code);
  std::variant<Page, Response> page = PageOf(call.request, "error");
  if (auto* refused = std::get_if<Response>(&page)) return std::move(*refused);
  query.after_id = std::get<Page>(page).after;
  query.limit = std::get<Page>(page).limit;
  Result<std::vector<store::SyncError>> errors = call.context.store.ListErrors(query);
  if (!errors.ok()) return StatusResponse(errors.status());
  XeroLinker links(call.context, call.org.tenant);
  return PageResponse<store::SyncError>(
      "errors", *errors, query.limit,
      [&links](const store::SyncError& e) { return links.ErrorJson(e); });
}

// The organisation's error `id`; a 404 response when it is another organisation's or none.
Response RetryErrors(Call& call) {
  auto parsed = BodyObject(call.request, call.context);
  if (auto* response = std::get_if<Response>(&parsed)) return std::move(*response);
  const Json& body = std::get<Json>(parsed);
  const Json* ids = body.Find("ids");
  const Json* code = body.Find("code");
  if ((ids == nullptr) == (code == nullptr)) {
    return BadRequest("give either \"ids\" (error ids) or \"code\" (every open error of a code)");
  }
  std::vector<int64_t> documents;
  if (ids != nullptr) {
    if (!ids->is_array() || ids->AsArray().empty() || ids->AsArray().size() > 1000) {
      return BadRequest("must be an array of 1 to 1000 error ids", "ids");
    }
    for (std::size_t i = 0; i < ids->AsArray().size(); ++i) {
      const Json& id = ids->AsArray()[i];
      Result<int64_t> value = id.is_number() ? id.AsInt64() : InvalidArgumentError("");
      const std::string field = "ids[" + std::to_string(i) + "]";
      if (!value.ok() || *value <= 0) return BadRequest("must be an error id", field);
      auto error = OrgError(call, *value);
      if (auto* response = std::get_if<Response>(&error)) return std::move(*response);
      documents.push_back(std::get<store::SyncError>(error).document_id);
    }
  } else {
    if (!code->is_string() || code->AsString().empty()) {
      return BadRequest("must be a catalogue code", "code");
    }
    store::ErrorQuery query;
    query.organisation = call.org.tenant;
    query.status = store::ErrorStatus::kOpen;
    query.code = code->AsString();
    for (;;) {
      Result<std::vector<store::SyncError>> page = call.context.store.ListErrors(query);
      if (!page.ok()) return StatusResponse(page.status());
      for (const store::SyncError& e : *page) documents.push_back(e.document_id);
      if (static_cast<int>(page->size()) < query.limit) break;
      query.after_id = page->back().id;
    }
  }
  if (!documents.empty()) {
    if (Status retried =
            call.context.store.RetryDocuments(documents, call.principal.Actor(), Now(call));
        !retried.ok()) {
      return StatusResponse(retried);
    }
  }
  Json body_out = Json::MakeObject();
  body_out.Set("retried", Json::Integer(static_cast<int64_t>(documents.size())));
  return JsonResponse(200, body_out);
}

// The fields a user may correct from the console, and where each lives in the payload.
constexpr std::string_view kDocumentFields[] = {"CurrencyCode", "Date", "ContactID"};
constexpr std::string_view kLineFields[] = {"AccountCode", "TaxType"};

// POST .../errors/{id}/edit {"fields":{"Date":"2026-01-03","AccountCode":"200"},"line":0}: a new
// version of the error's document with those fields changed (line fields on line `line`, which
// may be left out when the document has one line), checked as a pushed document is.
Response EditError(Call& call) {
  const std::optional<int64_t> id = IdParam(call.request, "id");
  if (!id) return BadRequest("must be an error id", "id");
  auto error = OrgError(call, *id);
  if (auto* response = std::get_if<Response>(&error)) return std::move(*response);
  auto parsed = BodyObject(call.request, call.context);
  if (auto* response = std::get_if<Response>(&parsed)) return std::move(*response);
  const Json& body = std::get<Json>(parsed);
  const Json* fields = body.Find("fields");
  if (fields == nullptr || !fields->is_object() || fields->AsObject().empty()) {
    return BadRequest("must be an object of the fields to change", "fields");
  }
  Result<store::Document> document =
      call.context.store.GetDocument(std::get<store::SyncError>(error).document_id);
  if (!document.ok()) return StatusResponse(document.status());
  Result<Json> payload = Json::Parse(document->payload);
  if (!payload.ok() || !payload->is_object()) {
    return ErrorResponse(409, "failed_precondition", "the document's payload is not an object");
  }
  std::vector<store::ParentRef> parents = document->parents;
  for (const auto& [name, value] : fields->AsObject()) {
    const std::string field = "fields." + name;
    if (!value.is_string() || value.AsString().empty()) {
      return BadRequest("must be a non-empty string", field);
    }
    if (auto bad = BadText(value.AsString(), field, 255)) return std::move(*bad);
    const bool document_field =
        std::ranges::find(kDocumentFields, name) != std::end(kDocumentFields);
    const bool line_field = std::ranges::find(kLineFields, name) != std::end(kLineFields);
    if (!document_field && !line_field) {
      return BadRequest(
          "cannot be edited here (CurrencyCode, Date, ContactID; AccountCode and "
          "TaxType of a line)",
          field);
    }
    if (name == "ContactID") {
      // The contact is now the Xero one named: the contact parent would fill its own id over it.
      Json contact = Json::MakeObject();
      contact.Set("ContactID", value);
      payload->Set("Contact", std::move(contact));
      std::erase_if(parents, [](const store::ParentRef& p) { return p.role == "contact"; });
    } else if (document_field) {
      payload->Set(name, value);
    } else {
      Json* lines = payload->Find("LineItems");
      if (lines == nullptr || !lines->is_array() || lines->AsArray().empty()) {
        return BadRequest("the document has no lines", field);
      }
      int64_t line = 0;
      if (const Json* index = body.Find("line"); index != nullptr && !index->is_null()) {
        Result<int64_t> n = index->is_number() ? index->AsInt64() : InvalidArgumentError("");
        if (!n.ok() || *n < 0 || *n >= static_cast<int64_t>(lines->AsArray().size())) {
          return BadRequest(
              "must be a line index, 0 to " + std::to_string(lines->AsArray().size() - 1), "line");
        }
        line = *n;
      } else if (lines->AsArray().size() > 1) {
        return BadRequest("the document has several lines: say which (0 for the first)", "line");
      }
      Json& item = lines->AsArray()[static_cast<std::size_t>(line)];
      if (!item.is_object()) return BadRequest("the line is not an object", "line");
      item.Set(name, value);
    }
  }
  const std::vector<store::IncomingDocument> incoming{
      {document->kind, document->host_id, document->operation, payload->Serialize(), parents}};
  std::string field;
  if (Status valid = sync::CheckIncomingPayload(incoming.front(), &field); !valid.ok()) {
    return BadRequest(valid.message(), field);
  }
  const TimePoint now = Now(call);
  Result<std::vector<store::Accepted>> accepted =
      call.context.store.Accept(call.org.tenant, incoming, now);
  if (!accepted.ok()) return StatusResponse(accepted.status());
  store::AuditEntry audit;
  audit.at = now;
  audit.actor = call.principal.Actor();
  audit.action = "document.edit";
  audit.subject = std::string(store::DocumentKindName(document->kind)) + " " + document->host_id;
  audit.detail = fields->Serialize();
  audit.organisation = call.org.tenant;
  if (Status logged = call.context.store.AppendAudit(audit); !logged.ok()) {
    return StatusResponse(logged);
  }
  if (call.context.scheduler != nullptr) call.context.scheduler->Changed(call.org.tenant);
  return DocumentAfter(call, document->id);
}

// ---- sync ----

Response PostSync(Call& call) {
  Result<sync::RunReport> report =
      call.context.scheduler != nullptr
          ? call.context.scheduler->SyncNow(call.org.tenant, store::RunTrigger::kManual)
          : call.context.engine.RunOnce(call.org.tenant, store::RunTrigger::kManual);
  if (!report.ok()) return StatusResponse(report.status());
  Json body = Json::MakeObject();
  body.Set("run", RunJson(report->run));
  body.Set("joined", Json::Bool(report->joined));
  return JsonResponse(200, body);
}

Response ListRuns(Call& call) {
  const std::optional<int64_t> before = IntQuery(call.request, "before", 0);
  if (!before) return BadRequest("must be a run id", "before");
  auto limit_or = LimitQuery(call.request, 20);
  if (auto* response = std::get_if<Response>(&limit_or)) return std::move(*response);
  const int limit = std::get<int>(limit_or);
  Result<std::vector<store::SyncRun>> runs =
      call.context.store.ListRuns(call.org.tenant, *before, limit);
  if (!runs.ok()) return StatusResponse(runs.status());
  Json list = Json::MakeArray();
  for (const store::SyncRun& run : *runs) list.Append(RunJson(run));
  Json body = Json::MakeObject();
  body.Set("runs", std::move(list));
  body.Set("next_before", static_cast<int64_t>(runs->size()) == limit
                              ? Json::Integer(runs->back().id)
                              : Json::Null());
  return JsonResponse(200, body);
}

Response GetStatus(Call& call) {
  Result<std::array<int64_t, store::kDocumentStateCount>> counts =
      call.context.store.CountByState(call.org.tenant);
  if (!counts.ok()) return StatusResponse(counts.status());
  Result<store::RunSummary> summary = call.context.store.SummarizeRuns(call.org.tenant);
  if (!summary.ok()) return StatusResponse(summary.status());
  Json states = Json::MakeObject();
  for (int s = 0; s < store::kDocumentStateCount; ++s) {
    states.Set(std::string(store::DocumentStateName(static_cast<store::DocumentState>(s))),
               Json::Integer((*counts)[s]));
  }
  Json runs = Json::MakeObject();
  runs.Set("total", Json::Integer(summary->total));
  runs.Set("succeeded", Json::Integer(summary->succeeded));
  runs.Set("last_finished", summary->last_finished ? Time(*summary->last_finished) : Json::Null());
  Json body = Json::MakeObject();
  body.Set("organisation", OrganisationJson(call.org));
  body.Set("documents", std::move(states));
  body.Set("runs", std::move(runs));
  return JsonResponse(200, body);
}

// ---- mappings and settings ----

Json MappingJson(const store::Mapping& mapping) {
  Json json = Json::MakeObject();
  json.Set("kind", Str(mapping.kind));
  json.Set("from", Str(mapping.from));
  json.Set("to", Str(mapping.to));
  return json;
}

Response ListMappings(Call& call) {
  Result<std::vector<store::Mapping>> mappings = call.context.store.ListMappings(call.org.tenant);
  if (!mappings.ok()) return StatusResponse(mappings.status());
  Json list = Json::MakeArray();
  for (const store::Mapping& m : *mappings) list.Append(MappingJson(m));
  Json body = Json::MakeObject();
  body.Set("mappings", std::move(list));
  return JsonResponse(200, body);
}

// PUT {"kind","from","to","force"?} sets; DELETE {"kind","from"} removes. Checked as
// `xerosync mappings set` checks them (rules::Mappings, sync::CheckMappingTarget).
Response ChangeMapping(Call& call, bool remove) {
  auto parsed = BodyObject(call.request, call.context);
  if (auto* response = std::get_if<Response>(&parsed)) return std::move(*response);
  const Json& body = std::get<Json>(parsed);
  store::Mapping mapping;
  for (const auto& [name, into] : {std::pair<const char*, std::string*>{"kind", &mapping.kind},
                                   {"from", &mapping.from},
                                   {"to", &mapping.to}}) {
    if (remove && std::string_view(name) == "to") continue;
    auto value = StringMember(body, name);
    if (auto* response = std::get_if<Response>(&value)) return std::move(*response);
    const std::optional<std::string>& text = std::get<std::optional<std::string>>(value);
    if (!text || text->empty()) return BadRequest("required", name);
    if (auto bad = BadText(*text, name, 255)) return std::move(*bad);
    *into = *text;
  }
  bool force = false;
  if (const Json* f = body.Find("force"); f != nullptr && !f->is_null()) {
    if (!f->is_bool()) return BadRequest("must be true or false", "force");
    force = f->AsBool();
  }
  rules::Mappings probe;
  if (Status valid = probe.Set(mapping.kind, mapping.from, remove ? "x" : mapping.to);
      !valid.ok()) {
    return BadRequest(valid.message(), "kind");
  }
  if (!remove) {
    Result<rules::Settings> cached = sync::CachedSettingsOf(call.context.store, call.org.tenant);
    if (!cached.ok()) return StatusResponse(cached.status());
    const rules::Reference reference = rules::Reference::Build(std::move(*cached));
    if (Status target = sync::CheckMappingTarget(reference, mapping.kind, mapping.from, mapping.to);
        !target.ok() && !force) {
      return BadRequest(std::string(target.message()) +
                            " (as last read from Xero: POST .../xero-settings/refresh reads it "
                            "again; \"force\": true sets it anyway)",
                        "to");
    }
  }
  const TimePoint now = Now(call);
  if (Status set =
          call.context.store.SetMapping(call.org.tenant, mapping, call.principal.Actor(), now);
      !set.ok()) {
    return StatusResponse(set);
  }
  Result<int64_t> released = call.context.store.ReleaseAfterRelevantChange(
      call.org.tenant, sync::CodesReleasedOnChange(), now);
  if (!released.ok()) return StatusResponse(released.status());
  Json out = MappingJson(mapping);
  out.Set("released", Json::Integer(*released));
  return JsonResponse(200, out);
}

Response GetXeroSettings(Call& call) {
  Json kinds = Json::MakeObject();
  for (const std::string_view kind : sync::kSettingsKinds) {
    Result<std::optional<store::CachedSettings>> cached =
        call.context.store.GetSettings(call.org.tenant, kind);
    if (!cached.ok()) return StatusResponse(cached.status());
    Json entry = Json::MakeObject();
    entry.Set("fetched_at", *cached ? Time((*cached)->fetched_at) : Json::Null());
    entry.Set("settings",
              *cached ? Json::Parse((*cached)->json).value_or(Json::Null()) : Json::Null());
    kinds.Set(std::string(kind), std::move(entry));
  }
  Json body = Json::MakeObject();
  body.Set("kinds", std::move(kinds));
  return JsonResponse(200, body);
}

Response RefreshXeroSettings(Call& call) {
  Result<sync::SettingsRefresh> refresh = call.context.engine.RefreshSettingsNow(call.org.tenant);
  if (!refresh.ok()) return StatusResponse(refresh.status());
  Json warnings = Json::MakeArray();
  for (const store::ErrorReport& w : refresh->warnings) warnings.Append(ReportJson(w));
  Json body = Json::MakeObject();
  body.Set("kinds_changed", Json::Integer(refresh->kinds_changed));
  body.Set("released", Json::Integer(refresh->released));
  body.Set("warnings", std::move(warnings));
  return JsonResponse(200, body);
}

}  // namespace

void AddApiRoutes(http::Router& router, ApiContext& context) {
  const auto org = [&router, &context](std::string_view method, std::string_view tail,
                                       Permission permission, OrgHandler handler) {
    AddOrgRoute(router, context, method, tail, permission, std::move(handler));
  };
  using P = Permission;
  router.Add("GET", "/healthz", Healthz);
  router.Add("GET", "/readyz", [&context](Request&) { return Readyz(context); });
  // The host app pushes documents and acts on them as an operator would: edit.
  org("POST", "/documents", P::kEdit, PostDocuments);
  org("GET", "/documents", P::kViewStatus, ListDocuments);
  org("GET", "/documents/{kind}/{host_id}", P::kViewStatus, GetDocument);
  org("DELETE", "/documents/{kind}/{host_id}", P::kEdit,
      [](Call& call) { return NewOperation(call, store::Operation::kDelete); });
  org("POST", "/documents/{kind}/{host_id}/void", P::kEdit,
      [](Call& call) { return NewOperation(call, store::Operation::kVoid); });
  org("POST", "/documents/{kind}/{host_id}/pass", P::kRetry, PassDocument);
  org("POST", "/documents/{kind}/{host_id}/reopen", P::kRetry, ReopenDocument);
  org("GET", "/errors", P::kViewErrors, ListErrors);
  org("POST", "/errors/retry", P::kRetry, RetryErrors);
  org("POST", "/errors/{id}/edit", P::kEdit, EditError);
  org("POST", "/sync", P::kSyncNow, PostSync);
  org("GET", "/runs", P::kViewStatus, ListRuns);
  org("GET", "/status", P::kViewStatus, GetStatus);
  org("GET", "/mappings", P::kViewStatus, ListMappings);
  org("PUT", "/mappings", P::kMappings, [](Call& call) { return ChangeMapping(call, false); });
  org("DELETE", "/mappings", P::kMappings, [](Call& call) { return ChangeMapping(call, true); });
  org("GET", "/xero-settings", P::kViewStatus, GetXeroSettings);
  org("POST", "/xero-settings/refresh", P::kMappings, RefreshXeroSettings);
  AddHistoryRoutes(router, context);
  if (context.connector != nullptr) AddConnectionRoutes(router, context);
  AddSettingsRoutes(router, context);
  AddErrorRoutes(router, context);
  if (context.cipher != nullptr) AddWebhookRoutes(router, context);
  router.SetNotFound([](Request& request) {
    return ErrorResponse(404, "not_found", "no route for " + request.method + " " + request.path);
  });
}

http::Handler ApiHandler(const http::Router& router) {
  return [&router](Request& request) {
    Response response = router.Dispatch(request);
    if (response.status != 405) return response;
    const std::string allow(response.headers.Get("Allow").value_or(""));
    Response json = ErrorResponse(405, "method_not_allowed", "allowed: " + allow);
    json.headers.Set("Allow", allow);
    return json;
  };
}

}  // namespace xerosync::api
