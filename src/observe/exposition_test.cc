// The exposition writer: escaping as Prometheus reads it, HELP/TYPE before samples, floats.
#include "observe/exposition.h"

#include <gtest/gtest.h>

#include <limits>

namespace xerosync::observe {
namespace {

TEST(Exposition, LabelValuesEscapeBackslashQuoteAndNewline) {
  EXPECT_EQ(EscapeLabelValue(R"(a\b"c)"
                             "\nd"),
            R"(a\\b\"c\nd)");
  EXPECT_EQ(EscapeLabelValue("plain Ünïcode"), "plain Ünïcode");
}

TEST(Exposition, HelpEscapesBackslashAndNewlineButNotQuotes) {
  EXPECT_EQ(EscapeHelp("a \"b\"\\\nc"), "a \"b\"\\\\\\nc");
}

TEST(Exposition, FamiliesAndSamples) {
  Exposition out;
  out.Family("xs_things", MetricType::kGauge, "Things.");
  out.Sample("", {{"org", "a\"b"}, {"state", "x"}}, int64_t{3});
  out.Sample("", {}, int64_t{-1});
  out.Family("xs_took_seconds", MetricType::kHistogram, "Took.");
  out.Sample("_bucket", {{"le", "+Inf"}}, int64_t{2});
  out.Sample("_sum", {}, 1.5);
  EXPECT_EQ(out.text(),
            "# HELP xs_things Things.\n"
            "# TYPE xs_things gauge\n"
            "xs_things{org=\"a\\\"b\",state=\"x\"} 3\n"
            "xs_things -1\n"
            "# HELP xs_took_seconds Took.\n"
            "# TYPE xs_took_seconds histogram\n"
            "xs_took_seconds_bucket{le=\"+Inf\"} 2\n"
            "xs_took_seconds_sum 1.5\n");
}

TEST(Exposition, FloatsAsPrometheusReadsThem) {
  EXPECT_EQ(FormatFloat(0.25), "0.25");
  EXPECT_EQ(FormatFloat(60), "60");
  EXPECT_EQ(FormatFloat(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(FormatFloat(-std::numeric_limits<double>::infinity()), "-Inf");
  EXPECT_EQ(FormatFloat(std::numeric_limits<double>::quiet_NaN()), "NaN");
}

}  // namespace
}  // namespace xerosync::observe
