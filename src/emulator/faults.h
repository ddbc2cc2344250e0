#pragma once
// Fault injection: rules that make the emulator fail as Xero and the network in front of it do,
// so that xerosync's retries, timeouts and exactly-once handling are tested against the failures
// they exist for (docs/emulator.md).
//
// A rule matches a request by method (optional), path prefix (optional) and tenant (the
// xero-tenant-id header; optional), and then does one of:
//   kAnswer         answer an error instead of Xero (error_bodies.h): the request is not handled;
//   kDelay          hold, then handle the request normally;
//   kTimeout        hold, then drop the connection without answering: the request is not handled;
//   kApplyThenDrop  handle the request normally (a write lands), then drop the connection instead
//                   of answering: the client cannot tell whether it happened.
// Any rule may hold first (for kTimeout the hold is the timeout). A rule fires at most `times`
// times (always when unset), and each time it matches only with `probability`, drawn from a
// generator seeded per rule, so the same seed gives the same sequence of fired and missed
// requests. Rules are tried in the order they were added; the first that fires decides, and a
// rule that matches but misses its draw lets the next ones try. Exhausted rules stay listed (with
// their counts) until removed.
//
// Where the emulator applies them is Emulator::Handle's business (emulator.h); this class only
// decides.
//
// Thread safety: all methods may be called concurrently.

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "core/decimal.h"
#include "http/http.h"

namespace xerosync::emulator {

enum class FaultAction { kAnswer, kDelay, kTimeout, kApplyThenDrop };

// What a kAnswer rule answers (error_bodies.h).
enum class FaultAnswer {
  kInternalError,      // 500 JSON
  kInternalErrorHtml,  // 500 HTML "Xero | Error 500"
  kMaintenance,        // 503 text "The Xero API is currently offline for maintenance"
  kUnavailable,        // 503 text "The Xero API is temporarily unavailable"
  kEdgeUnavailable,    // 503 HTML from an edge proxy
  kStatus,             // ErrorAnswer(status)
};

struct FaultRule {
  std::optional<std::string> method;  // "PUT"; any method when unset. Compared exactly.
  // "/api.xro/2.0/Invoices": matches that path and every path below it ("/…/Invoices/{id}"), not
  // "/…/InvoicesX". Empty: any path.
  std::string path;
  std::optional<std::string> tenant;  // xero-tenant-id, compared ignoring case; any when unset
  FaultAction action = FaultAction::kAnswer;
  FaultAnswer answer = FaultAnswer::kInternalError;  // kAnswer only
  int status = 500;                                  // kAnswer with FaultAnswer::kStatus only
  std::chrono::milliseconds hold{0};                 // before acting; the timeout for kTimeout
  std::optional<int64_t> times;                      // fires at most this often; unset: always
  // Chance of firing when matched, in (0, 1] with at most 4 places (Decimal: no floating point).
  Decimal probability = Decimal::FromInt(1);
  // The rule's draw sequence; unset: derived from the Faults' seed and the rule's id.
  std::optional<uint64_t> seed;
};

// A rule as listed.
struct FaultRuleState {
  int64_t id = 0;
  FaultRule rule;
  int64_t matched = 0;               // requests that matched (fired or missed the draw)
  int64_t hits = 0;                  // requests it fired on
  std::optional<int64_t> remaining;  // times - hits; unset when the rule fires always
};

// The decision for one request.
struct Fault {
  int64_t rule_id = 0;
  FaultAction action = FaultAction::kAnswer;
  FaultAnswer answer = FaultAnswer::kInternalError;
  int status = 500;
  std::chrono::milliseconds hold{0};
};

// Checks a rule before it is added: kInvalidArgument naming the field (method, path, action,
// status, delay_ms/timeout_ms, times, probability) when it is not one Faults can apply.
Status ValidateFaultRule(const FaultRule& rule);

class Faults {
 public:
  // `seed`: a fixed seed makes every rule's draws (of rules without their own seed) repeat run to
  // run; unset, they come from the operating system.
  explicit Faults(std::optional<uint64_t> seed = std::nullopt);

  // Adds a rule after the existing ones; returns its id (1, 2, ... never reused).
  // REQUIRES: ValidateFaultRule(rule).ok().
  int64_t Add(FaultRule rule);
  // false when there is no rule `id`.
  bool Remove(int64_t id);
  // Removes every rule; returns how many there were.
  int Clear();
  std::vector<FaultRuleState> List() const;

  // The fault for `request`, if a rule fires on it; counts the match and the hit.
  std::optional<Fault> Decide(const http::Request& request);

 private:
  struct Entry {
    FaultRuleState state;
    std::mt19937_64 draws;
  };

  const std::optional<uint64_t> seed_;
  mutable std::mutex mu_;
  std::vector<Entry> entries_;  // in order of addition; GUARDED_BY(mu_)
  int64_t next_id_ = 1;         // GUARDED_BY(mu_)
};

// The answer for a kAnswer fault; `instance` names it where the body has an Instance.
// REQUIRES: fault.action == FaultAction::kAnswer.
http::Response FaultResponse(const Fault& fault, std::string_view instance);

// The control routes under /_emulator/faults (docs/emulator.md).
// REQUIRES: `faults` outlives the router.
void AddFaultRoutes(http::Router& router, Faults& faults);

}  // namespace xerosync::emulator
