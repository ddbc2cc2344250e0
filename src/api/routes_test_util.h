#pragma once
// The test fixture of the route files added in issue 7 (connection_routes_test.cc,
// settings_routes_test.cc): the API's handlers, called without sockets, over the sync engine's
// fixture (a real SQLite store, the emulator on its fake clock, the demo NZ organisation connected
// as "acme"), with the connection's routes, a scheduler, and optionally access control. Every JSON
// answer is held to docs/api.openapi.json, and each (method, path template) called is recorded so
// that a test can check every route of the description was called. Test-only.

#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "access/access.h"
#include "access/fake_random.h"
#include "access/secrets.h"
#include "api/api.h"
#include "api/connection_routes.h"
#include "api/schema_check.h"
#include "core/json.h"
#include "core/text.h"
#include "sync/engine_test_fixture.h"
#include "sync/scheduler.h"

namespace xerosync::api::testing {

using sync::testing::kConnection;
using sync::testing::kNz;
using xero::testing::kUk;
using Query = std::vector<std::pair<std::string, std::string>>;

// The paths of docs/api.openapi.json whose routes these files test (api_test.cc tests the rest).
inline bool CoveredByRoutesTest(std::string_view pattern) {
  return pattern == "/api/v1/orgs" || pattern.starts_with("/api/v1/connection") ||
         pattern.starts_with("/api/v1/webhooks") || pattern == "/api/v1/orgs/{tenant}/settings" ||
         pattern == "/api/v1/orgs/{tenant}/errors/{id}/unarchive";
}

inline const Json& Spec() {
  static const Json* spec = [] {
    std::ifstream in(XEROSYNC_OPENAPI_FILE);
    std::stringstream text;
    text << in.rdbuf();
    Result<Json> json = Json::Parse(text.str());
    EXPECT_TRUE(json.ok()) << XEROSYNC_OPENAPI_FILE << ": " << json.status();
    return new Json(json.value_or(Json()));
  }();
  return *spec;
}

// "get /api/v1/connection" of every response seen, by every test of the binary.
inline std::set<std::string>& CalledRoutes() {
  static std::set<std::string> called;
  return called;
}

inline std::string Text(const Json& json, std::initializer_list<std::string_view> path) {
  const Json* at = &json;
  for (const std::string_view step : path) {
    at = at->Find(step);
    if (at == nullptr) return "<absent>";
  }
  if (at->is_string()) return at->AsString();
  return at->Serialize();
}

class RoutesTest : public sync::testing::EngineFixture {
 protected:
  RoutesTest() { Wire(kConnection); }
  // Serves the routes for connection `connection_id`, as `xerosync serve --connection` would;
  // behind access control when `with_access` (else every caller is an admin named "api").
  void Wire(const std::string& connection_id, bool with_access = false) {
    if (with_access) {
      access::AccessOptions options;
      options.password = access::PasswordParams::Cheapest();
      access_ = std::make_unique<access::Access>(*store_, emulator_.clock(), random_, options);
    }
    router_ = std::make_unique<http::Router>();
    scheduler_ = std::make_unique<sync::Scheduler>(*engine_, *store_, emulator_.clock());
    connector_ = std::make_unique<Connector>(
        transport_, xero::XeroEndpoints::AllAt(xero::testing::kBase), xero::testing::DemoApp(),
        *token_store_, emulator_.clock(), access::SystemRandom(),
        ConnectorOptions{.connection_id = connection_id});
    context_ = std::make_unique<ApiContext>(ApiContext{.store = *store_,
                                                       .engine = *engine_,
                                                       .clock = emulator_.clock(),
                                                       .scheduler = scheduler_.get(),
                                                       .access = access_.get(),
                                                       .xero_api_base = "https://api.xero.com",
                                                       .max_body_bytes = 8u << 20,
                                                       .max_documents = 1000,
                                                       .connector = connector_.get(),
                                                       .cipher = &cipher_});
    AddApiRoutes(*router_, *context_);
    handler_ = ApiHandler(*router_);
  }

  http::Response Raw(const std::string& method, const std::string& target, std::string body = "",
                     const std::string& key = "") {
    http::Request request;
    if (!key.empty()) request.headers.Set("Authorization", "Bearer " + key);
    request.method = method;
    request.target = target;
    const std::size_t question = target.find('?');
    request.path = target.substr(0, question);
    if (question != std::string::npos) {
      request.query = http::DecodeForm(target.substr(question + 1)).value();
    }
    request.body = std::move(body);
    http::Response response = handler_(request);
    const std::string pattern = MatchPathTemplate(Spec(), request.path);
    if (!pattern.empty()) CalledRoutes().insert(AsciiLowered(method) + " " + pattern);
    return response;
  }

  // A JSON route: the status and body, the body held to the spec.
  std::pair<int, Json> Send(const std::string& method, const std::string& target,
                            std::string body = "") {
    const http::Response response = Raw(method, target, std::move(body));
    EXPECT_EQ(response.headers.Get("Content-Type").value_or(""), "application/json; charset=utf-8")
        << method << " " << target;
    Result<Json> json = Json::Parse(response.body);
    EXPECT_TRUE(json.ok()) << method << " " << target << ": " << response.body;
    const std::string path = target.substr(0, target.find('?'));
    const std::string pattern = MatchPathTemplate(Spec(), path);
    const Json* schema =
        pattern.empty() ? nullptr : ResponseSchema(Spec(), pattern, method, response.status);
    EXPECT_NE(schema, nullptr) << method << " " << pattern << " " << response.status
                               << " is not described in docs/api.openapi.json";
    if (schema != nullptr) {
      for (const std::string& problem : SchemaProblems(Spec(), *schema, json.value_or(Json()))) {
        ADD_FAILURE() << method << " " << path << " " << response.status << ": " << problem;
      }
    }
    return {response.status, json.value_or(Json())};
  }

  const Json* Org(const Json& view, std::string_view tenant) {
    for (const Json& o : view.Find("organisations")->AsArray()) {
      if (Text(o, {"tenant_id"}) == tenant) return &o;
    }
    return nullptr;
  }

  std::vector<store::AuditEntry> Audit() { return store_->ListAudit(std::nullopt, 0, 100).value(); }

  access::FakeRandom random_;
  std::unique_ptr<access::Access> access_;
  std::unique_ptr<http::Router> router_;
  std::unique_ptr<sync::Scheduler> scheduler_;
  std::unique_ptr<Connector> connector_;
  std::unique_ptr<ApiContext> context_;
  http::Handler handler_;
};

}  // namespace xerosync::api::testing
