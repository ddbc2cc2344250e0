// The schema checker itself: it must find what is wrong, or the API's spec tests prove nothing.

#include "api/schema_check.h"

#include <gtest/gtest.h>

namespace xerosync::api {
namespace {

Json J(std::string_view text) { return Json::Parse(text).value(); }

const Json kSpec = J(R"({"paths":{"/a/{id}":{},"/a/b":{}},"components":{"schemas":{
  "Thing":{"type":"object","required":["id","state"],"properties":{
    "id":{"type":"integer"},"state":{"type":"string","enum":["open","closed"]},
    "note":{"type":"string","nullable":true},"tags":{"type":"array","items":{"type":"string"}},
    "payload":{"type":"object"}}}}}})");
const Json kThing = J(R"({"$ref":"#/components/schemas/Thing"})");

TEST(SchemaCheckTest, AConformingValueHasNoProblems) {
  EXPECT_TRUE(SchemaProblems(kSpec, kThing, J(R"({"id":3,"state":"open","note":null,"tags":["x"],
                                   "payload":{"Anything":1.5}})"))
                  .empty());
}

TEST(SchemaCheckTest, FindsEachKindOfProblem) {
  const auto problems = [](std::string_view value) {
    return SchemaProblems(kSpec, kThing, J(value));
  };
  EXPECT_EQ(problems(R"({"id":3})").size(), 1u);                            // required
  EXPECT_EQ(problems(R"({"id":"3","state":"open"})").size(), 1u);           // type
  EXPECT_EQ(problems(R"({"id":3.5,"state":"open"})").size(), 1u);           // integer
  EXPECT_EQ(problems(R"({"id":3,"state":"lost"})").size(), 1u);             // enum
  EXPECT_EQ(problems(R"({"id":null,"state":"open"})").size(), 1u);          // not nullable
  EXPECT_EQ(problems(R"({"id":3,"state":"open","tags":[1]})").size(), 1u);  // items
  EXPECT_EQ(problems(R"({"id":3,"state":"open","extra":1})").size(), 1u);   // closed object
  EXPECT_EQ(problems(R"([])").size(), 1u);
  const std::vector<std::string> named = problems(R"({"id":3,"state":"open","tags":["a",2]})");
  ASSERT_EQ(named.size(), 1u);
  EXPECT_EQ(named[0].substr(0, 9), "$.tags[1]");
}

TEST(SchemaCheckTest, MatchesPathsPreferringLiteralSegments) {
  EXPECT_EQ(MatchPathTemplate(kSpec, "/a/b"), "/a/b");
  EXPECT_EQ(MatchPathTemplate(kSpec, "/a/7"), "/a/{id}");
  EXPECT_EQ(MatchPathTemplate(kSpec, "/a/7/c"), "");
}

}  // namespace
}  // namespace xerosync::api
