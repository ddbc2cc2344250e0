#pragma once
// Test helpers for the commands: the emulator behind an http::Server on 127.0.0.1, the
// commands' environment (string streams, an injected environment, libcurl to the emulator, the
// emulator's fake clock), and a browser that follows Xero's pages to the command's receiver.
// Test-only.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "cli/connection_settings.h"
#include "core/clock.h"
#include "core/json.h"
#include "emulator/emulator.h"
#include "http/client.h"
#include "http/http.h"
#include "store/sqlite_store.h"
#include "store/store.h"
#include "sync/store_token_store.h"
#include "xero/curl_transport.h"
#include "xero/oauth.h"
#include "xero/rate_budget.h"
#include "xero/token_cipher.h"
#include "xero/token_store.h"

namespace xerosync::cli::testing {

inline constexpr char kNz[] = "7a3c1f5e-2b4d-4e6f-8a9b-0c1d2e3f4a51";
inline constexpr char kUk[] = "9b4d2a6f-3c5e-4f70-9bac-1d2e3f4a5b62";

// A test's own app, as a developer registers it in Xero's portal.
inline constexpr char kPublicClient[] = "CLITESTPKCEAPP000000000000000001";  // no secret
inline constexpr char kSecretClient[] = "CLITESTSECRETAPP0000000000000002";
inline constexpr char kSecret[] = "cli-test-secret";

using Query = std::vector<std::pair<std::string, std::string>>;

inline std::string Param(const Query& query, std::string_view name) {
  for (const auto& [k, v] : query) {
    if (k == name) return v;
  }
  return "";
}

// The decoded query of `url` ("...?a=1&b=2").
inline Query QueryOf(const std::string& url) {
  const std::size_t q = url.find('?');
  if (q == std::string::npos) return {};
  return http::DecodeForm(url.substr(q + 1)).value_or(Query{});
}

// What the browser saw at the end: the receiver's page.
struct BrowserVisit {
  std::string authorize_url;
  std::string redirect_location;  // where Xero sent the browser
  int final_status = 0;           // the receiver's answer
  std::string final_body;
};

class ConnectionCommandTest : public ::testing::Test {
 protected:
  // `auto_consent`: the emulator's authorize redirects straight back, connecting both demo
  // organisations; else it shows its consent page and the browser answers it.
  explicit ConnectionCommandTest(bool auto_consent = true) {
    emulator::EmulatorOptions options;
    options.auto_consent = auto_consent;
    options.seed = 11;
    emulator_ = std::make_unique<emulator::Emulator>(clock_, options);
    Result<std::unique_ptr<http::Server>> server = http::Server::Start(
        http::ServerOptions{}, [this](http::Request& r) { return emulator_->Handle(r); });
    EXPECT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    base_ = "http://127.0.0.1:" + std::to_string(server_->port());
    transport_ = xero::CurlTransport::Create();

    dir_ = std::filesystem::path(::testing::TempDir()) /
           (std::string("cli_connect_") +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    key_ = xero::TokenCipher::NewKeyBase64();
    cipher_.emplace(xero::TokenCipher::DecodeKey(key_).value());
    env_["XEROSYNC_TOKEN_KEY"] = key_;
    env_["XEROSYNC_XERO_CLIENT_ID"] = kPublicClient;
  }
  ~ConnectionCommandTest() override {
    tokens_.reset();
    database_.reset();
    server_->Stop();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  // The environment a command runs with; `in` answers prompts when `terminal`.
  CommandEnvironment Environment(bool terminal = false) {
    out_.str("");
    err_.str("");
    CommandEnvironment e;
    e.out = &out_;
    e.err = &err_;
    e.in = &in_;
    e.stdin_is_terminal = terminal;
    e.getenv = [this](const char* name) -> const char* {
      const auto it = env_.find(name);
      return it == env_.end() ? nullptr : it->second.c_str();
    };
    e.transport = transport_.get();
    e.clock = &clock_;
    return e;
  }

  ConnectionFlags Flags() {
    ConnectionFlags flags;
    flags.xero_url = base_;
    flags.data_dir = (dir_ / "data").string();
    return flags;
  }

  // Registers the test's apps with `redirect_uri`, as its developer would in Xero's portal.
  void RegisterApps(const std::string& redirect_uri) {
    emulator_->identity().RegisterApp(
        {kPublicClient, "", "xerosync CLI test (PKCE)", {redirect_uri}, true});
    emulator_->identity().RegisterApp(
        {kSecretClient, kSecret, "xerosync CLI test", {redirect_uri}, true});
  }

  // Plays the user: registers the redirect URI the command asks for, opens the authorize URL,
  // answers the consent page (when there is one) with `tenants` or "deny", lets `tamper` change
  // Xero's redirect, and follows it to the command's receiver. `expect_answer`: the receiver's
  // answer must arrive (a browser on its own thread may find the receiver already stopped).
  BrowserVisit Browse(const std::string& authorize_url,
                      const std::vector<std::string>& tenants = {kNz, kUk},
                      const std::function<std::string(std::string)>& tamper = nullptr,
                      bool deny = false, bool expect_answer = true) {
    BrowserVisit visit;
    visit.authorize_url = authorize_url;
    const Query query = QueryOf(authorize_url);
    RegisterApps(Param(query, "redirect_uri"));

    http::ClientRequest get;
    get.method = "GET";
    get.url = authorize_url;
    Result<http::ClientResponse> page = http::Fetch(get);
    EXPECT_TRUE(page.ok()) << page.status();
    if (!page.ok()) return visit;
    if (page->status == 200) {  // the consent page: post its form
      std::string form = deny ? "decision=deny" : "decision=allow";
      for (const std::string& t : tenants) form += "&tenant=" + http::PercentEncode(t);
      for (const char* name : {"response_type", "client_id", "redirect_uri", "scope", "state",
                               "code_challenge", "code_challenge_method"}) {
        form += std::string("&") + name + "=" + http::PercentEncode(Param(query, name));
      }
      http::ClientRequest post;
      post.method = "POST";
      post.url = base_ + "/identity/connect/authorize";
      post.headers.Set("Content-Type", "application/x-www-form-urlencoded");
      post.body = form;
      page = http::Fetch(post);
      EXPECT_TRUE(page.ok()) << page.status();
      if (!page.ok()) return visit;
    }
    EXPECT_EQ(page->status, 302) << page->body;
    visit.redirect_location = std::string(page->headers.Get("Location").value_or(""));
    get.url = tamper ? tamper(visit.redirect_location) : visit.redirect_location;
    Result<http::ClientResponse> final_page = http::Fetch(get);
    if (expect_answer) {
      EXPECT_TRUE(final_page.ok()) << final_page.status();
    }
    if (final_page.ok()) {
      visit.final_status = final_page->status;
      visit.final_body = final_page->body;
    }
    return visit;
  }

  // The database the commands write (<data-dir>/xerosync.db), opened as another process would.
  store::Store& Database() {
    if (database_ == nullptr) {
      store::SqliteStoreOptions options;
      options.path = (dir_ / "data" / "xerosync.db").string();
      database_ = store::OpenSqliteStore(options).value();
    }
    return *database_;
  }

  // The token store the commands write (in the database), opened with the test's key.
  xero::TokenStore& Store() {
    if (tokens_ == nullptr) {
      tokens_ = sync::NewStoreTokenStore(
          Database(), *cipher_, clock_,
          {.owner = "test", .lock_ttl = std::chrono::seconds(60), .pause = {}});
    }
    return *tokens_;
  }

  // Every file of the database (the main file and SQLite's write-ahead log), concatenated: what
  // someone reading the disk would see.
  std::string DatabaseBytes() {
    std::string bytes;
    for (const char* suffix : {"", "-wal"}) {
      std::ifstream in(dir_ / "data" / (std::string("xerosync.db") + suffix), std::ios::binary);
      std::ostringstream text;
      text << in.rdbuf();
      bytes += text.str();
    }
    return bytes;
  }

  // GET /connections at the emulator with `access_token`: the tenant ids, or nullopt on a non-200.
  std::optional<std::vector<std::string>> XeroConnections(const std::string& access_token) {
    http::ClientRequest get;
    get.method = "GET";
    get.url = base_ + "/connections";
    get.headers.Set("Authorization", "Bearer " + access_token);
    Result<http::ClientResponse> answer = http::Fetch(get);
    if (!answer.ok() || answer->status != 200) return std::nullopt;
    Result<Json> body = Json::Parse(answer->body);
    if (!body.ok() || !body->is_array()) return std::nullopt;
    std::vector<std::string> ids;
    for (const Json& c : body->AsArray()) {
      const Json* id = c.Find("tenantId");
      ids.push_back(id != nullptr && id->is_string() ? id->AsString() : "");
    }
    return ids;
  }

  FakeClock clock_;
  std::unique_ptr<emulator::Emulator> emulator_;
  std::unique_ptr<http::Server> server_;
  std::string base_;
  std::unique_ptr<xero::CurlTransport> transport_;
  std::filesystem::path dir_;
  std::string key_;
  std::optional<xero::TokenCipher> cipher_;
  std::map<std::string, std::string> env_;
  std::ostringstream out_;
  std::ostringstream err_;
  std::istringstream in_;
  std::unique_ptr<store::Store> database_;
  std::unique_ptr<xero::TokenStore> tokens_;
};

// For commands that sync: waiting for Xero's rate budget advances the fake clock (no sleeping),
// and Env() is the environment that waits so.
class SyncingCommandTest : public ConnectionCommandTest, public xero::Waiter {
 protected:
  void WaitUntil(TimePoint deadline) override {
    const TimePoint now = clock_.Now();
    if (deadline > now) clock_.Advance(deadline - now);
  }

  CommandEnvironment Env() {
    CommandEnvironment e = Environment();
    e.waiter = this;
    return e;
  }
};

}  // namespace xerosync::cli::testing
