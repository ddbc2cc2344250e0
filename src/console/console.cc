#include "console/console.h"

#include <cstdint>
#include <cstdio>
#include <memory>

#include "console/embedded_files.h"

namespace xerosync::console {
namespace {

constexpr std::string_view kCsp =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'";

// A strong validator for content that only changes with the binary: FNV-1a over the bytes. Not a
// security property, so a fast non-cryptographic hash is enough.
std::string ETagOf(const EmbeddedFile& file) {
  uint64_t hash = 14695981039346656037ull;
  for (std::size_t i = 0; i < file.size; ++i) {
    hash ^= file.data[i];
    hash *= 1099511628211ull;
  }
  char text[24];
  std::snprintf(text, sizeof text, "\"%016llx\"", static_cast<unsigned long long>(hash));
  return text;
}

// True when an If-None-Match value ("*", or a comma-separated list of possibly weak tags) names
// `etag` (weak comparison, as RFC 9110 asks for If-None-Match).
bool Matches(std::string_view if_none_match, std::string_view etag) {
  while (!if_none_match.empty()) {
    const std::size_t comma = if_none_match.find(',');
    std::string_view tag = if_none_match.substr(0, comma);
    if_none_match =
        comma == std::string_view::npos ? std::string_view() : if_none_match.substr(comma + 1);
    while (!tag.empty() && (tag.front() == ' ' || tag.front() == '\t')) tag.remove_prefix(1);
    while (!tag.empty() && (tag.back() == ' ' || tag.back() == '\t')) tag.remove_suffix(1);
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    if (tag == "*" || tag == etag) return true;
  }
  return false;
}

void AddSecurityHeaders(http::Headers& headers) {
  headers.Set("Content-Security-Policy", std::string(kCsp));
  headers.Set("X-Content-Type-Options", "nosniff");
  headers.Set("X-Frame-Options", "DENY");
  headers.Set("Referrer-Policy", "no-referrer");
  headers.Set("Cross-Origin-Opener-Policy", "same-origin");
}

http::Handler ServeFile(const EmbeddedFile& file) {
  // Computed once: the file never changes while the binary runs.
  auto etag = std::make_shared<const std::string>(ETagOf(file));
  auto content_type = std::make_shared<const std::string>(ContentTypeFor(file.path));
  return [&file, etag, content_type](http::Request& request) {
    http::Response response;
    AddSecurityHeaders(response.headers);
    response.headers.Set("Cache-Control", "no-cache");
    response.headers.Set("ETag", *etag);
    const std::optional<std::string_view> if_none_match = request.headers.Get("If-None-Match");
    if (if_none_match.has_value() && Matches(*if_none_match, *etag)) {
      response.status = 304;
      return response;
    }
    response.status = 200;
    response.headers.Set("Content-Type", *content_type);
    response.body.assign(reinterpret_cast<const char*>(file.data), file.size);
    return response;
  };
}

}  // namespace

std::string ContentTypeFor(std::string_view path) {
  const std::size_t dot = path.rfind('.');
  const std::string_view extension =
      dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
  if (extension == "html") return "text/html; charset=utf-8";
  if (extension == "css") return "text/css; charset=utf-8";
  if (extension == "js" || extension == "mjs") return "text/javascript; charset=utf-8";
  if (extension == "svg") return "image/svg+xml";
  if (extension == "json") return "application/json; charset=utf-8";
  return "application/octet-stream";
}

std::string_view ContentSecurityPolicy() { return kCsp; }

void AddConsoleRoutes(http::Router& router) {
  for (const EmbeddedFile& file : EmbeddedFiles()) {
    const std::string path = file.path;
    if (path == "index.html") router.Add("GET", "/", ServeFile(file));
    router.Add("GET", "/console/" + path, ServeFile(file));
  }
}

}  // namespace xerosync::console
