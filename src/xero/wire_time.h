#pragma once
// Dates and timestamps as they appear on Xero's wire.
//
// Xero writes them in several forms (FACTS.md §3.5), all accepted here:
//   "/Date(1539993600000+0000)/"   Microsoft JSON date: Unix milliseconds (UTC), optional ±hhmm
//   "2018-10-20T00:00:00"          ISO without zone (UTC), "2019-03-07T17:59:28Z",
//   "2020-03-18T21:20:07.7179250"  up to 7 fractional digits, "2020-02-06T12:17:43.202-08:00"
//   "2019-03-07"                   a bare date
// xerosync writes document dates as "YYYY-MM-DD" and timestamps as "/Date(ms+0000)/".

#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/result.h"
#include "domain/date.h"

namespace xerosync::xero {

// An instant; kInvalidArgument naming the text when it is none of the forms above.
Result<TimePoint> ParseTimestamp(std::string_view text);
// A calendar day: the UTC day of a /Date(...)/ instant, the date part of an ISO form.
Result<domain::Date> ParseDate(std::string_view text);

// "/Date(1539993600000+0000)/", milliseconds (truncated).
std::string FormatMsDate(TimePoint time);
// "2019-03-07T17:59:28Z" (with ".123" when the milliseconds are not zero).
std::string FormatIsoTimestamp(TimePoint time);

}  // namespace xerosync::xero
