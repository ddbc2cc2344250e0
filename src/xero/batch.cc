#include "xero/batch.h"

#include <algorithm>
#include <cctype>
#include <utility>
#include <variant>

#include "xero/codecs.h"

namespace xerosync::xero {
namespace {

using domain::Allocation;
using domain::BankTransaction;
using domain::Contact;
using domain::CreditNote;
using domain::Invoice;
using domain::Payment;

// ---- what identifies a document in Xero's answer ----

std::string_view Trimmed(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())) != 0) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())) != 0) s.remove_suffix(1);
  return s;
}

// Text Xero echoes may differ in case and surrounding spaces only.
bool SameText(const std::optional<std::string>& a, const std::optional<std::string>& b) {
  if (!a || !b) return true;
  return std::ranges::equal(Trimmed(*a), Trimmed(*b), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

template <typename Id>
bool SameId(const Id& sent, const Id& answered) {
  return sent.empty() || answered.empty() || SameText(sent.value(), answered.value());
}

template <typename E>
bool SameValue(const std::optional<E>& a, const std::optional<E>& b) {
  return !a || !b || *a == *b;
}

// "" when `answered` may be Xero's answer for `sent`; else the first field that contradicts it.
std::string Contradiction(const Contact& sent, const Contact& answered) {
  if (!SameId(sent.id, answered.id)) return "ContactID";
  if (!SameText(sent.name, answered.name)) return "Name";
  if (!SameText(sent.contact_number, answered.contact_number)) return "ContactNumber";
  return "";
}
std::string Contradiction(const Invoice& sent, const Invoice& answered) {
  if (!SameId(sent.id, answered.id)) return "InvoiceID";
  if (!SameValue(sent.type, answered.type)) return "Type";
  if (!SameText(sent.number, answered.number)) return "InvoiceNumber";
  return "";
}
std::string Contradiction(const CreditNote& sent, const CreditNote& answered) {
  if (!SameId(sent.id, answered.id)) return "CreditNoteID";
  if (!SameValue(sent.type, answered.type)) return "Type";
  if (!SameText(sent.number, answered.number)) return "CreditNoteNumber";
  return "";
}
std::string Contradiction(const Payment& sent, const Payment& answered) {
  if (!SameId(sent.id, answered.id)) return "PaymentID";
  if (!SameValue(sent.amount, answered.amount)) return "Amount";
  return "";
}
std::string Contradiction(const Allocation& sent, const Allocation& answered) {
  if (!SameId(sent.id, answered.id)) return "AllocationID";
  if (!SameValue(sent.amount, answered.amount)) return "Amount";
  if (sent.invoice && answered.invoice && !SameId(sent.invoice->id, answered.invoice->id)) {
    return "Invoice";
  }
  return "";
}
std::string Contradiction(const BankTransaction& sent, const BankTransaction& answered) {
  if (!SameId(sent.id, answered.id)) return "BankTransactionID";
  if (!SameValue(sent.type, answered.type)) return "Type";
  if (!SameText(sent.reference, answered.reference)) return "Reference";
  return "";
}

template <typename T>
bool HasXeroId(const T& record) {
  return !record.id.empty();
}

std::string Describe(const Payment& payment) {
  if (!payment.id.empty()) return "payment " + payment.id.value();
  return "payment";
}
std::string Describe(const Allocation& allocation) {
  if (!allocation.id.empty()) return "allocation " + allocation.id.value();
  return "allocation";
}
template <typename T>
std::string Describe(const T& document) {
  return document.Describe();
}

template <typename T>
std::string Plural() {
  return std::string(Codec<T>::kPlural);
}

// The JSON of one document as it goes into a request body, in `out` (reused across documents).
template <typename T>
void EncodeOne(const T& document, std::string& out) {
  out.clear();
  EncodeObject(document, EncodeMode::kRequest).AppendTo(out);
}

}  // namespace

template <typename T>
BatchPlan PlanBatches(std::span<const T> documents, const BatchLimits& limits) {
  const std::string head = "{\"" + Plural<T>() + "\":[";
  const std::string tail = "]}";
  BatchPlan plan;
  Batch current;
  const auto close = [&] {
    if (current.count > 0) {
      current.body += tail;
      plan.batches.push_back(std::move(current));
    }
    current = Batch{};
  };
  std::string json;
  for (std::size_t i = 0; i < documents.size(); ++i) {
    EncodeOne(documents[i], json);
    if (head.size() + json.size() + tail.size() > limits.max_body_bytes) {
      close();
      plan.refused.push_back(
          {i, InvalidArgumentError(Describe(documents[i]) + " encodes to " +
                                   std::to_string(json.size()) + " bytes: over the limit of " +
                                   std::to_string(limits.max_body_bytes) +
                                   " bytes of one request to Xero")});
      continue;
    }
    if (current.count > 0 &&
        (current.count >= limits.max_documents ||
         current.body.size() + 1 + json.size() + tail.size() > limits.max_body_bytes)) {
      close();
    }
    if (current.count == 0) {
      current.first = i;
      current.body = head;
    } else {
      current.body += ',';
    }
    current.body += json;
    ++current.count;
  }
  close();
  return plan;
}

template <typename T>
Result<HttpRequest> BuildBatchRequest(const ApiCaller& caller, WriteMethod method,
                                      const Batch& batch, std::string_view idempotency_key) {
  if constexpr (std::is_same_v<T, Payment>) {
    if (method == WriteMethod::kPost) {
      return InvalidArgumentError(
          "payments are created with PUT /Payments; POST /Payments takes one bare payment and "
          "cannot report per element");
    }
  }
  return BuildWrite(caller, method == WriteMethod::kPut ? "PUT" : "POST", "/" + Plural<T>(),
                    {{"summarizeErrors", "false"}}, batch.body, idempotency_key);
}

template <typename T>
Result<std::vector<DocumentResult<T>>> MapBatchResponse(std::span<const T> documents,
                                                        const Batch& batch, std::string_view body) {
  if (batch.first + batch.count > documents.size()) {
    return InvalidArgumentError("the batch is not a part of the documents given");
  }
  Result<ListResponse<T>> answer = DecodeList<T>(body);
  if (!answer.ok()) {
    return DataLossError("Xero's answer to a batch of " + std::to_string(batch.count) + " " +
                         Plural<T>() + " cannot be read: " + answer.status().message());
  }
  if (answer->items.size() != batch.count) {
    return DataLossError("Xero answered " + std::to_string(answer->items.size()) + " " +
                         Plural<T>() + " for the " + std::to_string(batch.count) +
                         " sent: the answers cannot be matched to the documents");
  }
  std::vector<DocumentResult<T>> results;
  results.reserve(batch.count);
  for (std::size_t k = 0; k < batch.count; ++k) {
    const std::size_t index = batch.first + k;
    Element<T>& element = answer->items[k];
    const T& sent = documents[index];
    if (const std::string field = Contradiction(sent, element.value); !field.empty()) {
      return DataLossError("element " + std::to_string(k) + " of Xero's answer has another " +
                           field + " than " + Describe(sent) +
                           ", sent at that position: the answers cannot be matched");
    }
    DocumentResult<T> result;
    result.index = index;
    result.http_status = 200;
    result.warnings = std::move(element.warnings);
    if (element.failed()) {
      result.outcome = DocumentOutcome::kRejected;
      result.errors = std::move(element.errors);
      if (result.errors.empty()) {
        result.errors.push_back({"", "Xero marked the element ERROR without a message"});
      }
    } else {
      if (!HasXeroId(element.value)) {
        return DataLossError("element " + std::to_string(k) + " of Xero's answer (" +
                             Describe(sent) + ") is not an error but has no Xero id");
      }
      result.outcome = DocumentOutcome::kWritten;
    }
    result.record = std::move(element.value);
    results.push_back(std::move(result));
  }
  return results;
}

namespace {

// SendBuilt's exchange: the results of `request`, with the answer's correlation id.
template <typename T, typename FailAll>
std::vector<DocumentResult<T>> SendAndMap(Transport& transport, const HttpRequest& request,
                                          std::span<const T> documents, const Batch& batch,
                                          const FailAll& fail_all) {
  TransportResult sent = transport.Send(request);
  if (const auto* error = std::get_if<TransportError>(&sent)) {
    return fail_all(error->failure == TransportFailure::kNotSent ? DocumentOutcome::kNotSent
                                                                 : DocumentOutcome::kAmbiguous,
                    Status(error->code, error->message), std::nullopt);
  }
  const HttpResponse& response = std::get<HttpResponse>(sent);
  std::vector<DocumentResult<T>> results;
  if (response.status != 200) {
    results =
        fail_all(response.status >= 500 ? DocumentOutcome::kAmbiguous : DocumentOutcome::kFailed,
                 StatusOfAnswer(response), response.status);
  } else if (Result<std::vector<DocumentResult<T>>> mapped =
                 MapBatchResponse(documents, batch, response.body);
             mapped.ok()) {
    results = std::move(*mapped);
  } else {
    results = fail_all(DocumentOutcome::kAmbiguous, mapped.status(), response.status);
  }
  if (const auto id = response.Header("Xero-Correlation-Id")) {
    for (DocumentResult<T>& r : results) r.correlation_id = std::string(*id);
  }
  return results;
}

// Sends `request` (built for `batch`) and maps its answer: SendBatch and SendAllocations.
template <typename T>
std::vector<DocumentResult<T>> SendBuilt(Transport& transport, Result<HttpRequest> request,
                                         std::span<const T> documents, const Batch& batch) {
  const auto fail_all = [&](DocumentOutcome outcome, const Status& status,
                            std::optional<int> http_status) {
    std::vector<DocumentResult<T>> results(batch.count);
    for (std::size_t k = 0; k < batch.count; ++k) {
      DocumentResult<T>& r = results[k];
      r.index = batch.first + k;
      r.outcome = outcome;
      r.status = status;
      r.http_status = http_status;
    }
    return results;
  };
  if (!request.ok()) return fail_all(DocumentOutcome::kNotSent, request.status(), std::nullopt);
  std::vector<DocumentResult<T>> results =
      SendAndMap(transport, *request, documents, batch, fail_all);
  for (DocumentResult<T>& r : results) r.url = request->url;
  return results;
}

}  // namespace

template <typename T>
std::vector<DocumentResult<T>> SendBatch(Transport& transport, const ApiCaller& caller,
                                         WriteMethod method, std::span<const T> documents,
                                         const Batch& batch, std::string_view idempotency_key) {
  return SendBuilt(transport, BuildBatchRequest<T>(caller, method, batch, idempotency_key),
                   documents, batch);
}

std::vector<DocumentResult<Allocation>> SendAllocations(
    Transport& transport, const ApiCaller& caller, std::string_view credit_note_id,
    std::span<const Allocation> allocations, const Batch& batch, std::string_view idempotency_key) {
  Result<HttpRequest> request =
      credit_note_id.empty()
          ? Result<HttpRequest>(InvalidArgumentError("allocations need their credit note's id"))
          : BuildWrite(caller, "PUT",
                       "/CreditNotes/" + PercentEncode(credit_note_id) + "/Allocations",
                       {{"summarizeErrors", "false"}}, batch.body, idempotency_key);
  return SendBuilt(transport, std::move(request), allocations, batch);
}

template <typename T>
std::vector<DocumentResult<T>> WriteDocuments(Transport& transport, const ApiCaller& caller,
                                              WriteMethod method, std::span<const T> documents,
                                              const IdempotencyKeyFor& key_for,
                                              const BatchLimits& limits) {
  std::vector<DocumentResult<T>> results(documents.size());
  for (std::size_t i = 0; i < results.size(); ++i) results[i].index = i;
  BatchPlan plan = PlanBatches(documents, limits);
  for (RefusedDocument& refusal : plan.refused) {
    results[refusal.index].outcome = DocumentOutcome::kNotSent;
    results[refusal.index].status = std::move(refusal.status);
  }
  for (const Batch& batch : plan.batches) {
    for (DocumentResult<T>& r : SendBatch(transport, caller, method, documents, batch,
                                          key_for ? key_for(batch) : std::string())) {
      results[r.index] = std::move(r);
    }
  }
  return results;
}

#define XEROSYNC_INSTANTIATE_BATCH(T)                                                             \
  template BatchPlan PlanBatches<T>(std::span<const T>, const BatchLimits&);                      \
  template Result<HttpRequest> BuildBatchRequest<T>(const ApiCaller&, WriteMethod, const Batch&,  \
                                                    std::string_view);                            \
  template Result<std::vector<DocumentResult<T>>> MapBatchResponse<T>(                            \
      std::span<const T>, const Batch&, std::string_view);                                        \
  template std::vector<DocumentResult<T>> SendBatch<T>(Transport&, const ApiCaller&, WriteMethod, \
                                                       std::span<const T>, const Batch&,          \
                                                       std::string_view);                         \
  template std::vector<DocumentResult<T>> WriteDocuments<T>(                                      \
      Transport&, const ApiCaller&, WriteMethod, std::span<const T>, const IdempotencyKeyFor&,    \
      const BatchLimits&);

template BatchPlan PlanBatches<Allocation>(std::span<const Allocation>, const BatchLimits&);
template Result<std::vector<DocumentResult<Allocation>>> MapBatchResponse<Allocation>(
    std::span<const Allocation>, const Batch&, std::string_view);

XEROSYNC_INSTANTIATE_BATCH(Contact)
XEROSYNC_INSTANTIATE_BATCH(Invoice)
XEROSYNC_INSTANTIATE_BATCH(CreditNote)
XEROSYNC_INSTANTIATE_BATCH(Payment)
XEROSYNC_INSTANTIATE_BATCH(BankTransaction)

#undef XEROSYNC_INSTANTIATE_BATCH

}  // namespace xerosync::xero
