// Store benchmarks (bench/README.md has the figures): documents accepted per second in batches of
// 500 realistic invoices, attempts opened and their outcomes recorded per second, and the
// planner's page of 500 due documents with 1,000,000 pending (with the database's size on disk
// and the process's resident memory). Each runs with synchronous=FULL (the default: durable on
// return) and NORMAL (durable against a process crash only) where the difference matters.
//
// Real time is what counts here (commits wait for the disk), so every benchmark uses it.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "store/sqlite_store.h"

namespace xerosync::store {
namespace {

namespace fs = std::filesystem;

const domain::TenantId kTenant("7d3a7c8e-1c52-4a64-9a3c-0c2f3b2b5c11");

std::string TempPath(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("xerosync-store-bench-" + std::to_string(getpid()));
  fs::create_directories(dir);
  fs::path path = dir / name;
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path.string() + suffix);
  return path.string();
}

void RemoveDatabase(const std::string& path) {
  std::error_code ignored;
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path + suffix, ignored);
  fs::remove(fs::path(path).parent_path(), ignored);  // only when nothing else is left in it
}

int64_t FileBytes(const std::string& path) {
  int64_t total = 0;
  for (const char* suffix : {"", "-wal"}) {
    std::error_code error;
    auto size = fs::file_size(path + suffix, error);
    if (!error) total += static_cast<int64_t>(size);
  }
  return total;
}

// Resident memory of this process, from /proc/self/status (kB).
int64_t ResidentKb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stoll(line.substr(6));
  }
  return 0;
}

// A sales invoice as the host pushes it: four lines, about 1.5 KB of Xero JSON.
IncomingDocument MakeInvoice(int64_t n) {
  std::string number = "INV-" + std::to_string(100000 + n);
  std::string payload =
      R"({"Type":"ACCREC","InvoiceNumber":")" + number + R"(","Reference":"Order )" +
      std::to_string(n) +
      R"(","Date":"2026-11-21","DueDate":"2026-12-21","CurrencyCode":"AUD","Status":"AUTHORISED",)"
      R"("LineAmountTypes":"Exclusive","Url":"https://shop.example.com/orders/)" +
      std::to_string(n) +
      R"(","LineItems":[)"
      R"({"Description":"Consulting services, November: discovery workshops and the written report","Quantity":12.5,"UnitAmount":180.00,"AccountCode":"200","TaxType":"OUTPUT","LineAmount":2250.00,"Tracking":[{"Name":"Region","Option":"North"}]},)"
      R"({"Description":"Travel: return flights Sydney to Brisbane, economy, and two nights' accommodation","Quantity":1,"UnitAmount":845.50,"AccountCode":"200","TaxType":"OUTPUT","LineAmount":845.50,"Tracking":[{"Name":"Region","Option":"North"}]},)"
      R"({"Description":"Software licence, annual subscription, 25 seats, renewal for 2027","Quantity":25,"UnitAmount":39.95,"AccountCode":"260","TaxType":"OUTPUT","DiscountRate":10.00,"LineAmount":898.88,"Tracking":[{"Name":"Region","Option":"North"}]},)"
      R"({"Description":"Support hours beyond the monthly allowance: tickets 4471, 4490 and 4502","Quantity":3.25,"UnitAmount":150.00,"ItemCode":"SUPPORT-HR","AccountCode":"200","TaxType":"OUTPUT","LineAmount":487.50,"Tracking":[{"Name":"Region","Option":"North"}]}],)"
      R"("SubTotal":4481.88,"TotalTax":448.19,"Total":4930.07,"ExpectedPaymentDate":"2026-12-21",)"
      R"("BrandingThemeID":"5d4dd402-c851-497e-aae1-9ff265c0d15a","SentToContact":false,)"
      R"("Contact":{"Name":"Customer )" +
      std::to_string(n % 997) + R"("}})";
  return {.kind = DocumentKind::kInvoice,
          .host_id = number,
          .operation = Operation::kUpsert,
          .payload = std::move(payload),
          .parents = {{{DocumentKind::kContact, "CUST-" + std::to_string(n % 997)}, "contact"}}};
}

std::unique_ptr<Store> Open(const std::string& path, bool full) {
  auto store = OpenSqliteStore({.path = path, .synchronous_full = full});
  if (!store.ok()) {
    fprintf(stderr, "%s\n", store.status().ToString().c_str());
    std::abort();
  }
  if (!(*store)->UpsertOrganisation(kTenant, "conn", "Demo").ok()) std::abort();
  return std::move(*store);
}

void Check(const Status& status) {
  if (!status.ok()) {
    fprintf(stderr, "%s\n", status.ToString().c_str());
    std::abort();
  }
}

// Accept: batches of 500 new invoices, one transaction each. Arg: 1 = synchronous FULL.
void BM_AcceptInvoices(benchmark::State& state) {
  bool full = state.range(0) == 1;
  std::string path = TempPath(full ? "accept-full.db" : "accept-normal.db");
  auto store = Open(path, full);
  constexpr int kBatch = 500;
  int64_t next = 0;
  std::vector<IncomingDocument> batch(kBatch);
  int64_t payload_bytes = 0;
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores): the loop idiom
    state.PauseTiming();
    for (IncomingDocument& doc : batch) {
      doc = MakeInvoice(next++);
      payload_bytes += static_cast<int64_t>(doc.payload.size());
    }
    state.ResumeTiming();
    auto accepted = store->Accept(kTenant, batch, TimePoint(std::chrono::seconds(1'800'000'000)));
    Check(accepted.status());
  }
  state.SetItemsProcessed(state.iterations() * kBatch);
  state.counters["payload_bytes"] = static_cast<double>(payload_bytes) / static_cast<double>(next);
  state.counters["db_MB"] = static_cast<double>(FileBytes(path)) / 1e6;
  store.reset();
  RemoveDatabase(path);
}
BENCHMARK(BM_AcceptInvoices)->Arg(1)->Arg(0)->UseRealTime()->Unit(benchmark::kMillisecond);

// Re-pushing the same 500 invoices (the host sends everything again): all unchanged.
void BM_AcceptUnchanged(benchmark::State& state) {
  std::string path = TempPath("unchanged.db");
  auto store = Open(path, true);
  std::vector<IncomingDocument> batch(500);
  for (int i = 0; i < 500; ++i) batch[i] = MakeInvoice(i);
  TimePoint now(std::chrono::seconds(1'800'000'000));
  Check(store->Accept(kTenant, batch, now).status());
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores): the loop idiom
    Check(store->Accept(kTenant, batch, now).status());
  }
  state.SetItemsProcessed(state.iterations() * 500);
  store.reset();
  RemoveDatabase(path);
}
BENCHMARK(BM_AcceptUnchanged)->UseRealTime()->Unit(benchmark::kMillisecond);

// The worker's cycle for one batch of 50: list due pending invoices, open the attempt (intent),
// record 50 written outcomes (links, synced). Two commits per batch. Arg: 1 = FULL.
void BM_AttemptCycle(benchmark::State& state) {
  bool full = state.range(0) == 1;
  std::string path = TempPath(full ? "attempt-full.db" : "attempt-normal.db");
  auto store = Open(path, full);
  TimePoint now(std::chrono::seconds(1'800'000'000));
  int64_t next = 0;
  auto refill = [&]() {
    std::vector<IncomingDocument> batch(500);
    for (IncomingDocument& doc : batch) doc = MakeInvoice(next++);
    Check(store->Accept(kTenant, batch, now).status());
  };
  DocumentQuery query;
  query.organisation = kTenant;
  query.state = DocumentState::kPending;
  query.kind = DocumentKind::kInvoice;
  query.due_by = now;
  query.limit = 50;
  int64_t key = 0;
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores): the loop idiom
    auto docs = store->ListDocuments(query);
    Check(docs.status());
    if (docs->size() < 50) {
      state.PauseTiming();
      refill();
      state.ResumeTiming();
      docs = store->ListDocuments(query);
      Check(docs.status());
    }
    std::vector<int64_t> ids;
    for (const Document& doc : *docs) ids.push_back(doc.id);
    auto attempt = store->OpenAttempt(kTenant, "xs1-" + std::to_string(key++), ids, now);
    Check(attempt.status());
    std::vector<DocumentOutcomeRecord> outcomes(ids.size());
    for (std::size_t i = 0; i < ids.size(); ++i) {
      outcomes[i].document_id = ids[i];
      outcomes[i].kind = OutcomeKind::kWritten;
      outcomes[i].xero_id = "0a7b6c3e-0000-4000-8000-" + std::to_string(100000000000 + ids[i]);
    }
    Check(store->RecordOutcomes(attempt->id, outcomes, now));
  }
  state.SetItemsProcessed(state.iterations() * 50);
  store.reset();
  RemoveDatabase(path);
}
BENCHMARK(BM_AttemptCycle)->Arg(1)->Arg(0)->UseRealTime()->Unit(benchmark::kMillisecond);

// The planner's page of 500 due invoices with 1,000,000 pending, paging through in id order.
// The million are accepted once (synchronous NORMAL, to set up faster), then reopened FULL.
void BM_ListDuePageOf1MPending(benchmark::State& state) {
  constexpr int64_t kPending = 1'000'000;
  std::string path = TempPath("million.db");
  TimePoint now(std::chrono::seconds(1'800'000'000));
  {
    auto store = Open(path, false);
    std::vector<IncomingDocument> batch(500);
    for (int64_t n = 0; n < kPending;) {
      for (IncomingDocument& doc : batch) doc = MakeInvoice(n++);
      Check(store->Accept(kTenant, batch, now).status());
    }
  }
  int64_t rss_before_kb = ResidentKb();
  auto store = Open(path, true);
  DocumentQuery query;
  query.organisation = kTenant;
  query.state = DocumentState::kPending;
  query.kind = DocumentKind::kInvoice;
  query.due_by = now;
  query.limit = 500;
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores): the loop idiom
    auto docs = store->ListDocuments(query);
    Check(docs.status());
    query.after_id = docs->size() == 500 ? docs->back().id : 0;
    benchmark::DoNotOptimize(docs->data());
  }
  state.SetItemsProcessed(state.iterations() * 500);
  state.counters["db_MB"] = static_cast<double>(FileBytes(path)) / 1e6;
  state.counters["rss_MB"] = static_cast<double>(ResidentKb()) / 1024.0;
  state.counters["rss_MB_before_open"] = static_cast<double>(rss_before_kb) / 1024.0;
  // Once each, for the figures: the console's counts, and a page without a kind (which sorts:
  // documents_by_state orders by kind before id).
  auto started = std::chrono::steady_clock::now();
  auto counts = store->CountByState(kTenant);
  Check(counts.status());
  auto counted = std::chrono::steady_clock::now();
  query.kind.reset();
  query.after_id = 0;
  Check(store->ListDocuments(query).status());
  auto listed = std::chrono::steady_clock::now();
  using Ms = std::chrono::duration<double, std::milli>;
  state.counters["pending"] = static_cast<double>((*counts)[0]);
  state.counters["count_by_state_ms"] = Ms(counted - started).count();
  state.counters["page_without_kind_ms"] = Ms(listed - counted).count();
  store.reset();
  RemoveDatabase(path);
}
BENCHMARK(BM_ListDuePageOf1MPending)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond)
    ->Iterations(2000);

// HasSyncedChildren (the pre-flight "cannot be edited in Xero" check, once per invoice update) with
// 100,000 synced payments, each naming one of 50,000 invoices: a lookup that finds one (Arg 1) and
// one that finds none (Arg 0, the common case: the scan reads every payment's parents).
void BM_HasSyncedChildrenOf100KPayments(benchmark::State& state) {
  constexpr int64_t kPayments = 100'000;
  std::string path = TempPath("children.db");
  TimePoint now(std::chrono::seconds(1'800'000'000));
  auto store = Open(path, false);
  std::vector<IncomingDocument> batch(500);
  for (int64_t n = 0; n < kPayments;) {
    for (IncomingDocument& doc : batch) {
      const std::string invoice = "INV-" + std::to_string(100000 + n % 50'000);
      doc = {.kind = DocumentKind::kPayment,
             .host_id = "PAY-" + std::to_string(n++),
             .operation = Operation::kUpsert,
             .payload = R"({"Date":"2026-11-21","Amount":100.00,"Account":{"Code":"090"}})",
             .parents = {{{DocumentKind::kInvoice, invoice}, "invoice"}}};
    }
    auto accepted = store->Accept(kTenant, batch, now);
    Check(accepted.status());
    std::vector<int64_t> ids;
    std::vector<DocumentOutcomeRecord> written;
    for (const Accepted& a : *accepted) {
      ids.push_back(a.document_id);
      DocumentOutcomeRecord record;
      record.document_id = a.document_id;
      record.kind = OutcomeKind::kWritten;
      record.xero_id = "xero-" + std::to_string(a.document_id);
      written.push_back(std::move(record));
    }
    auto attempt = store->OpenAttempt(kTenant, "key-" + std::to_string(n), ids, now);
    Check(attempt.status());
    Check(store->RecordOutcomes(attempt->id, written, now));
  }
  const DocumentKey key{DocumentKind::kInvoice, state.range(0) == 1 ? "INV-149999" : "INV-99"};
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores): the loop idiom
    auto has = store->HasSyncedChildren(kTenant, key);
    Check(has.status());
    if (*has != (state.range(0) == 1)) std::abort();
  }
  store.reset();
  RemoveDatabase(path);
}
BENCHMARK(BM_HasSyncedChildrenOf100KPayments)
    ->Arg(1)
    ->Arg(0)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace xerosync::store
