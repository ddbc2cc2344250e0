#pragma once
// Rules and request values that payments and bank transactions share (FACTS.md §3.5, §5, §7):
// reading a request's dates, amounts and account references, and the organisation's lock dates
// and currencies.
//
// Thread safety: free functions over values; callers hold the organisation's lock.

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/decimal.h"
#include "core/json.h"
#include "emulator/organisation.h"

namespace xerosync::emulator {

// A request's date value: "2026-01-31" (a time part, as in "2026-01-31T00:00:00", is ignored) or
// "/Date(1769817600000+0000)/" (its UTC day). nullopt when `value` is neither.
std::optional<TimePoint> ParseDateValue(const Json& value);

// A request's number: a JSON number or a numeric string, exact (at most 4 places). nullopt when
// `value` is neither, has more places, or does not fit.
std::optional<Decimal> ParseDecimal(const Json& value);
// A request's amount: a JSON number or a numeric string, rounded to 2 places as Xero rounds
// money. nullopt when `value` is neither or does not fit.
std::optional<Decimal> ParseMoney(const Json& value);

// Xero's message when a document dated `date` falls in the organisation's locked period (on or
// before a lock date: Xero locks "on and before"): "The document date cannot be before the end of
// year lock date, currently set at 30-Sep-2021" or "The document date cannot be before the period
// lock date". nullopt when the date is open.
std::optional<std::string> LockDateError(const OrganisationInfo& organisation, TimePoint date);

// Whether the organisation has `code` among its currencies (the base currency always counts).
bool SubscribedToCurrency(const OrgState& state, const std::string& code);

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
