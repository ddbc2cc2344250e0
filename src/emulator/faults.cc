#include "emulator/faults.h"

#include <algorithm>
#include <cassert>
#include <cctype>
#include <random>
#include <utility>

#include "core/text.h"
#include "emulator/error_bodies.h"

namespace xerosync::emulator {
namespace {

// Segment-aware: "/a/b" covers "/a/b" and "/a/b/c", not "/a/bc".
bool PathCovers(std::string_view prefix, std::string_view path) {
  if (prefix.empty()) return true;
  if (!path.starts_with(prefix)) return false;
  return path.size() == prefix.size() || prefix.ends_with('/') || path[prefix.size()] == '/';
}

bool Matches(const FaultRule& rule, const http::Request& request) {
  if (rule.method && *rule.method != request.method) return false;
  if (!PathCovers(rule.path, request.path)) return false;
  if (rule.tenant) {
    const std::optional<std::string_view> tenant = request.headers.Get("xero-tenant-id");
    if (!tenant || !EqualsIgnoringCase(*tenant, *rule.tenant)) return false;
  }
  return true;
}

// A uniform draw from [0, Decimal::kOne), by rejection so that no value is favoured.
int64_t DrawTenThousandths(std::mt19937_64& draws) {
  constexpr uint64_t kRange = Decimal::kOne;
  constexpr uint64_t kLimit = UINT64_MAX - (UINT64_MAX % kRange);  // a multiple of kRange
  uint64_t x = draws();
  while (x >= kLimit) x = draws();
  return static_cast<int64_t>(x % kRange);
}

uint64_t RuleSeed(const FaultRule& rule, std::optional<uint64_t> faults_seed, int64_t id) {
  if (rule.seed) return *rule.seed;
  if (!faults_seed) return (uint64_t{std::random_device{}()} << 32) | std::random_device{}();
  // Distinct, repeatable streams per rule id (splitmix64's finalizer spreads nearby inputs).
  uint64_t z = *faults_seed + 0x9e3779b97f4a7c15ULL * static_cast<uint64_t>(id);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

}  // namespace

Status ValidateFaultRule(const FaultRule& rule) {
  if (rule.method && (rule.method->empty() || !std::ranges::all_of(*rule.method, [](char c) {
                        return c >= 'A' && c <= 'Z';
                      }))) {
    return InvalidArgumentError("method must be an HTTP method in capitals, such as \"PUT\"");
  }
  if (!rule.path.empty() && !rule.path.starts_with('/')) {
    return InvalidArgumentError("path must start with \"/\"");
  }
  if (rule.path == "/_emulator" || rule.path.starts_with("/_emulator/")) {
    return InvalidArgumentError("path must not be under /_emulator/: faults never apply there");
  }
  if (rule.action == FaultAction::kAnswer && rule.answer == FaultAnswer::kStatus &&
      (rule.status < 400 || rule.status > 599)) {
    return InvalidArgumentError("status must be a whole number from 400 to 599");
  }
  if (rule.hold < std::chrono::milliseconds(0) || rule.hold > std::chrono::minutes(10)) {
    return InvalidArgumentError(
        std::string(rule.action == FaultAction::kTimeout ? "timeout_ms" : "delay_ms") +
        " must be a whole number from 0 to 600000");
  }
  if (rule.times && *rule.times < 1) {
    return InvalidArgumentError("times must be a whole number of at least 1");
  }
  if (rule.probability <= Decimal() || rule.probability > Decimal::FromInt(1)) {
    return InvalidArgumentError("probability must be a decimal from 0.0001 to 1");
  }
  return OkStatus();
}

Faults::Faults(std::optional<uint64_t> seed) : seed_(seed) {}

int64_t Faults::Add(FaultRule rule) {
  assert(ValidateFaultRule(rule).ok());
  std::lock_guard lock(mu_);
  const int64_t id = next_id_++;
  Entry entry;
  entry.state.id = id;
  entry.state.rule = std::move(rule);
  entry.state.remaining = entry.state.rule.times;
  entry.draws.seed(RuleSeed(entry.state.rule, seed_, id));
  entries_.push_back(std::move(entry));
  return id;
}

bool Faults::Remove(int64_t id) {
  std::lock_guard lock(mu_);
  return std::erase_if(entries_, [id](const Entry& e) { return e.state.id == id; }) > 0;
}

int Faults::Clear() {
  std::lock_guard lock(mu_);
  const int removed = static_cast<int>(entries_.size());
  entries_.clear();
  return removed;
}

std::vector<FaultRuleState> Faults::List() const {
  std::lock_guard lock(mu_);
  std::vector<FaultRuleState> out;
  out.reserve(entries_.size());
  for (const Entry& e : entries_) out.push_back(e.state);
  return out;
}

std::optional<Fault> Faults::Decide(const http::Request& request) {
  std::lock_guard lock(mu_);
  for (Entry& e : entries_) {
    FaultRuleState& s = e.state;
    if (s.remaining == 0 || !Matches(s.rule, request)) continue;
    ++s.matched;
    // Rules that always fire draw nothing, so adding one does not shift another's sequence.
    if (s.rule.probability < Decimal::FromInt(1) &&
        DrawTenThousandths(e.draws) >= s.rule.probability.raw()) {
      continue;
    }
    ++s.hits;
    if (s.remaining) --*s.remaining;
    return Fault{.rule_id = s.id,
                 .action = s.rule.action,
                 .answer = s.rule.answer,
                 .status = s.rule.status,
                 .hold = s.rule.hold};
  }
  return std::nullopt;
}

http::Response FaultResponse(const Fault& fault, std::string_view instance) {
  assert(fault.action == FaultAction::kAnswer);
  switch (fault.answer) {
    case FaultAnswer::kInternalError:
      return InternalServerError(instance);
    case FaultAnswer::kInternalErrorHtml:
      return InternalServerErrorHtml();
    case FaultAnswer::kMaintenance:
      return OfflineForMaintenance();
    case FaultAnswer::kUnavailable:
      return TemporarilyUnavailable();
    case FaultAnswer::kEdgeUnavailable:
      return EdgeServiceUnavailable();
    case FaultAnswer::kStatus:
      return ErrorAnswer(fault.status, instance);
  }
  return InternalServerError(instance);
}

}  // namespace xerosync::emulator
