#pragma once
// The error rows that need a look at Xero or at other documents (ERRORS.md "lookup" and
// "dependency" rows; docs/sync.md, "Refusals that need a lookup" and "Dependencies"):
//
// - After Xero refuses documents of a batch, LookUpRefusals asks Xero what it needs to explain or
//   settle them: an invoice whose number is taken is looked up by number (one request per 50) and,
//   when the one found is the same invoice, linked to it instead of failing; a payment or an
//   allocation larger than the amount outstanding gets an error naming the amount and what is
//   outstanding in Xero now (one request for the invoices; allocations one more for their credit
//   note).
// - WhyBlocked says why a document waits for a parent without a Xero id, and whether the parent is
//   on its way (the document stays blocked) or will never reach Xero by itself (it fails with the
//   dependency row's code). ReleaseDependents sends such a document again once its parent is back
//   on its way or in Xero.
// - CodesReleasedOnChange names the catalogue's codes a change of mappings or cached settings can
//   fix (Store::ReleaseAfterRelevantChange takes them).
//
// The lookups' requests go through the given Transport (the run's, which counts them). A lookup
// that fails leaves the refusal failed, its message saying what could not be looked up: a lookup
// never turns a refusal into a run error.
//
// Thread safety: functions of values and of the store (itself thread safe).

#include <cstddef>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "domain/ids.h"
#include "store/records.h"
#include "store/store.h"
#include "sync/reports.h"
#include "xero/batch.h"
#include "xero/requests.h"
#include "xero/transport.h"

namespace xerosync::sync {

// The catalogue's codes retried when a mapping or the cached settings change (AutoRetry kOnChange
// and kAfterSettingsRefresh).
const std::vector<std::string>& CodesReleasedOnChange();

// What the lookups need: where to ask Xero, and the organisation's store.
struct LookupContext {
  xero::Transport& xero;
  const xero::ApiCaller& caller;
  store::Store& store;
  domain::TenantId tenant;
  std::string_view credit_note;  // allocations: the credit note's Xero id (their request's path)
};

// Error reports that replace the plain refusal report (XeroRefusedReport), by result index.
using RefusalReports = std::map<std::size_t, store::ErrorReport>;

// Looks up what the rejected `results` of one batch need (`documents` and `values` are the
// caller's whole lists, indexed by DocumentResult::index). An invoice whose number is taken by the
// same invoice becomes kWritten, its record carrying that invoice's id. Errors: only the store's.
template <typename T>
Result<RefusalReports> LookUpRefusals(const LookupContext& context,
                                      std::span<const store::Document> documents,
                                      std::span<const T> values,
                                      std::vector<xero::DocumentResult<T>>& results);

// Why `document` waits for `parent` (a parent without a Xero id).
struct BlockedReason {
  // The dependency row's code (payment.invoice_not_in_xero; credit_note.invoice_not_in_xero for
  // an allocation waiting for its invoice, allocation.parent_not_in_xero for one waiting for its
  // credit note; document.parent_not_in_xero otherwise), its message naming the parent and its
  // state, and the fix.
  store::ErrorReport report;
  // The parent is on its way (pending, syncing, failed, blocked, paused): the document stays
  // blocked and goes when the parent syncs. False: the parent will not reach Xero by itself (passed
  // to accounts without a Xero record, archived, or never pushed): the document fails.
  bool waits = true;
};
Result<BlockedReason> WhyBlocked(store::Store& store, const store::Document& document,
                                 const store::DocumentKey& parent);

// For the planner: when `parent` will not reach Xero by itself, opens `document`'s error (the
// report of WhyBlocked) and returns its id, for Store::FailPending; nullopt when the document is to
// wait (Store::Block).
Result<std::optional<int64_t>> FailIfNeverInXero(store::Store& store,
                                                 const store::Document& document,
                                                 const store::DocumentKey& parent, TimePoint now);

// Failed documents of `tenant` whose open error is a dependency row's, and whose parents are now in
// Xero or on their way -> pending (a system retry), so that they go or wait again. Returns how
// many.
Result<int64_t> ReleaseDependents(store::Store& store, const domain::TenantId& tenant,
                                  TimePoint now);

}  // namespace xerosync::sync
