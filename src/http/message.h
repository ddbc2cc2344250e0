#pragma once
// Private to the http module: conversions between Beast's messages and http.h's Request and
// Response. Keeps Beast out of http.h; used by server.cc.

#include <boost/beast/http.hpp>
#include <optional>

#include "http/http.h"

namespace xerosync::http {

using BeastRequest = boost::beast::http::request<boost::beast::http::string_body>;
using BeastResponse = boost::beast::http::response<boost::beast::http::string_body>;

// Fills `out` from `in`, moving the body. Returns the 400 answer for a bad percent-escape in the
// path or query, nullopt otherwise.
std::optional<Response> ToRequest(BeastRequest& in, Request& out);

// The message to send, with Content-Length (Beast's prepare_payload) and Connection set from
// `keep_alive`; for a HEAD request (`head`) the body is left out but Content-Length kept.
// Throws std::invalid_argument (or Beast's own exceptions) for a response that cannot be sent:
// a status outside 100..999, an empty header name, CR, LF or NUL in a header, a body on a
// 1xx/204/304.
BeastResponse ToBeast(Response response, unsigned version, bool keep_alive, bool head);

}  // namespace xerosync::http
