// Headers, Request accessors and the Response factories: plain values, no sockets.

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include "core/text.h"
#include "http/http.h"

namespace xerosync::http {
namespace {

Response WithBody(int status, std::string_view content_type, std::string body) {
  Response response;
  response.status = status;
  response.headers.Set("Content-Type", std::string(content_type));
  response.body = std::move(body);
  return response;
}

}  // namespace

std::optional<std::string_view> Headers::Get(std::string_view name) const {
  for (const auto& [field, value] : fields_) {
    if (EqualsIgnoringCase(field, name)) return std::string_view(value);
  }
  return std::nullopt;
}

// The first field of that name keeps its position (and takes the new spelling); later ones go.
void Headers::Set(std::string name, std::string value) {
  auto first = std::find_if(fields_.begin(), fields_.end(), [&](const auto& field) {
    return EqualsIgnoringCase(field.first, name);
  });
  if (first == fields_.end()) {
    fields_.emplace_back(std::move(name), std::move(value));
    return;
  }
  const std::size_t index = static_cast<std::size_t>(first - fields_.begin());
  fields_.erase(
      std::remove_if(first + 1, fields_.end(),
                     [&](const auto& field) { return EqualsIgnoringCase(field.first, name); }),
      fields_.end());
  fields_[index] = {std::move(name), std::move(value)};
}

void Headers::Add(std::string name, std::string value) {
  fields_.emplace_back(std::move(name), std::move(value));
}

std::optional<std::string_view> Request::Query(std::string_view name) const {
  for (const auto& [key, value] : query) {
    if (key == name) return std::string_view(value);
  }
  return std::nullopt;
}

std::string_view Request::Param(std::string_view name) const {
  auto it = path_params.find(name);
  return it == path_params.end() ? std::string_view() : std::string_view(it->second);
}

Response Response::Text(int status, std::string body) {
  return WithBody(status, "text/plain; charset=utf-8", std::move(body));
}

Response Response::Json(int status, std::string body) {
  return WithBody(status, "application/json; charset=utf-8", std::move(body));
}

Response Response::Html(int status, std::string body) {
  return WithBody(status, "text/html; charset=utf-8", std::move(body));
}

Response Response::Redirect(std::string location) {
  Response response;
  response.status = 302;
  response.headers.Set("Location", std::move(location));
  return response;
}

Response Response::Empty(int status) {
  Response response;
  response.status = status;
  return response;
}

}  // namespace xerosync::http
