// The REST API's handlers, called without sockets (http::Request in, Response out) against a real
// SQLite store, the sync engine and the Xero emulator (sync/engine_test_fixture.h).

#include "api/api.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "access/access.h"
#include "access/fake_random.h"
#include "access/routes.h"
#include "api/routes_test_util.h"
#include "api/schema_check.h"
#include "core/json.h"
#include "core/text.h"
#include "sync/engine_test_fixture.h"

namespace xerosync::api {
namespace {

using store::DocumentKind;
using store::DocumentState;
using sync::testing::kNz;

const std::string kOrg = std::string("/api/v1/orgs/") + kNz;

std::string ContactJson(const std::string& host_id, const std::string& name) {
  return R"({"kind":"contact","host_id":")" + host_id + R"(","payload":{"Name":")" + name +
         R"("}})";
}

std::string InvoiceJson(const std::string& host_id, const std::string& contact,
                        const std::string& account = "200", const std::string& date = "2026-01-02",
                        const std::string& unit_amount = "100.50") {
  return R"({"kind":"invoice","host_id":")" + host_id +
         R"(","payload":{"Type":"ACCREC","InvoiceNumber":"API-)" + host_id + R"(","Date":")" +
         date +
         R"(","DueDate":"2026-01-30","Status":"AUTHORISED","LineAmountTypes":"Exclusive",)"
         R"("LineItems":[{"Description":"Work","Quantity":2,"UnitAmount":)" +
         unit_amount + R"(,"AccountCode":")" + account +
         R"(","TaxType":"OUTPUT2"}]},"parents":[{"kind":"contact","host_id":")" + contact +
         R"(","role":"contact"}]})";
}

using testing::Spec;
using testing::Text;

class ApiTest : public sync::testing::EngineFixture {
 protected:
  ApiTest()
      : context_{.store = *store_,
                 .engine = *engine_,
                 .clock = emulator_.clock(),
                 .scheduler = nullptr,
                 .access = nullptr,
                 .xero_api_base = "https://api.xero.com",
                 .max_body_bytes = 8u << 20,
                 .max_documents = 1000} {
    AddApiRoutes(router_, context_);
    // Sign-in and users on the same router, as `xerosync serve` has them (the API's own routes
    // stay open here: context_.access is null; api_access_test.cc checks them behind access).
    access::AccessOptions options;
    options.password = access::PasswordParams::Cheapest();
    access_ = std::make_unique<access::Access>(*store_, emulator_.clock(), random_, options);
    access::AddAccessRoutes(router_, *access_);
    handler_ = ApiHandler(router_);
  }

  // Sends a request as the server would parse it; the body is decoded as JSON (every response
  // must be JSON: a failure to parse fails the test).
  std::pair<int, Json> Send(const std::string& method, const std::string& target,
                            std::string body = "") {
    http::Request request;
    request.method = method;
    request.target = target;
    const std::size_t question = target.find('?');
    request.path = target.substr(0, question);
    if (question != std::string::npos) {
      request.query = http::DecodeForm(target.substr(question + 1)).value();
    }
    request.body = std::move(body);
    for (const auto& [name, value] : headers_.fields()) request.headers.Add(name, value);
    if (!request.body.empty()) request.headers.Set("Content-Type", "application/json");
    const http::Response response = handler_(request);
    if (response.status == 204) {  // no body: the operation must say it answers 204
      EXPECT_TRUE(response.body.empty()) << method << " " << target;
      const std::string pattern = MatchPathTemplate(Spec(), request.path);
      const Json* operation = Spec().Find("paths")->Find(pattern);
      operation = operation != nullptr ? operation->Find(AsciiLowered(method)) : nullptr;
      EXPECT_TRUE(operation != nullptr && operation->Find("responses")->Find("204") != nullptr)
          << method << " " << pattern << " 204 is not described in docs/api.openapi.json";
      covered_.insert(method + " " + pattern);
      return {204, Json()};
    }
    EXPECT_EQ(response.headers.Get("Content-Type").value_or(""), "application/json; charset=utf-8")
        << method << " " << target;
    if (response.status == 200 && response.headers.Get("Set-Cookie").has_value()) {
      last_cookie_ = std::string(response.headers.Get("Set-Cookie").value_or(""));
      last_cookie_ = last_cookie_.substr(0, last_cookie_.find(';'));
    }
    Result<Json> json = Json::Parse(response.body);
    EXPECT_TRUE(json.ok()) << method << " " << target << ": " << response.body;
    CheckAgainstSpec(method, request.path, response.status, json.value_or(Json()));
    return {response.status, json.value_or(Json())};
  }

  // Holds the response to docs/api.openapi.json: the operation's response of that status, or
  // the Error schema for an unknown route or method.
  void CheckAgainstSpec(const std::string& method, const std::string& path, int status,
                        const Json& body) {
    const std::string pattern = MatchPathTemplate(Spec(), path);
    const Json* schema = nullptr;
    Json error_ref = Json::MakeObject();
    error_ref.Set("$ref", Json::String("#/components/schemas/Error"));
    if (pattern.empty() || status == 405) {
      schema = &error_ref;
    } else {
      schema = ResponseSchema(Spec(), pattern, method, status);
      covered_.insert(method + " " + pattern);
    }
    ASSERT_NE(schema, nullptr) << method << " " << pattern << " " << status
                               << " is not described in docs/api.openapi.json";
    for (const std::string& problem : SchemaProblems(Spec(), *schema, body)) {
      ADD_FAILURE() << method << " " << path << " " << status << ": " << problem;
    }
  }

  int64_t Stored() {
    int64_t total = 0;
    for (const int64_t n : store_->CountByState(domain::TenantId(kNz)).value()) total += n;
    return total;
  }

  ApiContext context_;
  access::FakeRandom random_;
  std::unique_ptr<access::Access> access_;
  http::Router router_;
  http::Handler handler_;
  http::Headers headers_;          // sent with every request (a signed-in session's)
  std::string last_cookie_;        // "xs_session=..." of the last sign-in
  std::set<std::string> covered_;  // "GET /api/v1/orgs/{tenant}/status" of each response checked
};

TEST_F(ApiTest, HealthAndReadinessNameTheConnectedOrganisation) {
  auto [status, body] = Send("GET", "/healthz");
  EXPECT_EQ(status, 200);
  EXPECT_EQ(Text(body, {"status"}), "ok");
  std::tie(status, body) = Send("GET", "/readyz");
  EXPECT_EQ(status, 200);
  ASSERT_EQ(body.Find("organisations")->AsArray().size(), 1u);
  const Json& org = body.Find("organisations")->AsArray()[0];
  EXPECT_EQ(Text(org, {"tenant_id"}), kNz);
  EXPECT_EQ(Text(org, {"name"}), "Demo NZ");
  EXPECT_EQ(Text(org, {"paused"}), "false");
  EXPECT_EQ(Text(org, {"connected"}), "true");

  // An organisation whose connection has no tokens in the store (disconnected).
  ASSERT_TRUE(store_->UpsertOrganisation(domain::TenantId("other"), "gone", "Other Ltd").ok());
  std::tie(status, body) = Send("GET", "/readyz");
  ASSERT_EQ(body.Find("organisations")->AsArray().size(), 2u);
  for (const Json& o : body.Find("organisations")->AsArray()) {
    EXPECT_EQ(Text(o, {"connected"}), Text(o, {"tenant_id"}) == kNz ? "true" : "false");
  }
}

TEST_F(ApiTest, PushedDocumentsSyncAndReadBackWithTheirXeroIds) {
  auto [status, body] = Send("POST", kOrg + "/documents",
                             R"({"documents":[)" + ContactJson("c1", "API Customer 1") + "," +
                                 InvoiceJson("i1", "c1") + "]}");
  ASSERT_EQ(status, 200) << body.Serialize();
  ASSERT_EQ(body.Find("documents")->AsArray().size(), 2u);
  EXPECT_EQ(Text(body.Find("documents")->AsArray()[1], {"outcome"}), "created");

  std::tie(status, body) = Send("GET", kOrg + "/documents/invoice/i1");
  EXPECT_EQ(status, 200);
  EXPECT_EQ(Text(body, {"state"}), "pending");
  EXPECT_EQ(Text(body, {"payload", "InvoiceNumber"}), "API-i1");

  std::tie(status, body) = Send("POST", kOrg + "/sync");
  ASSERT_EQ(status, 200) << body.Serialize();
  EXPECT_EQ(Text(body, {"run", "outcome"}), "succeeded");
  EXPECT_EQ(Text(body, {"run", "counts", "synced"}), "2");

  std::tie(status, body) = Send("GET", kOrg + "/documents/invoice/i1");
  EXPECT_EQ(Text(body, {"state"}), "synced");
  EXPECT_NE(Text(body, {"xero_id"}), "null");
  EXPECT_EQ(InvoicesInXero().size(), 0u);  // InvoicesInXero counts "ENG-" numbers only
  int in_xero = 0;
  emulator_.organisations().Read(kNz, [&](const emulator::OrgState& state) {
    for (const auto& invoice : state.invoices) in_xero += invoice.invoice_number == "API-i1";
  });
  EXPECT_EQ(in_xero, 1);

  std::tie(status, body) = Send("GET", kOrg + "/status");
  EXPECT_EQ(status, 200);
  EXPECT_EQ(Text(body, {"documents", "synced"}), "2");
  EXPECT_EQ(Text(body, {"runs", "total"}), "1");
  EXPECT_EQ(Text(body, {"runs", "succeeded"}), "1");

  std::tie(status, body) = Send("GET", kOrg + "/runs");
  EXPECT_EQ(status, 200);
  ASSERT_EQ(body.Find("runs")->AsArray().size(), 1u);
  EXPECT_EQ(Text(body.Find("runs")->AsArray()[0], {"trigger"}), "manual");
}

TEST_F(ApiTest, OneBadDocumentRefusesTheWholeRequestNamingItsField) {
  struct Case {
    std::string second;  // documents[1]
    std::string field;
  };
  const std::vector<Case> cases = {
      {InvoiceJson("i1", "c1", "200", "2026-02-30"), "documents[1].payload.Date"},
      {InvoiceJson("i1", "c1", "200", "2026-01-02", "1.23456"), "documents[1].payload"},
      {InvoiceJson("i1", "c1", "200", "2026-01-02", "\"ten\""), "documents[1].payload"},
      {R"({"kind":"receipt","host_id":"r1","payload":{}})", "documents[1].kind"},
      {R"({"kind":"contact","host_id":"","payload":{"Name":"X"}})", "documents[1].host_id"},
      {R"({"kind":"contact","host_id":")" + std::string(256, 'x') + R"(","payload":{"Name":"X"}})",
       "documents[1].host_id"},
      {R"({"kind":"contact","host_id":"a\u0000b","payload":{"Name":"X"}})", "documents[1].host_id"},
      {R"({"kind":"contact","host_id":"c2","payload":"Name"})", "documents[1].payload"},
      {R"({"kind":"contact","host_id":"c2","payload":{}})", "documents[1].payload"},
      {R"({"kind":"invoice","host_id":"i1","payload":{},"parents":[{"kind":"contact"}]})",
       "documents[1].parents[0].host_id"},
      {R"({"kind":"contact","host_id":"c2","operation":"shred","payload":{"Name":"X"}})",
       "documents[1].operation"},
  };
  for (const Case& c : cases) {
    auto [status, body] =
        Send("POST", kOrg + "/documents",
             R"({"documents":[)" + ContactJson("c1", "API Customer 1") + "," + c.second + "]}");
    EXPECT_EQ(status, 400) << c.second;
    EXPECT_EQ(Text(body, {"error", "code"}), "invalid_argument") << c.second;
    EXPECT_EQ(Text(body, {"error", "field"}).substr(0, c.field.size()), c.field)
        << c.second << " -> " << body.Serialize();
    EXPECT_EQ(Stored(), 0) << "nothing is stored when one document is bad: " << c.second;
  }
}

TEST_F(ApiTest, MalformedHostileAndOversizedBodiesAreRefusedAsJson) {
  for (const std::string& body :
       {std::string("{"), std::string("[]"), std::string("\"x\""), std::string("nul\0l", 5),
        std::string(R"({"documents":{}})"), std::string(R"({"documents":[]})")}) {
    auto [status, json] = Send("POST", kOrg + "/documents", body);
    EXPECT_EQ(status, 400) << body;
    EXPECT_EQ(Text(json, {"error", "code"}), "invalid_argument") << body;
  }
  context_.max_body_bytes = 1000;
  auto [status, json] =
      Send("POST", kOrg + "/documents", ContactJson("c1", std::string(2000, 'x')));
  EXPECT_EQ(status, 413);
  EXPECT_EQ(Text(json, {"error", "code"}), "payload_too_large");

  context_.max_body_bytes = 8u << 20;
  std::string many = R"({"documents":[)";
  for (int i = 0; i < 1001; ++i) {
    many += (i > 0 ? "," : "") + ContactJson("c" + std::to_string(i), "N" + std::to_string(i));
  }
  many += "]}";
  std::tie(status, json) = Send("POST", kOrg + "/documents", many);
  EXPECT_EQ(status, 400);
  EXPECT_EQ(Text(json, {"error", "field"}), "documents");
  EXPECT_EQ(Stored(), 0);
}

TEST_F(ApiTest, UnknownOrganisationsRoutesAndMethodsAnswerJson) {
  auto [status, body] = Send("GET", "/api/v1/orgs/no-such-tenant/status");
  EXPECT_EQ(status, 404);
  EXPECT_EQ(Text(body, {"error", "code"}), "not_found");
  std::tie(status, body) = Send("GET", "/api/v1/nothing");
  EXPECT_EQ(status, 404);
  EXPECT_EQ(Text(body, {"error", "code"}), "not_found");
  std::tie(status, body) = Send("PATCH", kOrg + "/status");
  EXPECT_EQ(status, 405);
  EXPECT_EQ(Text(body, {"error", "code"}), "method_not_allowed");
  std::tie(status, body) = Send("GET", kOrg + "/documents/invoice/nope");
  EXPECT_EQ(status, 404);
  std::tie(status, body) = Send("GET", kOrg + "/documents/receipt/x");
  EXPECT_EQ(status, 400);
  EXPECT_EQ(Text(body, {"error", "field"}), "kind");
}

TEST_F(ApiTest, AFailedInvoiceShowsItsErrorAndSyncsOnceItsAccountIsMapped) {
  ASSERT_EQ(Send("POST", kOrg + "/documents",
                 R"({"documents":[)" + ContactJson("c1", "API Customer 1") + "," +
                     InvoiceJson("i1", "c1", "SALES") + "]}")
                .first,
            200);
  ASSERT_EQ(Send("POST", kOrg + "/sync").first, 200);

  auto [status, body] = Send("GET", kOrg + "/documents/invoice/i1");
  EXPECT_EQ(Text(body, {"state"}), "failed");
  EXPECT_EQ(Text(body, {"error", "code"}), "account.invalid_for_document");
  EXPECT_EQ(Text(body, {"error", "docs"}), "docs/errors.md#account.invalid_for_document");
  EXPECT_NE(Text(body, {"error", "fix"}).find("SALES"), std::string::npos);

  std::tie(status, body) =
      Send("GET", kOrg + "/errors?status=open&code=account.invalid_for_document");
  EXPECT_EQ(status, 200);
  ASSERT_EQ(body.Find("errors")->AsArray().size(), 1u);

  // A mapping the organisation cannot take is refused, as the CLI refuses it.
  std::tie(status, body) =
      Send("PUT", kOrg + "/mappings", R"({"kind":"account","from":"SALES","to":"090"})");
  EXPECT_EQ(status, 400) << body.Serialize();
  EXPECT_EQ(Text(body, {"error", "field"}), "to");
  std::tie(status, body) =
      Send("PUT", kOrg + "/mappings", R"({"kind":"account","from":"SA\u001bLES","to":"200"})");
  EXPECT_EQ(status, 400);
  EXPECT_EQ(Text(body, {"error", "field"}), "from");
  std::tie(status, body) =
      Send("PUT", kOrg + "/mappings", R"({"kind":"colour","from":"SALES","to":"200"})");
  EXPECT_EQ(status, 400);
  EXPECT_EQ(Text(body, {"error", "field"}), "kind");

  std::tie(status, body) =
      Send("PUT", kOrg + "/mappings", R"({"kind":"account","from":"SALES","to":"200"})");
  ASSERT_EQ(status, 200) << body.Serialize();
  EXPECT_EQ(Text(body, {"released"}), "1");
  std::tie(status, body) = Send("GET", kOrg + "/mappings");
  ASSERT_EQ(body.Find("mappings")->AsArray().size(), 1u);

  std::tie(status, body) = Send("POST", kOrg + "/sync");
  EXPECT_EQ(Text(body, {"run", "counts", "synced"}), "1");
  std::tie(status, body) = Send("GET", kOrg + "/documents/invoice/i1");
  EXPECT_EQ(Text(body, {"state"}), "synced");
  EXPECT_EQ(Text(body, {"error"}), "null");

  std::tie(status, body) =
      Send("DELETE", kOrg + "/mappings", R"({"kind":"account","from":"SALES"})");
  EXPECT_EQ(status, 200);
  std::tie(status, body) = Send("GET", kOrg + "/mappings");
  EXPECT_TRUE(body.Find("mappings")->AsArray().empty());
}

TEST_F(ApiTest, ErrorsAreArchivedWithAReasonAndRetried) {
  ASSERT_EQ(
      Send("POST", kOrg + "/documents",
           R"({"documents":[)" + ContactJson("c1", "API Customer 1") + "," +
               InvoiceJson("i1", "c1", "SALES") + "," + InvoiceJson("i2", "c1", "SALES") + "]}")
          .first,
      200);
  ASSERT_EQ(Send("POST", kOrg + "/sync").first, 200);
  auto [status, body] = Send("GET", kOrg + "/errors?status=open");
  ASSERT_EQ(body.Find("errors")->AsArray().size(), 2u);
  const std::string id = Text(body.Find("errors")->AsArray()[0], {"id"});

  std::tie(status, body) = Send("POST", kOrg + "/errors/" + id + "/archive", "{}");
  EXPECT_EQ(status, 400);
  EXPECT_EQ(Text(body, {"error", "field"}), "reason");
  std::tie(status, body) =
      Send("POST", kOrg + "/errors/" + id + "/archive", R"({"reason":"entered by hand"})");
  ASSERT_EQ(status, 200) << body.Serialize();
  EXPECT_EQ(Text(body, {"status"}), "archived");
  EXPECT_EQ(Text(body, {"closed_reason"}), "entered by hand");
  EXPECT_EQ(Doc(DocumentKind::kInvoice, "i1").state, DocumentState::kArchived);
  std::tie(status, body) =
      Send("POST", kOrg + "/errors/" + id + "/archive", R"({"reason":"a\u0000b"})");
  EXPECT_EQ(status, 400);
  EXPECT_EQ(Text(body, {"error", "field"}), "reason");
  std::tie(status, body) = Send("POST", kOrg + "/errors/99999/archive", R"({"reason":"x"})");
  EXPECT_EQ(status, 404);

  std::tie(status, body) =
      Send("POST", kOrg + "/errors/retry", R"({"code":"account.invalid_for_document"})");
  ASSERT_EQ(status, 200) << body.Serialize();
  EXPECT_EQ(Text(body, {"retried"}), "1");  // the open one; the archived one is not open
  EXPECT_EQ(Doc(DocumentKind::kInvoice, "i2").state, DocumentState::kPending);
  std::tie(status, body) = Send("POST", kOrg + "/errors/retry", "{\"ids\":[" + id + "]}");
  EXPECT_EQ(status, 200);
  EXPECT_EQ(Doc(DocumentKind::kInvoice, "i1").state, DocumentState::kPending);
  std::tie(status, body) = Send("POST", kOrg + "/errors/retry", R"({"ids":["x"]})");
  EXPECT_EQ(status, 400);
  EXPECT_EQ(Text(body, {"error", "field"}), "ids[0]");
}

TEST_F(ApiTest, AnErrorIsFixedByEditingTheDocumentsFieldsAndSyncs) {
  ASSERT_EQ(Send("POST", kOrg + "/documents",
                 R"({"documents":[)" + ContactJson("c1", "API Customer 1") + "," +
                     InvoiceJson("i1", "c1", "SALES") + "]}")
                .first,
            200);
  ASSERT_EQ(Send("POST", kOrg + "/sync").first, 200);
  const std::string id = std::to_string(*Doc(DocumentKind::kInvoice, "i1").error_id);
  const std::string edit = kOrg + "/errors/" + id + "/edit";

  auto [status, body] = Send("POST", edit, R"({"fields":{"Total":"5.00"}})");
  EXPECT_EQ(status, 400);
  EXPECT_EQ(Text(body, {"error", "field"}), "fields.Total");
  std::tie(status, body) = Send("POST", edit, R"({"fields":{"Date":"2026-02-30"}})");
  EXPECT_EQ(status, 400);
  EXPECT_EQ(Text(body, {"error", "field"}), "payload.Date");
  std::tie(status, body) = Send("POST", edit, R"({"fields":{"AccountCode":"200"},"line":3})");
  EXPECT_EQ(status, 400);
  EXPECT_EQ(Text(body, {"error", "field"}), "line");
  EXPECT_EQ(Doc(DocumentKind::kInvoice, "i1").version, 1) << "refused edits change nothing";

  std::tie(status, body) =
      Send("POST", edit, R"({"fields":{"AccountCode":"200","Date":"2026-01-03"}})");
  ASSERT_EQ(status, 200) << body.Serialize();
  EXPECT_EQ(Text(body, {"version"}), "2");
  EXPECT_EQ(Text(body, {"state"}), "pending");
  std::tie(status, body) = Send("GET", kOrg + "/documents/invoice/i1");
  EXPECT_EQ(Text(body, {"payload", "Date"}), "2026-01-03");
  EXPECT_EQ(Text(body.Find("payload")->Find("LineItems")->AsArray()[0], {"AccountCode"}), "200");
  const std::vector<store::AuditEntry> audit =
      store_->ListAudit(domain::TenantId(kNz), 0, 100).value();
  EXPECT_TRUE(std::ranges::any_of(audit, [](const store::AuditEntry& e) {
    return e.action == "document.edit" && e.actor == "api" && e.subject == "invoice i1";
  }));

  std::tie(status, body) = Send("POST", kOrg + "/sync");
  EXPECT_EQ(Text(body, {"run", "counts", "synced"}), "1");
  EXPECT_EQ(Doc(DocumentKind::kInvoice, "i1").state, DocumentState::kSynced);
}

TEST_F(ApiTest, PushedDocumentsAreScheduledAndSyncNowGoesThroughTheScheduler) {
  sync::Scheduler scheduler(
      *engine_, *store_, emulator_.clock(),
      {.interval = std::chrono::minutes(10), .debounce = std::chrono::seconds(5)});
  context_.scheduler = &scheduler;
  EXPECT_FALSE(scheduler.NextDue().has_value());
  ASSERT_EQ(Send("POST", kOrg + "/documents", ContactJson("c1", "API Customer 1")).first, 200);
  ASSERT_TRUE(scheduler.NextDue().has_value());
  EXPECT_EQ(*scheduler.NextDue(), Now() + std::chrono::seconds(5));  // the debounced run

  auto [status, body] = Send("POST", kOrg + "/sync");
  ASSERT_EQ(status, 200) << body.Serialize();
  EXPECT_EQ(Text(body, {"run", "trigger"}), "manual");
  EXPECT_EQ(Doc(DocumentKind::kContact, "c1").state, DocumentState::kSynced);
  context_.scheduler = nullptr;
}

TEST_F(ApiTest, PassReopenVoidAndDeleteMakeTheirTransitions) {
  ASSERT_EQ(Send("POST", kOrg + "/documents",
                 R"({"documents":[)" + ContactJson("c1", "API Customer 1") + "," +
                     InvoiceJson("i1", "c1") + "]}")
                .first,
            200);
  auto [status, body] = Send("POST", kOrg + "/documents/invoice/i1/pass", "");
  ASSERT_EQ(status, 200) << body.Serialize();
  EXPECT_EQ(Text(body, {"state"}), "passed");
  std::tie(status, body) = Send("POST", kOrg + "/documents/invoice/i1/reopen");
  EXPECT_EQ(Text(body, {"state"}), "pending");
  std::tie(status, body) = Send("POST", kOrg + "/documents/invoice/i1/reopen");
  EXPECT_EQ(status, 409);
  EXPECT_EQ(Text(body, {"error", "code"}), "failed_precondition");

  ASSERT_EQ(Send("POST", kOrg + "/sync").first, 200);
  std::tie(status, body) = Send("POST", kOrg + "/documents/invoice/i1/void");
  ASSERT_EQ(status, 200);
  EXPECT_EQ(Text(body, {"version"}), "2");
  EXPECT_EQ(Text(body, {"operation"}), "void");
  EXPECT_EQ(Text(body, {"state"}), "pending");
  std::tie(status, body) = Send("DELETE", kOrg + "/documents/contact/c1");
  EXPECT_EQ(Text(body, {"operation"}), "delete");
}

TEST_F(ApiTest, DocumentsArePagedByIdAndFiltered) {
  std::string batch = R"({"documents":[)";
  for (int i = 1; i <= 5; ++i) {
    batch += (i > 1 ? "," : "") + ContactJson("c" + std::to_string(i), "P" + std::to_string(i));
  }
  batch += "," + InvoiceJson("i1", "c1") + "]}";
  ASSERT_EQ(Send("POST", kOrg + "/documents", batch).first, 200);
  std::vector<std::string> seen;
  std::string after = "0";
  for (int page = 0; page < 10 && after != "null"; ++page) {
    auto [status, body] = Send("GET", kOrg + "/documents?kind=contact&limit=2&after=" + after);
    ASSERT_EQ(status, 200);
    for (const Json& d : body.Find("documents")->AsArray()) seen.push_back(Text(d, {"host_id"}));
    after = Text(body, {"next_after"});
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"c1", "c2", "c3", "c4", "c5"}));
  auto [status, body] = Send("GET", kOrg + "/documents?limit=0");
  EXPECT_EQ(status, 400);
  EXPECT_EQ(Text(body, {"error", "field"}), "limit");
  std::tie(status, body) = Send("GET", kOrg + "/documents?state=lost");
  EXPECT_EQ(Text(body, {"error", "field"}), "state");
}

TEST_F(ApiTest, XeroSettingsAreReadFromXeroOnRequest) {
  auto [status, body] = Send("GET", kOrg + "/xero-settings");
  EXPECT_EQ(status, 200);
  EXPECT_EQ(Text(body, {"kinds", "accounts", "fetched_at"}), "null");
  std::tie(status, body) = Send("POST", kOrg + "/xero-settings/refresh");
  ASSERT_EQ(status, 200) << body.Serialize();
  EXPECT_EQ(Text(body, {"kinds_changed"}), "6");
  std::tie(status, body) = Send("GET", kOrg + "/xero-settings");
  EXPECT_NE(Text(body, {"kinds", "accounts", "fetched_at"}), "null");
  EXPECT_NE(Text(body, {"kinds", "accounts", "settings"}).find("\"200\""), std::string::npos);
}

// Every operation the description names, called once and its answer held to the description (Send
// checks each response); and the description names no operation the API lacks.
TEST_F(ApiTest, EveryDescribedRouteAnswersAsDescribed) {
  ASSERT_EQ(Send("GET", "/healthz").first, 200);
  ASSERT_EQ(Send("GET", "/readyz").first, 200);
  ASSERT_EQ(Send("POST", kOrg + "/xero-settings/refresh").first, 200);
  ASSERT_EQ(Send("GET", kOrg + "/xero-settings").first, 200);
  ASSERT_EQ(Send("POST", kOrg + "/documents",
                 R"({"documents":[)" + ContactJson("c1", "API Customer 1") + "," +
                     InvoiceJson("i1", "c1", "SALES") + "," + InvoiceJson("i2", "c1") + "]}")
                .first,
            200);
  ASSERT_EQ(Send("GET", kOrg + "/documents?state=pending").first, 200);
  ASSERT_EQ(Send("POST", kOrg + "/sync").first, 200);
  ASSERT_EQ(Send("GET", kOrg + "/runs").first, 200);
  ASSERT_EQ(Send("GET", kOrg + "/runs/1/documents").first, 200);
  ASSERT_EQ(Send("GET", kOrg + "/status").first, 200);
  ASSERT_EQ(Send("GET", kOrg + "/documents/invoice/i1").first, 200);  // with its open error
  auto [status, errors] = Send("GET", kOrg + "/errors");
  ASSERT_EQ(errors.Find("errors")->AsArray().size(), 1u);
  const std::string id = Text(errors.Find("errors")->AsArray()[0], {"id"});
  ASSERT_EQ(Send("POST", kOrg + "/errors/" + id + "/archive", R"({"reason":"by hand"})").first,
            200);
  ASSERT_EQ(Send("POST", kOrg + "/errors/retry", "{\"ids\":[" + id + "]}").first, 200);
  ASSERT_EQ(
      Send("POST", kOrg + "/errors/" + id + "/edit", R"({"fields":{"AccountCode":"200"}})").first,
      200);
  ASSERT_EQ(Send("GET", kOrg + "/documents/invoice/i1/history").first, 200);
  ASSERT_EQ(
      Send("PUT", kOrg + "/mappings", R"({"kind":"account","from":"SALES","to":"200"})").first,
      200);
  ASSERT_EQ(Send("GET", kOrg + "/mappings").first, 200);
  ASSERT_EQ(Send("DELETE", kOrg + "/mappings", R"({"kind":"account","from":"SALES"})").first, 200);
  ASSERT_EQ(Send("POST", kOrg + "/documents/invoice/i1/pass", R"({"xero_id":null})").first, 200);
  ASSERT_EQ(Send("POST", kOrg + "/documents/invoice/i1/reopen").first, 200);
  ASSERT_EQ(Send("POST", kOrg + "/documents/invoice/i2/void").first, 200);
  ASSERT_EQ(Send("DELETE", kOrg + "/documents/invoice/i2").first, 200);
  // Errors, held to the Error schema of their operation.
  EXPECT_EQ(Send("POST", kOrg + "/documents", "{").first, 400);
  EXPECT_EQ(Send("GET", kOrg + "/documents/invoice/none").first, 404);
  EXPECT_EQ(Send("PATCH", "/healthz").first, 405);

  // Access control's routes (docs/access.md), as an admin signed in with a session.
  ASSERT_TRUE(access_->CreateUser("ada", "ada's long password", store::Role::kAdmin).ok());
  EXPECT_EQ(Send("POST", "/api/v1/session", R"({"name":"ada","password":"wrong one"})").first, 401);
  auto [signed_in, session] =
      Send("POST", "/api/v1/session", R"({"name":"ada","password":"ada's long password"})");
  ASSERT_EQ(signed_in, 200);
  headers_.Set("Cookie", last_cookie_);
  headers_.Set("X-CSRF-Token", Text(session, {"csrf_token"}));
  EXPECT_EQ(Send("GET", "/api/v1/me").first, 200);
  EXPECT_EQ(Send("POST", "/api/v1/users",
                 R"({"name":"vic","password":"vic's long password",)"
                 R"("role":"viewer"})")
                .first,
            201);
  EXPECT_EQ(Send("GET", "/api/v1/users").first, 200);
  EXPECT_EQ(Send("POST", "/api/v1/users/vic/disable").first, 204);
  EXPECT_EQ(Send("POST", "/api/v1/users/vic/enable").first, 204);
  EXPECT_EQ(Send("POST", "/api/v1/api-keys", R"({"name":"shop","role":"operator"})").first, 201);
  EXPECT_EQ(Send("GET", "/api/v1/api-keys").first, 200);
  EXPECT_EQ(Send("DELETE", "/api/v1/api-keys/shop").first, 204);
  EXPECT_EQ(Send("DELETE", "/api/v1/api-keys/none").first, 404);
  auto [changed, renewed] = Send(
      "POST", "/api/v1/me/password",
      R"({"current_password":"ada's long password","new_password":"ada's new long password"})");
  ASSERT_EQ(changed, 200);
  headers_.Set("Cookie", last_cookie_);
  headers_.Set("X-CSRF-Token", Text(renewed, {"csrf_token"}));
  EXPECT_EQ(Send("DELETE", "/api/v1/session").first, 204);
  EXPECT_EQ(Send("GET", "/api/v1/me").first, 401);

  std::set<std::string> described;
  for (const auto& [pattern, item] : Spec().Find("paths")->AsObject()) {
    if (testing::CoveredByRoutesTest(pattern)) continue;  // routes_test_util.h
    for (const auto& [method, operation] : item.AsObject()) {
      if (method != "parameters") described.insert(AsciiLowered(method) + " " + pattern);
    }
  }
  std::set<std::string> called;
  for (const std::string& c : covered_)
    called.insert(AsciiLowered(c.substr(0, c.find(' '))) + c.substr(c.find(' ')));
  EXPECT_EQ(called, described);
}

}  // namespace
}  // namespace xerosync::api
