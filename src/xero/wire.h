#pragma once
// Xero's wire format: request bodies, response envelopes, per-element results and error bodies.
// The front door of the codecs (codecs.h) for the rest of xerosync.
//
//   std::string body = EncodeRequest<domain::Invoice>(invoices);   // {"Invoices":[...]}
//   ASSIGN_OR_RETURN(auto page, DecodeList<domain::Invoice>(response_body));
//   for (const Element<domain::Invoice>& e : page.items) if (e.failed()) ... e.errors ...
//
// Requests carry dates as "YYYY-MM-DD" and amounts as exact decimal text. Responses are read in
// every date form Xero uses (wire_time.h). ValidationErrors are collected from every level of an
// element — the element itself and nested objects such as Contact and LineItems[i] — each with the
// path where Xero put it, because Xero reports e.g. an archived contact on the nested Contact.

#include <iterator>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "core/result.h"
#include "xero/codecs.h"

namespace xerosync::xero {

struct ValidationMessage {
  std::string path;     // "" for the element itself, "Contact", "LineItems[0]", ...
  std::string message;  // Xero's words, verbatim
  friend bool operator==(const ValidationMessage&, const ValidationMessage&) = default;
};

// Xero's StatusAttributeString on an element of a summarizeErrors=false response.
enum class ElementStatus { kAbsent, kOk, kWarning, kError };

template <typename T>
struct Element {
  T value;
  ElementStatus status = ElementStatus::kAbsent;
  std::vector<ValidationMessage> errors;  // from ValidationErrors at every level
  std::vector<std::string> warnings;      // from Warnings at every level
  // True when Xero rejected this element.
  bool failed() const { return status == ElementStatus::kError || !errors.empty(); }
};

struct Pagination {
  int page = 0, page_size = 0, page_count = 0, item_count = 0;
  friend bool operator==(const Pagination&, const Pagination&) = default;
};

struct Envelope {
  std::optional<std::string> id;  // equals the Xero-Correlation-Id header
  std::optional<std::string> status;
  std::optional<std::string> provider_name;
  std::optional<TimePoint> date_time;
  std::optional<Pagination> pagination;
  std::vector<std::string> warnings;
};

template <typename T>
struct ListResponse {
  Envelope envelope;
  std::vector<Element<T>> items;
  // Paths of members nobody modelled (expected to be empty) and of members a codec deliberately
  // skipped (see codecs.h).
  std::vector<std::string> unknown_fields;
  std::vector<std::string> skipped_fields;
};

// Xero's 400 body: {"ErrorNumber":10,"Type":"ValidationException","Message":..., "Elements":[...]}.
struct ApiException {
  std::optional<int> error_number;
  std::string type;     // "ValidationException", "PostDataInvalidException", ...
  std::string message;  // "A validation exception occurred"
  // One entry per element Xero echoed back, in order, with every message found in it.
  std::vector<std::vector<ValidationMessage>> elements;
};

// The ProblemDetails body of 401/403/500 answers: {"Title":"Unauthorized","Status":401,
// "Detail":"TokenExpired: ...","Instance":"..."}.
struct ProblemDetails {
  std::optional<std::string> type, title, detail, instance;
  std::optional<int> status;
};

// Every ValidationErrors message and Warnings message in `element`, at any depth, with its path.
void CollectMessages(const Json& element, std::vector<ValidationMessage>* errors,
                     std::vector<std::string>* warnings);

// Decodes one record. kInvalidArgument naming the field path when a member has the wrong type or
// an impossible value. `report` (optional) receives the paths of unknown and skipped members.
template <typename T>
Result<Element<T>> DecodeElement(const Json& json, std::string path = "",
                                 DecodeContext* report = nullptr);

// Decodes a list response: the envelope and the array named Codec<T>::kPlural ("Invoices").
// A response without that array is kInvalidArgument.
template <typename T>
Result<ListResponse<T>> DecodeList(const Json& body);
template <typename T>
Result<ListResponse<T>> DecodeList(std::string_view body);

// Encodes records for a PUT or POST body: {"<Plural>":[...]} with the writable fields.
template <typename T>
Json EncodeRequestJson(std::span<const T> items);
template <typename T>
std::string EncodeRequest(std::span<const T> items) {
  return EncodeRequestJson(items).Serialize();
}

// The member `key` of `object` matched ignoring letter case (as Xero matches request members).
const Json* FindIgnoringCase(const Json& object, std::string_view key);

// kInvalidArgument when `body` is not such JSON (Xero may send plain text or HTML instead).
Result<ApiException> DecodeApiException(std::string_view body);
Result<ProblemDetails> DecodeProblemDetails(std::string_view body);
Result<Envelope> DecodeEnvelope(const Json& body);

// ---- implementation of the templates ----

template <typename T>
Result<Element<T>> DecodeElement(const Json& json, std::string path, DecodeContext* report) {
  DecodeContext context;
  Element<T> element;
  element.value = DecodeObject<T>(json, path, context);
  RETURN_IF_ERROR(context.status);
  if (report != nullptr) {
    report->unknown_fields.insert(report->unknown_fields.end(),
                                  std::make_move_iterator(context.unknown_fields.begin()),
                                  std::make_move_iterator(context.unknown_fields.end()));
    report->skipped_fields.insert(report->skipped_fields.end(),
                                  std::make_move_iterator(context.skipped_fields.begin()),
                                  std::make_move_iterator(context.skipped_fields.end()));
  }
  if (const Json* status = json.Find("StatusAttributeString"); status && status->is_string()) {
    const std::string& s = status->AsString();
    element.status = s == "OK"        ? ElementStatus::kOk
                     : s == "ERROR"   ? ElementStatus::kError
                     : s == "WARNING" ? ElementStatus::kWarning
                                      : ElementStatus::kAbsent;
  }
  CollectMessages(json, &element.errors, &element.warnings);
  return element;
}

template <typename T>
Result<ListResponse<T>> DecodeList(const Json& body) {
  ListResponse<T> response;
  ASSIGN_OR_RETURN(response.envelope, DecodeEnvelope(body));
  const std::string plural(Codec<T>::kPlural);
  const Json* items = FindIgnoringCase(body, plural);
  if (items == nullptr || !items->is_array()) {
    return InvalidArgumentError("the response has no " + plural + " array");
  }
  response.items.reserve(items->AsArray().size());
  DecodeContext report;
  for (std::size_t i = 0; i < items->AsArray().size(); ++i) {
    ASSIGN_OR_RETURN(
        Element<T> element,
        DecodeElement<T>(items->AsArray()[i], plural + "[" + std::to_string(i) + "]", &report));
    response.items.push_back(std::move(element));
  }
  response.unknown_fields = std::move(report.unknown_fields);
  response.skipped_fields = std::move(report.skipped_fields);
  return response;
}

template <typename T>
Result<ListResponse<T>> DecodeList(std::string_view body) {
  ASSIGN_OR_RETURN(const Json json, Json::Parse(body));
  return DecodeList<T>(json);
}

template <typename T>
Json EncodeRequestJson(std::span<const T> items) {
  Json array = Json::MakeArray();
  for (const T& item : items) array.Append(EncodeObject(item, EncodeMode::kRequest));
  Json body = Json::MakeObject();
  body.Set(std::string(Codec<T>::kPlural), std::move(array));
  return body;
}

}  // namespace xerosync::xero
