// `xerosync connect` against the emulator over loopback: the command's receiver on 127.0.0.1 port
// 0, libcurl to the emulator, and a browser (http::Fetch) that follows Xero's pages back to the
// receiver. The browser runs inside open_browser, so the receiver has answered it before the
// command goes on; one test runs it on a thread of its own instead.
#include "cli/connect_command.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <thread>

#include "cli/connection_test_util.h"
#include "xero/token_manager.h"

namespace xerosync::cli::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

class ConnectCommandTest : public ConnectionCommandTest {
 protected:
  explicit ConnectCommandTest(bool auto_consent = true) : ConnectionCommandTest(auto_consent) {}

  ConnectOptions Options() {
    ConnectOptions options;
    options.connection = Flags();
    options.redirect_port = 0;
    options.timeout = std::chrono::seconds(30);  // a safety net: the browser answers at once
    return options;
  }

  // Runs the command with a browser that does `browse` with the authorize URL.
  int Run(const ConnectOptions& options, const std::function<void(const std::string&)>& browse,
          bool terminal = false) {
    CommandEnvironment environment = Environment(terminal);
    environment.open_browser = browse;
    return RunConnect(options, environment);
  }

  // Runs the command with a browser that consents to `tenants`.
  int RunAndConsent(const ConnectOptions& options,
                    const std::vector<std::string>& tenants = {kNz, kUk}) {
    return Run(options, [&](const std::string& url) { visit_ = Browse(url, tenants); });
  }

  std::string FileText(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }

  // The stored tokens of `connection` (they are checked not to be printed or stored in clear).
  xero::StoredTokens Stored(const std::string& connection = "default") {
    Result<xero::StoredTokens> tokens = Store().Load(connection);
    EXPECT_TRUE(tokens.ok()) << tokens.status();
    return tokens.ok() ? *tokens : xero::StoredTokens{};
  }

  void ExpectNothingStored() {
    Result<std::vector<std::string>> names = Store().List();
    ASSERT_TRUE(names.ok()) << names.status();
    EXPECT_THAT(*names, IsEmpty());
  }

  BrowserVisit visit_;
};

TEST_F(ConnectCommandTest, PublicAppConnectsWithPkceAndStoresTheTokensEncrypted) {
  ASSERT_EQ(env_.count("XEROSYNC_XERO_CLIENT_SECRET"), 0u);
  const int status = RunAndConsent(Options());
  ASSERT_EQ(status, kExitOk) << err_.str();

  // The URL asked for PKCE and the granular scopes, with offline_access.
  const Query query = QueryOf(visit_.authorize_url);
  EXPECT_EQ(Param(query, "client_id"), kPublicClient);
  EXPECT_EQ(Param(query, "code_challenge_method"), "S256");
  EXPECT_THAT(Param(query, "scope"), HasSubstr("accounting.invoices"));
  EXPECT_THAT(Param(query, "scope"), HasSubstr("offline_access"));
  EXPECT_THAT(Param(query, "scope"), Not(HasSubstr("accounting.transactions")));
  EXPECT_THAT(Param(query, "redirect_uri"), ::testing::StartsWith("http://localhost:"));
  EXPECT_THAT(out_.str(), HasSubstr(visit_.authorize_url));

  // The browser was told, and the terminal lists both organisations.
  EXPECT_EQ(visit_.final_status, 200);
  EXPECT_THAT(visit_.final_body, HasSubstr("Connected to Xero"));
  EXPECT_THAT(visit_.final_body, HasSubstr("Demo Company (NZ)"));
  EXPECT_THAT(out_.str(), HasSubstr("Connected 'default' to 2 organisation(s):\n"));
  EXPECT_THAT(out_.str(), HasSubstr("Demo Company (NZ)  (tenant " + std::string(kNz) + ")"));
  EXPECT_THAT(out_.str(), HasSubstr("Demo Company (UK)  (tenant " + std::string(kUk) + ")"));
  EXPECT_THAT(err_.str(), IsEmpty());

  // The tokens work, and are neither printed nor stored in clear.
  const xero::StoredTokens tokens = Stored();
  ASSERT_FALSE(tokens.access_token.empty());
  ASSERT_FALSE(tokens.refresh_token.empty());
  EXPECT_EQ(tokens.state, xero::ConnectionState::kActive);
  EXPECT_THAT(tokens.tenant_ids, ElementsAre(kNz, kUk));
  EXPECT_EQ(XeroConnections(tokens.access_token), (std::vector<std::string>{kNz, kUk}));
  // The database holds the tokens sealed (never their text) and the organisations, registered
  // for the engine to sync. (find, not HasSubstr: a failure would print the whole database.)
  const std::string file = DatabaseBytes();
  EXPECT_NE(file.find("xerosync-tokens/1 "), std::string::npos);
  for (const std::string& secret : {tokens.access_token, tokens.refresh_token}) {
    EXPECT_EQ(file.find(secret), std::string::npos);
    EXPECT_THAT(out_.str(), Not(HasSubstr(secret)));
    EXPECT_THAT(visit_.final_body, Not(HasSubstr(secret)));
  }
  Result<std::vector<store::Organisation>> registered = Database().ListOrganisations();
  ASSERT_TRUE(registered.ok()) << registered.status();
  ASSERT_EQ(registered->size(), 2u);
  EXPECT_EQ((*registered)[0].connection_id, "default");
  EXPECT_THAT(
      (std::vector<std::string>{(*registered)[0].tenant.value(), (*registered)[1].tenant.value()}),
      ::testing::UnorderedElementsAre(kNz, kUk));
  // Nor the authorization code.
  const std::string code = Param(QueryOf(visit_.redirect_location), "code");
  ASSERT_FALSE(code.empty());
  EXPECT_THAT(out_.str(), Not(HasSubstr(code)));
}

TEST_F(ConnectCommandTest, AppWithASecretConnects) {
  env_["XEROSYNC_XERO_CLIENT_ID"] = kSecretClient;
  env_["XEROSYNC_XERO_CLIENT_SECRET"] = kSecret;
  ConnectOptions options = Options();
  options.connection.connection = "acme-books";
  ASSERT_EQ(RunAndConsent(options), kExitOk) << err_.str();
  EXPECT_EQ(Param(QueryOf(visit_.authorize_url), "client_id"), kSecretClient);
  EXPECT_THAT(out_.str(), HasSubstr("Connected 'acme-books' to 2 organisation(s)"));
  const xero::StoredTokens tokens = Stored("acme-books");
  EXPECT_EQ(XeroConnections(tokens.access_token), (std::vector<std::string>{kNz, kUk}));
  EXPECT_THAT(out_.str(), Not(HasSubstr(kSecret)));
  EXPECT_THAT(err_.str(), Not(HasSubstr(kSecret)));
}

TEST_F(ConnectCommandTest, AWrongSecretIsRefusedAndNothingIsStored) {
  env_["XEROSYNC_XERO_CLIENT_ID"] = kSecretClient;
  env_["XEROSYNC_XERO_CLIENT_SECRET"] = "not-the-secret";
  EXPECT_EQ(RunAndConsent(Options()), kExitFailed);
  EXPECT_THAT(err_.str(), HasSubstr("Xero refused the app's credentials"));
  EXPECT_THAT(err_.str(), HasSubstr("XEROSYNC_XERO_CLIENT_SECRET"));
  EXPECT_THAT(err_.str(), Not(HasSubstr("not-the-secret")));
  EXPECT_EQ(visit_.final_status, 400);
  EXPECT_THAT(visit_.final_body, HasSubstr("Not connected"));
  ExpectNothingStored();
}

TEST_F(ConnectCommandTest, AStateThatDoesNotMatchIsRefusedAndNothingIsStored) {
  const int status = Run(Options(), [&](const std::string& url) {
    visit_ = Browse(url, {kNz, kUk}, [](const std::string& location) {
      // Replace the value of `state` (not `session_state`).
      const std::size_t at = location.find("&state=") != std::string::npos
                                 ? location.find("&state=")
                                 : location.find("?state=");
      EXPECT_NE(at, std::string::npos) << location;
      const std::size_t end = location.find('&', at + 1);
      return location.substr(0, at + 7) + "forged" +
             (end == std::string::npos ? std::string() : location.substr(end));
    });
  });
  EXPECT_EQ(status, kExitFailed);
  EXPECT_THAT(err_.str(), HasSubstr("state does not match"));
  EXPECT_THAT(err_.str(), HasSubstr("run xerosync connect again"));
  EXPECT_EQ(visit_.final_status, 400);
  EXPECT_THAT(visit_.final_body, HasSubstr("Nothing was stored"));
  EXPECT_THAT(out_.str(), Not(HasSubstr("Connected '")));
  ExpectNothingStored();
  // The code was never spent: nobody at Xero was connected.
  EXPECT_EQ(emulator_->identity().ConnectionCount(kNz), 0);
}

TEST_F(ConnectCommandTest, NoBrowserWithinTheTimeoutFails) {
  ConnectOptions options = Options();
  options.timeout = std::chrono::milliseconds(1);
  EXPECT_EQ(Run(options, nullptr), kExitFailed);
  EXPECT_THAT(err_.str(), HasSubstr("the browser did not come back within 1 ms"));
  ExpectNothingStored();
}

TEST_F(ConnectCommandTest, WaitsForABrowserOnAnotherThread) {
  std::thread browser;
  const int status = Run(Options(), [&](const std::string& url) {
    browser = std::thread([this, url] {
      visit_ = Browse(url, {kNz, kUk}, nullptr, false, /*expect_answer=*/false);
    });
  });
  browser.join();
  EXPECT_EQ(status, kExitOk) << err_.str();
  EXPECT_THAT(Stored().tenant_ids, ElementsAre(kNz, kUk));
}

TEST_F(ConnectCommandTest, TheRedirectUriCanBeGivenAndItsPortIsUsed) {
  ConnectOptions options = Options();
  options.redirect_uri = "http://127.0.0.1:0/callback";  // port 0 is not a URI's
  EXPECT_EQ(Run(options, nullptr), kExitBadUsage);
  EXPECT_THAT(err_.str(), HasSubstr("--redirect-uri"));

  options.redirect_uri = "https://example.com/callback";
  EXPECT_EQ(Run(options, nullptr), kExitBadUsage);
  EXPECT_THAT(err_.str(), HasSubstr("loopback"));

  // A free port, found by listening on it and letting it go.
  uint16_t port = 0;
  {
    Result<std::unique_ptr<http::Server>> probe =
        http::Server::Start({}, [](http::Request&) { return http::Response::Empty(204); });
    ASSERT_TRUE(probe.ok());
    port = (*probe)->port();
  }
  options.redirect_uri = "http://127.0.0.1:" + std::to_string(port) + "/xero/back";
  const int status = RunAndConsent(options);
  if (status == kExitFailed && err_.str().find("cannot listen") != std::string::npos) {
    GTEST_SKIP() << "port " << port << " was taken meanwhile";
  }
  ASSERT_EQ(status, kExitOk) << err_.str();
  EXPECT_EQ(Param(QueryOf(visit_.authorize_url), "redirect_uri"), options.redirect_uri);
  EXPECT_THAT(visit_.redirect_location, ::testing::StartsWith(options.redirect_uri + "?"));
}

TEST_F(ConnectCommandTest, MissingClientIdIsBadUsage) {
  env_.erase("XEROSYNC_XERO_CLIENT_ID");
  bool browsed = false;
  EXPECT_EQ(Run(Options(), [&](const std::string&) { browsed = true; }), kExitBadUsage);
  EXPECT_THAT(err_.str(), HasSubstr("--client-id"));
  EXPECT_THAT(err_.str(), HasSubstr("XEROSYNC_XERO_CLIENT_ID"));
  EXPECT_FALSE(browsed);
  EXPECT_FALSE(std::filesystem::exists(dir_ / "data"));
}

TEST_F(ConnectCommandTest, MissingKeyIsBadUsageAndSaysHowToMakeOne) {
  env_.erase("XEROSYNC_TOKEN_KEY");
  bool browsed = false;
  EXPECT_EQ(Run(Options(), [&](const std::string&) { browsed = true; }), kExitBadUsage);
  EXPECT_THAT(err_.str(), HasSubstr("XEROSYNC_TOKEN_KEY"));
  EXPECT_THAT(err_.str(), HasSubstr("head -c 32 /dev/urandom | base64"));
  EXPECT_FALSE(browsed);
  EXPECT_FALSE(std::filesystem::exists(dir_ / "data"));
}

TEST_F(ConnectCommandTest, BroadScopesAreAskedForWhenChosen) {
  ConnectOptions options = Options();
  options.connection.scopes = "broad";
  // The test's apps are "created since March 2026": Xero refuses them the broad scopes.
  EXPECT_EQ(RunAndConsent(options), kExitFailed);
  EXPECT_THAT(Param(QueryOf(visit_.authorize_url), "scope"), HasSubstr("accounting.transactions"));
  EXPECT_THAT(err_.str(), HasSubstr("invalid_scope"));
  EXPECT_THAT(err_.str(), HasSubstr("--scopes granular"));
  ExpectNothingStored();
}

// With Xero's consent page: the user chooses, or declines.
class ConnectWithConsentTest : public ConnectCommandTest {
 protected:
  ConnectWithConsentTest() : ConnectCommandTest(/*auto_consent=*/false) {}
};

TEST_F(ConnectWithConsentTest, DecliningOnXerosPageStoresNothing) {
  const int status = Run(
      Options(), [&](const std::string& url) { visit_ = Browse(url, {}, nullptr, /*deny=*/true); });
  EXPECT_EQ(status, kExitFailed);
  EXPECT_EQ(Param(QueryOf(visit_.redirect_location), "error"), "access_denied");
  EXPECT_THAT(err_.str(), HasSubstr("access was not granted on Xero's consent page"));
  EXPECT_EQ(visit_.final_status, 400);
  EXPECT_THAT(visit_.final_body, HasSubstr("access was not granted"));
  ExpectNothingStored();
}

TEST_F(ConnectWithConsentTest, OnlyTheOrganisationChosenOnXerosPageIsConnected) {
  ASSERT_EQ(RunAndConsent(Options(), {kUk}), kExitOk) << err_.str();
  EXPECT_THAT(out_.str(), HasSubstr("Connected 'default' to 1 organisation(s)"));
  EXPECT_THAT(Stored().tenant_ids, ElementsAre(kUk));
}

TEST_F(ConnectWithConsentTest, TenantFlagKeepsOneAndDisconnectsTheOtherAtXero) {
  ConnectOptions options = Options();
  options.tenants = {kNz};
  ASSERT_EQ(RunAndConsent(options), kExitOk) << err_.str();
  EXPECT_THAT(out_.str(),
              HasSubstr("Disconnected Demo Company (UK)  (tenant " + std::string(kUk) + ")"));
  EXPECT_THAT(out_.str(), HasSubstr("Kept 1 organisation(s) under 'default'"));
  const xero::StoredTokens tokens = Stored();
  EXPECT_THAT(tokens.tenant_ids, ElementsAre(kNz));
  EXPECT_EQ(tokens.state, xero::ConnectionState::kActive);
  EXPECT_EQ(XeroConnections(tokens.access_token), (std::vector<std::string>{kNz}));
  EXPECT_EQ(emulator_->identity().ConnectionCount(kUk), 0);
  EXPECT_EQ(emulator_->identity().ConnectionCount(kNz), 1);
}

TEST_F(ConnectWithConsentTest, TenantFlagMatchesANameToo) {
  ConnectOptions options = Options();
  options.tenants = {"demo company (uk)"};
  ASSERT_EQ(RunAndConsent(options), kExitOk) << err_.str();
  EXPECT_THAT(Stored().tenant_ids, ElementsAre(kUk));
  EXPECT_EQ(emulator_->identity().ConnectionCount(kNz), 0);
}

TEST_F(ConnectWithConsentTest, ATenantNotConnectedFailsAndDisconnectsNothing) {
  ConnectOptions options = Options();
  options.tenants = {kNz};
  EXPECT_EQ(RunAndConsent(options, {kUk}), kExitFailed);
  EXPECT_THAT(err_.str(), HasSubstr("--tenant " + std::string(kNz) +
                                    " is not among the organisations connected"));
  EXPECT_THAT(err_.str(), HasSubstr("nothing was disconnected"));
  EXPECT_THAT(Stored().tenant_ids, ElementsAre(kUk));
  EXPECT_EQ(emulator_->identity().ConnectionCount(kUk), 1);
}

TEST_F(ConnectWithConsentTest, AtATerminalThePromptChoosesWhichToKeep) {
  in_.str("3\nnz\n2\n");  // two answers that are not choices, then the second organisation
  const int status = Run(
      Options(), [&](const std::string& url) { visit_ = Browse(url); }, /*terminal=*/true);
  ASSERT_EQ(status, kExitOk) << err_.str();
  EXPECT_THAT(out_.str(), HasSubstr("Keep which organisations?"));
  EXPECT_THAT(out_.str(), HasSubstr("Please answer with numbers from 1 to 2, or 'all'."));
  EXPECT_THAT(out_.str(), HasSubstr("Disconnected Demo Company (NZ)"));
  EXPECT_THAT(Stored().tenant_ids, ElementsAre(kUk));
  EXPECT_EQ(emulator_->identity().ConnectionCount(kNz), 0);
  EXPECT_EQ(emulator_->identity().ConnectionCount(kUk), 1);
}

TEST_F(ConnectWithConsentTest, AtATerminalAnEmptyAnswerKeepsAll) {
  in_.str("\n");
  ASSERT_EQ(Run(
                Options(), [&](const std::string& url) { visit_ = Browse(url); }, true),
            kExitOk)
      << err_.str();
  EXPECT_THAT(out_.str(), HasSubstr("Keep which organisations?"));
  EXPECT_THAT(out_.str(), Not(HasSubstr("Disconnected")));
  EXPECT_THAT(Stored().tenant_ids, ElementsAre(kNz, kUk));
}

TEST_F(ConnectWithConsentTest, WithoutATerminalAllAreKeptWithoutAsking) {
  in_.str("1\n");
  ASSERT_EQ(RunAndConsent(Options()), kExitOk) << err_.str();
  EXPECT_THAT(out_.str(), Not(HasSubstr("Keep which organisations?")));
  EXPECT_THAT(Stored().tenant_ids, ElementsAre(kNz, kUk));
}

}  // namespace
}  // namespace xerosync::cli::testing
