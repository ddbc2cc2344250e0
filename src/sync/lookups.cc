#include "sync/lookups.h"

#include <algorithm>
#include <array>
#include <iterator>
#include <optional>
#include <set>
#include <utility>

#include "domain/totals.h"
#include "rules/catalogue.h"
#include "rules/recognise.h"
#include "sync/materialize.h"
#include "sync/reconcile.h"
#include "sync/reports.h"
#include "sync/settings.h"
#include "xero/reads.h"

namespace xerosync::sync {
namespace {

using store::Document;
using store::DocumentKey;
using store::DocumentKind;
using store::DocumentState;

// How many invoice numbers one lookup names (the request's query string stays short).
constexpr std::size_t kNumbersPerLookup = 50;

// The dependency rows' codes (one per kind of child).
constexpr std::string_view kPaymentParentCode = "payment.invoice_not_in_xero";
constexpr std::string_view kCreditNoteParentCode = "credit_note.invoice_not_in_xero";
constexpr std::string_view kAllocationParentCode = "allocation.parent_not_in_xero";
constexpr std::string_view kOtherParentCode = "document.parent_not_in_xero";
constexpr std::array<std::string_view, 4> kDependencyCodes = {
    kPaymentParentCode, kCreditNoteParentCode, kAllocationParentCode, kOtherParentCode};

std::string Name(const DocumentKey& key) {
  return std::string(store::DocumentKindName(key.kind)) + " " + key.host_id;
}

// Whether any of Xero's messages is recognised as `code`.
bool Says(const std::vector<xero::ValidationMessage>& errors, std::string_view code) {
  return std::ranges::any_of(errors, [&](const xero::ValidationMessage& m) {
    return rules::RecogniseXeroMessage(m.message).code == code;
  });
}

// The report of catalogue entry `code` for `document`, with {value}; Xero's words kept.
store::ErrorReport ReportOf(std::string_view code, const Document& document, std::string value,
                            const std::vector<xero::ValidationMessage>& errors) {
  store::ErrorReport report = XeroRefusedReport(document, errors);
  const rules::CatalogueEntry* entry = rules::FindEntry(code);
  if (entry == nullptr) return report;  // the catalogue test keeps every code in it
  const rules::TemplateValues values{{"document", Describe(document)}, {"value", std::move(value)}};
  report.code = std::string(code);
  report.message = rules::FormatMessage(*entry, values);
  report.fix = rules::FormatFix(*entry, values);
  return report;
}

// The parent of `document` with `role` ("invoice", "credit_note"), for messages.
std::string ParentName(const Document& document, std::string_view role, std::string_view fallback) {
  for (const store::ParentRef& parent : document.parents) {
    if (parent.role == role) return Name(parent.key);
  }
  return std::string(fallback);
}

std::string Money(const std::optional<Decimal>& amount) {
  return amount ? amount->ToString() : std::string("an unknown amount");
}

// Records of type T with the given Xero ids (GET /<Plural>?IDs=a,b: one request per page).
template <typename T>
std::optional<std::map<std::string, T>> ById(const LookupContext& context,
                                             const std::set<std::string>& ids) {
  std::map<std::string, T> by_id;
  if (ids.empty()) return by_id;
  std::string list;
  for (const std::string& id : ids) list += (list.empty() ? "" : ",") + id;
  Result<std::vector<T>> found =
      xero::ReadAllPages<T>(context.xero, context.caller, {{"IDs", list}});
  if (!found.ok()) return std::nullopt;
  for (T& record : *found) by_id.emplace(record.id.value(), std::move(record));
  return by_id;
}

// ---- invoice number already used ----

Result<RefusalReports> NumbersTaken(const LookupContext& context,
                                    std::span<const Document> documents,
                                    std::span<const domain::Invoice> values,
                                    std::vector<xero::DocumentResult<domain::Invoice>>& results) {
  RefusalReports reports;
  std::vector<xero::DocumentResult<domain::Invoice>*> taken;
  for (xero::DocumentResult<domain::Invoice>& result : results) {
    const domain::Invoice& invoice = values[result.index];
    if (result.outcome == xero::DocumentOutcome::kRejected && invoice.number &&
        !documents[result.index].xero_id && Says(result.errors, "invoice.number_taken")) {
      taken.push_back(&result);
    }
  }
  if (taken.empty()) return reports;

  // Xero's invoices with those numbers: 50 to a request; a number with a comma on its own.
  std::vector<domain::Invoice> in_xero;
  bool looked = true;
  std::vector<std::string> listable;
  for (const xero::DocumentResult<domain::Invoice>* result : taken) {
    const std::string& number = *values[result->index].number;
    if (number.find(',') == std::string::npos) {
      listable.push_back(number);
      continue;
    }
    Result<std::vector<domain::Invoice>> found =
        xero::FindInvoicesByNumber(context.xero, context.caller, number);
    looked = looked && found.ok();
    if (found.ok()) std::ranges::move(*found, std::back_inserter(in_xero));
  }
  for (std::size_t first = 0; looked && first < listable.size(); first += kNumbersPerLookup) {
    const std::size_t count = std::min(kNumbersPerLookup, listable.size() - first);
    Result<std::vector<domain::Invoice>> found = xero::FindInvoicesByNumbers(
        context.xero, context.caller, std::span(listable).subspan(first, count));
    looked = found.ok();
    if (found.ok()) std::ranges::move(*found, std::back_inserter(in_xero));
  }

  // A record this batch created, or linked to one of its documents, belongs to that document: two
  // identical invoices of the business app in one batch are two documents, not one.
  std::set<std::string> taken_ids;
  for (const xero::DocumentResult<domain::Invoice>& result : results) {
    if (result.outcome == xero::DocumentOutcome::kWritten && result.record) {
      taken_ids.insert(result.record->id.value());
    }
  }
  ASSIGN_OR_RETURN(const std::vector<domain::TaxRate> rates,
                   CachedTaxRates(context.store, context.tenant));
  const domain::TaxRateLookup lookup = domain::LookupIn(rates);
  for (xero::DocumentResult<domain::Invoice>* result : taken) {
    const domain::Invoice& invoice = values[result->index];
    const std::optional<std::string> same =
        looked ? SameInvoice(invoice, in_xero, lookup) : std::nullopt;
    if (same && taken_ids.insert(*same).second) {
      // The same invoice is already there (an earlier send, or entered by hand): link it.
      result->outcome = xero::DocumentOutcome::kWritten;
      result->record = invoice;
      result->record->id = domain::InvoiceId(*same);
      result->errors.clear();
      continue;
    }
    store::ErrorReport report =
        ReportOf("invoice.number_taken", documents[result->index], *invoice.number, result->errors);
    report.message +=
        !looked ? " xerosync could not look it up to compare the two."
        : same  ? " It is the same as another document sent with it: one of the two is a duplicate."
                : " That invoice differs from this one in its contact, date or total.";
    reports.emplace(result->index, std::move(report));
  }
  return reports;
}

// ---- amounts larger than what is outstanding ----

Result<RefusalReports> PaymentsTooLarge(
    const LookupContext& context, std::span<const Document> documents,
    std::span<const domain::Payment> values,
    const std::vector<xero::DocumentResult<domain::Payment>>& results) {
  RefusalReports reports;
  std::vector<const xero::DocumentResult<domain::Payment>*> refused;
  std::set<std::string> invoice_ids;
  std::set<std::string> note_ids;
  for (const xero::DocumentResult<domain::Payment>& result : results) {
    if (result.outcome != xero::DocumentOutcome::kRejected ||
        !Says(result.errors, "payment.exceeds_outstanding")) {
      continue;
    }
    refused.push_back(&result);
    const domain::Payment& payment = values[result.index];
    if (payment.invoice && !payment.invoice->id.value().empty()) {
      invoice_ids.insert(payment.invoice->id.value());
    } else if (payment.credit_note && !payment.credit_note->id.value().empty()) {
      note_ids.insert(payment.credit_note->id.value());
    }
  }
  if (refused.empty()) return reports;
  // One request for the invoices (and one for credit notes, when payments refund them).
  const auto invoices = ById<domain::Invoice>(context, invoice_ids);
  const auto notes = ById<domain::CreditNote>(context, note_ids);
  for (const xero::DocumentResult<domain::Payment>* result : refused) {
    const domain::Payment& payment = values[result->index];
    const Document& document = documents[result->index];
    std::string value = "it pays " + Money(payment.amount);
    std::optional<std::optional<Decimal>> outstanding;  // outer: looked up at all
    if (payment.invoice && invoices && invoices->contains(payment.invoice->id.value())) {
      outstanding = invoices->at(payment.invoice->id.value()).amount_due;
    } else if (payment.credit_note && notes && notes->contains(payment.credit_note->id.value())) {
      outstanding = notes->at(payment.credit_note->id.value()).remaining_credit;
    }
    const std::string parent =
        ParentName(document, payment.invoice ? "invoice" : "credit_note", "the document it pays");
    value += outstanding
                 ? ", and " + parent + " has " + Money(*outstanding) + " outstanding in Xero now"
                 : ", more than " + parent +
                       " has outstanding in Xero (xerosync could not look up how much)";
    reports.emplace(result->index, ReportOf("payment.exceeds_outstanding", document,
                                            std::move(value), result->errors));
  }
  return reports;
}

Result<RefusalReports> AllocationsTooLarge(
    const LookupContext& context, std::span<const Document> documents,
    std::span<const domain::Allocation> values,
    const std::vector<xero::DocumentResult<domain::Allocation>>& results) {
  RefusalReports reports;
  std::vector<const xero::DocumentResult<domain::Allocation>*> refused;
  std::set<std::string> invoice_ids;
  for (const xero::DocumentResult<domain::Allocation>& result : results) {
    if (result.outcome != xero::DocumentOutcome::kRejected ||
        !Says(result.errors, "allocation.exceeds_outstanding")) {
      continue;
    }
    refused.push_back(&result);
    const domain::Allocation& allocation = values[result.index];
    if (allocation.invoice) invoice_ids.insert(allocation.invoice->id.value());
  }
  if (refused.empty()) return reports;
  const auto invoices = ById<domain::Invoice>(context, invoice_ids);
  std::set<std::string> note_ids;
  if (!context.credit_note.empty()) note_ids.insert(std::string(context.credit_note));
  const auto notes = ById<domain::CreditNote>(context, note_ids);
  for (const xero::DocumentResult<domain::Allocation>* result : refused) {
    const domain::Allocation& allocation = values[result->index];
    const Document& document = documents[result->index];
    std::string value = "it allocates " + Money(allocation.amount) + " to " +
                        ParentName(document, "invoice", "the invoice");
    if (allocation.invoice && invoices && invoices->contains(allocation.invoice->id.value())) {
      value += ", which has " + Money(invoices->at(allocation.invoice->id.value()).amount_due) +
               " outstanding in Xero now";
    }
    if (notes && notes->contains(std::string(context.credit_note))) {
      value += "; " + ParentName(document, "credit_note", "the credit note") + " has " +
               Money(notes->at(std::string(context.credit_note)).remaining_credit) +
               " left to allocate";
    }
    if (!invoices || !notes) value += " (xerosync could not look up what is outstanding)";
    reports.emplace(result->index, ReportOf("allocation.exceeds_outstanding", document,
                                            std::move(value), result->errors));
  }
  return reports;
}

// The dependency row of a `child` waiting for a parent of kind `parent`. A credit note meets its
// invoice through an allocation, so an allocation waiting for its invoice is the row "credit
// note's invoice not in Xero".
std::string_view DependencyCode(DocumentKind child, DocumentKind parent) {
  switch (child) {
    case DocumentKind::kPayment:
      return kPaymentParentCode;
    case DocumentKind::kAllocation:
      return parent == DocumentKind::kCreditNote ? kAllocationParentCode : kCreditNoteParentCode;
    case DocumentKind::kCreditNote:
    case DocumentKind::kContact:
    case DocumentKind::kInvoice:
    case DocumentKind::kBill:
    case DocumentKind::kExpense:
      break;
  }
  return kOtherParentCode;
}

}  // namespace

const std::vector<std::string>& CodesReleasedOnChange() {
  static const std::vector<std::string> codes = [] {
    std::vector<std::string> out;
    for (const rules::CatalogueEntry& entry : rules::Catalogue()) {
      if (entry.retry == rules::AutoRetry::kOnChange ||
          entry.retry == rules::AutoRetry::kAfterSettingsRefresh) {
        out.emplace_back(entry.code);
      }
    }
    return out;
  }();
  return codes;
}

template <typename T>
Result<RefusalReports> LookUpRefusals(const LookupContext& context,
                                      std::span<const store::Document> documents,
                                      std::span<const T> values,
                                      std::vector<xero::DocumentResult<T>>& results) {
  if constexpr (std::is_same_v<T, domain::Invoice>) {
    return NumbersTaken(context, documents, values, results);
  } else if constexpr (std::is_same_v<T, domain::Payment>) {
    return PaymentsTooLarge(context, documents, values, results);
  } else if constexpr (std::is_same_v<T, domain::Allocation>) {
    return AllocationsTooLarge(context, documents, values, results);
  } else {
    return RefusalReports{};
  }
}

#define XEROSYNC_LOOKUPS_INSTANTIATE(T)                                         \
  template Result<RefusalReports> LookUpRefusals<T>(                            \
      const LookupContext& context, std::span<const store::Document> documents, \
      std::span<const T> values, std::vector<xero::DocumentResult<T>>& results);
XEROSYNC_LOOKUPS_INSTANTIATE(domain::Contact)
XEROSYNC_LOOKUPS_INSTANTIATE(domain::Invoice)
XEROSYNC_LOOKUPS_INSTANTIATE(domain::CreditNote)
XEROSYNC_LOOKUPS_INSTANTIATE(domain::Payment)
XEROSYNC_LOOKUPS_INSTANTIATE(domain::BankTransaction)
XEROSYNC_LOOKUPS_INSTANTIATE(domain::Allocation)
#undef XEROSYNC_LOOKUPS_INSTANTIATE

Result<BlockedReason> WhyBlocked(store::Store& store, const store::Document& document,
                                 const store::DocumentKey& parent) {
  ASSIGN_OR_RETURN(const std::optional<Document> found,
                   store.FindDocument(document.organisation, parent));
  const std::string name = Name(parent);
  BlockedReason reason;
  std::string state;
  if (!found) {
    state = name + " was never sent to xerosync by the business app";
    reason.waits = false;
  } else {
    switch (found->state) {
      case DocumentState::kPassed:
        state = name + " is marked passed to accounts without a Xero record";
        reason.waits = false;
        break;
      case DocumentState::kArchived:
        state = name + " is archived (its error was archived), so it is not sent";
        reason.waits = false;
        break;
      case DocumentState::kPending:
        state = name + " is waiting to be sent";
        break;
      case DocumentState::kSyncing:
        state = name + " is being sent";
        break;
      case DocumentState::kFailed:
        state = name + " failed to sync (see its error)";
        break;
      case DocumentState::kBlocked:
        state = name + " is waiting for another document";
        break;
      case DocumentState::kPaused:
        state = name + " is paused with its organisation";
        break;
      case DocumentState::kSynced:
        state = name + " has no Xero record";
        break;
    }
  }
  const std::string_view code = DependencyCode(document.kind, parent.kind);
  const rules::CatalogueEntry* entry = rules::FindEntry(code);
  const rules::TemplateValues values{{"document", Describe(document)}, {"value", state}};
  reason.report.code = std::string(code);
  reason.report.message = entry != nullptr ? rules::FormatMessage(*entry, values) : state;
  reason.report.fix = entry != nullptr ? rules::FormatFix(*entry, values) : "";
  return reason;
}

Result<std::optional<int64_t>> FailIfNeverInXero(store::Store& store,
                                                 const store::Document& document,
                                                 const store::DocumentKey& parent, TimePoint now) {
  ASSIGN_OR_RETURN(const BlockedReason why, WhyBlocked(store, document, parent));
  if (why.waits) return std::optional<int64_t>();
  ASSIGN_OR_RETURN(const int64_t error,
                   store.OpenError(document.organisation, document.id, why.report, now));
  return std::optional<int64_t>(error);
}

Result<int64_t> ReleaseDependents(store::Store& store, const domain::TenantId& tenant,
                                  TimePoint now) {
  std::vector<int64_t> release;
  for (const std::string_view code : kDependencyCodes) {
    store::ErrorQuery query;
    query.organisation = tenant;
    query.status = store::ErrorStatus::kOpen;
    query.code = std::string(code);
    while (true) {
      ASSIGN_OR_RETURN(const std::vector<store::SyncError> errors, store.ListErrors(query));
      for (const store::SyncError& error : errors) {
        ASSIGN_OR_RETURN(const Document document, store.GetDocument(error.document_id));
        if (document.state != DocumentState::kFailed || document.error_id != error.id) continue;
        std::vector<DocumentKey> keys;
        for (const store::ParentRef& parent : document.parents) keys.push_back(parent.key);
        ASSIGN_OR_RETURN(const ParentIds ids, store.XeroIds(tenant, keys));
        const std::optional<DocumentKey> missing = MissingParent(document, ids);
        bool go = !missing;
        if (missing) {
          ASSIGN_OR_RETURN(const BlockedReason why, WhyBlocked(store, document, *missing));
          go = why.waits;
        }
        if (go) release.push_back(document.id);
      }
      if (static_cast<int>(errors.size()) < query.limit) break;
      query.after_id = errors.back().id;
    }
  }
  if (release.empty()) return 0;
  RETURN_IF_ERROR(store.RetryDocuments(release, "system", now));
  return static_cast<int64_t>(release.size());
}

}  // namespace xerosync::sync
