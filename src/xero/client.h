#pragma once
// XeroClient: the one way the sync engine calls Xero's accounting API (docs/client.md, "The client
// facade"). It composes the parts of this module for every call:
//
//   1. admit the call through the RateBudget (waiting, through a Waiter, for a minute window or a
//      concurrent slot; never for a parked organisation's day),
//   2. attach the connection's access token (TokenManager: refreshed first when it is about to
//      expire) and the organisation's xero-tenant-id,
//   3. send it through the Transport,
//   4. correct the budget from the answer's X-*Limit-Remaining headers and 429s,
//   5. classify the answer (xero_error.h), and act on what the classification says:
//        401 TokenExpired (or another 401 refusing the token)  refresh once, send again
//        401 AuthorizationUnsuccessful, 403                     record the connection's state
//                                                               (missing_scope, revoked)
//        429 minute, app-minute, concurrent                     wait Retry-After, send again
//        429 day                                                the organisation is parked until
//                                                               its day resets; said in the error
//        5xx, no answer                                         a read is sent again after a
//                                                               backoff; a write never is (it may
//                                                               have happened: batch.h says
//                                                               kAmbiguous, the engine looks it
//                                                               up in Xero first)
//
// A write is only ever sent again when Xero certainly did not act on it (401, 429, not sent), with
// the same headers, Idempotency-Key included.
//
//   XeroClient client(transport, tokens, budget, waiter, endpoints);
//   const CallTarget target{"acme", tenant, Priority::kLive};
//   XeroResult r = client.Send(target, BuildGet(client.Caller(target), "/Organisation", {}));
//   // batch.h and reads.h through the same path:
//   ConnectedTransport xero = client.Bind(target);
//   auto results = WriteDocuments<domain::Invoice>(xero, client.Caller(target),
//                                                  WriteMethod::kPut, invoices, key_for);
//
// Refusals before anything is sent are XeroErrors with http_status 0 and a reason saying why:
// kNotConnected (the connection is expired, revoked or disconnected: connect again;
// kFailedPrecondition), kRateLimited (the organisation is parked, or the budget would keep the call
// waiting longer than max_budget_wait; kResourceExhausted, retry_after says how long), kNotSent
// (the token could not be refreshed now: kUnavailable, try again).
//
// Thread safety: Send may be called concurrently (the parts are thread-safe); a ConnectedTransport
// may be used from several threads.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>

#include "core/clock.h"
#include "domain/ids.h"
#include "xero/rate_budget.h"
#include "xero/requests.h"
#include "xero/token_manager.h"
#include "xero/transport.h"
#include "xero/xero_error.h"

namespace xerosync::xero {

struct XeroClientOptions {
  // A 429 for the minute, app-minute or concurrent limit: how many times a call waits and is sent
  // again before the 429 is returned (default 3).
  int rate_limit_retries = 3;
  // A read that got no answer or a 5xx is sent again this many times (default 2), after a backoff
  // that starts at `retry_backoff` and doubles (default 1 s).
  int read_retries = 2;
  Duration retry_backoff = std::chrono::seconds(1);
  // The longest a call waits for the budget before it is refused with kResourceExhausted (default
  // 5 minutes): a full minute window is worth waiting for, a parked day is not.
  Duration max_budget_wait = std::chrono::minutes(5);
};

// OK, or kInvalidArgument naming the first option out of range (every count and duration >= 0).
Status ValidateXeroClientOptions(const XeroClientOptions& options);

// Whose call it is: the connection (tokens), the organisation (budget, xero-tenant-id), and how
// urgent it is.
struct CallTarget {
  std::string connection_id;
  domain::TenantId tenant;
  Priority priority = Priority::kLive;
};

// What the client did, in total (metrics, tests, sync run figures).
struct XeroClientStats {
  int64_t sent = 0;                // requests handed to the transport
  int64_t answered = 0;            // of them, answered by Xero (any status)
  int64_t rate_limited = 0;        // answers that were 429s
  int64_t token_retries = 0;       // calls sent again after a 401 and a token refresh
  int64_t rate_limit_retries = 0;  // calls sent again after a 429
  int64_t read_retries = 0;        // reads sent again after a 5xx or no answer
  int64_t refused = 0;             // calls refused before sending (connection, budget)
};

class ConnectedTransport;

class XeroClient {
 public:
  // REQUIRES: every argument outlives this object; ValidateXeroClientOptions(options) is OK.
  XeroClient(Transport& transport, TokenManager& tokens, RateBudget& budget, Waiter& waiter,
             XeroEndpoints endpoints, XeroClientOptions options = {});

  // Sends `request` (an absolute accounting URL; built with Caller(target)) for `target` and
  // returns Xero's successful answer or the classified error, after the retries above. Any
  // Authorization and xero-tenant-id headers in `request` are replaced.
  XeroResult Send(const CallTarget& target, HttpRequest request);

  // The token manager the calls use (the engine asks it whether an organisation is connected).
  TokenManager& tokens() { return tokens_; }

  // The same for a call the FairScheduler already admitted: `permit` is used for the first send
  // (a send after a retry is admitted again).
  XeroResult SendAdmitted(const CallTarget& target, HttpRequest request, Permit permit);

  // The ApiCaller for requests.h, batch.h and reads.h builders: api base and tenant. The access
  // token is left empty: Send attaches the current one.
  ApiCaller Caller(const CallTarget& target) const;

  // A Transport that sends every request through Send for `target`, so that batch.h and reads.h
  // run with the token, budget and retries. It answers with Xero's response whenever Xero answered
  // (errors included, after the retries), and with a TransportError otherwise; a refusal before
  // sending is kNotSent with the refusal's StatusCode (kFailedPrecondition, kResourceExhausted,
  // kUnavailable), so that DocumentResult::status carries it.
  ConnectedTransport Bind(CallTarget target);

  XeroClientStats stats() const;
  const XeroEndpoints& endpoints() const { return endpoints_; }
  // The rate budget calls go through (e.g. ParkedUntil for the console and the engine).
  RateBudget& budget() { return budget_; }

 private:
  friend class ConnectedTransport;

  // The result of one call after its retries: the verdict, and Xero's last answer when there was
  // one (an error answer too).
  struct Exchange {
    XeroResult result;
    std::optional<HttpResponse> answer;
  };
  Exchange Call(const CallTarget& target, HttpRequest request, std::optional<Permit> permit);
  // Admits a call for `target`, waiting up to max_budget_wait; else the refusal as an error.
  std::variant<Permit, XeroError> Admit(const CallTarget& target);
  void Backoff(int attempt);
  XeroError Refuse(StatusCode code, XeroErrorReason reason, std::string message);

  Transport& transport_;
  TokenManager& tokens_;
  RateBudget& budget_;
  Waiter& waiter_;
  const XeroEndpoints endpoints_;
  const XeroClientOptions options_;

  struct Counters {
    std::atomic<int64_t> sent{0};
    std::atomic<int64_t> answered{0};
    std::atomic<int64_t> rate_limited{0};
    std::atomic<int64_t> token_retries{0};
    std::atomic<int64_t> rate_limit_retries{0};
    std::atomic<int64_t> read_retries{0};
    std::atomic<int64_t> refused{0};
  };
  Counters counters_;
};

// XeroClient::Bind's Transport (see there). Cheap to copy; refers to the client.
class ConnectedTransport final : public Transport {
 public:
  ConnectedTransport(XeroClient& client, CallTarget target)
      : client_(&client), target_(std::move(target)) {}
  TransportResult Send(const HttpRequest& request) override;
  const CallTarget& target() const { return target_; }

 private:
  XeroClient* client_;
  CallTarget target_;
};

}  // namespace xerosync::xero
