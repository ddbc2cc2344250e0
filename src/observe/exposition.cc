#include "observe/exposition.h"

#include <algorithm>
#include <cassert>
#include <charconv>
#include <cmath>
#include <limits>

namespace xerosync::observe {
namespace {

bool IsNameStart(char c, bool colon_ok) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (colon_ok && c == ':');
}

[[maybe_unused]] bool IsValidName(std::string_view name, bool colon_ok) {
  if (name.empty() || !IsNameStart(name.front(), colon_ok)) return false;
  return std::all_of(name.begin() + 1, name.end(),
                     [&](char c) { return IsNameStart(c, colon_ok) || (c >= '0' && c <= '9'); });
}

std::string_view TypeName(MetricType type) {
  switch (type) {
    case MetricType::kCounter:
      return "counter";
    case MetricType::kGauge:
      return "gauge";
    case MetricType::kHistogram:
      return "histogram";
  }
  return "untyped";
}

}  // namespace

std::string EscapeLabelValue(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string EscapeHelp(std::string_view help) {
  std::string out;
  out.reserve(help.size());
  for (char c : help) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string FormatFloat(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char buffer[64];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  assert(ec == std::errc());
  return std::string(buffer, end);
}

void Exposition::Family(std::string_view name, MetricType type, std::string_view help) {
  assert(IsValidName(name, /*colon_ok=*/true));
  assert(std::find(started_.begin(), started_.end(), name) == started_.end());
  family_ = std::string(name);
  started_.push_back(family_);
  text_ += "# HELP " + family_ + " " + EscapeHelp(help) + "\n";
  text_ += "# TYPE " + family_ + " " + std::string(TypeName(type)) + "\n";
}

void Exposition::Start(std::string_view suffix, const Labels& labels) {
  assert(!family_.empty());
  text_ += family_;
  text_ += suffix;
  if (!labels.empty()) {
    text_ += '{';
    bool first = true;
    for (const auto& [name, value] : labels) {
      assert(IsValidName(name, /*colon_ok=*/false));
      if (!first) text_ += ',';
      first = false;
      text_ += name + "=\"" + EscapeLabelValue(value) + "\"";
    }
    text_ += '}';
  }
  text_ += ' ';
}

void Exposition::Sample(std::string_view suffix, const Labels& labels, int64_t value) {
  Start(suffix, labels);
  text_ += std::to_string(value) + "\n";
}

void Exposition::Sample(std::string_view suffix, const Labels& labels, double value) {
  Start(suffix, labels);
  text_ += FormatFloat(value) + "\n";
}

}  // namespace xerosync::observe
