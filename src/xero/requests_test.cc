// Request building and batch mapping without I/O: headers, URLs, where quoting, If-Modified-Since,
// Idempotency-Key limits, splitting into batches, and mapping answers back (count and identity
// checks).
#include "xero/requests.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "core/json.h"
#include "domain/documents.h"
#include "xero/batch.h"
#include "xero/reads.h"
#include "xero/wire_reader.h"

namespace xerosync::xero {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

const ApiCaller kCaller{"https://api.xero.com", "tok", "tenant-1"};

std::vector<std::string> HeaderNames(const HttpRequest& request) {
  std::vector<std::string> names;
  for (const auto& [name, value] : request.headers) names.push_back(name);
  return names;
}

std::string HeaderValue(const HttpRequest& request, std::string_view name) {
  for (const auto& [n, value] : request.headers) {
    if (n == name) return value;
  }
  return "<absent>";
}

domain::Invoice Invoice(std::string number, std::string description = "Chairs") {
  domain::Invoice invoice;
  invoice.type = domain::InvoiceType::kAccRec;
  invoice.contact.name = "ABC Furniture";
  invoice.number = std::move(number);
  domain::LineItem line;
  line.description = std::move(description);
  line.quantity = Decimal::FromInt(2);
  line.unit_amount = Decimal::FromInt(20);
  line.account_code = "200";
  invoice.line_items.push_back(line);
  return invoice;
}

TEST(Requests, GetCarriesTheCommonHeadersAndIfModifiedSinceInUtc) {
  const TimePoint since = std::chrono::sys_days{std::chrono::year{2026} / 1 / 31} +
                          std::chrono::hours(9) + std::chrono::minutes(30) +
                          std::chrono::milliseconds(1999);
  const HttpRequest get = BuildGet(kCaller, "/Contacts", {{"page", "2"}}, since);
  EXPECT_EQ(get.method, "GET");
  EXPECT_EQ(get.url, "https://api.xero.com/api.xro/2.0/Contacts?page=2");
  EXPECT_EQ(HeaderValue(get, "Authorization"), "Bearer tok");
  EXPECT_EQ(HeaderValue(get, "xero-tenant-id"), "tenant-1");
  EXPECT_EQ(HeaderValue(get, "Accept"), "application/json");
  // Rounded down to the second: never later than asked, so no change is missed.
  EXPECT_EQ(HeaderValue(get, "If-Modified-Since"), "2026-01-31T09:30:01Z");
  EXPECT_EQ(HeaderValue(BuildGet(kCaller, "/Contacts", {}), "If-Modified-Since"), "<absent>");
}

TEST(Requests, WriteCarriesContentTypeAndTheCallersIdempotencyKey) {
  const Result<HttpRequest> put =
      BuildWrite(kCaller, "PUT", "/Invoices", {{"summarizeErrors", "false"}}, "{}", "run-7:b0");
  ASSERT_TRUE(put.ok()) << put.status();
  EXPECT_EQ(put->url, "https://api.xero.com/api.xro/2.0/Invoices?summarizeErrors=false");
  EXPECT_THAT(HeaderNames(*put), ElementsAre("Authorization", "xero-tenant-id", "Accept",
                                             "Content-Type", "Idempotency-Key"));
  EXPECT_EQ(HeaderValue(*put, "Content-Type"), "application/json");
  EXPECT_EQ(HeaderValue(*put, "Idempotency-Key"), "run-7:b0");
  EXPECT_EQ(put->body, "{}");
  // No key: no header.
  const Result<HttpRequest> post = BuildWrite(kCaller, "POST", "/Invoices", {}, "{}", "");
  ASSERT_TRUE(post.ok());
  EXPECT_EQ(HeaderValue(*post, "Idempotency-Key"), "<absent>");
  EXPECT_FALSE(BuildWrite(kCaller, "DELETE", "/Invoices", {}, "", "").ok());
}

TEST(Requests, IdempotencyKeysOverXerosLimitAreRefusedClearly) {
  EXPECT_TRUE(CheckIdempotencyKey(std::string(128, 'k')).ok());
  const Status too_long = CheckIdempotencyKey(std::string(129, 'k'));
  EXPECT_EQ(too_long.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(too_long.message(), HasSubstr("129 characters long; Xero takes at most 128"));
  EXPECT_FALSE(CheckIdempotencyKey("has space").ok());
  const Result<HttpRequest> put =
      BuildWrite(kCaller, "PUT", "/Invoices", {}, "{}", std::string(200, 'k'));
  EXPECT_EQ(put.status().code(), StatusCode::kInvalidArgument);
}

TEST(Requests, QueryValuesArePercentEncoded) {
  EXPECT_EQ(PercentEncode("a-Z_0.9~"), "a-Z_0.9~");
  EXPECT_EQ(PercentEncode(R"(Name=="A&B + "C" \ 100%")"),
            "Name%3D%3D%22A%26B%20%2B%20%22C%22%20%5C%20100%25%22");
  EXPECT_EQ(PercentEncode("Café"), "Caf%C3%A9");
  EXPECT_EQ(AccountingUrl(kCaller, "/Contacts", {{"where", WhereEquals("Name", "A&B")}}),
            "https://api.xero.com/api.xro/2.0/Contacts?where=Name%3D%3D%22A%26B%22");
}

TEST(Requests, WhereValuesDoubleTheirQuotesAndKeepBackslashes) {
  EXPECT_EQ(WhereString("Acme"), R"("Acme")");
  EXPECT_EQ(WhereString(R"(Bob "The Builder" Ltd)"), R"("Bob ""The Builder"" Ltd")");
  EXPECT_EQ(WhereString(R"(C:\dir\)"), R"("C:\dir\")");
  EXPECT_EQ(WhereString(""), R"("")");
  EXPECT_EQ(WhereEquals("Reference", R"(say "hi")"), R"(Reference=="say ""hi""")");
}

TEST(Requests, StatusOfAnswerNamesTheStatusAndXerosMessage) {
  HttpResponse answer;
  answer.status = 400;
  answer.body = R"({"ErrorNumber":16,"Type":"QueryParseException","Message":"Syntax error"})";
  const Status status = StatusOfAnswer(answer);
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "Xero answered HTTP 400: QueryParseException: Syntax error");
  answer.status = 503;
  answer.body = "The Organisation is Offline";
  EXPECT_EQ(StatusOfAnswer(answer).code(), StatusCode::kUnavailable);
  EXPECT_THAT(StatusOfAnswer(answer).message(), HasSubstr("The Organisation is Offline"));
}

TEST(Reads, PageRequestsAndTheLastPage) {
  const HttpRequest request = BuildPageRequest<domain::Contact>(
      kCaller, {{"includeArchived", "true"}}, std::nullopt, 3, 25);
  EXPECT_EQ(request.url,
            "https://api.xero.com/api.xro/2.0/Contacts?includeArchived=true&page=3&pageSize=25");
  ListResponse<domain::Contact> page;
  page.items.resize(25);
  EXPECT_FALSE(IsLastPage(page, 1, 25));  // full page, no pagination: maybe more
  page.items.resize(24);
  EXPECT_TRUE(IsLastPage(page, 1, 25));  // short page
  page.items.resize(25);
  page.envelope.pagination =
      Pagination{.page = 2, .page_size = 25, .page_count = 2, .item_count = 50};
  EXPECT_TRUE(IsLastPage(page, 2, 25));  // full, but Xero says it is the last
  EXPECT_FALSE(IsLastPage(page, 1, 25));
}

TEST(Reads, InvoiceNumberLookupsUseTheListParameterUnlessTheNumberHasAComma) {
  EXPECT_EQ(BuildInvoiceNumberLookup(kCaller, "INV 1").url,
            "https://api.xero.com/api.xro/2.0/Invoices?InvoiceNumbers=INV%201");
  EXPECT_EQ(BuildInvoiceNumberLookup(kCaller, "A,B").url,
            "https://api.xero.com/api.xro/2.0/Invoices?where=InvoiceNumber%3D%3D%22A%2CB%22");
}

TEST(Batches, SplitAtFiftyDocuments) {
  std::vector<domain::Invoice> invoices;
  invoices.reserve(120);
  for (int i = 0; i < 120; ++i) invoices.push_back(Invoice("INV-" + std::to_string(i)));
  const BatchPlan plan = PlanBatches<domain::Invoice>(invoices);
  ASSERT_EQ(plan.batches.size(), 3u);
  EXPECT_TRUE(plan.refused.empty());
  EXPECT_EQ(plan.batches[0].first, 0u);
  EXPECT_EQ(plan.batches[0].count, 50u);
  EXPECT_EQ(plan.batches[1].first, 50u);
  EXPECT_EQ(plan.batches[1].count, 50u);
  EXPECT_EQ(plan.batches[2].first, 100u);
  EXPECT_EQ(plan.batches[2].count, 20u);
  // Each body is exactly what the codec encodes for those documents.
  EXPECT_EQ(plan.batches[2].body,
            EncodeRequest<domain::Invoice>(std::span(invoices).subspan(100, 20)));
}

TEST(Batches, SplitUnderTheSizeLimitAndRefuseADocumentTooBigAlone) {
  std::vector<domain::Invoice> invoices;
  invoices.reserve(10);
  for (int i = 0; i < 10; ++i) invoices.push_back(Invoice("INV-" + std::to_string(i)));
  invoices[4] = Invoice("INV-4", std::string(5000, 'x'));  // alone over the limit
  // Room for two or three invoices in a body.
  const std::size_t one = EncodeRequest<domain::Invoice>(std::span(invoices).subspan(0, 1)).size();
  const BatchLimits limits{.max_documents = 50, .max_body_bytes = one * 3};
  const BatchPlan plan = PlanBatches<domain::Invoice>(invoices, limits);
  ASSERT_EQ(plan.refused.size(), 1u);
  EXPECT_EQ(plan.refused[0].index, 4u);
  EXPECT_EQ(plan.refused[0].status.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(plan.refused[0].status.message(), HasSubstr("invoice INV-4 encodes to 5"));
  EXPECT_THAT(plan.refused[0].status.message(),
              HasSubstr("over the limit of " + std::to_string(one * 3) + " bytes"));
  std::size_t carried = 0;
  std::size_t next = 0;
  for (const Batch& batch : plan.batches) {
    EXPECT_LE(batch.body.size(), limits.max_body_bytes);
    if (next == 4) ++next;  // the refused one is in no batch
    EXPECT_EQ(batch.first, next);
    next = batch.first + batch.count;
    carried += batch.count;
    EXPECT_EQ(batch.body, EncodeRequest<domain::Invoice>(
                              std::span(invoices).subspan(batch.first, batch.count)));
  }
  EXPECT_EQ(carried, 9u);
  EXPECT_GE(plan.batches.size(), 4u);  // at most 3 of the 9 in each, and none across the refused
}

TEST(Batches, RealLimitRefusesA3Point6MegabyteInvoice) {
  std::vector<domain::Invoice> invoices = {Invoice("A"), Invoice("B", std::string(3'600'000, 'x')),
                                           Invoice("C")};
  const BatchPlan plan = PlanBatches<domain::Invoice>(invoices);
  ASSERT_EQ(plan.refused.size(), 1u);
  EXPECT_EQ(plan.refused[0].index, 1u);
  ASSERT_EQ(plan.batches.size(), 2u);  // A, then C: batches stay contiguous runs
  EXPECT_EQ(plan.batches[0].count, 1u);
  EXPECT_EQ(plan.batches[1].first, 2u);
}

TEST(Batches, PaymentsAreNeverPostedAsABatch) {
  const Batch batch{0, 1, R"({"Payments":[{}]})"};
  EXPECT_FALSE(BuildBatchRequest<domain::Payment>(kCaller, WriteMethod::kPost, batch, "").ok());
  const Result<HttpRequest> put =
      BuildBatchRequest<domain::Payment>(kCaller, WriteMethod::kPut, batch, "k");
  ASSERT_TRUE(put.ok());
  EXPECT_EQ(put->url, "https://api.xero.com/api.xro/2.0/Payments?summarizeErrors=false");
}

constexpr char kTwoAnswered[] = R"({"Id":"x","Status":"OK","Invoices":[
  {"InvoiceID":"11111111-1111-4111-8111-111111111111","InvoiceNumber":"A","Type":"ACCREC",
   "StatusAttributeString":"OK"},
  {"InvoiceID":"00000000-0000-0000-0000-000000000000","InvoiceNumber":"B","Type":"ACCREC",
   "StatusAttributeString":"ERROR","HasErrors":true,
   "ValidationErrors":[{"Message":"Invoice # must be unique."}],
   "LineItems":[{"AccountCode":"999","ValidationErrors":[{"Message":"Account code '999' is not a valid code for this document."}]}]}]})";

TEST(Batches, MapsEachElementToTheDocumentAtItsPosition) {
  const std::vector<domain::Invoice> sent = {Invoice("Z"), Invoice("A"), Invoice("B")};
  const Batch batch{1, 2, ""};
  const auto results = MapBatchResponse<domain::Invoice>(sent, batch, kTwoAnswered);
  ASSERT_TRUE(results.ok()) << results.status();
  ASSERT_EQ(results->size(), 2u);
  EXPECT_EQ((*results)[0].index, 1u);
  EXPECT_EQ((*results)[0].outcome, DocumentOutcome::kWritten);
  EXPECT_EQ((*results)[0].record->id.value(), "11111111-1111-4111-8111-111111111111");
  EXPECT_EQ((*results)[1].index, 2u);
  EXPECT_EQ((*results)[1].outcome, DocumentOutcome::kRejected);
  EXPECT_THAT((*results)[1].errors,
              ElementsAre(ValidationMessage{"", "Invoice # must be unique."},
                          ValidationMessage{"LineItems[0]",
                                            "Account code '999' is not a valid "
                                            "code for this document."}));
}

TEST(Batches, ACountMismatchIsAnErrorNotAMisattribution) {
  const std::vector<domain::Invoice> sent = {Invoice("A"), Invoice("B"), Invoice("C")};
  const auto results = MapBatchResponse<domain::Invoice>(sent, Batch{0, 3, ""}, kTwoAnswered);
  EXPECT_EQ(results.status().code(), StatusCode::kDataLoss);
  EXPECT_THAT(results.status().message(), HasSubstr("answered 2 Invoices for the 3 sent"));
}

TEST(Batches, AnElementNamingAnotherDocumentIsAnError) {
  const std::vector<domain::Invoice> sent = {Invoice("B"), Invoice("A")};  // swapped
  const auto results = MapBatchResponse<domain::Invoice>(sent, Batch{0, 2, ""}, kTwoAnswered);
  EXPECT_EQ(results.status().code(), StatusCode::kDataLoss);
  EXPECT_THAT(results.status().message(), HasSubstr("another InvoiceNumber than invoice B"));
}

TEST(Batches, AnOkElementWithoutItsIdIsAnError) {
  const std::vector<domain::Invoice> sent = {Invoice("A")};
  const auto results = MapBatchResponse<domain::Invoice>(
      sent, Batch{0, 1, ""},
      R"({"Invoices":[{"InvoiceNumber":"A","StatusAttributeString":"OK"}]})");
  EXPECT_EQ(results.status().code(), StatusCode::kDataLoss);
  EXPECT_THAT(results.status().message(), HasSubstr("has no Xero id"));
  EXPECT_EQ(MapBatchResponse<domain::Invoice>(sent, Batch{0, 1, ""}, "<html>").status().code(),
            StatusCode::kDataLoss);
}

// FieldReader finds members by a fingerprint (length and three letters, ignoring case) and then
// compares in full: keys with the same fingerprint are told apart; case is ignored; of duplicate
// members the last wins, as Json::Find.
TEST(FieldReaderLookup, KeysWithTheSameFingerprintAreToldApartAndTheLastDuplicateWins) {
  const Json object =
      Json::Parse(R"({"AbcdE":1,"AxcyE":2,"name":"first","Name":"second"})").value();
  DecodeContext context;
  FieldReader reader(object, "", context);
  EXPECT_EQ(reader.Int("axcye"), 2);
  EXPECT_EQ(reader.Int("ABCDE"), 1);
  EXPECT_EQ(reader.String("NAME"), "second");
  EXPECT_FALSE(reader.Int("AbcyE").has_value());  // same fingerprint, no such member
  reader.Finish();
  EXPECT_TRUE(context.unknown_fields.empty());
}

// Many members with one fingerprint make one long probe (wrapping past the end of the table):
// each is still found by its own name, duplicates resolve to the last, and nothing is left unread.
TEST(FieldReaderLookup, ManyKeysWithOneFingerprint) {
  std::string text = "{";
  std::vector<std::string> keys;
  for (char a = 'a'; a < 'g'; ++a) {
    for (char b = 'a'; b < 'g'; ++b) keys.push_back(std::string("X") + a + "Q" + b + "Y");
  }
  for (std::size_t i = 0; i < keys.size(); ++i) {
    text += "\"" + keys[i] + "\":" + std::to_string(i) + ",";
  }
  text += R"("XaQaY":100})";  // a duplicate of the first, last
  const Json object = Json::Parse(text).value();
  DecodeContext context;
  FieldReader reader(object, "", context);
  EXPECT_EQ(reader.Int("xaqay"), 100);
  for (std::size_t i = 1; i < keys.size(); ++i)
    EXPECT_EQ(reader.Int(keys[i]), static_cast<int>(i)) << keys[i];
  EXPECT_FALSE(reader.Int("XzQzY").has_value());
  reader.Finish();
  EXPECT_TRUE(context.unknown_fields.empty());
}

}  // namespace
}  // namespace xerosync::xero
