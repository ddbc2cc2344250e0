// Idempotency keys and the retry policy: what the exactly-once protocol relies on.
#include "sync/keys.h"

#include <gtest/gtest.h>

#include <set>

#include "sync/retry.h"

namespace xerosync::sync {
namespace {

using std::chrono::hours;
using std::chrono::seconds;
using store::DocumentKind;
using store::Operation;

const domain::TenantId kOrg("7a3c1f5e-2b4d-4e6f-8a9b-0c1d2e3f4a51");

std::string Key(int64_t version, std::string_view body = "{\"Invoices\":[]}",
                std::string_view method = "PUT", Operation op = Operation::kUpsert,
                const domain::TenantId& org = kOrg) {
  const std::vector<KeyedDocument> docs{{DocumentKind::kInvoice, "i1", version, op},
                                        {DocumentKind::kInvoice, "i2", 1, Operation::kUpsert}};
  return IdempotencyKey(org, method, docs, body);
}

TEST(IdempotencyKey, TheSameAttemptAlwaysGetsTheSameKeyWithinXerosLimit) {
  const std::string key = Key(1);
  EXPECT_EQ(key, Key(1));
  EXPECT_EQ(key.size(), 56u);
  EXPECT_LE(key.size(), 128u);
  EXPECT_TRUE(key.starts_with("xs1-"));
  for (const char c : key.substr(4)) {
    EXPECT_TRUE((c >= 'a' && c <= 'z') || (c >= '2' && c <= '7')) << key;
  }
}

TEST(IdempotencyKey, AnythingThatChangesTheRequestChangesTheKey) {
  const std::set<std::string> keys{Key(1),
                                   Key(2),
                                   Key(1, "{\"Invoices\":[{}]}"),
                                   Key(1, "{\"Invoices\":[]}", "POST"),
                                   Key(1, "{\"Invoices\":[]}", "PUT", Operation::kVoid),
                                   Key(1, "{\"Invoices\":[]}", "PUT", Operation::kUpsert,
                                       domain::TenantId("another-organisation"))};
  EXPECT_EQ(keys.size(), 6u);
}

TEST(IdempotencyKey, FieldBoundariesCannotBeShifted) {
  // "i1" + "2" and "i12" + "" must not hash alike.
  const std::vector<KeyedDocument> a{{DocumentKind::kInvoice, "i1", 2, Operation::kUpsert}};
  const std::vector<KeyedDocument> b{{DocumentKind::kInvoice, "i12", 0, Operation::kUpsert}};
  EXPECT_NE(IdempotencyKey(kOrg, "PUT", a, ""), IdempotencyKey(kOrg, "PUT", b, ""));
}

TEST(RetryPolicy, DelaysDoubleFromTheBaseUpToTheCapWithinTheJitter) {
  RetryPolicy policy({}, 42);
  for (int tries = 1; tries <= 12; ++tries) {
    Duration plain = seconds(30);
    for (int i = 1; i < tries && plain < hours(1); ++i) plain *= 2;
    plain = std::min<Duration>(plain, hours(1));
    for (int draw = 0; draw < 50; ++draw) {
      const Duration delay = policy.DelayAfter(tries);
      EXPECT_GE(delay, plain * 8 / 10) << tries;
      EXPECT_LE(delay, plain * 12 / 10) << tries;
    }
  }
  EXPECT_LE(policy.DelayAfter(1000), hours(1) * 12 / 10);
}

TEST(RetryPolicy, JitterSpreadsDocumentsThatFailedTogether) {
  RetryPolicy policy({}, 7);
  std::set<int64_t> delays;
  for (int i = 0; i < 20; ++i) delays.insert(policy.DelayAfter(3).count());
  EXPECT_GT(delays.size(), 10u);
}

TEST(RetryPolicy, FailuresBecomeVisibleAfterErrorAfterTries) {
  const RetryPolicy policy;
  EXPECT_FALSE(policy.ShowAsError(5));
  EXPECT_TRUE(policy.ShowAsError(6));
}

}  // namespace
}  // namespace xerosync::sync
