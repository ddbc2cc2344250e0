// Router: method + path-pattern dispatch.
//
// Matching is on Request::path, which is already percent-decoded: a "%2F" inside a segment has
// become '/' and splits it, so a parameter never contains '/'. Paths are compared segment by
// segment, exactly (case and empty segments included), so a trailing slash is significant: "/a/"
// does not match the pattern "/a", and "{name}" never matches an empty segment. When several
// patterns match, the one with a literal segment where the others have a parameter wins, reading
// left to right ("/Invoices/Summary" beats "/Invoices/{InvoiceID}"); ties go to the first added.

#include <algorithm>
#include <cassert>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/http.h"

namespace xerosync::http {
namespace {

// "/a/b" -> {"a", "b"}; "/" -> {""}; "/a/" -> {"a", ""}. REQUIRES: path starts with '/'.
std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> segments;
  path.remove_prefix(1);
  while (true) {
    const std::size_t slash = path.find('/');
    segments.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return segments;
}

bool IsParameter(std::string_view segment) {
  return segment.size() >= 2 && segment.front() == '{' && segment.back() == '}';
}

std::string_view ParameterName(std::string_view segment) {
  return segment.substr(1, segment.size() - 2);
}

bool Matches(const std::vector<std::string>& pattern, const std::vector<std::string_view>& path) {
  if (pattern.size() != path.size()) return false;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (IsParameter(pattern[i]) ? path[i].empty() : pattern[i] != path[i]) return false;
  }
  return true;
}

// Which segments are literal, left to right; a greater rank is a more specific pattern.
std::vector<bool> Rank(const std::vector<std::string>& pattern) {
  std::vector<bool> rank;
  rank.reserve(pattern.size());
  for (const std::string& segment : pattern) rank.push_back(!IsParameter(segment));
  return rank;
}

std::string JoinSortedUnique(std::vector<std::string> items) {
  std::sort(items.begin(), items.end());
  items.erase(std::unique(items.begin(), items.end()), items.end());
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

}  // namespace

Router::Router() : not_found_([](Request&) { return Response::Text(404, "Not Found"); }) {}

void Router::Add(std::string_view method, std::string_view pattern, Handler handler) {
  assert(!pattern.empty() && pattern.front() == '/' && "a route pattern starts with '/'");
  std::vector<std::string> segments;
  if (!pattern.empty() && pattern.front() == '/') {
    for (std::string_view segment : SplitPath(pattern)) segments.emplace_back(segment);
  }
  routes_.push_back(Route{std::string(method), std::move(segments), std::move(handler)});
}

void Router::SetNotFound(Handler handler) { not_found_ = std::move(handler); }

Response Router::Dispatch(Request& request) const {
  request.path_params.clear();
  if (request.path.empty() || request.path.front() != '/') return not_found_(request);
  const std::vector<std::string_view> path = SplitPath(request.path);

  const Route* best = nullptr;
  std::vector<bool> best_rank;
  std::vector<std::string> allowed;  // methods of routes matching the path with another method
  for (const Route& route : routes_) {
    if (!Matches(route.segments, path)) continue;
    if (route.method != request.method) {
      allowed.push_back(route.method);
      continue;
    }
    std::vector<bool> rank = Rank(route.segments);
    if (best == nullptr || rank > best_rank) {
      best = &route;
      best_rank = std::move(rank);
    }
  }

  if (best != nullptr) {
    for (std::size_t i = 0; i < path.size(); ++i) {
      if (IsParameter(best->segments[i])) {
        request.path_params.insert_or_assign(std::string(ParameterName(best->segments[i])),
                                             std::string(path[i]));
      }
    }
    return best->handler(request);
  }
  if (!allowed.empty()) {
    Response response = Response::Text(405, "Method Not Allowed");
    response.headers.Set("Allow", JoinSortedUnique(std::move(allowed)));
    return response;
  }
  return not_found_(request);
}

}  // namespace xerosync::http
