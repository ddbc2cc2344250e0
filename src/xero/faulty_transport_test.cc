// The fault-injecting wrapper: each outcome does what it says to the inner transport (nothing
// sent, sent and answer lost, an answer made up, a wait), scripted plans fire in order on the
// requests they match, and random rules are exact and reproducible from their seed.
#include "xero/faulty_transport.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <variant>
#include <vector>

#include "core/clock.h"
#include "emulator/demo_data.h"
#include "emulator/emulator.h"
#include "emulator/test_support.h"
#include "xero/testing/emulator_transport.h"
#include "xero/xero_error.h"

namespace xerosync::xero {
namespace {

using std::chrono::milliseconds;

// Answers 200 and remembers what reached it.
class RecordingTransport : public Transport {
 public:
  TransportResult Send(const HttpRequest& request) override {
    received.push_back(request.method + " " + request.url);
    return HttpResponse{200, {{"Content-Type", "application/json"}}, "{}"};
  }
  std::vector<std::string> received;
};

HttpRequest Request(const std::string& method, const std::string& path) {
  return {method, "https://api.xero.com" + path + "?page=1", {}, ""};
}

bool IsFailure(const TransportResult& r, TransportFailure failure) {
  const auto* error = std::get_if<TransportError>(&r);
  return error != nullptr && error->failure == failure;
}

int StatusOf(const TransportResult& r) {
  const auto* response = std::get_if<HttpResponse>(&r);
  return response != nullptr ? response->status : -1;
}

TEST(FaultyTransport, WithoutRulesEverythingPassesThrough) {
  RecordingTransport inner;
  FaultyTransport faulty(inner);
  EXPECT_EQ(StatusOf(faulty.Send(Request("GET", "/api.xro/2.0/Invoices"))), 200);
  EXPECT_EQ(inner.received.size(), 1u);
  EXPECT_EQ(faulty.counts().passed, 1);
}

TEST(FaultyTransport, NotSentNeverReachesTheInnerTransport) {
  RecordingTransport inner;
  FaultyTransport faulty(inner);
  faulty.Plan({}, {Fault::NotSent()});
  EXPECT_TRUE(
      IsFailure(faulty.Send(Request("PUT", "/api.xro/2.0/Invoices")), TransportFailure::kNotSent));
  EXPECT_TRUE(inner.received.empty());
  EXPECT_EQ(StatusOf(faulty.Send(Request("PUT", "/api.xro/2.0/Invoices"))), 200);  // used up
  EXPECT_EQ(inner.received.size(), 1u);
}

TEST(FaultyTransport, AStatusIsMadeUpWithoutCallingXero) {
  RecordingTransport inner;
  FaultyTransport faulty(inner);
  faulty.Plan({}, {Fault::Status(503),
                   Fault::Status(429, "Rate limit exceeded",
                                 {{"X-Rate-Limit-Problem", "minute"}, {"Retry-After", "30"}})});
  const TransportResult offline = faulty.Send(Request("GET", "/api.xro/2.0/Contacts"));
  ASSERT_EQ(StatusOf(offline), 503);
  EXPECT_EQ(std::get<HttpResponse>(offline).body, "The Xero API is temporarily unavailable");
  const XeroResult limited = ClassifyResult(faulty.Send(Request("GET", "/api.xro/2.0/Contacts")));
  ASSERT_TRUE(std::holds_alternative<XeroError>(limited));
  EXPECT_EQ(std::get<XeroError>(limited).code, StatusCode::kResourceExhausted);
  EXPECT_EQ(std::get<XeroError>(limited).retry_after, std::chrono::seconds(30));
  EXPECT_TRUE(inner.received.empty());
  EXPECT_EQ(faulty.counts().status, 2);
}

TEST(FaultyTransport, LatencyWaitsThroughTheSleeperThenSends) {
  RecordingTransport inner;
  std::vector<milliseconds> waits;
  FaultyTransport faulty(inner,
                         {.seed = 0, .sleeper = [&](milliseconds d) { waits.push_back(d); }});
  Fault slow_outage = Fault::NotSent();
  slow_outage.delay = milliseconds(30'000);
  faulty.Plan({}, {Fault::Latency(milliseconds(250)), slow_outage});
  EXPECT_EQ(StatusOf(faulty.Send(Request("GET", "/connections"))), 200);
  EXPECT_TRUE(IsFailure(faulty.Send(Request("GET", "/connections")), TransportFailure::kNotSent));
  EXPECT_EQ(waits, (std::vector<milliseconds>{milliseconds(250), milliseconds(30'000)}));
  EXPECT_EQ(inner.received.size(), 1u);
  EXPECT_EQ(faulty.counts().delayed, 2);
}

TEST(FaultyTransport, PlansMatchMethodAndPathPrefixAndFireInOrder) {
  RecordingTransport inner;
  FaultyTransport faulty(inner);
  faulty.Plan({.method = "PUT", .path = "/api.xro/2.0/Invoices"},
              {Fault::Status(500), Fault::NotSent()});
  EXPECT_EQ(StatusOf(faulty.Send(Request("GET", "/api.xro/2.0/Invoices"))), 200);  // method
  EXPECT_EQ(StatusOf(faulty.Send(Request("PUT", "/api.xro/2.0/InvoiceReminders"))), 200);
  EXPECT_EQ(StatusOf(faulty.Send(Request("PUT", "/api.xro/2.0/Invoices/abc"))), 500);  // below
  EXPECT_TRUE(
      IsFailure(faulty.Send(Request("PUT", "/api.xro/2.0/Invoices")), TransportFailure::kNotSent));
  EXPECT_EQ(StatusOf(faulty.Send(Request("PUT", "/api.xro/2.0/Invoices"))), 200);
  faulty.Plan({.method = "PUT", .path = "/api.xro/2.0/Invoices"}, {Fault::Status(502)});
  faulty.Clear();
  EXPECT_EQ(StatusOf(faulty.Send(Request("PUT", "/api.xro/2.0/Invoices"))), 200);
}

// Over the emulator: the write lands, and the caller is told it cannot know.
TEST(FaultyTransport, AmbiguousSendsAndThrowsTheAnswerAway) {
  FakeClock clock;
  emulator::Emulator emulator(clock, emulator::testing::DemoOptions(3));
  const std::string token = emulator::testing::ConnectDemoApp(emulator, "accounting.contacts");
  testing::EmulatorTransport inner(emulator);
  FaultyTransport faulty(inner);
  faulty.Plan({.method = "PUT", .path = ""}, {Fault::Ambiguous()});
  const HeaderList headers = {{"Authorization", "Bearer " + token},
                              {"xero-tenant-id", std::string(emulator::kDemoNzTenantId)},
                              {"Content-Type", "application/json"}};
  const TransportResult put =
      faulty.Send({"PUT", "https://api.xero.com/api.xro/2.0/Contacts", headers,
                   R"({"Contacts":[{"Name":"Lost Answer Ltd"}]})"});
  EXPECT_TRUE(IsFailure(put, TransportFailure::kAmbiguous));
  EXPECT_EQ(inner.sent(), 1);
  const TransportResult read = faulty.Send(
      {"GET", "https://api.xero.com/api.xro/2.0/Contacts?where=Name%3D%3D%22Lost%20Answer%20Ltd%22",
       headers, ""});
  ASSERT_EQ(StatusOf(read), 200);
  EXPECT_NE(std::get<HttpResponse>(read).body.find("Lost Answer Ltd"), std::string::npos);
}

// The outcomes of `n` GETs through a random rule, as a string of '.' (passed) and 'x' (failed).
std::string Draws(uint64_t seed, FaultProbability p, int n) {
  RecordingTransport inner;
  FaultyTransport faulty(inner, {.seed = seed, .sleeper = {}});
  faulty.AddRandom({.method = "GET", .path = ""}, Fault::NotSent(), p);
  std::string out;
  for (int i = 0; i < n; ++i) {
    out += std::holds_alternative<TransportError>(faulty.Send(Request("GET", "/x"))) ? 'x' : '.';
  }
  return out;
}

TEST(FaultyTransport, RandomRulesAreReproducibleAndExact) {
  EXPECT_EQ(Draws(42, {1, 4}, 200), Draws(42, {1, 4}, 200));
  EXPECT_NE(Draws(42, {1, 4}, 200), Draws(43, {1, 4}, 200));
  EXPECT_EQ(Draws(1, {0, 1}, 100), std::string(100, '.'));
  EXPECT_EQ(Draws(1, {1, 1}, 100), std::string(100, 'x'));
  const std::string many = Draws(7, {1, 4}, 8000);
  const auto failed = std::count(many.begin(), many.end(), 'x');
  EXPECT_GT(failed, 1800);  // 2000 expected; the standard deviation is about 39
  EXPECT_LT(failed, 2200);
}

TEST(FaultyTransport, ScriptedPlansComeBeforeRandomRules) {
  RecordingTransport inner;
  FaultyTransport faulty(inner);
  faulty.AddRandom({}, Fault::Status(503), {1, 1});
  faulty.Plan({}, {Fault::NotSent()});
  EXPECT_TRUE(IsFailure(faulty.Send(Request("GET", "/x")), TransportFailure::kNotSent));
  EXPECT_EQ(StatusOf(faulty.Send(Request("GET", "/x"))), 503);
}

}  // namespace
}  // namespace xerosync::xero
