// Micro-benchmarks for the money path: parsing and printing amounts, line arithmetic, and reading
// an invoice-sized JSON document.

#include <benchmark/benchmark.h>

#include <string>

#include "core/decimal.h"
#include "core/json.h"

namespace xerosync {
namespace {

void BM_DecimalParse(benchmark::State& state) {
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores): the loop idiom
    Result<Decimal> r = Decimal::Parse("12345.67");
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_DecimalParse);

void BM_DecimalToString(benchmark::State& state) {
  const Decimal value = Decimal::FromRaw(123'456'700);
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores): the loop idiom
    std::string text = value.ToString();
    benchmark::DoNotOptimize(text);
  }
}
BENCHMARK(BM_DecimalToString);

void BM_DecimalTimes2Places(benchmark::State& state) {
  const Decimal quantity = Decimal::FromRaw(35'000);     // 3.5
  const Decimal unit_price = Decimal::FromRaw(199'500);  // 19.95
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores): the loop idiom
    benchmark::DoNotOptimize(quantity);
    Result<Decimal> r = quantity.Times(unit_price, 2);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_DecimalTimes2Places);

void BM_DecimalRatio3Factors(benchmark::State& state) {
  const Decimal quantity = Decimal::FromRaw(35'000);     // 3.5
  const Decimal unit_price = Decimal::FromRaw(199'500);  // 19.95
  const Decimal rate = Decimal::FromRaw(150'000);        // 15%
  const Decimal hundred = Decimal::FromInt(100);
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores): the loop idiom
    benchmark::DoNotOptimize(quantity);
    Result<Decimal> r = Decimal::Ratio({quantity, unit_price, rate}, {hundred}, 2);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_DecimalRatio3Factors);

std::string InvoiceJson() {
  std::string lines;
  for (int i = 0; i < 8; ++i) {
    if (i > 0) lines += ",";
    lines += R"({"LineItemID":"5f7a612b-0a0a-4a2b-9c1d-00000000000)" + std::to_string(i) +
             R"(","Description":"Consulting \u2014 week )" + std::to_string(i + 1) +
             R"(","Quantity":3.5000,"UnitAmount":199.50,"AccountCode":"200","TaxType":"OUTPUT2",)"
             R"("TaxAmount":104.74,"LineAmount":698.25,"Tracking":[]})";
  }
  return R"({"Invoices":[{"Type":"ACCREC","InvoiceID":"d4956132-ed94-4dd7-9eaa-aa22dfdf06f2",)"
         R"("InvoiceNumber":"INV-0042","Reference":"PO 7781","Contact":{"ContactID":)"
         R"("6d42f03b-181f-43e3-93fb-2025c012de92","Name":"Caf\u00e9 Ltd"},)"
         R"("Date":"2026-01-15","DueDate":"2026-02-14","Status":"AUTHORISED",)"
         R"("LineAmountTypes":"Exclusive","LineItems":[)" +
         lines +
         R"(],"SubTotal":5586.00,"TotalTax":837.90,"Total":6423.90,"AmountDue":6423.90,)"
         R"("AmountPaid":0.00,"CurrencyCode":"NZD","CurrencyRate":1.000000,)"
         R"("UpdatedDateUTC":"\/Date(1768435200000+0000)\/","HasAttachments":false}]})";
}

void BM_JsonParseInvoice(benchmark::State& state) {
  const std::string text = InvoiceJson();
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores): the loop idiom
    Result<Json> r = Json::Parse(text);
    benchmark::DoNotOptimize(r);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
  state.counters["doc_bytes"] = static_cast<double>(text.size());
}
BENCHMARK(BM_JsonParseInvoice);

}  // namespace
}  // namespace xerosync
