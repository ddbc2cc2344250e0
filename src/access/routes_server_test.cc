// The access routes behind a real listener (127.0.0.1, any free port): the cookie and the CSRF
// header survive a real HTTP exchange, as a browser would make it.
#include <gtest/gtest.h>

#include "access/access_test_util.h"
#include "access/routes.h"
#include "core/json.h"
#include "http/test_client.h"

namespace xerosync::access {
namespace {

using http::testing::ClientReply;
using http::testing::Send;

class RoutesServerTest : public AccessFixture {
 protected:
  void SetUp() override {
    AccessFixture::SetUp();
    AddAccessRoutes(router_, *access_);
    auto server = http::Server::Start(
        {}, [this](http::Request& request) { return router_.Dispatch(request); });
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
  }
  void TearDown() override { server_.reset(); }

  http::Router router_;
  std::unique_ptr<http::Server> server_;
};

TEST_F(RoutesServerTest, ABrowserSignsInActsWithItsCsrfTokenAndSignsOut) {
  AddUser("root", Role::kAdmin);
  http::Headers json;
  json.Set("Content-Type", "application/json");
  ClientReply signed_in = Send(server_->port(), "POST", "/api/v1/session", json,
                               R"({"name":"root","password":"root password 1"})");
  ASSERT_EQ(signed_in.status, 200) << signed_in.error << signed_in.body;
  const std::string set_cookie(signed_in.headers.Get("Set-Cookie").value_or(""));
  const std::string cookie = set_cookie.substr(0, set_cookie.find(';'));  // "xs_session=..."
  const std::string csrf = Json::Parse(signed_in.body)->Find("csrf_token")->AsString();

  http::Headers session;
  session.Set("Cookie", cookie);
  ClientReply me = Send(server_->port(), "GET", "/api/v1/me", session);
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(Json::Parse(me.body)->Find("name")->AsString(), "root");

  http::Headers post = session;
  post.Set("Content-Type", "application/json");
  const std::string new_user = R"({"name":"vera","password":"vera password 1","role":"viewer"})";
  EXPECT_EQ(Send(server_->port(), "POST", "/api/v1/users", post, new_user).status, 403);
  post.Set("X-CSRF-Token", csrf);
  EXPECT_EQ(Send(server_->port(), "POST", "/api/v1/users", post, new_user).status, 201);

  ClientReply out = Send(server_->port(), "DELETE", "/api/v1/session", post);
  EXPECT_EQ(out.status, 204);
  EXPECT_EQ(Send(server_->port(), "GET", "/api/v1/me", session).status, 401);
}

}  // namespace
}  // namespace xerosync::access
