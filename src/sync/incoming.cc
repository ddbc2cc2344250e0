#include "sync/incoming.h"

#include <optional>
#include <string_view>
#include <utility>

#include "domain/bank_transaction.h"
#include "domain/contact.h"
#include "domain/documents.h"
#include "sync/materialize.h"

namespace xerosync::sync {
namespace {

using store::DocumentKind;
using store::IncomingDocument;

Status FieldError(std::string* field, const std::string& path, const std::string& problem) {
  if (field != nullptr) *field = path;
  return InvalidArgumentError("field \"" + path + "\": " + problem);
}

// Control characters (NUL included) have no place in a key: they break logs and terminals.
bool HasControl(std::string_view text) {
  for (const char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return true;
  }
  return false;
}

Result<std::string> Text(const Json& object, const std::string& prefix, const char* name,
                         bool required, std::string* field) {
  const std::string path = prefix + name;
  const Json* value = object.Find(name);
  if (value == nullptr || value->is_null()) {
    if (required) return FieldError(field, path, "missing");
    return std::string();
  }
  if (!value->is_string() || (required && value->AsString().empty())) {
    return FieldError(field, path, "must be a non-empty string");
  }
  return value->AsString();
}

Result<std::string> HostId(const Json& object, const std::string& prefix, std::string* field) {
  ASSIGN_OR_RETURN(std::string host_id, Text(object, prefix, "host_id", true, field));
  if (host_id.size() > kMaxHostIdLength) {
    return FieldError(field, prefix + "host_id",
                      "longer than " + std::to_string(kMaxHostIdLength) + " characters");
  }
  if (HasControl(host_id)) {
    return FieldError(field, prefix + "host_id", "must not contain control characters");
  }
  return host_id;
}

Result<DocumentKind> Kind(const std::string& name, const std::string& path, std::string* field) {
  std::optional<DocumentKind> kind = store::ParseDocumentKind(name);
  if (!kind) {
    return FieldError(field, path,
                      "'" + name +
                          "' is not a kind (contact, invoice, bill, credit_note, payment, "
                          "allocation, expense)");
  }
  return *kind;
}

// The first field a Validate() or decode message names: "invoice INV-1: Date is required; ..."
// gives "Date". Empty when the message does not start with a field path.
std::string FirstField(std::string_view message) {
  if (const std::size_t colon = message.find(": "); colon != std::string_view::npos) {
    message.remove_prefix(colon + 2);
  }
  std::size_t end = 0;
  while (end < message.size() && message[end] != ' ' && message[end] != ':' &&
         message[end] != ';') {
    ++end;
  }
  const std::string_view word = message.substr(0, end);
  if (word.empty() || word.front() < 'A' || word.front() > 'Z') return std::string();
  for (const char c : word) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '[' || c == ']' || c == '_';
    if (!ok) return std::string();
  }
  return std::string(word);
}

Status Validated(const domain::Contact& contact) { return contact.ValidateForCreate(); }
template <typename T>
Status Validated(const T& value) {
  return value.Validate();
}

template <typename T>
Status Check(const store::Document& document, const ParentIds& parents, std::string* field) {
  Result<T> value = Materialize<T>(document, parents);
  Status status = value.ok() ? Validated(*value) : value.status();
  if (status.ok()) return status;
  if (field != nullptr) {
    const std::string first = FirstField(status.message());
    *field = first.empty() ? "payload" : "payload." + first;
  }
  return InvalidArgumentError(std::string(status.message()));
}

}  // namespace

Result<IncomingDocument> ReadIncomingDocument(const Json& element, std::string* field) {
  if (!element.is_object()) {
    if (field != nullptr) field->clear();
    return InvalidArgumentError("a document must be an object");
  }
  IncomingDocument document;
  ASSIGN_OR_RETURN(std::string kind_name, Text(element, "", "kind", true, field));
  ASSIGN_OR_RETURN(document.kind, Kind(kind_name, "kind", field));
  ASSIGN_OR_RETURN(document.host_id, HostId(element, "", field));
  ASSIGN_OR_RETURN(std::string operation, Text(element, "", "operation", false, field));
  if (!operation.empty()) {
    std::optional<store::Operation> op = store::ParseOperation(operation);
    if (!op) {
      return FieldError(field, "operation", "'" + operation + "' is not upsert, void or delete");
    }
    document.operation = *op;
  }
  const Json* payload = element.Find("payload");
  if (payload == nullptr || !payload->is_object()) {
    return FieldError(field, "payload", "must be an object (one Xero JSON element)");
  }
  document.payload = payload->Serialize();
  if (const Json* parents = element.Find("parents"); parents != nullptr && !parents->is_null()) {
    if (!parents->is_array()) return FieldError(field, "parents", "must be an array");
    const Json::Array& list = parents->AsArray();
    for (std::size_t i = 0; i < list.size(); ++i) {
      const Json& p = list[i];
      const std::string prefix = "parents[" + std::to_string(i) + "].";
      if (!p.is_object()) {
        return FieldError(field, "parents[" + std::to_string(i) + "]", "must be an object");
      }
      store::ParentRef parent;
      ASSIGN_OR_RETURN(std::string parent_kind, Text(p, prefix, "kind", true, field));
      ASSIGN_OR_RETURN(parent.key.kind, Kind(parent_kind, prefix + "kind", field));
      ASSIGN_OR_RETURN(parent.key.host_id, HostId(p, prefix, field));
      ASSIGN_OR_RETURN(parent.role, Text(p, prefix, "role", true, field));
      if (parent.key.kind == document.kind && parent.key.host_id == document.host_id) {
        return FieldError(field, prefix + "host_id", "a document cannot be its own parent");
      }
      document.parents.push_back(std::move(parent));
    }
  }
  return document;
}

Status CheckIncomingPayload(const IncomingDocument& incoming, std::string* field) {
  // Checked as an upsert: a void or a delete of it carries the same payload, and the operation's
  // own limits (an allocation cannot be voided) are the engine's to report.
  store::Document document;
  document.kind = incoming.kind;
  document.host_id = incoming.host_id;
  document.payload = incoming.payload;
  document.parents = incoming.parents;
  ParentIds parents;
  for (const store::ParentRef& parent : incoming.parents) {
    parents[parent.key] = "00000000-0000-0000-0000-000000000000";
  }
  switch (incoming.kind) {
    case DocumentKind::kContact:
      return Check<domain::Contact>(document, parents, field);
    case DocumentKind::kInvoice:
    case DocumentKind::kBill:
      return Check<domain::Invoice>(document, parents, field);
    case DocumentKind::kCreditNote:
      return Check<domain::CreditNote>(document, parents, field);
    case DocumentKind::kPayment:
      return Check<domain::Payment>(document, parents, field);
    case DocumentKind::kAllocation:
      return Check<domain::Allocation>(document, parents, field);
    case DocumentKind::kExpense:
      return Check<domain::BankTransaction>(document, parents, field);
  }
  return InvalidArgumentError("unknown kind");
}

}  // namespace xerosync::sync
