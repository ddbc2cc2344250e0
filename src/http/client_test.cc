// The client against real http::Servers on 127.0.0.1, port 0.

#include "http/client.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>

#include "http/http.h"

namespace xerosync::http {
namespace {

using ::testing::HasSubstr;

std::unique_ptr<Server> StartServer(Handler handler) {
  Result<std::unique_ptr<Server>> server = Server::Start(ServerOptions(), std::move(handler));
  EXPECT_TRUE(server.ok()) << server.status();
  return server.ok() ? std::move(server).value() : nullptr;
}

std::string Url(uint16_t port, std::string_view target) {
  return "http://127.0.0.1:" + std::to_string(port) + std::string(target);
}

TEST(ParseHttpUrlTest, SplitsHostPortAndTarget) {
  Result<HttpUrl> url = ParseHttpUrl("http://127.0.0.1:8080/hooks/xero?x=1#frag");
  ASSERT_TRUE(url.ok()) << url.status();
  EXPECT_EQ(url->host, "127.0.0.1");
  EXPECT_EQ(url->port, 8080);
  EXPECT_EQ(url->target, "/hooks/xero?x=1");

  Result<HttpUrl> bare = ParseHttpUrl("HTTP://localhost");
  ASSERT_TRUE(bare.ok()) << bare.status();
  EXPECT_EQ(bare->host, "localhost");
  EXPECT_EQ(bare->port, 80);
  EXPECT_EQ(bare->target, "/");

  Result<HttpUrl> v6 = ParseHttpUrl("http://[::1]:9000?q");
  ASSERT_TRUE(v6.ok()) << v6.status();
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->port, 9000);
  EXPECT_EQ(v6->target, "/?q");
}

TEST(ParseHttpUrlTest, RefusesWhatItCannotSend) {
  struct Case {
    const char* url;
    const char* why;
  };
  for (const Case& c :
       {Case{"https://example.com/hook", "https is not supported"},
        Case{"ftp://example.com/", "the scheme must be http"},
        Case{"example.com/hook", "expected http://"}, Case{"http:///hook", "empty host"},
        Case{"http://user:pw@example.com/", "user info"},
        Case{"http://example.com:0/", "the port must be"},
        Case{"http://example.com:70000/", "the port must be"},
        Case{"http://example.com:8x/", "the port must be"},
        Case{"http://example.com:/", "empty port"}, Case{"http://[::1/", "unclosed"},
        Case{"http://exa mple.com/", "spaces"}}) {
    Result<HttpUrl> url = ParseHttpUrl(c.url);
    ASSERT_FALSE(url.ok()) << c.url;
    EXPECT_EQ(url.status().code(), StatusCode::kInvalidArgument) << c.url;
    EXPECT_THAT(url.status().message(), HasSubstr(c.why)) << c.url;
  }
}

TEST(FetchTest, PostsHeadersAndBodyAndReadsTheAnswer) {
  Request seen;
  std::mutex mu;
  auto server = StartServer([&](Request& request) {
    const std::lock_guard<std::mutex> lock(mu);
    seen = request;
    Response response = Response::Text(201, "made it");
    response.headers.Set("X-Answer", "42");
    return response;
  });
  ASSERT_NE(server, nullptr);
  ClientRequest request;
  request.url = Url(server->port(), "/hooks?tenant=a");
  request.headers.Set("Content-Type", "application/json");
  request.headers.Set("x-xero-signature", "c2lnbmF0dXJl");
  request.body = R"({"events":[]})";

  Result<ClientResponse> response = Fetch(request);
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->status, 201);
  EXPECT_EQ(response->body, "made it");
  EXPECT_EQ(response->headers.Get("x-answer"), "42");

  const std::lock_guard<std::mutex> lock(mu);
  EXPECT_EQ(seen.method, "POST");
  EXPECT_EQ(seen.path, "/hooks");
  EXPECT_EQ(seen.Query("tenant"), "a");
  EXPECT_EQ(seen.body, R"({"events":[]})");
  EXPECT_EQ(seen.headers.Get("X-Xero-Signature"), "c2lnbmF0dXJl");
  EXPECT_EQ(seen.headers.Get("Content-Type"), "application/json");
  EXPECT_EQ(seen.headers.Get("Host"), "127.0.0.1:" + std::to_string(server->port()));
}

TEST(FetchTest, AnyStatusIsAnAnswerNotAnError) {
  auto server = StartServer([](Request&) { return Response::Empty(500); });
  ASSERT_NE(server, nullptr);
  ClientRequest request;
  request.url = Url(server->port(), "/");
  Result<ClientResponse> response = Fetch(request);
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->status, 500);
  EXPECT_EQ(response->body, "");
}

TEST(FetchTest, RefusedConnectionIsUnavailable) {
  auto server = StartServer([](Request&) { return Response::Empty(200); });
  ASSERT_NE(server, nullptr);
  const uint16_t port = server->port();
  server->Stop();  // nothing listens there now

  ClientRequest request;
  request.url = Url(port, "/hook");
  Result<ClientResponse> response = Fetch(request);
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), StatusCode::kUnavailable);
  EXPECT_THAT(response.status().message(), HasSubstr("cannot connect"));
  EXPECT_THAT(response.status().message(), HasSubstr(request.url));
}

TEST(FetchTest, DroppedConnectionIsUnavailable) {
  auto server = StartServer([](Request&) {
    Response response;
    response.drop_connection = true;
    return response;
  });
  ASSERT_NE(server, nullptr);
  ClientRequest request;
  request.url = Url(server->port(), "/");
  Result<ClientResponse> response = Fetch(request);
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), StatusCode::kUnavailable);
  EXPECT_THAT(response.status().message(), HasSubstr("no whole answer"));
}

// The server holds its answer until the test opens the gate, after the client has given up: the
// client's own timer ends the exchange (a short one, so the test stays fast).
TEST(FetchTest, SlowAnswerIsDeadlineExceeded) {
  std::mutex mu;
  std::condition_variable cv;
  bool open = false;
  auto server = StartServer([&](Request&) {
    std::unique_lock<std::mutex> lock(mu);
    cv.wait_for(lock, std::chrono::seconds(10), [&] { return open; });
    return Response::Empty(200);
  });
  ASSERT_NE(server, nullptr);
  ClientRequest request;
  request.url = Url(server->port(), "/");
  request.timeout = std::chrono::milliseconds(100);
  Result<ClientResponse> response = Fetch(request);
  {
    const std::lock_guard<std::mutex> lock(mu);
    open = true;
  }
  cv.notify_all();
  server->Stop();
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), StatusCode::kDeadlineExceeded);
  EXPECT_THAT(response.status().message(), HasSubstr("no answer within 100 ms"));
}

TEST(FetchTest, RefusesBadRequestsBeforeConnecting) {
  ClientRequest https;
  https.url = "https://127.0.0.1:1/";
  EXPECT_EQ(Fetch(https).status().code(), StatusCode::kInvalidArgument);

  ClientRequest method;
  method.url = "http://127.0.0.1:1/";
  method.method = "PO ST";
  EXPECT_EQ(Fetch(method).status().code(), StatusCode::kInvalidArgument);

  ClientRequest timeout;
  timeout.url = "http://127.0.0.1:1/";
  timeout.timeout = std::chrono::milliseconds(0);
  EXPECT_EQ(Fetch(timeout).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace xerosync::http
