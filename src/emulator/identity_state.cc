// Identity's grants and tokens in the --state file (identity.h, ExportState / ImportState). Kept
// apart from identity.cc: only the state file needs it. Times use the state form's text
// (state_json.h); the form is
//   {"grants": [{"auth_event_id", "client_id", "scopes": [..], "revoked",
//                "connections": [{"id", "tenant_id", "created", "updated"}]}],
//    "refresh_tokens": [{"token", "auth_event_id", "issued", "successor", "superseded"|null,
//                        "expired_by_control"}],
//    "access_tokens": [{"token", "auth_event_id", "expires", "scopes": [..]}]}
#include <utility>

#include "emulator/identity.h"
#include "emulator/state_json.h"

namespace xerosync::emulator {
namespace {

Json Strings(const std::vector<std::string>& values) {
  Json array = Json::MakeArray();
  for (const std::string& value : values) array.Append(Json::String(value));
  return array;
}

Json Time(TimePoint time) { return Json::String(FormatStateTime(time)); }

// Reads the members of one object, keeping the first error (named by `path`).
class Members {
 public:
  Members(const Json& json, std::string path) : json_(json), path_(std::move(path)) {
    if (!json.is_object()) status_ = InvalidArgumentError(path_ + " must be an object");
  }

  std::string Text(const char* key) {
    const Json* value = Find(key);
    if (value == nullptr || !value->is_string()) return Fail(key, "a string"), std::string();
    return value->AsString();
  }
  bool Flag(const char* key) {
    const Json* value = Find(key);
    if (value == nullptr || !value->is_bool()) return Fail(key, "true or false"), false;
    return value->AsBool();
  }
  TimePoint Time(const char* key) {
    const std::optional<TimePoint> time = OptionalTime(key);
    if (!time && ok()) Fail(key, "a UTC time");
    return time.value_or(TimePoint{});
  }
  std::optional<TimePoint> OptionalTime(const char* key) {
    const Json* value = Find(key);
    if (value == nullptr || value->is_null()) return std::nullopt;
    std::optional<TimePoint> time =
        value->is_string() ? ParseStateTime(value->AsString()) : std::nullopt;
    if (!time) Fail(key, "a UTC time or null");
    return time;
  }
  std::vector<std::string> Strings(const char* key) {
    std::vector<std::string> values;
    const Json* value = Find(key);
    if (value == nullptr || !value->is_array()) return Fail(key, "an array of strings"), values;
    for (const Json& item : value->AsArray()) {
      if (!item.is_string()) return Fail(key, "an array of strings"), values;
      values.push_back(item.AsString());
    }
    return values;
  }
  // The objects of array member `key`, each with its path.
  std::vector<std::pair<const Json*, std::string>> Objects(const char* key) {
    std::vector<std::pair<const Json*, std::string>> items;
    const Json* value = Find(key);
    if (value == nullptr || !value->is_array()) return Fail(key, "an array"), items;
    for (std::size_t i = 0; i < value->AsArray().size(); ++i) {
      items.emplace_back(&value->AsArray()[i], path_ + "." + key + "[" + std::to_string(i) + "]");
    }
    return items;
  }

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }
  // Adopts a nested reader's error.
  void Absorb(const Members& nested) {
    if (ok() && !nested.ok()) status_ = nested.status();
  }

 private:
  const Json* Find(const char* key) const { return ok() ? json_.Find(key) : nullptr; }
  void Fail(const char* key, std::string_view expected) {
    if (ok()) {
      status_ = InvalidArgumentError(path_ + "." + key + " must be " + std::string(expected));
    }
  }

  const Json& json_;
  std::string path_;
  Status status_;
};

}  // namespace

Json Identity::ExportState() const {
  std::lock_guard lock(mu_);
  Json grants = Json::MakeArray();
  for (const auto& [id, grant] : grants_) {
    Json connections = Json::MakeArray();
    for (const Connection& c : grant.connections) {
      connections.Append(Json::MakeObject({{"id", Json::String(c.id)},
                                           {"tenant_id", Json::String(c.tenant_id)},
                                           {"created", Time(c.created)},
                                           {"updated", Time(c.updated)}}));
    }
    grants.Append(Json::MakeObject({{"auth_event_id", Json::String(grant.auth_event_id)},
                                    {"client_id", Json::String(grant.client_id)},
                                    {"scopes", Strings(grant.scopes)},
                                    {"revoked", Json::Bool(grant.revoked)},
                                    {"connections", std::move(connections)}}));
  }
  Json refresh_tokens = Json::MakeArray();
  for (const auto& [token, r] : refresh_tokens_) {
    refresh_tokens.Append(
        Json::MakeObject({{"token", Json::String(token)},
                          {"auth_event_id", Json::String(r.auth_event_id)},
                          {"issued", Time(r.issued)},
                          {"successor", Json::String(r.successor)},
                          {"superseded", r.superseded ? Time(*r.superseded) : Json::Null()},
                          {"expired_by_control", Json::Bool(r.expired_by_control)}}));
  }
  Json access_tokens = Json::MakeArray();
  for (const auto& [token, a] : access_tokens_) {
    access_tokens.Append(Json::MakeObject({{"token", Json::String(token)},
                                           {"auth_event_id", Json::String(a.auth_event_id)},
                                           {"expires", Time(a.expires)},
                                           {"scopes", Strings(a.scopes)}}));
  }
  return Json::MakeObject({{"grants", std::move(grants)},
                           {"refresh_tokens", std::move(refresh_tokens)},
                           {"access_tokens", std::move(access_tokens)}});
}

Status Identity::ImportState(const Json& state) {
  std::map<std::string, Grant, std::less<>> grants;
  std::map<std::string, RefreshToken, std::less<>> refresh_tokens;
  std::map<std::string, AccessToken, std::less<>> access_tokens;
  Members top(state, "identity");
  for (const auto& [json, path] : top.Objects("grants")) {
    Members m(*json, path);
    Grant grant;
    grant.auth_event_id = m.Text("auth_event_id");
    grant.client_id = m.Text("client_id");
    grant.scopes = m.Strings("scopes");
    grant.revoked = m.Flag("revoked");
    for (const auto& [connection_json, connection_path] : m.Objects("connections")) {
      Members c(*connection_json, connection_path);
      grant.connections.push_back(
          Connection{c.Text("id"), c.Text("tenant_id"), c.Time("created"), c.Time("updated")});
      m.Absorb(c);
    }
    top.Absorb(m);
    std::string id = grant.auth_event_id;
    grants.insert_or_assign(std::move(id), std::move(grant));
  }
  for (const auto& [json, path] : top.Objects("refresh_tokens")) {
    Members m(*json, path);
    std::string token = m.Text("token");
    refresh_tokens.insert_or_assign(
        std::move(token),
        RefreshToken{m.Text("auth_event_id"), m.Time("issued"), m.Text("successor"),
                     m.OptionalTime("superseded"), m.Flag("expired_by_control")});
    top.Absorb(m);
  }
  for (const auto& [json, path] : top.Objects("access_tokens")) {
    Members m(*json, path);
    std::string token = m.Text("token");
    access_tokens.insert_or_assign(
        std::move(token),
        AccessToken{m.Text("auth_event_id"), m.Time("expires"), m.Strings("scopes")});
    top.Absorb(m);
  }
  RETURN_IF_ERROR(top.status());
  std::lock_guard lock(mu_);
  grants_ = std::move(grants);
  refresh_tokens_ = std::move(refresh_tokens);
  access_tokens_ = std::move(access_tokens);
  return OkStatus();
}

}  // namespace xerosync::emulator
