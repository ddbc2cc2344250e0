// The client facade against the emulator, on its clock: every call carries the connection's token
// and the organisation, is admitted by the rate budget and corrected by Xero's answer; a token
// expiring in the middle of a batch, 429s for the minute and the day, 5xx on reads and writes, a
// write applied and then dropped, a revoked organisation, a missing scope and an expired
// connection each end as docs/client.md says, checked against what the emulator holds.
#include "xero/client.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "emulator/demo_data.h"
#include "emulator/faults.h"
#include "xero/batch.h"
#include "xero/fair_scheduler.h"
#include "xero/oauth_test_util.h"
#include "xero/reads.h"

namespace xerosync::xero::testing {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr char kConnection[] = "acme";

// Forwards to the emulator, calling `before` with each request first (to move the clock at a
// chosen moment, as if the request took that long to arrive).
class SteppingTransport final : public Transport {
 public:
  explicit SteppingTransport(Transport& inner) : inner_(inner) {}
  TransportResult Send(const HttpRequest& request) override {
    if (before) before(request);
    return inner_.Send(request);
  }
  std::function<void(const HttpRequest&)> before;

 private:
  Transport& inner_;
};

class XeroClientTest : public EmulatorFixture, public Waiter {
 protected:
  XeroClientTest()
      : stepping_(transport_),
        store_(NewMemoryTokenStore()),
        tokens_(client_, *store_, emulator_.clock()),
        budget_(emulator_.clock()),
        xero_(stepping_, tokens_, budget_, *this, XeroEndpoints::AllAt(kBase)) {
    const auto [code, verifier] = Authorize(client_);
    const Result<std::vector<XeroConnection>> connected =
        tokens_.Connect(kConnection, code, verifier);
    EXPECT_TRUE(connected.ok()) << connected.status();
  }

  // Waiting moves the emulator's clock: no test sleeps.
  void WaitUntil(TimePoint deadline) override {
    const TimePoint now = emulator_.clock().Now();
    if (deadline > now) emulator_.clock().Advance(deadline - now);
  }

  static CallTarget Target(const char* tenant = kNz) {
    return {kConnection, domain::TenantId(tenant), Priority::kLive};
  }

  XeroResult Get(const std::string& path, const char* tenant = kNz) {
    return xero_.Send(Target(tenant), BuildGet(xero_.Caller(Target(tenant)), path, {}));
  }

  // Another process of the same app spends `calls` of the organisation's minute, outside this
  // client's budget.
  void SpendMinuteElsewhere(int calls) {
    const std::string token = tokens_.AccessToken(kConnection).value();
    for (int i = 0; i < calls; ++i) ASSERT_EQ(EmulatorFixture::Get(token, kNz).first, 200);
  }

  void AddFault(emulator::FaultRule rule) { emulator_.faults().Add(std::move(rule)); }

  static emulator::FaultRule Fault(std::string method, std::string path,
                                   emulator::FaultAction action, int64_t times = 1) {
    emulator::FaultRule rule;
    rule.method = std::move(method);
    rule.path = std::move(path);
    rule.action = action;
    rule.times = times;
    return rule;
  }

  static std::vector<domain::Invoice> Invoices(int count, const std::string& prefix) {
    std::vector<domain::Invoice> invoices;
    for (int i = 0; i < count; ++i) {
      domain::Invoice inv;
      inv.type = domain::InvoiceType::kAccRec;
      inv.number = prefix + std::to_string(1000 + i);
      inv.contact.id = domain::ContactId(emulator::DemoContactId(1, 1 + i % 5));
      inv.date = domain::Date::Parse("2026-01-02").value();
      inv.due_date = domain::Date::Parse("2026-01-30").value();
      inv.line_amount_types = domain::LineAmountType::kExclusive;
      domain::LineItem line;
      line.description = "Consulting";
      line.quantity = Decimal::FromInt(2);
      line.unit_amount = Decimal::FromRaw(1'234'500 + i);  // 123.45 + i/10000
      line.account_code = "200";
      line.tax_type = "OUTPUT2";
      inv.line_items.push_back(std::move(line));
      invoices.push_back(std::move(inv));
    }
    return invoices;
  }

  std::vector<DocumentResult<domain::Invoice>> Write(const std::vector<domain::Invoice>& invoices,
                                                     const std::string& key_prefix) {
    ConnectedTransport xero = xero_.Bind(Target());
    return WriteDocuments<domain::Invoice>(
        xero, xero_.Caller(Target()), WriteMethod::kPut, invoices,
        [&](const Batch& batch) { return key_prefix + std::to_string(batch.first); });
  }

  // How many invoices in the emulator carry each number starting with `prefix`.
  std::map<std::string, int> InvoicesInXero(const std::string& prefix) {
    ConnectedTransport xero = xero_.Bind(Target());
    const Result<std::vector<domain::Invoice>> all =
        ReadAllPages<domain::Invoice>(xero, xero_.Caller(Target()), {});
    EXPECT_TRUE(all.ok()) << all.status();
    std::map<std::string, int> count;
    for (const domain::Invoice& inv : all.value_or(std::vector<domain::Invoice>{})) {
      if (inv.number && inv.number->starts_with(prefix)) ++count[*inv.number];
    }
    return count;
  }

  int64_t ApiCalls() const { return transport_.sent(); }

  SteppingTransport stepping_;
  std::unique_ptr<TokenStore> store_;
  TokenManager tokens_;
  RateBudget budget_;
  XeroClient xero_;
};

XeroError ErrorOf(const XeroResult& result) {
  const auto* error = std::get_if<XeroError>(&result);
  EXPECT_NE(error, nullptr) << "expected an error, got HTTP "
                            << std::get<HttpResponse>(result).status;
  return error != nullptr ? *error : XeroError{};
}

int StatusOf(const XeroResult& result) {
  if (const auto* response = std::get_if<HttpResponse>(&result)) return response->status;
  return std::get<XeroError>(result).http_status;
}

TEST_F(XeroClientTest, ACallCarriesTheTokenAndTheOrganisationAndIsCounted) {
  const XeroResult nz = Get("/Organisation");
  ASSERT_EQ(StatusOf(nz), 200);
  EXPECT_NE(std::get<HttpResponse>(nz).body.find("Demo Company (NZ)"), std::string::npos);
  const XeroResult uk = Get("/Organisation", kUk);
  ASSERT_EQ(StatusOf(uk), 200);
  EXPECT_NE(std::get<HttpResponse>(uk).body.find("Demo Company (UK)"), std::string::npos);
  EXPECT_EQ(xero_.stats().sent, 2);
  EXPECT_EQ(budget_.InFlight(domain::TenantId(kNz)), 0);
}

TEST_F(XeroClientTest, TheTokenIsRefreshedBeforeItExpiresWithoutA401) {
  emulator_.clock().Advance(minutes(29));
  ASSERT_EQ(StatusOf(Get("/Organisation")), 200);
  EXPECT_EQ(tokens_.refreshes(), 1);
  EXPECT_EQ(xero_.stats().token_retries, 0);
  EXPECT_EQ(xero_.stats().sent, 1);
}

TEST_F(XeroClientTest, ATokenExpiringInTheMiddleOfABatchIsRefreshedAndEachInvoiceWrittenOnce) {
  const std::vector<domain::Invoice> invoices = Invoices(120, "MID-");  // batches of 50, 50, 20
  int puts = 0;
  stepping_.before = [&](const HttpRequest& request) {
    // The second batch takes 31 minutes to reach Xero: its token expired on the way.
    if (request.method == "PUT" && ++puts == 2) emulator_.clock().Advance(minutes(31));
  };
  const std::vector<DocumentResult<domain::Invoice>> results = Write(invoices, "mid-");
  stepping_.before = nullptr;

  ASSERT_EQ(results.size(), 120u);
  std::set<std::string> ids;
  for (const auto& r : results) {
    ASSERT_EQ(r.outcome, DocumentOutcome::kWritten) << r.index << ": " << r.status;
    ids.insert(r.record->id.value());
  }
  EXPECT_EQ(ids.size(), 120u);
  EXPECT_EQ(puts, 4) << "three batches, the second sent twice";
  EXPECT_EQ(xero_.stats().token_retries, 1);
  EXPECT_EQ(tokens_.refreshes(), 1);
  const std::map<std::string, int> in_xero = InvoicesInXero("MID-");
  EXPECT_EQ(in_xero.size(), 120u);
  for (const auto& [number, count] : in_xero) EXPECT_EQ(count, 1) << number;
}

TEST_F(XeroClientTest, ABatchWithBadElementsReturnsTheGoodIdsAndTheBadMessages) {
  std::vector<domain::Invoice> invoices = Invoices(3, "MIX-");
  invoices[1].line_items[0].account_code = "999";
  const std::vector<DocumentResult<domain::Invoice>> results = Write(invoices, "mix-");
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[0].outcome, DocumentOutcome::kWritten);
  EXPECT_EQ(results[2].outcome, DocumentOutcome::kWritten);
  EXPECT_FALSE(results[0].record->id.value().empty());
  ASSERT_EQ(results[1].outcome, DocumentOutcome::kRejected);
  ASSERT_FALSE(results[1].errors.empty());
  EXPECT_NE(results[1].errors[0].message.find("999"), std::string::npos)
      << results[1].errors[0].message;
  EXPECT_EQ(InvoicesInXero("MIX-"), (std::map<std::string, int>{{"MIX-1000", 1}, {"MIX-1002", 1}}));
}

TEST_F(XeroClientTest, AMinute429IsWaitedOutAndTheCallSentAgain) {
  SpendMinuteElsewhere(60);
  const TimePoint start = emulator_.clock().Now();
  const XeroResult result = Get("/Organisation");
  ASSERT_EQ(StatusOf(result), 200);
  EXPECT_EQ(xero_.stats().rate_limited, 1);
  EXPECT_EQ(xero_.stats().rate_limit_retries, 1);
  const Duration waited = emulator_.clock().Now() - start;
  EXPECT_GT(waited, Duration::zero());
  EXPECT_LE(waited, minutes(1)) << "no longer than Retry-After";
}

TEST_F(XeroClientTest, ADay429ParksTheOrganisationAndLaterCallsAreRefusedWithoutSending) {
  ASSERT_EQ(StatusOf(Get("/Organisation")), 200);
  const TimePoint opened = emulator_.clock().Now();
  const TransportResult spent =
      transport_.Send({"POST",
                       std::string(kBase) + "/_emulator/tenants/" + kNz + "/spend-day",
                       {},
                       R"({"calls":4999})"});
  ASSERT_EQ(std::get<HttpResponse>(spent).status, 200);

  const XeroError day = ErrorOf(Get("/Organisation"));
  EXPECT_EQ(day.http_status, 429);
  EXPECT_EQ(day.rate_limit, RateLimitProblem::kDay);
  EXPECT_EQ(budget_.ParkedUntil(domain::TenantId(kNz)), opened + hours(24));

  const int64_t before = ApiCalls();
  const XeroError parked = ErrorOf(Get("/Organisation"));
  EXPECT_EQ(ApiCalls(), before) << "not sent";
  EXPECT_EQ(parked.http_status, 0);
  EXPECT_EQ(parked.code, StatusCode::kResourceExhausted);
  EXPECT_EQ(parked.reason, XeroErrorReason::kRateLimited);
  EXPECT_NE(parked.message.find("paused until"), std::string::npos) << parked.message;
  EXPECT_EQ(StatusOf(Get("/Organisation", kUk)), 200) << "the other organisation goes on";
}

TEST_F(XeroClientTest, A503OrA500OnAReadIsSentAgainAfterABackoff) {
  emulator::FaultRule maintenance =
      Fault("GET", "/api.xro/2.0/Organisation", emulator::FaultAction::kAnswer);
  maintenance.answer = emulator::FaultAnswer::kMaintenance;
  AddFault(maintenance);
  emulator::FaultRule html =
      Fault("GET", "/api.xro/2.0/Organisation", emulator::FaultAction::kAnswer);
  html.answer = emulator::FaultAnswer::kInternalErrorHtml;
  AddFault(html);
  const TimePoint start = emulator_.clock().Now();
  ASSERT_EQ(StatusOf(Get("/Organisation")), 200);
  EXPECT_EQ(xero_.stats().read_retries, 2);
  EXPECT_EQ(emulator_.clock().Now() - start, seconds(1) + seconds(2));
}

TEST_F(XeroClientTest, AReadFailingOnEveryTryReturnsXerosWords) {
  emulator::FaultRule offline =
      Fault("GET", "/api.xro/2.0/Organisation", emulator::FaultAction::kAnswer, 3);
  offline.answer = emulator::FaultAnswer::kEdgeUnavailable;
  AddFault(offline);
  const XeroError error = ErrorOf(Get("/Organisation"));
  EXPECT_EQ(error.http_status, 503);
  EXPECT_EQ(error.code, StatusCode::kUnavailable);
  EXPECT_FALSE(error.body_excerpt.empty());
  EXPECT_EQ(xero_.stats().sent, 3);
}

TEST_F(XeroClientTest, A500OnAWriteIsNeverSentAgainAndTheLookupSaysItIsNotThere) {
  AddFault(Fault("PUT", "/api.xro/2.0/Invoices", emulator::FaultAction::kAnswer));
  const std::vector<domain::Invoice> invoices = Invoices(2, "ERR-");
  const std::vector<DocumentResult<domain::Invoice>> results = Write(invoices, "err-");
  for (const auto& r : results) {
    EXPECT_EQ(r.outcome, DocumentOutcome::kAmbiguous);
    EXPECT_EQ(r.http_status, 500);
  }
  EXPECT_EQ(xero_.stats().sent, 1);
  ConnectedTransport xero = xero_.Bind(Target());
  EXPECT_TRUE(FindInvoicesByNumber(xero, xero_.Caller(Target()), "ERR-1000")->empty());
}

TEST_F(XeroClientTest, AWriteAppliedThenDroppedIsAmbiguousAndTheLookupFindsItOnce) {
  AddFault(Fault("PUT", "/api.xro/2.0/Invoices", emulator::FaultAction::kApplyThenDrop));
  const std::vector<DocumentResult<domain::Invoice>> results = Write(Invoices(2, "DROP-"), "drop-");
  for (const auto& r : results) EXPECT_EQ(r.outcome, DocumentOutcome::kAmbiguous);
  EXPECT_EQ(xero_.stats().sent, 1) << "an ambiguous write is never sent again by the client";
  ConnectedTransport xero = xero_.Bind(Target());
  const Result<std::vector<domain::Invoice>> found =
      FindInvoicesByNumber(xero, xero_.Caller(Target()), "DROP-1001");
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ(found->size(), 1u);
}

TEST_F(XeroClientTest, RevokedOrganisationsAreRecordedAndThenRefusedWithoutSending) {
  ASSERT_EQ(emulator_.identity().RevokeConnections(kNz), 1);
  const XeroError nz = ErrorOf(Get("/Organisation"));
  EXPECT_EQ(nz.http_status, 403);
  EXPECT_EQ(nz.reason, XeroErrorReason::kRevoked);
  EXPECT_EQ(tokens_.Describe(kConnection)->tenant_ids, std::vector<std::string>{kUk});

  ASSERT_EQ(emulator_.identity().RevokeConnections(kUk), 1);
  EXPECT_EQ(ErrorOf(Get("/Organisation", kUk)).http_status, 403);
  EXPECT_EQ(tokens_.Describe(kConnection)->state, ConnectionState::kRevoked);

  const int64_t before = ApiCalls();
  const XeroError refused = ErrorOf(Get("/Organisation", kUk));
  EXPECT_EQ(ApiCalls(), before);
  EXPECT_EQ(refused.code, StatusCode::kFailedPrecondition);
  EXPECT_EQ(refused.reason, XeroErrorReason::kNotConnected);
  EXPECT_FALSE(refused.retryable);
}

TEST_F(XeroClientTest, AMissingScopeIsRecordedAndCallsWithinTheScopesGoOn) {
  OAuthClient narrow(transport_, XeroEndpoints::AllAt(kBase), DemoApp({"accounting.settings"}));
  TokenManager tokens(narrow, *store_, emulator_.clock());
  const auto [code, verifier] = Authorize(narrow);
  ASSERT_TRUE(tokens.Connect("narrow", code, verifier).ok());
  XeroClient xero(stepping_, tokens, budget_, *this, XeroEndpoints::AllAt(kBase));
  const CallTarget target{"narrow", domain::TenantId(kNz), Priority::kLive};

  const XeroError error =
      ErrorOf(xero.Send(target, BuildGet(xero.Caller(target), "/Invoices", {})));
  EXPECT_EQ(error.http_status, 401);
  EXPECT_EQ(error.reason, XeroErrorReason::kMissingScope);
  EXPECT_EQ(tokens.Describe("narrow")->state, ConnectionState::kMissingScope);
  EXPECT_EQ(StatusOf(xero.Send(target, BuildGet(xero.Caller(target), "/Accounts", {}))), 200);
  EXPECT_EQ(xero.stats().token_retries, 0) << "a missing scope is not a token problem";
}

TEST_F(XeroClientTest, AnExpiredConnectionPausesWritesAsNotSentWithTheReason) {
  emulator_.clock().Advance(hours(24 * 61));  // the refresh token lapsed unused
  const int64_t before = ApiCalls();
  const std::vector<DocumentResult<domain::Invoice>> results = Write(Invoices(2, "EXP-"), "exp-");
  for (const auto& r : results) {
    EXPECT_EQ(r.outcome, DocumentOutcome::kNotSent);
    EXPECT_EQ(r.status.code(), StatusCode::kFailedPrecondition) << r.status;
  }
  EXPECT_EQ(tokens_.Describe(kConnection)->state, ConnectionState::kExpired);
  EXPECT_EQ(ApiCalls(), before + 1) << "one refresh refused; no API call";

  ConnectedTransport xero = xero_.Bind(Target());
  const Result<std::vector<domain::Invoice>> read =
      ReadAllPages<domain::Invoice>(xero, xero_.Caller(Target()), {});
  EXPECT_EQ(read.status().code(), StatusCode::kFailedPrecondition) << read.status();
  EXPECT_EQ(ApiCalls(), before + 1) << "an expired connection is not asked again";
}

TEST_F(XeroClientTest, ARefreshWithNoAnswerIsNotSentAndRetryableAndTheNextCallWorks) {
  emulator::FaultRule lost = Fault("POST", "/connect/token", emulator::FaultAction::kTimeout, 3);
  AddFault(lost);
  emulator_.clock().Advance(minutes(29));
  const XeroError error = ErrorOf(Get("/Organisation"));
  EXPECT_EQ(error.code, StatusCode::kUnavailable);
  EXPECT_EQ(error.reason, XeroErrorReason::kNotSent);
  EXPECT_TRUE(error.retryable);
  EXPECT_EQ(xero_.stats().sent, 0);
  EXPECT_EQ(StatusOf(Get("/Organisation")), 200);
  EXPECT_EQ(tokens_.Describe(kConnection)->state, ConnectionState::kActive);
}

TEST_F(XeroClientTest, CallsAdmittedByTheFairSchedulerUseTheirPermit) {
  FairScheduler scheduler(budget_);
  for (WorkId id = 0; id < 4; ++id) {
    scheduler.Push(domain::TenantId(id % 2 == 0 ? kNz : kUk), Priority::kLive, id);
  }
  std::vector<std::string> order;
  while (true) {
    FairScheduler::Next next = scheduler.TakeNext();
    if (std::holds_alternative<FairScheduler::Empty>(next)) break;
    auto& scheduled = std::get<FairScheduler::Scheduled>(next);
    EXPECT_EQ(budget_.InFlight(scheduled.tenant), 1);
    const CallTarget target{kConnection, scheduled.tenant, scheduled.priority};
    const XeroResult result = xero_.SendAdmitted(
        target, BuildGet(xero_.Caller(target), "/Organisation", {}), std::move(scheduled.permit));
    EXPECT_EQ(StatusOf(result), 200);
    EXPECT_EQ(budget_.InFlight(scheduled.tenant), 0);
    order.push_back(scheduled.tenant.value());
  }
  EXPECT_EQ(order, (std::vector<std::string>{kNz, kUk, kNz, kUk}));
}

TEST(XeroClientOptions, OutOfRangeOptionsAreNamed) {
  XeroClientOptions options;
  EXPECT_TRUE(ValidateXeroClientOptions(options).ok());
  options.read_retries = -1;
  EXPECT_NE(ValidateXeroClientOptions(options).message().find("read_retries"), std::string::npos);
}

}  // namespace
}  // namespace xerosync::xero::testing
