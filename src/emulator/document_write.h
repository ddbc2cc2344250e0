#pragma once
// What invoice and credit note writes share (FACTS.md §3.2, §5; docs/emulator.md): reading
// a document element's header and lines against the organisation, with Xero's rules for status
// moves, contacts, dates, lock dates, currencies, numbers and documents already settled. Each
// writer (invoice_write.cc, credit_note_write.cc) finds the record, calls ReadDocument, then stores
// the fields and keeps its own amounts (amount due, remaining credit).
//
// Thread safety: runs under the organisation's lock, as every element writer.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "emulator/accounting_write.h"
#include "emulator/contact_write.h"
#include "emulator/documents.h"

namespace xerosync::emulator {

// The differences between the document kinds.
struct DocumentKind {
  std::string_view id_member;            // "InvoiceID"
  std::string_view number_member;        // "InvoiceNumber"
  std::vector<std::string_view> types;   // {"ACCREC", "ACCPAY"}
  std::string_view numbered_type;        // "ACCREC": numbers unique and generated when missing
  std::string_view number_prefix;        // "INV-"
  std::string_view not_editable;         // "Invoice not of valid status for modification"
  std::string_view duplicate_number;     // "Invoice # must be unique."
  std::string_view void_blocked;         // the message when voiding a settled document
  bool reference_on_every_type = false;  // false: Reference kept on the numbered type only
  bool due_date_to_authorise = false;    // "Due date cannot be empty." when authorising
};

// A document's header and lines, as stored.
struct DocumentFields {
  std::string type;
  std::string contact_id;
  std::string number;
  std::string reference;
  std::string url;
  TimePoint date;
  std::optional<TimePoint> due_date;
  std::string status = "DRAFT";
  std::string line_amount_types = "Exclusive";
  std::string currency_code;
  Decimal currency_rate = Decimal::FromInt(1);
  bool sent_to_contact = false;
  std::vector<LineItem> line_items;
  DocumentTotals totals;
};

// What ReadDocument is told about the record being written.
struct DocumentTarget {
  const DocumentFields* existing = nullptr;  // the stored fields when updating; null to create
  bool settled = false;                      // payments or allocations (not deleted) settle it
  // The numbers of the other documents of the numbered type (uniqueness, next number).
  std::vector<std::string> numbers_in_use;
};

struct ReadDocumentResult {
  DocumentFields fields;
  ContactChoice contact;
};

// Reads `element` over the target's fields. On any problem adds Xero's messages to `echo` (the
// element's ValidationErrors) and returns nullopt; the state is not changed either way (a new
// contact is only chosen: CommitContactChoice once the document is stored).
std::optional<ReadDocumentResult> ReadDocument(const WriteContext& context, const Json& element,
                                               const DocumentKind& kind,
                                               const DocumentTarget& target, Json& echo);

}  // namespace xerosync::emulator
