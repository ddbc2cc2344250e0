#pragma once
// Rules and shapes shared by the documents with line items that the emulator writes (invoices and
// credit notes; bank transactions may use them too): request dates, Xero's date strings, lock
// dates, subscribed currencies, document numbers (docs/emulator.md).
//
// Thread safety: free functions over values.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/decimal.h"
#include "core/json.h"
#include "emulator/organisation.h"

namespace xerosync::emulator {

// A request's date member: "2019-03-05", "2019-03-05T13:45:00" (time dropped) or "/Date(ms)/" with
// an optional "+hhmm"; midnight UTC of that day. nullopt for anything else.
std::optional<TimePoint> ParseDocumentDate(std::string_view text);

// "2019-03-07T00:00:00": a date-only field's DateString, as Xero adds it beside the MS date.
std::string DateString(TimePoint date);

// Xero's message when a document dated `date` may not post because of the organisation's lock
// dates; "" when it may. The end-of-year lock date ("The document date cannot be before the end of
// year lock date, currently set at 30-Sep-2021") is checked before the period lock date ("The
// document date cannot be before the period lock date").
std::string LockDateError(const OrganisationInfo& organisation, TimePoint date);

// Whether the organisation has `code` among its currencies (any case).
bool Subscribed(const OrgState& state, std::string_view code);

// The next automatic number with `prefix` ("INV-", "CN-"): one more than the highest number of
// that form among `used`, at least four digits ("INV-0001").
std::string NextNumber(std::string_view prefix, const std::vector<std::string>& used);

// A currency rate as Xero writes it, with six places ("1.000000").
Json CurrencyRateJson(Decimal rate);

// A member holding a date: its value parsed, nullopt when absent or empty, and `bad` set when
// present but unreadable.
std::optional<TimePoint> DateMember(const Json& element, std::string_view key, bool& bad);

}  // namespace xerosync::emulator
