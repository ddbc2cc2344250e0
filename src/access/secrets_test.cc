#include "access/secrets.h"

#include <gtest/gtest.h>

#include <chrono>
#include <iostream>
#include <set>

#include "access/fake_random.h"

namespace xerosync::access {
namespace {

TEST(SecretsTest, PasswordsHashWithArgon2idAndVerify) {
  Result<std::string> hash = HashPassword("correct horse battery", PasswordParams::Cheapest());
  ASSERT_TRUE(hash.ok()) << hash.status();
  EXPECT_TRUE(hash->starts_with("$argon2id$"));
  EXPECT_EQ(hash->find("correct horse"), std::string::npos);
  EXPECT_TRUE(VerifyPassword(*hash, "correct horse battery"));
  EXPECT_FALSE(VerifyPassword(*hash, "correct horse batterY"));
  EXPECT_FALSE(VerifyPassword(*hash, ""));
  EXPECT_FALSE(VerifyPassword("not a hash", "correct horse battery"));
  // A fresh salt each time: the same password never gives the same hash.
  EXPECT_NE(*HashPassword("correct horse battery", PasswordParams::Cheapest()), *hash);
}

TEST(SecretsTest, ParametersOutsideLibsodiumsLimitsAreRefused) {
  EXPECT_EQ(HashPassword("pw", {.ops_limit = 0, .mem_limit = 8192}).status().code(),
            StatusCode::kInvalidArgument);
}

// Measures one hash at the default (production) cost; the figure is in docs/access.md.
TEST(SecretsTest, DefaultCostHashesAndVerifies) {
  const auto start = std::chrono::steady_clock::now();
  Result<std::string> hash = HashPassword("a password of a user", PasswordParams());
  const auto took = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(hash.ok()) << hash.status();
  EXPECT_TRUE(hash->starts_with("$argon2id$v=19$m=65536,t=2,p=1$")) << *hash;
  EXPECT_TRUE(VerifyPassword(*hash, "a password of a user"));
  std::cout << "argon2id t=2 m=64MiB: one hash took "
            << std::chrono::duration_cast<std::chrono::milliseconds>(took).count() << " ms\n";
}

TEST(SecretsTest, DigestsAreSha256Hex) {
  // SHA-256("abc"), FIPS 180-2 appendix B.1.
  EXPECT_EQ(DigestHex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(SecretsTest, ConstantTimeEqualsComparesWholeStrings) {
  EXPECT_TRUE(ConstantTimeEquals("abcdef", "abcdef"));
  EXPECT_FALSE(ConstantTimeEquals("abcdef", "abcdeF"));
  EXPECT_FALSE(ConstantTimeEquals("abcdef", "abcde"));
  EXPECT_TRUE(ConstantTimeEquals("", ""));
}

TEST(SecretsTest, RandomTokensHaveTheirLengthAndDiffer) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    std::string token = RandomHex(SystemRandom(), 32);
    EXPECT_EQ(token.size(), 64u);
    EXPECT_EQ(token.find_first_not_of("0123456789abcdef"), std::string::npos);
    seen.insert(token);
  }
  EXPECT_EQ(seen.size(), 100u);
  const std::string password = RandomBase64Url(SystemRandom(), 18);
  EXPECT_EQ(password.size(), 24u);
  EXPECT_EQ(password.find_first_of("+/="), std::string::npos);
}

TEST(SecretsTest, FakeRandomRepeatsItsSequence) {
  FakeRandom a;
  FakeRandom b;
  const std::string first = RandomHex(a, 32);
  EXPECT_EQ(first, RandomHex(b, 32));
  EXPECT_NE(first, RandomHex(a, 32));
}

}  // namespace
}  // namespace xerosync::access
