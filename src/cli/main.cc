// xerosync's command line. main() only wires subcommands to the functions that do the work.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/totals_command.h"

namespace {
constexpr const char* kVersion = "0.1.0";
}

int main(int argc, char** argv) {
  CLI::App app{"xerosync: keeps a business application's documents in sync with Xero"};
  app.require_subcommand(1);

  app.add_subcommand("version", "Print the version")->callback([] {
    std::cout << "xerosync " << kVersion << "\n";
  });

  xerosync::cli::TotalsOptions totals;
  int totals_status = 0;
  CLI::App* totals_cmd = app.add_subcommand(
      "totals",
      "Check documents in Xero's JSON and compute their totals as Xero does (line amounts and tax "
      "rounded per line to 2 dp, half away from zero)");
  totals_cmd
      ->add_option("documents", totals.documents_path,
                   "JSON file with an Invoices, CreditNotes or BankTransactions array")
      ->required();
  totals_cmd->add_option("--tax-rates", totals.tax_rates_path,
                         "JSON file with a TaxRates array (as GET /TaxRates returns)");
  totals_cmd->add_flag("--json", totals.json_output, "One JSON object per document");
  totals_cmd->callback([&] { totals_status = RunTotals(totals, std::cout, std::cerr); });

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return totals_status;
}
