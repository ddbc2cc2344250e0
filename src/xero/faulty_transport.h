#pragma once
// A Transport wrapper that fails on purpose, for tests and chaos runs: the client above it must
// survive every way a call to Xero can go wrong, on the requests a test chooses.
//
//   FaultyTransport faulty(inner, {.seed = 7, .sleeper = recorder});
//   faulty.Plan({.method = "PUT", .path = "/api.xro/2.0/Invoices"},
//               {Fault::Ambiguous(), Fault::Status(503)});   // the next two PUTs, in order
//   faulty.AddRandom({}, Fault::NotSent(), {1, 20});          // then 1 call in 20, reproducibly
//
// Outcomes (Fault):
//   NotSent     kNotSent without calling the inner transport: nothing happened.
//   Ambiguous   calls the inner transport, throws its answer away, returns kAmbiguous: the write
//               happened but the caller cannot know.
//   Status      answers `status` (with a body and headers) without calling the inner transport,
//               as a gateway or an outage in front of Xero would.
//   Latency     waits (through the injected sleeper), then calls the inner transport.
// Any outcome may wait first (`delay`).
//
// Choosing: scripted plans first — the first plan whose match fits and whose queue is not empty
// gives its next outcome, once — then random rules in the order added, each drawing with its
// exact probability (a ratio of integers, no floating point) from one generator seeded by
// options.seed, so the same seed and the same requests give the same faults. No rule fires: the
// request goes to the inner transport unchanged.
//
// Thread safety: Send, Plan, AddRandom and Clear may be called concurrently. With concurrent
// callers the order in which requests draw is the order they arrive.

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "xero/transport.h"

namespace xerosync::xero {

struct Fault {
  enum class Kind { kNotSent, kAmbiguous, kStatus, kLatency };
  Kind kind = Kind::kNotSent;
  std::chrono::milliseconds delay{0};  // waited before the outcome (the whole point of kLatency)
  int status = 0;                      // kStatus
  HeaderList headers;                  // kStatus
  std::string body;                    // kStatus

  static Fault NotSent() { return Of(Kind::kNotSent); }
  static Fault Ambiguous() { return Of(Kind::kAmbiguous); }
  // A text/plain answer; `body` defaults to Xero's maintenance text for 503 and "" otherwise.
  static Fault Status(int status, std::string body = "", HeaderList headers = {});
  static Fault Latency(std::chrono::milliseconds delay) {
    Fault fault = Of(Kind::kLatency);
    fault.delay = delay;
    return fault;
  }

 private:
  static Fault Of(Kind kind) {
    Fault fault;
    fault.kind = kind;
    return fault;
  }
};

// Which requests a rule applies to. Empty fields match anything.
struct FaultMatch {
  std::string method;  // "PUT"; compared exactly
  // A path prefix covering the path and everything below it: "/api.xro/2.0/Invoices" matches
  // ".../Invoices" and ".../Invoices/{id}" but not ".../InvoiceReminders". The URL's query is
  // ignored.
  std::string path;
};

// numerator / denominator, exactly. REQUIRES: 0 < denominator, numerator <= denominator.
struct FaultProbability {
  uint64_t numerator = 1;
  uint64_t denominator = 1;
};

struct FaultyTransportOptions {
  uint64_t seed = 0;  // the generator for random rules
  // Waits for a delay. Default: sleeps the calling thread. Tests inject one that records.
  std::function<void(std::chrono::milliseconds)> sleeper;
};

class FaultyTransport : public Transport {
 public:
  // REQUIRES: `inner` outlives this object.
  explicit FaultyTransport(Transport& inner, FaultyTransportOptions options = {});

  // The next requests matching `match` get `outcomes`, in order, one each (appended to any
  // outcomes already planned for an identical match).
  void Plan(const FaultMatch& match, std::vector<Fault> outcomes);
  // Every request matching `match` gets `fault` with `probability`.
  void AddRandom(const FaultMatch& match, Fault fault, FaultProbability probability);
  // Removes every plan and rule; requests pass through again.
  void Clear();

  TransportResult Send(const HttpRequest& request) override;

  struct Counts {
    int64_t passed = 0;     // sent to the inner transport untouched
    int64_t not_sent = 0;   // answered kNotSent
    int64_t ambiguous = 0;  // sent, answer thrown away
    int64_t status = 0;     // answered a planned status
    int64_t delayed = 0;    // waited before the outcome
    friend bool operator==(const Counts&, const Counts&) = default;
  };
  Counts counts() const;

 private:
  struct Script {
    FaultMatch match;
    std::deque<Fault> outcomes;
  };
  struct Random {
    FaultMatch match;
    Fault fault;
    FaultProbability probability;
  };
  std::optional<Fault> Choose(const HttpRequest& request);

  Transport& inner_;
  std::function<void(std::chrono::milliseconds)> sleeper_;
  mutable std::mutex mu_;
  std::vector<Script> scripts_;  // guarded by mu_
  std::vector<Random> randoms_;  // guarded by mu_
  std::mt19937_64 generator_;    // guarded by mu_
  Counts counts_;                // guarded by mu_
};

}  // namespace xerosync::xero
