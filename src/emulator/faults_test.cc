// Fault rules on their own: matching, how often they fire, and their seeded draws.
#include "emulator/faults.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace xerosync::emulator {
namespace {

constexpr char kInvoices[] = "/api.xro/2.0/Invoices";

http::Request Req(std::string method, std::string path, std::string tenant = "") {
  http::Request r;
  r.method = std::move(method);
  r.path = std::move(path);
  if (!tenant.empty()) r.headers.Set("xero-tenant-id", std::move(tenant));
  return r;
}

FaultRule Answer500(std::string path = kInvoices) {
  FaultRule rule;
  rule.path = std::move(path);
  return rule;
}

// Which of `n` identical requests a rule fired on, as a string of 1s and 0s.
std::string Pattern(Faults& faults, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += faults.Decide(Req("GET", kInvoices)) ? '1' : '0';
  return out;
}

TEST(FaultsTest, OnceNTimesAndAlways) {
  Faults faults;
  FaultRule once = Answer500();
  once.times = 1;
  faults.Add(once);
  EXPECT_EQ(Pattern(faults, 3), "100");

  Faults three;
  FaultRule n = Answer500();
  n.times = 3;
  three.Add(n);
  EXPECT_EQ(Pattern(three, 5), "11100");
  const std::vector<FaultRuleState> listed = three.List();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].hits, 3);
  EXPECT_EQ(listed[0].remaining, 0);  // exhausted, still listed

  Faults always;
  always.Add(Answer500());
  EXPECT_EQ(Pattern(always, 20), std::string(20, '1'));
  EXPECT_EQ(always.List()[0].hits, 20);
  EXPECT_FALSE(always.List()[0].remaining.has_value());
}

TEST(FaultsTest, MatchesByMethodPathPrefixAndTenant) {
  Faults faults;
  FaultRule rule = Answer500();
  rule.method = "PUT";
  rule.tenant = "7a3c1f5e-2b4d-4e6f-8a9b-0c1d2e3f4a51";
  faults.Add(rule);
  const std::string tenant = "7A3C1F5E-2B4D-4E6F-8A9B-0C1D2E3F4A51";  // case does not matter
  EXPECT_TRUE(faults.Decide(Req("PUT", kInvoices, tenant)));
  EXPECT_TRUE(faults.Decide(Req("PUT", std::string(kInvoices) + "/abc/History", tenant)));
  EXPECT_FALSE(faults.Decide(Req("POST", kInvoices, tenant)));
  EXPECT_FALSE(faults.Decide(Req("PUT", "/api.xro/2.0/InvoiceReminders", tenant)));
  EXPECT_FALSE(faults.Decide(Req("PUT", "/api.xro/2.0/Contacts", tenant)));
  EXPECT_FALSE(faults.Decide(Req("PUT", kInvoices, "9b4d2a6f-3c5e-4f70-9bac-1d2e3f4a5b62")));
  EXPECT_FALSE(faults.Decide(Req("PUT", kInvoices)));  // no tenant header
  EXPECT_EQ(faults.List()[0].matched, 2);

  Faults any;
  any.Add(Answer500(""));
  EXPECT_TRUE(any.Decide(Req("POST", "/connect/token")));
  EXPECT_TRUE(any.Decide(Req("GET", "/connections")));
}

TEST(FaultsTest, RulesAreTriedInOrderAndAnExhaustedRuleLetsTheNextDecide) {
  Faults faults;
  FaultRule first = Answer500();
  first.times = 1;
  first.status = 502;
  first.answer = FaultAnswer::kStatus;
  const int64_t first_id = faults.Add(first);
  FaultRule second = Answer500("");
  second.action = FaultAction::kDelay;
  second.hold = std::chrono::milliseconds(250);
  const int64_t second_id = faults.Add(second);

  const std::optional<Fault> a = faults.Decide(Req("GET", kInvoices));
  ASSERT_TRUE(a);
  EXPECT_EQ(a->rule_id, first_id);
  EXPECT_EQ(a->status, 502);
  const std::optional<Fault> b = faults.Decide(Req("GET", kInvoices));
  ASSERT_TRUE(b);
  EXPECT_EQ(b->rule_id, second_id);
  EXPECT_EQ(b->action, FaultAction::kDelay);
  EXPECT_EQ(b->hold, std::chrono::milliseconds(250));
}

TEST(FaultsTest, RemoveAndClear) {
  Faults faults;
  const int64_t a = faults.Add(Answer500());
  const int64_t b = faults.Add(Answer500());
  EXPECT_NE(a, b);
  EXPECT_TRUE(faults.Remove(a));
  EXPECT_FALSE(faults.Remove(a));
  ASSERT_EQ(faults.List().size(), 1u);
  EXPECT_EQ(faults.List()[0].id, b);
  EXPECT_EQ(faults.Clear(), 1);
  EXPECT_FALSE(faults.Decide(Req("GET", kInvoices)));
  EXPECT_GT(faults.Add(Answer500()), b);  // ids are never reused
}

TEST(FaultsTest, ProbabilityWithAFixedSeedRepeatsAndIsRoughlyProportional) {
  FaultRule quarter = Answer500();
  quarter.probability = Decimal::Parse("0.25").value();
  Faults one(42);
  Faults two(42);
  one.Add(quarter);
  two.Add(quarter);
  const std::string a = Pattern(one, 1000);
  EXPECT_EQ(a, Pattern(two, 1000));  // same seed, same sequence

  const auto fired = std::count(a.begin(), a.end(), '1');
  // Binomial(1000, 0.25): mean 250, standard deviation about 13.7; 200..300 is over 3.5 sigma.
  EXPECT_GT(fired, 200);
  EXPECT_LT(fired, 300);
  EXPECT_EQ(one.List()[0].hits, fired);
  EXPECT_EQ(one.List()[0].matched, 1000);

  Faults other(43);
  other.Add(quarter);
  EXPECT_NE(Pattern(other, 1000), a);  // another seed, another sequence

  // A rule's own seed fixes its sequence whatever the emulator's seed.
  quarter.seed = 7;
  Faults x(1);
  Faults y(2);
  x.Add(quarter);
  y.Add(quarter);
  EXPECT_EQ(Pattern(x, 200), Pattern(y, 200));
}

TEST(FaultsTest, AMissedDrawLetsTheNextRuleDecideAndTimesCountsOnlyHits) {
  Faults faults(5);
  FaultRule rare = Answer500();
  rare.probability = Decimal::Parse("0.1").value();
  rare.times = 2;
  const int64_t rare_id = faults.Add(rare);
  FaultRule fallback = Answer500("");
  fallback.answer = FaultAnswer::kMaintenance;
  faults.Add(fallback);
  int rare_hits = 0;
  for (int i = 0; i < 200; ++i) {
    const std::optional<Fault> f = faults.Decide(Req("GET", kInvoices));
    ASSERT_TRUE(f);  // the fallback catches every miss
    if (f->rule_id == rare_id) ++rare_hits;
  }
  EXPECT_EQ(rare_hits, 2);
  EXPECT_EQ(faults.List()[0].remaining, 0);
}

TEST(FaultsTest, ValidationNamesTheField) {
  FaultRule rule = Answer500();
  EXPECT_TRUE(ValidateFaultRule(rule).ok());
  auto message = [](const FaultRule& r) { return ValidateFaultRule(r).message(); };
  FaultRule bad = rule;
  bad.method = "put";
  EXPECT_NE(message(bad).find("method"), std::string::npos);
  bad = rule;
  bad.path = "api.xro";
  EXPECT_NE(message(bad).find("path"), std::string::npos);
  bad.path = "/_emulator/faults";
  EXPECT_NE(message(bad).find("path"), std::string::npos);
  bad = rule;
  bad.answer = FaultAnswer::kStatus;
  bad.status = 200;
  EXPECT_NE(message(bad).find("status"), std::string::npos);
  bad = rule;
  bad.times = 0;
  EXPECT_NE(message(bad).find("times"), std::string::npos);
  bad = rule;
  bad.probability = Decimal();
  EXPECT_NE(message(bad).find("probability"), std::string::npos);
  bad.probability = Decimal::FromInt(2);
  EXPECT_NE(message(bad).find("probability"), std::string::npos);
  bad = rule;
  bad.action = FaultAction::kTimeout;
  bad.hold = std::chrono::milliseconds(-1);
  EXPECT_NE(message(bad).find("timeout_ms"), std::string::npos);
}

}  // namespace
}  // namespace xerosync::emulator
