// Micro-benchmarks of the wire format on the batch size xerosync sends and reads: 50 invoices of
// five lines each (Xero's recommended batch). Reports invoices per second.

#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "domain/totals.h"
#include "xero/wire.h"

namespace xerosync::xero {
namespace {

constexpr int kBatch = 50;
constexpr int kLines = 5;

std::vector<domain::Invoice> MakeBatch() {
  std::vector<domain::Invoice> batch;
  for (int i = 0; i < kBatch; ++i) {
    domain::Invoice inv;
    inv.type = domain::InvoiceType::kAccRec;
    inv.number = "INV-" + std::to_string(10000 + i);
    inv.contact.name = "Customer " + std::to_string(i % 17);
    inv.contact.contact_number = "CUST-" + std::to_string(i % 17);
    inv.date = domain::Date::Parse("2026-11-02").value();
    inv.due_date = domain::Date::Parse("2026-11-30").value();
    inv.line_amount_types = domain::LineAmountType::kExclusive;
    inv.currency_code = "NZD";
    inv.url = "https://app.example/invoices/" + std::to_string(i);
    for (int l = 0; l < kLines; ++l) {
      domain::LineItem line;
      line.description = "Service line " + std::to_string(l);
      line.quantity = Decimal::FromRaw(10'000 + 2'500 * l);      // 1.00, 1.25, ...
      line.unit_amount = Decimal::FromRaw(199'500 + 1'234 * i);  // 19.95 + ...
      line.account_code = "200";
      line.tax_type = "OUTPUT2";
      if (l == 3) line.discount_rate = Decimal::FromInt(10);
      inv.line_items.push_back(std::move(line));
    }
    batch.push_back(std::move(inv));
  }
  return batch;
}

void BM_EncodeInvoiceBatch(benchmark::State& state) {
  const std::vector<domain::Invoice> batch = MakeBatch();
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores): the loop idiom
    std::string body = EncodeRequest<domain::Invoice>(batch);
    benchmark::DoNotOptimize(body);
  }
  state.SetItemsProcessed(state.iterations() * kBatch);
}
BENCHMARK(BM_EncodeInvoiceBatch);

void BM_DecodeInvoiceBatch(benchmark::State& state) {
  // A response as Xero returns it: every field, dates in /Date()/ form, totals.
  std::vector<domain::Invoice> batch = MakeBatch();
  Json body = Json::MakeObject();
  Json items = Json::MakeArray();
  for (domain::Invoice& inv : batch) {
    inv.id = domain::InvoiceId("d4956132-ed94-4dd7-9eaa-aa22dfdf06f2");
    inv.totals.total = Decimal::FromInt(123);
    inv.updated_at = TimePoint(std::chrono::milliseconds(1541176290160));
    items.Append(EncodeObject(inv, EncodeMode::kSnapshot));
  }
  body.Set("Id", Json::String("900c500b-e83c-4ce2-902a-b8ba04751748"));
  body.Set("Status", Json::String("OK"));
  body.Set("DateTimeUTC", Json::String("/Date(1552326816230)/"));
  body.Set("Invoices", std::move(items));
  const std::string text = body.Serialize();
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores): the loop idiom
    Result<ListResponse<domain::Invoice>> page = DecodeList<domain::Invoice>(text);
    benchmark::DoNotOptimize(page);
  }
  state.SetItemsProcessed(state.iterations() * kBatch);
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(text.size()));
}
BENCHMARK(BM_DecodeInvoiceBatch);

void BM_ComputeTotalsBatch(benchmark::State& state) {
  const std::vector<domain::Invoice> batch = MakeBatch();
  domain::TaxRate gst;
  gst.tax_type = "OUTPUT2";
  gst.effective_rate = Decimal::FromInt(15);
  const std::vector<domain::TaxRate> rates = {gst};
  const domain::TaxRateLookup lookup = domain::LookupIn(rates);
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores): the loop idiom
    for (const domain::Invoice& inv : batch) {
      auto totals =
          domain::ComputeTotals(inv.line_items, domain::LineAmountType::kExclusive, lookup);
      benchmark::DoNotOptimize(totals);
    }
  }
  state.SetItemsProcessed(state.iterations() * kBatch);
}
BENCHMARK(BM_ComputeTotalsBatch);

}  // namespace
}  // namespace xerosync::xero
