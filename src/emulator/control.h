#pragma once
// The emulator's control API, under /_emulator/, for tests and demos (docs/emulator.md): move or
// scale the emulated clock, expire tokens, revoke a tenant's connections, and set or spend the rate
// limits. It needs no Xero credentials: the emulator listens on loopback.
//
// Every answer is JSON. A body that is not the JSON asked for gets 400 {"error": "..."} naming the
// field; nothing is changed then.

#include "emulator/emulator_clock.h"
#include "emulator/identity.h"
#include "emulator/rate_limits.h"
#include "http/http.h"

namespace xerosync::emulator {

// Adds the control routes to `router`. REQUIRES: the arguments outlive the router.
void AddControlRoutes(http::Router& router, EmulatorClock& clock, Identity& identity,
                      RateLimits& limits);

}  // namespace xerosync::emulator
