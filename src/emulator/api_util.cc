#include "emulator/api_util.h"

#include <cctype>
#include <charconv>

#include "emulator/organisation.h"

namespace xerosync::emulator {

http::Response NotFound() {
  return http::Response::Text(404, "The resource you're looking for cannot be found");
}

// Xero's answer to a `where` it cannot parse (e.g. XeroAPI/xero-php-oauth2#307).
http::Response QueryParseError(const Status& status) {
  Json body = Json::MakeObject({{"ErrorNumber", Json::Integer(16)},
                                {"Type", Json::String("QueryParseException")},
                                {"Message", Json::String(std::string(status.message()))}});
  return http::Response::Json(400, body.Serialize());
}

http::Response Envelope(const http::Request& request, TimePoint now, std::string_view plural,
                        Json items, Json pagination) {
  Json body = Json::MakeObject();
  body.Set("Id",
           Json::String(std::string(request.headers.Get("Xero-Correlation-Id").value_or(""))));
  body.Set("Status", Json::String("OK"));
  body.Set("ProviderName", Json::String("xero-emulator"));
  body.Set("DateTimeUTC", Json::String(MsDate(now, /*with_offset=*/false)));
  if (pagination.is_object()) body.Set("pagination", std::move(pagination));
  body.Set(std::string(plural), std::move(items));
  return http::Response::Json(200, body.Serialize());
}

std::optional<TimePoint> ModifiedSince(const http::Request& request) {
  const auto header = request.headers.Get("If-Modified-Since");
  if (!header) return std::nullopt;
  return ParseModifiedSince(*header);
}

std::optional<int> PositiveQuery(const http::Request& request, std::string_view name) {
  const auto text = request.Query(name);
  if (!text) return std::nullopt;
  int value = 0;
  const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (error != std::errc() || end != text->data() + text->size() || value < 1) return std::nullopt;
  return value;
}

bool IsTrue(std::optional<std::string_view> text) {
  return text && (EqualsIgnoringCase(*text, "true") || *text == "1");
}

bool InIdList(std::string_view list, std::string_view id) {
  while (!list.empty()) {
    const std::size_t comma = list.find(',');
    std::string_view item = list.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (EqualsIgnoringCase(item, id)) return true;
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return false;
}

const Json* Member(const Json& json, std::string_view key) {
  if (!json.is_object()) return nullptr;
  const Json* found = nullptr;
  for (const auto& [name, value] : json.AsObject()) {
    if (EqualsIgnoringCase(name, key)) found = &value;
  }
  return found;
}

std::string MemberText(const Json& json, std::string_view key) {
  const Json* value = Member(json, key);
  return value != nullptr && value->is_string() ? value->AsString() : std::string();
}

}  // namespace xerosync::emulator
