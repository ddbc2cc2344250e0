#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "http/http.h"

namespace xerosync::http {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

TEST(PercentDecodeTest, DecodesEscapesInEitherCase) {
  Result<std::string> decoded = PercentDecode("/a%20b/%c3%A9%2F");
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(*decoded, "/a b/\xc3\xa9/");
}

TEST(PercentDecodeTest, KeepsPlusAndPlainText) {
  Result<std::string> decoded = PercentDecode("a+b~c-d.e_f");
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(*decoded, "a+b~c-d.e_f");
}

TEST(PercentDecodeTest, DecodesNulAndEmpty) {
  Result<std::string> nul = PercentDecode("x%00y");
  ASSERT_TRUE(nul.ok()) << nul.status();
  EXPECT_EQ(*nul, std::string("x\0y", 3));
  Result<std::string> empty = PercentDecode("");
  ASSERT_TRUE(empty.ok()) << empty.status();
  EXPECT_EQ(*empty, "");
}

TEST(PercentDecodeTest, RejectsBadEscapes) {
  for (const char* bad : {"%G1", "%1G", "%1", "%", "abc%", "a%zzb", "%%41"}) {
    Result<std::string> decoded = PercentDecode(bad);
    ASSERT_FALSE(decoded.ok()) << bad;
    EXPECT_EQ(decoded.status().code(), StatusCode::kInvalidArgument) << bad;
    EXPECT_THAT(decoded.status().message(), HasSubstr("percent-escape")) << bad;
  }
}

TEST(DecodeFormTest, DecodesPairsInOrder) {
  auto form = DecodeForm("a=1&b=x+y&c=%2B&d&e=");
  ASSERT_TRUE(form.ok()) << form.status();
  EXPECT_THAT(*form, ElementsAre(Pair("a", "1"), Pair("b", "x y"), Pair("c", "+"), Pair("d", ""),
                                 Pair("e", "")));
}

TEST(DecodeFormTest, KeepsRepeatedNamesAndDecodesNames) {
  auto form = DecodeForm("where=Name%3D%3D%22A+B%22&page=1&page=2&first+name=x%3Dy=z");
  ASSERT_TRUE(form.ok()) << form.status();
  EXPECT_THAT(*form, ElementsAre(Pair("where", "Name==\"A B\""), Pair("page", "1"),
                                 Pair("page", "2"), Pair("first name", "x=y=z")));
}

TEST(DecodeFormTest, SkipsEmptyPieces) {
  auto form = DecodeForm("&a=1&&b=2&");
  ASSERT_TRUE(form.ok()) << form.status();
  EXPECT_THAT(*form, ElementsAre(Pair("a", "1"), Pair("b", "2")));
  auto empty = DecodeForm("");
  ASSERT_TRUE(empty.ok()) << empty.status();
  EXPECT_TRUE(empty->empty());
}

TEST(DecodeFormTest, RejectsBadEscapeInNameOrValue) {
  auto in_value = DecodeForm("a=1&b=%G1");
  ASSERT_FALSE(in_value.ok());
  EXPECT_EQ(in_value.status().code(), StatusCode::kInvalidArgument);
  auto in_name = DecodeForm("a%1=1");
  ASSERT_FALSE(in_name.ok());
  EXPECT_EQ(in_name.status().code(), StatusCode::kInvalidArgument);
}

TEST(PercentEncodeTest, KeepsOnlyUnreservedCharacters) {
  EXPECT_EQ(PercentEncode("AZaz09-._~"), "AZaz09-._~");
  EXPECT_EQ(PercentEncode("a b+c/d?e=f&g%h"), "a%20b%2Bc%2Fd%3Fe%3Df%26g%25h");
  EXPECT_EQ(PercentEncode("\xc3\xa9"), "%C3%A9");
  EXPECT_EQ(PercentEncode(std::string("\0\xff", 2)), "%00%FF");
  EXPECT_EQ(PercentEncode(""), "");
}

TEST(PercentEncodeTest, RoundTripsEveryByte) {
  std::string all;
  for (int c = 0; c < 256; ++c) all.push_back(static_cast<char>(c));
  Result<std::string> decoded = PercentDecode(PercentEncode(all));
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(*decoded, all);
  auto form = DecodeForm("k=" + PercentEncode(all));
  ASSERT_TRUE(form.ok()) << form.status();
  EXPECT_THAT(*form, ElementsAre(Pair("k", all)));
}

}  // namespace
TEST(HtmlEscapeTest, EscapesMarkup) {
  EXPECT_EQ(HtmlEscape(R"(<a href="x">Tom & Jerry's</a>)"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
}

}  // namespace xerosync::http
