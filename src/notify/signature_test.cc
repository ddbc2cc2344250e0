// Webhook signatures: a known answer computed independently (openssl dgst -sha256 -hmac), and
// what a receiver must refuse: another body, another secret, a stale or future timestamp, a
// malformed header. A second v1 value (a receiver's key rotation) is accepted.
#include "notify/signature.h"

#include <gtest/gtest.h>

namespace xerosync::notify {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

constexpr std::string_view kSecret = "whsec-test-secret-0123456789";
constexpr std::string_view kBody = R"({"id":"abc-1"})";
const TimePoint kAt = TimePoint(seconds(1'700'000'000));

TEST(Signature, MatchesAnIndependentHmacSha256OfTimestampDotBody) {
  // printf '%s' '1700000000.{"id":"abc-1"}' | openssl dgst -sha256 -hmac '<kSecret>'
  EXPECT_EQ(SignWebhook(kSecret, 1'700'000'000, kBody),
            "t=1700000000,v1=832735d8ecf524cdbae3d6933a925e6601509b1ecb3305a0ac13e90c8c0b8c4a");
}

TEST(Signature, AReceiverAcceptsItsOwnSecretsSignatureWithinTheTolerance) {
  const std::string header = SignWebhook(kSecret, 1'700'000'000, kBody);
  EXPECT_TRUE(VerifyWebhookSignature(header, kSecret, kBody, kAt).ok());
  EXPECT_TRUE(VerifyWebhookSignature(header, kSecret, kBody, kAt + minutes(5)).ok());
  EXPECT_TRUE(VerifyWebhookSignature(header, kSecret, kBody, kAt - minutes(5)).ok());
}

TEST(Signature, AnotherBodySecretOrTimeIsRefused) {
  const std::string header = SignWebhook(kSecret, 1'700'000'000, kBody);
  EXPECT_EQ(VerifyWebhookSignature(header, kSecret, R"({"id":"abc-2"})", kAt).code(),
            StatusCode::kUnauthenticated);
  EXPECT_EQ(VerifyWebhookSignature(header, "another-secret-0123456789", kBody, kAt).code(),
            StatusCode::kUnauthenticated);
  EXPECT_EQ(VerifyWebhookSignature(header, kSecret, kBody, kAt + minutes(5) + seconds(1)).code(),
            StatusCode::kUnauthenticated);
  EXPECT_EQ(VerifyWebhookSignature(header, kSecret, kBody, kAt - minutes(6)).code(),
            StatusCode::kUnauthenticated);
  // The timestamp is signed: moving it to now breaks the signature.
  std::string moved = header;
  moved.replace(2, 10, "1700000100");
  EXPECT_EQ(VerifyWebhookSignature(moved, kSecret, kBody, kAt + seconds(100)).code(),
            StatusCode::kUnauthenticated);
}

TEST(Signature, MalformedHeadersAreRefused) {
  for (std::string_view header :
       {"", "t=1700000000", "v1=00", "t=abc,v1=00", "t=1700000000,v1=zz",
        "t=1700000000,v1=832735d8ecf524cdbae3d6933a925e6601509b1ecb3305a0ac13e90c8c0b8c"}) {
    EXPECT_EQ(VerifyWebhookSignature(header, kSecret, kBody, kAt).code(),
              StatusCode::kUnauthenticated)
        << header;
  }
  EXPECT_EQ(
      VerifyWebhookSignature(SignWebhook(kSecret, 1'700'000'000, kBody), "", kBody, kAt).code(),
      StatusCode::kUnauthenticated);
}

TEST(Signature, AnyOfSeveralV1ValuesMayMatch) {
  const std::string good = SignWebhook(kSecret, 1'700'000'000, kBody);
  const std::string header = "t=1700000000,v1=" + std::string(64, '0') + "," + good.substr(13);
  EXPECT_TRUE(VerifyWebhookSignature(header, kSecret, kBody, kAt).ok());
}

}  // namespace
}  // namespace xerosync::notify
