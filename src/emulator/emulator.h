#pragma once
// The Xero emulator as one HTTP handler: every Xero host's paths on one server (login, identity,
// api), each answer carrying a Xero-Correlation-Id. Usable in-process by tests (Handle) and behind
// http::Server by the xero-emulator binary.
//
// Built so far: the identity service (identity.h). The accounting API, faults, the control API and
// webhooks arrive with the rest of issue 3; until then api.xro paths answer Xero's 404.
//
// Thread safety: Handle may be called concurrently.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "emulator/crypto.h"
#include "emulator/emulator_clock.h"
#include "emulator/identity.h"
#include "http/http.h"

namespace xerosync::emulator {

struct EmulatorOptions {
  bool demo = true;           // register the demo app and the demo organisations (docs/emulator.md)
  bool auto_consent = false;  // authorize redirects straight back, connecting every organisation
  int64_t time_scale = 1;     // emulated time runs this many times faster (>= 1)
  std::optional<uint64_t> seed;  // fixed seed: the same ids and tokens every run
};

// The demo app every client can use without set-up (docs/emulator.md).
App DemoApp();
// The demo organisations' tenants.
std::vector<Tenant> DemoTenants();

class Emulator {
 public:
  // REQUIRES: `base_clock` outlives the emulator.
  Emulator(const Clock& base_clock, EmulatorOptions options);

  http::Response Handle(http::Request& request);

  Identity& identity() { return identity_; }
  EmulatorClock& clock() { return clock_; }

 private:
  EmulatorClock clock_;
  RandomSource random_;
  Identity identity_;
  http::Router router_;
};

}  // namespace xerosync::emulator
