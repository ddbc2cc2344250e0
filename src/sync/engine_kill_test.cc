// Crash safety with real processes (issue 5): a forked worker syncs against the emulator served on
// 127.0.0.1 and is killed with SIGKILL at a step of an attempt — after its intent is stored and
// before anything is sent; while Xero is handling its request (which Xero then applies); after the
// answer came and before its outcome is stored. A new worker then starts on the same SQLite file,
// and every invoice must be in Xero exactly once, every document synced.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <map>
#include <string>
#include <thread>

#include "emulator/emulator.h"
#include "emulator/faults.h"
#include "emulator/test_support.h"
#include "http/http.h"
#include "store/sqlite_store.h"
#include "sync/engine.h"
#include "sync/store_token_store.h"
#include "xero/client.h"
#include "xero/oauth_test_util.h"
#include "xero/testing/loopback_transport.h"

namespace xerosync::sync {
namespace {

using store::DocumentKind;
using store::DocumentState;
using xero::testing::kNz;

constexpr char kConnection[] = "acme";

// The rate budget's waits move the fake clock of whoever owns it.
class ClockWaiter final : public xero::Waiter {
 public:
  explicit ClockWaiter(FakeClock& clock) : clock_(clock) {}
  void WaitUntil(TimePoint deadline) override {
    if (deadline > clock_.Now()) clock_.Advance(deadline - clock_.Now());
  }

 private:
  FakeClock& clock_;
};

EngineOptions Owner(std::string owner) {
  EngineOptions options;
  options.owner = std::move(owner);
  return options;
}

class MultiProcessTest : public ::testing::Test {
 protected:
  MultiProcessTest()
      : dir_(std::filesystem::temp_directory_path() /
             ("xerosync-kill-" + std::to_string(getpid()))),
        key_(xero::TokenCipher::DecodeKey(xero::TokenCipher::NewKeyBase64()).value()),
        emulator_(base_clock_, [this] {
          emulator::EmulatorOptions options = emulator::testing::DemoOptions(7);
          // A delay fault's hold: the test kills the worker there, while Xero holds its request.
          options.hold = [this](std::chrono::milliseconds) {
            if (on_hold_) on_hold_();
          };
          return options;
        }()) {
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  ~MultiProcessTest() override { std::filesystem::remove_all(dir_); }

  std::string DbPath() const { return (dir_ / "xerosync.db").string(); }

  // A worker as a process would build it: store, tokens, budget, client, engine, on `clock`.
  struct Worker {
    Worker(const std::string& db, const std::string& key, FakeClock& clock,
           xero::Transport& transport, const std::string& base, EngineOptions options)
        : cipher(key),
          store(Open(db)),
          tokens_store(NewStoreTokenStore(*store, cipher, clock, TokenOptions(options.owner))),
          oauth(transport, xero::XeroEndpoints::AllAt(base), xero::testing::DemoApp()),
          tokens(oauth, *tokens_store, clock),
          budget(clock),
          waiter(clock),
          client(transport, tokens, budget, waiter, xero::XeroEndpoints::AllAt(base)),
          engine(*store, client, clock, std::move(options)) {}
    static std::unique_ptr<store::Store> Open(const std::string& db) {
      store::SqliteStoreOptions options;
      options.path = db;
      return store::OpenSqliteStore(options).value();
    }
    static StoreTokenStoreOptions TokenOptions(const std::string& owner) {
      StoreTokenStoreOptions options;
      options.owner = owner;
      return options;
    }
    xero::TokenCipher cipher;
    std::unique_ptr<store::Store> store;
    std::unique_ptr<xero::TokenStore> tokens_store;
    xero::OAuthClient oauth;
    xero::TokenManager tokens;
    xero::RateBudget budget;
    ClockWaiter waiter;
    xero::XeroClient client;
    Engine engine;
  };

  std::map<std::string, int> InvoicesInXero() {
    std::map<std::string, int> count;
    emulator_.organisations().Read(kNz, [&](const emulator::OrgState& state) {
      for (const auto& invoice : state.invoices) {
        if (invoice.invoice_number.starts_with("KILL-")) ++count[invoice.invoice_number];
      }
    });
    return count;
  }

  // Connects the demo organisation and pushes Documents(), as the service did before.
  void ConnectAndPush(const std::string& base) {
    FakeClock clock(emulator_.clock().Now());
    xero::testing::LoopbackTransport transport;
    Worker setup(DbPath(), key_, clock, transport, base, Owner("setup"));
    const xero::AuthorizeStart authorize = setup.oauth.StartAuthorize();
    const auto query = xero::testing::FollowAuthorize(transport, authorize.url);
    ASSERT_TRUE(
        setup.tokens
            .Connect(kConnection, xero::testing::Param(query, "code"), authorize.code_verifier)
            .ok());
    ASSERT_TRUE(setup.store->UpsertOrganisation(domain::TenantId(kNz), kConnection, "NZ").ok());
    ASSERT_TRUE(setup.store->MarkInitialSyncDone(domain::TenantId(kNz), true).ok());
    ASSERT_TRUE(setup.store->Accept(domain::TenantId(kNz), Documents(), clock.Now()).ok());
  }

  // Serves the emulator on 127.0.0.1, then ConnectAndPush; returns the base URL.
  std::string ServeAndPush() {
    Result<std::unique_ptr<http::Server>> server = http::Server::Start(
        http::ServerOptions{}, [this](http::Request& r) { return emulator_.Handle(r); });
    EXPECT_TRUE(server.ok()) << server.status();
    if (!server.ok()) return "";
    server_ = std::move(*server);
    const std::string base = "http://127.0.0.1:" + std::to_string(server_->port());
    ConnectAndPush(base);
    return base;
  }

  static std::vector<store::IncomingDocument> Documents();

  std::filesystem::path dir_;
  std::string key_;
  FakeClock base_clock_;
  std::function<void()> on_hold_;
  emulator::Emulator emulator_;
  std::unique_ptr<http::Server> server_;  // declared last: stopped first
};

class EngineKillTest : public MultiProcessTest,
                       public ::testing::WithParamInterface<std::string> {};

std::vector<store::IncomingDocument> MultiProcessTest::Documents() {
  std::vector<store::IncomingDocument> documents;
  documents.push_back({DocumentKind::kContact,
                       "c1",
                       store::Operation::kUpsert,
                       R"({"Name":"Kill Test Customer","ContactNumber":"KT-1"})",
                       {}});
  for (int i = 1; i <= 120; ++i) {
    documents.push_back(
        {DocumentKind::kInvoice,
         "i" + std::to_string(i),
         store::Operation::kUpsert,
         R"({"Type":"ACCREC","InvoiceNumber":"KILL-)" + std::to_string(i) +
             R"(","Date":"2026-01-02","DueDate":"2026-01-30","LineAmountTypes":"Exclusive",)"
             R"("LineItems":[{"Description":"Work","Quantity":1,"UnitAmount":42.5,)"
             R"("AccountCode":"200","TaxType":"OUTPUT2"}]})",
         {{{DocumentKind::kContact, "c1"}, "contact"}}});
  }
  return documents;
}

TEST_P(EngineKillTest, AWorkerKilledMidAttemptLeavesEveryInvoiceInXeroExactlyOnce) {
  const std::string step = GetParam();
  // The second invoice batch is where the worker dies.
  std::atomic<pid_t> victim{0};
  if (step == "in-xero") {
    emulator::FaultRule hold;
    hold.method = "PUT";
    hold.path = "/api.xro/2.0/Invoices";
    hold.action = emulator::FaultAction::kDelay;
    hold.hold = std::chrono::milliseconds(1);
    hold.times = 2;
    emulator_.faults().Add(hold);
    int holds = 0;
    on_hold_ = [&] {
      if (++holds != 2) return;
      // The worker is blocked on this very request: it has set victim long before.
      for (int i = 0; i < 1'000'000 && victim.load() == 0; ++i) std::this_thread::yield();
      kill(victim.load(), SIGKILL);
    };
  }

  const std::string base = ServeAndPush();
  if (HasFatalFailure()) return;

  const TimePoint start = emulator_.clock().Now();
  const pid_t pid = fork();
  if (pid == 0) {
    FakeClock clock(start);
    xero::testing::LoopbackTransport transport;
    EngineOptions options = Owner("doomed");
    int attempts = 0;
    options.on_step = [&](std::string_view at) {
      if (at == step && ++attempts == 3) raise(SIGKILL);  // contacts, invoices 1, invoices 2
    };
    Worker worker(DbPath(), key_, clock, transport, base, std::move(options));
    (void)worker.engine.RunOnce(domain::TenantId(kNz), store::RunTrigger::kAutomatic);
    _exit(0);  // only reached if the step never came
  }
  victim = pid;
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the worker was not killed at " << step;
  EXPECT_EQ(WTERMSIG(status), SIGKILL);

  // How long Xero keeps idempotency keys is undocumented: assume it forgot them, so that only the
  // lookups can stop a second copy. A new worker starts after the dead one's lease ran out.
  emulator_.writes().ForgetIdempotencyKeys();
  emulator_.clock().Advance(std::chrono::minutes(6));
  FakeClock clock(emulator_.clock().Now());
  xero::testing::LoopbackTransport transport;
  Worker survivor(DbPath(), key_, clock, transport, base, Owner("survivor"));
  const Result<RunReport> report =
      survivor.engine.RunOnce(domain::TenantId(kNz), store::RunTrigger::kAutomatic);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->run.outcome, store::RunOutcome::kSucceeded) << report->run.detail;

  const std::map<std::string, int> in_xero = InvoicesInXero();
  EXPECT_EQ(in_xero.size(), 120u);
  for (const auto& [number, n] : in_xero) EXPECT_EQ(n, 1) << number;
  const auto counts = survivor.store->CountByState(domain::TenantId(kNz)).value();
  EXPECT_EQ(counts[static_cast<int>(DocumentState::kSynced)], 121);
}

TEST_F(MultiProcessTest, TwoWorkerProcessesSyncingTogetherWriteEachInvoiceOnce) {
  // Every invoice batch is held a moment inside Xero, so that the two runs overlap.
  emulator::FaultRule hold;
  hold.method = "PUT";
  hold.action = emulator::FaultAction::kDelay;
  hold.hold = std::chrono::milliseconds(1);
  emulator_.faults().Add(hold);
  std::atomic<int> held{0};
  on_hold_ = [&] {
    ++held;
    for (int i = 0; i < 2000; ++i) std::this_thread::yield();
  };
  const std::string base = ServeAndPush();
  if (HasFatalFailure()) return;

  int go[2];
  ASSERT_EQ(pipe(go), 0);
  const TimePoint start = emulator_.clock().Now();
  const auto work = [&](const std::string& owner) {
    FakeClock clock(start);
    xero::testing::LoopbackTransport transport;
    Worker worker(DbPath(), key_, clock, transport, base, Owner(owner));
    return worker.engine.RunOnce(domain::TenantId(kNz), store::RunTrigger::kAutomatic);
  };
  const pid_t pid = fork();
  if (pid == 0) {
    close(go[1]);
    char byte = 0;
    if (read(go[0], &byte, 1) != 1) _exit(3);
    const Result<RunReport> report = work("child");
    _exit(report.ok() ? 0 : 4);
  }
  close(go[0]);
  ASSERT_EQ(write(go[1], "g", 1), 1);
  close(go[1]);
  const Result<RunReport> mine = work("parent");
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  ASSERT_TRUE(mine.ok()) << mine.status();

  const std::map<std::string, int> in_xero = InvoicesInXero();
  EXPECT_EQ(in_xero.size(), 120u);
  for (const auto& [number, n] : in_xero) EXPECT_EQ(n, 1) << number;
  EXPECT_GE(held.load(), 3) << "at least the three invoice batches went to Xero";
}

INSTANTIATE_TEST_SUITE_P(Steps, EngineKillTest, ::testing::Values("intent", "in-xero", "answered"));

}  // namespace
}  // namespace xerosync::sync
