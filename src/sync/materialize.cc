#include "sync/materialize.h"

#include <string_view>

#include "core/json.h"
#include "xero/wire.h"

namespace xerosync::sync {
namespace {

using store::Document;
using store::Operation;

Status NotLinked(const store::ParentRef& parent) {
  return NotFoundError(std::string(store::DocumentKindName(parent.key.kind)) + " " +
                       parent.key.host_id + " is not in Xero yet");
}

Status Unsupported(const Document& document) {
  return UnimplementedError("a " + std::string(store::DocumentKindName(document.kind)) +
                            " cannot be sent with operation " +
                            std::string(store::OperationName(document.operation)));
}

// Fills each parent's Xero id into `value` by role; kInvalidArgument for a role the kind does not
// have.
template <typename T>
Status FillParents(const Document& document, const ParentIds& ids, T& value) {
  for (const store::ParentRef& parent : document.parents) {
    const auto found = ids.find(parent.key);
    if (found == ids.end()) return NotLinked(parent);
    const std::string& id = found->second;
    if constexpr (std::is_same_v<T, domain::Invoice> || std::is_same_v<T, domain::CreditNote> ||
                  std::is_same_v<T, domain::BankTransaction>) {
      if (parent.role == "contact") {
        value.contact.id = domain::ContactId(id);
        continue;
      }
    }
    if constexpr (std::is_same_v<T, domain::Allocation>) {
      if (parent.role == "invoice") {
        value.invoice.emplace().id = domain::InvoiceId(id);
        continue;
      }
      if (parent.role == "credit_note") {
        value.credit_note.emplace().id = domain::CreditNoteId(id);
        continue;
      }
    }
    if constexpr (std::is_same_v<T, domain::Payment>) {
      if (parent.role == "invoice") {
        value.invoice.emplace().id = domain::InvoiceId(id);
        value.invoice_number.reset();
        continue;
      }
      if (parent.role == "credit_note") {
        value.credit_note.emplace().id = domain::CreditNoteId(id);
        value.credit_note_number.reset();
        continue;
      }
    }
    return InvalidArgumentError("a " + std::string(store::DocumentKindName(document.kind)) +
                                " has no parent role \"" + parent.role + "\"");
  }
  return OkStatus();
}

// The own id and the status of a void or a delete.
Status ApplyOperation(const Document& document, domain::Contact& contact) {
  if (document.xero_id) contact.id = domain::ContactId(*document.xero_id);
  switch (document.operation) {
    case Operation::kUpsert:
      return OkStatus();
    case Operation::kDelete:  // Xero never deletes a contact: it archives it
      contact.status = domain::ContactStatus::kArchived;
      return OkStatus();
    case Operation::kVoid:
      break;
  }
  return Unsupported(document);
}

template <typename T>
Status ApplyDocumentStatus(const Document& document, T& value) {
  switch (document.operation) {
    case Operation::kUpsert:
      return OkStatus();
    case Operation::kVoid:
      value.status = domain::DocumentStatus::kVoided;
      return OkStatus();
    case Operation::kDelete:
      value.status = domain::DocumentStatus::kDeleted;
      return OkStatus();
  }
  return Unsupported(document);
}

Status ApplyOperation(const Document& document, domain::Invoice& invoice) {
  if (document.xero_id) invoice.id = domain::InvoiceId(*document.xero_id);
  return ApplyDocumentStatus(document, invoice);
}

Status ApplyOperation(const Document& document, domain::CreditNote& note) {
  if (document.xero_id) note.id = domain::CreditNoteId(*document.xero_id);
  return ApplyDocumentStatus(document, note);
}

Status ApplyOperation(const Document& document, domain::Payment& payment) {
  if (document.xero_id) payment.id = domain::PaymentId(*document.xero_id);
  switch (document.operation) {
    case Operation::kUpsert:
      return OkStatus();
    case Operation::kDelete:
    case Operation::kVoid:  // a payment is removed by deleting it
      payment.status = domain::PaymentStatus::kDeleted;
      return OkStatus();
  }
  return Unsupported(document);
}

Status ApplyOperation(const Document& document, domain::BankTransaction& transaction) {
  if (document.xero_id) transaction.id = domain::BankTransactionId(*document.xero_id);
  switch (document.operation) {
    case Operation::kUpsert:
      return OkStatus();
    case Operation::kVoid:
      transaction.status = domain::BankTransactionStatus::kVoided;
      return OkStatus();
    case Operation::kDelete:
      transaction.status = domain::BankTransactionStatus::kDeleted;
      return OkStatus();
  }
  return Unsupported(document);
}

// Xero creates allocations and deletes them; it never edits one.
Status ApplyOperation(const Document& document, domain::Allocation& /*allocation*/) {
  if (document.operation == Operation::kUpsert && !document.xero_id) return OkStatus();
  return UnimplementedError(
      "allocation " + document.host_id +
      " is already in Xero: an allocation cannot be changed there; removing one is not synced "
      "yet (remove it in Xero)");
}

}  // namespace

std::optional<store::DocumentKey> MissingParent(const Document& document, const ParentIds& ids) {
  for (const store::ParentRef& parent : document.parents) {
    if (!ids.contains(parent.key)) return parent.key;
  }
  return std::nullopt;
}

template <typename T>
Result<T> Materialize(const Document& document, const ParentIds& parent_ids) {
  Result<Json> json = Json::Parse(document.payload);
  if (!json.ok()) {
    return InvalidArgumentError("the payload of " +
                                std::string(store::DocumentKindName(document.kind)) + " " +
                                document.host_id + " is not JSON: " + json.status().message());
  }
  Result<xero::Element<T>> element = xero::DecodeElement<T>(*json);
  if (!element.ok()) {
    return InvalidArgumentError(
        "the payload of " + std::string(store::DocumentKindName(document.kind)) + " " +
        document.host_id + " cannot be read: " + element.status().message());
  }
  T value = std::move(element->value);
  RETURN_IF_ERROR(FillParents(document, parent_ids, value));
  RETURN_IF_ERROR(ApplyOperation(document, value));
  return value;
}

template Result<domain::Contact> Materialize<domain::Contact>(const Document&, const ParentIds&);
template Result<domain::Invoice> Materialize<domain::Invoice>(const Document&, const ParentIds&);
template Result<domain::CreditNote> Materialize<domain::CreditNote>(const Document&,
                                                                    const ParentIds&);
template Result<domain::Payment> Materialize<domain::Payment>(const Document&, const ParentIds&);
template Result<domain::Allocation> Materialize<domain::Allocation>(const Document&,
                                                                    const ParentIds&);
template Result<domain::BankTransaction> Materialize<domain::BankTransaction>(const Document&,
                                                                              const ParentIds&);

std::string XeroIdOf(const domain::Contact& record) { return record.id.value(); }
std::string XeroIdOf(const domain::Invoice& record) { return record.id.value(); }
std::string XeroIdOf(const domain::CreditNote& record) { return record.id.value(); }
std::string XeroIdOf(const domain::Payment& record) { return record.id.value(); }
std::string XeroIdOf(const domain::BankTransaction& record) { return record.id.value(); }
std::string XeroIdOf(const domain::Allocation& record) { return record.id.value(); }

}  // namespace xerosync::sync
