#pragma once
// The emulator's control API, under /_emulator/, for tests and demos (docs/emulator.md): move or
// scale the emulated clock, expire tokens, revoke a tenant's connections, and set or spend the rate
// limits. It needs no Xero credentials: the emulator listens on loopback.
//
// Every answer is JSON. A body that is not the JSON asked for gets 400 {"error": "..."} naming the
// field; nothing is changed then.

#include <string>
#include <string_view>

#include "core/json.h"
#include "core/result.h"
#include "emulator/emulator_clock.h"
#include "emulator/identity.h"
#include "emulator/rate_limits.h"
#include "http/http.h"

namespace xerosync::emulator {

// The answers and body reading every control route shares (control.cc, control_org.cc,
// faults_control.cc, webhooks_control.cc).
namespace control_json {
http::Response Answer(const Json& body);              // 200
http::Response Answer(int status, const Json& body);  // any status
// {"error": message} with `status`.
http::Response Error(int status, std::string message);
// The JSON object of a request's body ("{}" when empty); kInvalidArgument when it is not one.
Result<Json> BodyObject(const http::Request& request);
// {key: count}.
Json Counted(std::string_view key, int count);
}  // namespace control_json

// Adds the control routes to `router`. REQUIRES: the arguments outlive the router.
void AddControlRoutes(http::Router& router, EmulatorClock& clock, Identity& identity,
                      RateLimits& limits);

}  // namespace xerosync::emulator
