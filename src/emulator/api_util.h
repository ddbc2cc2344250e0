#pragma once
// Pieces every accounting endpoint of the emulator shares: Xero's envelope, its plain-text 404, its
// QueryParseException, the read parameters (If-Modified-Since, page and pageSize, IDs, `where`) and
// case-insensitive member lookup in request bodies (Xero reads member names in any case).
//
// Thread safety: free functions over values.

#include <algorithm>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/clock.h"
#include "core/json.h"
#include "core/status.h"
#include "core/text.h"
#include "emulator/query_filter.h"
#include "http/http.h"

namespace xerosync::emulator {

inline constexpr int kDefaultPageSize = 100;
inline constexpr int kMaxPageSize = 1000;

// 404 text/plain "The resource you're looking for cannot be found" (FACTS.md §4.2).
http::Response NotFound();
// 400 {"ErrorNumber":16,"Type":"QueryParseException","Message":<status message>}.
http::Response QueryParseError(const Status& status);

// {"Id": <the request's Xero-Correlation-Id>, "Status":"OK", "ProviderName", "DateTimeUTC",
//  ["pagination"], <plural>: items} with status 200.
http::Response Envelope(const http::Request& request, TimePoint now, std::string_view plural,
                        Json items, Json pagination = Json());

// If-Modified-Since, when present and readable (an unreadable one is ignored, as by most servers).
std::optional<TimePoint> ModifiedSince(const http::Request& request);
// A positive integer query parameter, or nullopt when absent or not a positive integer.
std::optional<int> PositiveQuery(const http::Request& request, std::string_view name);
// "true" in any case, or "1".
bool IsTrue(std::optional<std::string_view> text);
// Whether comma-separated `list` (IDs=..., InvoiceNumbers=...) holds `id`, ignoring case.
bool InIdList(std::string_view list, std::string_view id);

// Member `key` of object `json` in any case (the last one of that name); null when absent or when
// `json` is not an object.
const Json* Member(const Json& json, std::string_view key);
// A string member's text; "" when absent, null or not a string.
std::string MemberText(const Json& json, std::string_view key);

// A page of `items` when the request names `page` (1-based; anything but a positive integer
// counts as 1; pageSize defaults to 100, capped at 1000), with Xero's pagination object; all of
// them and a null pagination otherwise.
template <typename T>
std::pair<std::vector<T>, Json> Paginate(const http::Request& request, std::vector<T> items) {
  if (!request.Query("page")) return {std::move(items), Json()};
  const int page = PositiveQuery(request, "page").value_or(1);
  const int page_size =
      std::min(PositiveQuery(request, "pageSize").value_or(kDefaultPageSize), kMaxPageSize);
  const auto count = static_cast<int64_t>(items.size());
  const int64_t first = std::min<int64_t>(int64_t{page - 1} * page_size, count);
  const int64_t last = std::min<int64_t>(first + page_size, count);
  std::vector<T> slice(items.begin() + first, items.begin() + last);
  Json pagination =
      Json::MakeObject({{"page", Json::Integer(page)},
                        {"pageSize", Json::Integer(page_size)},
                        {"pageCount", Json::Integer((count + page_size - 1) / page_size)},
                        {"itemCount", Json::Integer(count)}});
  return {std::move(slice), std::move(pagination)};
}

// The records of `items` that the request's `where` and `keep` select, or Xero's 400.
// `read(item, field)` reads one of `fields` as text.
template <typename T, typename Reader, typename Keep>
std::variant<std::vector<const T*>, http::Response> Select(const http::Request& request,
                                                           const std::vector<T>& items,
                                                           std::span<const std::string_view> fields,
                                                           std::string_view type_name, Reader read,
                                                           Keep keep) {
  auto filter = WhereFilter::Parse(request.Query("where").value_or(""), fields, type_name);
  if (!filter.ok()) return QueryParseError(filter.status());
  std::vector<const T*> selected;
  for (const T& item : items) {
    const auto reader = [&](std::string_view name) { return read(item, name); };
    if (keep(item) && filter->Matches(reader)) selected.push_back(&item);
  }
  return selected;
}

}  // namespace xerosync::emulator
