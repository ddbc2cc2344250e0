#pragma once
// Request values that payments and bank transactions read beyond document_rules.h: exact numbers
// and money, ids (the nil GUID counting as none) and account references.
//
// Thread safety: free functions over values; callers hold the organisation's lock.

#include <optional>
#include <string>
#include <string_view>

#include "core/decimal.h"
#include "core/json.h"
#include "emulator/organisation.h"

namespace xerosync::emulator {

// A request's number: a JSON number or a numeric string, exact (at most 4 places). nullopt when
// `value` is neither, has more places, or does not fit.
std::optional<Decimal> ParseDecimal(const Json& value);
// A request's amount: as ParseDecimal, rounded to 2 places as Xero rounds money.
std::optional<Decimal> ParseMoney(const Json& value);

// An id member's text, "" when absent or the nil GUID (SDKs send
// 00000000-0000-0000-0000-000000000000 for an id they have no value for, as in the spec's own
// request examples).
std::string IdMember(const Json& object, std::string_view key);

// The account `reference` ({"AccountID":…} or {"Code":…}, members in any case) names: by AccountID
// when given, else by Code. nullptr when `reference` is null, names neither, or names no account.
const Account* FindAccount(const OrgState& state, const Json* reference);
// Whether `reference` names an account at all (a non-empty AccountID or Code).
bool NamesAccount(const Json* reference);

}  // namespace xerosync::emulator
