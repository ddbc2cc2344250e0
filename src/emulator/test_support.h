#pragma once
// Helpers for the emulator's own tests. Test-only: linked by emulator_test, never by the emulator.

#include <string>
#include <string_view>

#include "emulator/emulator.h"

namespace xerosync::emulator::testing {

// Connects the demo app to every demo organisation through `emulator`'s own identity endpoints,
// in-process: authorize (REQUIRES: the emulator was made with auto_consent and demo) then the code
// exchange. Returns the access token; fails the running test if either step does.
std::string ConnectDemoApp(Emulator& emulator, std::string_view scopes);

}  // namespace xerosync::emulator::testing
