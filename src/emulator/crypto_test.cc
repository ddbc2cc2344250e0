#include "emulator/crypto.h"

#include <gtest/gtest.h>

#include <set>

namespace xerosync::emulator {
namespace {

std::string Hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 0xf];
  }
  return out;
}

TEST(CryptoTest, PkceChallengeMatchesRfc7636AppendixB) {
  // RFC 7636, Appendix B: the S256 challenge of this verifier.
  const std::string verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
  EXPECT_EQ(Base64UrlEncode(Sha256(verifier)), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}

TEST(CryptoTest, HmacSha256MatchesRfc4231TestCase2) {
  EXPECT_EQ(Hex(HmacSha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(CryptoTest, Base64UrlRoundTripsAndRejectsOtherAlphabets) {
  const std::string bytes("\xfb\xff\x00\x10?", 5);
  const std::string text = Base64UrlEncode(bytes);
  EXPECT_EQ(text.find_first_of("+/="), std::string::npos) << text;
  EXPECT_EQ(Base64UrlDecode(text), bytes);
  EXPECT_EQ(Base64UrlDecode("+/8="), std::nullopt);
  EXPECT_EQ(Base64Encode("id:secret"), "aWQ6c2VjcmV0");
  EXPECT_EQ(Base64Decode("aWQ6c2VjcmV0"), "id:secret");
  EXPECT_EQ(Base64Decode("aWQ6c2VjcmV0!"), std::nullopt);
}

TEST(CryptoTest, ConstantTimeEqualsComparesWholeStrings) {
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
}

TEST(CryptoTest, SeededRandomnessRepeatsAndUnseededDoesNot) {
  RandomSource a(42), b(42), c(43);
  EXPECT_EQ(a.Token(32), b.Token(32));
  EXPECT_EQ(a.Token(32), b.Token(32));  // the second draw matches too, and differs from the first
  EXPECT_NE(RandomSource(42).Token(32), c.Token(32));
  RandomSource os;
  EXPECT_NE(os.Token(32), os.Token(32));
}

TEST(CryptoTest, UuidsAreVersion4AndDistinct) {
  RandomSource random(7);
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const std::string id = random.Uuid();
    ASSERT_EQ(id.size(), 36u);
    EXPECT_EQ(id[14], '4') << id;
    EXPECT_NE(std::string("89ab").find(id[19]), std::string::npos) << id;
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 100u);
}

}  // namespace
}  // namespace xerosync::emulator
