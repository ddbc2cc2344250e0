// The connection lifecycle against the emulator, on its clock: refresh before expiry and on a 401,
// a lost refresh answer recovered in the grace window, single-flight refresh across threads, the
// states the console shows (expired, revoked, missing_scope), idle refresh, disconnect, reconnect.
#include "xero/token_manager.h"

#include <gtest/gtest.h>

#include <atomic>
#include <barrier>
#include <set>
#include <thread>

#include "xero/oauth_test_util.h"

namespace xerosync::xero::testing {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr char kConnection[] = "acme";

class TokenManagerTest : public EmulatorFixture {
 protected:
  TokenManagerTest() : store_(NewMemoryTokenStore()), manager_(MakeManager({})) {}

  std::unique_ptr<TokenManager> MakeManager(TokenManagerOptions options) {
    return std::make_unique<TokenManager>(client_, *store_, emulator_.clock(), options);
  }

  void Connect(TokenManager& manager) {
    const auto [code, verifier] = Authorize(manager_client());
    const Result<std::vector<XeroConnection>> connected =
        manager.Connect(kConnection, code, verifier);
    ASSERT_TRUE(connected.ok()) << connected.status();
    ASSERT_EQ(connected->size(), 2u);
  }
  const OAuthClient& manager_client() { return client_; }

  StoredTokens Stored() { return store_->Load(kConnection).value(); }

  // What the sync engine does for one call: the token, the call, and on 401 TokenExpired one
  // refresh and one retry. Returns the final status.
  int Call(TokenManager& manager, const std::function<void()>& between = {}) {
    Result<std::string> token = manager.AccessToken(kConnection);
    if (!token.ok()) return -1;
    if (between) between();
    auto [status, body] = Get(*token, kNz);
    if (status == 401 && body.find("TokenExpired") != std::string::npos) {
      token = manager.OnTokenExpired(kConnection, *token);
      if (!token.ok()) return -2;
      status = Get(*token, kNz).first;
    }
    return status;
  }

  std::unique_ptr<TokenStore> store_;
  std::unique_ptr<TokenManager> manager_;
};

TEST_F(TokenManagerTest, ConnectSavesTokensAndOrganisations) {
  Connect(*manager_);
  const StoredTokens stored = Stored();
  EXPECT_EQ(stored.state, ConnectionState::kActive);
  EXPECT_EQ(stored.tenant_ids, (std::vector<std::string>{kNz, kUk}));
  EXPECT_EQ(stored.tenant_names,
            (std::vector<std::string>{"Demo Company (NZ)", "Demo Company (UK)"}));
  EXPECT_EQ(manager_->Describe(kConnection)->tenant_names, stored.tenant_names);
  EXPECT_EQ(stored.access_expires, emulator_.clock().Now() + minutes(30));
  EXPECT_EQ(Get(manager_->AccessToken(kConnection).value(), kUk).first, 200);
}

TEST_F(TokenManagerTest, RefreshesTwoMinutesBeforeExpiryAndSavesTheRotation) {
  Connect(*manager_);
  const StoredTokens first = Stored();
  emulator_.clock().Advance(minutes(27));
  EXPECT_EQ(manager_->AccessToken(kConnection).value(), first.access_token);
  EXPECT_EQ(manager_->refreshes(), 0);

  emulator_.clock().Advance(seconds(61));  // 1:59 left
  const std::string renewed = manager_->AccessToken(kConnection).value();
  EXPECT_NE(renewed, first.access_token);
  EXPECT_EQ(manager_->refreshes(), 1);
  const StoredTokens second = Stored();
  EXPECT_EQ(second.access_token, renewed);
  EXPECT_NE(second.refresh_token, first.refresh_token);
  EXPECT_EQ(second.previous_refresh_token, first.refresh_token);
  EXPECT_EQ(second.previous_replaced, emulator_.clock().Now());
  EXPECT_EQ(Get(renewed, kNz).first, 200);
}

TEST_F(TokenManagerTest, RefreshesOnceOnA401TokenExpired) {
  Connect(*manager_);
  const std::string old = manager_->AccessToken(kConnection).value();
  ASSERT_GE(emulator_.identity().ExpireAccessTokens(), 1);
  const auto [status, body] = Get(old, kNz);
  ASSERT_EQ(status, 401);
  EXPECT_EQ(manager_->OnAuthFailure(kConnection, kNz, status, body).value(),
            ConnectionState::kActive);
  const std::string renewed = manager_->OnTokenExpired(kConnection, old).value();
  EXPECT_NE(renewed, old);
  EXPECT_EQ(Get(renewed, kNz).first, 200);
  // A second caller that saw the same 401 gets the new token without another refresh.
  EXPECT_EQ(manager_->OnTokenExpired(kConnection, old).value(), renewed);
  EXPECT_EQ(manager_->refreshes(), 1);
}

TEST_F(TokenManagerTest, ATokenExpiringInTheMiddleOfASequenceOfCalls) {
  TokenManagerOptions no_margin;
  no_margin.refresh_margin = Duration::zero();
  manager_ = MakeManager(no_margin);
  Connect(*manager_);
  std::vector<int> statuses;
  for (int i = 0; i < 8; ++i) {
    // The fourth call gets its token a second before it expires and sends it a second after.
    const bool straddle = i == 3;
    if (straddle) emulator_.clock().Advance(minutes(30) - seconds(1));
    statuses.push_back(Call(*manager_, [&] {
      if (straddle) emulator_.clock().Advance(seconds(2));
    }));
    emulator_.clock().Advance(minutes(1));
  }
  EXPECT_EQ(statuses, std::vector<int>(8, 200));
  EXPECT_EQ(manager_->refreshes(), 1);
}

TEST_F(TokenManagerTest, ALostRefreshAnswerIsRetriedWithTheOldTokenInTheGraceWindow) {
  Connect(*manager_);
  const StoredTokens before = Stored();
  emulator::FaultRule drop;
  drop.method = "POST";
  drop.path = "/connect/token";
  drop.action = emulator::FaultAction::kApplyThenDrop;
  drop.times = 1;
  emulator_.faults().Add(drop);
  emulator_.clock().Advance(minutes(29));

  const Result<std::string> token = manager_->AccessToken(kConnection);
  ASSERT_TRUE(token.ok()) << token.status();
  EXPECT_EQ(Get(*token, kNz).first, 200);
  const StoredTokens after = Stored();
  EXPECT_NE(after.refresh_token, before.refresh_token);
  EXPECT_EQ(after.previous_refresh_token, before.refresh_token);
  // The saved token is the one Xero rotated to: it refreshes again after the grace window.
  emulator_.clock().Advance(minutes(40));
  ASSERT_TRUE(manager_->AccessToken(kConnection).ok());
  EXPECT_EQ(manager_->refreshes(), 2);
}

TEST_F(TokenManagerTest, AnswersLostOnEveryTryLeaveTheConnectionActiveForTheNextCall) {
  Connect(*manager_);
  emulator::FaultRule drop;
  drop.method = "POST";
  drop.path = "/connect/token";
  drop.action = emulator::FaultAction::kApplyThenDrop;
  const int64_t rule = emulator_.faults().Add(drop);
  emulator_.clock().Advance(minutes(29));
  const Result<std::string> lost = manager_->AccessToken(kConnection);
  EXPECT_EQ(lost.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(Stored().state, ConnectionState::kActive);

  ASSERT_TRUE(emulator_.faults().Remove(rule));
  emulator_.clock().Advance(minutes(20));  // still inside the 30-minute grace window
  const Result<std::string> token = manager_->AccessToken(kConnection);
  ASSERT_TRUE(token.ok()) << token.status();
  EXPECT_EQ(Get(*token, kNz).first, 200);
}

// A store whose first `n` loads wait for each other, so that every caller has read the stale
// tokens before any of them takes the lock.
class LoadBarrierStore final : public TokenStore {
 public:
  LoadBarrierStore(TokenStore& inner, std::ptrdiff_t n) : inner_(inner), barrier_(n), left_(n) {}
  Result<StoredTokens> Load(std::string_view id) override {
    Result<StoredTokens> tokens = inner_.Load(id);
    if (left_.fetch_sub(1) > 0) barrier_.arrive_and_wait();
    return tokens;
  }
  Status Save(std::string_view id, const StoredTokens& t) override { return inner_.Save(id, t); }
  Status Remove(std::string_view id) override { return inner_.Remove(id); }
  Result<std::vector<std::string>> List() override { return inner_.List(); }
  Result<std::unique_ptr<TokenLock>> Lock(std::string_view id,
                                          std::chrono::milliseconds timeout) override {
    return inner_.Lock(id, timeout);
  }

 private:
  TokenStore& inner_;
  std::barrier<> barrier_;
  std::atomic<std::ptrdiff_t> left_;
};

TEST_F(TokenManagerTest, ConcurrentCallersShareOneRefresh) {
  Connect(*manager_);
  emulator_.clock().Advance(minutes(29));
  std::vector<std::string> tokens(8);
  LoadBarrierStore racing(*store_, static_cast<std::ptrdiff_t>(tokens.size()));
  TokenManager manager(client_, racing, emulator_.clock());
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    threads.emplace_back([&, i] { tokens[i] = manager.AccessToken(kConnection).value_or(""); });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(manager.refreshes(), 1);
  EXPECT_EQ(std::set<std::string>(tokens.begin(), tokens.end()),
            std::set<std::string>{Stored().access_token});
}

// A store whose saves fail while `fail` is set.
class FlakySaveStore final : public TokenStore {
 public:
  explicit FlakySaveStore(TokenStore& inner) : inner_(inner) {}
  Result<StoredTokens> Load(std::string_view id) override { return inner_.Load(id); }
  Status Save(std::string_view id, const StoredTokens& t) override {
    if (fail) return UnavailableError("disk full");
    return inner_.Save(id, t);
  }
  Status Remove(std::string_view id) override { return inner_.Remove(id); }
  Result<std::vector<std::string>> List() override { return inner_.List(); }
  Result<std::unique_ptr<TokenLock>> Lock(std::string_view id,
                                          std::chrono::milliseconds timeout) override {
    return inner_.Lock(id, timeout);
  }
  bool fail = false;

 private:
  TokenStore& inner_;
};

TEST_F(TokenManagerTest, ANewTokenThatCannotBeSavedIsNotUsedAndIsRecoveredLater) {
  FlakySaveStore flaky(*store_);
  TokenManager manager(client_, flaky, emulator_.clock());
  Connect(manager);
  const StoredTokens before = Stored();
  emulator_.clock().Advance(minutes(29));
  flaky.fail = true;
  const Result<std::string> unsaved = manager.AccessToken(kConnection);
  EXPECT_EQ(unsaved.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(Stored().refresh_token, before.refresh_token);  // Xero rotated; we kept nothing

  flaky.fail = false;
  emulator_.clock().Advance(minutes(10));  // the old refresh token is still in its grace window
  const Result<std::string> token = manager.AccessToken(kConnection);
  ASSERT_TRUE(token.ok()) << token.status();
  EXPECT_EQ(Get(*token, kNz).first, 200);
  EXPECT_NE(Stored().refresh_token, before.refresh_token);
}

TEST_F(TokenManagerTest, AHeldLockIsWaitedForAtMostTheTimeout) {
  TokenManagerOptions options;
  options.lock_timeout = std::chrono::milliseconds(0);
  manager_ = MakeManager(options);
  Connect(*manager_);
  emulator_.clock().Advance(minutes(29));
  const auto held = store_->Lock(kConnection, std::chrono::milliseconds(0));
  ASSERT_TRUE(held.ok());
  EXPECT_EQ(manager_->AccessToken(kConnection).status().code(), StatusCode::kDeadlineExceeded);
  EXPECT_EQ(manager_->refreshes(), 0);
}

TEST_F(TokenManagerTest, BadAppCredentialsOnRefreshLeaveTheStateAlone) {
  Connect(*manager_);
  OAuthApp wrong = DemoApp();
  wrong.client_secret = "rotated-in-the-portal";
  const OAuthClient client(transport_, XeroEndpoints::AllAt(kBase), wrong);
  TokenManager manager(client, *store_, emulator_.clock());
  emulator_.clock().Advance(minutes(29));
  EXPECT_EQ(manager.AccessToken(kConnection).status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(Stored().state, ConnectionState::kActive);
  EXPECT_TRUE(manager_->AccessToken(kConnection).ok());
}

TEST_F(TokenManagerTest, ARefusedRefreshTokenMakesTheConnectionExpired) {
  Connect(*manager_);
  const StoredTokens stored = Stored();
  ASSERT_GE(emulator_.identity().ExpireRefreshTokens(), 1);
  emulator_.clock().Advance(minutes(29));
  const Result<std::string> token = manager_->AccessToken(kConnection);
  EXPECT_EQ(token.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(token.status().message().find(stored.refresh_token), std::string::npos);
  const ConnectionInfo info = manager_->Describe(kConnection).value();
  EXPECT_EQ(info.state, ConnectionState::kExpired);
  EXPECT_NE(info.reason.find("connect again"), std::string::npos);
  // Refused from then on without asking Xero again.
  const int64_t sent = transport_.sent();
  EXPECT_EQ(manager_->AccessToken(kConnection).status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(transport_.sent(), sent);
}

TEST_F(TokenManagerTest, ARevokedOrganisationIsDroppedAndTheLastOneRevokesTheConnection) {
  Connect(*manager_);
  ASSERT_EQ(emulator_.identity().RevokeConnections(kNz), 1);
  const std::string token = manager_->AccessToken(kConnection).value();
  auto [status, body] = Get(token, kNz);
  ASSERT_EQ(status, 403);
  EXPECT_EQ(manager_->OnAuthFailure(kConnection, kNz, status, body).value(),
            ConnectionState::kActive);
  ConnectionInfo info = manager_->Describe(kConnection).value();
  EXPECT_EQ(info.tenant_ids, std::vector<std::string>{kUk});
  EXPECT_EQ(info.tenant_names, std::vector<std::string>{"Demo Company (UK)"});
  EXPECT_NE(info.reason.find(kNz), std::string::npos);

  ASSERT_EQ(emulator_.identity().RevokeConnections(kUk), 1);
  std::tie(status, body) = Get(token, kUk);
  EXPECT_EQ(manager_->OnAuthFailure(kConnection, kUk, status, body).value(),
            ConnectionState::kRevoked);
  info = manager_->Describe(kConnection).value();
  EXPECT_EQ(info.state, ConnectionState::kRevoked);
  EXPECT_TRUE(info.tenant_ids.empty());
}

TEST_F(TokenManagerTest, A403ForATenantStillConnectedChangesNothing) {
  Connect(*manager_);
  const std::string token = manager_->AccessToken(kConnection).value();
  const auto [status, body] = Get(token, "00000000-0000-0000-0000-000000000000");
  ASSERT_EQ(status, 403);
  EXPECT_EQ(manager_->OnAuthFailure(kConnection, kNz, status, body).value(),
            ConnectionState::kActive);
  EXPECT_EQ(manager_->Describe(kConnection)->tenant_ids.size(), 2u);
}

TEST_F(TokenManagerTest, AMissingScopeIsShownWithTheGrantedScopes) {
  OAuthClient narrow(transport_, XeroEndpoints::AllAt(kBase), DemoApp({"accounting.settings"}));
  TokenManager manager(narrow, *store_, emulator_.clock());
  const auto [code, verifier] = Authorize(narrow);
  ASSERT_TRUE(manager.Connect(kConnection, code, verifier).ok());
  const std::string token = manager.AccessToken(kConnection).value();
  const auto [status, body] = Get(token, kNz, "/Invoices");
  ASSERT_EQ(status, 401);
  EXPECT_EQ(manager.OnAuthFailure(kConnection, kNz, status, body).value(),
            ConnectionState::kMissingScope);
  const ConnectionInfo info = manager.Describe(kConnection).value();
  EXPECT_EQ(info.state, ConnectionState::kMissingScope);
  EXPECT_NE(info.reason.find("accounting.settings"), std::string::npos);
  // Calls within the granted scopes still work.
  EXPECT_EQ(Get(manager.AccessToken(kConnection).value(), kNz, "/Accounts").first, 200);
}

TEST_F(TokenManagerTest, IdleConnectionsAreRefreshedBeforeTheirRefreshTokenLapses) {
  Connect(*manager_);
  emulator_.clock().Advance(hours(24 * 29));
  EXPECT_EQ(manager_->RefreshIdle(emulator_.clock().Now()).value(), 0);
  emulator_.clock().Advance(hours(24 * 2));
  EXPECT_EQ(manager_->RefreshIdle(emulator_.clock().Now()).value(), 1);
  EXPECT_EQ(manager_->RefreshIdle(emulator_.clock().Now()).value(), 0);
  emulator_.clock().Advance(hours(24 * 31));  // 62 days after connecting
  const Result<std::string> token = manager_->AccessToken(kConnection);
  ASSERT_TRUE(token.ok()) << token.status();
  EXPECT_EQ(Get(*token, kNz).first, 200);
}

TEST_F(TokenManagerTest, WithoutIdleRefreshTheRefreshTokenLapsesAfter60Days) {
  Connect(*manager_);
  emulator_.clock().Advance(hours(24 * 61));
  EXPECT_EQ(manager_->AccessToken(kConnection).status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(manager_->Describe(kConnection)->state, ConnectionState::kExpired);
}

TEST_F(TokenManagerTest, DisconnectingTheLastOrganisationRevokesAndReconnectWorks) {
  Connect(*manager_);
  ASSERT_TRUE(manager_->Disconnect(kConnection, kNz).ok());
  EXPECT_EQ(emulator_.identity().ConnectionCount(kNz), 0);
  EXPECT_EQ(emulator_.identity().ConnectionCount(kUk), 1);
  EXPECT_EQ(manager_->Describe(kConnection)->state, ConnectionState::kActive);
  EXPECT_EQ(Stored().tenant_names, std::vector<std::string>{"Demo Company (UK)"});
  const std::string refresh = Stored().refresh_token;

  ASSERT_TRUE(manager_->Disconnect(kConnection, kUk).ok());
  EXPECT_EQ(emulator_.identity().ConnectionCount(kUk), 0);
  EXPECT_EQ(client_.Refresh(refresh).status().code(), StatusCode::kUnauthenticated);
  const StoredTokens gone = Stored();
  EXPECT_EQ(gone.state, ConnectionState::kDisconnected);
  EXPECT_TRUE(gone.refresh_token.empty());
  EXPECT_EQ(manager_->AccessToken(kConnection).status().code(), StatusCode::kFailedPrecondition);

  Connect(*manager_);
  EXPECT_EQ(manager_->Describe(kConnection)->state, ConnectionState::kActive);
  EXPECT_EQ(Get(manager_->AccessToken(kConnection).value(), kNz).first, 200);
}

TEST_F(TokenManagerTest, DisconnectAllRevokesTheGrant) {
  Connect(*manager_);
  ASSERT_TRUE(manager_->DisconnectAll(kConnection).ok());
  EXPECT_EQ(emulator_.identity().ConnectionCount(kNz), 0);
  EXPECT_EQ(emulator_.identity().ConnectionCount(kUk), 0);
  EXPECT_EQ(manager_->Describe(kConnection)->state, ConnectionState::kDisconnected);
}

}  // namespace
}  // namespace xerosync::xero::testing
