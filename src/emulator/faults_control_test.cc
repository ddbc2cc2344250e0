// Fault injection driven as a test harness drives it: rules set through the control API, their
// effects seen through Emulator::Handle, holds recorded by an injected sleeper (nothing waits).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/json.h"
#include "emulator/demo_data.h"
#include "emulator/emulator.h"
#include "emulator/faults.h"
#include "emulator/test_support.h"

namespace xerosync::emulator {
namespace {

using std::chrono::milliseconds;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr char kScopes[] = "openid accounting.settings accounting.contacts offline_access";

class FaultsControlTest : public ::testing::Test {
 protected:
  FaultsControlTest() : emulator_(clock_, Options(holds_)) {
    token_ = testing::ConnectDemoApp(emulator_, kScopes);
  }
  static EmulatorOptions Options(std::vector<milliseconds>& holds) {
    EmulatorOptions options;
    options.auto_consent = true;
    options.seed = 3;
    options.hold = [&holds](milliseconds ms) { holds.push_back(ms); };
    return options;
  }

  http::Response Call(std::string method, std::string path, std::string body = "") {
    http::Request r;
    r.method = std::move(method);
    r.path = std::move(path);
    r.body = std::move(body);
    return emulator_.Handle(r);
  }
  // An accounting call by the connected demo app.
  http::Response Api(std::string method, const std::string& path,
                     std::string tenant = std::string(kDemoNzTenantId)) {
    http::Request r;
    r.method = std::move(method);
    r.path = "/api.xro/2.0" + path;
    r.headers.Set("Authorization", "Bearer " + token_);
    r.headers.Set("xero-tenant-id", std::move(tenant));
    return emulator_.Handle(r);
  }
  // Adds a rule; returns its id.
  int64_t AddFault(const std::string& body) {
    const http::Response r = Call("POST", "/_emulator/faults", body);
    EXPECT_EQ(r.status, 201) << body << ": " << r.body;
    const Json answer = Body(r);
    return answer.Find("id") != nullptr ? answer.Find("id")->AsInt64().value_or(0) : 0;
  }
  static Json Body(const http::Response& r) { return Json::Parse(r.body).value_or(Json()); }
  static std::string ContentType(const http::Response& r) {
    return std::string(r.headers.Get("Content-Type").value_or(""));
  }
  Json Listed() { return Body(Call("GET", "/_emulator/faults")).Find("faults")->AsArray().at(0); }

  FakeClock clock_;
  std::vector<milliseconds> holds_;
  Emulator emulator_;
  std::string token_;
};

TEST_F(FaultsControlTest, EachAnswerKindHasXerosStatusBodyAndContentType) {
  struct Case {
    const char* kind;
    int status;
    const char* content_type;
    const char* body_has;
  };
  for (const Case& c : {
           Case{"500", 500, "application/json", R"("Title":"An error occurred")"},
           Case{"500-html", 500, "text/html", "Xero | Error 500"},
           Case{"503-text", 503, "text/plain", "The Xero API is currently offline for maintenance"},
           Case{"503-unavailable", 503, "text/plain", "The Xero API is temporarily unavailable"},
           Case{"503-html", 503, "text/html", "<TITLE>Service Unavailable</TITLE>"},
           Case{"502", 502, "text/html", "<TITLE>Bad Gateway</TITLE>"},
       }) {
    AddFault(std::string(R"({"path":"/api.xro/2.0/Organisation","times":1,"kind":")") + c.kind +
             "\"}");
    const http::Response r = Api("GET", "/Organisation");
    EXPECT_EQ(r.status, c.status) << c.kind;
    EXPECT_THAT(ContentType(r), StartsWith(c.content_type)) << c.kind;
    EXPECT_THAT(r.body, HasSubstr(c.body_has)) << c.kind;
    EXPECT_TRUE(r.headers.Get("Xero-Correlation-Id").has_value()) << c.kind;
    EXPECT_EQ(Api("GET", "/Organisation").status, 200) << c.kind << " fires once";
  }
  AddFault(R"({"kind":"status","status":409,"times":1})");
  const http::Response conflict = Api("GET", "/Organisation");
  EXPECT_EQ(conflict.status, 409);
  EXPECT_THAT(conflict.body, HasSubstr(R"("Status":409)"));
  EXPECT_TRUE(holds_.empty());  // no rule asked to hold
}

TEST_F(FaultsControlTest, The500JsonIsExactAndNamesAFreshInstance) {
  AddFault(R"({"kind":"500"})");
  const http::Response r = Api("GET", "/Organisation");
  const Json body = Body(r);
  ASSERT_TRUE(body.is_object()) << r.body;
  const std::string instance = body.Find("Instance")->AsString();
  EXPECT_EQ(instance.size(), 36u);
  EXPECT_EQ(r.body, R"({"Title":"An error occurred","Detail":"An error occurred in Xero. Check )"
                    R"(the API Status page http://status.developer.xero.com for current service )"
                    R"(status.","Status":500,"Instance":")" +
                        instance + "\"}");
  EXPECT_NE(Body(Api("GET", "/Organisation")).Find("Instance")->AsString(), instance);
}

TEST_F(FaultsControlTest, FaultsApplyToIdentityPathsButNeverToTheControlApi) {
  AddFault(R"({"kind":"503-text"})");  // every path, every method
  EXPECT_EQ(Call("GET", "/connections").status, 503);
  EXPECT_EQ(Call("POST", "/connect/token").status, 503);
  EXPECT_EQ(Call("GET", "/_emulator/faults").status, 200);
  EXPECT_EQ(Call("GET", "/_emulator/clock").status, 200);
  EXPECT_EQ(Call("DELETE", "/_emulator/faults").status, 200);
  EXPECT_EQ(Call("GET", "/connections").status, 401);  // back to normal: no token
}

TEST_F(FaultsControlTest, MatchesByMethodPathAndTenant) {
  AddFault(std::string(R"({"method":"get","path":"/api.xro/2.0/Contacts","tenant":")") +
           std::string(kDemoUkTenantId) + R"(","kind":"500"})");
  EXPECT_EQ(Api("GET", "/Contacts", std::string(kDemoUkTenantId)).status, 500);
  EXPECT_EQ(Api("GET", "/Contacts", std::string(kDemoNzTenantId)).status, 200);
  EXPECT_EQ(Api("GET", "/Organisation", std::string(kDemoUkTenantId)).status, 200);
  EXPECT_EQ(Listed().Find("method")->AsString(), "GET");
  EXPECT_EQ(Listed().Find("hits")->AsInt64().value(), 1);
}

TEST_F(FaultsControlTest, AnAnsweredFaultSpendsNoRateLimitBudget) {
  AddFault(R"({"kind":"500","times":1})");
  ASSERT_EQ(Api("GET", "/Organisation").status, 500);
  const http::Response ok = Api("GET", "/Organisation");
  ASSERT_EQ(ok.status, 200);
  EXPECT_EQ(ok.headers.Get("X-MinLimit-Remaining"), "59");  // the first counted call
}

TEST_F(FaultsControlTest, DelayHoldsThroughTheInjectedSleeperThenAnswersNormally) {
  AddFault(R"({"path":"/api.xro/2.0/Organisation","delay_ms":1500,"times":2})");
  EXPECT_EQ(Listed().Find("action")->AsString(), "delay");
  const http::Response r = Api("GET", "/Organisation");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.headers.Get("X-MinLimit-Remaining"), "59");  // a slow call still counts
  EXPECT_THAT(holds_, ElementsAre(milliseconds(1500)));
  EXPECT_EQ(Api("GET", "/Organisation").status, 200);
  EXPECT_EQ(Api("GET", "/Organisation").status, 200);
  EXPECT_THAT(holds_, ElementsAre(milliseconds(1500), milliseconds(1500)));
}

TEST_F(FaultsControlTest, AnAnswerMayBeHeldFirst) {
  AddFault(R"({"kind":"503-html","delay_ms":200})");
  EXPECT_EQ(Api("GET", "/Organisation").status, 503);
  EXPECT_THAT(holds_, ElementsAre(milliseconds(200)));
}

TEST_F(FaultsControlTest, TimeoutHoldsThenDropsTheConnection) {
  AddFault(R"({"timeout_ms":30000,"times":1})");
  const http::Response r = Api("GET", "/Organisation");
  EXPECT_TRUE(r.drop_connection);
  EXPECT_THAT(holds_, ElementsAre(milliseconds(30000)));
  EXPECT_EQ(Listed().Find("action")->AsString(), "timeout");
  EXPECT_EQ(Listed().Find("timeout_ms")->AsInt64().value(), 30000);
  EXPECT_FALSE(Api("GET", "/Organisation").drop_connection);
}

TEST_F(FaultsControlTest, ApplyThenDropHandlesTheRequestThenDrops) {
  AddFault(R"({"action":"apply-then-drop","path":"/api.xro/2.0/Organisation","times":1})");
  const http::Response r = Api("GET", "/Organisation");
  EXPECT_TRUE(r.drop_connection);
  EXPECT_EQ(r.status, 200);  // what the handler answered, never sent
  EXPECT_THAT(r.body, HasSubstr("Demo Company (NZ)"));
  EXPECT_FALSE(Api("GET", "/Organisation").drop_connection);
}

TEST_F(FaultsControlTest, AnExceptionEscapingTheHandlingIsAnswered500Json) {
  // The injected sleeper stands for any code on the request's path that throws.
  std::vector<milliseconds> unused;
  EmulatorOptions options = Options(unused);
  options.hold = [](milliseconds) { throw std::runtime_error("boom"); };
  Emulator emulator(clock_, std::move(options));
  http::Request add;
  add.method = "POST";
  add.path = "/_emulator/faults";
  add.body = R"({"delay_ms":10})";
  ASSERT_EQ(emulator.Handle(add).status, 201);
  http::Request r;
  r.method = "GET";
  r.path = "/connections";
  const http::Response answer = emulator.Handle(r);
  EXPECT_EQ(answer.status, 500);
  EXPECT_THAT(ContentType(answer), StartsWith("application/json"));
  EXPECT_THAT(answer.body, HasSubstr(R"("Title":"An error occurred")"));
  EXPECT_TRUE(answer.headers.Get("Xero-Correlation-Id").has_value());
}

TEST_F(FaultsControlTest, ListsRemovesAndClearsRules) {
  const int64_t a = AddFault(
      R"({"method":"PUT","path":"/api.xro/2.0/Invoices","kind":"500","times":3,"probability":"0.5","seed":9})");
  const int64_t b = AddFault(R"({"kind":502,"probability":0.25})");
  const Json listed = Body(Call("GET", "/_emulator/faults"));
  ASSERT_EQ(listed.Find("faults")->AsArray().size(), 2u);
  const Json& first = listed.Find("faults")->AsArray()[0];
  EXPECT_EQ(first, Json::Parse(R"({"id":)" + std::to_string(a) +
                               R"(,"method":"PUT","path":"/api.xro/2.0/Invoices",)"
                               R"("action":"answer","kind":"500","times":3,"probability":"0.5",)"
                               R"("seed":9,"matched":0,"hits":0,"remaining":3})")
                       .value());
  const Json& second = listed.Find("faults")->AsArray()[1];
  EXPECT_EQ(second.Find("kind")->AsString(), "status");
  EXPECT_EQ(second.Find("status")->AsInt64().value(), 502);
  EXPECT_EQ(second.Find("probability")->AsString(), "0.25");
  EXPECT_TRUE(second.Find("remaining")->is_null());

  EXPECT_EQ(Call("DELETE", "/_emulator/faults/" + std::to_string(a)).status, 200);
  EXPECT_EQ(Call("DELETE", "/_emulator/faults/" + std::to_string(a)).status, 404);
  EXPECT_EQ(Call("DELETE", "/_emulator/faults/x").status, 404);
  EXPECT_EQ(Listed().Find("id")->AsInt64().value(), b);
  const http::Response cleared = Call("DELETE", "/_emulator/faults");
  EXPECT_EQ(Body(cleared).Find("removed")->AsInt64().value(), 1);
  EXPECT_TRUE(Body(Call("GET", "/_emulator/faults")).Find("faults")->AsArray().empty());
}

TEST_F(FaultsControlTest, BadBodiesAre400NamingTheFieldAndAddNothing) {
  struct Case {
    const char* body;
    const char* names;
  };
  for (const Case& c : {
           Case{"", "action"},
           Case{"[1]", "JSON object"},
           Case{"not json", "JSON object"},
           Case{R"({"kind":"501-html"})", "kind"},
           Case{R"({"kind":"status"})", "status"},
           Case{R"({"kind":"status","status":200})", "status"},
           Case{R"({"kind":"500","status":502})", "status"},
           Case{R"({"status":"bad"})", "status"},
           Case{R"({"action":"explode"})", "action"},
           Case{R"({"action":"answer"})", "kind"},
           Case{R"({"action":"delay"})", "delay_ms"},
           Case{R"({"action":"timeout"})", "timeout_ms"},
           Case{R"({"action":"timeout","delay_ms":5})", "delay_ms"},
           Case{R"({"action":"delay","timeout_ms":5})", "timeout_ms"},
           Case{R"({"action":"delay","delay_ms":-1})", "delay_ms"},
           Case{R"({"action":"delay","delay_ms":1.5})", "delay_ms"},
           Case{R"({"action":"delay","kind":"500","delay_ms":5})", "kind"},
           Case{R"({"kind":"500","times":0})", "times"},
           Case{R"({"kind":"500","probability":"0"})", "probability"},
           Case{R"({"kind":"500","probability":"1.5"})", "probability"},
           Case{R"({"kind":"500","probability":"0.00001"})", "probability"},
           Case{R"({"kind":"500","probability":"one half"})", "probability"},
           Case{R"({"kind":"500","probability":true})", "probability"},
           Case{R"({"kind":"500","method":"P U T"})", "method"},
           Case{R"({"kind":"500","method":7})", "method"},
           Case{R"({"kind":"500","path":"api.xro/2.0"})", "path"},
           Case{R"({"kind":"500","path":"/_emulator/clock"})", "path"},
           Case{R"({"kind":"500","tenant":""})", "tenant"},
           Case{R"({"kind":"500","seed":-1})", "seed"},
           Case{R"({"kind":"500","time":1})", "time"},
       }) {
    const http::Response r = Call("POST", "/_emulator/faults", c.body);
    EXPECT_EQ(r.status, 400) << c.body;
    const Json body = Body(r);
    const Json* error = body.Find("error");
    ASSERT_NE(error, nullptr) << c.body << ": " << r.body;
    EXPECT_THAT(error->AsString(), HasSubstr(c.names)) << c.body;
  }
  EXPECT_TRUE(Body(Call("GET", "/_emulator/faults")).Find("faults")->AsArray().empty());
  EXPECT_EQ(Api("GET", "/Organisation").status, 200);
}

TEST_F(FaultsControlTest, ProbabilityFromTheControlApiIsSeededAndProportional) {
  AddFault(R"({"path":"/connections","kind":"500","probability":"0.3","seed":1234})");
  std::string pattern;
  for (int i = 0; i < 1000; ++i) pattern += Call("GET", "/connections").status == 500 ? '1' : '0';
  const auto fired = std::count(pattern.begin(), pattern.end(), '1');
  EXPECT_GT(fired, 240);  // Binomial(1000, 0.3): mean 300, sd about 14.5
  EXPECT_LT(fired, 360);
  EXPECT_EQ(Listed().Find("hits")->AsInt64().value(), fired);
  EXPECT_EQ(Listed().Find("matched")->AsInt64().value(), 1000);

  // The same rule in a fresh emulator fires on the same requests.
  std::vector<milliseconds> unused;
  Emulator again(clock_, Options(unused));
  http::Request add;
  add.method = "POST";
  add.path = "/_emulator/faults";
  add.body = R"({"path":"/connections","kind":"500","probability":"0.3","seed":1234})";
  ASSERT_EQ(again.Handle(add).status, 201);
  std::string repeat;
  for (int i = 0; i < 1000; ++i) {
    http::Request r;
    r.method = "GET";
    r.path = "/connections";
    repeat += again.Handle(r).status == 500 ? '1' : '0';
  }
  EXPECT_EQ(repeat, pattern);
}

}  // namespace
}  // namespace xerosync::emulator
