#include "cli/connection_settings.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

namespace xerosync::cli {
namespace {

using ::testing::HasSubstr;

class ConnectionSettingsTest : public ::testing::Test {
 protected:
  Result<ConnectionSettings> Resolve(const ConnectionFlags& flags, bool need_app = true) {
    return ResolveConnectionSettings(
        flags,
        [this](const char* name) -> const char* {
          const auto it = env_.find(name);
          return it == env_.end() ? nullptr : it->second.c_str();
        },
        need_app);
  }

  std::map<std::string, std::string> env_;
};

TEST_F(ConnectionSettingsTest, DefaultsAreXeroGranularScopesAndTheLocalDataDirectory) {
  ConnectionFlags flags;
  flags.client_id = "APP1";
  Result<ConnectionSettings> s = Resolve(flags);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->client_id, "APP1");
  EXPECT_EQ(s->client_secret, "");
  EXPECT_EQ(s->scope_set, xero::ScopeSet::kGranular);
  EXPECT_EQ(s->endpoints.login, "https://login.xero.com");
  EXPECT_EQ(s->endpoints.identity, "https://identity.xero.com");
  EXPECT_EQ(s->endpoints.api, "https://api.xero.com");
  EXPECT_EQ(s->data_dir, "./xerosync-data");
  EXPECT_EQ(s->TokenDirectory(), "./xerosync-data/tokens");
  EXPECT_EQ(s->DatabasePath(), "./xerosync-data/xerosync.db");
  EXPECT_EQ(s->connection, "default");
}

TEST_F(ConnectionSettingsTest, TheEnvironmentFillsWhatFlagsDoNotAndFlagsWin) {
  env_ = {{"XEROSYNC_XERO_CLIENT_ID", "ENVAPP"},
          {"XEROSYNC_XERO_CLIENT_SECRET", "s3cret"},
          {"XEROSYNC_XERO_SCOPES", "broad"},
          {"XEROSYNC_XERO_URL", "http://127.0.0.1:8765/"},
          {"XEROSYNC_DATA_DIR", "/var/lib/xerosync"}};
  Result<ConnectionSettings> s = Resolve({});
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->client_id, "ENVAPP");
  EXPECT_EQ(s->client_secret, "s3cret");
  EXPECT_EQ(s->scope_set, xero::ScopeSet::kBroad);
  // One base for the three hosts, as the emulator serves them; the trailing slash dropped.
  EXPECT_EQ(s->endpoints.login, "http://127.0.0.1:8765");
  EXPECT_EQ(s->endpoints.identity, "http://127.0.0.1:8765");
  EXPECT_EQ(s->endpoints.api, "http://127.0.0.1:8765");
  EXPECT_EQ(s->TokenDirectory(), "/var/lib/xerosync/tokens");
  EXPECT_EQ(s->DatabasePath(), "/var/lib/xerosync/xerosync.db");

  ConnectionFlags flags;
  flags.client_id = "FLAGAPP";
  flags.scopes = "granular";
  flags.xero_url = "https://xero.example";
  flags.data_dir = "/tmp/x";
  flags.connection = "acme_2";
  s = Resolve(flags);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->client_id, "FLAGAPP");
  EXPECT_EQ(s->scope_set, xero::ScopeSet::kGranular);
  EXPECT_EQ(s->endpoints.api, "https://xero.example");
  EXPECT_EQ(s->data_dir, "/tmp/x");
  EXPECT_EQ(s->connection, "acme_2");
}

TEST_F(ConnectionSettingsTest, AMissingClientIdNamesBothWaysToGiveIt) {
  Result<ConnectionSettings> s = Resolve({});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(s.status().message(), HasSubstr("--client-id"));
  EXPECT_THAT(s.status().message(), HasSubstr("XEROSYNC_XERO_CLIENT_ID"));
  // Listing connections does not need the app.
  EXPECT_TRUE(Resolve({}, /*need_app=*/false).ok());
}

TEST_F(ConnectionSettingsTest, BadValuesAreNamed) {
  ConnectionFlags flags;
  flags.client_id = "APP1";
  flags.scopes = "everything";
  Result<ConnectionSettings> s = Resolve(flags);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(s.status().message(), HasSubstr("--scopes"));
  EXPECT_THAT(s.status().message(), HasSubstr("everything"));

  for (const char* url : {"ftp://xero", "127.0.0.1:8765", "http://"}) {
    flags.scopes = "";
    flags.xero_url = url;
    s = Resolve(flags);
    ASSERT_FALSE(s.ok()) << url;
    EXPECT_THAT(s.status().message(), HasSubstr("--xero-url")) << url;
  }

  flags.xero_url = "";
  flags.connection = "../etc";
  s = Resolve(flags);
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(s.status().message(), HasSubstr("--connection '../etc'"));
}

TEST(RelativeTest, SaysHowFarForPeople) {
  const TimePoint now = FakeClock::DefaultStart();
  using std::chrono::hours;
  using std::chrono::minutes;
  using std::chrono::seconds;
  EXPECT_EQ(Relative(now + seconds(1), now), "in 1 second");
  EXPECT_EQ(Relative(now - seconds(90), now), "90 seconds ago");
  EXPECT_EQ(Relative(now + minutes(29) + seconds(59), now), "in 29 minutes");
  EXPECT_EQ(Relative(now - hours(5), now), "5 hours ago");
  EXPECT_EQ(Relative(now - hours(24 * 59), now), "59 days ago");
}

}  // namespace
}  // namespace xerosync::cli
