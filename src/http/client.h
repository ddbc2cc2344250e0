#pragma once
// A small blocking HTTP/1.1 client for plain http:// URLs, on Boost.Beast like the server.
//
// Its one user is the Xero emulator, which delivers webhooks to receivers on loopback or on plain
// http test servers (docs/emulator.md, "Webhooks"). So there is deliberately no TLS: an https://
// URL is refused with kInvalidArgument rather than sent in clear. One request per connection
// ("Connection: close"); the whole exchange (name lookup, connect, write, read) is bounded by one
// timeout, as Xero bounds a webhook receiver's answer by 5 seconds.
//
// Thread safety: Fetch may be called concurrently; each call has its own connection.

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"
#include "http/http.h"

namespace xerosync::http {

// The parts of an http:// URL a request needs.
struct HttpUrl {
  std::string host;          // "127.0.0.1", "localhost", "::1" (brackets removed)
  uint16_t port = 80;        // 80 unless the URL names one
  std::string target = "/";  // path and query, as written; "/" when the URL has no path
};

// Parses "http://host[:port][/path][?query][#fragment]" (the fragment is dropped; the scheme is
// case-insensitive; an IPv6 host is written in brackets). kInvalidArgument naming what is wrong
// otherwise: another scheme (https:// included: not supported), user info, an empty host, a bad
// port, or whitespace or control characters anywhere.
Result<HttpUrl> ParseHttpUrl(std::string_view url);

struct ClientRequest {
  std::string method = "POST";
  std::string url;  // http:// only (ParseHttpUrl)
  // Sent as given; Fetch sets Host, Content-Length and Connection itself.
  Headers headers;
  std::string body;
  std::chrono::milliseconds timeout{5'000};  // for the whole exchange; > 0
};

struct ClientResponse {
  int status = 0;
  Headers headers;
  std::string body;
};

// Sends `request` and reads the whole answer, whatever its status.
// Errors: kInvalidArgument for a bad URL or method; kUnavailable when the host cannot be resolved,
// refuses the connection, or closes or breaks it before a whole answer arrives (transient: try
// again later); kDeadlineExceeded when no whole answer arrives within the timeout. Messages name
// the URL.
Result<ClientResponse> Fetch(const ClientRequest& request);

}  // namespace xerosync::http
