#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "http/http.h"

namespace xerosync::http {
namespace {

using ::testing::ElementsAre;
using ::testing::Optional;
using ::testing::Pair;

Request Make(std::string method, std::string path) {
  Request request;
  request.method = std::move(method);
  request.path = std::move(path);
  request.target = request.path;
  return request;
}

// A handler that answers with its own name, so a test sees which route ran.
Handler Named(std::string name) {
  return [name = std::move(name)](Request&) { return Response::Text(200, name); };
}

class RouterTest : public ::testing::Test {
 protected:
  Response Run(std::string method, std::string path) {
    Request request = Make(std::move(method), std::move(path));
    return router_.Dispatch(request);
  }

  Router router_;
};

TEST_F(RouterTest, MatchesLiteralPathsByMethod) {
  router_.Add("GET", "/", Named("root"));
  router_.Add("GET", "/api.xro/2.0/Invoices", Named("list"));
  router_.Add("POST", "/api.xro/2.0/Invoices", Named("create"));
  EXPECT_EQ(Run("GET", "/").body, "root");
  EXPECT_EQ(Run("GET", "/api.xro/2.0/Invoices").body, "list");
  EXPECT_EQ(Run("POST", "/api.xro/2.0/Invoices").body, "create");
  EXPECT_EQ(Run("GET", "/api.xro/2.0/Invoices").status, 200);
}

TEST_F(RouterTest, FillsPathParams) {
  Request seen;
  router_.Add("GET", "/Contacts/{ContactID}/Invoices/{InvoiceID}", [&](Request& request) {
    seen = request;
    return Response::Empty(200);
  });
  Request request = Make("GET", "/Contacts/c-1/Invoices/inv 2");
  EXPECT_EQ(router_.Dispatch(request).status, 200);
  EXPECT_THAT(request.path_params,
              ElementsAre(Pair("ContactID", "c-1"), Pair("InvoiceID", "inv 2")));
  EXPECT_EQ(seen.Param("ContactID"), "c-1");
  EXPECT_EQ(seen.Param("InvoiceID"), "inv 2");
}

TEST_F(RouterTest, ReplacesStaleParams) {
  router_.Add("GET", "/a/{x}", Named("a"));
  Request request = Make("GET", "/a/1");
  request.path_params["stale"] = "yes";
  EXPECT_EQ(router_.Dispatch(request).body, "a");
  EXPECT_THAT(request.path_params, ElementsAre(Pair("x", "1")));

  Request missing = Make("GET", "/b");
  missing.path_params["stale"] = "yes";
  EXPECT_EQ(router_.Dispatch(missing).status, 404);
  EXPECT_TRUE(missing.path_params.empty());
}

TEST_F(RouterTest, MatchingIsExactOnCaseAndSegments) {
  router_.Add("GET", "/Invoices/{id}", Named("one"));
  EXPECT_EQ(Run("GET", "/Invoices/1").status, 200);
  EXPECT_EQ(Run("GET", "/invoices/1").status, 404);
  EXPECT_EQ(Run("GET", "/Invoices").status, 404);
  EXPECT_EQ(Run("GET", "/Invoices/1/2").status, 404);
  EXPECT_EQ(Run("GET", "/Invoices/").status, 404);   // {id} never matches an empty segment
  EXPECT_EQ(Run("get", "/Invoices/1").status, 405);  // methods are exact too
}

TEST_F(RouterTest, TrailingSlashIsSignificant) {
  router_.Add("GET", "/a", Named("no slash"));
  router_.Add("GET", "/b/", Named("slash"));
  EXPECT_EQ(Run("GET", "/a").body, "no slash");
  EXPECT_EQ(Run("GET", "/a/").status, 404);
  EXPECT_EQ(Run("GET", "/b/").body, "slash");
  EXPECT_EQ(Run("GET", "/b").status, 404);
}

TEST_F(RouterTest, LiteralSegmentBeatsParameter) {
  router_.Add("GET", "/Invoices/{id}", Named("param"));
  router_.Add("GET", "/Invoices/Summary", Named("literal"));
  router_.Add("GET", "/{kind}/Summary", Named("late literal"));
  EXPECT_EQ(Run("GET", "/Invoices/Summary").body, "literal");
  EXPECT_EQ(Run("GET", "/Invoices/42").body, "param");
  EXPECT_EQ(Run("GET", "/Bills/Summary").body, "late literal");
}

TEST_F(RouterTest, LeftmostLiteralWins) {
  router_.Add("GET", "/{kind}/Summary", Named("kind"));
  router_.Add("GET", "/Invoices/{id}", Named("invoices"));
  EXPECT_EQ(Run("GET", "/Invoices/Summary").body, "invoices");
  EXPECT_EQ(Run("GET", "/Bills/Summary").body, "kind");
}

TEST_F(RouterTest, FirstAddedWinsATie) {
  router_.Add("GET", "/x/{a}", Named("first"));
  router_.Add("GET", "/x/{b}", Named("second"));
  Request request = Make("GET", "/x/1");
  EXPECT_EQ(router_.Dispatch(request).body, "first");
  EXPECT_THAT(request.path_params, ElementsAre(Pair("a", "1")));
}

TEST_F(RouterTest, NotFoundDefaultsTo404Text) {
  router_.Add("GET", "/a", Named("a"));
  const Response response = Run("GET", "/nowhere");
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.body, "Not Found");
  EXPECT_THAT(response.headers.Get("Content-Type"),
              Optional(std::string_view("text/plain; charset=utf-8")));
  EXPECT_EQ(Run("GET", "").status, 404);
  EXPECT_EQ(Run("GET", "*").status, 404);
}

TEST_F(RouterTest, SetNotFoundReplacesTheDefault) {
  router_.SetNotFound([](Request& request) {
    return Response::Json(404, R"({"path":")" + request.path + R"("})");
  });
  const Response response = Run("GET", "/missing");
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.body, R"({"path":"/missing"})");
}

TEST_F(RouterTest, OtherMethodGets405WithSortedAllow) {
  router_.Add("PUT", "/Invoices/{id}", Named("put"));
  router_.Add("GET", "/Invoices/{id}", Named("get"));
  router_.Add("POST", "/Invoices/{id}", Named("post"));
  router_.Add("GET", "/Invoices/Summary", Named("summary"));
  router_.Add("DELETE", "/Other", Named("other"));
  const Response response = Run("PATCH", "/Invoices/1");
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(response.body, "Method Not Allowed");
  EXPECT_THAT(response.headers.Get("Allow"), Optional(std::string_view("GET, POST, PUT")));

  // Methods of every matching pattern, each once.
  const Response summary = Run("DELETE", "/Invoices/Summary");
  EXPECT_EQ(summary.status, 405);
  EXPECT_THAT(summary.headers.Get("Allow"), Optional(std::string_view("GET, POST, PUT")));
}

TEST_F(RouterTest, NotFoundWins405OnlyWhenNoPatternMatches) {
  bool not_found_called = false;
  router_.SetNotFound([&](Request&) {
    not_found_called = true;
    return Response::Text(404, "custom");
  });
  router_.Add("GET", "/a", Named("a"));
  EXPECT_EQ(Run("POST", "/a").status, 405);
  EXPECT_FALSE(not_found_called);
  EXPECT_EQ(Run("POST", "/b").body, "custom");
  EXPECT_TRUE(not_found_called);
}

TEST_F(RouterTest, HandlerSeesTheRequestItWasGiven) {
  router_.Add("POST", "/echo", [](Request& request) {
    return Response::Text(200, request.body + "|" + std::string(request.Query("q").value_or("")));
  });
  Request request = Make("POST", "/echo");
  request.body = "payload";
  request.query = {{"q", "1"}};
  EXPECT_EQ(router_.Dispatch(request).body, "payload|1");
}

}  // namespace
}  // namespace xerosync::http
