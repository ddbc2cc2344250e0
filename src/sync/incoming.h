#pragma once
// Documents as the host sends them in JSON, read and checked in one place for every way in: the
// CLI's `xerosync import` (cli/import_command.h) and the REST API's POST .../documents
// (api/api.h). One element is {"kind":"invoice","host_id":"INV-1","operation":"upsert",
// "payload":{...one Xero JSON element...},"parents":[{"kind":"contact","host_id":"c1",
// "role":"contact"}]} ("operation" and "parents" optional).
//
// Errors are kInvalidArgument with a message naming the field; `field`, when given, receives the
// field's path inside the element ("kind", "parents[1].role", "payload.Date") for callers that
// report it apart from the message.
//
// Thread safety: pure functions.

#include <cstddef>
#include <string>

#include "core/json.h"
#include "core/result.h"
#include "core/status.h"
#include "store/records.h"

namespace xerosync::sync {

// The longest host id accepted (the store's keys stay small and printable).
inline constexpr std::size_t kMaxHostIdLength = 255;

// One element as an IncomingDocument: the shape only (kind known, host_id a non-empty string,
// operation known, payload an object, parents well formed and not the document itself).
Result<store::IncomingDocument> ReadIncomingDocument(const Json& element,
                                                     std::string* field = nullptr);

// Whether the payload of `document` can be sent as its kind: it decodes with the client's codecs
// (xero/codecs.h) and passes the domain's Validate() (amounts, dates, lines), its parents'
// Xero ids standing in for what they will fill in; the parents' roles are ones the kind has.
Status CheckIncomingPayload(const store::IncomingDocument& document, std::string* field = nullptr);

}  // namespace xerosync::sync
