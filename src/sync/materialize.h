#pragma once
// From a stored document to the domain value xerosync sends (docs/sync.md, "Words"): the payload
// (one Xero JSON element, as the host pushed it) decoded with the client's codecs, its parents'
// Xero ids filled in from their links, its own Xero id for an update, and the status a void or a
// delete asks for.
//
//   ASSIGN_OR_RETURN(domain::Invoice invoice,
//                    Materialize<domain::Invoice>(document, parent_ids));
//
// Errors: kInvalidArgument when the payload cannot be read as the document's kind (the host sent
// something wrong: a sync error for the document, never retried as it is); kNotFound naming the
// first parent without a Xero id (the document waits: blocked); kUnimplemented for an operation
// the kind does not support.
//
// Thread safety: pure functions.

#include <map>
#include <optional>
#include <string>

#include "core/result.h"
#include "domain/bank_transaction.h"
#include "domain/contact.h"
#include "domain/documents.h"
#include "store/records.h"

namespace xerosync::sync {

// The Xero ids of linked documents, by key (Store::XeroIds).
using ParentIds = std::map<store::DocumentKey, std::string>;

// The domain type each kind is sent as.
template <store::DocumentKind K>
struct KindType;
template <>
struct KindType<store::DocumentKind::kContact> {
  using type = domain::Contact;
};
template <>
struct KindType<store::DocumentKind::kInvoice> {
  using type = domain::Invoice;
};
template <>
struct KindType<store::DocumentKind::kBill> {
  using type = domain::Invoice;
};
template <>
struct KindType<store::DocumentKind::kCreditNote> {
  using type = domain::CreditNote;
};
template <>
struct KindType<store::DocumentKind::kPayment> {
  using type = domain::Payment;
};
template <>
struct KindType<store::DocumentKind::kAllocation> {
  using type = domain::Allocation;
};
template <>
struct KindType<store::DocumentKind::kExpense> {
  using type = domain::BankTransaction;
};

// The parent that blocks `document`: the first of its parents without a Xero id in `ids`.
std::optional<store::DocumentKey> MissingParent(const store::Document& document,
                                                const ParentIds& ids);

// The value to send for `document` (T must be its kind's type).
template <typename T>
Result<T> Materialize(const store::Document& document, const ParentIds& parent_ids);

// The Xero id of a record Xero returned (a written document's link).
std::string XeroIdOf(const domain::Contact& record);
std::string XeroIdOf(const domain::Invoice& record);
std::string XeroIdOf(const domain::CreditNote& record);
std::string XeroIdOf(const domain::Payment& record);
std::string XeroIdOf(const domain::BankTransaction& record);
std::string XeroIdOf(const domain::Allocation& record);

}  // namespace xerosync::sync
