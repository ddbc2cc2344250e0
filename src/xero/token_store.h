#pragma once
// Where a connection's OAuth tokens live, and the lock that makes their refresh single-flight
// (docs/client.md). TokenManager (token_manager.h) is the only writer: it takes Lock(), reads
// the tokens again, refreshes only if still needed, and saves the new refresh token before anyone
// uses the new access token — so two threads or two processes never spend one refresh token twice.
//
// Implementations: NewMemoryTokenStore (one process, tests), NewFileTokenStore (a directory, a file
// per connection written atomically, flock locks shared by processes; tokens encrypted at rest with
// a TokenCipher, token_cipher.h). The engine's SQLite store (issue 5) implements the same
// interface, encrypting with the same TokenCipher.
//
// Failures: kNotFound (no such connection), kInvalidArgument (a connection id that is not
// [A-Za-z0-9_-]{1,128}), kDeadlineExceeded (the lock was not free within the timeout),
// kDataLoss (a record that cannot be decrypted or read; the message says which key is missing),
// kUnavailable/kInternal (the file system). Messages never contain a token.
//
// Thread safety: every method of every implementation may be called concurrently.

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "core/status.h"

namespace xerosync::xero {

class TokenCipher;

// What the console shows for a connection.
enum class ConnectionState {
  kActive,        // tokens work (or a refresh is merely retrying a lost answer)
  kExpired,       // the refresh token was refused (invalid_grant): connect again
  kRevoked,       // Xero refuses the organisation (403 AuthenticationUnsuccessful): disconnected
                  // in Xero, or the organisation is gone
  kMissingScope,  // Xero refused a call for want of a scope (401 AuthorizationUnsuccessful)
  kDisconnected,  // disconnected from xerosync
};
std::string_view ConnectionStateName(ConnectionState state);  // "active", "expired", ...
std::optional<ConnectionState> ParseConnectionState(std::string_view name);

// One connection's tokens: one grant at Xero (one consent) with its organisations.
struct StoredTokens {
  std::string access_token;
  TimePoint access_expires{};
  std::string refresh_token;
  TimePoint refresh_issued{};  // when refresh_token was received (it lapses 60 days unused)
  // The refresh token before the last rotation and when it was replaced: Xero accepts it for 30
  // minutes after, so a lost refresh answer can be recovered (FACTS.md §1.4).
  std::string previous_refresh_token;
  std::optional<TimePoint> previous_replaced;
  std::vector<std::string> scopes;
  std::vector<std::string> tenant_ids;
  std::vector<std::string> xero_connection_ids;  // parallel to tenant_ids (DELETE /connections)
  // Parallel to tenant_ids: the organisations' names from GET /connections, for people. May be
  // shorter (records written before names were kept); "" when not known.
  std::vector<std::string> tenant_names;
  ConnectionState state = ConnectionState::kActive;
  std::string reason;  // why the state is not active, for the console; never a token
};

// Holds a connection's refresh lock until destroyed.
class TokenLock {
 public:
  virtual ~TokenLock() = default;
};

class TokenStore {
 public:
  virtual ~TokenStore() = default;

  // The connection's tokens; kNotFound if there are none.
  virtual Result<StoredTokens> Load(std::string_view connection_id) = 0;
  // Replaces the connection's tokens durably (on return they survive a crash).
  virtual Status Save(std::string_view connection_id, const StoredTokens& tokens) = 0;
  // Forgets the connection; OK if it was not there.
  virtual Status Remove(std::string_view connection_id) = 0;
  // Every connection id, sorted.
  virtual Result<std::vector<std::string>> List() = 0;

  // Waits at most `timeout` for the connection's refresh lock (one holder at a time across every
  // user of the store: threads, and processes for a shared FileTokenStore). Not reentrant. A
  // FileTokenStore lock belongs to its open file: do not fork while holding one.
  virtual Result<std::unique_ptr<TokenLock>> Lock(std::string_view connection_id,
                                                  std::chrono::milliseconds timeout) = 0;
};

// OK if `connection_id` is [A-Za-z0-9_-]{1,128} (it names files).
Status ValidateConnectionId(std::string_view connection_id);

std::unique_ptr<TokenStore> NewMemoryTokenStore();

struct FileTokenStoreOptions {
  std::string directory;  // created if missing (mode 0700); files are mode 0600
  // How a waiting Lock() pauses between attempts. Empty (default): sleeps the thread 5 ms.
  std::function<void(std::chrono::milliseconds)> pause;
};
// REQUIRES: `cipher` outlives the store. Fails if the directory cannot be made.
Result<std::unique_ptr<TokenStore>> NewFileTokenStore(FileTokenStoreOptions options,
                                                      const TokenCipher& cipher);

// Loads and saves every connection under its lock, so that an encrypting store rewrites each record
// with its cipher's current key (the key-rotation step, docs/client.md). Returns how many.
Result<int> RewriteAll(TokenStore& store, std::chrono::milliseconds lock_timeout);

// The record format shared by the stores that serialise (JSON; tokens in clear — encrypt it).
std::string SerializeTokens(const StoredTokens& tokens);
Result<StoredTokens> ParseTokens(std::string_view text);

}  // namespace xerosync::xero
