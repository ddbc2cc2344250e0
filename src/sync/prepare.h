#pragma once
// The pre-flight step of a run (issue 6; docs/sync.md, "Pre-flight"): each document, once
// materialised, goes through the rules' checks (rules/preflight.h) against the organisation's
// cached Xero settings and its mappings before it is planned into a request. What Xero would
// refuse is refused here, with the same code, and no call is spent on it.
//
//   ASSIGN_OR_RETURN(const PreflightData data, LoadPreflight(store, tenant));   // once per run
//   ASSIGN_OR_RETURN(const Verdict verdict, Preflight(store, document, invoice, data, now));
//
// Besides refusing, the step links and creates contacts: a contact document that is an existing
// active Xero contact is linked without a call (kLink), and with the "auto_create_contacts"
// setting a document naming a contact Xero does not have queues a contact document for it (host id
// "auto:<name>") and waits for it (kBlock), so that the contact goes through the same exactly-once
// protocol as every other document.
//
// Thread safety: functions of values and the Store (which is thread-safe).

#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "domain/ids.h"
#include "rules/preflight.h"
#include "store/store.h"

namespace xerosync::sync {

// The organisation's reference data and mappings, loaded once per run and again after a refresh.
struct PreflightData {
  rules::Reference reference;
  rules::Mappings mappings;
};
Result<PreflightData> LoadPreflight(store::Store& store, const domain::TenantId& tenant);
// The organisation's mappings as the checks read them. A stored row the rules do not accept
// (written by another version) is skipped rather than stopping every sync.
Result<rules::Mappings> LoadMappings(store::Store& store, const domain::TenantId& tenant);

// What the pre-flight step decided for one document.
struct Verdict {
  enum class Kind {
    kSend,    // send it (rewritten: mapped values, defaults, linked contact)
    kRefuse,  // a sync error: `report`
    kBlock,   // wait for `parent` to reach Xero
    kLink,    // it is already in Xero as `xero_id`: link it without a call
  };
  Kind kind = Kind::kSend;
  store::ErrorReport report;
  store::DocumentKey parent;
  std::string xero_id;
  bool queued_contact = false;  // kBlock: a contact document was created for it just now
};

// Checks `value` (materialised from `document`) and rewrites it into what is sent. T is the
// kind's domain type (materialize.h). Store errors only; a document's problem is a Verdict.
template <typename T>
Result<Verdict> Preflight(store::Store& store, const store::Document& document, T& value,
                          const PreflightData& data, TimePoint now);

// The sync error for a finding: its catalogue entry's code, message and fix, filled in.
store::ErrorReport PreflightReport(const store::Document& document, const rules::Finding& finding);

// Whether `to` is a value the organisation's cached settings can take for a mapping of `kind`
// (an active account that lines can use, an active tax rate, an enabled currency, a known contact,
// a tracking option, an account that takes payments for "payment_account"). kInvalidArgument
// naming what is wrong; OK when the cache does not hold that kind (nothing to check against) or
// `to` is empty (a removal).
Status CheckMappingTarget(const rules::Reference& reference, std::string_view kind,
                          std::string_view from, std::string_view to);

// What the cached settings hold that documents cannot use: an "account.without_code" report for
// each account without a code (ERRORS.md: "import the rest; warn on that one").
std::vector<store::ErrorReport> SettingsWarnings(const rules::Reference& reference);

// The host id of the contact document auto-created for a contact named `name`.
std::string AutoContactHostId(std::string_view name);

}  // namespace xerosync::sync
