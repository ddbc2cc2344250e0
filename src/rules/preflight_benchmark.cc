// The pre-flight checks' cost (rules/preflight.h): PrepareInvoice on five-line AUTHORISED sales
// invoices whose account codes, tax codes, currency and tracking go through the host's mappings,
// against a Reference the size of a real organisation: the NZ demo organisation's chart of
// accounts, tax rates, currencies and tracking categories as the client reads them from the
// emulator (once, at set-up), plus 2,000 contacts. The invoices name their contact by name, so each
// is linked through the name index. Each iteration copies a fresh invoice (as the engine prepares
// its own copy of what the host sent) and prepares it. Target: at least 200,000 invoices a second
// on one core.

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "core/clock.h"
#include "emulator/demo_data.h"
#include "emulator/emulator.h"
#include "emulator/test_support.h"
#include "rules/preflight.h"
#include "rules/testing/emulator_settings.h"
#include "xero/testing/emulator_transport.h"

namespace xerosync::rules {
namespace {

constexpr int kContacts = 2000;
constexpr int kLines = 5;
constexpr int kInvoices = 256;  // distinct invoices, cycled

struct Fixture {
  Reference reference;
  Mappings mappings;
  std::vector<domain::Invoice> invoices;
};

Settings DemoSettings() {
  FakeClock clock;
  emulator::Emulator emulator(clock, emulator::testing::DemoOptions(7));
  xero::testing::EmulatorTransport transport(emulator);
  const xero::ApiCaller caller{
      "http://127.0.0.1:1",
      emulator::testing::ConnectDemoApp(emulator, "openid accounting.settings accounting.contacts"),
      std::string(emulator::kDemoNzTenantId)};
  Result<Settings> settings = testing::ReadSettings(transport, caller);
  if (!settings.ok()) {
    std::cerr << "reading the demo settings failed: " << settings.status() << "\n";
    std::exit(1);
  }
  return std::move(*settings);
}

Fixture MakeFixture() {
  Settings settings = DemoSettings();
  for (int i = 0; i < kContacts; ++i) {
    domain::Contact contact;
    contact.id = domain::ContactId("c0ffee00-0000-4000-8000-" + std::to_string(100000000000 + i));
    contact.name = "Customer " + std::to_string(i) + " Limited";
    contact.contact_number = "CUST-" + std::to_string(10000 + i);
    contact.status =
        i % 50 == 0 ? domain::ContactStatus::kArchived : domain::ContactStatus::kActive;
    settings.contacts->push_back(std::move(contact));
  }
  Fixture f{Reference::Build(std::move(settings)), {}, {}};
  const auto set = [&](std::string_view kind, std::string_view from, std::string_view to) {
    if (!f.mappings.Set(kind, from, to).ok()) std::exit(1);
  };
  set("account", "4000", "200");
  set("account", "4010", "260");
  set("tax_rate", "GST", "OUTPUT2");
  set("tax_rate", "ZERO", "ZERORATED");
  set("currency", "US$", "USD");
  set("tracking", "Area/N", "Region/North");
  set("default", "sales_account", "200");
  for (int i = 0; i < kInvoices; ++i) {
    domain::Invoice invoice;
    invoice.type = domain::InvoiceType::kAccRec;
    invoice.number = "INV-" + std::to_string(20000 + i);
    int customer = 1 + (i * 7) % (kContacts - 2);
    if (customer % 50 == 0) ++customer;  // an active one: every 50th is archived
    invoice.contact.name = "customer " + std::to_string(customer) + " LIMITED";
    invoice.status = domain::DocumentStatus::kAuthorised;
    invoice.date = domain::Date::Parse("2026-01-02").value();
    invoice.due_date = domain::Date::Parse("2026-01-30").value();
    invoice.currency_code = i % 2 == 0 ? "US$" : "NZD";
    invoice.line_amount_types = domain::LineAmountType::kExclusive;
    for (int l = 0; l < kLines; ++l) {
      domain::LineItem line;
      line.description = "Item " + std::to_string(l);
      line.quantity = Decimal::FromInt(1 + l);
      line.unit_amount = Decimal::Parse("19.95").value();
      line.account_code = l % 2 == 0 ? "4000" : "4010";
      if (l == 4) line.account_code.reset();  // the default sales account
      line.tax_type = l % 3 == 0 ? "GST" : "ZERO";
      if (l == 0) line.tracking = {{{}, {}, "Area", "N"}};
      invoice.line_items.push_back(std::move(line));
    }
    f.invoices.push_back(std::move(invoice));
  }
  return f;
}

const Fixture& SharedFixture() {
  static const Fixture fixture = MakeFixture();
  return fixture;
}

void BM_PrepareInvoice(benchmark::State& state) {
  const Fixture& f = SharedFixture();
  // Every invoice must pass: the benchmark measures the checks all the way through.
  for (domain::Invoice check : f.invoices) {
    if (const std::optional<Finding> finding = PrepareInvoice(check, f.reference, f.mappings, {})) {
      state.SkipWithError(("the benchmark's invoice is refused: " + std::string(finding->code) +
                           " " + finding->field + " " + finding->value)
                              .c_str());
      return;
    }
  }
  std::size_t i = 0;
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores): the loop idiom
    domain::Invoice invoice = f.invoices[i++ % f.invoices.size()];
    std::optional<Finding> finding = PrepareInvoice(invoice, f.reference, f.mappings, {});
    benchmark::DoNotOptimize(finding);
    benchmark::DoNotOptimize(invoice);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PrepareInvoice);

// The copy of the invoice alone, to tell the checks' own cost from it.
void BM_CopyInvoice(benchmark::State& state) {
  const Fixture& f = SharedFixture();
  std::size_t i = 0;
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores): the loop idiom
    domain::Invoice invoice = f.invoices[i++ % f.invoices.size()];
    benchmark::DoNotOptimize(invoice);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CopyInvoice);

// Building the Reference from the settings (once per run in the engine).
void BM_BuildReference(benchmark::State& state) {
  Settings settings = DemoSettings();
  for (int i = 0; i < kContacts; ++i) {
    domain::Contact contact;
    contact.id = domain::ContactId("c0ffee00-0000-4000-8000-" + std::to_string(100000000000 + i));
    contact.name = "Customer " + std::to_string(i) + " Limited";
    settings.contacts->push_back(std::move(contact));
  }
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores): the loop idiom
    Reference reference = Reference::Build(settings);
    benchmark::DoNotOptimize(reference);
  }
}
BENCHMARK(BM_BuildReference)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace xerosync::rules
