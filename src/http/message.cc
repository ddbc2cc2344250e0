// Beast message <-> Request / Response (message.h).

#include "http/message.h"

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace xerosync::http {
namespace {

bool IsFieldText(std::string_view text) {
  return text.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

}  // namespace

BeastResponse ToBeast(Response response, unsigned version, bool keep_alive, bool head) {
  if (response.status < 100 || response.status > 999) {
    throw std::invalid_argument("status " + std::to_string(response.status));
  }
  BeastResponse out;
  out.version(version);
  out.result(static_cast<unsigned>(response.status));
  for (const auto& [name, value] : response.headers.fields()) {
    if (name.empty() || !IsFieldText(name) || !IsFieldText(value)) {
      throw std::invalid_argument("header field '" + name + "'");
    }
    out.insert(name, value);
  }
  out.body() = std::move(response.body);
  out.keep_alive(keep_alive);
  out.prepare_payload();
  if (head) out.body().clear();  // Content-Length stays: the size a GET would have had.
  return out;
}

std::optional<Response> ToRequest(BeastRequest& in, Request& out) {
  out.method = std::string(in.method_string());
  out.target = std::string(in.target());
  const std::string_view target = out.target;
  const std::size_t question = target.find('?');
  Result<std::string> path = PercentDecode(target.substr(0, question));
  if (!path.ok()) return Response::Text(400, "Bad Request: " + path.status().message());
  out.path = std::move(path).value();
  if (question != std::string_view::npos) {
    auto query = DecodeForm(target.substr(question + 1));
    if (!query.ok()) return Response::Text(400, "Bad Request: " + query.status().message());
    out.query = std::move(query).value();
  }
  for (const auto& field : in) {
    out.headers.Add(std::string(field.name_string()), std::string(field.value()));
  }
  out.body = std::move(in.body());
  return std::nullopt;
}

}  // namespace xerosync::http
