#pragma once
// The Xero emulator as one HTTP handler: every Xero host's paths on one server (login, identity,
// api), each answer carrying a Xero-Correlation-Id. Usable in-process by tests (Handle) and behind
// http::Server by the xero-emulator binary.
//
// Its parts: the identity service (identity.h); the accounting reads (accounting_read.h,
// document_read.h, banking_read.h) and writes (accounting_write.h and the *_write.h writers) over
// the organisations' data (organisation.h, documents.h, demo_data.h); Xero's rate limits
// (rate_limits.h); fault rules (faults.h) and Xero's error bodies (error_bodies.h); webhooks
// (webhooks.h); the control API under /_emulator/ (control.h, control_org.h). Unknown paths answer
// Xero's plain-text 404. docs/emulator.md describes it all.
//
// Thread safety: Handle may be called concurrently.

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "emulator/accounting_read.h"
#include "emulator/accounting_write.h"
#include "emulator/banking_read.h"
#include "emulator/crypto.h"
#include "emulator/emulator_clock.h"
#include "emulator/faults.h"
#include "emulator/identity.h"
#include "emulator/organisation.h"
#include "emulator/rate_limits.h"
#include "emulator/webhooks.h"
#include "http/http.h"

namespace xerosync::emulator {

struct EmulatorOptions {
  bool demo = true;           // register the demo app and the demo organisations (docs/emulator.md)
  bool auto_consent = false;  // authorize redirects straight back, connecting every organisation
  int64_t time_scale = 1;     // emulated time runs this many times faster (>= 1)
  std::optional<uint64_t> seed;  // fixed seed: the same ids and tokens every run
  RateLimitOptions limits;       // Xero's published limits by default (rate_limits.h)
  WebhookOptions webhooks;       // Xero's payload URLs and 5 s answer limit by default
  // Holds a request for a fault's delay or timeout (faults.h). Empty (the default): sleeps the
  // calling thread. Tests inject one that records the hold instead of waiting.
  std::function<void(std::chrono::milliseconds)> hold;
  // More redirect URIs the demo app accepts (exact match), besides its own: a xerosync serve on
  // another port than 8080 (the browser tests pick free ports).
  std::vector<std::string> demo_redirect_uris;
};

// The demo app every client can use without set-up (docs/emulator.md).
App DemoApp();
// The demo organisations' tenants.
std::vector<Tenant> DemoTenants();

class Emulator {
 public:
  // REQUIRES: `base_clock` outlives the emulator.
  Emulator(const Clock& base_clock, EmulatorOptions options);

  // Answers `request`. Before dispatching, stamps it with the Xero-Correlation-Id header the answer
  // will carry, so that response envelopes can repeat it as their Id, as Xero's do.
  // Fault rules (faults()) apply to every Xero path, never to /_emulator/: a fault is decided
  // after the correlation id and before rate limiting, so an answered or timed-out fault stands
  // for a failure in front of Xero's API and spends no rate-limit budget; a delayed or
  // apply-then-drop request is handled normally and counts, holding its concurrent slot while it
  // is held (docs/emulator.md). An exception escaping a handler is answered with Xero's
  // 500 JSON, never a crash.
  http::Response Handle(http::Request& request);

  // Puts the emulator back as it started (POST /_emulator/reset; docs/emulator.md): the
  // organisations back to their initial data (the demo organisations, or none without `demo`), the
  // rate limits' windows forgotten and their options as constructed, then every reset hook called.
  // The clock and the identity service (apps, grants, connections, tokens) are kept, so a test's
  // token stays valid across a reset.
  void Reset();
  // Registers `hook` to run on every Reset, in registration order: each component with state of
  // its own (idempotency keys, faults, webhooks) forgets it there.
  // REQUIRES: called before the emulator serves requests.
  void OnReset(std::function<void()> hook);
  // Replaces every organisation with `states` and offers them on the consent page (--state files).
  void ReplaceOrganisations(std::vector<OrgState> states);

  Identity& identity() { return identity_; }
  Organisations& organisations() { return organisations_; }
  EmulatorClock& clock() { return clock_; }
  RateLimits& rate_limits() { return rate_limits_; }
  AccountingWrite& writes() { return writes_; }
  Webhooks& webhooks() { return webhooks_; }
  Faults& faults() { return faults_; }

 private:
  // Handle's work between the correlation id and the final headers.
  http::Response Respond(http::Request& request);

  EmulatorClock clock_;
  RandomSource random_;
  Identity identity_;
  RateLimits rate_limits_;
  Organisations organisations_;
  AccountingRead accounting_read_;
  Webhooks webhooks_;  // before writes_, which report to it
  AccountingWrite writes_;
  BankingRead banking_read_;  // payments and bank transactions
  Faults faults_;
  std::function<void(std::chrono::milliseconds)> hold_;
  http::Router router_;
  const bool demo_;
  const RateLimitOptions initial_limits_;
  std::vector<std::function<void()>> reset_hooks_;  // set before serving; read-only after
};

}  // namespace xerosync::emulator
