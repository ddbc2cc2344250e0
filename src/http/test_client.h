#pragma once
// A minimal HTTP client for tests of servers built on this module (the emulator, the API): one
// request on a fresh loopback connection, bounded by a deadline so a broken server cannot hang a
// test. Test-only: linked by test targets, never by production code.

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "http/http.h"

namespace xerosync::http::testing {

struct ClientReply {
  int status = 0;  // 0 when the exchange failed
  Headers headers;
  std::string body;
  std::string error;  // why the exchange failed, when it did
};

// Sends `method target` to 127.0.0.1:`port` with `headers` and `body` (Content-Length set) and
// reads the whole answer.
ClientReply Send(uint16_t port, std::string_view method, std::string_view target,
                 const Headers& headers = {}, std::string body = "",
                 std::chrono::milliseconds deadline = std::chrono::milliseconds(5000));

}  // namespace xerosync::http::testing
