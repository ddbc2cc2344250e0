// The record format and the in-memory store. The file store is in file_token_store.cc.
#include "xero/token_store.h"

#include <algorithm>
#include <cctype>
#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <utility>

#include "core/json.h"

namespace xerosync::xero {

namespace {

Json Millis(TimePoint t) {
  return Json::Integer(
      std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count());
}

Json Strings(const std::vector<std::string>& values) {
  Json::Array out;
  for (const std::string& v : values) out.push_back(Json::String(v));
  return Json::MakeArray(std::move(out));
}

Status Bad(std::string_view member) {
  return DataLossError("token record: member '" + std::string(member) + "' is missing or invalid");
}

Status ReadString(const Json& object, std::string_view key, std::string& out) {
  const Json* v = object.Find(key);
  if (v == nullptr || !v->is_string()) return Bad(key);
  out = v->AsString();
  return OkStatus();
}

Status ReadTime(const Json& object, std::string_view key, TimePoint& out) {
  const Json* v = object.Find(key);
  if (v == nullptr) return Bad(key);
  Result<int64_t> ms = v->AsInt64();
  if (!ms.ok()) return Bad(key);
  out = TimePoint(std::chrono::milliseconds(*ms));
  return OkStatus();
}

Status ReadStrings(const Json& object, std::string_view key, std::vector<std::string>& out) {
  const Json* v = object.Find(key);
  if (v == nullptr || !v->is_array()) return Bad(key);
  out.clear();
  for (const Json& e : v->AsArray()) {
    if (!e.is_string()) return Bad(key);
    out.push_back(e.AsString());
  }
  return OkStatus();
}

class MemoryLock final : public TokenLock {
 public:
  MemoryLock(std::mutex& mu, std::condition_variable& cv, std::set<std::string, std::less<>>& held,
             std::string id)
      : mu_(mu), cv_(cv), held_(held), id_(std::move(id)) {}
  ~MemoryLock() override {
    {
      const std::lock_guard lock(mu_);
      held_.erase(id_);
    }
    cv_.notify_all();
  }
  MemoryLock(const MemoryLock&) = delete;
  MemoryLock& operator=(const MemoryLock&) = delete;

 private:
  std::mutex& mu_;
  std::condition_variable& cv_;
  std::set<std::string, std::less<>>& held_;
  std::string id_;
};

class MemoryTokenStore final : public TokenStore {
 public:
  Result<StoredTokens> Load(std::string_view connection_id) override {
    const std::lock_guard lock(mu_);
    const auto it = tokens_.find(connection_id);
    if (it == tokens_.end()) {
      return NotFoundError("no tokens for connection " + std::string(connection_id));
    }
    return it->second;
  }
  Status Save(std::string_view connection_id, const StoredTokens& tokens) override {
    RETURN_IF_ERROR(ValidateConnectionId(connection_id));
    const std::lock_guard lock(mu_);
    tokens_.insert_or_assign(std::string(connection_id), tokens);
    return OkStatus();
  }
  Status Remove(std::string_view connection_id) override {
    const std::lock_guard lock(mu_);
    if (const auto it = tokens_.find(connection_id); it != tokens_.end()) tokens_.erase(it);
    return OkStatus();
  }
  Result<std::vector<std::string>> List() override {
    const std::lock_guard lock(mu_);
    std::vector<std::string> out;
    for (const auto& [id, tokens] : tokens_) out.push_back(id);
    return out;
  }
  Result<std::unique_ptr<TokenLock>> Lock(std::string_view connection_id,
                                          std::chrono::milliseconds timeout) override {
    RETURN_IF_ERROR(ValidateConnectionId(connection_id));
    std::unique_lock lock(mu_);
    const bool free = cv_.wait_for(lock, timeout, [&] { return !held_.contains(connection_id); });
    if (!free) {
      return DeadlineExceededError("the refresh lock of connection " + std::string(connection_id) +
                                   " stayed taken");
    }
    held_.emplace(connection_id);
    return std::unique_ptr<TokenLock>(
        std::make_unique<MemoryLock>(mu_, cv_, held_, std::string(connection_id)));
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::string, StoredTokens, std::less<>> tokens_;  // GUARDED_BY(mu_)
  std::set<std::string, std::less<>> held_;                  // GUARDED_BY(mu_)
};

}  // namespace

std::string_view ConnectionStateName(ConnectionState state) {
  switch (state) {
    case ConnectionState::kActive:
      return "active";
    case ConnectionState::kExpired:
      return "expired";
    case ConnectionState::kRevoked:
      return "revoked";
    case ConnectionState::kMissingScope:
      return "missing_scope";
    case ConnectionState::kDisconnected:
      return "disconnected";
  }
  return "active";
}

std::optional<ConnectionState> ParseConnectionState(std::string_view name) {
  for (const ConnectionState s :
       {ConnectionState::kActive, ConnectionState::kExpired, ConnectionState::kRevoked,
        ConnectionState::kMissingScope, ConnectionState::kDisconnected}) {
    if (ConnectionStateName(s) == name) return s;
  }
  return std::nullopt;
}

Status ValidateConnectionId(std::string_view connection_id) {
  const bool ok = !connection_id.empty() && connection_id.size() <= 128 &&
                  std::ranges::all_of(connection_id, [](unsigned char c) {
                    return std::isalnum(c) != 0 || c == '-' || c == '_';
                  });
  if (ok) return OkStatus();
  return InvalidArgumentError("a connection id is 1 to 128 of [A-Za-z0-9_-]");
}

std::string SerializeTokens(const StoredTokens& tokens) {
  Json out = Json::MakeObject();
  out.Set("access_token", Json::String(tokens.access_token));
  out.Set("access_expires_ms", Millis(tokens.access_expires));
  out.Set("refresh_token", Json::String(tokens.refresh_token));
  out.Set("refresh_issued_ms", Millis(tokens.refresh_issued));
  out.Set("previous_refresh_token", Json::String(tokens.previous_refresh_token));
  out.Set("previous_replaced_ms",
          tokens.previous_replaced ? Millis(*tokens.previous_replaced) : Json::Null());
  out.Set("scopes", Strings(tokens.scopes));
  out.Set("tenant_ids", Strings(tokens.tenant_ids));
  out.Set("xero_connection_ids", Strings(tokens.xero_connection_ids));
  out.Set("tenant_names", Strings(tokens.tenant_names));
  out.Set("state", Json::String(std::string(ConnectionStateName(tokens.state))));
  out.Set("reason", Json::String(tokens.reason));
  return out.Serialize();
}

Result<StoredTokens> ParseTokens(std::string_view text) {
  Result<Json> parsed = Json::Parse(text);
  if (!parsed.ok() || !parsed->is_object()) return DataLossError("token record: not a JSON object");
  const Json& j = *parsed;
  StoredTokens t;
  RETURN_IF_ERROR(ReadString(j, "access_token", t.access_token));
  RETURN_IF_ERROR(ReadTime(j, "access_expires_ms", t.access_expires));
  RETURN_IF_ERROR(ReadString(j, "refresh_token", t.refresh_token));
  RETURN_IF_ERROR(ReadTime(j, "refresh_issued_ms", t.refresh_issued));
  RETURN_IF_ERROR(ReadString(j, "previous_refresh_token", t.previous_refresh_token));
  if (const Json* p = j.Find("previous_replaced_ms"); p != nullptr && !p->is_null()) {
    TimePoint replaced;
    RETURN_IF_ERROR(ReadTime(j, "previous_replaced_ms", replaced));
    t.previous_replaced = replaced;
  }
  RETURN_IF_ERROR(ReadStrings(j, "scopes", t.scopes));
  RETURN_IF_ERROR(ReadStrings(j, "tenant_ids", t.tenant_ids));
  RETURN_IF_ERROR(ReadStrings(j, "xero_connection_ids", t.xero_connection_ids));
  if (j.Find("tenant_names") != nullptr) {  // absent from records written before names were kept
    RETURN_IF_ERROR(ReadStrings(j, "tenant_names", t.tenant_names));
  }
  std::string state;
  RETURN_IF_ERROR(ReadString(j, "state", state));
  const std::optional<ConnectionState> parsed_state = ParseConnectionState(state);
  if (!parsed_state) return Bad("state");
  t.state = *parsed_state;
  RETURN_IF_ERROR(ReadString(j, "reason", t.reason));
  return t;
}

std::unique_ptr<TokenStore> NewMemoryTokenStore() { return std::make_unique<MemoryTokenStore>(); }

Result<int> RewriteAll(TokenStore& store, std::chrono::milliseconds lock_timeout) {
  ASSIGN_OR_RETURN(const std::vector<std::string> ids, store.List());
  int count = 0;
  for (const std::string& id : ids) {
    ASSIGN_OR_RETURN(const std::unique_ptr<TokenLock> lock, store.Lock(id, lock_timeout));
    Result<StoredTokens> tokens = store.Load(id);
    if (tokens.status().code() == StatusCode::kNotFound) continue;  // removed meanwhile
    RETURN_IF_ERROR(tokens.status().WithContext("connection " + id));
    RETURN_IF_ERROR(store.Save(id, *tokens));
    ++count;
  }
  return count;
}

}  // namespace xerosync::xero
