#include "api/settings_routes.h"

#include <charconv>
#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "api/parts.h"
#include "api/routes.h"
#include "core/json.h"
#include "sync/lookups.h"

namespace xerosync::api {
namespace {

constexpr int64_t kMaxIntervalMinutes = 1440;  // a day
constexpr int64_t kDefaultIntervalMinutes = 10;
constexpr std::string_view kAutoCreate = "auto_create_contacts";
constexpr std::string_view kLockPolicy = "lock_date_policy";

struct Settings {
  int64_t interval_minutes = kDefaultIntervalMinutes;
  bool auto_create_contacts = false;
  std::string lock_date_policy = "fail";
};

Result<std::optional<int64_t>> StoredInterval(store::Store& store) {
  ASSIGN_OR_RETURN(const std::optional<std::string> text,
                   store.GetInstallationSetting(kSyncIntervalSetting));
  if (!text) return std::optional<int64_t>();
  int64_t minutes = 0;
  const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), minutes);
  if (error != std::errc() || end != text->data() + text->size() || minutes < 0 ||
      minutes > kMaxIntervalMinutes) {
    return DataLossError("the stored " + std::string(kSyncIntervalSetting) + " '" + *text +
                         "' is not a number of minutes");
  }
  return std::optional<int64_t>(minutes);
}

Result<Settings> Read(Call& call) {
  Settings settings;
  if (call.context.scheduler != nullptr) {
    settings.interval_minutes =
        std::chrono::duration_cast<std::chrono::minutes>(call.context.scheduler->interval())
            .count();
  } else {
    ASSIGN_OR_RETURN(const std::optional<int64_t> stored, StoredInterval(call.context.store));
    if (stored) settings.interval_minutes = *stored;
  }
  ASSIGN_OR_RETURN(const std::vector<store::Mapping> mappings,
                   call.context.store.ListMappings(call.org.tenant));
  for (const store::Mapping& m : mappings) {
    if (m.kind != "setting") continue;
    if (m.from == kAutoCreate) settings.auto_create_contacts = m.to == "true";
    if (m.from == kLockPolicy) settings.lock_date_policy = m.to;
  }
  return settings;
}

Json SettingsJson(const Settings& settings) {
  Json json = Json::MakeObject();
  json.Set("sync_interval_minutes", Json::Integer(settings.interval_minutes));
  json.Set("auto_create_contacts", Json::Bool(settings.auto_create_contacts));
  json.Set("lock_date_policy", Str(settings.lock_date_policy));
  return json;
}

Response GetSettings(Call& call) {
  Result<Settings> settings = Read(call);
  if (!settings.ok()) return StatusResponse(settings.status());
  return JsonResponse(200, SettingsJson(*settings));
}

// What a PUT asks to change, checked.
struct Change {
  std::optional<int64_t> interval_minutes;
  std::optional<bool> auto_create_contacts;
  std::optional<std::string> lock_date_policy;
};

std::variant<Change, Response> ReadChange(const Json& body) {
  Change change;
  for (const auto& [name, value] : body.AsObject()) {
    if (name == "sync_interval_minutes") {
      Result<int64_t> minutes = value.is_number() ? value.AsInt64() : Result<int64_t>(0);
      if (!value.is_number() || !minutes.ok() || *minutes < 0 || *minutes > kMaxIntervalMinutes) {
        return BadRequest(
            "must be a whole number of minutes from 1 to 1440, or 0 to turn "
            "automatic sync off",
            name);
      }
      change.interval_minutes = *minutes;
    } else if (name == kAutoCreate) {
      if (!value.is_bool()) return BadRequest("must be true or false", name);
      change.auto_create_contacts = value.AsBool();
    } else if (name == kLockPolicy) {
      if (!value.is_string() || (value.AsString() != "fail" && value.AsString() != "shift")) {
        return BadRequest(
            "must be \"fail\" (refuse a date in a locked period) or \"shift\" (send it dated the "
            "first open day)",
            name);
      }
      change.lock_date_policy = value.AsString();
    } else {
      // Named in the message too: the field is the client's text.
      return BadRequest(
          "not a setting (sync_interval_minutes, auto_create_contacts, "
          "lock_date_policy)",
          name.size() <= 64 ? name : name.substr(0, 64));
    }
  }
  return change;
}

Response PutSettings(Call& call) {
  auto parsed = BodyObject(call.request, call.context);
  if (auto* response = std::get_if<Response>(&parsed)) return std::move(*response);
  auto read = ReadChange(std::get<Json>(parsed));
  if (auto* response = std::get_if<Response>(&read)) return std::move(*response);
  const Change& change = std::get<Change>(read);
  Result<Settings> before = Read(call);
  if (!before.ok()) return StatusResponse(before.status());

  store::Store& store = call.context.store;
  const TimePoint now = call.context.clock.Now();
  const std::string actor = call.principal.Actor();
  std::vector<std::string> changed;
  if (change.interval_minutes && *change.interval_minutes != before->interval_minutes) {
    if (Status put = store.PutInstallationSetting(kSyncIntervalSetting,
                                                  std::to_string(*change.interval_minutes));
        !put.ok()) {
      return StatusResponse(put);
    }
    if (call.context.scheduler != nullptr) {
      if (Status set =
              call.context.scheduler->SetInterval(std::chrono::minutes(*change.interval_minutes));
          !set.ok()) {
        return StatusResponse(set);
      }
    }
    changed.push_back("sync_interval_minutes " + std::to_string(before->interval_minutes) + " -> " +
                      std::to_string(*change.interval_minutes));
  }
  bool mappings_changed = false;
  const auto set = [&](std::string_view name, const std::string& from, const std::string& to) {
    if (from == to) return OkStatus();
    mappings_changed = true;
    changed.push_back(std::string(name) + " " + from + " -> " + to);
    return store.SetMapping(call.org.tenant, {"setting", std::string(name), to}, actor, now);
  };
  if (change.auto_create_contacts) {
    const auto text = [](bool on) { return std::string(on ? "true" : "false"); };
    if (Status s = set(kAutoCreate, text(before->auto_create_contacts),
                       text(*change.auto_create_contacts));
        !s.ok()) {
      return StatusResponse(s);
    }
  }
  if (change.lock_date_policy) {
    if (Status s = set(kLockPolicy, before->lock_date_policy, *change.lock_date_policy); !s.ok()) {
      return StatusResponse(s);
    }
  }
  int64_t released = 0;
  if (mappings_changed) {
    // What the change can fix (a contact now created, a date now moved) is tried again.
    Result<int64_t> r =
        store.ReleaseAfterRelevantChange(call.org.tenant, sync::CodesReleasedOnChange(), now);
    if (!r.ok()) return StatusResponse(r.status());
    released = *r;
    if (released > 0 && call.context.scheduler != nullptr) {
      call.context.scheduler->Changed(call.org.tenant);
    }
  }
  if (!changed.empty()) {
    std::string detail;
    for (const std::string& c : changed) detail += (detail.empty() ? "" : "; ") + c;
    store::AuditEntry entry;
    entry.at = now;
    entry.actor = actor;
    entry.action = "settings.change";
    entry.subject = call.org.name;
    entry.detail = std::move(detail);
    entry.organisation = call.org.tenant;
    if (Status audited = store.AppendAudit(entry); !audited.ok()) return StatusResponse(audited);
  }
  Result<Settings> after = Read(call);
  if (!after.ok()) return StatusResponse(after.status());
  Json body = SettingsJson(*after);
  body.Set("released", Json::Integer(released));
  return JsonResponse(200, body);
}

}  // namespace

Status ApplyStoredSyncInterval(store::Store& store, sync::Scheduler& scheduler) {
  ASSIGN_OR_RETURN(const std::optional<int64_t> stored, StoredInterval(store));
  if (!stored) return OkStatus();
  return scheduler.SetInterval(std::chrono::minutes(*stored));
}

void AddSettingsRoutes(http::Router& router, ApiContext& context) {
  AddOrgRoute(router, context, "GET", "/settings", Permission::kViewStatus, GetSettings);
  AddOrgRoute(router, context, "PUT", "/settings", Permission::kSettings, PutSettings);
}

}  // namespace xerosync::api
