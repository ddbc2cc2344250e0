#pragma once
// The demo organisations the emulator ships with (docs/emulator.md, "Demo organisations"): a New
// Zealand and a United Kingdom company with Xero's usual chart of accounts, their country's tax
// rates, currencies, two tracking categories and a handful of contacts, one of them archived.
//
// Every id is fixed, so tests and docs can name records: accounts are
// ac00000N-0000-4000-8000-000000000<code>, contacts c000000N-0000-4000-8000-00000000000<k>,
// with N = 1 for NZ and 2 for UK (see DemoAccountId / DemoContactId).

#include <string>
#include <string_view>
#include <vector>

#include "emulator/organisation.h"

namespace xerosync::emulator {

// The tenant ids, equal to DemoTenants() in emulator.h.
inline constexpr std::string_view kDemoNzTenantId = "7a3c1f5e-2b4d-4e6f-8a9b-0c1d2e3f4a51";
inline constexpr std::string_view kDemoUkTenantId = "9b4d2a6f-3c5e-4f70-9bac-1d2e3f4a5b62";

OrgState DemoNzOrganisation();
OrgState DemoUkOrganisation();
// Both, NZ first.
std::vector<OrgState> DemoOrganisations();

// The AccountID of demo account `code` ("090") in organisation `org` (1 NZ, 2 UK).
std::string DemoAccountId(int org, std::string_view code);
// The ContactID of the `k`th demo contact (1-based) of organisation `org` (1 NZ, 2 UK).
std::string DemoContactId(int org, int k);

}  // namespace xerosync::emulator
