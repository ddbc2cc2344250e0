#include "cli/import_command.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <set>
#include <span>
#include <utility>
#include <vector>

#include "cli/sync_commands.h"
#include "core/decimal.h"
#include "core/json.h"
#include "core/text.h"
#include "domain/date.h"
#include "store/records.h"
#include "store/store.h"
#include "sync/incoming.h"

namespace xerosync::cli {
namespace {

using store::DocumentKind;
using store::IncomingDocument;

std::string Trim(std::string_view text) {
  const auto space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  return std::string(text);
}

// Collects documents into chunks for Store::Accept and counts what happened.
class Sink {
 public:
  Sink(store::Store& store, domain::TenantId tenant, const ImportOptions& options,
       const Clock& clock, std::ostream& err)
      : store_(store), tenant_(std::move(tenant)), options_(options), clock_(clock), err_(err) {}

  // Adds a document made of `rows` rows (for the rejected-rows count when the store refuses it).
  Status Add(IncomingDocument document, int64_t rows) {
    chunk_.push_back(std::move(document));
    chunk_rows_ += rows;
    if (static_cast<int>(chunk_.size()) >= std::max(1, options_.chunk_size)) return Flush();
    return OkStatus();
  }

  Status Flush() {
    if (chunk_.empty()) return OkStatus();
    if (!options_.dry_run) {
      Result<std::vector<store::Accepted>> accepted = store_.Accept(tenant_, chunk_, clock_.Now());
      if (!accepted.ok()) return accepted.status();
      for (const store::Accepted& a : *accepted) {
        switch (a.outcome) {
          case store::AcceptOutcome::kCreated:
            ++created_;
            break;
          case store::AcceptOutcome::kNewVersion:
            ++new_versions_;
            break;
          case store::AcceptOutcome::kUnchanged:
            ++unchanged_;
            break;
        }
      }
    }
    const int64_t before = documents_;
    documents_ += static_cast<int64_t>(chunk_.size());
    rows_ += chunk_rows_;
    chunk_.clear();
    chunk_rows_ = 0;
    const int64_t every = std::max(1, options_.progress_every);
    if (documents_ / every > before / every) {
      err_ << "xerosync import: " << documents_ << " documents "
           << (options_.dry_run ? "checked" : "imported") << " so far ...\n"
           << std::flush;
    }
    return OkStatus();
  }

  int64_t documents() const { return documents_; }
  int64_t rows() const { return rows_; }
  int64_t created() const { return created_; }
  int64_t new_versions() const { return new_versions_; }
  int64_t unchanged() const { return unchanged_; }

 private:
  store::Store& store_;
  const domain::TenantId tenant_;
  const ImportOptions& options_;
  const Clock& clock_;
  std::ostream& err_;
  std::vector<IncomingDocument> chunk_;
  int64_t chunk_rows_ = 0;
  int64_t documents_ = 0;
  int64_t rows_ = 0;
  int64_t created_ = 0;
  int64_t new_versions_ = 0;
  int64_t unchanged_ = 0;
};

// Prints a rejected row or document and counts it.
class Rejections {
 public:
  explicit Rejections(std::ostream& err) : err_(err) {}
  void Row(int64_t line, std::string_view column, std::string_view what) {
    err_ << "xerosync import: line " << line;
    if (!column.empty()) err_ << ", column " << column;
    err_ << ": " << what << "\n";
  }
  void Count(int64_t rows) { rejected_ += rows; }
  int64_t rejected() const { return rejected_; }

 private:
  std::ostream& err_;
  int64_t rejected_ = 0;
};

// ---- CSV ----

// Reads RFC 4180 records: fields separated by commas, quoted with "..." ("" inside for a quote),
// a quoted field may span lines; CRLF or LF; a UTF-8 byte order mark at the start is skipped.
class CsvReader {
 public:
  explicit CsvReader(std::istream& in) : in_(in) {}

  // The next record and the line it starts on; false at the end. `error` is set for a quote left
  // open at the end of the file.
  bool Next(std::vector<std::string>& fields, int64_t& line, std::string& error) {
    fields.clear();
    std::string text;
    if (!std::getline(in_, text)) return false;
    ++line_;
    line = line_;
    if (line_ == 1 && text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);
    std::string field;
    bool quoted = false;
    for (;;) {
      for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
          if (c == '"') {
            if (i + 1 < text.size() && text[i + 1] == '"') {
              field += '"';
              ++i;
            } else {
              quoted = false;
            }
          } else {
            field += c;
          }
        } else if (c == '"') {
          quoted = true;
        } else if (c == ',') {
          fields.push_back(std::move(field));
          field.clear();
        } else if (c == '\r' && i + 1 == text.size()) {
          // CRLF
        } else {
          field += c;
        }
      }
      if (!quoted) break;
      if (!std::getline(in_, text)) {
        error = "a quoted value is not closed before the end of the file";
        break;
      }
      ++line_;
      field += '\n';
    }
    fields.push_back(std::move(field));
    return true;
  }

 private:
  std::istream& in_;
  int64_t line_ = 0;
};

// The columns of Xero's sales invoice import template that xerosync reads; '*' marks the required
// ones in Xero's template and is ignored in headers, as are case and spaces.
enum Column {
  kContactName,
  kEmailAddress,
  kInvoiceNumber,
  kReference,
  kInvoiceDate,
  kDueDate,
  kDescription,
  kQuantity,
  kUnitAmount,
  kAccountCode,
  kTaxType,
  kCurrency,
  kStatus,
  kColumnCount
};
struct ColumnSpec {
  const char* name;
  bool required;
};
constexpr ColumnSpec kColumns[kColumnCount] = {
    {"ContactName", true}, {"EmailAddress", false}, {"InvoiceNumber", true}, {"Reference", false},
    {"InvoiceDate", true}, {"DueDate", true},       {"Description", true},   {"Quantity", true},
    {"UnitAmount", true},  {"AccountCode", true},   {"TaxType", true},       {"Currency", false},
    {"Status", false}};

std::string HeaderKey(std::string_view header) {
  std::string key;
  for (const char c : header) {
    if (c == '*' || std::isspace(static_cast<unsigned char>(c)) != 0) continue;
    key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return key;
}

// YYYY-MM-DD, or DD/MM/YYYY as Xero's template for NZ, AU and the UK writes it.
std::optional<domain::Date> ParseCsvDate(std::string_view text) {
  if (Result<domain::Date> iso = domain::Date::Parse(text); iso.ok()) return *iso;
  const std::size_t a = text.find('/');
  const std::size_t b = a == std::string_view::npos ? a : text.find('/', a + 1);
  if (b == std::string_view::npos) return std::nullopt;
  const auto number = [](std::string_view digits) -> std::optional<int> {
    if (digits.empty() || digits.size() > 4) return std::nullopt;
    int n = 0;
    for (const char c : digits) {
      if (std::isdigit(static_cast<unsigned char>(c)) == 0) return std::nullopt;
      n = n * 10 + (c - '0');
    }
    return n;
  };
  const std::optional<int> day = number(text.substr(0, a));
  const std::optional<int> month = number(text.substr(a + 1, b - a - 1));
  const std::optional<int> year = number(text.substr(b + 1));
  if (!day || !month || !year || text.substr(b + 1).size() != 4) return std::nullopt;
  Result<domain::Date> date =
      domain::Date::FromYmd(*year, static_cast<unsigned>(*month), static_cast<unsigned>(*day));
  if (!date.ok()) return std::nullopt;
  return *date;
}

struct InvoiceLine {
  std::string description;
  Decimal quantity;
  Decimal unit_amount;
  std::string account_code;
  std::string tax_type;
};

// The invoice being gathered from consecutive rows.
struct PendingInvoice {
  std::string number;
  int64_t first_line = 0;
  int64_t rows = 0;
  bool bad = false;
  std::string contact;
  std::string email;
  std::string reference;
  std::string date;
  std::string due_date;
  std::string currency;
  std::string status;
  std::vector<InvoiceLine> lines;
  std::array<std::string, kColumnCount> first_values;  // the first row's, as written
};

std::string ContactHostId(std::string_view name) { return "name:" + AsciiLowered(Trim(name)); }

class CsvImport {
 public:
  CsvImport(Sink& sink, Rejections& rejections, std::ostream& err)
      : sink_(sink), rejections_(rejections), err_(err) {}

  Status Run(std::istream& in) {
    CsvReader reader(in);
    std::vector<std::string> fields;
    int64_t line = 0;
    std::string error;
    if (!reader.Next(fields, line, error)) {
      return InvalidArgumentError("the file is empty (line 1 must name the columns)");
    }
    RETURN_IF_ERROR(ReadHeader(fields));
    while (reader.Next(fields, line, error)) {
      if (!error.empty()) {
        rejections_.Row(line, "", error);
        rejections_.Count(1);
        break;
      }
      if (std::ranges::all_of(fields, [](const std::string& f) { return Trim(f).empty(); })) {
        continue;  // a blank line, as spreadsheets leave at the end
      }
      RETURN_IF_ERROR(Row(fields, line));
    }
    return Finish();
  }

 private:
  Status ReadHeader(const std::vector<std::string>& headers) {
    index_.fill(-1);
    std::vector<std::string> ignored;
    for (std::size_t i = 0; i < headers.size(); ++i) {
      const std::string key = HeaderKey(headers[i]);
      bool known = false;
      for (int c = 0; c < kColumnCount; ++c) {
        if (key == AsciiLowered(kColumns[c].name) || (c == kCurrency && key == "currencycode")) {
          index_[c] = static_cast<int>(i);
          known = true;
        }
      }
      if (!known && !key.empty()) ignored.push_back(Trim(headers[i]));
    }
    std::string missing;
    for (int c = 0; c < kColumnCount; ++c) {
      if (kColumns[c].required && index_[c] < 0) {
        missing += (missing.empty() ? "" : ", ") + std::string(kColumns[c].name);
      }
    }
    if (!missing.empty()) {
      return InvalidArgumentError("line 1: the required column(s) " + missing +
                                  " are missing (the first line must name the columns: "
                                  "ContactName, InvoiceNumber, InvoiceDate, DueDate, Description, "
                                  "Quantity, UnitAmount, AccountCode, TaxType)");
    }
    if (!ignored.empty()) {
      std::string list;
      for (const std::string& name : ignored) list += (list.empty() ? "" : ", ") + name;
      err_ << "xerosync import: note: these columns are not read: " << list << "\n";
    }
    return OkStatus();
  }

  std::string Field(const std::vector<std::string>& fields, Column c) const {
    const int i = index_[c];
    return i >= 0 && static_cast<std::size_t>(i) < fields.size() ? Trim(fields[i]) : std::string();
  }

  Status Row(const std::vector<std::string>& fields, int64_t line) {
    bool bad = false;
    const auto reject = [&](Column c, const std::string& what) {
      rejections_.Row(line, kColumns[c].name, what);
      bad = true;
    };
    std::string values[kColumnCount];
    for (int c = 0; c < kColumnCount; ++c) {
      values[c] = Field(fields, static_cast<Column>(c));
      if (kColumns[c].required && values[c].empty()) {
        reject(static_cast<Column>(c), "required, but empty");
      }
    }
    const std::string& number = values[kInvoiceNumber];
    if (number.empty()) {  // cannot belong to any invoice
      rejections_.Count(1);
      return OkStatus();
    }
    if (number != current_.number) {
      RETURN_IF_ERROR(Close());
      if (finished_.contains(number)) {
        reject(kInvoiceNumber, "the rows of invoice " + number +
                                   " must be one after another; this one comes after other "
                                   "invoices' rows (sort the sheet by InvoiceNumber)");
        rejections_.Count(1);
        return OkStatus();
      }
      current_ = PendingInvoice{};
      current_.number = number;
      current_.first_line = line;
      for (int c = 0; c < kColumnCount; ++c) current_.first_values[c] = values[c];
      current_.contact = values[kContactName];
      current_.email = values[kEmailAddress];
      current_.reference = values[kReference];
      current_.currency = values[kCurrency];
      if (!values[kInvoiceDate].empty()) {
        if (std::optional<domain::Date> d = ParseCsvDate(values[kInvoiceDate])) {
          current_.date = d->ToString();
        } else {
          reject(kInvoiceDate,
                 "'" + values[kInvoiceDate] + "' is not a date (write 2026-03-31 or 31/03/2026)");
        }
      }
      if (!values[kDueDate].empty()) {
        if (std::optional<domain::Date> d = ParseCsvDate(values[kDueDate])) {
          current_.due_date = d->ToString();
        } else {
          reject(kDueDate,
                 "'" + values[kDueDate] + "' is not a date (write 2026-03-31 or 31/03/2026)");
        }
      }
      const std::string status = values[kStatus].empty() ? "DRAFT" : values[kStatus];
      current_.status.clear();
      for (const char* allowed : {"DRAFT", "SUBMITTED", "AUTHORISED"}) {
        if (EqualsIgnoringCase(status, allowed)) current_.status = allowed;
      }
      if (current_.status.empty()) {
        reject(kStatus, "'" + status + "' is not DRAFT, SUBMITTED or AUTHORISED");
      }
    } else {
      // A later row of the invoice must agree with its first on what belongs to the invoice:
      // otherwise one of them is wrong, and which one is for a person to say.
      for (const Column c : {kContactName, kInvoiceDate, kDueDate, kCurrency, kStatus}) {
        const std::string& first = current_.first_values[c];
        if (!values[c].empty() && !EqualsIgnoringCase(values[c], first)) {
          reject(c, "'" + values[c] + "' differs from '" + first + "' on line " +
                        std::to_string(current_.first_line) + ", the invoice's first row");
        }
      }
    }
    ++current_.rows;
    InvoiceLine item;
    item.description = values[kDescription];
    item.account_code = values[kAccountCode];
    item.tax_type = values[kTaxType];
    const auto amount = [&](Column c, Decimal& into) {
      if (values[c].empty()) return;
      Result<Decimal> parsed = Decimal::Parse(values[c]);
      if (!parsed.ok()) {
        reject(c, "'" + values[c] +
                      "' is not an amount (digits with at most 4 decimals after a '.', no "
                      "thousands separators or currency signs: 1250.50)");
        return;
      }
      into = *parsed;
    };
    amount(kQuantity, item.quantity);
    amount(kUnitAmount, item.unit_amount);
    if (bad) {
      current_.bad = true;
      rejections_.Count(1);
      --current_.rows;  // counted as rejected already
      ++bad_rows_;
      return OkStatus();
    }
    current_.lines.push_back(std::move(item));
    return OkStatus();
  }

  // Ends the invoice gathered so far: into the sink, or rejected whole when a row was bad.
  Status Close() {
    if (current_.number.empty()) return OkStatus();
    finished_.insert(current_.number);
    PendingInvoice invoice = std::move(current_);
    current_ = PendingInvoice{};
    const int64_t bad_rows = bad_rows_;
    bad_rows_ = 0;
    if (invoice.bad || invoice.lines.empty()) {
      if (invoice.rows > 0) {
        rejections_.Row(invoice.first_line, "",
                        "invoice " + invoice.number + " is left out: " + std::to_string(bad_rows) +
                            " of its rows have errors (above); its other " +
                            std::to_string(invoice.rows) + " row(s) are not imported either");
        rejections_.Count(invoice.rows);
      }
      return OkStatus();
    }
    const std::string contact_id = ContactHostId(invoice.contact);
    if (contacts_.insert(contact_id).second) {
      Json contact = Json::MakeObject();
      contact.Set("Name", Json::String(invoice.contact));
      if (!invoice.email.empty()) contact.Set("EmailAddress", Json::String(invoice.email));
      RETURN_IF_ERROR(sink_.Add(
          {DocumentKind::kContact, contact_id, store::Operation::kUpsert, contact.Serialize(), {}},
          0));
    }
    Json payload = Json::MakeObject();
    payload.Set("Type", Json::String("ACCREC"));
    payload.Set("InvoiceNumber", Json::String(invoice.number));
    if (!invoice.reference.empty()) payload.Set("Reference", Json::String(invoice.reference));
    payload.Set("Date", Json::String(invoice.date));
    payload.Set("DueDate", Json::String(invoice.due_date));
    payload.Set("Status", Json::String(invoice.status));
    payload.Set("LineAmountTypes", Json::String("Exclusive"));
    if (!invoice.currency.empty()) payload.Set("CurrencyCode", Json::String(invoice.currency));
    Json::Array lines;
    for (const InvoiceLine& l : invoice.lines) {
      Json item = Json::MakeObject();
      item.Set("Description", Json::String(l.description));
      item.Set("Quantity", Json::Number(l.quantity));
      item.Set("UnitAmount", Json::Number(l.unit_amount));
      item.Set("AccountCode", Json::String(l.account_code));
      item.Set("TaxType", Json::String(l.tax_type));
      lines.push_back(std::move(item));
    }
    payload.Set("LineItems", Json::MakeArray(std::move(lines)));
    return sink_.Add({DocumentKind::kInvoice,
                      invoice.number,
                      store::Operation::kUpsert,
                      payload.Serialize(),
                      {{{DocumentKind::kContact, contact_id}, "contact"}}},
                     invoice.rows);
  }

  Status Finish() { return Close(); }

  Sink& sink_;
  Rejections& rejections_;
  std::ostream& err_;
  std::array<int, kColumnCount> index_{};
  PendingInvoice current_;
  int64_t bad_rows_ = 0;
  // Invoice numbers already closed and contacts already added: names only, not documents.
  std::set<std::string> finished_;
  std::set<std::string> contacts_;
};

// ---- JSON ----

// Reads {"documents":[ ... ]} one element at a time: each element's text is cut out by its
// brackets (strings and escapes respected) and parsed alone, so only one document is in memory.
class JsonDocumentsReader {
 public:
  explicit JsonDocumentsReader(std::istream& in) : in_(in) {}

  Status Begin() {
    SkipSpace();
    if (Get() != '{') return Shape();
    SkipSpace();
    if (Get() != '"') return Shape();
    std::string key;
    for (int c = Get(); c != '"'; c = Get()) {
      if (c == EOF) return Shape();
      key += static_cast<char>(c);
    }
    if (key != "documents") return Shape();
    SkipSpace();
    if (Get() != ':') return Shape();
    SkipSpace();
    if (Get() != '[') return Shape();
    return OkStatus();
  }

  // The next element's text and the line it starts on; nullopt after the last. An error for a
  // file that is not shaped as documented.
  Result<std::optional<std::string>> Next(int64_t& line) {
    SkipSpace();
    int c = in_.peek();
    if (c == ']') {
      Get();
      return std::optional<std::string>();
    }
    if (!first_) {
      if (Get() != ',')
        return InvalidArgumentError(Where() + "expected ',' or ']' after a document");
      SkipSpace();
      c = in_.peek();
    }
    first_ = false;
    if (c != '{')
      return InvalidArgumentError(Where() + "each document must be a JSON object {...}");
    line = line_;
    std::string text;
    int depth = 0;
    bool in_string = false;
    bool escaped = false;
    for (;;) {
      c = Get();
      if (c == EOF) return InvalidArgumentError(Where() + "the file ends inside a document");
      text += static_cast<char>(c);
      if (in_string) {
        if (escaped) {
          escaped = false;
        } else if (c == '\\') {
          escaped = true;
        } else if (c == '"') {
          in_string = false;
        }
      } else if (c == '"') {
        in_string = true;
      } else if (c == '{' || c == '[') {
        ++depth;
      } else if (c == '}' || c == ']') {
        if (--depth == 0) break;
      }
    }
    return std::optional<std::string>(std::move(text));
  }

 private:
  int Get() {
    const int c = in_.get();
    if (c == '\n') ++line_;
    return c;
  }
  void SkipSpace() {
    while (std::isspace(in_.peek()) != 0) Get();
  }
  std::string Where() const { return "line " + std::to_string(line_) + ": "; }
  Status Shape() const {
    return InvalidArgumentError(Where() +
                                "the file must be one JSON object {\"documents\":[...]} (see "
                                "docs/sync.md, \"The command line\")");
  }

  std::istream& in_;
  int64_t line_ = 1;
  bool first_ = true;
};

Status ImportJson(std::istream& in, Sink& sink, Rejections& rejections) {
  JsonDocumentsReader reader(in);
  RETURN_IF_ERROR(reader.Begin());
  for (int64_t index = 1;; ++index) {
    int64_t line = 0;
    ASSIGN_OR_RETURN(std::optional<std::string> text, reader.Next(line));
    if (!text) break;
    Result<Json> element = Json::Parse(*text);
    if (!element.ok()) {
      rejections.Row(line, "",
                     "document " + std::to_string(index) +
                         " is not valid JSON: " + element.status().message());
      rejections.Count(1);
      continue;
    }
    Result<IncomingDocument> document = sync::ReadIncomingDocument(*element);
    if (!document.ok()) {
      rejections.Row(line, "",
                     "document " + std::to_string(index) + ": " + document.status().message());
      rejections.Count(1);
      continue;
    }
    RETURN_IF_ERROR(sink.Add(std::move(*document), 1));
  }
  return OkStatus();
}

}  // namespace

int RunImport(const ImportOptions& options, const CommandEnvironment& environment) {
  std::ostream& out = *environment.out;
  std::ostream& err = *environment.err;
  const auto usage = [&](const std::string& message) {
    err << "xerosync import: " << message << "\n";
    return kExitBadUsage;
  };
  std::string format = AsciiLowered(options.format);
  if (format.empty()) {
    const std::string name = AsciiLowered(options.file);
    if (name.ends_with(".csv")) format = "csv";
    if (name.ends_with(".json")) format = "json";
  }
  if (format != "csv" && format != "json") {
    return usage("cannot tell the format of '" + options.file +
                 "': name it .csv or .json, or give --format csv|json");
  }
  std::ifstream in(options.file, std::ios::binary);
  if (!in) return usage("cannot open '" + options.file + "'");

  int exit_status = kExitOk;
  std::unique_ptr<ConnectionTools> tools =
      OpenSyncTools(options.connection, /*need_app=*/false, environment, "import", exit_status);
  if (tools == nullptr) return exit_status;
  store::Store& store = tools->database();
  Result<std::vector<store::Organisation>> organisations = SelectOrganisations(store, options.org);
  if (!organisations.ok()) {
    err << "xerosync import: " << organisations.status().message() << "\n";
    return kExitFailed;
  }
  if (organisations->size() != 1) {
    std::string known;
    for (const store::Organisation& o : *organisations) {
      known += (known.empty() ? "" : ", ") + Organisation(o.name, o.tenant.value());
    }
    return usage(organisations->empty()
                     ? "no organisations yet: connect one with `xerosync connect` first"
                     : "the documents are for which organisation? Choose with --org (" + known +
                           ")");
  }
  const store::Organisation& org = organisations->front();

  Sink sink(store, org.tenant, options, *environment.clock, err);
  Rejections rejections(err);
  Status read =
      format == "csv" ? CsvImport(sink, rejections, err).Run(in) : ImportJson(in, sink, rejections);
  if (read.ok()) read = sink.Flush();
  if (!read.ok()) {
    err << "xerosync import: " << options.file << ": " << read.message() << "\n";
    exit_status = kExitFailed;
  }

  const char* unit = format == "csv" ? " row(s)" : " document(s)";
  if (options.dry_run) {
    out << "Checked " << options.file << " for " << Organisation(org.name, org.tenant.value())
        << " (dry run: nothing stored): " << sink.documents() << " document(s) can be imported";
  } else {
    out << "Imported " << options.file << " into " << Organisation(org.name, org.tenant.value())
        << ": " << sink.documents() << " document(s): " << sink.created() << " new, "
        << sink.new_versions() << " new version(s), " << sink.unchanged() << " unchanged";
  }
  out << "; " << rejections.rejected() << unit << " rejected.\n";
  if (rejections.rejected() > 0) {
    out << "Fix the rejected" << unit << " (see above) and import the file again: what is "
        << "unchanged is left alone.\n";
    exit_status = kExitFailed;
  } else if (!options.dry_run && sink.documents() > 0 && read.ok()) {
    out << "Send them to Xero with: xerosync sync --org " << org.tenant.value() << "\n";
  }
  return exit_status;
}

}  // namespace xerosync::cli
