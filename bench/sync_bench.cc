// Issue 5's sync benchmark (bench/README.md): the engine, a real SQLite store and the emulator in
// one process, on a fake clock that the rate budget's waits move — Xero's limits in scaled time.
//
//   1. 10,000 invoices (and their 100 contacts) for one organisation under Xero's default limits
//      (60 calls a minute, 5,000 a day, 5 at once): calls used against the 50-per-call minimum,
//      429s, emulated time against what the minute limit allows, and CPU per synced document
//      (engine, store and the in-process emulator together).
//   2. 1,000,000 pending documents: how fast the store accepts them, and the process's peak memory
//      while a run plans over them (the day limit is set to 20 calls so that the run ends parked).
//
// Usage: sync_bench [--invoices N] [--pending N] [--dir DIR]   (defaults 10000, 1000000, /tmp)
// Run the two parts as separate processes (`--pending 0`, then `--invoices 0`) so that the peak
// memory of the second is its own.
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "emulator/emulator.h"
#include "emulator/test_support.h"
#include "store/sqlite_store.h"
#include "sync/engine.h"
#include "sync/store_token_store.h"
#include "xero/client.h"
#include "xero/oauth.h"
#include "xero/oauth_test_util.h"
#include "xero/testing/emulator_transport.h"

namespace xerosync {
namespace {

using store::DocumentKind;

constexpr char kConnection[] = "bench";
constexpr char kTenant[] = "7a3c1f5e-2b4d-4e6f-8a9b-0c1d2e3f4a51";  // the demo NZ organisation

double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

long PeakRssMb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024;
}

long CurrentRssMb() {
  std::ifstream statm("/proc/self/statm");
  long pages = 0;
  long resident = 0;
  if (!(statm >> pages >> resident)) return -1;
  return resident * sysconf(_SC_PAGESIZE) / (1024L * 1024L);
}

class ClockWaiter final : public xero::Waiter {
 public:
  explicit ClockWaiter(emulator::EmulatorClock& clock) : clock_(clock) {}
  void WaitUntil(TimePoint deadline) override {
    if (deadline > clock_.Now()) clock_.Advance(deadline - clock_.Now());
  }

 private:
  emulator::EmulatorClock& clock_;
};

store::IncomingDocument Contact(int n) {
  return {DocumentKind::kContact,
          "c" + std::to_string(n),
          store::Operation::kUpsert,
          R"({"Name":"Bench Customer )" + std::to_string(n) + R"(","ContactNumber":"BC-)" +
              std::to_string(n) + R"("})",
          {}};
}

store::IncomingDocument Invoice(int n, int contacts) {
  return {DocumentKind::kInvoice,
          "i" + std::to_string(n),
          store::Operation::kUpsert,
          R"({"Type":"ACCREC","InvoiceNumber":"B-)" + std::to_string(n) +
              R"(","Reference":"Order )" + std::to_string(n) +
              R"(","Date":"2026-01-02","DueDate":"2026-01-30","LineAmountTypes":"Exclusive",)"
              R"("LineItems":[{"Description":"Consulting","Quantity":3,"UnitAmount":125.5,)"
              R"("AccountCode":"200","TaxType":"OUTPUT2"},{"Description":"Travel",)"
              R"("Quantity":1,"UnitAmount":48.2,"AccountCode":"200","TaxType":"OUTPUT2"}]})",
          {{{DocumentKind::kContact, "c" + std::to_string(1 + n % contacts)}, "contact"}}};
}

// One organisation's whole stack: emulator, store, tokens, budget, client, engine.
struct Stack {
  Stack(const std::string& db, emulator::EmulatorOptions options)
      : emulator(base, std::move(options)),
        transport(emulator),
        waiter(emulator.clock()),
        cipher(xero::TokenCipher::DecodeKey(xero::TokenCipher::NewKeyBase64()).value()),
        store(Open(db)),
        token_store(sync::NewStoreTokenStore(*store, cipher, emulator.clock(), TokenOptions())),
        oauth(transport, xero::XeroEndpoints::AllAt(xero::testing::kBase),
              xero::testing::DemoApp()),
        tokens(oauth, *token_store, emulator.clock()),
        budget(emulator.clock()),
        client(transport, tokens, budget, waiter, xero::XeroEndpoints::AllAt(xero::testing::kBase)),
        engine(*store, client, emulator.clock(), EngineOptions()) {}

  static std::unique_ptr<store::Store> Open(const std::string& db) {
    store::SqliteStoreOptions options;
    options.path = db;
    return store::OpenSqliteStore(options).value();
  }
  static sync::StoreTokenStoreOptions TokenOptions() {
    sync::StoreTokenStoreOptions options;
    options.owner = "bench";
    return options;
  }
  static sync::EngineOptions EngineOptions() {
    sync::EngineOptions options;
    options.owner = "bench-engine";
    return options;
  }

  bool Connect() {
    const xero::AuthorizeStart start = oauth.StartAuthorize();
    const auto query = xero::testing::FollowAuthorize(transport, start.url);
    const Result<std::vector<xero::XeroConnection>> connected =
        tokens.Connect(kConnection, xero::testing::Param(query, "code"), start.code_verifier);
    return connected.ok() &&
           store->UpsertOrganisation(domain::TenantId(kTenant), kConnection, "Bench NZ").ok();
  }

  FakeClock base;
  emulator::Emulator emulator;
  xero::testing::EmulatorTransport transport;
  ClockWaiter waiter;
  xero::TokenCipher cipher;
  std::unique_ptr<store::Store> store;
  std::unique_ptr<xero::TokenStore> token_store;
  xero::OAuthClient oauth;
  xero::TokenManager tokens;
  xero::RateBudget budget;
  xero::XeroClient client;
  sync::Engine engine;
};

int Throughput(const std::filesystem::path& dir, int invoices) {
  constexpr int kContacts = 100;
  const std::string db = (dir / "sync-bench.db").string();
  std::filesystem::remove(db);
  Stack stack(db, emulator::testing::DemoOptions(11));
  if (!stack.Connect()) return std::fprintf(stderr, "connect failed\n"), 1;
  const domain::TenantId tenant(kTenant);
  // The first run caches the organisation's settings ("the reference reads").
  const Result<sync::RunReport> initial = stack.engine.RunOnce(tenant, store::RunTrigger::kInitial);
  if (!initial.ok()) return std::fprintf(stderr, "%s\n", initial.status().ToString().c_str()), 1;
  const int64_t reference_reads = initial->run.counts.api_calls;

  std::vector<store::IncomingDocument> documents;
  for (int c = 1; c <= kContacts; ++c) documents.push_back(Contact(c));
  for (int i = 1; i <= invoices; ++i) documents.push_back(Invoice(i, kContacts));
  if (!stack.store->Accept(tenant, documents, stack.emulator.clock().Now()).ok()) return 1;

  const xero::XeroClientStats before = stack.client.stats();
  const TimePoint start = stack.emulator.clock().Now();
  const double cpu_start = CpuSeconds();
  const auto wall_start = std::chrono::steady_clock::now();
  const Result<sync::RunReport> run = stack.engine.RunOnce(tenant, store::RunTrigger::kAutomatic);
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  const double cpu = CpuSeconds() - cpu_start;
  if (!run.ok()) return std::fprintf(stderr, "%s\n", run.status().ToString().c_str()), 1;
  const xero::XeroClientStats after = stack.client.stats();

  const int64_t synced = run->run.counts.synced;
  const int64_t minimum = (kContacts + 49) / 50 + (invoices + 49) / 50;
  const int64_t calls = after.sent - before.sent;
  const double emulated_min =
      std::chrono::duration<double>(stack.emulator.clock().Now() - start).count() / 60.0;
  // With 60 calls a minute in fixed windows, call k (0-based) can go in minute k / 60.
  const int64_t allowed_minutes = (calls - 1) / 60;
  const auto allowed_min = static_cast<double>(allowed_minutes);
  std::printf("| %d invoices + %d contacts, one organisation | outcome %s, %lld synced |\n",
              invoices, kContacts, std::string(store::RunOutcomeName(run->run.outcome)).c_str(),
              static_cast<long long>(synced));
  std::printf("| calls used | %lld (minimum %lld: ratio %.3f), plus %lld reference reads |\n",
              static_cast<long long>(calls), static_cast<long long>(minimum),
              static_cast<double>(calls) / static_cast<double>(minimum),
              static_cast<long long>(reference_reads));
  std::printf("| 429s | %lld |\n",
              static_cast<long long>(after.rate_limited - before.rate_limited));
  std::printf("| emulated time | %.2f min (the minute limit allows %.0f min: ratio %.3f) |\n",
              emulated_min, allowed_min, allowed_min > 0 ? emulated_min / allowed_min : 0.0);
  std::printf(
      "| CPU per synced document | %.1f us (engine + store + in-process emulator; %.2f s "
      "CPU, %.2f s wall) |\n",
      cpu * 1e6 / static_cast<double>(synced), cpu, wall);
  return 0;
}

int Pending(const std::filesystem::path& dir, int pending) {
  const std::string db = (dir / "sync-bench-pending.db").string();
  std::filesystem::remove(db);
  emulator::EmulatorOptions options = emulator::testing::DemoOptions(12);
  options.limits.per_day = 20;  // the run ends parked after 20 calls
  Stack stack(db, options);
  if (!stack.Connect()) return 1;
  const domain::TenantId tenant(kTenant);
  if (!stack.store->MarkInitialSyncDone(tenant, true).ok()) return 1;

  constexpr int kContacts = 1000;
  constexpr int kChunk = 5000;
  const auto accept_start = std::chrono::steady_clock::now();
  std::vector<store::IncomingDocument> chunk;
  for (int c = 1; c <= kContacts; ++c) chunk.push_back(Contact(c));
  for (int i = 1; i <= pending; ++i) {
    chunk.push_back(Invoice(i, kContacts));
    if (static_cast<int>(chunk.size()) >= kChunk || i == pending) {
      if (!stack.store->Accept(tenant, chunk, stack.emulator.clock().Now()).ok()) return 1;
      chunk.clear();
    }
  }
  const double accept_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - accept_start).count();
  const long rss_before = CurrentRssMb();
  const Result<sync::RunReport> run = stack.engine.RunOnce(tenant, store::RunTrigger::kAutomatic);
  if (!run.ok()) return std::fprintf(stderr, "%s\n", run.status().ToString().c_str()), 1;
  std::printf("| %d pending documents accepted | %.1f s: %.0f documents/s (chunks of %d) |\n",
              pending + kContacts, accept_s, (pending + kContacts) / accept_s, kChunk);
  std::printf(
      "| a run over them (parked after 20 calls) | outcome %s, %lld synced, %lld paused |\n",
      std::string(store::RunOutcomeName(run->run.outcome)).c_str(),
      static_cast<long long>(run->run.counts.synced),
      static_cast<long long>(run->run.counts.paused));
  std::printf("| memory | %ld MB resident before the run, %ld MB after, peak %ld MB |\n",
              rss_before, CurrentRssMb(), PeakRssMb());
  std::printf("| database on disk | %.0f MB |\n",
              static_cast<double>(std::filesystem::file_size(db)) / (1024.0 * 1024.0));
  return 0;
}

}  // namespace
}  // namespace xerosync

int main(int argc, char** argv) {
  int invoices = 10'000;
  int pending = 1'000'000;
  std::filesystem::path dir = std::filesystem::temp_directory_path();
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string_view flag = argv[i];
    try {
      if (flag == "--invoices") invoices = std::stoi(argv[i + 1]);
      if (flag == "--pending") pending = std::stoi(argv[i + 1]);
    } catch (const std::exception&) {
      std::fprintf(stderr, "%s wants a number, not %s\n", argv[i], argv[i + 1]);
      return 2;
    }
    if (flag == "--dir") dir = argv[i + 1];
  }
  std::printf("| measure | figure |\n|---|---|\n");
  if (invoices > 0) {
    if (const int status = xerosync::Throughput(dir, invoices); status != 0) return status;
  }
  if (pending > 0) return xerosync::Pending(dir, pending);
  return 0;
}
