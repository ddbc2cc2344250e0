// GET /metrics against a real SQLite store, a RateBudget on a FakeClock and answers that were
// 429s: the body is parsed as Prometheus would (HELP/TYPE before samples, label escaping, one
// TYPE per family, histogram buckets cumulative) and the figures are the ones a user expects.
#include "observe/metrics.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include "store/sqlite_store.h"

namespace xerosync::observe {
namespace {

namespace fs = std::filesystem;
using std::chrono::seconds;

// One parsed sample line.
struct ParsedSample {
  std::string name;
  std::map<std::string, std::string> labels;
  std::string value;
};

struct Parsed {
  std::map<std::string, std::string> types;
  std::map<std::string, std::string> helps;
  std::vector<ParsedSample> samples;

  // The value of the one sample named `name` with exactly these labels; nullopt when none.
  std::optional<std::string> Value(const std::string& name,
                                   const std::map<std::string, std::string>& labels) const {
    for (const ParsedSample& sample : samples) {
      if (sample.name == name && sample.labels == labels) return sample.value;
    }
    return std::nullopt;
  }
};

// A strict reader of the 0.0.4 text format, enough to catch what Prometheus would refuse: a
// sample before its family's TYPE, a family typed twice, bad escapes, unquoted label values.
Parsed Parse(const std::string& text) {
  Parsed parsed;
  std::istringstream lines(text);
  std::string line;
  std::string family;
  EXPECT_TRUE(text.empty() || text.back() == '\n') << "the body must end with a newline";
  while (std::getline(lines, line)) {
    EXPECT_FALSE(line.empty()) << "blank line";
    if (line.rfind("# HELP ", 0) == 0 || line.rfind("# TYPE ", 0) == 0) {
      const std::string rest = line.substr(7);
      const std::size_t space = rest.find(' ');
      EXPECT_NE(space, std::string::npos) << line;
      const std::string name = rest.substr(0, space);
      auto& table = line[2] == 'H' ? parsed.helps : parsed.types;
      EXPECT_TRUE(table.emplace(name, rest.substr(space + 1)).second) << "twice: " << line;
      if (line[2] == 'T') {
        EXPECT_TRUE(parsed.helps.count(name)) << "TYPE before HELP: " << line;
        family = name;
      }
      continue;
    }
    ParsedSample sample;
    std::size_t i = 0;
    while (i < line.size() && line[i] != '{' && line[i] != ' ') sample.name += line[i++];
    if (i < line.size() && line[i] == '{') {
      ++i;
      while (i < line.size() && line[i] != '}') {
        std::string label;
        while (i < line.size() && line[i] != '=') label += line[i++];
        ++i;
        EXPECT_EQ(line[i], '"') << "unquoted label value: " << line;
        ++i;
        std::string value;
        while (i < line.size() && line[i] != '"') {
          if (line[i] == '\\') {
            ++i;
            if (i >= line.size()) {
              ADD_FAILURE() << "escape at the end: " << line;
              return parsed;
            }
            if (line[i] == 'n') {
              value += '\n';
            } else {
              EXPECT_TRUE(line[i] == '\\' || line[i] == '"') << "bad escape: " << line;
              value += line[i];
            }
          } else {
            value += line[i];
          }
          ++i;
        }
        ++i;  // the closing quote
        EXPECT_TRUE(sample.labels.emplace(label, value).second) << "label twice: " << line;
        if (i < line.size() && line[i] == ',') ++i;
      }
      ++i;  // '}'
    }
    EXPECT_EQ(line[i], ' ') << line;
    sample.value = line.substr(i + 1);
    EXPECT_FALSE(sample.value.empty()) << line;
    // The sample belongs to the current family: its name, or a histogram's suffixed name.
    const bool own = sample.name == family ||
                     (parsed.types[family] == "histogram" &&
                      (sample.name == family + "_bucket" || sample.name == family + "_sum" ||
                       sample.name == family + "_count"));
    EXPECT_TRUE(own) << "sample outside its family (" << family << "): " << line;
    parsed.samples.push_back(std::move(sample));
  }
  return parsed;
}

class TempDir {
 public:
  TempDir() {
    std::random_device random;
    path_ = fs::temp_directory_path() / ("observe_test_" + std::to_string(random()));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

const domain::TenantId kShop("tenant-shop");
const domain::TenantId kOdd("tenant \"odd\"\\");

class MetricsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store::SqliteStoreOptions options;
    options.path = dir_.File("xerosync.db");
    options.synchronous_full = false;
    options.clock = &clock_;
    Result<std::unique_ptr<store::Store>> opened = store::OpenSqliteStore(options);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(*opened);
    ASSERT_TRUE(store_->UpsertOrganisation(kShop, "conn-1", "Shop Ltd").ok());
    ASSERT_TRUE(store_->UpsertOrganisation(kOdd, "conn-2", "Line one\nLine \"two\"").ok());
  }

  void Accept(const domain::TenantId& tenant, int count) {
    std::vector<store::IncomingDocument> documents;
    for (int i = 0; i < count; ++i) {
      store::IncomingDocument document;
      document.host_id = "c" + std::to_string(i);
      document.payload = R"({"Name":"C)" + std::to_string(i) + R"("})";
      documents.push_back(std::move(document));
    }
    ASSERT_TRUE(store_->Accept(tenant, documents, clock_.Now()).ok());
  }

  void Run(const domain::TenantId& tenant, Duration took, store::RunOutcome outcome) {
    Result<store::SyncRun> run = store_->StartRun(tenant, store::RunTrigger::kManual, clock_.Now());
    ASSERT_TRUE(run.ok()) << run.status().ToString();
    clock_.Advance(took);
    run->outcome = outcome;
    run->finished_at = clock_.Now();
    ASSERT_TRUE(store_->FinishRun(*run).ok());
  }

  Parsed Scrape(const MetricsSources& sources) {
    http::Response response = MetricsResponse(sources);
    EXPECT_EQ(response.status, 200) << response.body;
    EXPECT_EQ(response.headers.Get("Content-Type").value_or(""),
              "text/plain; version=0.0.4; charset=utf-8");
    return Parse(response.body);
  }

  TempDir dir_;
  FakeClock clock_;
  std::unique_ptr<store::Store> store_;
};

TEST_F(MetricsTest, QueueDepthPauseAndEscapedLabelsPerOrganisation) {
  Accept(kShop, 3);
  Accept(kOdd, 2);
  ASSERT_TRUE(
      store_->PauseOrganisation(kOdd, "connection.expired", "reconnect", std::nullopt, clock_.Now())
          .ok());

  const Parsed parsed = Scrape({.store = store_.get()});
  EXPECT_EQ(parsed.types.at("xerosync_documents"), "gauge");
  EXPECT_EQ(
      parsed.Value("xerosync_documents", {{"organisation", kShop.value()}, {"state", "pending"}}),
      "3");
  EXPECT_EQ(
      parsed.Value("xerosync_documents", {{"organisation", kShop.value()}, {"state", "failed"}}),
      "0");
  // The paused organisation's documents moved to paused; its id and name survive escaping.
  EXPECT_EQ(
      parsed.Value("xerosync_documents", {{"organisation", kOdd.value()}, {"state", "paused"}}),
      "2");
  EXPECT_EQ(parsed.Value("xerosync_organisation_info",
                         {{"organisation", kOdd.value()}, {"name", "Line one\nLine \"two\""}}),
            "1");
  EXPECT_EQ(parsed.Value("xerosync_organisation_paused",
                         {{"organisation", kOdd.value()}, {"code", "connection.expired"}}),
            "1");
  EXPECT_EQ(
      parsed.Value("xerosync_organisation_paused", {{"organisation", kShop.value()}, {"code", ""}}),
      "0");
  // Webhooks are not configured: an empty outbox.
  EXPECT_EQ(parsed.Value("xerosync_webhook_events", {{"state", "pending"}}), "0");
  EXPECT_EQ(parsed.Value("xerosync_webhook_events", {{"state", "failed"}}), "0");
  // No budget or client given: their families are left out rather than reported as zeros.
  EXPECT_FALSE(parsed.types.count("xerosync_xero_calls_total"));
  EXPECT_FALSE(parsed.types.count("xerosync_client_requests_sent_total"));
}

TEST_F(MetricsTest, RunDurationsAreACumulativeHistogramAndTheLastOutcomeIsShown) {
  Run(kShop, seconds(3), store::RunOutcome::kSucceeded);
  Run(kShop, seconds(40), store::RunOutcome::kSucceeded);
  Run(kShop, seconds(7200), store::RunOutcome::kPartial);
  ASSERT_TRUE(store_->StartRun(kShop, store::RunTrigger::kAutomatic, clock_.Now()).ok());

  const Parsed parsed = Scrape({.store = store_.get()});
  EXPECT_EQ(parsed.types.at("xerosync_sync_run_duration_seconds"), "histogram");
  const auto bucket = [&](const std::string& le) {
    return parsed.Value("xerosync_sync_run_duration_seconds_bucket",
                        {{"organisation", kShop.value()}, {"le", le}});
  };
  EXPECT_EQ(bucket("1"), "0");
  EXPECT_EQ(bucket("5"), "1");
  EXPECT_EQ(bucket("60"), "2");
  EXPECT_EQ(bucket("3600"), "2");
  EXPECT_EQ(bucket("+Inf"), "3");
  const std::map<std::string, std::string> shop = {{"organisation", kShop.value()}};
  EXPECT_EQ(parsed.Value("xerosync_sync_run_duration_seconds_count", shop), "3");
  EXPECT_EQ(parsed.Value("xerosync_sync_run_duration_seconds_sum", shop), "7243");
  // The running run is not finished: the newest finished one (partial) is the last outcome.
  EXPECT_EQ(parsed.Value("xerosync_sync_last_run_outcome",
                         {{"organisation", kShop.value()}, {"outcome", "partial"}}),
            "1");
  EXPECT_EQ(parsed.Value("xerosync_sync_last_run_outcome",
                         {{"organisation", kShop.value()}, {"outcome", "succeeded"}}),
            "0");
  EXPECT_EQ(parsed.Value("xerosync_sync_running", shop), "1");
  // An organisation that never ran has an empty histogram and no last outcome.
  EXPECT_EQ(
      parsed.Value("xerosync_sync_run_duration_seconds_count", {{"organisation", kOdd.value()}}),
      "0");
  EXPECT_EQ(parsed.Value("xerosync_sync_last_run_outcome",
                         {{"organisation", kOdd.value()}, {"outcome", "succeeded"}}),
            std::nullopt);
}

TEST_F(MetricsTest, CallsRateLimitsAndTheDayBudgetComeFromTheRateBudget) {
  xero::RateBudgetOptions options;
  options.per_day = 100;
  xero::RateBudget budget(clock_, options);
  for (int i = 0; i < 3; ++i) {
    std::variant<xero::Permit, xero::Refusal> admitted =
        budget.TryAdmit(kShop, xero::Priority::kLive);
    ASSERT_TRUE(std::holds_alternative<xero::Permit>(admitted));
    xero::LimitReport report;
    report.status = i == 2 ? 429 : 200;
    if (i == 2) report.headers.problem = xero::RateLimitProblem::kMinute;
    std::get<xero::Permit>(admitted).Finish(report);
  }

  const Parsed parsed = Scrape({.store = store_.get(), .budget = &budget});
  const std::map<std::string, std::string> shop = {{"organisation", kShop.value()}};
  const std::map<std::string, std::string> odd = {{"organisation", kOdd.value()}};
  EXPECT_EQ(parsed.types.at("xerosync_xero_calls_total"), "counter");
  EXPECT_EQ(parsed.Value("xerosync_xero_calls_total", shop), "3");
  EXPECT_EQ(parsed.Value("xerosync_xero_rate_limited_total", shop), "1");
  EXPECT_EQ(parsed.Value("xerosync_xero_day_budget_remaining", shop), "97");
  EXPECT_EQ(parsed.Value("xerosync_xero_calls_total", odd), "0");
  EXPECT_EQ(parsed.Value("xerosync_xero_day_budget_remaining", odd), "100");

  // The day window resets a day after it opened: the whole budget is back.
  clock_.Advance(std::chrono::hours(25));
  const Parsed later = Scrape({.store = store_.get(), .budget = &budget});
  EXPECT_EQ(later.Value("xerosync_xero_day_budget_remaining", shop), "100");
  EXPECT_EQ(later.Value("xerosync_xero_calls_total", shop), "3");
}

TEST_F(MetricsTest, WebhookEventsAreCountedByState) {
  ASSERT_TRUE(
      store_->PutInstallationSetting(store::kWebhookUrlSetting, "http://127.0.0.1:9/").ok());
  ASSERT_TRUE(
      store_->PauseOrganisation(kShop, "connection.expired", "r", std::nullopt, clock_.Now()).ok());
  ASSERT_TRUE(
      store_->PauseOrganisation(kShop, "rate_limit.day", "r", std::nullopt, clock_.Now()).ok());
  Result<std::vector<store::OutboxEvent>> events = store_->ListEvents({});
  ASSERT_TRUE(events.ok() && events->size() == 2u);
  ASSERT_TRUE(store_->MarkEventFailed((*events)[0].id, "HTTP 500", std::nullopt).ok());
  const Parsed parsed = Scrape({.store = store_.get()});
  EXPECT_EQ(parsed.Value("xerosync_webhook_events", {{"state", "pending"}}), "1");
  EXPECT_EQ(parsed.Value("xerosync_webhook_events", {{"state", "failed"}}), "1");
  EXPECT_EQ(parsed.Value("xerosync_webhook_events", {{"state", "delivered"}}), "0");
}

TEST_F(MetricsTest, AnEmptyStoreStillScrapes) {
  TempDir other;
  store::SqliteStoreOptions options;
  options.path = other.File("empty.db");
  options.clock = &clock_;
  Result<std::unique_ptr<store::Store>> empty = store::OpenSqliteStore(options);
  ASSERT_TRUE(empty.ok());
  const Parsed parsed = Scrape({.store = empty->get(), .process = false});
  EXPECT_EQ(parsed.types.at("xerosync_documents"), "gauge");
  // No organisation: only the installation's figures.
  for (const ParsedSample& sample : parsed.samples) {
    EXPECT_EQ(sample.name, "xerosync_webhook_events");
  }
}

TEST_F(MetricsTest, TheProcessReportsItsMemoryAndDescriptors) {
  const Parsed parsed = Scrape({.store = store_.get()});
  ASSERT_TRUE(parsed.Value("process_resident_memory_bytes", {}).has_value());
  EXPECT_GT(std::stoll(*parsed.Value("process_resident_memory_bytes", {})), 1 << 20);
  // At least the standard streams and the store's database file are open.
  EXPECT_GE(std::stoll(*parsed.Value("process_open_fds", {})), 4);
  EXPECT_FALSE(Parse(MetricsResponse({.store = store_.get(), .process = false}).body)
                   .types.count("process_open_fds"));
}

}  // namespace
}  // namespace xerosync::observe
