#include "sync/prepare.h"

#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

#include "core/json.h"
#include "core/text.h"
#include "domain/enums.h"
#include "rules/catalogue.h"
#include "sync/reports.h"
#include "sync/settings.h"

namespace xerosync::sync {
namespace {

using store::Document;
using store::DocumentKey;
using store::DocumentKind;

Verdict Send() { return {}; }

Verdict Refuse(const Document& document, const rules::Finding& finding) {
  Verdict verdict;
  verdict.kind = Verdict::Kind::kRefuse;
  verdict.report = PreflightReport(document, finding);
  return verdict;
}

Verdict BlockOn(DocumentKey parent, bool queued_contact = false) {
  Verdict verdict;
  verdict.kind = Verdict::Kind::kBlock;
  verdict.parent = std::move(parent);
  verdict.queued_contact = queued_contact;
  return verdict;
}

std::optional<rules::Finding> Check(domain::Contact& value, const PreflightData& data,
                                    const rules::Context&) {
  return rules::PrepareContact(value, data.reference, data.mappings);
}
std::optional<rules::Finding> Check(domain::Invoice& value, const PreflightData& data,
                                    const rules::Context& context) {
  return rules::PrepareInvoice(value, data.reference, data.mappings, context);
}
std::optional<rules::Finding> Check(domain::CreditNote& value, const PreflightData& data,
                                    const rules::Context& context) {
  return rules::PrepareCreditNote(value, data.reference, data.mappings, context);
}
std::optional<rules::Finding> Check(domain::Payment& value, const PreflightData& data,
                                    const rules::Context& context) {
  return rules::PreparePayment(value, data.reference, data.mappings, context);
}
std::optional<rules::Finding> Check(domain::Allocation& value, const PreflightData& data,
                                    const rules::Context& context) {
  return rules::PrepareAllocation(value, data.reference, data.mappings, context);
}
std::optional<rules::Finding> Check(domain::BankTransaction& value, const PreflightData& data,
                                    const rules::Context& context) {
  return rules::PrepareExpense(value, data.reference, data.mappings, context);
}

// The document a payment pays, as the host pushed it: the first parent of an invoice-like kind.
std::optional<DocumentKey> PaidDocument(const Document& payment) {
  for (const store::ParentRef& parent : payment.parents) {
    if (parent.key.kind == DocumentKind::kInvoice || parent.key.kind == DocumentKind::kBill ||
        parent.key.kind == DocumentKind::kCreditNote) {
      return parent.key;
    }
  }
  return std::nullopt;
}

// The Status a payload asks for ("DRAFT" when it names none: Xero's default for a new document).
std::optional<domain::DocumentStatus> StatusOf(std::string_view payload) {
  Result<Json> json = Json::Parse(payload);
  if (!json.ok()) return std::nullopt;
  const Json* status = json->Find("Status");
  if (status == nullptr || !status->is_string()) return domain::DocumentStatus::kDraft;
  Result<domain::DocumentStatus> parsed =
      domain::ParseEnum<domain::DocumentStatus>(status->AsString());
  if (!parsed.ok()) return std::nullopt;
  return *parsed;
}

// A payment waits for the version of its document that Xero is to hold (an invoice being
// authorised by xerosync: ERRORS.md, "wait for it"); otherwise the status Xero holds is checked.
Result<std::optional<Verdict>> PaymentContext(store::Store& store, const Document& document,
                                              rules::Context& context) {
  const std::optional<DocumentKey> paid = PaidDocument(document);
  if (!paid) return std::optional<Verdict>();
  ASSIGN_OR_RETURN(const std::optional<Document> parent,
                   store.FindDocument(document.organisation, *paid));
  if (!parent) return std::optional<Verdict>();
  const bool newer_on_its_way = parent->synced_version != parent->version &&
                                (parent->state == store::DocumentState::kPending ||
                                 parent->state == store::DocumentState::kSyncing ||
                                 parent->state == store::DocumentState::kBlocked);
  if (newer_on_its_way && StatusOf(parent->payload) == domain::DocumentStatus::kAuthorised) {
    return std::optional<Verdict>(BlockOn(*paid));
  }
  if (parent->synced_version == parent->version) {
    context.paid_document_status = StatusOf(parent->payload);
  }
  return std::optional<Verdict>();
}

template <typename T>
constexpr bool kHasContact =
    std::is_same_v<T, domain::Invoice> || std::is_same_v<T, domain::CreditNote> ||
    std::is_same_v<T, domain::BankTransaction>;

// Auto-create (a setting): the contact document made for `name`, linked or on its way.
template <typename T>
Result<Verdict> AutoCreateContact(store::Store& store, const Document& document, T& value,
                                  const PreflightData& data, const rules::Context& context,
                                  const std::string& name, TimePoint now) {
  const DocumentKey key{DocumentKind::kContact, AutoContactHostId(name)};
  ASSIGN_OR_RETURN(const std::optional<Document> contact,
                   store.FindDocument(document.organisation, key));
  if (contact && contact->xero_id) {
    value.contact.id = domain::ContactId(*contact->xero_id);
    if (std::optional<rules::Finding> finding = Check(value, data, context)) {
      return Refuse(document, *finding);
    }
    return Send();
  }
  if (contact) return BlockOn(key);
  Json payload = Json::MakeObject();
  payload.Set("Name", Json::String(name));
  store::IncomingDocument incoming;
  incoming.kind = DocumentKind::kContact;
  incoming.host_id = key.host_id;
  incoming.payload = payload.Serialize();
  RETURN_IF_ERROR(store.Accept(document.organisation, std::span(&incoming, 1), now).status());
  return BlockOn(key, /*queued_contact=*/true);
}

}  // namespace

Result<rules::Mappings> LoadMappings(store::Store& store, const domain::TenantId& tenant) {
  ASSIGN_OR_RETURN(const std::vector<store::Mapping> rows, store.ListMappings(tenant));
  rules::Mappings mappings;
  for (const store::Mapping& row : rows) (void)mappings.Set(row.kind, row.from, row.to);
  return mappings;
}

Result<PreflightData> LoadPreflight(store::Store& store, const domain::TenantId& tenant) {
  ASSIGN_OR_RETURN(rules::Settings settings, CachedSettingsOf(store, tenant));
  ASSIGN_OR_RETURN(rules::Mappings mappings, LoadMappings(store, tenant));
  return PreflightData{rules::Reference::Build(std::move(settings)), std::move(mappings)};
}

namespace {

Status CheckAccount(const rules::Reference& reference, std::string_view to, bool for_payments) {
  if (!reference.knows_accounts()) return OkStatus();
  const domain::Account* account = reference.AccountByCode(to);
  if (account == nullptr) {
    return InvalidArgumentError("the organisation has no account with the code '" +
                                std::string(to) + "'");
  }
  if (account->status && *account->status != domain::AccountStatus::kActive) {
    return InvalidArgumentError("account " + std::string(to) + " is archived in Xero");
  }
  if (for_payments && !account->AcceptsPayments()) {
    return InvalidArgumentError("account " + std::string(to) +
                                " is not a bank account and does not allow payments");
  }
  if (!for_payments && account->type == domain::AccountType::kBank) {
    return InvalidArgumentError("account " + std::string(to) +
                                " is a bank account: document lines cannot use it");
  }
  return OkStatus();
}

Status CheckTaxRate(const rules::Reference& reference, std::string_view to) {
  if (!reference.knows_tax_rates()) return OkStatus();
  const domain::TaxRate* rate = reference.TaxRateByType(to);
  if (rate == nullptr) {
    return InvalidArgumentError("the organisation has no tax rate '" + std::string(to) + "'");
  }
  if (rate->status && *rate->status != domain::TaxRateStatus::kActive) {
    return InvalidArgumentError("tax rate " + std::string(to) + " is not active in Xero");
  }
  return OkStatus();
}

}  // namespace

Status CheckMappingTarget(const rules::Reference& reference, std::string_view kind,
                          std::string_view from, std::string_view to) {
  if (to.empty()) return OkStatus();
  if (kind == "account") return CheckAccount(reference, to, false);
  if (kind == "tax_rate") return CheckTaxRate(reference, to);
  if (kind == "currency") {
    if (reference.knows_currencies() && !reference.CurrencyEnabled(to)) {
      return InvalidArgumentError("the organisation does not use the currency '" + std::string(to) +
                                  "' (add it in Xero first)");
    }
    return OkStatus();
  }
  if (kind == "contact") {
    if (reference.knows_contacts() && reference.ContactById(to) == nullptr) {
      return InvalidArgumentError("the organisation has no contact with the ContactID '" +
                                  std::string(to) + "'");
    }
    return OkStatus();
  }
  if (kind == "tracking") {
    const std::size_t slash = to.find('/');
    if (slash == std::string_view::npos) {
      return InvalidArgumentError("a tracking mapping's value is \"Category/Option\"");
    }
    if (!reference.knows_tracking()) return OkStatus();
    const domain::TrackingCategory* category =
        reference.TrackingCategoryByName(to.substr(0, slash));
    const std::string_view option = to.substr(slash + 1);
    const bool has_option =
        category != nullptr && std::ranges::any_of(category->options, [&](const auto& o) {
          return o.name && EqualsIgnoringCase(*o.name, option);
        });
    if (!has_option) {
      return InvalidArgumentError("the organisation has no tracking option '" + std::string(to) +
                                  "'");
    }
    return OkStatus();
  }
  if (kind == "default") {
    if (from == "payment_account") return CheckAccount(reference, to, true);
    if (from.ends_with("_account")) return CheckAccount(reference, to, false);
    if (from.ends_with("_tax_rate")) return CheckTaxRate(reference, to);
  }
  return OkStatus();
}

std::vector<store::ErrorReport> SettingsWarnings(const rules::Reference& reference) {
  std::vector<store::ErrorReport> warnings;
  const rules::CatalogueEntry* entry = rules::FindEntry("account.without_code");
  for (const domain::Account* account : reference.AccountsWithoutCode()) {
    const std::string named = account->name ? "'" + *account->name + "'" : account->id.value();
    const rules::TemplateValues values{{"value", named}};
    store::ErrorReport report;
    report.code = std::string(entry->code);
    report.message = rules::FormatMessage(*entry, values);
    report.fix = rules::FormatFix(*entry, values);
    warnings.push_back(std::move(report));
  }
  return warnings;
}

std::string AutoContactHostId(std::string_view name) { return "auto:" + AsciiLowered(name); }

store::ErrorReport PreflightReport(const Document& document, const rules::Finding& finding) {
  const rules::CatalogueEntry* entry = rules::FindEntry(finding.code);
  if (entry == nullptr) entry = rules::FindEntry("xero.validation");
  const rules::TemplateValues values{
      {"document", Describe(document)}, {"field", finding.field}, {"value", finding.value}};
  store::ErrorReport report;
  report.code = std::string(entry->code);
  report.message = rules::FormatMessage(*entry, values);
  report.fix = rules::FormatFix(*entry, values);
  return report;
}

template <typename T>
Result<Verdict> Preflight(store::Store& store, const Document& document, T& value,
                          const PreflightData& data, TimePoint now) {
  rules::Context context;
  if constexpr (std::is_same_v<T, domain::Invoice> || std::is_same_v<T, domain::CreditNote>) {
    // An update of a record with a payment or allocation against it in Xero: Xero refuses the
    // edit (ERRORS.md, "document cannot be edited in Xero").
    if (document.xero_id && document.operation == store::Operation::kUpsert) {
      ASSIGN_OR_RETURN(context.settled_in_xero,
                       store.HasSyncedChildren(document.organisation,
                                               DocumentKey{document.kind, document.host_id}));
    }
  }
  if constexpr (std::is_same_v<T, domain::Payment>) {
    ASSIGN_OR_RETURN(std::optional<Verdict> wait, PaymentContext(store, document, context));
    if (wait) return std::move(*wait);
  }
  if constexpr (std::is_same_v<T, domain::Contact>) {
    const bool had_id = !value.id.value().empty();
    if (std::optional<rules::Finding> finding = Check(value, data, context)) {
      return Refuse(document, *finding);
    }
    // A new contact that is an existing Xero contact: linked, never duplicated.
    if (!had_id && !document.xero_id && !value.id.value().empty()) {
      Verdict verdict;
      verdict.kind = Verdict::Kind::kLink;
      verdict.xero_id = value.id.value();
      return verdict;
    }
    return Send();
  } else {
    std::string shifted;  // what the lock-date policy "shift" moved, if anything
    context.shifted = &shifted;
    std::optional<rules::Finding> finding = Check(value, data, context);
    Verdict verdict = Send();
    if (finding) {
      bool create = false;
      if constexpr (kHasContact<T>) {
        create = finding->code == "contact.missing" && data.mappings.auto_create_contacts() &&
                 !finding->value.empty();
      }
      if (!create) return Refuse(document, *finding);
      if constexpr (kHasContact<T>) {
        ASSIGN_OR_RETURN(
            verdict, AutoCreateContact(store, document, value, data, context, finding->value, now));
      }
    }
    if (verdict.kind == Verdict::Kind::kSend && !shifted.empty()) {
      // The document's log says it was moved: the host's payload keeps its own date.
      store::AuditEntry entry;
      entry.at = now;
      entry.actor = "system";
      entry.action = "document.date_shifted";
      entry.subject = std::string(store::DocumentKindName(document.kind)) + ":" + document.host_id;
      entry.detail = Describe(document) + " " + shifted + " (lock-date policy \"shift\")";
      entry.organisation = document.organisation;
      RETURN_IF_ERROR(store.AppendAudit(entry));
    }
    return verdict;
  }
}

template Result<Verdict> Preflight(store::Store&, const Document&, domain::Contact&,
                                   const PreflightData&, TimePoint);
template Result<Verdict> Preflight(store::Store&, const Document&, domain::Invoice&,
                                   const PreflightData&, TimePoint);
template Result<Verdict> Preflight(store::Store&, const Document&, domain::CreditNote&,
                                   const PreflightData&, TimePoint);
template Result<Verdict> Preflight(store::Store&, const Document&, domain::Payment&,
                                   const PreflightData&, TimePoint);
template Result<Verdict> Preflight(store::Store&, const Document&, domain::Allocation&,
                                   const PreflightData&, TimePoint);
template Result<Verdict> Preflight(store::Store&, const Document&, domain::BankTransaction&,
                                   const PreflightData&, TimePoint);

}  // namespace xerosync::sync
