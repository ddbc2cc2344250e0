#include "cli/redirect_receiver.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>

#include "http/client.h"

namespace xerosync::cli {
namespace {

using ::testing::HasSubstr;

TEST(ParseRedirectUriTest, LoopbackAddressesWithAPath) {
  Result<RedirectTarget> t = ParseRedirectUri("http://localhost:8765/callback");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->uri, "http://localhost:8765/callback");
  EXPECT_EQ(t->host, "localhost");
  EXPECT_EQ(t->port, 8765);
  EXPECT_EQ(t->path, "/callback");

  t = ParseRedirectUri("http://127.0.0.1:9000/xero/back");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->host, "127.0.0.1");
  EXPECT_EQ(t->path, "/xero/back");

  t = ParseRedirectUri("http://[::1]:9000/cb");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->host, "::1");

  EXPECT_EQ(LoopbackRedirectUri(8765), "http://localhost:8765/callback");
}

TEST(ParseRedirectUriTest, AnythingElseIsRefusedSayingWhy) {
  struct Case {
    const char* uri;
    const char* why;
  };
  for (const Case& c :
       {Case{"https://localhost:8765/callback", "loopback http://"},
        Case{"http://example.com:8765/callback", "must be localhost"},
        Case{"http://localhost:8765/callback?x=1", "no query"},
        Case{"http://localhost:8765/callback#x", "no query or fragment"},
        Case{"http://localhost:0/callback", "port"}, Case{"localhost:8765", "loopback http://"}}) {
    Result<RedirectTarget> t = ParseRedirectUri(c.uri);
    ASSERT_FALSE(t.ok()) << c.uri;
    EXPECT_EQ(t.status().code(), StatusCode::kInvalidArgument) << c.uri;
    EXPECT_THAT(t.status().message(), HasSubstr(c.why)) << c.uri;
    EXPECT_THAT(t.status().message(), HasSubstr("--redirect-uri")) << c.uri;
  }
}

Result<http::ClientResponse> Get(uint16_t port, const std::string& target) {
  http::ClientRequest get;
  get.method = "GET";
  get.url = "http://127.0.0.1:" + std::to_string(port) + target;
  return http::Fetch(get);
}

TEST(RedirectReceiverTest, TheFirstRedirectIsHandledOnceAndOtherPathsAreNotFound) {
  std::atomic<int> calls{0};
  RedirectReceiver::Query seen;
  Result<std::unique_ptr<RedirectReceiver>> receiver = RedirectReceiver::Start(
      {"", "127.0.0.1", 0, "/callback"}, [&](const RedirectReceiver::Query& query) {
        ++calls;
        seen = query;
        return RedirectReceiver::Page{200, "<p>done</p>"};
      });
  ASSERT_TRUE(receiver.ok()) << receiver.status();
  const uint16_t port = (*receiver)->port();
  ASSERT_NE(port, 0);
  EXPECT_FALSE((*receiver)->WaitForRedirect(std::chrono::milliseconds(0)));

  Result<http::ClientResponse> other = Get(port, "/favicon.ico");
  ASSERT_TRUE(other.ok()) << other.status();
  EXPECT_EQ(other->status, 404);
  EXPECT_FALSE((*receiver)->WaitForRedirect(std::chrono::milliseconds(0)));

  Result<http::ClientResponse> first = Get(port, "/callback?code=abc%2Bd&state=s+1");
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->status, 200);
  EXPECT_EQ(first->body, "<p>done</p>");
  EXPECT_THAT(first->headers.Get("Content-Type").value_or(""), HasSubstr("text/html"));
  EXPECT_TRUE((*receiver)->WaitForRedirect(std::chrono::milliseconds(0)));
  EXPECT_EQ(seen, (RedirectReceiver::Query{{"code", "abc+d"}, {"state", "s 1"}}));

  Result<http::ClientResponse> again = Get(port, "/callback?code=other&state=x");
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->status, 409);
  EXPECT_THAT(again->body, HasSubstr("already handled"));
  EXPECT_EQ(calls.load(), 1);
}

TEST(RedirectReceiverTest, APortInUseIsNamed) {
  Result<std::unique_ptr<RedirectReceiver>> first = RedirectReceiver::Start(
      {"", "127.0.0.1", 0, "/callback"},
      [](const RedirectReceiver::Query&) { return RedirectReceiver::Page{}; });
  ASSERT_TRUE(first.ok()) << first.status();
  const uint16_t port = (*first)->port();
  Result<std::unique_ptr<RedirectReceiver>> second = RedirectReceiver::Start(
      {"", "127.0.0.1", port, "/callback"},
      [](const RedirectReceiver::Query&) { return RedirectReceiver::Page{}; });
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), StatusCode::kUnavailable);
  EXPECT_THAT(second.status().message(), HasSubstr("port " + std::to_string(port)));
  EXPECT_THAT(second.status().message(), HasSubstr("--redirect-port"));
}

}  // namespace
}  // namespace xerosync::cli
