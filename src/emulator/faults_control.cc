// The control routes for fault injection (faults.h, docs/emulator.md), in the style of
// control.cc: JSON bodies, 400 {"error": ...} naming the field, nothing changed on a bad request.
#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <string>
#include <utility>

#include "core/json.h"
#include "emulator/control.h"
#include "emulator/faults.h"

namespace xerosync::emulator {
namespace {

using control_json::Answer;
using control_json::Counted;
using control_json::Error;

struct ActionName {
  FaultAction action;
  std::string_view name;
};
constexpr std::array<ActionName, 4> kActions = {{{FaultAction::kAnswer, "answer"},
                                                 {FaultAction::kDelay, "delay"},
                                                 {FaultAction::kTimeout, "timeout"},
                                                 {FaultAction::kApplyThenDrop, "apply-then-drop"}}};

struct KindName {
  FaultAnswer answer;
  std::string_view name;
};
constexpr std::array<KindName, 6> kKinds = {{{FaultAnswer::kInternalError, "500"},
                                             {FaultAnswer::kInternalErrorHtml, "500-html"},
                                             {FaultAnswer::kMaintenance, "503-text"},
                                             {FaultAnswer::kUnavailable, "503-unavailable"},
                                             {FaultAnswer::kEdgeUnavailable, "503-html"},
                                             {FaultAnswer::kStatus, "status"}}};

constexpr std::array<std::string_view, 11> kFields = {
    "method", "path", "tenant",   "action",     "kind",       "status",
    "times",  "seed", "delay_ms", "timeout_ms", "probability"};

Result<std::string> OptionalString(const Json& body, std::string_view key) {
  const Json* value = body.Find(key);
  if (value == nullptr) return std::string();
  if (!value->is_string() || value->AsString().empty()) {
    return InvalidArgumentError(std::string(key) + " must be a non-empty string");
  }
  return value->AsString();
}

// A whole number member within [min, max]; nullopt when absent.
Result<std::optional<int64_t>> OptionalWhole(const Json& body, std::string_view key, int64_t min,
                                             int64_t max) {
  const Json* value = body.Find(key);
  if (value == nullptr) return std::optional<int64_t>();
  Result<int64_t> n = value->AsInt64();
  if (!n.ok() || *n < min || *n > max) {
    return InvalidArgumentError(std::string(key) + " must be a whole number from " +
                                std::to_string(min) + " to " + std::to_string(max));
  }
  return std::optional<int64_t>(*n);
}

// "kind": a name from kKinds, or a status code ("502" or 502) for FaultAnswer::kStatus.
Status ParseKind(const Json& kind, FaultRule& rule) {
  std::string text = kind.is_string() ? kind.AsString() : kind.is_number() ? kind.NumberText() : "";
  for (const KindName& k : kKinds) {
    if (k.name == text) {
      rule.answer = k.answer;
      return OkStatus();
    }
  }
  int status = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), status);
  if (ec == std::errc() && end == text.data() + text.size() && status >= 400 && status <= 599) {
    rule.answer = FaultAnswer::kStatus;
    rule.status = status;
    return OkStatus();
  }
  return InvalidArgumentError(
      "kind must be one of \"500\", \"500-html\", \"503-text\", \"503-unavailable\", "
      "\"503-html\", \"status\" (with status) or a status code from 400 to 599");
}

Result<Decimal> ParseProbability(const Json& value) {
  Result<Decimal> p = value.is_string()   ? Decimal::Parse(value.AsString())
                      : value.is_number() ? value.AsDecimal()
                                          : Result<Decimal>(InvalidArgumentError(""));
  if (!p.ok() || *p <= Decimal() || *p > Decimal::FromInt(1)) {
    return InvalidArgumentError(
        "probability must be a decimal from 0.0001 to 1 with at most 4 places, such as \"0.25\"");
  }
  return *p;
}

// The rule a POST body describes (docs/emulator.md); kInvalidArgument naming the field.
Result<FaultRule> ParseRule(std::string_view text) {
  Result<Json> parsed = Json::Parse(text.empty() ? "{}" : text);
  if (!parsed.ok() || !parsed->is_object()) {
    return InvalidArgumentError("the body must be a JSON object");
  }
  const Json& body = *parsed;
  for (const auto& [key, value] : body.AsObject()) {
    if (std::ranges::find(kFields, key) == kFields.end()) {
      return InvalidArgumentError("unknown field " + key);
    }
  }
  FaultRule rule;
  ASSIGN_OR_RETURN(std::string method, OptionalString(body, "method"));
  for (char& c : method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (!method.empty()) rule.method = method;
  ASSIGN_OR_RETURN(rule.path, OptionalString(body, "path"));
  ASSIGN_OR_RETURN(std::string tenant, OptionalString(body, "tenant"));
  if (!tenant.empty()) rule.tenant = tenant;

  const Json* kind = body.Find("kind");
  const Json* status = body.Find("status");
  const Json* delay = body.Find("delay_ms");
  const Json* timeout = body.Find("timeout_ms");
  if (const Json* action = body.Find("action")) {
    const auto* found = std::ranges::find_if(kActions, [&](const ActionName& a) {
      return action->is_string() && a.name == action->AsString();
    });
    if (found == kActions.end()) {
      return InvalidArgumentError(
          "action must be one of \"answer\", \"delay\", \"timeout\", \"apply-then-drop\"");
    }
    rule.action = found->action;
  } else if (timeout != nullptr) {
    rule.action = FaultAction::kTimeout;
  } else if (kind != nullptr || status != nullptr) {
    rule.action = FaultAction::kAnswer;
  } else if (delay != nullptr) {
    rule.action = FaultAction::kDelay;
  } else {
    return InvalidArgumentError("action is required (or kind, status, delay_ms or timeout_ms)");
  }

  const bool answers = rule.action == FaultAction::kAnswer;
  if (!answers && (kind != nullptr || status != nullptr)) {
    return InvalidArgumentError(std::string(kind != nullptr ? "kind" : "status") +
                                " goes only with action \"answer\"");
  }
  if (answers) {
    const bool by_status = kind == nullptr || (kind->is_string() && kind->AsString() == "status");
    if (kind != nullptr) RETURN_IF_ERROR(ParseKind(*kind, rule));
    if (!by_status && status != nullptr) {
      return InvalidArgumentError("status goes only with kind \"status\"");
    }
    if (by_status) {
      ASSIGN_OR_RETURN(std::optional<int64_t> code, OptionalWhole(body, "status", 400, 599));
      if (!code) {
        return InvalidArgumentError(kind == nullptr ? "kind is required with action \"answer\""
                                                    : "status is required with kind \"status\"");
      }
      rule.answer = FaultAnswer::kStatus;
      rule.status = static_cast<int>(*code);
    }
  }

  constexpr int64_t kMaxHoldMs = 600'000;
  const bool times_out = rule.action == FaultAction::kTimeout;
  if (times_out && delay != nullptr) {
    return InvalidArgumentError("delay_ms does not go with action \"timeout\": use timeout_ms");
  }
  if (!times_out && timeout != nullptr) {
    return InvalidArgumentError("timeout_ms goes only with action \"timeout\"");
  }
  const std::string_view hold_key = times_out ? "timeout_ms" : "delay_ms";
  ASSIGN_OR_RETURN(std::optional<int64_t> hold, OptionalWhole(body, hold_key, 0, kMaxHoldMs));
  if (!hold && (times_out || rule.action == FaultAction::kDelay)) {
    return InvalidArgumentError(std::string(hold_key) + " is required with action \"" +
                                (times_out ? "timeout" : "delay") + "\"");
  }
  rule.hold = std::chrono::milliseconds(hold.value_or(0));

  ASSIGN_OR_RETURN(rule.times, OptionalWhole(body, "times", 1, int64_t{1} << 40));
  if (const Json* p = body.Find("probability")) {
    ASSIGN_OR_RETURN(rule.probability, ParseProbability(*p));
  }
  ASSIGN_OR_RETURN(std::optional<int64_t> seed, OptionalWhole(body, "seed", 0, INT64_MAX));
  if (seed) rule.seed = static_cast<uint64_t>(*seed);
  RETURN_IF_ERROR(ValidateFaultRule(rule));
  return rule;
}

Json View(const FaultRuleState& state) {
  const FaultRule& rule = state.rule;
  Json out = Json::MakeObject();
  out.Set("id", Json::Integer(state.id));
  if (rule.method) out.Set("method", Json::String(*rule.method));
  if (!rule.path.empty()) out.Set("path", Json::String(rule.path));
  if (rule.tenant) out.Set("tenant", Json::String(*rule.tenant));
  for (const ActionName& a : kActions) {
    if (a.action == rule.action) out.Set("action", Json::String(std::string(a.name)));
  }
  if (rule.action == FaultAction::kAnswer) {
    for (const KindName& k : kKinds) {
      if (k.answer == rule.answer) out.Set("kind", Json::String(std::string(k.name)));
    }
    if (rule.answer == FaultAnswer::kStatus) out.Set("status", Json::Integer(rule.status));
  }
  if (rule.action == FaultAction::kTimeout || rule.hold.count() > 0) {
    out.Set(rule.action == FaultAction::kTimeout ? "timeout_ms" : "delay_ms",
            Json::Integer(rule.hold.count()));
  }
  if (rule.times) out.Set("times", Json::Integer(*rule.times));
  out.Set("probability", Json::String(rule.probability.ToString(0)));
  if (rule.seed) out.Set("seed", Json::Integer(static_cast<int64_t>(*rule.seed)));
  out.Set("matched", Json::Integer(state.matched));
  out.Set("hits", Json::Integer(state.hits));
  out.Set("remaining", state.remaining ? Json::Integer(*state.remaining) : Json::Null());
  return out;
}

}  // namespace

void AddFaultRoutes(http::Router& router, Faults& faults) {
  router.Add("POST", "/_emulator/faults", [&faults](http::Request& r) {
    Result<FaultRule> rule = ParseRule(r.body);
    if (!rule.ok()) return Error(400, rule.status().message());
    const int64_t id = faults.Add(*std::move(rule));
    for (const FaultRuleState& state : faults.List()) {
      if (state.id == id) return Answer(201, View(state));
    }
    return Answer(201, Counted("id", static_cast<int>(id)));  // removed meanwhile
  });
  router.Add("GET", "/_emulator/faults", [&faults](http::Request&) {
    Json list = Json::MakeArray();
    for (const FaultRuleState& state : faults.List()) list.Append(View(state));
    Json body = Json::MakeObject();
    body.Set("faults", std::move(list));
    return Answer(200, body);
  });
  router.Add("DELETE", "/_emulator/faults",
             [&faults](http::Request&) { return Answer(200, Counted("removed", faults.Clear())); });
  router.Add("DELETE", "/_emulator/faults/{id}", [&faults](http::Request& r) {
    const std::string_view text = r.Param("id");
    int64_t id = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (ec != std::errc() || end != text.data() + text.size() || !faults.Remove(id)) {
      return Error(404, "no fault rule " + std::string(text));
    }
    return Answer(200, Counted("removed", 1));
  });
}

}  // namespace xerosync::emulator
