#pragma once
// The settings a finance admin changes in the console (docs/api.md, "Settings"):
//
//   GET /api/v1/orgs/{tenant}/settings  (view_status)
//   PUT /api/v1/orgs/{tenant}/settings  (settings)  any subset of
//       {"sync_interval_minutes": 10, "auto_create_contacts": false, "lock_date_policy": "fail"}
//
// sync_interval_minutes is the whole installation's (0 turns automatic runs off; 1 to 1440): it
// is kept as an installation setting and reaches the scheduler at once (Scheduler::SetInterval).
// auto_create_contacts and lock_date_policy ("fail" or "shift": rules/preflight.h) are the
// organisation's, kept as mappings of kind "setting", so that the next run's pre-flight reads them;
// a change re-queues the failed documents it can fix. A PUT is checked whole before anything is
// changed, and audited ("settings.change").
//
// Thread safety: as api.h.

#include "api/api.h"
#include "core/result.h"
#include "http/http.h"
#include "store/store.h"
#include "sync/scheduler.h"

namespace xerosync::api {

// The installation setting that keeps the automatic-run interval, in minutes.
inline constexpr std::string_view kSyncIntervalSetting = "sync.interval_minutes";

// Applies the stored interval to `scheduler` (serve calls it at start, after Scheduler::Load, so
// that the first runs stay due at once); nothing when none is stored. kDataLoss for a stored value
// that is not a number of minutes.
Status ApplyStoredSyncInterval(store::Store& store, sync::Scheduler& scheduler);

// Adds the routes above. REQUIRES: `context` outlives `router`.
void AddSettingsRoutes(http::Router& router, ApiContext& context);

}  // namespace xerosync::api
