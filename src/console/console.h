#pragma once
// The web console's routes: the single page at GET / and its files at GET /console/<path>, served
// from the copy embedded in the binary (embedded_files.h), with caching headers (ETag, 304 on
// If-None-Match) and the security headers of every console response (a strict
// Content-Security-Policy, no framing, no sniffing, no referrer).
//
// Thread safety: the handlers only read immutable data; they may run concurrently.

#include <string>
#include <string_view>

#include "http/http.h"

namespace xerosync::console {

// Adds GET / and GET /console/<path> for every embedded file. Unknown paths are left to the
// router's not-found handler (the API's JSON 404).
void AddConsoleRoutes(http::Router& router);

// The Content-Type for a file name by its extension ("app.js" -> "text/javascript; charset=utf-8").
std::string ContentTypeFor(std::string_view path);

// The Content-Security-Policy the console is served with: scripts, styles and connections from
// this origin only; no inline script or style, no framing, no plugins.
std::string_view ContentSecurityPolicy();

}  // namespace xerosync::console
