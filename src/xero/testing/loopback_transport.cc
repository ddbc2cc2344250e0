#include "xero/testing/loopback_transport.h"

#include <utility>

#include "http/client.h"

namespace xerosync::xero::testing {

TransportResult LoopbackTransport::Send(const HttpRequest& request) {
  http::ClientRequest c;
  c.method = request.method;
  c.url = request.url;
  for (const auto& [name, value] : request.headers) c.headers.Add(name, value);
  c.body = request.body;
  c.timeout = std::chrono::milliseconds(10'000);
  Result<http::ClientResponse> answer = http::Fetch(c);
  if (!answer.ok()) {
    return TransportError{answer.status().code() == StatusCode::kInvalidArgument
                              ? TransportFailure::kNotSent
                              : TransportFailure::kAmbiguous,
                          answer.status().message()};
  }
  HttpResponse out;
  out.status = answer->status;
  for (const auto& [name, value] : answer->headers.fields()) out.headers.emplace_back(name, value);
  out.body = std::move(answer->body);
  return out;
}

}  // namespace xerosync::xero::testing
