#include "xero/wire.h"

#include "core/text.h"

namespace xerosync::xero {
namespace {

// `path` is where `json` is; it is extended for each level below and restored before returning,
// so that one buffer serves the whole walk.
void Collect(const Json& json, std::string& path, std::vector<ValidationMessage>* errors,
             std::vector<std::string>* warnings) {
  const std::size_t path_size = path.size();
  if (json.is_array()) {
    for (std::size_t i = 0; i < json.AsArray().size(); ++i) {
      path.append("[").append(std::to_string(i)).append("]");
      Collect(json.AsArray()[i], path, errors, warnings);
      path.resize(path_size);
    }
    return;
  }
  if (!json.is_object()) return;
  for (const auto& [key, value] : json.AsObject()) {
    if (key == "ValidationErrors" || key == "Warnings") {
      if (!value.is_array()) continue;
      for (const Json& entry : value.AsArray()) {
        const Json* message = entry.Find("Message");
        if (message == nullptr || !message->is_string()) continue;
        if (key == "ValidationErrors" && errors) errors->push_back({path, message->AsString()});
        if (key == "Warnings" && warnings) warnings->push_back(message->AsString());
      }
    } else if ((value.is_object() && !value.AsObject().empty()) ||
               (value.is_array() && !value.AsArray().empty())) {
      if (!path.empty()) path += '.';
      path += key;
      Collect(value, path, errors, warnings);
      path.resize(path_size);
    }
  }
}

}  // namespace

void CollectMessages(const Json& element, std::vector<ValidationMessage>* errors,
                     std::vector<std::string>* warnings) {
  std::string path;
  Collect(element, path, errors, warnings);
}

const Json* FindIgnoringCase(const Json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  if (const Json* exact = object.Find(key)) return exact;
  const Json::Object& members = object.AsObject();
  for (auto it = members.rbegin(); it != members.rend(); ++it) {
    if (EqualsIgnoringCase(it->first, key)) return &it->second;
  }
  return nullptr;
}

Result<Envelope> DecodeEnvelope(const Json& body) {
  if (!body.is_object()) return InvalidArgumentError("the response is not a JSON object");
  DecodeContext context;
  Envelope envelope;
  FieldReader r(body, "", context);
  envelope.id = r.String("Id");
  envelope.status = r.String("Status");
  envelope.provider_name = r.String("ProviderName");
  envelope.date_time = r.Timestamp("DateTimeUTC");
  if (const Json* page = r.Take("pagination"); page != nullptr && page->is_object()) {
    FieldReader p(*page, "pagination", context);
    envelope.pagination =
        Pagination{p.Int("page").value_or(0), p.Int("pageSize").value_or(0),
                   p.Int("pageCount").value_or(0), p.Int("itemCount").value_or(0)};
  }
  r.Finish();  // the array of records is read by the caller; unknown members are not errors here
  RETURN_IF_ERROR(context.status);
  if (const Json* warnings = body.Find("Warnings"); warnings && warnings->is_array()) {
    for (const Json& w : warnings->AsArray()) {
      if (const Json* m = w.Find("Message"); m && m->is_string()) {
        envelope.warnings.push_back(m->AsString());
      }
    }
  }
  return envelope;
}

Result<ApiException> DecodeApiException(std::string_view body) {
  Result<Json> json = Json::Parse(body);
  if (!json.ok() || !json->is_object()) {
    return InvalidArgumentError("the error body is not Xero's JSON exception");
  }
  const Json* type = json->Find("Type");
  if (type == nullptr || !type->is_string()) {
    return InvalidArgumentError("the error body has no exception Type");
  }
  ApiException exception;
  exception.type = type->AsString();
  if (const Json* message = json->Find("Message"); message && message->is_string()) {
    exception.message = message->AsString();
  }
  if (const Json* number = json->Find("ErrorNumber"); number && number->is_number()) {
    if (Result<int64_t> n = number->AsInt64(); n.ok())
      exception.error_number = static_cast<int>(*n);
  }
  if (const Json* elements = json->Find("Elements"); elements && elements->is_array()) {
    for (const Json& element : elements->AsArray()) {
      std::vector<ValidationMessage> messages;
      CollectMessages(element, &messages, nullptr);
      exception.elements.push_back(std::move(messages));
    }
  }
  return exception;
}

Result<ProblemDetails> DecodeProblemDetails(std::string_view body) {
  Result<Json> json = Json::Parse(body);
  if (!json.ok() || !json->is_object()) {
    return InvalidArgumentError("the error body is not ProblemDetails JSON");
  }
  auto text = [&](std::string_view key) -> std::optional<std::string> {
    const Json* v = json->Find(key);
    return v && v->is_string() ? std::optional<std::string>(v->AsString()) : std::nullopt;
  };
  ProblemDetails problem{text("Type"), text("Title"), text("Detail"), text("Instance"), {}};
  if (const Json* status = json->Find("Status"); status && status->is_number()) {
    if (Result<int64_t> s = status->AsInt64(); s.ok()) problem.status = static_cast<int>(*s);
  }
  if (!problem.title && !problem.detail && !problem.status) {
    return InvalidArgumentError("the error body has no Title, Detail or Status");
  }
  return problem;
}

}  // namespace xerosync::xero
