#pragma once
// A Transport over a real socket with the http module's small client, for tests whose emulator is
// served on 127.0.0.1 (several processes, crash tests). Test-only: xerosync's own transport is
// libcurl's (curl_transport.h).
//
// Thread safety: Send may be called concurrently.

#include "xero/transport.h"

namespace xerosync::xero::testing {

class LoopbackTransport final : public Transport {
 public:
  TransportResult Send(const HttpRequest& request) override;
};

}  // namespace xerosync::xero::testing
