#include "rules/diagnostics.h"

#include <array>
#include <cctype>
#include <ctime>

#include "rules/catalogue.h"

namespace xerosync::rules {
namespace {

// Ids, codes and paths are made of these; anything else (an '@', a space, a quote) could be part
// of an email address, a name or an address, so the value is withheld rather than shown.
bool IdCharacter(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' || c == '.' ||
         c == ':' || c == '/';
}

std::string Safe(std::string_view value) {
  if (value.empty()) return "-";
  for (const char c : value) {
    if (!IdCharacter(c)) return "(withheld)";
  }
  return std::string(value);
}

std::string Utc(TimePoint time) {
  const std::time_t t = std::chrono::system_clock::to_time_t(time);
  std::tm tm{};
  gmtime_r(&t, &tm);
  std::array<char, 32> text{};
  const std::size_t n = std::strftime(text.data(), text.size(), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return std::string(text.data(), n);
}

}  // namespace

std::string RequestPath(std::string_view url) {
  std::string_view rest = url;
  if (const std::size_t scheme = rest.find("://"); scheme != std::string_view::npos) {
    rest.remove_prefix(scheme + 3);
    const std::size_t slash = rest.find('/');
    rest = slash == std::string_view::npos ? std::string_view("/") : rest.substr(slash);
  }
  rest = rest.substr(0, rest.find_first_of("?#"));
  return rest.empty() ? "/" : std::string(rest);
}

std::string DiagnosticsBundle(const DiagnosticsInput& input) {
  const CatalogueEntry* entry = FindEntry(input.code);
  std::string out = "xerosync diagnostics\n";
  auto line = [&out](std::string_view name, const std::string& value) {
    out += std::string(name) + ": " + value + "\n";
  };
  line("error", std::to_string(input.error_id));
  line("code", Safe(input.code));
  line("title", entry != nullptr ? std::string(entry->title) : "(not in the catalogue)");
  line("status", Safe(input.status));
  line("organisation", Safe(input.organisation));
  line("document", Safe(input.document_kind) + " " + Safe(input.document_host_id));
  line("first seen", Utc(input.first_seen));
  line("last seen", Utc(input.last_seen));
  line("attempts", std::to_string(input.attempts));
  line("xero correlation id", input.correlation_id ? Safe(*input.correlation_id) : "-");
  if (input.request) {
    const RequestSummary& r = *input.request;
    line("request", Safe(r.method) + " " + Safe(RequestPath(r.path)));
    line("http status", r.http_status ? std::to_string(*r.http_status) : "no answer");
    line("documents in the request", std::to_string(r.documents));
  } else {
    line("request", "-");
  }
  if (entry != nullptr) out += "docs: docs/errors.md#" + std::string(entry->code) + "\n";
  return out;
}

}  // namespace xerosync::rules
