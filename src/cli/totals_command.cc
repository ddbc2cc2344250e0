#include "cli/totals_command.h"

#include <fstream>
#include <iomanip>
#include <ostream>
#include <sstream>

#include "core/json.h"
#include "domain/totals.h"
#include "xero/wire.h"

namespace xerosync::cli {
namespace {

using domain::DocumentTotals;
using domain::LineAmountType;

Result<Json> ReadJsonFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFoundError("cannot open '" + path + "'");
  std::ostringstream text;
  text << in.rdbuf();
  Result<Json> json = Json::Parse(text.str());
  if (!json.ok()) return json.status().WithContext(path);
  return json;
}

// One document of any kind, reduced to what totals need.
struct Summary {
  std::string name;
  Status valid;
  std::vector<domain::LineItem> lines;
  LineAmountType type = LineAmountType::kExclusive;
  domain::ReportedTotals reported;
};

template <typename T>
Status Collect(const Json& body, std::vector<Summary>& out) {
  // Matched ignoring case, as Xero and DecodeList read member names ("bankTransactions").
  if (xero::FindIgnoringCase(body, xero::Codec<T>::kPlural) == nullptr) return OkStatus();
  ASSIGN_OR_RETURN(xero::ListResponse<T> list, xero::DecodeList<T>(body));
  for (auto& element : list.items) {
    T& doc = element.value;
    out.push_back({doc.Describe(), doc.Validate(), doc.line_items,
                   doc.line_amount_types.value_or(LineAmountType::kExclusive), doc.totals});
  }
  return OkStatus();
}

// The computed value, and whether it disagrees with what the document reports.
std::string Cell(Decimal computed, const std::optional<Decimal>& reported, bool& differs) {
  std::string cell = computed.ToString();
  if (reported && *reported != computed) {
    differs = true;
    cell += " (file says " + reported->ToString() + ")";
  }
  return cell;
}

}  // namespace

int RunTotals(const TotalsOptions& options, std::ostream& out, std::ostream& err) {
  Result<Json> body = ReadJsonFile(options.documents_path);
  if (!body.ok()) {
    err << "xerosync totals: " << body.status().message() << "\n";
    return 2;
  }
  std::vector<domain::TaxRate> rates;
  if (!options.tax_rates_path.empty()) {
    Result<Json> rates_body = ReadJsonFile(options.tax_rates_path);
    Result<xero::ListResponse<domain::TaxRate>> list =
        rates_body.ok() ? xero::DecodeList<domain::TaxRate>(*rates_body)
                        : Result<xero::ListResponse<domain::TaxRate>>(rates_body.status());
    if (!list.ok()) {
      err << "xerosync totals: tax rates: " << options.tax_rates_path << ": "
          << list.status().message() << "\n";
      return 2;
    }
    for (auto& e : list->items) rates.push_back(std::move(e.value));
  }
  std::vector<Summary> docs;
  Status read = Collect<domain::Invoice>(*body, docs);
  if (read.ok()) read = Collect<domain::CreditNote>(*body, docs);
  if (read.ok()) read = Collect<domain::BankTransaction>(*body, docs);
  if (!read.ok()) {
    err << "xerosync totals: " << options.documents_path << ": " << read.message() << "\n";
    return 2;
  }
  if (docs.empty()) {
    const bool has_array = xero::FindIgnoringCase(*body, "Invoices") ||
                           xero::FindIgnoringCase(*body, "CreditNotes") ||
                           xero::FindIgnoringCase(*body, "BankTransactions");
    err << "xerosync totals: " << options.documents_path
        << (has_array ? " has no documents (its arrays are empty)\n"
                      : " has no Invoices, CreditNotes or BankTransactions array\n");
    return 2;
  }

  const domain::TaxRateLookup lookup = domain::LookupIn(rates);
  int failures = 0;
  for (const Summary& doc : docs) {
    Result<DocumentTotals> totals = domain::ComputeTotals(doc.lines, doc.type, lookup);
    bool differs = false;
    if (options.json_output) {
      Json line = Json::MakeObject();
      line.Set("document", Json::String(doc.name));
      line.Set("valid", Json::Bool(doc.valid.ok()));
      if (!doc.valid.ok()) line.Set("problems", Json::String(doc.valid.message()));
      if (totals.ok()) {
        line.Set("SubTotal", Json::Number(totals->sub_total));
        line.Set("TotalTax", Json::Number(totals->total_tax));
        line.Set("Total", Json::Number(totals->total));
        differs = (doc.reported.total && *doc.reported.total != totals->total) ||
                  (doc.reported.total_tax && *doc.reported.total_tax != totals->total_tax) ||
                  (doc.reported.sub_total && *doc.reported.sub_total != totals->sub_total);
        line.Set("matches_file", Json::Bool(!differs));
      } else {
        line.Set("error", Json::String(totals.status().message()));
      }
      out << line.Serialize() << "\n";
    } else {
      out << doc.name << "\n";
      if (!doc.valid.ok()) out << "  problems: " << doc.valid.message() << "\n";
      if (totals.ok()) {
        out << "  SubTotal " << Cell(totals->sub_total, doc.reported.sub_total, differs)
            << "  TotalTax " << Cell(totals->total_tax, doc.reported.total_tax, differs)
            << "  Total " << Cell(totals->total, doc.reported.total, differs) << "\n";
      } else {
        out << "  cannot compute totals: " << totals.status().message() << "\n";
      }
    }
    if (!doc.valid.ok() || !totals.ok() || differs) ++failures;
  }
  if (!options.json_output) {
    out << docs.size() << " document(s), " << failures << " with problems\n";
  }
  return failures == 0 ? 0 : 1;
}

}  // namespace xerosync::cli
