#pragma once
// A writer of Prometheus' text exposition format (version 0.0.4), the body of GET /metrics
// (docs/observe.md lists the metrics). It keeps the format's rules in one place: a family's
// "# HELP" and "# TYPE" lines come once, before its samples; label values escape backslash,
// double quote and newline; HELP text escapes backslash and newline; names are checked.
//
// Thread safety: none; one writer builds one body.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace xerosync::observe {

// A sample's labels, in the order written: {{"organisation", "..."}, {"state", "pending"}}.
using Labels = std::vector<std::pair<std::string, std::string>>;

enum class MetricType { kCounter, kGauge, kHistogram };

class Exposition {
 public:
  // Starts a family. REQUIRES: `name` is a valid metric name ([a-zA-Z_:][a-zA-Z0-9_:]*) not
  // started before.
  void Family(std::string_view name, MetricType type, std::string_view help);
  // A sample of the current family: `suffix` is "" or, for a histogram, "_bucket", "_sum" or
  // "_count". REQUIRES: a family was started; label names are valid ([a-zA-Z_][a-zA-Z0-9_]*).
  void Sample(std::string_view suffix, const Labels& labels, int64_t value);
  // Seconds and other measurements that are not counts (never money).
  void Sample(std::string_view suffix, const Labels& labels, double value);

  const std::string& text() const { return text_; }

 private:
  void Start(std::string_view suffix, const Labels& labels);

  std::string text_;
  std::string family_;
  std::vector<std::string> started_;
};

// The label value as written between double quotes.
std::string EscapeLabelValue(std::string_view value);
// HELP text as written after the name.
std::string EscapeHelp(std::string_view help);
// "0.25", "1", "+Inf": a float as Prometheus reads it (shortest round-tripping form).
std::string FormatFloat(double value);

}  // namespace xerosync::observe
