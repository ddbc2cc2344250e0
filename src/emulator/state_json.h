#pragma once
// The emulator's own JSON form of an organisation's whole state (OrgState: settings, contacts and
// every document), for the control API's state reads and for the --state file
// (docs/emulator.md, "State"). It is not Xero's JSON: member names are the model's own
// snake_case field names, so a test can read any stored field, including those Xero never shows.
//
// Form: an object per record with one member per field, in the model's order. Strings are strings
// (empty when unset); amounts, quantities and rates are exact JSON numbers written from Decimal
// (never through floating point: 12.50, 0.1234); times are UTC text "2026-01-01T09:30:00Z" with up
// to nine fractional digits when the time has them ("…:00.25Z"), dates the same at midnight;
// optional values are null when unset; lists are arrays.
//
// Reading is strict, so that a bad state file is refused rather than half-loaded: a member of the
// wrong type, a time or number that does not parse, or a member the model does not have is an
// error naming the member's path ("organisations[0].invoices[2].line_items[0].quantity"). A member
// that is absent keeps the field's default, so hand-written files may be short.
//
// Thread safety: free functions over values.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/json.h"
#include "core/result.h"
#include "emulator/organisation.h"

namespace xerosync::emulator {

// The version written into, and required of, state files.
inline constexpr int kStateFileVersion = 1;

// "2026-01-01T09:30:00Z", with the fraction of a second when there is one ("…:00.123Z").
std::string FormatStateTime(TimePoint time);
// The inverse of FormatStateTime; also accepts a bare date "2026-01-31" (midnight UTC).
// nullopt for anything else, including impossible dates.
std::optional<TimePoint> ParseStateTime(std::string_view text);

// One organisation's state in the form above.
Json StateToJson(const OrgState& state);
// One record in the same form (the control API's answers to its edits).
Json StateToJson(const Account& account);
Json StateToJson(const TaxRate& tax_rate);
Json StateToJson(const Currency& currency);
Json StateToJson(const Contact& contact);
// kInvalidArgument naming the first bad member (prefixed by `path`, e.g. "organisations[1]").
Result<OrgState> StateFromJson(const Json& json, std::string_view path = "");

// A state file's content: {"version": kStateFileVersion, "organisations": [<state>, ...]}.
Json StateFileToJson(const std::vector<OrgState>& states);
// kInvalidArgument for another version, a bad organisation, or two organisations with one id.
Result<std::vector<OrgState>> StateFileFromJson(const Json& json);

// Whether a record of this status is live: not DELETED, VOIDED or ARCHIVED.
bool IsLiveStatus(std::string_view status);

// How many records an organisation holds, so a test can prove there are no duplicates:
//   {"invoices": {"ACCREC": {"<number>": {"all": n, "live": m}, ...}, "ACCPAY": {...}},
//    "credit_notes": {"<number>": {"all","live"}}, "contacts": {"<name>": {"all","live"}},
//    "totals": {"invoices"|"credit_notes"|"contacts"|"allocations"|"payments"|
//               "bank_transactions": {"all","live"}}}
// Numbers and names are counted exactly as stored (case-sensitive).
Json CountsToJson(const OrgState& state);

}  // namespace xerosync::emulator
