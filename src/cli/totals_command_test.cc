#include "cli/totals_command.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"

namespace xerosync::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

// Two of an NZ organisation's tax rates, as GET /TaxRates returns them.
constexpr std::string_view kTaxRates = R"({"TaxRates":[
  {"Name":"15% GST on Income","TaxType":"OUTPUT2","Status":"ACTIVE",
   "TaxComponents":[{"Name":"GST","Rate":15.0000,"IsCompound":false,"IsNonRecoverable":false}],
   "DisplayTaxRate":15.0000,"EffectiveRate":15.0000},
  {"Name":"15% GST on Expenses","TaxType":"INPUT2","Status":"ACTIVE",
   "TaxComponents":[{"Name":"GST","Rate":15.0000,"IsCompound":false,"IsNonRecoverable":false}],
   "DisplayTaxRate":15.0000,"EffectiveRate":15.0000}]})";

// Three valid documents whose reported totals are right:
//   3 × 19.99 = 59.97, tax 15% = 8.9955 -> 9.00, total 68.97;
//   1 × 25.61 = 25.61, tax 3.8415 -> 3.84, total 29.45;
//   37.80 tax inclusive: tax 37.80 × 15 / 115 = 4.9304... -> 4.93, subtotal 32.87.
constexpr std::string_view kAgreeing = R"({
  "Invoices": [{"Type":"ACCREC","InvoiceNumber":"INV-0301","Contact":{"Name":"Ridgeway University"},
    "Date":"2026-11-02","DueDate":"2026-11-30","LineAmountTypes":"Exclusive",
    "LineItems":[{"Description":"Widget","Quantity":3,"UnitAmount":19.99,"AccountCode":"200","TaxType":"OUTPUT2"}],
    "SubTotal":59.97,"TotalTax":9.00,"Total":68.97}],
  "CreditNotes": [{"Type":"ACCRECCREDIT","CreditNoteNumber":"CN-0031","Contact":{"Name":"Ridgeway University"},
    "LineItems":[{"Description":"Credit","Quantity":1,"UnitAmount":25.61,"AccountCode":"200","TaxType":"OUTPUT2"}],
    "SubTotal":25.61,"TotalTax":3.84,"Total":29.45}],
  "BankTransactions": [{"Type":"SPEND","Reference":"Taxi to client","Contact":{"Name":"Blue Cabs"},
    "BankAccount":{"Code":"090"},"LineAmountTypes":"Inclusive",
    "LineItems":[{"Description":"Taxi","Quantity":1,"UnitAmount":37.80,"AccountCode":"493","TaxType":"INPUT2"}],
    "SubTotal":32.87,"TotalTax":4.93,"Total":37.80}]
})";

class TotalsCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::path(::testing::TempDir()) /
           (std::string("totals_command_test_") +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  // Writes `text` to a file of the test's own directory and returns its path.
  std::string Write(std::string_view name, std::string_view text) {
    const std::filesystem::path path = dir_ / name;
    std::ofstream file(path, std::ios::binary);
    file << text;
    EXPECT_TRUE(file.good()) << path;
    return path.string();
  }

  int Run(const std::string& documents, const std::string& tax_rates = "", bool json = false) {
    TotalsOptions options;
    options.documents_path = documents;
    options.tax_rates_path = tax_rates;
    options.json_output = json;
    out_.str("");
    err_.str("");
    return RunTotals(options, out_, err_);
  }

  std::filesystem::path dir_;
  std::ostringstream out_;
  std::ostringstream err_;
};

// The repository's examples/ directory: from XEROSYNC_SOURCE_DIR, else beside this source file.
std::filesystem::path ExamplesDir() {
  const char* source = std::getenv("XEROSYNC_SOURCE_DIR");
  const std::filesystem::path root =
      source != nullptr && *source != '\0'
          ? std::filesystem::path(source)
          : std::filesystem::path(__FILE__).parent_path().parent_path().parent_path();
  return root / "examples";
}

TEST_F(TotalsCommandTest, DemoFilesShowTotalsAndTheDocumentWithProblems) {
  const std::filesystem::path examples = ExamplesDir();
  ASSERT_TRUE(std::filesystem::exists(examples / "demo-documents.json"))
      << examples << " has no demo-documents.json (set XEROSYNC_SOURCE_DIR to the repository)";

  const int status =
      Run((examples / "demo-documents.json").string(), (examples / "demo-tax-rates.json").string());
  const std::string out = out_.str();

  EXPECT_EQ(status, 1) << out;
  EXPECT_THAT(err_.str(), IsEmpty());
  // Xero's rounding per line: 76.30 + 11.44 = 87.74, which the file also says.
  EXPECT_THAT(out, HasSubstr("invoice INV-0101\n  SubTotal 76.30  TotalTax 11.44  Total 87.74\n"));
  EXPECT_THAT(out, HasSubstr("invoice INV-0103\n  problems: invoice INV-0103: "));
  EXPECT_THAT(out, HasSubstr("Contact needs at least one of Name, ContactID or ContactNumber"));
  EXPECT_THAT(out, HasSubstr("LineItems[0].Quantity must not be less than zero (it is -2)"));
  EXPECT_THAT(out, HasSubstr("DueDate (2026-11-01) is before the invoice Date (2026-11-05)"));
  // Every kind of document is read: invoices, bills, credit notes and bank transactions.
  EXPECT_THAT(out, HasSubstr("bill SUP-7788\n"));
  EXPECT_THAT(out, HasSubstr("credit note CN-0031\n"));
  EXPECT_THAT(out, HasSubstr("expense 'Taxi to client'\n"));
  EXPECT_THAT(out, Not(HasSubstr("file says")));
  EXPECT_THAT(out, Not(HasSubstr("cannot compute")));
  EXPECT_THAT(out, HasSubstr("\n6 document(s), 1 with problems\n"));
}

TEST_F(TotalsCommandTest, ValidDocumentsThatAgreeExitZero) {
  const int status = Run(Write("docs.json", kAgreeing), Write("rates.json", kTaxRates));
  const std::string out = out_.str();
  EXPECT_EQ(status, 0) << out;
  EXPECT_THAT(err_.str(), IsEmpty());
  EXPECT_THAT(out, HasSubstr("invoice INV-0301\n  SubTotal 59.97  TotalTax 9.00  Total 68.97\n"));
  EXPECT_THAT(out,
              HasSubstr("credit note CN-0031\n  SubTotal 25.61  TotalTax 3.84  Total 29.45\n"));
  EXPECT_THAT(
      out, HasSubstr("expense 'Taxi to client'\n  SubTotal 32.87  TotalTax 4.93  Total 37.80\n"));
  EXPECT_THAT(out, Not(HasSubstr("file says")));
  EXPECT_THAT(out, Not(HasSubstr("problems:")));
  EXPECT_THAT(out, HasSubstr("3 document(s), 0 with problems\n"));
}

TEST_F(TotalsCommandTest, ATotalThatDisagreesWithTheFileIsShownAndFails) {
  // No tax type: tax-free lines need no tax rates. 2 × 10.00 is 20.00, not 25.00.
  const std::string docs = Write("docs.json", R"({"Invoices":[
    {"Type":"ACCREC","InvoiceNumber":"INV-0401","Contact":{"Name":"Acme Ltd"},
     "LineItems":[{"Description":"Widget","Quantity":2,"UnitAmount":10.00,"AccountCode":"200"}],
     "SubTotal":20.00,"TotalTax":0.00,"Total":25.00},
    {"Type":"ACCPAY","InvoiceNumber":"SUP-1","Contact":{"Name":"PowerDirect"},
     "LineItems":[{"Description":"Power","Quantity":1,"UnitAmount":100.00,"AccountCode":"445"}],
     "TotalTax":15.00}]})");
  const int status = Run(docs);
  const std::string out = out_.str();
  EXPECT_EQ(status, 1) << out;
  EXPECT_THAT(err_.str(), IsEmpty());
  EXPECT_THAT(out, HasSubstr("invoice INV-0401\n  SubTotal 20.00  TotalTax 0.00  "
                             "Total 20.00 (file says 25.00)\n"));
  EXPECT_THAT(out, HasSubstr("bill SUP-1\n  SubTotal 100.00  TotalTax 0.00 (file says 15.00)  "
                             "Total 100.00\n"));
  EXPECT_THAT(out, HasSubstr("2 document(s), 2 with problems\n"));
}

TEST_F(TotalsCommandTest, JsonOutputIsOneObjectPerDocument) {
  const std::string docs = Write("docs.json", R"({"Invoices":[
    {"Type":"ACCREC","InvoiceNumber":"INV-0301","Contact":{"Name":"Ridgeway University"},
     "LineItems":[{"Description":"Widget","Quantity":3,"UnitAmount":19.99,"TaxType":"OUTPUT2"}],
     "Total":68.97},
    {"Type":"ACCREC","InvoiceNumber":"INV-0302","Contact":{"Name":"Ridgeway University"},
     "LineItems":[{"Description":"Widget","Quantity":3,"UnitAmount":19.99,"TaxType":"OUTPUT2"}],
     "Total":68.96},
    {"Type":"ACCREC","InvoiceNumber":"INV-0303","Contact":{},
     "LineItems":[{"Description":"Widget","Quantity":1,"UnitAmount":5,"TaxType":"OUTPUT2"}]}]})");
  const int status = Run(docs, Write("rates.json", kTaxRates), /*json=*/true);
  EXPECT_EQ(status, 1) << out_.str();
  EXPECT_THAT(err_.str(), IsEmpty());

  std::vector<Json> lines;
  std::istringstream text(out_.str());
  for (std::string line; std::getline(text, line);) {
    Result<Json> json = Json::Parse(line);
    ASSERT_TRUE(json.ok()) << "not JSON: " << line << "\n" << json.status();
    ASSERT_TRUE(json->is_object()) << line;
    lines.push_back(*json);
  }
  ASSERT_EQ(lines.size(), 3u) << out_.str();

  auto member = [](const Json& object, std::string_view key) -> const Json& {
    static const Json kMissing;
    const Json* found = object.Find(key);
    EXPECT_NE(found, nullptr) << key << " missing from " << object.Serialize();
    return found ? *found : kMissing;
  };
  EXPECT_EQ(member(lines[0], "document"), Json::String("invoice INV-0301"));
  EXPECT_EQ(member(lines[0], "valid"), Json::Bool(true));
  EXPECT_EQ(member(lines[0], "matches_file"), Json::Bool(true));
  EXPECT_EQ(member(lines[0], "Total").NumberText(), "68.97");
  EXPECT_EQ(member(lines[0], "TotalTax").NumberText(), "9.00");
  EXPECT_EQ(lines[0].Find("problems"), nullptr);

  EXPECT_EQ(member(lines[1], "document"), Json::String("invoice INV-0302"));
  EXPECT_EQ(member(lines[1], "matches_file"), Json::Bool(false));

  EXPECT_EQ(member(lines[2], "document"), Json::String("invoice INV-0303"));
  EXPECT_EQ(member(lines[2], "valid"), Json::Bool(false));
  ASSERT_TRUE(member(lines[2], "problems").is_string());
  EXPECT_THAT(member(lines[2], "problems").AsString(), HasSubstr("Contact"));
  // Nothing to disagree with: the file reports no totals.
  EXPECT_EQ(member(lines[2], "matches_file"), Json::Bool(true));
}

TEST_F(TotalsCommandTest, JsonOutputOfAllAgreeingDocumentsExitsZero) {
  const int status = Run(Write("docs.json", kAgreeing), Write("rates.json", kTaxRates), true);
  EXPECT_EQ(status, 0) << out_.str();
  EXPECT_THAT(out_.str(), Not(HasSubstr("\"matches_file\":false")));
  EXPECT_THAT(out_.str(), HasSubstr("\"matches_file\":true"));
}

TEST_F(TotalsCommandTest, WrapperNamesMatchIgnoringCaseAsXeroReadsThem) {
  // Xero reads request members ignoring case; the spec's own examples write "bankTransactions".
  const std::string docs = Write("docs.json", R"({"bankTransactions":[
    {"type":"SPEND","reference":"Taxi to client","contact":{"name":"Blue Cabs"},
     "bankAccount":{"code":"090"},"lineAmountTypes":"Inclusive",
     "lineItems":[{"description":"Taxi","quantity":1,"unitAmount":37.80,"taxType":"INPUT2"}]}]})");
  EXPECT_EQ(Run(docs, Write("rates.json", kTaxRates)), 0) << err_.str();
  EXPECT_THAT(
      out_.str(),
      HasSubstr("expense 'Taxi to client'\n  SubTotal 32.87  TotalTax 4.93  Total 37.80\n"));
  EXPECT_THAT(out_.str(), HasSubstr("1 document(s), 0 with problems\n"));
}

TEST_F(TotalsCommandTest, AMissingDocumentsFileExitsTwo) {
  const std::string path = (dir_ / "no-such-file.json").string();
  EXPECT_EQ(Run(path), 2);
  EXPECT_THAT(err_.str(), HasSubstr(path));
  EXPECT_THAT(err_.str(), HasSubstr("cannot open"));
  EXPECT_THAT(out_.str(), IsEmpty());
}

TEST_F(TotalsCommandTest, ADocumentsFileThatIsNotJsonExitsTwo) {
  const std::string path = Write("broken.json", R"({"Invoices":[{"InvoiceNumber":"INV-1"})");
  EXPECT_EQ(Run(path), 2);
  EXPECT_THAT(err_.str(), HasSubstr(path));
  EXPECT_THAT(out_.str(), IsEmpty());
}

TEST_F(TotalsCommandTest, AFileWithoutDocumentsExitsTwo) {
  for (std::string_view text :
       {std::string_view(R"({"Contacts":[{"Name":"Acme Ltd"}]})"),
        std::string_view(R"([{"InvoiceNumber":"INV-1"}])"), std::string_view("{}")}) {
    const std::string path = Write("nothing.json", text);
    EXPECT_EQ(Run(path), 2) << text;
    EXPECT_THAT(err_.str(), HasSubstr(path)) << text;
    EXPECT_THAT(err_.str(), HasSubstr("has no Invoices, CreditNotes or BankTransactions array"))
        << text;
    EXPECT_THAT(out_.str(), IsEmpty()) << text;
  }
}

TEST_F(TotalsCommandTest, EmptyDocumentArraysAreSaidToBeEmpty) {
  const std::string path = Write("empty.json", R"({"Invoices":[],"CreditNotes":[]})");
  EXPECT_EQ(Run(path), 2);
  EXPECT_THAT(err_.str(), HasSubstr(path + " has no documents (its arrays are empty)"));
  EXPECT_THAT(out_.str(), IsEmpty());
}

TEST_F(TotalsCommandTest, ADocumentThatCannotBeReadExitsTwoNamingTheField) {
  const std::string path =
      Write("bad.json", R"({"Invoices":[{"InvoiceNumber":"INV-1","Total":"abc"}]})");
  EXPECT_EQ(Run(path), 2);
  EXPECT_THAT(err_.str(), HasSubstr("Invoices[0].Total"));
  EXPECT_THAT(out_.str(), IsEmpty());
}

TEST_F(TotalsCommandTest, UnreadableTaxRatesExitTwo) {
  const std::string docs = Write("docs.json", kAgreeing);
  struct Case {
    std::string name;
    std::string path;
  };
  const std::vector<Case> cases = {
      {"missing", (dir_ / "no-rates.json").string()},
      {"not JSON", Write("rates-broken.json", "TaxRates: OUTPUT2 15%")},
      {"no TaxRates array", Write("rates-empty.json", R"({"Accounts":[]})")},
      {"a bad rate", Write("rates-bad.json",
                           R"({"TaxRates":[{"TaxType":"OUTPUT2","EffectiveRate":"fifteen"}]})")},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Run(docs, c.path), 2) << c.name;
    EXPECT_THAT(err_.str(), HasSubstr("tax rates")) << c.name;
    EXPECT_THAT(err_.str(), HasSubstr(c.path)) << c.name;  // says which file
    EXPECT_THAT(out_.str(), IsEmpty()) << c.name;
  }
}

TEST_F(TotalsCommandTest, AnUnknownTaxTypeCannotBeComputedAndIsNamed) {
  const std::string docs = Write("docs.json", R"({"Invoices":[
    {"Type":"ACCREC","InvoiceNumber":"INV-0501","Contact":{"Name":"Acme Ltd"},
     "LineItems":[{"Description":"Free","Quantity":1,"UnitAmount":10},
                  {"Description":"Taxed","Quantity":1,"UnitAmount":10,"TaxType":"OUTPUT2"}]},
    {"Type":"ACCREC","InvoiceNumber":"INV-0502","Contact":{"Name":"Acme Ltd"},
     "LineItems":[{"Description":"Tax free","Quantity":1,"UnitAmount":10}]}]})");

  // Without tax rates, only tax-free lines can be computed.
  EXPECT_EQ(Run(docs), 1);
  EXPECT_THAT(out_.str(), HasSubstr("invoice INV-0501\n  cannot compute totals: "));
  EXPECT_THAT(out_.str(), HasSubstr("OUTPUT2"));
  EXPECT_THAT(out_.str(),
              HasSubstr("invoice INV-0502\n  SubTotal 10.00  TotalTax 0.00  Total 10.00\n"));
  EXPECT_THAT(out_.str(), HasSubstr("2 document(s), 1 with problems\n"));

  // Also when the organisation's rates do not have it.
  const std::string other = Write("other.json", R"({"Invoices":[
    {"Type":"ACCREC","InvoiceNumber":"INV-0503","Contact":{"Name":"Acme Ltd"},
     "LineItems":[{"Description":"Taxed","Quantity":1,"UnitAmount":10,"TaxType":"TAX999"}]}]})");
  EXPECT_EQ(Run(other, Write("rates.json", kTaxRates)), 1);
  EXPECT_THAT(out_.str(), HasSubstr("cannot compute totals"));
  EXPECT_THAT(out_.str(), HasSubstr("TAX999"));

  // And in JSON, as an error of that document.
  EXPECT_EQ(Run(docs, "", /*json=*/true), 1);
  EXPECT_THAT(out_.str(), HasSubstr("\"error\":"));
  EXPECT_THAT(out_.str(), HasSubstr("OUTPUT2"));
}

}  // namespace
}  // namespace xerosync::cli
