// `xerosync connections` and `xerosync disconnect` against the emulator over loopback, after a real
// `xerosync connect`.
#include "cli/connections_command.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli/connect_command.h"
#include "cli/connection_test_util.h"
#include "xero/oauth.h"
#include "xero/token_manager.h"

namespace xerosync::cli::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

class ConnectionsCommandTest : public ConnectionCommandTest {
 protected:
  // Connects `name` to both demo organisations with `xerosync connect`; returns its tokens.
  xero::StoredTokens Connect(const std::string& name = "default") {
    ConnectOptions options;
    options.connection = Flags();
    options.connection.connection = name;
    options.redirect_port = 0;
    options.timeout = std::chrono::seconds(30);
    CommandEnvironment environment = Environment();
    environment.open_browser = [this](const std::string& url) { Browse(url); };
    EXPECT_EQ(RunConnect(options, environment), kExitOk) << err_.str();
    Result<xero::StoredTokens> tokens = Store().Load(name);
    EXPECT_TRUE(tokens.ok()) << tokens.status();
    return tokens.ok() ? *tokens : xero::StoredTokens{};
  }

  int List(bool json = false) {
    ConnectionsOptions options;
    options.connection = Flags();
    options.json_output = json;
    return RunConnections(options, Environment());
  }

  int Disconnect(const std::string& tenant = "", const std::string& name = "default") {
    DisconnectOptions options;
    options.connection = Flags();
    options.connection.connection = name;
    options.tenant = tenant;
    return RunDisconnect(options, Environment());
  }

  // Whether Xero still takes `refresh_token` (a refresh with the test's public app).
  bool RefreshWorks(const std::string& refresh_token) {
    xero::OAuthApp app;
    app.client_id = kPublicClient;
    const xero::OAuthClient client(*transport_, xero::XeroEndpoints::AllAt(base_), app);
    return client.Refresh(refresh_token).ok();
  }
};

TEST_F(ConnectionsCommandTest, NothingConnectedYet) {
  env_.erase("XEROSYNC_TOKEN_KEY");  // not needed to learn that nothing is there
  EXPECT_EQ(List(), kExitOk) << err_.str();
  EXPECT_THAT(out_.str(), HasSubstr("No connections in "));
  EXPECT_THAT(out_.str(), HasSubstr("xerosync connect"));
  EXPECT_EQ(List(/*json=*/true), kExitOk);
  EXPECT_EQ(out_.str(), "{\"connections\":[]}\n");
  EXPECT_FALSE(std::filesystem::exists(dir_ / "data"));
}

TEST_F(ConnectionsCommandTest, TokensOfTheOldLayoutAreNotedNotIgnoredSilently) {
  std::filesystem::create_directories(dir_ / "data" / "tokens");
  EXPECT_EQ(List(), kExitOk) << err_.str();
  EXPECT_THAT(err_.str(), HasSubstr("tokens holds connections in the old layout"));
  EXPECT_THAT(err_.str(), HasSubstr("xerosync.db"));
  EXPECT_THAT(err_.str(), HasSubstr("xerosync connect"));
  // Once the database exists the notice still comes, once per command.
  Connect();
  EXPECT_EQ(List(), kExitOk) << err_.str();
  const std::string said = err_.str();
  EXPECT_NE(said.find("old layout"), std::string::npos) << said;
  EXPECT_EQ(said.find("old layout"), said.rfind("old layout")) << said;
}

TEST_F(ConnectionsCommandTest, TextShowsStateOrganisationsScopesAndExpiryButNoToken) {
  const xero::StoredTokens tokens = Connect();
  clock_.Advance(std::chrono::minutes(10));
  ASSERT_EQ(List(), kExitOk) << err_.str();
  const std::string out = out_.str();
  EXPECT_THAT(out, HasSubstr("default: active\n"));
  EXPECT_THAT(out,
              HasSubstr("  organisations:\n    Demo Company (NZ)  (tenant " + std::string(kNz) +
                        ")\n    Demo Company (UK)  (tenant " + kUk + ")\n"));
  EXPECT_THAT(out, HasSubstr("  scopes: "));
  EXPECT_THAT(out, HasSubstr("accounting.invoices"));
  EXPECT_THAT(out, HasSubstr("offline_access"));
  // The fake clock started at 2026-01-01T00:00:00Z; the access token lives 30 minutes.
  EXPECT_THAT(out, HasSubstr("  access token expires: 2026-01-01T00:30:00Z (in 20 minutes"));
  EXPECT_THAT(out, HasSubstr("  refresh token issued: 2026-01-01T00:00:00Z (10 minutes ago"));
  EXPECT_THAT(out, Not(HasSubstr(tokens.access_token)));
  EXPECT_THAT(out, Not(HasSubstr(tokens.refresh_token)));
  EXPECT_THAT(err_.str(), IsEmpty());
}

TEST_F(ConnectionsCommandTest, JsonListsEveryConnectionWithoutTokens) {
  const xero::StoredTokens first = Connect("books");
  const xero::StoredTokens second = Connect("default");
  ASSERT_EQ(List(/*json=*/true), kExitOk) << err_.str();
  EXPECT_THAT(out_.str(), Not(HasSubstr(first.access_token)));
  EXPECT_THAT(out_.str(), Not(HasSubstr(second.refresh_token)));
  Result<Json> body = Json::Parse(out_.str());
  ASSERT_TRUE(body.ok()) << out_.str();
  const Json* list = body->Find("connections");
  ASSERT_TRUE(list != nullptr && list->is_array()) << out_.str();
  ASSERT_EQ(list->AsArray().size(), 2u);
  const Json& c = list->AsArray()[0];  // sorted by name
  EXPECT_EQ(*c.Find("name"), Json::String("books"));
  EXPECT_EQ(*c.Find("state"), Json::String("active"));
  EXPECT_EQ(*c.Find("reason"), Json::String(""));
  EXPECT_EQ(*c.Find("tenant_ids"), Json::MakeArray({Json::String(kNz), Json::String(kUk)}));
  EXPECT_EQ(*c.Find("access_token_expires"), Json::String("2026-01-01T00:30:00Z"));
  EXPECT_EQ(*c.Find("refresh_token_issued"), Json::String("2026-01-01T00:00:00Z"));
  ASSERT_TRUE(c.Find("scopes") != nullptr && c.Find("scopes")->is_array());
  Json organisations = Json::MakeArray();
  for (const auto& [id, name] : {std::pair{kNz, "Demo Company (NZ)"}, {kUk, "Demo Company (UK)"}}) {
    Json o = Json::MakeObject();
    o.Set("tenant_id", Json::String(id));
    o.Set("name", Json::String(name));
    organisations.Append(std::move(o));
  }
  EXPECT_EQ(*c.Find("organisations"), organisations);
  EXPECT_EQ(*list->AsArray()[1].Find("name"), Json::String("default"));
}

TEST_F(ConnectionsCommandTest, AConnectionUnderAnotherKeyIsNamedAndTheOthersListed) {
  Connect("books");
  const std::string first_key = env_["XEROSYNC_TOKEN_KEY"];
  env_["XEROSYNC_TOKEN_KEY"] = xero::TokenCipher::NewKeyBase64();
  key_ = env_["XEROSYNC_TOKEN_KEY"];
  cipher_.emplace(xero::TokenCipher::DecodeKey(key_).value());
  Connect("default");
  EXPECT_EQ(List(), kExitFailed);
  EXPECT_THAT(out_.str(), HasSubstr("default: active"));
  EXPECT_THAT(err_.str(), HasSubstr("books: "));
  EXPECT_THAT(err_.str(), HasSubstr("XEROSYNC_TOKEN_OLD_KEY"));  // says which key to configure

  // With the first key as the old one, both are read.
  env_["XEROSYNC_TOKEN_OLD_KEY"] = first_key;
  EXPECT_EQ(List(), kExitOk) << err_.str();
  EXPECT_THAT(out_.str(), HasSubstr("books: active"));
}

TEST_F(ConnectionsCommandTest, MissingKeyIsBadUsage) {
  Connect();
  env_.erase("XEROSYNC_TOKEN_KEY");
  EXPECT_EQ(List(), kExitBadUsage);
  EXPECT_THAT(err_.str(), HasSubstr("head -c 32 /dev/urandom | base64"));
}

TEST_F(ConnectionsCommandTest, DisconnectOneThenAll) {
  const xero::StoredTokens tokens = Connect();

  ASSERT_EQ(Disconnect(kUk), kExitOk) << err_.str();
  EXPECT_THAT(out_.str(), HasSubstr("Disconnected Demo Company (UK)  (tenant " + std::string(kUk) +
                                    ") from 'default'; still connected: Demo Company (NZ)  "
                                    "(tenant " +
                                    kNz + ")\n"));
  EXPECT_EQ(emulator_->identity().ConnectionCount(kUk), 0);
  EXPECT_EQ(emulator_->identity().ConnectionCount(kNz), 1);
  EXPECT_EQ(XeroConnections(tokens.access_token), (std::vector<std::string>{kNz}));
  ASSERT_EQ(List(), kExitOk);
  EXPECT_THAT(out_.str(), HasSubstr("default: active\n  organisations:\n    Demo Company (NZ)  "
                                    "(tenant " +
                                    std::string(kNz) + ")\n  scopes: "));

  ASSERT_EQ(Disconnect(), kExitOk) << err_.str();
  EXPECT_THAT(out_.str(), HasSubstr("Disconnected 'default' from every organisation (Demo "
                                    "Company (NZ)  (tenant " +
                                    std::string(kNz) + ")) and revoked its grant at Xero"));
  EXPECT_EQ(emulator_->identity().ConnectionCount(kNz), 0);
  EXPECT_FALSE(RefreshWorks(tokens.refresh_token));
  Result<xero::StoredTokens> stored = Store().Load("default");
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->state, xero::ConnectionState::kDisconnected);
  EXPECT_TRUE(stored->access_token.empty());
  EXPECT_TRUE(stored->refresh_token.empty());

  ASSERT_EQ(List(), kExitOk);
  EXPECT_THAT(out_.str(), HasSubstr("default: disconnected (disconnected from xerosync)\n"));
  EXPECT_THAT(out_.str(), HasSubstr("  organisations: none\n"));

  // Again: nothing to do.
  EXPECT_EQ(Disconnect(), kExitOk) << err_.str();
  EXPECT_THAT(out_.str(), HasSubstr("'default' is already disconnected."));
}

TEST_F(ConnectionsCommandTest, DisconnectingTheLastOrganisationRevokesTheGrant) {
  const xero::StoredTokens tokens = Connect();
  ASSERT_EQ(Disconnect(kNz), kExitOk) << err_.str();
  ASSERT_TRUE(RefreshWorks(tokens.refresh_token));  // one organisation left: the grant lives
  const xero::StoredTokens now = Store().Load("default").value();
  ASSERT_EQ(Disconnect(kUk), kExitOk) << err_.str();
  EXPECT_THAT(out_.str(), HasSubstr("it was the last, so the grant was revoked at Xero"));
  EXPECT_FALSE(RefreshWorks(now.refresh_token));
  EXPECT_EQ(emulator_->identity().ConnectionCount(kUk), 0);
  EXPECT_EQ(Store().Load("default")->state, xero::ConnectionState::kDisconnected);
}

TEST_F(ConnectionsCommandTest, DisconnectTakesAnOrganisationsNameToo) {
  Connect();
  ASSERT_EQ(Disconnect("DEMO COMPANY (NZ)"), kExitOk) << err_.str();
  EXPECT_THAT(out_.str(), HasSubstr("Disconnected Demo Company (NZ)  (tenant " + std::string(kNz)));
  EXPECT_EQ(emulator_->identity().ConnectionCount(kNz), 0);
  EXPECT_EQ(emulator_->identity().ConnectionCount(kUk), 1);
}

TEST_F(ConnectionsCommandTest, DisconnectRefusesWhatIsNotThere) {
  Connect();
  EXPECT_EQ(Disconnect("", "nosuch"), kExitFailed);
  EXPECT_THAT(err_.str(), HasSubstr("there is no connection named 'nosuch'"));
  EXPECT_THAT(err_.str(), HasSubstr("xerosync connections"));

  EXPECT_EQ(Disconnect("00000000-0000-0000-0000-000000000000"), kExitFailed);
  EXPECT_THAT(err_.str(), HasSubstr("'default' has no organisation 00000000-"));
  EXPECT_THAT(err_.str(), HasSubstr(kNz));  // says which it has
  EXPECT_EQ(emulator_->identity().ConnectionCount(kNz), 1);
  EXPECT_EQ(emulator_->identity().ConnectionCount(kUk), 1);
}

TEST_F(ConnectionsCommandTest, DisconnectWithoutClientIdIsBadUsage) {
  Connect();
  env_.erase("XEROSYNC_XERO_CLIENT_ID");
  EXPECT_EQ(Disconnect(), kExitBadUsage);
  EXPECT_THAT(err_.str(), HasSubstr("--client-id"));
  EXPECT_EQ(emulator_->identity().ConnectionCount(kNz), 1);
}

}  // namespace
}  // namespace xerosync::cli::testing
