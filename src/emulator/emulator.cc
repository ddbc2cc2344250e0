#include "emulator/emulator.h"

#include <exception>
#include <thread>
#include <utility>

#include "emulator/bank_transaction_write.h"
#include "emulator/contact_write.h"
#include "emulator/control.h"
#include "emulator/control_org.h"
#include "emulator/credit_note_write.h"
#include "emulator/demo_data.h"
#include "emulator/document_read.h"
#include "emulator/error_bodies.h"
#include "emulator/invoice_write.h"
#include "emulator/payment_write.h"
#include "emulator/settings_write.h"

namespace xerosync::emulator {
namespace {

IdentityOptions ToIdentityOptions(const EmulatorOptions& options) {
  IdentityOptions identity;
  identity.auto_consent = options.auto_consent;
  return identity;
}

}  // namespace

App DemoApp() {
  return App{"XEROSYNCDEMO00000000000000000000",
             "xerosync-demo-secret-do-not-use-in-production",
             "xerosync (demo)",
             {"http://127.0.0.1:8080/api/v1/connection/callback",
              "http://localhost:8080/api/v1/connection/callback", "http://127.0.0.1:8765/callback"},
             false};
}

std::vector<Tenant> DemoTenants() {
  return {{"7a3c1f5e-2b4d-4e6f-8a9b-0c1d2e3f4a51", "Demo Company (NZ)"},
          {"9b4d2a6f-3c5e-4f70-9bac-1d2e3f4a5b62", "Demo Company (UK)"}};
}

Emulator::Emulator(const Clock& base_clock, EmulatorOptions options)
    : clock_(base_clock, options.time_scale),
      random_(options.seed),
      identity_(clock_, random_, ToIdentityOptions(options)),
      rate_limits_(clock_, options.limits),
      accounting_read_(clock_, identity_, organisations_),
      // Xero sends an app the events of the organisations connected to it.
      webhooks_(clock_, random_, options.webhooks,
                [this](std::string_view tenant) { return identity_.ConnectionCount(tenant) > 0; }),
      writes_(clock_, identity_, organisations_, random_,
              [this](const ChangeEvent& e) { webhooks_.OnChange(e); }),
      banking_read_(clock_, identity_, organisations_),
      faults_(options.seed),
      hold_(options.hold ? std::move(options.hold)
                         : [](std::chrono::milliseconds ms) { std::this_thread::sleep_for(ms); }),
      demo_(options.demo),
      initial_limits_(options.limits) {
  if (options.demo) {
    App app = DemoApp();
    app.redirect_uris.insert(app.redirect_uris.end(), options.demo_redirect_uris.begin(),
                             options.demo_redirect_uris.end());
    identity_.RegisterApp(std::move(app));
    identity_.SetTenants(DemoTenants());
    for (OrgState& state : DemoOrganisations()) organisations_.Put(std::move(state));
  }
  router_.Add("GET", "/identity/connect/authorize",
              [this](http::Request& r) { return identity_.Authorize(r); });
  router_.Add("POST", "/identity/connect/authorize",
              [this](http::Request& r) { return identity_.Consent(r); });
  router_.Add("POST", "/connect/token", [this](http::Request& r) { return identity_.Token(r); });
  router_.Add("POST", "/connect/revocation",
              [this](http::Request& r) { return identity_.Revoke(r); });
  router_.Add("GET", "/connections",
              [this](http::Request& r) { return identity_.ListConnections(r); });
  router_.Add("DELETE", "/connections/{id}",
              [this](http::Request& r) { return identity_.DeleteConnection(r); });
  accounting_read_.AddRoutes(router_);
  AddContactWrites(writes_, router_);
  AddSettingsWrites(writes_, router_);
  // Invoices, credit notes and allocations (docs/emulator.md).
  AddDocumentReads(router_, clock_, identity_, organisations_);
  AddInvoiceWrites(writes_, router_);
  AddCreditNoteWrites(writes_, router_);
  // Payments and bank transactions (docs/emulator.md).
  banking_read_.AddRoutes(router_);
  AddPaymentWrites(writes_, router_);
  AddBankTransactionWrites(writes_, router_);
  AddControlRoutes(router_, clock_, identity_, rate_limits_);
  AddWebhookRoutes(router_, webhooks_, clock_);
  AddFaultRoutes(router_, faults_);
  AddOrganisationControlRoutes(
      router_, clock_, organisations_, random_, [this] { Reset(); },
      [this](const ChangeEvent& e) { webhooks_.OnChange(e); });
  OnReset([this] { writes_.ForgetIdempotencyKeys(); });
  OnReset([this] { faults_.Clear(); });
  // Xero answers an unknown resource with plain text (FACTS.md §4.2).
  router_.SetNotFound([](http::Request&) {
    return http::Response::Text(404, "The resource you're looking for cannot be found");
  });
}

http::Response Emulator::Handle(http::Request& request) {
  const std::string correlation_id = random_.Uuid();
  request.headers.Set("Xero-Correlation-Id", correlation_id);
  http::Response response;
  try {
    response = Respond(request);
  } catch (const std::exception&) {
    // A bug in a handler answers as a failure inside Xero does, rather than taking down a test.
    response = InternalServerError(random_.Uuid());
  } catch (...) {
    response = InternalServerError(random_.Uuid());
  }
  response.headers.Set("Xero-Correlation-Id", correlation_id);
  response.headers.Set("Server", "Kestrel");
  return response;
}

http::Response Emulator::Respond(http::Request& request) {
  // Faults first: an answered or timed-out fault stands for a failure in front of the API, so it
  // spends no rate-limit budget (docs/emulator.md). The control API is never faulted.
  const bool control = request.path == "/_emulator" || request.path.starts_with("/_emulator/");
  const std::optional<Fault> fault = control ? std::nullopt : faults_.Decide(request);
  if (fault && fault->action == FaultAction::kAnswer) {
    if (fault->hold.count() > 0) hold_(fault->hold);
    return FaultResponse(*fault, random_.Uuid());
  }
  if (fault && fault->action == FaultAction::kTimeout) {
    hold_(fault->hold);
    http::Response dropped;
    dropped.drop_connection = true;
    return dropped;
  }
  // Accounting calls by a connected caller count against the tenant's and the app's limits
  // (FACTS.md §2); calls Xero refuses for their token or tenant do not.
  std::optional<Admission> admission;
  if (request.path.starts_with("/api.xro/2.0/")) {
    if (std::optional<Caller> caller = identity_.Identify(request)) {
      // An organisation taken offline (control API) answers every accounting call with Xero's
      // plain-text 503 (FACTS.md §4.2), before its rate limits: the call is not counted.
      bool offline = false;
      organisations_.Read(caller->tenant_id, [&](const OrgState& s) { offline = s.offline; });
      if (offline) return http::Response::Text(503, "The Organisation is Offline");
      admission.emplace(rate_limits_.Enter(caller->tenant_id, caller->client_id));
    }
  }
  // A delayed call is a slow call: it holds its concurrent slot while held.
  if (fault && fault->hold.count() > 0) hold_(fault->hold);
  http::Response response = admission && !admission->allowed()
                                ? TooManyRequests(admission->decision())
                                : router_.Dispatch(request);
  if (admission && admission->allowed())
    AddRateLimitHeaders(admission->decision(), response.headers);
  // The handler ran (a write landed); the client never learns of it.
  if (fault && fault->action == FaultAction::kApplyThenDrop) response.drop_connection = true;
  return response;
}

void Emulator::Reset() {
  ReplaceOrganisations(demo_ ? DemoOrganisations() : std::vector<OrgState>());
  rate_limits_.ResetAll(initial_limits_);
  for (const std::function<void()>& hook : reset_hooks_) hook();
}

void Emulator::OnReset(std::function<void()> hook) { reset_hooks_.push_back(std::move(hook)); }

void Emulator::ReplaceOrganisations(std::vector<OrgState> states) {
  std::vector<Tenant> tenants;
  tenants.reserve(states.size());
  for (const OrgState& state : states) {
    tenants.push_back({state.organisation.organisation_id, state.organisation.name});
  }
  identity_.SetTenants(std::move(tenants));
  organisations_.ReplaceAll(std::move(states));
}

}  // namespace xerosync::emulator
