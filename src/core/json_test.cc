#include "core/json.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace xerosync {

// Failure messages show the JSON text.
static void PrintTo(const Json& json, std::ostream* os) { *os << json.Serialize(); }

namespace {

using ::testing::HasSubstr;

// Parses text the test knows is valid.
Json J(std::string_view text) {
  Result<Json> r = Json::Parse(text);
  EXPECT_TRUE(r.ok()) << text << ": " << r.status();
  return r.ok() ? std::move(r).value() : Json();
}

Json Num(std::string_view text) {
  Result<Json> r = Json::NumberFromText(text);
  EXPECT_TRUE(r.ok()) << text << ": " << r.status();
  return r.ok() ? std::move(r).value() : Json();
}

// --- Parsing ---

TEST(JsonParseTest, ObjectsArraysAndScalars) {
  const Json doc = J(R"({"s":"text","n":12,"t":true,"f":false,"z":null,"a":[1,"two",[3]],)"
                     R"("o":{"inner":{"deep":[]}}})");
  ASSERT_TRUE(doc.is_object());
  EXPECT_EQ(doc.type(), Json::Type::kObject);
  ASSERT_EQ(doc.AsObject().size(), 7u);
  EXPECT_EQ(doc.AsObject()[0].first, "s") << "members keep their order";
  EXPECT_EQ(doc.AsObject()[6].first, "o");

  EXPECT_EQ(doc.Find("s")->AsString(), "text");
  EXPECT_EQ(doc.Find("n")->NumberText(), "12");
  EXPECT_TRUE(doc.Find("t")->AsBool());
  EXPECT_FALSE(doc.Find("f")->AsBool());
  EXPECT_TRUE(doc.Find("z")->is_null());

  const Json& a = *doc.Find("a");
  ASSERT_TRUE(a.is_array());
  ASSERT_EQ(a.AsArray().size(), 3u);
  EXPECT_TRUE(a.AsArray()[0].is_number());
  EXPECT_TRUE(a.AsArray()[1].is_string());
  ASSERT_TRUE(a.AsArray()[2].is_array());
  EXPECT_EQ(a.AsArray()[2].AsArray()[0].NumberText(), "3");

  const Json* deep = doc.Find("o")->Find("inner")->Find("deep");
  ASSERT_NE(deep, nullptr);
  EXPECT_TRUE(deep->is_array());
  EXPECT_TRUE(deep->AsArray().empty());
}

TEST(JsonParseTest, TopLevelScalarsAndWhitespace) {
  EXPECT_EQ(J(" \t\r\n 3 \n").NumberText(), "3");
  EXPECT_EQ(J(R"("x")").AsString(), "x");
  EXPECT_TRUE(J("null").is_null());
  EXPECT_TRUE(J("true").AsBool());
  EXPECT_TRUE(J("[]").AsArray().empty());
  EXPECT_TRUE(J("{}").AsObject().empty());
}

TEST(JsonParseTest, StringEscapes) {
  EXPECT_EQ(J(R"("caf\u00e9")").AsString(), "caf\xc3\xa9");
  EXPECT_EQ(J(R"("\ud83d\ude00")").AsString(), "\xf0\x9f\x98\x80") << "surrogate pair -> U+1F600";
  EXPECT_EQ(J(R"("\"\\\/\b\f\n\r\t")").AsString(), "\"\\/\b\f\n\r\t");
  EXPECT_EQ(J(R"("a\u0000b")").AsString(), std::string("a\0b", 3));
  EXPECT_EQ(J("\"caf\xc3\xa9\"").AsString(), "caf\xc3\xa9") << "raw UTF-8 passes through";
  EXPECT_EQ(J(R"({"k\u00e9y":1})").AsObject()[0].first, "k\xc3\xa9y") << "keys are unescaped too";
}

TEST(JsonParseTest, NumbersKeepTheirExactText) {
  for (std::string_view text : {"40.0", "1.0000", "-0", "1e-7", "123456789012345678901234567890",
                                "0.1", "-1.5E+3", "148062.76"}) {
    SCOPED_TRACE(text);
    const Json doc = J("[" + std::string(text) + "]");
    ASSERT_EQ(doc.AsArray().size(), 1u);
    ASSERT_TRUE(doc.AsArray()[0].is_number());
    EXPECT_EQ(doc.AsArray()[0].NumberText(), text);
    EXPECT_EQ(doc.Serialize(), "[" + std::string(text) + "]") << "written back as read";
  }
}

TEST(JsonParseTest, LongStringsAndManyValues) {
  const std::string long_text(100'000, 'x');
  EXPECT_EQ(J("\"" + long_text + "\"").AsString(), long_text);
  std::string many = "[";
  for (int i = 0; i < 1000; ++i) many += (i ? "," : "") + std::to_string(i) + ".25";
  many += "]";
  const Json doc = J(many);
  ASSERT_EQ(doc.AsArray().size(), 1000u);
  EXPECT_EQ(doc.AsArray()[999].NumberText(), "999.25");
}

// Boost hands over a string with escapes, or longer than its buffer, in parts; the builder joins
// them, and a whole string right after must not inherit any of them.
TEST(JsonParseTest, StringsAndKeysInPartsAndWhole) {
  std::string long_escaped;  // far past the parser's buffer, with escapes all along
  for (int i = 0; i < 3000; ++i) long_escaped += "line " + std::to_string(i) + R"(\n\u00e9\\)";
  std::string expected;
  for (int i = 0; i < 3000; ++i) expected += "line " + std::to_string(i) + "\n\xc3\xa9\\";
  const Json doc = J("{\"" + long_escaped + "\":\"" + long_escaped +
                     R"(","plain":"abc","e":"x\ty","k\u00e9":[)" + "\"" + long_escaped +
                     R"(","after",12.5,"\ud83d\ude00z"]})");
  ASSERT_TRUE(doc.is_object());
  ASSERT_EQ(doc.AsObject().size(), 4u);
  EXPECT_EQ(doc.AsObject()[0].first, expected) << "a key in parts";
  EXPECT_EQ(doc.AsObject()[0].second.AsString(), expected) << "a value in parts";
  EXPECT_EQ(doc.AsObject()[1].first, "plain");
  EXPECT_EQ(doc.AsObject()[1].second.AsString(), "abc") << "whole, after one in parts";
  EXPECT_EQ(doc.Find("e")->AsString(), "x\ty");
  const Json* items = doc.Find("k\xc3\xa9");
  ASSERT_NE(items, nullptr);
  ASSERT_EQ(items->AsArray().size(), 4u);
  EXPECT_EQ(items->AsArray()[0].AsString(), expected);
  EXPECT_EQ(items->AsArray()[1].AsString(), "after");
  EXPECT_EQ(items->AsArray()[2].NumberText(), "12.5");
  EXPECT_EQ(items->AsArray()[3].AsString(), "\xf0\x9f\x98\x80z");
}

TEST(JsonParseTest, NestedContainersKeepTheirOwnMembers) {
  const Json doc = J(R"({"a":[{"x":1,"y":[2,{"z":[]}]},[],{}],"b":{"a":[3]},"a":"last"})");
  ASSERT_EQ(doc.AsObject().size(), 3u);
  const Json& a = doc.AsObject()[0].second;
  ASSERT_EQ(a.AsArray().size(), 3u);
  EXPECT_EQ(a.AsArray()[0].Serialize(), R"({"x":1,"y":[2,{"z":[]}]})");
  EXPECT_TRUE(a.AsArray()[1].AsArray().empty());
  EXPECT_TRUE(a.AsArray()[2].AsObject().empty());
  EXPECT_EQ(doc.Find("b")->Serialize(), R"({"a":[3]})");
  EXPECT_EQ(doc.Find("a")->AsString(), "last") << "the last duplicate";
}

struct InvalidCase {
  std::string name;
  std::string text;
  std::size_t offset;  // where the problem is
};

TEST(JsonParseTest, InvalidTextIsInvalidArgumentWithByteOffset) {
  const std::vector<InvalidCase> cases = {
      {"trailing comma in array", "[1,2,]", 5},
      {"trailing comma in object", R"({"a":1,})", 7},
      {"single quotes", "{'a':1}", 1},
      {"trailing garbage", "{} x", 3},
      {"second value", "1 2", 2},
      {"invalid UTF-8 byte", "\"\xff\"", 1},
      {"truncated UTF-8 sequence", "[\"\xc3(\"]", 2},
      {"lone surrogate", R"(["\ud83d"])", 8},
      {"raw control character in a string", "[\"a\nb\"]", 3},
      {"missing colon", R"({"a" 1})", 5},
      {"leading zero", "[01]", 2},
      {"bare word", "[nope]", 1},
      {"comment", "[1] // no", 4},
  };
  for (const InvalidCase& c : cases) {
    SCOPED_TRACE(c.name);
    const Result<Json> r = Json::Parse(c.text);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_THAT(r.status().message(), HasSubstr("at byte " + std::to_string(c.offset)))
        << r.status();
  }
}

TEST(JsonParseTest, EmptyAndTruncatedTextIsInvalid) {
  for (std::string_view text : {"", "   ", "[1,2", R"({"a":)", "\"abc", "tru"}) {
    SCOPED_TRACE(text);
    const Result<Json> r = Json::Parse(text);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_THAT(r.status().message(), HasSubstr("at byte "));
  }
}

TEST(JsonParseTest, DepthLimit) {
  const Json::ParseLimits limits{.max_depth = 8};
  auto nested = [](int depth) {
    std::string text;
    for (int i = 0; i < depth; ++i) text += (i % 2 == 0) ? "[" : R"({"k":)";
    text += "0";
    for (int i = depth - 1; i >= 0; --i) text += (i % 2 == 0) ? "]" : "}";
    return text;
  };
  EXPECT_TRUE(Json::Parse(nested(8), limits).ok()) << Json::Parse(nested(8), limits).status();
  const Result<Json> r = Json::Parse(nested(9), limits);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  // The ninth opening bracket: 4 x ("[" + "{\"k\":") = 24 bytes in.
  EXPECT_THAT(r.status().message(), HasSubstr("at byte 24"));
  EXPECT_TRUE(Json::Parse(nested(9)).ok()) << "the default limit is deeper";
}

TEST(JsonParseTest, SizeLimit) {
  const std::string text = R"({"a":[1,2,3]})";  // 13 bytes
  EXPECT_TRUE(Json::Parse(text, Json::ParseLimits{.max_bytes = 13}).ok());
  const Result<Json> r = Json::Parse(text, Json::ParseLimits{.max_bytes = 12});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(r.status().message(), HasSubstr("at byte 12"));
  EXPECT_THAT(r.status().message(), HasSubstr("limit"));
}

// --- Reading numbers ---

TEST(JsonNumberTest, AsDecimalIsExact) {
  const Json doc = J(R"({"Total":148062.76,"Rate":0.0001,"Qty":1e3,"Neg":-12.50})");
  const Result<Decimal> total = doc.Find("Total")->AsDecimal();
  ASSERT_TRUE(total.ok()) << total.status();
  EXPECT_EQ(total->raw(), 1'480'627'600);
  EXPECT_EQ(total->ToString(), "148062.76");
  EXPECT_EQ(doc.Find("Rate")->AsDecimal()->raw(), 1);
  EXPECT_EQ(doc.Find("Qty")->AsDecimal()->raw(), 10'000'000);
  EXPECT_EQ(doc.Find("Neg")->AsDecimal()->raw(), -125'000);
}

TEST(JsonNumberTest, AsDecimalErrors) {
  const Result<Decimal> five_places = J("1.23456").AsDecimal();
  ASSERT_FALSE(five_places.ok());
  EXPECT_EQ(five_places.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(five_places.status().message(), HasSubstr("4 decimal places"));

  for (std::string_view text : {R"("12.50")", "null", "true", "[1]", "{}"}) {
    SCOPED_TRACE(text);
    EXPECT_EQ(J(text).AsDecimal().status().code(), StatusCode::kInvalidArgument);
  }
  EXPECT_EQ(J("1e30").AsDecimal().status().code(), StatusCode::kOutOfRange);
}

TEST(JsonNumberTest, AsInt64) {
  struct Case {
    std::string_view text;
    int64_t value;
  };
  for (const Case& c : std::vector<Case>{{"3", 3},
                                         {"3.0", 3},
                                         {"30e-1", 3},
                                         {"1e3", 1000},
                                         {"-0", 0},
                                         {"0.000", 0},
                                         {"-42", -42},
                                         {"9223372036854775807", INT64_MAX},
                                         {"-9223372036854775808", INT64_MIN},
                                         {"9.223372036854775807e18", INT64_MAX}}) {
    SCOPED_TRACE(c.text);
    const Result<int64_t> r = Num(c.text).AsInt64();
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_EQ(*r, c.value);
  }
  for (std::string_view text : {"9223372036854775808", "-9223372036854775809", "1.5", "0.1", "1e19",
                                "1e-1", "99999999999999999999"}) {
    SCOPED_TRACE(text);
    EXPECT_EQ(Num(text).AsInt64().status().code(), StatusCode::kInvalidArgument);
  }
  EXPECT_EQ(Json::String("3").AsInt64().status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Json().AsInt64().status().code(), StatusCode::kInvalidArgument);
}

TEST(JsonNumberTest, NumberFromText) {
  for (std::string_view text :
       {"0", "-0", "-1.5e3", "1E+2", "0.0", "10", "1e-7", "123456789012345678901234567890"}) {
    SCOPED_TRACE(text);
    const Result<Json> r = Json::NumberFromText(text);
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_TRUE(r->is_number());
    EXPECT_EQ(r->NumberText(), text);
  }
  for (std::string_view text : {"01", "1.", ".5", "+1", "1e", "", "-", "1e+", "--1", " 1", "1 ",
                                "NaN", "Infinity", "0x1", "1.5.2", "-01", "00"}) {
    SCOPED_TRACE(text);
    const Result<Json> r = Json::NumberFromText(text);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  }
}

TEST(JsonNumberTest, Builders) {
  EXPECT_EQ(Json::Integer(-42).NumberText(), "-42");
  EXPECT_EQ(Json::Integer(INT64_MIN).NumberText(), "-9223372036854775808");
  EXPECT_EQ(Json::Number(Decimal::FromRaw(125'000)).NumberText(), "12.50");
  EXPECT_EQ(Json::Number(Decimal::FromRaw(125'000), 0).NumberText(), "12.5");
  EXPECT_EQ(Json::Number(Decimal::FromRaw(1), 0).NumberText(), "0.0001");
  const Result<Decimal> back = Json::Number(Decimal::FromRaw(-1'234'567)).AsDecimal();
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->raw(), -1'234'567);
}

// --- Objects ---

TEST(JsonObjectTest, FindReturnsTheLastDuplicate) {
  Json doc = J(R"({"a":1,"b":2,"a":3})");
  EXPECT_EQ(doc.AsObject().size(), 3u) << "duplicates are kept";
  ASSERT_NE(doc.Find("a"), nullptr);
  EXPECT_EQ(doc.Find("a")->NumberText(), "3");
  EXPECT_EQ(doc.Find("missing"), nullptr);
  EXPECT_EQ(doc.Find(""), nullptr);
  EXPECT_EQ(J("[1]").Find("a"), nullptr) << "not an object";
  EXPECT_EQ(J("\"a\"").Find("a"), nullptr);

  *doc.Find("b") = Json::String("changed");  // the non-const overload gives write access
  EXPECT_EQ(doc.AsObject()[1].second.AsString(), "changed");
}

TEST(JsonObjectTest, SetReplacesOrAppends) {
  Json doc = J(R"({"a":1,"b":2,"a":3})");
  Json& replaced = doc.Set("a", Json::String("x"));
  EXPECT_EQ(replaced.AsString(), "x");
  ASSERT_EQ(doc.AsObject().size(), 3u);
  EXPECT_EQ(doc.AsObject()[0].second.NumberText(), "1") << "only the last 'a' is replaced";
  EXPECT_EQ(doc.AsObject()[2].second.AsString(), "x");

  Json& added = doc.Set("c", Json::Bool(true));
  EXPECT_TRUE(added.AsBool());
  ASSERT_EQ(doc.AsObject().size(), 4u);
  EXPECT_EQ(doc.AsObject()[3].first, "c");
  EXPECT_EQ(doc.Serialize(), R"({"a":1,"b":2,"a":"x","c":true})");

  Json empty = Json::MakeObject();
  empty.Set("k", Json::Integer(1));
  EXPECT_EQ(empty.Serialize(), R"({"k":1})");
}

// --- Writing ---

TEST(JsonSerializeTest, CompactText) {
  Json doc = Json::MakeObject();
  doc.Set("n", Json::Null());
  doc.Set("b", Json::Bool(false));
  doc.Set("i", Json::Integer(7));
  doc.Set("d", Json::Number(Decimal::FromRaw(400'000)));
  Json items = Json::MakeArray();
  items.Append(Json::String("x"));
  items.Append(Json::MakeArray());
  items.Append(Json::MakeObject());
  doc.Set("items", std::move(items));
  EXPECT_EQ(doc.Serialize(), R"({"n":null,"b":false,"i":7,"d":40.00,"items":["x",[],{}]})");
}

TEST(JsonSerializeTest, EscapesStrings) {
  const Json s = Json::String(std::string("q\"b\\s/\n\r\t\b\f\x01\x1f\x7f\0z", 16) +
                              "\xc3\xa9\xf0\x9f\x98\x80");
  EXPECT_EQ(s.Serialize(),
            "\"q\\\"b\\\\s/\\n\\r\\t\\b\\f\\u0001\\u001f\x7f\\u0000z\xc3\xa9\xf0\x9f\x98\x80\"");
  Json obj = Json::MakeObject();
  obj.Set("k\"\n", Json::Null());
  EXPECT_EQ(obj.Serialize(), R"({"k\"\n":null})") << "keys are escaped too";
}

Json Sample() {
  return J(R"({"Invoices":[{"InvoiceID":"d4956132","Total":148062.76,"Tax":0,"Zero":-0,)"
           R"("Big":123456789012345678901234567890,"Tiny":1e-7,"Lines":[{"Qty":1.0000,)"
           R"("Desc":"Caf\u00e9 \ud83d\ude00 \"quoted\" back\\slash\ttab\u0001"}],)"
           R"("Paid":false,"Ref":null,"Empty":{},"None":[]}]})");
}

TEST(JsonSerializeTest, RoundTrips) {
  const Json doc = Sample();
  const std::string text = doc.Serialize();
  const Result<Json> back = Json::Parse(text);
  ASSERT_TRUE(back.ok()) << back.status() << "\n" << text;
  EXPECT_EQ(*back, doc);
  EXPECT_EQ(back->Serialize(), text) << "stable text: numbers and order survive";
  EXPECT_THAT(text, HasSubstr("148062.76"));
  EXPECT_THAT(text, HasSubstr("1.0000"));
  EXPECT_THAT(text, HasSubstr("123456789012345678901234567890"));
}

TEST(JsonSerializeTest, EveryControlCharacterRoundTrips) {
  std::string all;
  for (int c = 0; c < 0x80; ++c) all += static_cast<char>(c);
  const Json s = Json::String(all);
  const Result<Json> back = Json::Parse(s.Serialize());
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->AsString(), all);
}

TEST(JsonSerializeTest, PrettyIsIndentedAndParsesBack) {
  EXPECT_EQ(J(R"({"a":[1,2],"b":{},"c":[]})").SerializePretty(),
            "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {},\n  \"c\": []\n}");
  EXPECT_EQ(J("3").SerializePretty(), "3");
  const Json doc = Sample();
  const Result<Json> back = Json::Parse(doc.SerializePretty());
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, doc);
  EXPECT_EQ(back->Serialize(), doc.Serialize());
}

// --- Equality ---

TEST(JsonEqualityTest, NumbersCompareByValue) {
  const std::vector<std::string_view> ones = {"1",     "1.0",   "1e0",   "10E-1",
                                              "1.000", "0.1e1", "100e-2"};
  for (std::string_view a : ones) {
    for (std::string_view b : ones) {
      EXPECT_EQ(Num(a), Num(b)) << a << " vs " << b;
    }
  }
  EXPECT_EQ(Num("-0"), Num("0"));
  EXPECT_EQ(Num("-0.0e5"), Num("0"));
  EXPECT_EQ(Num("100"), Num("1e2"));
  EXPECT_EQ(Num("123456789012345678901234567890"), Num("1.2345678901234567890123456789e29"));
  EXPECT_NE(Num("1"), Num("1.0001"));
  EXPECT_NE(Num("1"), Num("-1"));
  EXPECT_NE(Num("1"), Num("10"));
  EXPECT_NE(Num("0.1"), Num("0.01"));
  EXPECT_NE(Num("1e-7"), Num("1e-8"));
  EXPECT_NE(Num("12345678901234567890123456789"), Num("12345678901234567890123456788"))
      << "no precision loss";
}

TEST(JsonEqualityTest, TypesMustMatch) {
  EXPECT_NE(Json::String("1"), Num("1"));
  EXPECT_NE(Json(), Json::Bool(false));
  EXPECT_NE(Json::MakeArray(), Json::MakeObject());
  EXPECT_EQ(Json(), Json::Null());
  EXPECT_EQ(Json::Bool(true), Json::Bool(true));
  EXPECT_NE(Json::Bool(true), Json::Bool(false));
  EXPECT_NE(Json::String("a"), Json::String("A"));
}

TEST(JsonEqualityTest, ObjectsIgnoreOrderArraysDoNot) {
  EXPECT_EQ(J(R"({"a":1,"b":[1,2]})"), J(R"({"b":[1.0,2],"a":1e0})"));
  EXPECT_NE(J(R"({"a":1})"), J(R"({"a":1,"b":2})"));
  EXPECT_NE(J(R"({"a":1,"b":2})"), J(R"({"a":1})"));
  EXPECT_NE(J(R"({"a":1})"), J(R"({"b":1})"));
  EXPECT_NE(J(R"({"a":1})"), J(R"({"a":2})"));
  EXPECT_NE(J("[1,2]"), J("[2,1]"));
  EXPECT_NE(J("[1,2]"), J("[1,2,3]"));
  EXPECT_EQ(J(R"({"x":{"p":1,"q":2}})"), J(R"({"x":{"q":2,"p":1}})")) << "at any depth";
}

TEST(JsonEqualityTest, DuplicateKeysCompareAsMembers) {
  // "Same members in any order" must hold both ways round: equality is symmetric.
  const Json twice = J(R"({"k":1,"k":1})");
  const Json two_keys = J(R"({"k":1,"j":2})");
  EXPECT_NE(twice, two_keys);
  EXPECT_NE(two_keys, twice);
  EXPECT_EQ(twice, J(R"({"k":1,"k":1.0})"));
  EXPECT_EQ(J(R"({"k":1,"k":2})"), J(R"({"k":2,"k":1})"));
  EXPECT_NE(J(R"({"k":1,"k":2})"), J(R"({"k":2,"k":2})"));
  EXPECT_NE(J(R"({"k":2,"k":2})"), J(R"({"k":1,"k":2})"));
}

}  // namespace
}  // namespace xerosync
