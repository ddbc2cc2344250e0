// Identity's grants and tokens through the --state file: a client's tokens keep working in a new
// emulator that imported them, a bad identity member is refused whole, and the saver notices
// identity changes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "core/json.h"
#include "emulator/demo_data.h"
#include "emulator/emulator.h"
#include "emulator/identity.h"
#include "emulator/state_file.h"
#include "emulator/test_support.h"

namespace xerosync::emulator {
namespace {

using ::testing::HasSubstr;

EmulatorOptions Options(uint64_t seed) {
  EmulatorOptions options;
  options.auto_consent = true;
  options.seed = seed;
  return options;
}

http::Response GetOrganisation(Emulator& emulator, const std::string& token) {
  http::Request r;
  r.method = "GET";
  r.path = "/api.xro/2.0/Organisation";
  r.headers.Set("Authorization", "Bearer " + token);
  r.headers.Set("xero-tenant-id", std::string(kDemoNzTenantId));
  return emulator.Handle(r);
}

http::Response Refresh(Emulator& emulator, const std::string& refresh_token) {
  const App app = DemoApp();
  http::Request r;
  r.method = "POST";
  r.path = "/connect/token";
  r.headers.Set("Authorization", "Basic " + Base64Encode(app.client_id + ":" + app.client_secret));
  r.body = "grant_type=refresh_token&refresh_token=" + http::PercentEncode(refresh_token);
  return emulator.Handle(r);
}

// The refresh token of the only grant that has not been used yet.
std::string LiveRefreshToken(const Json& identity) {
  for (const Json& token : identity.Find("refresh_tokens")->AsArray()) {
    if (token.Find("successor")->AsString().empty()) return token.Find("token")->AsString();
  }
  return "";
}

TEST(IdentityStateTest, TokensKeepWorkingInAnEmulatorThatImportedThem) {
  FakeClock clock;
  Emulator before(clock, Options(1));
  const std::string access = testing::ConnectDemoApp(before, "accounting.settings offline_access");
  const std::string first_refresh = LiveRefreshToken(before.identity().ExportState());
  ASSERT_EQ(Refresh(before, first_refresh).status, 200);  // rotation: a superseded token
  const Json exported = before.identity().ExportState();
  EXPECT_EQ(exported.Find("refresh_tokens")->AsArray().size(), 2u);

  Emulator after(clock, Options(2));
  EXPECT_EQ(GetOrganisation(after, access).status, 401);
  ASSERT_TRUE(after.identity().ImportState(exported).ok());
  EXPECT_EQ(after.identity().ExportState(), exported);
  EXPECT_EQ(GetOrganisation(after, access).status, 200);
  EXPECT_EQ(after.identity().ConnectionCount(kDemoNzTenantId), 1);
  // The rotated token and, within its grace window, the superseded one both refresh.
  EXPECT_EQ(Refresh(after, LiveRefreshToken(exported)).status, 200);
  EXPECT_EQ(Refresh(after, first_refresh).status, 200);
  // Expiry times came along: 30 minutes after issue the access token has expired.
  clock.Advance(std::chrono::minutes(31));
  EXPECT_EQ(GetOrganisation(after, access).status, 401);
}

TEST(IdentityStateTest, ABadIdentityIsRefusedWholeNamingTheMember) {
  FakeClock clock;
  Emulator emulator(clock, Options(3));
  const std::string access = testing::ConnectDemoApp(emulator, "accounting.settings");
  const Json good = emulator.identity().ExportState();

  Json bad = good;
  bad.Find("access_tokens")->AsArray()[0].Set("expires", Json::String("soon"));
  const Status refused = emulator.identity().ImportState(bad);
  EXPECT_FALSE(refused.ok());
  EXPECT_THAT(refused.message(), HasSubstr("identity.access_tokens[0].expires must be a UTC time"));
  EXPECT_FALSE(emulator.identity().ImportState(Json::MakeArray()).ok());
  EXPECT_FALSE(emulator.identity().ImportState(Json::MakeObject()).ok());
  EXPECT_EQ(emulator.identity().ExportState(), good);  // nothing changed
  EXPECT_EQ(GetOrganisation(emulator, access).status, 200);
}

TEST(IdentityStateTest, TheSaverKeepsTheIdentityAndNoticesItsChanges) {
  std::string pattern =
      (std::filesystem::temp_directory_path() / "identity_state_test.XXXXXX").string();
  const std::string directory = ::mkdtemp(pattern.data());
  const std::string path = directory + "/state.json";
  FakeClock clock;
  Emulator emulator(clock, Options(4));
  StateSaver saver(path, emulator.organisations(), &emulator.identity());
  EXPECT_EQ(saver.SaveIfChanged().value(), true);
  EXPECT_EQ(saver.SaveIfChanged().value(), false);
  testing::ConnectDemoApp(emulator, "accounting.settings offline_access");  // no organisation write
  EXPECT_EQ(saver.SaveIfChanged().value(), true);

  const auto loaded = LoadStateFile(path);
  ASSERT_TRUE(loaded.ok() && loaded->has_value()) << loaded.status().message();
  EXPECT_EQ((*loaded)->identity, emulator.identity().ExportState());
  EXPECT_EQ((*loaded)->organisations.size(), 2u);
  std::filesystem::remove_all(directory);
}

}  // namespace
}  // namespace xerosync::emulator
