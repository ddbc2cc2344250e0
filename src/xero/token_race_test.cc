// Two processes racing to refresh one connection: the parent serves the emulator over loopback
// (http::Server on 127.0.0.1), two forked children share a FileTokenStore directory, each with its
// own TokenManager, and both ask for the access token when it is stale. The store's flock and the
// re-read under it must let exactly one of them spend the refresh token; both end with the same
// new access token, and it is the one saved.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "http/http.h"
#include "xero/oauth_test_util.h"
#include "xero/testing/loopback_transport.h"
#include "xero/token_cipher.h"
#include "xero/token_manager.h"

namespace xerosync::xero::testing {
namespace {

struct Child {
  pid_t pid = -1;
  int result_fd = -1;  // the child writes "<refreshes> <access token>"
};

bool WriteAll(int fd, const std::string& data) {
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = write(fd, data.data() + done, data.size() - done);
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

std::string ReadAll(int fd) {
  std::string out;
  char buffer[4096];
  for (ssize_t n; (n = read(fd, buffer, sizeof buffer)) > 0;) {
    out.append(buffer, static_cast<std::size_t>(n));
  }
  return out;
}

class TokenRaceTest : public EmulatorFixture {
 protected:
  TokenRaceTest()
      : dir_(std::filesystem::temp_directory_path() /
             ("xerosync-race-" + std::to_string(getpid()))),
        cipher_(TokenCipher::DecodeKey(TokenCipher::NewKeyBase64()).value()) {
    std::filesystem::remove_all(dir_);
  }
  ~TokenRaceTest() override { std::filesystem::remove_all(dir_); }

  FileTokenStoreOptions StoreOptions() const {
    FileTokenStoreOptions options;
    options.directory = dir_.string();
    return options;
  }

  // Forks a child that waits for a byte on `go_fd`, then asks for the access token.
  Child Fork(int go_fd, const std::string& base_url) {
    int result[2];
    EXPECT_EQ(pipe(result), 0);
    const TimePoint now = emulator_.clock().Now();
    const pid_t pid = fork();
    if (pid == 0) {
      close(result[0]);
      FakeClock clock(now);
      LoopbackTransport transport;
      const OAuthClient client(transport, XeroEndpoints::AllAt(base_url), DemoApp());
      Result<std::unique_ptr<TokenStore>> store = NewFileTokenStore(StoreOptions(), cipher_);
      if (!store.ok()) _exit(2);
      TokenManager manager(client, **store, clock);
      char go = 0;
      if (read(go_fd, &go, 1) != 1) _exit(3);
      const Result<std::string> token = manager.AccessToken("acme");
      if (!token.ok()) _exit(4);
      _exit(WriteAll(result[1], std::to_string(manager.refreshes()) + " " + *token) ? 0 : 5);
    }
    close(result[1]);
    return {pid, result[0]};
  }

  std::filesystem::path dir_;
  TokenCipher cipher_;
};

TEST_F(TokenRaceTest, TwoProcessesRefreshingTogetherSpendTheRefreshTokenOnce) {
  Result<std::unique_ptr<http::Server>> server = http::Server::Start(
      http::ServerOptions{}, [this](http::Request& r) { return emulator_.Handle(r); });
  ASSERT_TRUE(server.ok()) << server.status();
  const std::string base = "http://127.0.0.1:" + std::to_string((*server)->port());

  const std::unique_ptr<TokenStore> store = NewFileTokenStore(StoreOptions(), cipher_).value();
  TokenManager parent(client_, *store, emulator_.clock());
  const auto [code, verifier] = Authorize(client_);
  ASSERT_TRUE(parent.Connect("acme", code, verifier).ok());

  for (int round = 0; round < 3; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    emulator_.clock().Advance(std::chrono::minutes(29));  // stale for both children
    const std::string before = store->Load("acme")->refresh_token;
    int go[2];
    ASSERT_EQ(pipe(go), 0);
    const Child a = Fork(go[0], base);
    const Child b = Fork(go[0], base);
    close(go[0]);
    ASSERT_TRUE(WriteAll(go[1], "gg"));
    close(go[1]);

    int refreshes = 0;
    std::vector<std::string> tokens;
    for (const Child& child : {a, b}) {
      const std::string result = ReadAll(child.result_fd);
      close(child.result_fd);
      int status = 0;
      ASSERT_EQ(waitpid(child.pid, &status, 0), child.pid);
      ASSERT_TRUE(WIFEXITED(status));
      ASSERT_EQ(WEXITSTATUS(status), 0);
      const std::size_t space = result.find(' ');
      ASSERT_NE(space, std::string::npos);
      refreshes += std::stoi(result.substr(0, space));
      tokens.push_back(result.substr(space + 1));
    }
    EXPECT_EQ(refreshes, 1);
    EXPECT_EQ(tokens[0], tokens[1]);
    const StoredTokens saved = store->Load("acme").value();
    EXPECT_EQ(saved.access_token, tokens[0]);
    EXPECT_EQ(saved.previous_refresh_token, before);
    EXPECT_EQ(Get(tokens[0], kNz).first, 200);
  }
}

}  // namespace
}  // namespace xerosync::xero::testing
