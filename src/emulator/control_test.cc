// The control API, driven in-process through Emulator::Handle as a test harness drives it.
#include "emulator/control.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/json.h"
#include "emulator/demo_data.h"
#include "emulator/emulator.h"
#include "emulator/test_support.h"

namespace xerosync::emulator {
namespace {

using ::testing::HasSubstr;

class ControlTest : public ::testing::Test {
 protected:
  ControlTest() : emulator_(clock_, Options()) {}
  static EmulatorOptions Options() {
    EmulatorOptions options;
    options.auto_consent = true;
    return options;
  }

  http::Response Call(std::string method, std::string path, std::string body = "") {
    http::Request r;
    r.method = std::move(method);
    r.path = std::move(path);
    r.body = std::move(body);
    return emulator_.Handle(r);
  }
  static Json Body(const http::Response& r) { return Json::Parse(r.body).value_or(Json()); }

  FakeClock clock_;
  Emulator emulator_;
};

TEST_F(ControlTest, AdvancesAndScalesTheEmulatedClock) {
  const TimePoint start = emulator_.clock().Now();
  const http::Response advanced = Call("POST", "/_emulator/clock/advance", R"({"seconds":1860})");
  ASSERT_EQ(advanced.status, 200) << advanced.body;
  EXPECT_EQ(emulator_.clock().Now(), start + std::chrono::minutes(31));
  EXPECT_EQ(Body(advanced).Find("now_ms")->AsInt64().value(),
            std::chrono::duration_cast<std::chrono::milliseconds>(
                emulator_.clock().Now().time_since_epoch())
                .count());
  ASSERT_EQ(Call("POST", "/_emulator/clock/scale", R"({"scale":60})").status, 200);
  clock_.Advance(std::chrono::seconds(1));
  EXPECT_EQ(emulator_.clock().Now(), start + std::chrono::minutes(32));
  EXPECT_EQ(Body(Call("GET", "/_emulator/clock")).Find("scale")->AsInt64().value(), 60);
}

TEST_F(ControlTest, BadBodiesAre400NamingTheFieldAndChangeNothing) {
  const TimePoint start = emulator_.clock().Now();
  for (const char* body :
       {"", "not json", "[1]", R"({"seconds":-5})", R"({"seconds":"ten"})", R"({"seconds":1.5})"}) {
    const http::Response r = Call("POST", "/_emulator/clock/advance", body);
    EXPECT_EQ(r.status, 400) << body;
    EXPECT_NE(Body(r).Find("error"), nullptr) << body;
  }
  EXPECT_EQ(emulator_.clock().Now(), start);
  EXPECT_THAT(Call("POST", "/_emulator/clock/scale", R"({"scale":0})").body, HasSubstr("scale"));
  const RateLimitOptions before = emulator_.rate_limits().options();
  EXPECT_EQ(Call("PUT", "/_emulator/rate-limits", R"({"per_minute":30,"per_day":"x"})").status,
            400);
  EXPECT_EQ(emulator_.rate_limits().options().per_minute, before.per_minute);
}

TEST_F(ControlTest, SetsAndSpendsTheRateLimits) {
  const http::Response set = Call("PUT", "/_emulator/rate-limits", R"({"per_day":1000})");
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(Body(set).Find("per_day")->AsInt64().value(), 1000);
  EXPECT_EQ(Body(set).Find("per_minute")->AsInt64().value(), 60);  // unchanged
  const std::string tenant(kDemoNzTenantId);
  ASSERT_EQ(Call("POST", "/_emulator/tenants/" + tenant + "/spend-day", R"({"calls":1000})").status,
            200);
  EXPECT_FALSE(emulator_.rate_limits().Admit(tenant).allowed);
  ASSERT_EQ(Call("POST", "/_emulator/tenants/" + tenant + "/reset-limits").status, 200);
  EXPECT_TRUE(emulator_.rate_limits().Admit(tenant).allowed);
}

TEST_F(ControlTest, ExpiringAndRevokingActOnTheLiveGrants) {
  ASSERT_FALSE(testing::ConnectDemoApp(emulator_, "accounting.settings offline_access").empty());

  EXPECT_EQ(Body(Call("POST", "/_emulator/tokens/expire")).Find("expired")->AsInt64().value(), 1);
  EXPECT_EQ(Body(Call("POST", "/_emulator/tokens/expire")).Find("expired")->AsInt64().value(), 0);
  EXPECT_EQ(
      Body(Call("POST", "/_emulator/refresh-tokens/expire")).Find("expired")->AsInt64().value(), 1);
  const std::string nz(kDemoNzTenantId);
  EXPECT_EQ(emulator_.identity().ConnectionCount(nz), 1);
  EXPECT_EQ(
      Body(Call("POST", "/_emulator/tenants/" + nz + "/revoke")).Find("revoked")->AsInt64().value(),
      1);
  EXPECT_EQ(emulator_.identity().ConnectionCount(nz), 0);
  EXPECT_EQ(emulator_.identity().ConnectionCount(kDemoUkTenantId), 1);
  EXPECT_EQ(Call("GET", "/_emulator/tokens/expire").status, 405);
}

}  // namespace
}  // namespace xerosync::emulator
