#pragma once
// The REST API (docs/api.md, docs/api.openapi.json): route handlers over the store, the sync
// engine and the rules, for the console and the host app. `xerosync serve` (cli/serve_command.h)
// puts them behind http::Server.
//
//   ApiContext context{.store = store, .engine = engine, .clock = clock};
//   http::Router router;
//   AddApiRoutes(router, context);
//
// Routes are organisation-scoped, /api/v1/orgs/{tenant}/... (the Xero tenant id). Every response
// is JSON; every error is {"error":{"code":"invalid_argument","message":"...","field":"..."}}
// ("field" only when one field is at fault), its code one of invalid_argument (400),
// unauthenticated (401), permission_denied (403), not_found (404), failed_precondition (409),
// payload_too_large (413), unavailable (503), internal (500).
//
// Handlers are plain functions of an http::Request, unit-tested without sockets (api_test.cc).
//
// Thread safety: the handlers may run concurrently (the store and engine are thread-safe); the
// context must outlive the router.

#include <cstddef>
#include <string>

#include "access/access.h"
#include "core/clock.h"
#include "core/result.h"
#include "http/http.h"
#include "store/store.h"
#include "sync/engine.h"
#include "sync/scheduler.h"
#include "xero/token_cipher.h"

namespace xerosync::api {

class Connector;  // connection_routes.h

struct ApiContext {
  store::Store& store;
  sync::Engine& engine;
  const Clock& clock;
  // Optional: told when documents arrive (a debounced run) and used for "sync now", so that runs
  // it starts and runs the API starts are one schedule. Without it, POST .../sync runs the engine.
  sync::Scheduler* scheduler = nullptr;
  // Who may do what (docs/access.md): each route asks it for the permission the route needs
  // (401 without credentials, 403 for a role without the permission). nullptr lets every request
  // in as an admin named "api" (tests of the handlers themselves).
  access::Access* access = nullptr;
  // The Xero API base xerosync talks to: Xero's own, or the emulator's. The document and error
  // JSON's `xero_url` is Xero's deep link against Xero, the emulator's read endpoint otherwise.
  std::string xero_api_base = "https://api.xero.com";
  std::size_t max_body_bytes = 8u << 20;  // larger bodies get 413
  std::size_t max_documents = 1000;       // per POST .../documents
  // The Xero connection's routes (connection_routes.h); without it they are not served.
  Connector* connector = nullptr;
  // Seals the webhook's secret (webhook_routes.h); without it those routes are not served.
  const xero::TokenCipher* cipher = nullptr;
};

// Adds /healthz, /readyz and /api/v1/... to `router`, and a JSON 404 for unknown paths.
// REQUIRES: `context` outlives `router`.
void AddApiRoutes(http::Router& router, ApiContext& context);

// Dispatches to `router`, answering a wrong method with a JSON 405 (the router's own is text).
// REQUIRES: `router` outlives the handler.
http::Handler ApiHandler(const http::Router& router);

}  // namespace xerosync::api
