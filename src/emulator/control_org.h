#pragma once
// The control API's organisation routes (docs/emulator.md): edits a test needs to reach
// Xero's error paths, taking an organisation offline, reading its whole state and its record
// counts, and resetting the emulator.
//
//   GET  /_emulator/tenants                                     ids, names, offline
//   GET  /_emulator/tenants/{tenantId}/state                    every record (state_json.h form)
//   GET  /_emulator/tenants/{tenantId}/counts                   counts per number and name
//        ?invoice_number=N[&type=ACCREC|ACCPAY] | ?credit_note_number=N | ?contact_name=N
//   POST /_emulator/tenants/{tenantId}/contacts/{contactId}/archive | /unarchive
//   POST /_emulator/tenants/{tenantId}/tax-rates/{taxType}/status    {"status":"DELETED"}
//   POST /_emulator/tenants/{tenantId}/currencies/{code}/unsubscribe | /subscribe
//   POST /_emulator/tenants/{tenantId}/accounts/{idOrCode}/payments  {"enabled":true}
//   POST /_emulator/tenants/{tenantId}/accounts                      {"name","type"[,"code",...]}
//   PUT  /_emulator/tenants/{tenantId}/lock-dates  {"period_lock_date":"2026-03-31"|null, ...}
//   POST /_emulator/tenants/{tenantId}/offline | /online
//   POST /_emulator/reset
//
// As for the other control routes (control.h): answers are JSON; a bad request gets 400
// {"error": "..."} naming the field and changes nothing; an unknown tenant or record gets 404
// {"error": "..."}. Edits answer the edited record in the state form.

#include <functional>

#include "core/clock.h"
#include "emulator/crypto.h"
#include "emulator/events.h"
#include "emulator/organisation.h"
#include "http/http.h"

namespace xerosync::emulator {

// Adds the routes above to `router`. `reset` performs POST /_emulator/reset (Emulator::Reset).
// `listener` (may be empty) hears a CONTACT UPDATE for each contact archived or un-archived, as
// Xero's webhooks report one made in its web app (FACTS.md §6: archiving is an UPDATE); the other
// edits are to settings, which have no webhooks. REQUIRES: clock, organisations and random outlive
// the router.
void AddOrganisationControlRoutes(http::Router& router, const Clock& clock,
                                  Organisations& organisations, RandomSource& random,
                                  std::function<void()> reset, const ChangeListener& listener = {});

}  // namespace xerosync::emulator
