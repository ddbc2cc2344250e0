#pragma once
// How xerosync's Xero client talks HTTP: one interface, so that the same client code runs over
// libcurl against Xero (curl_transport.h), in-process into the emulator in tests, and through a
// fault-injecting wrapper. Everything above it (OAuth, the rate budget, batching, error
// classification) sees only HttpRequest, HttpResponse and TransportError.
//
// The one distinction a transport must get right is whether a request that got no answer may
// have reached Xero: kNotSent (nothing left this process, or the server refused the connection)
// is safe to send again; kAmbiguous (sent, then a timeout or a dropped connection) means a write
// may have happened, and the sync engine must look in Xero before sending it again.
//
// Thread safety: Transport::Send may be called concurrently.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/status.h"

namespace xerosync::xero {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method;  // "GET", "PUT", "POST", "DELETE"
  std::string url;     // absolute: "https://api.xero.com/api.xro/2.0/Invoices?page=2"
  HeaderList headers;
  std::string body;
  // The whole exchange, connecting included. Xero answers most calls within seconds; a batch of 50
  // invoices can take longer.
  std::chrono::milliseconds timeout{60'000};
};

struct HttpResponse {
  int status = 0;
  HeaderList headers;  // as received
  std::string body;

  // The first header named `name`, ignoring case.
  std::optional<std::string_view> Header(std::string_view name) const;
};

enum class TransportFailure {
  kNotSent,    // never reached the server (bad URL, name resolution, refused, TLS): safe to retry
  kAmbiguous,  // sent, but no complete answer (timeout, connection dropped): it may have happened
};

struct TransportError {
  TransportFailure failure = TransportFailure::kNotSent;
  std::string message;  // what went wrong, for logs and diagnostics (no secrets)
  // The canonical code for callers: kUnavailable for a network failure. A transport that refuses
  // a call before sending it says why (client.h): kFailedPrecondition when the connection must be
  // connected again, kResourceExhausted when the organisation's rate budget is spent for now.
  StatusCode code = StatusCode::kUnavailable;
};

using TransportResult = std::variant<HttpResponse, TransportError>;

class Transport {
 public:
  virtual ~Transport() = default;
  // Sends `request` and waits for the answer, at most request.timeout.
  virtual TransportResult Send(const HttpRequest& request) = 0;
};

// Xero's base URLs. Configuration: the real Xero by default; the emulator serves all three at one
// address (docs/emulator.md).
struct XeroEndpoints {
  std::string login = "https://login.xero.com";        // /identity/connect/authorize
  std::string identity = "https://identity.xero.com";  // /connect/token, /connect/revocation
  std::string api = "https://api.xero.com";            // /connections, /api.xro/2.0/...

  // All three at `base` ("http://127.0.0.1:45957"), as the emulator serves them.
  static XeroEndpoints AllAt(const std::string& base) { return {base, base, base}; }
};

}  // namespace xerosync::xero
