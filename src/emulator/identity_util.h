#pragma once
// Small helpers of the identity service, shared by its two source files.

#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "http/http.h"

namespace xerosync::emulator::identity_internal {

std::vector<std::string> SplitScopes(std::string_view text);
std::string JoinScopes(const std::vector<std::string>& scopes);
bool Contains(const std::vector<std::string>& items, std::string_view item);
// The scopes Xero knows (FACTS.md §1.3); `granular_only` refuses the broad transaction and report
// scopes, as Xero does for apps created since 2026-03-02.
bool IsKnownScope(std::string_view scope, bool granular_only);
// "<url>?a=1&b=2" (or "&" when the URL has a query already), values percent-encoded.
std::string WithQuery(std::string_view url,
                      const std::vector<std::pair<std::string, std::string>>& params);
using http::HtmlEscape;
// "09/24/2021 08:23:47", as in Xero's TokenExpired detail.
std::string FormatDetailTime(TimePoint time);
// "2019-12-07T18:46:19.5165400", as in /connections.
std::string FormatConnectionTime(TimePoint time);
// The OAuth error body: {"error":"invalid_grant"}, status 400.
http::Response OAuthError(std::string_view error);

}  // namespace xerosync::emulator::identity_internal
