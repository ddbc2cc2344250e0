#include "emulator/accounting_write.h"

#include <chrono>
#include <optional>
#include <utility>
#include <variant>

#include "emulator/api_util.h"

namespace xerosync::emulator {
namespace {

// Xero documents the 128-character limit (FACTS.md §3.1) but not its answer to a longer key; the
// emulator answers with a ValidationException naming the limit.
constexpr std::size_t kMaxIdempotencyKey = 128;
// Xero's retention is unpublished (FACTS.md §9); the emulator keeps the most recent keys.
constexpr std::size_t kMaxRememberedKeys = 100'000;

http::Response MalformedBody(std::string_view detail) {
  Json body =
      Json::MakeObject({{"ErrorNumber", Json::Integer(14)},
                        {"Type", Json::String("PostDataInvalidException")},
                        {"Message", Json::String("JSON request body could not be read, Error " +
                                                 std::string(detail))}});
  return http::Response::Json(400, body.Serialize());
}

// What makes two requests "the same" for Idempotency-Key: everything the client chose.
std::string Fingerprint(const http::Request& request) {
  std::string text = request.method + ' ' + request.path;
  for (const auto& [name, value] : request.query) text += '&' + name + '=' + value;
  text += '\n';
  text += request.body;
  return text;
}

// Marks a failed element as Xero does, in place.
void MarkFailed(Json& element, const WriteEndpoint& endpoint) {
  if (!element.is_object()) element = Json::MakeObject();
  if (!endpoint.has_errors_member.empty())
    element.Set(endpoint.has_errors_member, Json::Bool(true));
}

}  // namespace

TimePoint WriteContext::Today() const { return std::chrono::floor<std::chrono::days>(now); }

void WriteContext::Changed(std::string category, std::string type, std::string resource_id,
                           Json data) const {
  events.push_back(ChangeEvent{tenant_id, std::move(category), std::move(type),
                               std::move(resource_id), now, std::move(data)});
}

void AddValidationError(Json& object, std::string message) {
  Json* errors = object.Find("ValidationErrors");
  if (errors == nullptr || !errors->is_array()) {
    object.Set("ValidationErrors", Json::MakeArray());
    errors = object.Find("ValidationErrors");
  }
  errors->Append(Json::MakeObject({{"Message", Json::String(std::move(message))}}));
}

bool HasValidationErrors(const Json& object) {
  if (object.is_array()) {
    for (const Json& item : object.AsArray()) {
      if (HasValidationErrors(item)) return true;
    }
    return false;
  }
  if (!object.is_object()) return false;
  for (const auto& [name, value] : object.AsObject()) {
    if (name == "ValidationErrors" && value.is_array() && !value.AsArray().empty()) return true;
    if ((value.is_object() || value.is_array()) && HasValidationErrors(value)) return true;
  }
  return false;
}

http::Response ValidationException(Json elements) {
  Json body = Json::MakeObject({{"ErrorNumber", Json::Integer(10)},
                                {"Type", Json::String("ValidationException")},
                                {"Message", Json::String("A validation exception occurred")},
                                {"Elements", std::move(elements)}});
  return http::Response::Json(400, body.Serialize());
}

http::Response RequestValidationError(std::string message) {
  Json element = Json::MakeObject();
  AddValidationError(element, message);
  Json body = Json::MakeObject({{"ErrorNumber", Json::Integer(10)},
                                {"Type", Json::String("ValidationException")},
                                {"Message", Json::String(std::move(message))},
                                {"Elements", Json::MakeArray({std::move(element)})}});
  return http::Response::Json(400, body.Serialize());
}

AccountingWrite::AccountingWrite(const Clock& clock, const Identity& identity,
                                 Organisations& organisations, RandomSource& random,
                                 ChangeListener listener)
    : clock_(clock),
      identity_(identity),
      organisations_(organisations),
      random_(random),
      listener_(std::move(listener)) {}

void AccountingWrite::Add(http::Router& router, std::string_view method, std::string_view pattern,
                          const WriteEndpoint& endpoint, ElementWriter writer) {
  auto apply = [endpoint, writer = std::move(writer)](WriteContext& context,
                                                      const Json& body) -> http::Response {
    // The elements: the wrapper's array ({"Invoices":[...]}), or the bare object for endpoints
    // that take one. A bare object sent to a wrapper endpoint counts as one element, as Xero's
    // older API accepted.
    std::vector<const Json*> elements;
    const Json* list = endpoint.bare_object ? nullptr : Member(body, endpoint.plural);
    if (list != nullptr && list->is_array()) {
      for (const Json& element : list->AsArray()) elements.push_back(&element);
    } else if (body.is_object() && list == nullptr) {
      elements.push_back(&body);
    } else {
      return MalformedBody("Expected an object with an array named " + endpoint.plural);
    }
    const std::optional<std::string_view> summarize_param =
        context.request.Query("summarizeErrors");
    const bool summarize = !endpoint.honours_summarize || !summarize_param ||
                           !EqualsIgnoringCase(*summarize_param, "false");
    Json written = Json::MakeArray();
    Json failed = Json::MakeArray();
    Json all = Json::MakeArray();
    for (const Json* element : elements) {
      ElementResult result;
      if (element->is_object()) {
        result = writer(context, *element);
      } else {
        result.element = Json::MakeObject();
        AddValidationError(result.element,
                           "Each element of " + endpoint.plural + " must be an object");
        result.ok = false;
      }
      if (!result.element.is_object()) result.element = Json::MakeObject();
      result.element.Set("StatusAttributeString", Json::String(result.ok ? "OK" : "ERROR"));
      if (!result.ok) {
        MarkFailed(result.element, endpoint);
        failed.Append(result.element);
      } else {
        written.Append(result.element);
      }
      all.Append(std::move(result.element));
    }
    if (summarize && !failed.AsArray().empty()) return ValidationException(std::move(failed));
    return Envelope(context.request, context.now, endpoint.plural, summarize ? written : all);
  };
  const std::vector<std::string> scopes = endpoint.scopes;
  router.Add(method, pattern, [this, scopes, apply = std::move(apply)](http::Request& request) {
    return Write(request, scopes, apply);
  });
}

void AccountingWrite::AddCustom(http::Router& router, std::string_view method,
                                std::string_view pattern, std::vector<std::string> scopes,
                                CustomWrite handle) {
  router.Add(method, pattern,
             [this, scopes = std::move(scopes), handle = std::move(handle)](
                 http::Request& request) { return Write(request, scopes, handle); });
}

http::Response AccountingWrite::Write(
    http::Request& request, const std::vector<std::string>& scopes,
    const std::function<http::Response(WriteContext&, const Json&)>& apply) {
  auto caller = identity_.Authenticate(request, scopes, /*read=*/false);
  if (auto* refused = std::get_if<http::Response>(&caller)) return std::move(*refused);
  const std::string& tenant_id = std::get<Caller>(caller).tenant_id;

  // Idempotency-Key (FACTS.md §3.1). A concurrent request with the same key waits for the first
  // one's answer rather than writing a second time.
  std::string remembered_key;
  if (const auto key = request.headers.Get("Idempotency-Key")) {
    if (key->size() > kMaxIdempotencyKey) {
      return RequestValidationError("Idempotency Key: " + std::string(*key) +
                                    " is longer than 128 characters.");
    }
    remembered_key = tenant_id + '\n' + std::string(*key);
    const std::string fingerprint = Fingerprint(request);
    std::unique_lock lock(mu_);
    auto it = idempotency_.find(remembered_key);
    if (it != idempotency_.end()) {
      if (it->second.fingerprint != fingerprint) {
        return RequestValidationError("Idempotency Key: " + std::string(*key) +
                                      " is used with a different request.");
      }
      answered_.wait(lock, [&] {
        it = idempotency_.find(remembered_key);
        return it == idempotency_.end() || it->second.done;
      });
      if (it != idempotency_.end()) return it->second.response;
    }
    idempotency_[remembered_key] = Remembered{fingerprint, false, http::Response()};
    remembered_order_.push_back(remembered_key);
  }

  const auto remember = [&](http::Response response) {
    if (remembered_key.empty()) return response;
    {
      std::lock_guard lock(mu_);
      Remembered& entry = idempotency_[remembered_key];
      entry.done = true;
      entry.response = response;
      while (remembered_order_.size() > kMaxRememberedKeys) {
        idempotency_.erase(remembered_order_.front());
        remembered_order_.pop_front();
      }
    }
    answered_.notify_all();
    return response;
  };

  Json body;
  if (!request.body.empty()) {
    Result<Json> parsed = Json::Parse(request.body);
    if (!parsed.ok()) return remember(MalformedBody(parsed.status().message()));
    body = std::move(*parsed);
  }
  std::vector<ChangeEvent> events;
  std::optional<http::Response> response;
  const bool known = organisations_.Write(tenant_id, [&](OrgState& state) {
    const std::string path_id =
        request.path_params.size() == 1 ? request.path_params.begin()->second : std::string();
    WriteContext context{
        state,        tenant_id,
        clock_.Now(), request.method == "PUT" ? WriteMethod::kPut : WriteMethod::kPost,
        path_id,      random_,
        events,       request};
    response = apply(context, body);
  });
  if (!known) return remember(NotFound());
  if (listener_) {
    for (const ChangeEvent& event : events) listener_(event);
  }
  return remember(std::move(*response));
}

std::size_t AccountingWrite::IdempotencyKeyCount() const {
  std::lock_guard lock(mu_);
  return idempotency_.size();
}

void AccountingWrite::ForgetIdempotencyKeys() {
  {
    std::lock_guard lock(mu_);
    // Entries still being answered stay, so their waiters are woken by remember().
    std::erase_if(idempotency_, [](const auto& entry) { return entry.second.done; });
    remembered_order_.clear();
    for (const auto& [key, entry] : idempotency_) remembered_order_.push_back(key);
  }
  answered_.notify_all();
}

}  // namespace xerosync::emulator
