#pragma once
// The accounting API's writes, as Xero performs them (FACTS.md §3.2, §3.3, §4.1): one framework
// that every PUT and POST endpoint goes through, and the element writers that know each resource.
//
// The framework, for a request to a registered write endpoint:
//   1. authenticates the caller for the endpoint's scopes (Identity: 401/403 as Xero);
//   2. checks Idempotency-Key: over 128 characters → 400; a key seen before for this tenant with
//   the
//      same request (method, path, query, body) → the first answer again, nothing written; with a
//      different request → 400 ValidationException "Idempotency Key: <key> is used with a different
//      request.";
//   3. parses the body: malformed JSON → 400 {"ErrorNumber":14,"Type":"PostDataInvalidException",
//      "Message":"JSON request body could not be read, Error ..."};
//   4. takes the elements of the body's wrapper ({"Invoices":[...]}; or the bare object for
//      endpoints that take one) and, under the organisation's lock, gives each element in order to
//      the endpoint's ElementWriter, which validates it against the organisation's state and, when
//      it is valid, applies it;
//   5. answers as Xero does: summarised by default (any failed element → 400 ValidationException
//      whose Elements are the failed elements echoed, while the valid ones stay written; all valid
//      → 200 envelope of the written records), or with summarizeErrors=false always 200 with every
//      element, each with StatusAttributeString "OK" or "ERROR" and its ValidationErrors;
//   6. after the lock is released, reports the writers' change events (webhooks).
//
// Thread safety: Handle may be called concurrently; writes to one organisation are serialised.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/json.h"
#include "emulator/crypto.h"
#include "emulator/events.h"
#include "emulator/identity.h"
#include "emulator/organisation.h"
#include "http/http.h"

namespace xerosync::emulator {

enum class WriteMethod {
  kPut,   // create only
  kPost,  // create, or update the record the element (or the path) names
};

// What an element writer works with. Everything is valid for the duration of one element.
struct WriteContext {
  OrgState& state;
  const std::string& tenant_id;
  TimePoint now;
  WriteMethod method;
  // The id in the path of POST /Invoices/{InvoiceID} and the like, as given, when the pattern has
  // exactly one parameter; "" otherwise (custom writes read request.Param).
  const std::string& path_id;
  RandomSource& random;
  // Appended to by writers; published once the organisation's lock is released.
  std::vector<ChangeEvent>& events;
  // The request being answered (its Xero-Correlation-Id header is the envelope's Id).
  const http::Request& request;

  // The organisation's local date today (documents default to it): midnight UTC of the current day.
  TimePoint Today() const;
  // Records a change event for `category` ("INVOICE") and `type` ("CREATE").
  void Changed(std::string category, std::string type, std::string resource_id,
               Json data = Json()) const;
};

// One element's outcome. On success, `element` is the stored record rendered as Xero answers it; on
// failure, the submitted element echoed with Xero's defaults filled in and the ValidationErrors
// attached where Xero puts them (AddValidationError), and the state left unchanged.
struct ElementResult {
  Json element;
  bool ok = true;
};

using ElementWriter = std::function<ElementResult(WriteContext& context, const Json& element)>;

struct WriteEndpoint {
  std::string plural;               // "Invoices": the body's wrapper and the answer's member
  std::vector<std::string> scopes;  // any one of them grants the write
  // The flag a failed element carries: "HasErrors" (invoices, credit notes, bank transactions) or
  // "HasValidationErrors" (contacts, payments, allocations); "" for none (settings).
  std::string has_errors_member = "HasErrors";
  bool bare_object = false;       // the body is one bare object (POST /Payments)
  bool honours_summarize = true;  // false: always summarised (POST /Payments)
};

// Appends {"Message": message} to object.ValidationErrors (creating it). REQUIRES: is_object().
void AddValidationError(Json& object, std::string message);
// Whether `object` or anything nested in it carries a ValidationErrors entry.
bool HasValidationErrors(const Json& object);
// 400 {"ErrorNumber":10,"Type":"ValidationException","Message":"A validation exception occurred",
// "Elements":elements}.
http::Response ValidationException(Json elements);
// 400 ValidationException with one element {"ValidationErrors":[{"Message":message}]} and the same
// text as its top-level Message (Xero's answer to request-level problems such as a reused
// Idempotency-Key).
http::Response RequestValidationError(std::string message);

class AccountingWrite {
 public:
  // REQUIRES: clock, identity, organisations and random outlive this object. `listener` receives
  // every change event (may be empty).
  AccountingWrite(const Clock& clock, const Identity& identity, Organisations& organisations,
                  RandomSource& random, ChangeListener listener);

  // Registers `method` `pattern` ("/api.xro/2.0/Invoices/{InvoiceID}") as a write of `endpoint`
  // with `writer`. A `{...}` parameter in the pattern is passed to the writer as path_id.
  // REQUIRES: this object outlives `router`.
  void Add(http::Router& router, std::string_view method, std::string_view pattern,
           const WriteEndpoint& endpoint, ElementWriter writer);

  // The framework's steps 1-3 and 6 around a handler that is not element-by-element (DELETE of an
  // allocation, POST /Payments/{id} {"Status":"DELETED"}): `handle` runs under the organisation's
  // lock with `body` the parsed request body (null when empty) and answers the request itself.
  using CustomWrite = std::function<http::Response(WriteContext& context, const Json& body)>;
  void AddCustom(http::Router& router, std::string_view method, std::string_view pattern,
                 std::vector<std::string> scopes, CustomWrite handle);

  // The number of idempotency keys remembered (for tests and state reads).
  std::size_t IdempotencyKeyCount() const;
  // Forgets every idempotency key (control API reset).
  void ForgetIdempotencyKeys();

 private:
  struct Remembered {
    std::string fingerprint;  // method, path, query and body
    bool done = false;        // false while the first request is being answered
    http::Response response;
  };

  http::Response Write(http::Request& request, const std::vector<std::string>& scopes,
                       const std::function<http::Response(WriteContext&, const Json&)>& apply);

  const Clock& clock_;
  const Identity& identity_;
  Organisations& organisations_;
  RandomSource& random_;
  ChangeListener listener_;
  mutable std::mutex mu_;
  std::condition_variable answered_;  // a remembered request got its answer
  std::map<std::string, Remembered, std::less<>> idempotency_;  // tenant + key; GUARDED_BY(mu_)
  std::deque<std::string> remembered_order_;  // oldest first, to bound memory; GUARDED_BY(mu_)
};

}  // namespace xerosync::emulator
