#pragma once
// Writing many documents to Xero in batches (FACTS.md §2 request size, §3.2 PUT vs POST, §3.3
// summarizeErrors, §8.1): split a list into requests of at most 50 documents and under 3.5 MB of
// body, always `summarizeErrors=false` (a summarised 400 loses the ids of the elements that were
// written), and map each element of Xero's answer back to the document that was sent.
//
//   BatchPlan plan = PlanBatches<domain::Invoice>(invoices);          // pure
//   ASSIGN_OR_RETURN(HttpRequest r, BuildBatchRequest<domain::Invoice>(caller, WriteMethod::kPut,
//                                                                       plan.batches[0], key));
//   ... send r ...
//   ASSIGN_OR_RETURN(auto results, MapBatchResponse<domain::Invoice>(invoices, plan.batches[0],
//                                                                     response.body));  // pure
// or all of it through a Transport:
//   std::vector<DocumentResult<domain::Invoice>> r =
//       WriteDocuments<domain::Invoice>(transport, caller, WriteMethod::kPut, invoices, key_for);
//
// Xero answers the elements of a summarizeErrors=false request in the order they were sent, one
// each; the mapping relies on that and checks it: a different count, or an element that visibly
// belongs to another document (another InvoiceNumber, ContactID, ...), is an error for the whole
// batch — never a silent misattribution.
//
// Supported documents: domain::Contact, Invoice (sales invoices and bills), CreditNote, Payment
// (PUT only: POST /Payments takes one bare payment), BankTransaction; and Allocation through
// SendAllocations (their path names the credit note).
//
// Thread safety: functions of values; WriteDocuments may run concurrently if the Transport allows.

#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/status.h"
#include "xero/requests.h"
#include "xero/transport.h"
#include "xero/wire.h"

namespace xerosync::xero {

enum class WriteMethod {
  kPut,   // creates (FACTS.md §3.2)
  kPost,  // creates, or updates the documents that carry their Xero id
};

struct BatchLimits {
  std::size_t max_documents = 50;  // Xero's recommended ceiling
  // Xero refuses a POST over 3.5 MB; the body (not headers) must stay under this, counted in
  // bytes as sent.
  std::size_t max_body_bytes = 3'500'000;
};

// One request's worth of documents: `count` documents from index `first` of the caller's list, and
// the request body that carries them ({"Invoices":[...]}).
struct Batch {
  std::size_t first = 0;
  std::size_t count = 0;
  std::string body;
};

// A document that no request can carry.
struct RefusedDocument {
  std::size_t index = 0;  // in the caller's list
  Status status;          // kInvalidArgument naming the document and its size
};

struct BatchPlan {
  std::vector<Batch> batches;            // in order; each a contiguous run of the caller's list
  std::vector<RefusedDocument> refused;  // documents whose own body is over the limit
};

// Splits `documents` into batches within `limits`, measuring the encoded size of each document. A
// document that alone is over the size limit is refused and left out; the batches around it go on.
template <typename T>
BatchPlan PlanBatches(std::span<const T> documents, const BatchLimits& limits = {});

// The request for `batch`: PUT or POST /<Plural>?summarizeErrors=false with its body and the
// caller's Idempotency-Key (one per request; CheckIdempotencyKey's rules; none when empty).
// kInvalidArgument for POST of payments, or a bad key.
template <typename T>
Result<HttpRequest> BuildBatchRequest(const ApiCaller& caller, WriteMethod method,
                                      const Batch& batch, std::string_view idempotency_key);

enum class DocumentOutcome {
  kWritten,    // Xero created or updated it: `record` is Xero's, with its ids
  kRejected,   // Xero refused it: `errors` say why (with their paths); nothing was written
  kNotSent,    // never reached Xero (refused here, or the transport did not send): safe to send
  kAmbiguous,  // it may have been written (no answer, a 5xx, an answer that cannot be mapped):
               // look it up (reads.h) before sending it again
  kFailed,     // the request was answered with a 4xx error as a whole: not written
};

template <typename T>
struct DocumentResult {
  std::size_t index = 0;  // in the caller's list
  DocumentOutcome outcome = DocumentOutcome::kNotSent;
  std::optional<T> record;                // kWritten; kRejected: Xero's echo of the document
  std::vector<ValidationMessage> errors;  // kRejected: every message, with its path
  std::vector<std::string> warnings;      // any level, on any outcome that has an answer
  Status status;                          // kNotSent, kAmbiguous, kFailed: why
  std::optional<int> http_status;         // the request's HTTP status, when it was answered
  // For support (the diagnostics bundle): the Xero-Correlation-Id of Xero's answer, when it had
  // one, and the URL the request went to ("" when none was built).
  std::optional<std::string> correlation_id;
  std::string url;
};

// Maps the body of the 200 answer to `batch` (sent with summarizeErrors=false) back to the
// documents of `documents` (the caller's whole list) that it carried, one result each, in order.
// kDataLoss when the answer cannot be attributed: not Xero's JSON, no <Plural> array, a count that
// differs from the batch's, an element whose identifying fields contradict the document at its
// position, or an OK element without its Xero id. The batch's documents are then of unknown fate.
template <typename T>
Result<std::vector<DocumentResult<T>>> MapBatchResponse(std::span<const T> documents,
                                                        const Batch& batch, std::string_view body);

// Sends one planned `batch` of `documents` (the caller's whole list) with `idempotency_key` and
// maps the answer: one result per document of the batch, in order. A transport error, a non-200
// answer or an answer that cannot be attributed gives every document of the batch the same
// outcome (kNotSent, kAmbiguous or kFailed) with the reason.
template <typename T>
std::vector<DocumentResult<T>> SendBatch(Transport& transport, const ApiCaller& caller,
                                         WriteMethod method, std::span<const T> documents,
                                         const Batch& batch, std::string_view idempotency_key);

// The allocations of one credit note (FACTS.md §3.2): `batch` (planned by
// PlanBatches<domain::Allocation>) as PUT /CreditNotes/{credit_note_id}/Allocations with
// summarizeErrors=false, mapped back as SendBatch does.
std::vector<DocumentResult<domain::Allocation>> SendAllocations(
    Transport& transport, const ApiCaller& caller, std::string_view credit_note_id,
    std::span<const domain::Allocation> allocations, const Batch& batch,
    std::string_view idempotency_key);

// The Idempotency-Key to send with `batch`; the same batch retried must get the same key.
using IdempotencyKeyFor = std::function<std::string(const Batch& batch)>;

// Plans, sends and maps: one result per document of `documents`, in order. Batches are sent one
// after another; a batch that fails does not stop the next. `key_for` may be empty (no keys).
template <typename T>
std::vector<DocumentResult<T>> WriteDocuments(Transport& transport, const ApiCaller& caller,
                                              WriteMethod method, std::span<const T> documents,
                                              const IdempotencyKeyFor& key_for = {},
                                              const BatchLimits& limits = {});

}  // namespace xerosync::xero
