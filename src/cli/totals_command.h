#pragma once
// `xerosync totals`: reads documents in Xero's JSON (an Invoices, CreditNotes or BankTransactions
// body, as sent to or received from Xero), checks each one's invariants, computes its totals as
// Xero would, and says where they differ from the totals the file reports.
//
// A plain function with its streams injected, so that it is tested without a process.

#include <iosfwd>
#include <string>

namespace xerosync::cli {

struct TotalsOptions {
  std::string documents_path;  // required: the JSON file of documents
  std::string tax_rates_path;  // optional: a TaxRates body; without it only tax-free lines work
  bool json_output = false;    // print one JSON object per document instead of a table
};

// Exit status: 0 when every document is valid and agrees with any totals it reports; 1 when one
// is not; 2 when the input cannot be read.
int RunTotals(const TotalsOptions& options, std::ostream& out, std::ostream& err);

}  // namespace xerosync::cli
