#pragma once
// The host app's webhook, set from the console (docs/api.md, "Webhooks"; docs/observe.md for what
// is sent and how it is signed). Every route needs the settings permission:
//
//   GET  /api/v1/webhooks                      {"url","enabled","events","secret_set"}
//   PUT  /api/v1/webhooks                      any of {"url": "http://..." | null, "enabled",
//                                              "events": ["document.synced", ...]}
//   POST /api/v1/webhooks/rotate-secret        a new secret
//   GET  /api/v1/webhooks/events?state=&after=&limit=   the outbox (failed ones: state=failed)
//   POST /api/v1/webhooks/events/{id}/resend   a failed event sent again
//
// The signing secret is made here (256 random bits) when a URL is first set and when rotated, and
// shown in that answer only ("secret"); it is kept sealed (notify/config.h) and never shown again,
// logged or audited. Changes are audited ("webhook.change", "webhook.rotate_secret",
// "webhook.resend").
//
// Thread safety: as api.h.

#include "api/api.h"
#include "http/http.h"

namespace xerosync::api {

// Adds the routes above. REQUIRES: context.cipher is set, and `context` outlives `router`.
void AddWebhookRoutes(http::Router& router, ApiContext& context);

}  // namespace xerosync::api
