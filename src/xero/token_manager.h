#pragma once
// A connection's OAuth lifecycle over a TokenStore (docs/client.md): connect (code exchange,
// organisations), the access token for each call with refresh before expiry and once on a 401,
// refresh-token rotation saved durably before the new access token is used, recovery of a lost
// refresh answer inside Xero's 30-minute grace window, single-flight refresh across threads and
// processes (the store's lock, then a fresh read), idle refresh before the 60-day lapse, the
// connection's state for the console (active, expired, revoked, missing_scope, disconnected), and
// disconnect.
//
// Errors (Status codes):
//   kFailedPrecondition  the connection is expired, revoked or disconnected: the user must connect
//                        again; the message carries the stored reason
//   kUnavailable         Xero did not answer the refresh (or answered 5xx): the connection stays
//                        active and the next call tries again with the same refresh token
//   kNotFound            no such connection
//   kDeadlineExceeded    another refresher held the connection's lock past lock_timeout
//   others               from OAuthClient (kPermissionDenied: the app's credentials) or the store
// No message contains a token.
//
// Thread safety: all methods may be called concurrently, from several processes too when they share
// a FileTokenStore.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "xero/oauth.h"
#include "xero/token_store.h"

namespace xerosync::xero {

struct TokenManagerOptions {
  // Refresh when the access token has less than this left (default 2 minutes; Xero's last 2 of 30).
  Duration refresh_margin = std::chrono::minutes(2);
  // RefreshIdle refreshes a connection whose refresh token is this old (default 30 days; Xero lets
  // an unused refresh token lapse after 60).
  Duration idle_refresh_after = std::chrono::hours(24 * 30);
  // How long to wait for another refresher holding the connection's lock (default 30 s).
  std::chrono::milliseconds lock_timeout{30'000};
  // Tries of one refresh with the same refresh token while answers are lost or 5xx (default 3).
  int refresh_attempts = 3;
};

// What the console shows of a connection: no tokens.
struct ConnectionInfo {
  ConnectionState state = ConnectionState::kActive;
  std::string reason;
  std::vector<std::string> tenant_ids;
  std::vector<std::string> scopes;
  TimePoint access_expires{};
  TimePoint refresh_issued{};
  std::vector<std::string> tenant_names;  // parallel to tenant_ids; "" when not known
};

class TokenManager {
 public:
  // REQUIRES: client, store and clock outlive this object.
  TokenManager(const OAuthClient& client, TokenStore& store, const Clock& clock,
               TokenManagerOptions options = {});

  // Exchanges the authorization code (with the PKCE verifier, if StartAuthorize made one), reads
  // GET /connections and saves the tokens and organisations under `connection_id`, active. Also
  // reconnects: an existing connection's tokens and state are replaced. Returns the organisations.
  Result<std::vector<XeroConnection>> Connect(std::string_view connection_id, std::string_view code,
                                              std::string_view code_verifier);

  // The access token to send now, refreshed first when it expires within refresh_margin.
  Result<std::string> AccessToken(std::string_view connection_id);
  // Xero answered 401 TokenExpired (or refused the token) to `rejected_access_token`: refreshes
  // once, unless someone already replaced that token, and returns the token to retry with.
  Result<std::string> OnTokenExpired(std::string_view connection_id,
                                     std::string_view rejected_access_token);

  // Classifies an API call's 401/403 for `tenant_id` (status and ProblemDetails body) and records
  // the connection's state: 401 AuthorizationUnsuccessful → missing_scope; 403
  // AuthenticationUnsuccessful → the tenant is dropped when GET /connections no longer lists it,
  // and the connection is revoked when none is left (when it is still listed nothing changes: the
  // request's tenant id was wrong). 401 TokenExpired changes nothing: call
  // OnTokenExpired. Returns the state after.
  Result<ConnectionState> OnAuthFailure(std::string_view connection_id, std::string_view tenant_id,
                                        int http_status, std::string_view body);

  // Refreshes every active connection whose refresh token is idle_refresh_after old at `now`, so
  // none lapses unused (the scheduler calls it, e.g. daily). Returns how many were refreshed; a
  // connection that fails keeps its state (expired if Xero refused it).
  Result<int> RefreshIdle(TimePoint now);

  // Disconnects one organisation (DELETE /connections/{id}); when it was the last one, revokes the
  // refresh token too, forgets the tokens and leaves the connection disconnected.
  Status Disconnect(std::string_view connection_id, std::string_view tenant_id);
  // Disconnects every organisation, revoking the grant.
  Status DisconnectAll(std::string_view connection_id);

  Result<ConnectionInfo> Describe(std::string_view connection_id);

  // How many refreshes Xero answered (tests, metrics).
  int64_t refreshes() const { return refreshes_.load(); }

 private:
  enum class Need { kIfStale, kIfRejected, kIfIdle };
  Result<std::string> RefreshLocked(std::string_view connection_id, Need need,
                                    std::string_view rejected, TimePoint idle_now);
  // REQUIRES: the connection's lock held; `tokens` freshly loaded. Refreshes and saves.
  Result<std::string> RefreshHeld(std::string_view connection_id, StoredTokens& tokens);
  bool Stale(const StoredTokens& tokens) const;
  // Under the lock: loads, applies `change`, saves.
  Status Update(std::string_view connection_id, const std::function<void(StoredTokens&)>& change);

  const OAuthClient& client_;
  TokenStore& store_;
  const Clock& clock_;
  const TokenManagerOptions options_;
  std::atomic<int64_t> refreshes_{0};
};

}  // namespace xerosync::xero
