#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>

#include "http/http.h"

namespace xerosync::http {
namespace {

using ::testing::ElementsAre;
using ::testing::Optional;
using ::testing::Pair;

TEST(HeadersTest, GetIgnoresCaseAndReturnsFirst) {
  Headers headers;
  headers.Add("Set-Cookie", "a=1");
  headers.Add("set-cookie", "b=2");
  EXPECT_THAT(headers.Get("SET-COOKIE"), Optional(std::string_view("a=1")));
  EXPECT_EQ(headers.Get("Cookie"), std::nullopt);
  EXPECT_THAT(headers.fields(), ElementsAre(Pair("Set-Cookie", "a=1"), Pair("set-cookie", "b=2")));
}

TEST(HeadersTest, SetReplacesEveryFieldOfThatNameInPlace) {
  Headers headers;
  headers.Add("Accept", "*/*");
  headers.Add("X-Id", "1");
  headers.Add("Host", "h");
  headers.Add("x-id", "2");
  headers.Set("X-ID", "3");
  EXPECT_THAT(headers.fields(),
              ElementsAre(Pair("Accept", "*/*"), Pair("X-ID", "3"), Pair("Host", "h")));
  headers.Set("New", "v");
  EXPECT_THAT(headers.Get("new"), Optional(std::string_view("v")));
  EXPECT_EQ(headers.fields().size(), 4u);
}

TEST(HeadersTest, NamesDifferingOnlyPastAsciiCaseAreDistinct) {
  Headers headers;
  headers.Add("X-Ab", "1");
  EXPECT_EQ(headers.Get("X-A"), std::nullopt);
  EXPECT_EQ(headers.Get("X-Abc"), std::nullopt);
  EXPECT_EQ(headers.Get("X_Ab"), std::nullopt);
}

TEST(RequestTest, QueryIsExactCaseAndFirstWins) {
  Request request;
  request.query = {{"page", "2"}, {"Page", "3"}, {"page", "4"}, {"empty", ""}};
  EXPECT_THAT(request.Query("page"), Optional(std::string_view("2")));
  EXPECT_THAT(request.Query("Page"), Optional(std::string_view("3")));
  EXPECT_THAT(request.Query("empty"), Optional(std::string_view("")));
  EXPECT_EQ(request.Query("PAGE"), std::nullopt);
}

TEST(RequestTest, ParamIsEmptyWhenAbsent) {
  Request request;
  request.path_params["InvoiceID"] = "abc";
  EXPECT_EQ(request.Param("InvoiceID"), "abc");
  EXPECT_EQ(request.Param("invoiceid"), "");
  EXPECT_EQ(request.Param("ContactID"), "");
}

TEST(ResponseTest, FactoriesSetStatusTypeAndBody) {
  const Response text = Response::Text(404, "Not Found");
  EXPECT_EQ(text.status, 404);
  EXPECT_EQ(text.body, "Not Found");
  EXPECT_THAT(text.headers.Get("content-type"),
              Optional(std::string_view("text/plain; charset=utf-8")));
  EXPECT_FALSE(text.drop_connection);

  const Response json = Response::Json(201, R"({"a":1})");
  EXPECT_EQ(json.status, 201);
  EXPECT_EQ(json.body, R"({"a":1})");
  EXPECT_THAT(json.headers.Get("Content-Type"),
              Optional(std::string_view("application/json; charset=utf-8")));

  const Response html = Response::Html(200, "<p>hi</p>");
  EXPECT_THAT(html.headers.Get("Content-Type"),
              Optional(std::string_view("text/html; charset=utf-8")));
  EXPECT_EQ(html.body, "<p>hi</p>");
}

TEST(ResponseTest, RedirectAndEmpty) {
  const Response redirect = Response::Redirect("/login?next=%2F");
  EXPECT_EQ(redirect.status, 302);
  EXPECT_THAT(redirect.headers.Get("Location"), Optional(std::string_view("/login?next=%2F")));
  EXPECT_EQ(redirect.body, "");

  const Response empty = Response::Empty(204);
  EXPECT_EQ(empty.status, 204);
  EXPECT_EQ(empty.body, "");
  EXPECT_TRUE(empty.headers.fields().empty());
}

}  // namespace
}  // namespace xerosync::http
