#pragma once
// A Transport into an in-process emulator, for the client's tests: each request is answered by
// Emulator::Handle without a socket, so tests run fast and deterministic with the emulator's fake
// clock. A fault that drops the connection (docs/emulator.md, "Faults") comes back as
// TransportFailure::kAmbiguous, as a real connection would.
//
// Test-only (xerosync::xero_testing); xerosync's own code never links the emulator.
//
// Thread safety: Send may be called concurrently (Emulator::Handle may).

#include <atomic>
#include <cstdint>

#include "emulator/emulator.h"
#include "xero/transport.h"

namespace xerosync::xero::testing {

class EmulatorTransport : public Transport {
 public:
  // REQUIRES: `emulator` outlives this object.
  explicit EmulatorTransport(emulator::Emulator& emulator) : emulator_(emulator) {}

  // The URL's scheme and host are ignored: the emulator serves every Xero host.
  TransportResult Send(const HttpRequest& request) override;

  // How many requests were sent (answered or not).
  int64_t sent() const { return sent_.load(); }

 private:
  emulator::Emulator& emulator_;
  std::atomic<int64_t> sent_{0};
};

}  // namespace xerosync::xero::testing
