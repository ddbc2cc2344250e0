// Conformance: every example in Xero's official OpenAPI spec of the schemas xerosync reads and
// writes is decoded, and nothing in it is lost.
//
// For each example (request bodies and responses of Accounts, Allocations, BankTransactions,
// Contacts, CreditNotes, Currencies, Invoices, Organisations, Payments, TaxRates,
// TrackingCategories and their options, and 400 error bodies):
//   1. it decodes without error;
//   2. every member is either modelled or one a codec names as deliberately not modelled;
//   3. encoding the decoded record again (every modelled field) reproduces every modelled member
//      of the example with the same value: amounts exactly, dates as the same day or instant.
// Error bodies: every ValidationErrors message is found, with its nesting.
//
// Two normalisations, both Xero's own meaning: fields xerosync models as calendar days compare by
// the UTC day (the spec's allocation examples carry a time of day on Date, which a day drops), and
// member names compare ignoring case (Xero reads "name" as "Name").
//
// One example is not a valid Xero body (the spec's PUT /BankTransactions request, written by an
// SDK generator: "type": "BankTransaction.TypeEnum.SPEND"); the test checks that xerosync rejects
// it with an error naming the field, instead of accepting it.
//
// The spec is read from ../shared/xero/openapi/xero_accounting.json (see SpecPath()); the
// test is skipped, saying so, when it is absent.

#include <gtest/gtest.h>

#include <cstdlib>
#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "core/json.h"
#include "xero/wire.h"
#include "xero/wire_time.h"

namespace xerosync::xero {
namespace {

// shared/ is beside the repository: XEROSYNC_SHARED_DIR, else $XEROSYNC_SOURCE_DIR/../shared (CTest
// sets XEROSYNC_SOURCE_DIR), else ../shared from the working directory.
std::filesystem::path SpecPath() {
  std::filesystem::path shared = "../shared";
  if (const char* dir = std::getenv("XEROSYNC_SHARED_DIR"); dir != nullptr && *dir != '\0') {
    shared = dir;
  } else if (const char* src = std::getenv("XEROSYNC_SOURCE_DIR"); src != nullptr && *src != '\0') {
    shared = std::filesystem::path(src) / ".." / "shared";
  }
  return shared / "xero" / "openapi" / "xero_accounting.json";
}

struct Example {
  std::string where;   // "PUT /Invoices request"
  std::string schema;  // "Invoices"
  const Json* body;
};

// True when `a` and `b` are the same value as Xero means it: numbers by value, and strings that are
// both dates or timestamps by the instant they name ("/Date(1539993600000+0000)/" == "2018-10-20").
bool SameValue(const Json& original, const Json& encoded) {
  if (original.is_string() && encoded.is_string() && original.AsString() != encoded.AsString()) {
    if (encoded.AsString().size() == 10) {  // a calendar day: compare days
      Result<domain::Date> a = ParseDate(original.AsString());
      Result<domain::Date> b = ParseDate(encoded.AsString());
      return a.ok() && b.ok() && *a == *b;
    }
    Result<TimePoint> a = ParseTimestamp(original.AsString());
    Result<TimePoint> b = ParseTimestamp(encoded.AsString());
    return a.ok() && b.ok() && *a == *b;
  }
  return original == encoded;
}

bool IsEmpty(const Json& v) {
  return v.is_null() || (v.is_array() && v.AsArray().empty()) ||
         (v.is_object() && v.AsObject().empty()) || (v.is_string() && v.AsString().empty());
}

bool IsMetadata(std::string_view key) {
  return key == "ValidationErrors" || key == "Warnings" || key == "HasErrors" ||
         key == "HasValidationErrors" || key == "StatusAttributeString";
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Finds in `encoded` the member `key` ignoring case (requests in the spec write "name").
const Json* FindIgnoringCase(const Json& encoded, const std::string& key) {
  if (!encoded.is_object()) return nullptr;
  for (const auto& [k, v] : encoded.AsObject()) {
    if (Lower(k) == Lower(key)) return &v;
  }
  return nullptr;
}

// Reports every member of `original` (at `path`) that is modelled but not reproduced by `encoded`.
void CompareModelled(const Json& original, const Json& encoded, const std::string& path,
                     const std::set<std::string>& skipped, std::vector<std::string>& losses) {
  if (original.is_array() && encoded.is_array()) {
    if (original.AsArray().size() != encoded.AsArray().size()) {
      losses.push_back(path + ": array of " + std::to_string(original.AsArray().size()) +
                       " became " + std::to_string(encoded.AsArray().size()));
      return;
    }
    for (std::size_t i = 0; i < original.AsArray().size(); ++i) {
      CompareModelled(original.AsArray()[i], encoded.AsArray()[i],
                      path + "[" + std::to_string(i) + "]", skipped, losses);
    }
    return;
  }
  if (original.is_array() && original.AsArray().size() == 1 && encoded.is_object()) {
    // A nested object Xero wrapped in a one-element array (see FieldReader::TakeObject).
    return CompareModelled(original.AsArray()[0], encoded, path, skipped, losses);
  }
  if (!original.is_object()) {
    if (!SameValue(original, encoded)) {
      losses.push_back(path + ": " + original.Serialize() + " became " + encoded.Serialize());
    }
    return;
  }
  for (const auto& [key, value] : original.AsObject()) {
    const std::string member = path.empty() ? key : path + "." + key;
    if (IsMetadata(key) || skipped.count(member) > 0) continue;
    const Json* out = FindIgnoringCase(encoded, key);
    if (out == nullptr) {
      if (!IsEmpty(value)) losses.push_back(member + ": " + value.Serialize() + " was dropped");
      continue;
    }
    CompareModelled(value, *out, member, skipped, losses);
  }
}

struct Tally {
  int examples = 0;
  int records = 0;
  int rejected = 0;
  std::map<std::string, int> per_schema;
};

template <typename T>
void CheckRecords(const Example& ex, const std::vector<const Json*>& items,
                  const std::string& prefix, Tally& tally) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string path = prefix.empty() ? "" : prefix + "[" + std::to_string(i) + "]";
    DecodeContext report;
    Result<Element<T>> element = DecodeElement<T>(*items[i], path, &report);
    ASSERT_TRUE(element.ok()) << ex.where << ": " << element.status();
    EXPECT_TRUE(report.unknown_fields.empty())
        << ex.where << ": members neither modelled nor skipped: "
        << ::testing::PrintToString(report.unknown_fields);
    const Json encoded = EncodeObject(element->value, EncodeMode::kSnapshot);
    std::vector<std::string> losses;
    const std::set<std::string> skipped(report.skipped_fields.begin(), report.skipped_fields.end());
    // Paths in `report` are rooted at `path`; compare from the same root.
    CompareModelled(*items[i], encoded, path, skipped, losses);
    EXPECT_TRUE(losses.empty()) << ex.where
                                << ": lost in decode/encode: " << ::testing::PrintToString(losses);
    ++tally.records;
  }
}

// Examples that are not valid Xero bodies, and the words xerosync's rejection must contain.
const std::map<std::string, std::string>& KnownInvalid() {
  static const auto* known = new std::map<std::string, std::string>{
      {"put /BankTransactions request",
       "BankTransactions[0].Type: 'BankTransaction.TypeEnum.SPEND' is not a valid "
       "BankTransactionType"},
  };
  return *known;
}

template <typename T>
void CheckList(const Example& ex, Tally& tally) {
  Result<ListResponse<T>> list = DecodeList<T>(*ex.body);
  if (auto invalid = KnownInvalid().find(ex.where); invalid != KnownInvalid().end()) {
    ASSERT_FALSE(list.ok()) << ex.where << " is not valid and must be rejected";
    EXPECT_EQ(list.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(list.status().message().find(invalid->second), std::string::npos) << list.status();
    ++tally.rejected;
    return;
  }
  ASSERT_TRUE(list.ok()) << ex.where << ": " << list.status();
  const std::string plural(Codec<T>::kPlural);
  std::vector<const Json*> items;
  for (const Json& item : FindIgnoringCase(*ex.body, plural)->AsArray()) items.push_back(&item);
  EXPECT_EQ(list->items.size(), items.size()) << ex.where;
  CheckRecords<T>(ex, items, plural, tally);
  // The envelope, where the example has one.
  if (const Json* id = ex.body->Find("Id")) {
    EXPECT_EQ(list->envelope.id, id->AsString()) << ex.where;
  }
  if (const Json* when = ex.body->Find("DateTimeUTC")) {
    EXPECT_EQ(list->envelope.date_time, ParseTimestamp(when->AsString()).value()) << ex.where;
  }
  if (const Json* page = ex.body->Find("pagination")) {
    ASSERT_TRUE(list->envelope.pagination.has_value()) << ex.where;
    EXPECT_EQ(list->envelope.pagination->item_count, page->Find("itemCount")->AsInt64().value());
  }
}

template <typename T>
void CheckSingle(const Example& ex, Tally& tally) {
  CheckRecords<T>(ex, {ex.body}, "", tally);
}

// Counts the ValidationErrors messages anywhere under `json`.
int CountMessages(const Json& json) {
  int n = 0;
  if (json.is_array()) {
    for (const Json& v : json.AsArray()) n += CountMessages(v);
  } else if (json.is_object()) {
    for (const auto& [k, v] : json.AsObject()) {
      if (k == "ValidationErrors" && v.is_array()) {
        n += static_cast<int>(v.AsArray().size());
      } else {
        n += CountMessages(v);
      }
    }
  }
  return n;
}

void CheckError(const Example& ex, Tally& tally) {
  Result<ApiException> error = DecodeApiException(ex.body->Serialize());
  ASSERT_TRUE(error.ok()) << ex.where << ": " << error.status();
  EXPECT_EQ(error->type, ex.body->Find("Type")->AsString()) << ex.where;
  const Json* elements = ex.body->Find("Elements");
  ASSERT_NE(elements, nullptr) << ex.where;
  ASSERT_EQ(error->elements.size(), elements->AsArray().size()) << ex.where;
  int found = 0;
  for (const auto& messages : error->elements) {
    for (const auto& m : messages) EXPECT_FALSE(m.message.empty()) << ex.where;
    found += static_cast<int>(messages.size());
  }
  EXPECT_EQ(found, CountMessages(*elements)) << ex.where;
  EXPECT_GT(found, 0) << ex.where;
  ++tally.records;
}

// The checker for each schema the spec names ($ref), for the schemas xerosync uses.
const std::map<std::string, std::function<void(const Example&, Tally&)>>& Checkers() {
  static const auto* checkers =
      new std::map<std::string, std::function<void(const Example&, Tally&)>>{
          {"Accounts", CheckList<domain::Account>},
          {"Account", CheckSingle<domain::Account>},
          {"Allocations", CheckList<domain::Allocation>},
          {"Allocation", CheckSingle<domain::Allocation>},
          {"BankTransactions", CheckList<domain::BankTransaction>},
          {"Contacts", CheckList<domain::Contact>},
          {"CreditNotes", CheckList<domain::CreditNote>},
          {"Currencies", CheckList<domain::Currency>},
          {"Currency", CheckSingle<domain::Currency>},
          {"Invoices", CheckList<domain::Invoice>},
          {"Organisations", CheckList<domain::Organisation>},
          {"Payments", CheckList<domain::Payment>},
          {"Payment", CheckList<domain::Payment>},        // the spec's POST /Payments body
          {"PaymentDelete", CheckList<domain::Payment>},  // {"Payments":[{"Status":"DELETED"}]}
          {"TaxRates", CheckList<domain::TaxRate>},
          {"TrackingCategories", CheckList<domain::TrackingCategory>},
          {"TrackingCategory", CheckSingle<domain::TrackingCategory>},
          {"TrackingOptions", CheckList<domain::TrackingOption>},
          {"TrackingOption", CheckSingle<domain::TrackingOption>},
          {"Error", CheckError},
      };
  return *checkers;
}

// `owned` keeps alive the examples the spec wrote as a JSON string holding the JSON text.
std::vector<Example> CollectExamples(const Json& spec, std::deque<Json>& owned) {
  std::vector<Example> out;
  auto consider = [&](const Json& content, const std::string& where) {
    const Json* json = content.Find("application/json");
    if (json == nullptr) return;
    const Json* schema = json->Find("schema");
    const Json* ref = schema ? schema->Find("$ref") : nullptr;
    const Json* example = json->Find("example");
    if (ref == nullptr || example == nullptr) return;
    std::string name = ref->AsString().substr(ref->AsString().rfind('/') + 1);
    if (Checkers().count(name) == 0) return;
    if (example->is_string()) {
      Result<Json> parsed = Json::Parse(example->AsString());
      ASSERT_TRUE(parsed.ok()) << where << ": " << parsed.status();
      owned.push_back(std::move(parsed).value());
      example = &owned.back();
    }
    out.push_back({where, name, example});
  };
  for (const auto& [path, operations] : spec.Find("paths")->AsObject()) {
    for (const auto& [method, op] : operations.AsObject()) {
      if (!op.is_object()) continue;
      const std::string where = method + " " + path;
      if (const Json* body = op.Find("requestBody"); body && body->Find("content")) {
        consider(*body->Find("content"), where + " request");
      }
      if (const Json* responses = op.Find("responses")) {
        for (const auto& [code, response] : responses->AsObject()) {
          if (const Json* content = response.Find("content")) {
            consider(*content, where + " response " + code);
          }
        }
      }
    }
  }
  return out;
}

TEST(XeroSpecExamplesTest, EveryExampleOfTheSchemasWeUseDecodesWithoutLoss) {
  const std::filesystem::path path = SpecPath();
  if (!std::filesystem::exists(path)) {
    GTEST_SKIP() << "Xero's OpenAPI spec is not at " << path
                 << " (shared/ is not beside the project): spec conformance not checked";
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  Result<Json> spec = Json::Parse(text.str(), Json::ParseLimits{.max_depth = 256});
  ASSERT_TRUE(spec.ok()) << spec.status();

  std::deque<Json> owned;
  const std::vector<Example> examples = CollectExamples(*spec, owned);
  Tally tally;
  for (const Example& ex : examples) {
    SCOPED_TRACE(ex.where);
    Checkers().at(ex.schema)(ex, tally);
    ++tally.examples;
    ++tally.per_schema[ex.schema];
  }
  std::cout << "Checked " << tally.examples << " spec examples (" << tally.records
            << " records) of " << tally.per_schema.size() << " schemas; " << tally.rejected
            << " invalid example(s) rejected as expected:";
  for (const auto& [schema, n] : tally.per_schema) std::cout << " " << schema << "=" << n;
  std::cout << "\n";
  // Every schema xerosync uses has examples in the spec; none may silently go unchecked.
  for (const auto& [schema, checker] : Checkers()) {
    EXPECT_GT(tally.per_schema[schema], 0) << "no example found for " << schema;
  }
}

}  // namespace
}  // namespace xerosync::xero
