#include "xero/token_manager.h"

#include <algorithm>
#include <utility>

#include "core/json.h"

namespace xerosync::xero {

namespace {

// Refuses tokens of a connection the user must connect again.
Status Usable(std::string_view connection_id, const StoredTokens& tokens) {
  switch (tokens.state) {
    case ConnectionState::kActive:
    case ConnectionState::kMissingScope:  // other calls still work; the console asks for consent
      return OkStatus();
    case ConnectionState::kExpired:
    case ConnectionState::kRevoked:
    case ConnectionState::kDisconnected:
      break;
  }
  return FailedPreconditionError("connection " + std::string(connection_id) + " is " +
                                 std::string(ConnectionStateName(tokens.state)) + ": " +
                                 tokens.reason);
}

// What is kept of a disconnected connection: no tokens, no organisations.
StoredTokens Disconnected(const StoredTokens& before) {
  StoredTokens after;
  after.scopes = before.scopes;
  after.state = ConnectionState::kDisconnected;
  after.reason = "disconnected from xerosync";
  return after;
}

std::string Joined(const std::vector<std::string>& values) {
  std::string out;
  for (const std::string& v : values) out += (out.empty() ? "" : " ") + v;
  return out;
}

std::string ProblemDetail(std::string_view body) {
  Result<Json> parsed = Json::Parse(body);
  if (!parsed.ok() || !parsed->is_object()) return "";
  const Json* detail = parsed->Find("Detail");
  return detail != nullptr && detail->is_string() ? detail->AsString() : "";
}

}  // namespace

TokenManager::TokenManager(const OAuthClient& client, TokenStore& store, const Clock& clock,
                           TokenManagerOptions options)
    : client_(client), store_(store), clock_(clock), options_(options) {}

Result<std::vector<XeroConnection>> TokenManager::Connect(std::string_view connection_id,
                                                          std::string_view code,
                                                          std::string_view code_verifier) {
  RETURN_IF_ERROR(ValidateConnectionId(connection_id));
  const TimePoint now = clock_.Now();
  ASSIGN_OR_RETURN(const TokenResponse tokens, client_.ExchangeCode(code, code_verifier));
  if (tokens.refresh_token.empty()) {
    return FailedPreconditionError(
        "Xero issued no refresh token: the consent lacked the offline_access scope");
  }
  ASSIGN_OR_RETURN(std::vector<XeroConnection> connections,
                   client_.ListConnections(tokens.access_token));
  StoredTokens stored;
  stored.access_token = tokens.access_token;
  stored.access_expires = now + std::chrono::seconds(tokens.expires_in);
  stored.refresh_token = tokens.refresh_token;
  stored.refresh_issued = now;
  stored.scopes = tokens.scopes;
  for (const XeroConnection& c : connections) {
    stored.tenant_ids.push_back(c.tenant_id);
    stored.xero_connection_ids.push_back(c.id);
    stored.tenant_names.push_back(c.tenant_name);
  }
  if (connections.empty()) {
    stored.state = ConnectionState::kRevoked;
    stored.reason = "no organisation was chosen on Xero's consent page";
  }
  ASSIGN_OR_RETURN(const std::unique_ptr<TokenLock> lock,
                   store_.Lock(connection_id, options_.lock_timeout));
  RETURN_IF_ERROR(store_.Save(connection_id, stored));
  return connections;
}

bool TokenManager::Stale(const StoredTokens& tokens) const {
  return tokens.access_token.empty() ||
         clock_.Now() + options_.refresh_margin >= tokens.access_expires;
}

Result<std::string> TokenManager::AccessToken(std::string_view connection_id) {
  ASSIGN_OR_RETURN(const StoredTokens tokens, store_.Load(connection_id));
  RETURN_IF_ERROR(Usable(connection_id, tokens));
  if (!Stale(tokens)) return tokens.access_token;
  return RefreshLocked(connection_id, Need::kIfStale, "", {});
}

Result<std::string> TokenManager::OnTokenExpired(std::string_view connection_id,
                                                 std::string_view rejected_access_token) {
  return RefreshLocked(connection_id, Need::kIfRejected, rejected_access_token, {});
}

Result<std::string> TokenManager::RefreshLocked(std::string_view connection_id, Need need,
                                                std::string_view rejected, TimePoint idle_now) {
  ASSIGN_OR_RETURN(const std::unique_ptr<TokenLock> lock,
                   store_.Lock(connection_id, options_.lock_timeout));
  // Someone may have refreshed while this caller waited: read again, refresh only if still needed.
  ASSIGN_OR_RETURN(StoredTokens tokens, store_.Load(connection_id));
  RETURN_IF_ERROR(Usable(connection_id, tokens));
  switch (need) {
    case Need::kIfStale:
      if (!Stale(tokens)) return tokens.access_token;
      break;
    case Need::kIfRejected:
      if (tokens.access_token != rejected && !Stale(tokens)) return tokens.access_token;
      break;
    case Need::kIfIdle:
      if (idle_now - tokens.refresh_issued < options_.idle_refresh_after) {
        return tokens.access_token;
      }
      break;
  }
  return RefreshHeld(connection_id, tokens);
}

Result<std::string> TokenManager::RefreshHeld(std::string_view connection_id,
                                              StoredTokens& tokens) {
  Status last;
  for (int attempt = 0; attempt < std::max(1, options_.refresh_attempts); ++attempt) {
    // After a lost answer the same refresh token is sent again: Xero accepted it, rotated, and
    // keeps accepting the old one for 30 minutes, answering with the same successor.
    Result<TokenResponse> answer = client_.Refresh(tokens.refresh_token);
    if (answer.ok()) {
      if (answer->refresh_token.empty()) {
        return InternalError("Xero's refresh answer carries no refresh token");
      }
      const TimePoint now = clock_.Now();
      StoredTokens next = tokens;
      next.previous_refresh_token = tokens.refresh_token;
      next.previous_replaced = now;
      next.refresh_token = answer->refresh_token;
      next.refresh_issued = now;
      next.access_token = answer->access_token;
      next.access_expires = now + std::chrono::seconds(answer->expires_in);
      if (!answer->scopes.empty()) next.scopes = answer->scopes;
      // Durable before use: if this save fails, the new tokens are dropped and the old refresh
      // token (still accepted for 30 minutes) gets them back on the next try.
      RETURN_IF_ERROR(store_.Save(connection_id, next));
      ++refreshes_;
      tokens = std::move(next);
      return tokens.access_token;
    }
    last = std::move(answer).status();
    if (last.code() == StatusCode::kUnavailable) continue;
    if (last.code() == StatusCode::kUnauthenticated) {
      tokens.state = ConnectionState::kExpired;
      tokens.reason =
          "Xero refused the refresh token (invalid_grant: expired after 60 days unused, or the "
          "access was revoked): connect again";
      RETURN_IF_ERROR(store_.Save(connection_id, tokens));
      return FailedPreconditionError("connection " + std::string(connection_id) +
                                     " is expired: " + tokens.reason);
    }
    return last;  // the app's credentials, or an answer Xero does not give: state unchanged
  }
  return UnavailableError("refreshing connection " + std::string(connection_id) +
                          " got no answer; it stays active and the next call retries with the same "
                          "refresh token (" +
                          last.message() + ")");
}

Status TokenManager::Update(std::string_view connection_id,
                            const std::function<void(StoredTokens&)>& change) {
  ASSIGN_OR_RETURN(const std::unique_ptr<TokenLock> lock,
                   store_.Lock(connection_id, options_.lock_timeout));
  ASSIGN_OR_RETURN(StoredTokens tokens, store_.Load(connection_id));
  change(tokens);
  return store_.Save(connection_id, tokens);
}

Result<ConnectionState> TokenManager::OnAuthFailure(std::string_view connection_id,
                                                    std::string_view tenant_id, int http_status,
                                                    std::string_view body) {
  const std::string detail = ProblemDetail(body);
  if (http_status == 401 && detail.starts_with("AuthorizationUnsuccessful")) {
    RETURN_IF_ERROR(Update(connection_id, [&](StoredTokens& t) {
      t.state = ConnectionState::kMissingScope;
      t.reason = "Xero refused a call for want of a scope (AuthorizationUnsuccessful); granted: " +
                 Joined(t.scopes) + ". Reconnect and grant the scopes xerosync asks for";
    }));
    return ConnectionState::kMissingScope;
  }
  if (http_status == 403 && detail.starts_with("AuthenticationUnsuccessful")) {
    ASSIGN_OR_RETURN(const std::string access, AccessToken(connection_id));
    ASSIGN_OR_RETURN(const std::vector<XeroConnection> connected, client_.ListConnections(access));
    const bool still = std::ranges::any_of(
        connected, [&](const XeroConnection& c) { return c.tenant_id == tenant_id; });
    if (still) {
      ASSIGN_OR_RETURN(const StoredTokens tokens, store_.Load(connection_id));
      return tokens.state;  // connected after all: the request's tenant header was wrong
    }
    ConnectionState after = ConnectionState::kActive;
    RETURN_IF_ERROR(Update(connection_id, [&](StoredTokens& t) {
      t.tenant_ids.clear();
      t.xero_connection_ids.clear();
      t.tenant_names.clear();
      for (const XeroConnection& c : connected) {
        t.tenant_ids.push_back(c.tenant_id);
        t.xero_connection_ids.push_back(c.id);
        t.tenant_names.push_back(c.tenant_name);
      }
      // The connection is revoked when no organisation is left; otherwise it stays active
      // without this one, and the reason says what happened to it.
      if (t.tenant_ids.empty()) t.state = ConnectionState::kRevoked;
      t.reason = "Xero no longer lets xerosync act on organisation " + std::string(tenant_id) +
                 " (403 AuthenticationUnsuccessful): it was disconnected in Xero, or the "
                 "organisation is gone. Connect it again";
      after = t.state;
    }));
    return after;
  }
  ASSIGN_OR_RETURN(const StoredTokens tokens, store_.Load(connection_id));
  return tokens.state;  // TokenExpired and the rest: a refresh (OnTokenExpired) is the answer
}

Result<int> TokenManager::RefreshIdle(TimePoint now) {
  ASSIGN_OR_RETURN(const std::vector<std::string> ids, store_.List());
  int refreshed = 0;
  for (const std::string& id : ids) {
    Result<StoredTokens> tokens = store_.Load(id);
    if (!tokens.ok() || tokens->state != ConnectionState::kActive) continue;
    if (now - tokens->refresh_issued < options_.idle_refresh_after) continue;
    const int64_t before = refreshes_.load();
    if (RefreshLocked(id, Need::kIfIdle, "", now).ok() && refreshes_.load() > before) ++refreshed;
  }
  return refreshed;
}

Status TokenManager::Disconnect(std::string_view connection_id, std::string_view tenant_id) {
  ASSIGN_OR_RETURN(const std::string access, AccessToken(connection_id));
  ASSIGN_OR_RETURN(const std::unique_ptr<TokenLock> lock,
                   store_.Lock(connection_id, options_.lock_timeout));
  ASSIGN_OR_RETURN(StoredTokens tokens, store_.Load(connection_id));
  const auto it = std::ranges::find(tokens.tenant_ids, tenant_id);
  if (it == tokens.tenant_ids.end()) {
    return NotFoundError("connection " + std::string(connection_id) + " has no organisation " +
                         std::string(tenant_id));
  }
  const auto index = static_cast<std::size_t>(it - tokens.tenant_ids.begin());
  if (index < tokens.xero_connection_ids.size()) {
    Status deleted = client_.DeleteConnection(access, tokens.xero_connection_ids[index]);
    if (!deleted.ok() && deleted.code() != StatusCode::kNotFound) return deleted;
    tokens.xero_connection_ids.erase(tokens.xero_connection_ids.begin() +
                                     static_cast<std::ptrdiff_t>(index));
  }
  if (index < tokens.tenant_names.size()) {
    tokens.tenant_names.erase(tokens.tenant_names.begin() + static_cast<std::ptrdiff_t>(index));
  }
  tokens.tenant_ids.erase(it);
  if (tokens.tenant_ids.empty()) {
    RETURN_IF_ERROR(client_.Revoke(tokens.refresh_token));
    tokens = Disconnected(tokens);
  }
  return store_.Save(connection_id, tokens);
}

Status TokenManager::DisconnectAll(std::string_view connection_id) {
  ASSIGN_OR_RETURN(const StoredTokens tokens, store_.Load(connection_id));
  if (tokens.state == ConnectionState::kDisconnected) return OkStatus();
  if (tokens.tenant_ids.empty() || !Usable(connection_id, tokens).ok()) {
    // Nothing to delete one by one (or the tokens no longer work): revoke what there is.
    if (!tokens.refresh_token.empty()) (void)client_.Revoke(tokens.refresh_token);
    return Update(connection_id, [](StoredTokens& t) { t = Disconnected(t); });
  }
  for (const std::string& tenant : tokens.tenant_ids) {
    RETURN_IF_ERROR(Disconnect(connection_id, tenant));
  }
  return OkStatus();
}

Result<ConnectionInfo> TokenManager::Describe(std::string_view connection_id) {
  ASSIGN_OR_RETURN(const StoredTokens tokens, store_.Load(connection_id));
  ConnectionInfo info{tokens.state,       tokens.reason,         tokens.tenant_ids,
                      tokens.scopes,      tokens.access_expires, tokens.refresh_issued,
                      tokens.tenant_names};
  info.tenant_names.resize(info.tenant_ids.size());
  return info;
}

}  // namespace xerosync::xero
