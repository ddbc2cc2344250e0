// The REST API behind access control: every route refuses a caller without credentials (401) and a
// role without its permission (403), stores nothing when it refuses, and names the caller in the
// audit log when it acts. The lowest role each route allows is written out here from issue 7's
// roles (viewer: status and errors; operator: sync now, retry, archive, edit; admin: mappings,
// settings), not taken from the code under test.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "access/access.h"
#include "access/fake_random.h"
#include "api/api.h"
#include "core/json.h"
#include "http/http.h"
#include "sync/engine_test_fixture.h"

namespace xerosync::api {
namespace {

using store::Role;
using sync::testing::kNz;

const std::string kOrg = std::string("/api/v1/orgs/") + kNz;

const std::string kInvoice =
    R"({"kind":"invoice","host_id":"i1","payload":{"Type":"ACCREC","InvoiceNumber":"ACC-1",)"
    R"("Date":"2026-01-02","DueDate":"2026-01-30","Status":"AUTHORISED","LineAmountTypes":)"
    R"("Exclusive","Contact":{"Name":"Access Customer"},"LineItems":[{"Description":"Work",)"
    R"("Quantity":1,"UnitAmount":10,"AccountCode":"NOPE","TaxType":"OUTPUT2"}]}})";

struct RouteCase {
  std::string method;
  std::string path;
  Role lowest;  // the least role let through
};

const std::vector<RouteCase>& Routes() {
  static const std::vector<RouteCase> routes = {
      {"GET", kOrg + "/documents", Role::kViewer},
      {"GET", kOrg + "/documents/invoice/i1", Role::kViewer},
      {"POST", kOrg + "/documents", Role::kOperator},
      {"DELETE", kOrg + "/documents/invoice/i1", Role::kOperator},
      {"POST", kOrg + "/documents/invoice/i1/void", Role::kOperator},
      {"POST", kOrg + "/documents/invoice/i1/pass", Role::kOperator},
      {"POST", kOrg + "/documents/invoice/i1/reopen", Role::kOperator},
      {"GET", kOrg + "/errors", Role::kViewer},
      {"POST", kOrg + "/errors/retry", Role::kOperator},
      {"POST", kOrg + "/errors/1/archive", Role::kOperator},
      {"POST", kOrg + "/errors/1/edit", Role::kOperator},
      {"POST", kOrg + "/sync", Role::kOperator},
      {"GET", kOrg + "/runs", Role::kViewer},
      {"GET", kOrg + "/runs/1/documents", Role::kViewer},
      {"GET", kOrg + "/documents/invoice/i1/history", Role::kViewer},
      {"GET", kOrg + "/status", Role::kViewer},
      {"GET", kOrg + "/mappings", Role::kViewer},
      {"PUT", kOrg + "/mappings", Role::kAdmin},
      {"DELETE", kOrg + "/mappings", Role::kAdmin},
      {"GET", kOrg + "/xero-settings", Role::kViewer},
      {"POST", kOrg + "/xero-settings/refresh", Role::kAdmin},
  };
  return routes;
}

int Rank(Role role) {
  switch (role) {
    case Role::kViewer:
      return 0;
    case Role::kOperator:
      return 1;
    case Role::kAdmin:
      return 2;
  }
  return -1;
}

class ApiAccessTest : public sync::testing::EngineFixture {
 protected:
  ApiAccessTest()
      : access_(*store_, emulator_.clock(), random_, Options()),
        context_{.store = *store_,
                 .engine = *engine_,
                 .clock = emulator_.clock(),
                 .scheduler = nullptr,
                 .access = &access_,
                 .xero_api_base = "https://api.xero.com",
                 .max_body_bytes = 8u << 20,
                 .max_documents = 1000} {
    AddApiRoutes(router_, context_);
    handler_ = ApiHandler(router_);
    for (const Role role : {Role::kViewer, Role::kOperator, Role::kAdmin}) {
      Result<access::NewApiKey> key =
          access_.CreateApiKey(std::string(store::RoleName(role)) + "-key", role);
      EXPECT_TRUE(key.ok()) << key.status();
      keys_.push_back(key.ok() ? key->key : "");
    }
  }

  static access::AccessOptions Options() {
    access::AccessOptions options;
    options.password = access::PasswordParams::Cheapest();
    return options;
  }

  const std::string& KeyOf(Role role) { return keys_[static_cast<std::size_t>(Rank(role))]; }

  std::pair<int, Json> Send(http::Request request, const std::string& method,
                            const std::string& path, std::string body = "") {
    request.method = method;
    request.target = path;
    request.path = path;
    request.body = std::move(body);
    const http::Response response = handler_(request);
    Result<Json> json = Json::Parse(response.body);
    EXPECT_TRUE(json.ok()) << method << " " << path << ": " << response.body;
    return {response.status, json.value_or(Json())};
  }
  std::pair<int, Json> AsRole(Role role, const std::string& method, const std::string& path,
                              std::string body = "") {
    http::Request request;
    request.headers.Set("Authorization", "Bearer " + KeyOf(role));
    return Send(std::move(request), method, path, std::move(body));
  }

  static std::string ErrorCode(const Json& body) {
    const Json* error = body.Find("error");
    const Json* code = error != nullptr ? error->Find("code") : nullptr;
    return code != nullptr && code->is_string() ? code->AsString() : "<none>";
  }

  int64_t Stored() {
    int64_t total = 0;
    for (const int64_t n : store_->CountByState(domain::TenantId(kNz)).value()) total += n;
    return total;
  }

  access::FakeRandom random_;
  access::Access access_;
  ApiContext context_;
  http::Router router_;
  http::Handler handler_;
  std::vector<std::string> keys_;
};

TEST_F(ApiAccessTest, EveryRouteRefusesACallerWithoutCredentials) {
  for (const RouteCase& route : Routes()) {
    auto [status, body] = Send(http::Request(), route.method, route.path, "{}");
    EXPECT_EQ(status, 401) << route.method << " " << route.path;
    EXPECT_EQ(ErrorCode(body), "unauthenticated") << route.method << " " << route.path;
  }
  http::Request forged;
  forged.headers.Set("Authorization", "Bearer xs_nothere_0000");
  EXPECT_EQ(Send(forged, "GET", kOrg + "/status").first, 401);
}

TEST_F(ApiAccessTest, EachRoleGetsExactlyTheRoutesItsRoleAllows) {
  for (const RouteCase& route : Routes()) {
    for (const Role role : {Role::kViewer, Role::kOperator, Role::kAdmin}) {
      auto [status, body] = AsRole(role, route.method, route.path, "{}");
      const std::string what =
          std::string(store::RoleName(role)) + ": " + route.method + " " + route.path;
      if (Rank(role) < Rank(route.lowest)) {
        EXPECT_EQ(status, 403) << what;
        EXPECT_EQ(ErrorCode(body), "permission_denied") << what;
      } else {
        // Let through: whatever the handler makes of an empty body, it is not a refusal of the
        // caller.
        EXPECT_NE(status, 401) << what;
        EXPECT_NE(status, 403) << what;
      }
    }
  }
}

TEST_F(ApiAccessTest, AViewerCannotPushOrRetryAndNothingChanges) {
  auto [status, body] = AsRole(Role::kViewer, "POST", kOrg + "/documents", kInvoice);
  EXPECT_EQ(status, 403);
  EXPECT_EQ(Stored(), 0);

  ASSERT_EQ(AsRole(Role::kOperator, "POST", kOrg + "/documents", kInvoice).first, 200);
  ASSERT_EQ(AsRole(Role::kOperator, "POST", kOrg + "/sync").first, 200);
  std::tie(status, body) = AsRole(Role::kViewer, "GET", kOrg + "/errors");
  ASSERT_EQ(status, 200);
  ASSERT_EQ(body.Find("errors")->AsArray().size(), 1u) << body.Serialize();
  const std::string id = body.Find("errors")->AsArray()[0].Find("id")->Serialize();

  std::tie(status, body) =
      AsRole(Role::kViewer, "POST", kOrg + "/errors/retry", "{\"ids\":[" + id + "]}");
  EXPECT_EQ(status, 403);
  EXPECT_NE(body.Find("error")->Find("message")->AsString().find("retry"), std::string::npos)
      << "the refusal names what was refused: " << body.Serialize();
  EXPECT_EQ(Doc(store::DocumentKind::kInvoice, "i1").state, store::DocumentState::kFailed);
}

TEST_F(ApiAccessTest, ASignedInUserActsUnderTheirNameAndNeedsTheCsrfTokenToChangeThings) {
  ASSERT_TRUE(access_.CreateUser("olive", "olive's long password", Role::kOperator).ok());
  Result<access::LoginResult> login = access_.Login("olive", "olive's long password");
  ASSERT_TRUE(login.ok()) << login.status();
  http::Request with_cookie;
  with_cookie.headers.Set("Cookie", "xs_session=" + login->session_token);

  EXPECT_EQ(Send(with_cookie, "GET", kOrg + "/status").first, 200) << "reading needs no token";
  auto [status, body] = Send(with_cookie, "POST", kOrg + "/documents", kInvoice);
  EXPECT_EQ(status, 403) << "a cross-site form could have sent this: " << body.Serialize();
  EXPECT_EQ(Stored(), 0);

  with_cookie.headers.Set("X-CSRF-Token", login->csrf_token);
  ASSERT_EQ(Send(with_cookie, "POST", kOrg + "/documents", kInvoice).first, 200);
  ASSERT_EQ(Send(with_cookie, "POST", kOrg + "/documents/invoice/i1/pass").first, 200);
  bool named = false;
  const std::vector<store::AuditEntry> audit = store_->ListAudit(std::nullopt, 0, 100).value();
  for (const store::AuditEntry& entry : audit) {
    if (entry.action == "document.pass") named = entry.actor == "olive";
  }
  EXPECT_TRUE(named) << "the audit log names the user who passed it";
}

}  // namespace
}  // namespace xerosync::api
