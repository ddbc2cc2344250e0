#pragma once
// The Transport xerosync uses against Xero: libcurl's easy interface, one blocking call per Send.
//
// - Each request's timeout (HttpRequest::timeout) bounds the whole exchange; connecting is bounded
//   by options.connect_timeout as well.
// - TLS peer and host verification are on, always (set explicitly, not left to defaults).
// - Connections are kept alive and reused: easy handles live in a pool, and each keeps its
//   connection cache between calls. Handles also share a DNS cache and TLS sessions (a CURLSH
//   with locks). libcurl does not support sharing the connection cache itself between concurrent
//   threads, hence the pool.
// - HTTP/2 over TLS where the server offers it (CURL_HTTP_VERSION_2TLS), HTTP/1.1 otherwise.
// - A proxy comes from the environment, as libcurl reads it: https_proxy / HTTPS_PROXY for https
//   URLs, http_proxy (lower case only) for http URLs, ALL_PROXY for both, NO_PROXY for exceptions.
//   This transport never sets a proxy itself.
// - Redirects are not followed (Xero's API does not redirect; OAuth redirects are the browser's).
//
// Exactly-once: libcurl silently sends a request again (up to five times) when a reused
// keep-alive connection answers nothing (it assumes the server closed it just before). For a write
// that is a duplicate risk — the server may have applied it and then dropped the connection. So
// every request other than GET and HEAD goes out on a fresh connection, where libcurl never
// resends.
//
// Failures map to TransportFailure by CURLcode (table in curl_transport.cc and
// docs/client.md): kNotSent only when the request certainly did not leave (bad URL, name
// resolution, refused connection, TLS handshake, a timeout before the transfer started); anything
// else — a timeout after sending, a reset, an empty or broken answer — is kAmbiguous.
//
// Thread safety: Send may be called concurrently; each call uses its own easy handle.

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "xero/transport.h"

namespace xerosync::xero {

struct CurlTransportOptions {
  // Bound on connecting (TCP and TLS); the request's own timeout still applies if it is shorter.
  std::chrono::milliseconds connect_timeout{10'000};
  // A CA bundle file; "" uses the system's default store.
  std::string ca_file;
  // Idle easy handles (each with its kept-alive connections) kept for reuse; more handles are
  // made when more calls run at once, and the extra ones are closed when returned.
  std::size_t max_idle_handles = 8;
  // Offer HTTP/2 on TLS connections when libcurl was built with it.
  bool http2 = true;
  // Ask for gzip/deflate/br answers (libcurl decodes; HttpResponse::body is always decoded).
  bool accept_compressed = true;
  // Answers larger than this are cut off and reported as kAmbiguous.
  std::size_t max_response_bytes = 64u << 20;
  std::string user_agent = "xerosync";
};

class CurlTransport : public Transport {
 public:
  // Initialises libcurl once per process (curl_global_init) on first use.
  static std::unique_ptr<CurlTransport> Create(CurlTransportOptions options = {});
  ~CurlTransport() override;
  CurlTransport(const CurlTransport&) = delete;
  CurlTransport& operator=(const CurlTransport&) = delete;

  TransportResult Send(const HttpRequest& request) override;

  // Connections opened so far (CURLINFO_NUM_CONNECTS summed): how well keep-alive works.
  int64_t connections_opened() const;

 private:
  struct State;
  explicit CurlTransport(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

namespace internal {
// Adds one raw header line ("Name: value\r\n") to `headers`. A status line ("HTTP/1.1 200 OK",
// "HTTP/2 200") starts a new answer (after a 100 Continue) and clears what was collected; the blank
// line ending the headers and lines without a colon are skipped. Names are kept as received.
void AddHeaderLine(std::string_view line, HeaderList& headers);
}  // namespace internal

}  // namespace xerosync::xero
