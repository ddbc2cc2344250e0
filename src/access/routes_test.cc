#include "access/routes.h"

#include <gtest/gtest.h>

#include "access/access_test_util.h"
#include "core/json.h"

namespace xerosync::access {
namespace {

class RoutesTest : public AccessFixture {
 protected:
  void SetUp() override {
    AccessFixture::SetUp();
    AddAccessRoutes(router_, *access_);
  }

  http::Response Call(http::Request request, std::string method, std::string path,
                      std::string body = "") {
    request.method = std::move(method);
    request.path = path;
    request.target = std::move(path);
    if (!body.empty() && !request.headers.Get("Content-Type")) {
      request.headers.Set("Content-Type", "application/json");
    }
    request.body = std::move(body);
    return router_.Dispatch(request);
  }
  http::Response Call(std::string method, std::string path, std::string body = "") {
    return Call(http::Request(), std::move(method), std::move(path), std::move(body));
  }

  static Json BodyOf(const http::Response& response) {
    Result<Json> json = Json::Parse(response.body);
    EXPECT_TRUE(json.ok()) << response.body;
    return json.ok() ? *json : Json();
  }
  static std::string ErrorCode(const http::Response& response) {
    const Json body = BodyOf(response);
    const Json* error = body.Find("error");
    return error != nullptr && error->Find("code") != nullptr ? error->Find("code")->AsString()
                                                              : "";
  }

  // Signs in through the route; returns the cookie's token and the CSRF token.
  LoginResult SignInByRoute(const std::string& name) {
    http::Response response =
        Call("POST", "/api/v1/session",
             R"({"name":")" + name + R"(","password":")" + PasswordOf(name) + R"("})");
    EXPECT_EQ(response.status, 200) << response.body;
    LoginResult login;
    std::string_view cookie = response.headers.Get("Set-Cookie").value_or("");
    const std::string prefix = "xs_session=";
    if (cookie.starts_with(prefix)) {
      login.session_token =
          std::string(cookie.substr(prefix.size(), cookie.find(';') - prefix.size()));
    }
    const Json body = BodyOf(response);
    const Json* csrf = body.Find("csrf_token");
    if (csrf != nullptr) login.csrf_token = csrf->AsString();
    return login;
  }

  http::Router router_;
};

TEST_F(RoutesTest, SignInSetsAStrictHttpOnlyCookieAndGivesTheCsrfToken) {
  AddUser("alice", Role::kOperator);
  http::Response response =
      Call("POST", "/api/v1/session", R"({"name":"alice","password":"alice password 1"})");
  ASSERT_EQ(response.status, 200) << response.body;
  std::string cookie(response.headers.Get("Set-Cookie").value_or(""));
  EXPECT_TRUE(cookie.starts_with("xs_session=")) << cookie;
  EXPECT_NE(cookie.find("; HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("; SameSite=Strict"), std::string::npos);
  EXPECT_NE(cookie.find("; Path=/"), std::string::npos);
  EXPECT_EQ(response.headers.Get("Cache-Control"), "no-store");
  Json body = BodyOf(response);
  EXPECT_EQ(body.Find("role")->AsString(), "operator");
  EXPECT_EQ(body.Find("csrf_token")->AsString().size(), 64u);
  EXPECT_EQ(response.body.find("password"), std::string::npos);
}

TEST_F(RoutesTest, AWrongPasswordIs401AndBadBodiesAre400) {
  AddUser("alice", Role::kOperator);
  http::Response wrong =
      Call("POST", "/api/v1/session", R"({"name":"alice","password":"nope nope nope"})");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(ErrorCode(wrong), "unauthenticated");
  EXPECT_FALSE(wrong.headers.Get("Set-Cookie").has_value());

  http::Response not_json = Call("POST", "/api/v1/session", "name=alice");
  EXPECT_EQ(not_json.status, 400);
  // JSON sent as a form's text/plain is refused too: a cross-site form could send that.
  http::Request form;
  form.headers.Set("Content-Type", "text/plain");
  EXPECT_EQ(
      Call(form, "POST", "/api/v1/session", R"({"name":"alice","password":"alice password 1"})")
          .status,
      400);
  http::Response no_password = Call("POST", "/api/v1/session", R"({"name":"alice"})");
  EXPECT_EQ(no_password.status, 400);
  EXPECT_NE(BodyOf(no_password).Find("error")->Find("message")->AsString().find("'password'"),
            std::string::npos);
}

TEST_F(RoutesTest, ThrottledSignInsAre429) {
  AddUser("alice", Role::kOperator);
  for (int i = 0; i < 5; ++i) {
    Call("POST", "/api/v1/session", R"({"name":"alice","password":"wrong wrong wrong"})");
  }
  http::Response response =
      Call("POST", "/api/v1/session", R"({"name":"alice","password":"alice password 1"})");
  EXPECT_EQ(response.status, 429);
  EXPECT_EQ(ErrorCode(response), "too_many_requests");
}

TEST_F(RoutesTest, MeSaysWhoAndWhatTheyMayDo) {
  AddUser("vera", Role::kViewer);
  LoginResult login = SignInByRoute("vera");
  http::Response me = Call(WithSession("GET", login, false), "GET", "/api/v1/me");
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(BodyOf(me), *Json::Parse(R"({"name":"vera","kind":"user","role":"viewer",
                                         "permissions":["view_status","view_errors"]})"));

  http::Response anonymous = Call("GET", "/api/v1/me");
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_EQ(anonymous.headers.Get("WWW-Authenticate"), "Bearer");
}

TEST_F(RoutesTest, SignOutNeedsTheCsrfTokenAndClearsTheCookie) {
  AddUser("alice", Role::kViewer);
  LoginResult login = SignInByRoute("alice");
  EXPECT_EQ(Call(WithSession("DELETE", login, false), "DELETE", "/api/v1/session").status, 403);

  http::Response out = Call(WithSession("DELETE", login), "DELETE", "/api/v1/session");
  EXPECT_EQ(out.status, 204);
  EXPECT_NE(std::string(out.headers.Get("Set-Cookie").value_or("")).find("Max-Age=0"),
            std::string::npos);
  EXPECT_EQ(Call(WithSession("GET", login), "GET", "/api/v1/me").status, 401);
}

TEST_F(RoutesTest, OnlyAdminsManageUsers) {
  AddUser("root", Role::kAdmin);
  AddUser("otto", Role::kOperator);
  LoginResult admin = SignInByRoute("root");
  LoginResult operator_ = SignInByRoute("otto");
  const std::string new_user = R"({"name":"vera","password":"vera password 1","role":"viewer"})";

  http::Response denied = Call(WithSession("POST", operator_), "POST", "/api/v1/users", new_user);
  EXPECT_EQ(denied.status, 403);
  EXPECT_EQ(ErrorCode(denied), "permission_denied");
  EXPECT_EQ(Call(WithSession("GET", operator_), "GET", "/api/v1/users").status, 403);

  http::Response created = Call(WithSession("POST", admin), "POST", "/api/v1/users", new_user);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(BodyOf(created).Find("role")->AsString(), "viewer");
  EXPECT_EQ(created.body.find("password"), std::string::npos);
  EXPECT_EQ(Call(WithSession("POST", admin), "POST", "/api/v1/users", new_user).status, 409);
  EXPECT_EQ(Call(WithSession("POST", admin), "POST", "/api/v1/users",
                 R"({"name":"x","password":"long enough pw","role":"root"})")
                .status,
            400);

  http::Response list = Call(WithSession("GET", admin), "GET", "/api/v1/users");
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(BodyOf(list).Find("users")->AsArray().size(), 3u);
  EXPECT_EQ(list.body.find("argon2"), std::string::npos);

  EXPECT_EQ(Call(WithSession("POST", admin), "POST", "/api/v1/users/otto/disable").status, 204);
  EXPECT_EQ(Call(WithSession("GET", operator_), "GET", "/api/v1/me").status, 401);
  EXPECT_EQ(Call(WithSession("POST", admin), "POST", "/api/v1/users/root/disable").status, 409);
}

TEST_F(RoutesTest, ApiKeysAreShownOnceAndWorkUntilRevoked) {
  AddUser("root", Role::kAdmin);
  LoginResult admin = SignInByRoute("root");
  http::Response created = Call(WithSession("POST", admin), "POST", "/api/v1/api-keys",
                                R"({"name":"host-app","role":"operator"})");
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string key = BodyOf(created).Find("key")->AsString();
  EXPECT_TRUE(key.starts_with("xs_" + BodyOf(created).Find("prefix")->AsString() + "_"));

  http::Response list = Call(WithSession("GET", admin), "GET", "/api/v1/api-keys");
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.body.find(key.substr(16)), std::string::npos);  // the secret is never listed
  EXPECT_EQ(BodyOf(list).Find("api_keys")->AsArray().size(), 1u);

  // The key works without a CSRF token, and its operator role cannot manage keys.
  http::Response me = Call(WithKey("POST", key), "GET", "/api/v1/me");
  EXPECT_EQ(me.status, 200);
  EXPECT_EQ(BodyOf(me).Find("kind")->AsString(), "api_key");
  EXPECT_EQ(
      Call(WithKey("POST", key), "POST", "/api/v1/api-keys", R"({"name":"mine","role":"admin"})")
          .status,
      403);

  EXPECT_EQ(Call(WithSession("DELETE", admin), "DELETE", "/api/v1/api-keys/host-app").status, 204);
  EXPECT_EQ(Call(WithKey("GET", key), "GET", "/api/v1/me").status, 401);
  EXPECT_EQ(Call(WithSession("DELETE", admin), "DELETE", "/api/v1/api-keys/nope").status, 404);
}

TEST_F(RoutesTest, AUserChangesTheirPasswordAndGetsANewSession) {
  AddUser("alice", Role::kViewer);
  LoginResult login = SignInByRoute("alice");
  const std::string body =
      R"({"current_password":"alice password 1","new_password":"a new long password"})";
  EXPECT_EQ(Call(WithSession("POST", login, false), "POST", "/api/v1/me/password", body).status,
            403);  // no CSRF token
  http::Response changed = Call(WithSession("POST", login), "POST", "/api/v1/me/password", body);
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_TRUE(changed.headers.Get("Set-Cookie").value_or("").starts_with("xs_session="));
  EXPECT_EQ(Call(WithSession("GET", login), "GET", "/api/v1/me").status, 401);
  EXPECT_EQ(Call("POST", "/api/v1/session", R"({"name":"alice","password":"a new long password"})")
                .status,
            200);
}

TEST_F(RoutesTest, AnAdminEnablesADisabledUser) {
  AddUser("root", Role::kAdmin);
  AddUser("vera", Role::kViewer);
  LoginResult admin = SignInByRoute("root");
  EXPECT_EQ(Call(WithSession("POST", admin), "POST", "/api/v1/users/vera/disable").status, 204);
  EXPECT_EQ(
      Call("POST", "/api/v1/session", R"({"name":"vera","password":"vera password 1"})").status,
      401);
  EXPECT_EQ(Call(WithSession("POST", admin), "POST", "/api/v1/users/vera/enable").status, 204);
  SignInByRoute("vera");
}

TEST_F(RoutesTest, InternalErrorsHideTheirMessage) {
  http::Response response = ErrorResponse(InternalError("sqlite said something about /var/db"));
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(response.body.find("sqlite"), std::string::npos);
}

}  // namespace
}  // namespace xerosync::access
