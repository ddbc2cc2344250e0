// The Xero client's own cost for one batch (batch.h): building the request for 50 invoices of five
// lines each (encode, measure, split, headers) and mapping Xero's summarizeErrors=false answer back
// to the documents (parse, decode every element, count and identity checks). The answer is the
// emulator's, captured once at set-up (two of the 50 refused, so it has ERROR elements too); the
// timed loops do no I/O. Target: under 1 ms for both together.

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <iostream>
#include <string>
#include <variant>
#include <vector>

#include "core/clock.h"
#include "core/json.h"
#include "emulator/demo_data.h"
#include "emulator/emulator.h"
#include "emulator/test_support.h"
#include "xero/batch.h"
#include "xero/requests.h"
#include "xero/testing/emulator_transport.h"

namespace xerosync::xero {
namespace {

constexpr int kBatch = 50;
constexpr int kLines = 5;

std::vector<domain::Invoice> MakeInvoices() {
  std::vector<domain::Invoice> invoices;
  invoices.reserve(kBatch);
  for (int i = 0; i < kBatch; ++i) {
    domain::Invoice inv;
    inv.type = domain::InvoiceType::kAccRec;
    inv.number = "INV-" + std::to_string(10000 + i);
    inv.contact.id = domain::ContactId(emulator::DemoContactId(1, 1 + i % 7));
    inv.date = domain::Date::Parse("2026-01-02").value();
    inv.due_date = domain::Date::Parse("2026-01-30").value();
    inv.line_amount_types = domain::LineAmountType::kExclusive;
    inv.currency_code = "NZD";
    inv.reference = "Order " + std::to_string(5000 + i);
    inv.url = "https://app.example/invoices/" + std::to_string(i);
    for (int l = 0; l < kLines; ++l) {
      domain::LineItem line;
      line.description = "Service line " + std::to_string(l);
      line.quantity = Decimal::FromRaw(10'000 + 2'500 * l);         // 1.00, 1.25, ...
      line.unit_amount = Decimal::FromRaw(199'500 + 1'234 * i);     // 19.95 + ...
      line.account_code = (i % 25 == 7 && l == 2) ? "999" : "200";  // two invoices refused
      line.tax_type = "OUTPUT2";
      if (l == 3) line.discount_rate = Decimal::FromInt(10);
      inv.line_items.push_back(std::move(line));
    }
    invoices.push_back(std::move(inv));
  }
  return invoices;
}

const ApiCaller& Caller() {
  static const ApiCaller caller{"https://api.xero.com", std::string(1200, 't'),
                                std::string(emulator::kDemoNzTenantId)};
  return caller;
}

// The emulator's answer to the batch, sent once.
const std::string& CapturedAnswer() {
  static const std::string answer = [] {
    FakeClock clock;
    emulator::Emulator emulator(clock, emulator::testing::DemoOptions(7));
    testing::EmulatorTransport transport(emulator);
    const ApiCaller caller{
        "http://127.0.0.1:1",
        emulator::testing::ConnectDemoApp(emulator, "accounting.transactions accounting.contacts"),
        std::string(emulator::kDemoNzTenantId)};
    const std::vector<domain::Invoice> invoices = MakeInvoices();
    const BatchPlan plan = PlanBatches<domain::Invoice>(invoices);
    const Result<HttpRequest> request =
        BuildBatchRequest<domain::Invoice>(caller, WriteMethod::kPut, plan.batches.at(0), "bench");
    const TransportResult result = transport.Send(request.value());
    const auto* response = std::get_if<HttpResponse>(&result);
    if (response == nullptr || response->status != 200) {
      std::cerr << "the emulator did not answer the batch\n";
      std::abort();
    }
    return response->body;
  }();
  return answer;
}

void BM_BuildInvoiceBatchRequest(benchmark::State& state) {
  const std::vector<domain::Invoice> invoices = MakeInvoices();
  std::size_t bytes = 0;
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores): the loop idiom
    BatchPlan plan = PlanBatches<domain::Invoice>(invoices);
    Result<HttpRequest> request = BuildBatchRequest<domain::Invoice>(
        Caller(), WriteMethod::kPut, plan.batches.front(), "sync-1:batch-0");
    bytes = request->body.size();
    benchmark::DoNotOptimize(request);
  }
  state.counters["body_bytes"] = static_cast<double>(bytes);
  state.SetItemsProcessed(state.iterations() * kBatch);
}
BENCHMARK(BM_BuildInvoiceBatchRequest)->Unit(benchmark::kMicrosecond);

void BM_MapInvoiceBatchAnswer(benchmark::State& state) {
  const std::vector<domain::Invoice> invoices = MakeInvoices();
  const std::string& answer = CapturedAnswer();
  const Batch batch{0, kBatch, ""};
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores): the loop idiom
    auto results = MapBatchResponse<domain::Invoice>(invoices, batch, answer);
    if (!results.ok()) state.SkipWithError(results.status().message().c_str());
    benchmark::DoNotOptimize(results);
  }
  state.counters["answer_bytes"] = static_cast<double>(answer.size());
  state.SetItemsProcessed(state.iterations() * kBatch);
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(answer.size()));
}
BENCHMARK(BM_MapInvoiceBatchAnswer)->Unit(benchmark::kMicrosecond);

// Of which: parsing the answer's JSON (core/json.h), before any decoding.
void BM_ParseInvoiceBatchAnswerJson(benchmark::State& state) {
  const std::string& answer = CapturedAnswer();
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores): the loop idiom
    Result<Json> json = Json::Parse(answer);
    benchmark::DoNotOptimize(json);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(answer.size()));
}
BENCHMARK(BM_ParseInvoiceBatchAnswerJson)->Unit(benchmark::kMicrosecond);

// Both, as one batch costs the client.
void BM_InvoiceBatchRoundTrip(benchmark::State& state) {
  const std::vector<domain::Invoice> invoices = MakeInvoices();
  const std::string& answer = CapturedAnswer();
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores): the loop idiom
    BatchPlan plan = PlanBatches<domain::Invoice>(invoices);
    Result<HttpRequest> request = BuildBatchRequest<domain::Invoice>(
        Caller(), WriteMethod::kPut, plan.batches.front(), "sync-1:batch-0");
    benchmark::DoNotOptimize(request);
    auto results = MapBatchResponse<domain::Invoice>(invoices, plan.batches.front(), answer);
    if (!results.ok()) state.SkipWithError(results.status().message().c_str());
    benchmark::DoNotOptimize(results);
  }
  state.SetItemsProcessed(state.iterations() * kBatch);
}
BENCHMARK(BM_InvoiceBatchRoundTrip)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace xerosync::xero
