#include "console/console.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <utility>

#include "console/embedded_files.h"
#include "http/http.h"

namespace xerosync::console {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::Optional;

class ConsoleRoutesTest : public ::testing::Test {
 protected:
  ConsoleRoutesTest() {
    AddConsoleRoutes(router_);
    router_.SetNotFound([](http::Request&) { return http::Response::Json(404, "{}"); });
  }

  http::Response Get(std::string path, std::optional<std::string> if_none_match = std::nullopt) {
    http::Request request;
    request.method = "GET";
    request.path = std::move(path);
    request.target = request.path;
    if (if_none_match.has_value()) request.headers.Set("If-None-Match", *if_none_match);
    return router_.Dispatch(request);
  }

  http::Router router_;
};

void ExpectSecurityHeaders(const http::Response& response) {
  const std::optional<std::string_view> csp = response.headers.Get("Content-Security-Policy");
  ASSERT_TRUE(csp.has_value());
  EXPECT_THAT(std::string(*csp), HasSubstr("default-src 'self'"));
  EXPECT_THAT(std::string(*csp), HasSubstr("frame-ancestors 'none'"));
  EXPECT_THAT(std::string(*csp), Not(HasSubstr("unsafe-inline")));
  EXPECT_THAT(std::string(*csp), Not(HasSubstr("unsafe-eval")));
  EXPECT_THAT(response.headers.Get("X-Content-Type-Options"),
              Optional(std::string_view("nosniff")));
  EXPECT_THAT(response.headers.Get("Referrer-Policy"), Optional(std::string_view("no-referrer")));
}

TEST_F(ConsoleRoutesTest, RootIsTheConsolePage) {
  const http::Response response = Get("/");
  EXPECT_EQ(response.status, 200);
  EXPECT_THAT(response.headers.Get("Content-Type"),
              Optional(std::string_view("text/html; charset=utf-8")));
  EXPECT_THAT(response.body, HasSubstr("<title>xerosync</title>"));
  EXPECT_THAT(response.body, HasSubstr("src=\"/console/js/app.js\""));
  EXPECT_THAT(response.headers.Get("Cache-Control"), Optional(std::string_view("no-cache")));
  ExpectSecurityHeaders(response);
}

TEST_F(ConsoleRoutesTest, ServesEachFileWithItsType) {
  const http::Response script = Get("/console/js/app.js");
  EXPECT_EQ(script.status, 200);
  EXPECT_THAT(script.headers.Get("Content-Type"),
              Optional(std::string_view("text/javascript; charset=utf-8")));
  ExpectSecurityHeaders(script);

  const http::Response style = Get("/console/style.css");
  EXPECT_EQ(style.status, 200);
  EXPECT_THAT(style.headers.Get("Content-Type"),
              Optional(std::string_view("text/css; charset=utf-8")));
  ExpectSecurityHeaders(style);

  for (const EmbeddedFile& file : EmbeddedFiles()) {
    const http::Response response = Get(std::string("/console/") + file.path);
    EXPECT_EQ(response.status, 200) << file.path;
    EXPECT_EQ(response.body.size(), file.size) << file.path;
    ExpectSecurityHeaders(response);
  }
}

TEST_F(ConsoleRoutesTest, AnswersNotModifiedToItsOwnETag) {
  const http::Response first = Get("/console/js/app.js");
  const std::optional<std::string_view> etag = first.headers.Get("ETag");
  ASSERT_TRUE(etag.has_value());
  EXPECT_TRUE(etag->starts_with('"') && etag->ends_with('"')) << *etag;

  const http::Response again = Get("/console/js/app.js", std::string(*etag));
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  ExpectSecurityHeaders(again);

  EXPECT_EQ(Get("/console/js/app.js", "\"other\", W/" + std::string(*etag)).status, 304);
  EXPECT_EQ(Get("/console/js/app.js", "\"0000000000000000\"").status, 200);
  // Another file has another tag.
  EXPECT_NE(Get("/console/style.css").headers.Get("ETag"), etag);
}

TEST_F(ConsoleRoutesTest, UnknownPathsAreLeftToTheNotFoundHandler) {
  EXPECT_EQ(Get("/console/js/missing.js").status, 404);
  EXPECT_EQ(Get("/console/../CMakeLists.txt").status, 404);
  EXPECT_EQ(Get("/console/").status, 404);
}

TEST(ContentTypeTest, ByExtension) {
  EXPECT_EQ(ContentTypeFor("index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("js/pages/errors.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("style.css"), "text/css; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("logo.svg"), "image/svg+xml");
  EXPECT_EQ(ContentTypeFor("README"), "application/octet-stream");
}

// The binary carries exactly what is in the source tree: a changed file is re-embedded.
TEST(EmbeddedFilesTest, MatchTheSourceTree) {
  const char* source_dir = std::getenv("XEROSYNC_SOURCE_DIR");
  if (source_dir == nullptr) GTEST_SKIP() << "XEROSYNC_SOURCE_DIR is not set (ctest sets it)";
  ASSERT_FALSE(EmbeddedFiles().empty());
  for (const EmbeddedFile& file : EmbeddedFiles()) {
    std::ifstream in(std::string(source_dir) + "/src/console/web/" + file.path, std::ios::binary);
    ASSERT_TRUE(in) << file.path;
    std::ostringstream content;
    content << in.rdbuf();
    EXPECT_EQ(content.str(), std::string(reinterpret_cast<const char*>(file.data), file.size))
        << file.path;
  }
}

// The policy forbids inline script and style, so the page must have none: a <script> without
// src, an inline handler (onclick=) or a style= attribute would be blocked by the browser.
TEST(EmbeddedFilesTest, PagesHaveNoInlineScriptOrStyle) {
  for (const EmbeddedFile& file : EmbeddedFiles()) {
    const std::string path = file.path;
    if (!path.ends_with(".html")) continue;
    const std::string text(reinterpret_cast<const char*>(file.data), file.size);
    std::size_t at = 0;
    while ((at = text.find("<script", at)) != std::string::npos) {
      const std::size_t end = text.find('>', at);
      EXPECT_THAT(text.substr(at, end - at), HasSubstr(" src=")) << path;
      at = end;
    }
    EXPECT_THAT(text, Not(HasSubstr(" style="))) << path;
    EXPECT_THAT(text, Not(HasSubstr("<style"))) << path;
    EXPECT_THAT(text, Not(HasSubstr(" onclick="))) << path;
  }
}

}  // namespace
}  // namespace xerosync::console
