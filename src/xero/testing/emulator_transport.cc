#include "xero/testing/emulator_transport.h"

#include <string>
#include <string_view>

#include "http/http.h"

namespace xerosync::xero::testing {

TransportResult EmulatorTransport::Send(const HttpRequest& request) {
  ++sent_;
  std::string_view url = request.url;
  // "http://host:port/path?query" -> "/path?query".
  if (const std::size_t scheme = url.find("://"); scheme != std::string_view::npos) {
    const std::size_t path = url.find('/', scheme + 3);
    url = path == std::string_view::npos ? std::string_view("/") : url.substr(path);
  }
  http::Request r;
  r.method = request.method;
  r.target = std::string(url);
  const std::size_t q = url.find('?');
  Result<std::string> path = http::PercentDecode(url.substr(0, q));
  if (!path.ok()) return TransportError{TransportFailure::kNotSent, "bad URL: " + request.url};
  r.path = *path;
  if (q != std::string_view::npos) {
    auto query = http::DecodeForm(url.substr(q + 1));
    if (!query.ok()) return TransportError{TransportFailure::kNotSent, "bad query: " + request.url};
    r.query = std::move(*query);
  }
  for (const auto& [name, value] : request.headers) r.headers.Add(name, value);
  r.body = request.body;
  http::Response answer = emulator_.Handle(r);
  if (answer.drop_connection) {
    return TransportError{TransportFailure::kAmbiguous,
                          "the connection was closed before an answer came"};
  }
  HttpResponse response;
  response.status = answer.status;
  for (const auto& [name, value] : answer.headers.fields())
    response.headers.emplace_back(name, value);
  response.body = std::move(answer.body);
  return response;
}

}  // namespace xerosync::xero::testing
