#pragma once
// Test-only helpers for the state form and file tests: an organisation with every field of every
// record set to a value other than its default, and a field-by-field comparison written
// independently of state_json.cc's field lists, so a field those lists forget fails the round trip.

#include "emulator/organisation.h"

namespace xerosync::emulator::testing {

// One record of each kind (two line items, tracking, options...), every field set and distinct.
OrgState StateWithEveryField();

// EXPECTs every field of `actual` equal to `expected`'s.
void ExpectSameState(const OrgState& actual, const OrgState& expected);

}  // namespace xerosync::emulator::testing
