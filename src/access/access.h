#pragma once
// Access control for the REST API and the console (docs/access.md): who is asking (a console user
// by session cookie, or the host app by API key) and whether their role allows it.
//
// Sessions: a 256-bit random token in a cookie (HttpOnly, SameSite=Strict, Path=/, Secure under
// TLS); the store keeps only its SHA-256. A session ends after `session_idle` without use or
// `session_lifetime` after login, whichever comes first, on the injected clock. Every login makes a
// new token (and ends the session the browser presented, if any), so a token planted before login
// is worth nothing after it.
//
// CSRF: each session has its own random CSRF token, given once in the login response body. A
// request with a session cookie and an unsafe method (anything but GET, HEAD, OPTIONS) must send it
// in the X-CSRF-Token header. Requests with an API key carry no ambient credential and are exempt.
//
// API keys: "xs_<prefix>_<secret>" in "Authorization: Bearer"; the prefix (public, shown in lists)
// finds the key, the secret's SHA-256 is compared in constant time.
//
// Login throttling: after `free_failures` wrong passwords for one user name, each further attempt
// must wait (first_delay, doubling up to max_delay) or gets kResourceExhausted without the password
// being checked. Held in memory: a restart forgets it.
//
// Errors: kUnauthenticated (no, wrong, expired or revoked credentials: HTTP 401),
// kPermissionDenied (a role without the permission, or a missing CSRF token: 403),
// kResourceExhausted (throttled: 429), kInvalidArgument (bad input: 400), kAlreadyExists (409),
// kNotFound (404), kFailedPrecondition (409), and the store's kUnavailable.
//
// Thread safety: every method may be called concurrently (the store is thread-safe; the throttle
// has its own mutex).

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "access/permissions.h"
#include "access/secrets.h"
#include "core/clock.h"
#include "core/result.h"
#include "http/http.h"
#include "store/store.h"

namespace xerosync::access {

inline constexpr std::string_view kSessionCookie = "xs_session";
inline constexpr std::string_view kCsrfHeader = "X-CSRF-Token";

// Who a request comes from.
struct Principal {
  enum class Kind { kUser, kApiKey };
  Kind kind = Kind::kUser;
  int64_t id = 0;    // the user's or the key's id
  std::string name;  // the user's or the key's name
  Role role = Role::kViewer;

  // The audit log's actor: the user name, or "api:<key name>" (store::AuditEntry).
  std::string Actor() const;
};

struct AccessOptions {
  // A session unused for this long ends. Default 30 minutes.
  Duration session_idle = std::chrono::minutes(30);
  // A session ends this long after login, used or not. Default 12 hours.
  Duration session_lifetime = std::chrono::hours(12);
  // A session's last use is written at most this often (each write is a synced commit); idle
  // expiry is exact to within this. Default 1 minute.
  Duration touch_interval = std::chrono::minutes(1);
  // Add "Secure" to cookies: set when the console is served over TLS. Default false (127.0.0.1).
  bool secure_cookies = false;
  // argon2id cost of new password hashes. Default: libsodium's interactive level.
  PasswordParams password;
  // Wrong passwords for one name before attempts are delayed. Default 5.
  int free_failures = 5;
  // The delay after free_failures, doubling with each further failure up to max_delay.
  // Defaults 1 s and 15 minutes.
  Duration first_delay = std::chrono::seconds(1);
  Duration max_delay = std::chrono::minutes(15);
};

// A new session, as the login response gives it. The tokens are secrets: never log them.
struct LoginResult {
  Principal principal;
  std::string session_token;  // the cookie's value
  std::string csrf_token;     // for the X-CSRF-Token header
  TimePoint expires{};        // absolute expiry
};

// A new API key: `key` is shown once and never again (only its hash is kept).
struct NewApiKey {
  store::ApiKey record;
  std::string key;  // "xs_<prefix>_<secret>"
};

// First-run credentials (EnsureFirstAdmin): shown once by `xerosync serve`.
struct Credentials {
  std::string name;
  std::string password;
};

class Access {
 public:
  // REQUIRES: store, clock and random outlive this.
  Access(store::Store& store, const Clock& clock, Random& random,
         const AccessOptions& options = {});

  // Who sent `request` (API key first, else the session cookie). Checks CSRF for unsafe methods
  // with a session, and notes the session's use.
  Result<Principal> Authenticate(const http::Request& request);
  // Authenticate, then kPermissionDenied unless the principal's role has `permission`. The seam
  // every REST handler calls.
  Result<Principal> Authorize(const http::Request& request, Permission permission);

  // Checks the password and opens a session. `previous_token` (the cookie the browser sent, if
  // any) is ended: rotation. kUnauthenticated for an unknown name, a disabled user or a wrong
  // password (one message for all three); kResourceExhausted while the name is throttled.
  Result<LoginResult> Login(std::string_view name, std::string_view password,
                            std::optional<std::string_view> previous_token = std::nullopt);
  // Changes the signed-in user's password after checking the current one (failures count toward
  // the name's throttle), ends every session of theirs, and opens a new one for this browser.
  // kUnauthenticated for a wrong current password; kInvalidArgument for a new one out of bounds
  // or for an API key (it has no password).
  Result<LoginResult> ChangePassword(const Principal& principal, std::string_view current,
                                     std::string_view replacement);
  // Ends the session of `token`. OK when there is none.
  Status Logout(std::string_view token);
  // Deletes the sessions that have ended (idle or past their expiry); returns how many. Ended
  // sessions are refused anyway; this only keeps the table small. For a periodic task.
  Result<int64_t> SweepSessions();

  // Users. Names are 1-64 of [A-Za-z0-9._@-]; passwords 12-1024 characters.
  Result<store::User> CreateUser(std::string_view name, std::string_view password, Role role);
  Result<std::vector<store::User>> ListUsers();
  // Disables the user and ends their sessions. kFailedPrecondition for the last enabled admin
  // (nobody could manage users any more).
  Status DisableUser(std::string_view name);
  // Lets a disabled user sign in again. kNotFound.
  Status EnableUser(std::string_view name);

  // API keys. Names as for users.
  Result<NewApiKey> CreateApiKey(std::string_view name, Role role);
  Result<std::vector<store::ApiKey>> ListApiKeys();
  Status RevokeApiKey(std::string_view name);

  // Set-Cookie values for a new session and for ending one.
  std::string SessionCookie(const LoginResult& login) const;
  std::string ClearedCookie() const;

  const AccessOptions& options() const { return options_; }

 private:
  // A new session for `user` (tokens made here, hashes stored).
  Result<LoginResult> OpenSession(const store::User& user);
  Result<Principal> AuthenticateKey(std::string_view authorization);
  Result<Principal> AuthenticateSession(const http::Request& request, std::string_view token);
  // kResourceExhausted while `name` must wait.
  Status CheckThrottle(const std::string& name, TimePoint now);
  void RecordFailure(const std::string& name, TimePoint now);
  void RecordSuccess(const std::string& name);
  // A hash to verify against when the user does not exist, so that the answer takes as long.
  const std::string& DummyHash();

  struct Failures {
    int count = 0;
    TimePoint not_before{};
    TimePoint last{};
  };

  store::Store& store_;
  const Clock& clock_;
  Random& random_;
  const AccessOptions options_;

  std::mutex mu_;
  std::map<std::string, Failures, std::less<>> failures_;  // GUARDED_BY(mu_)
  std::string dummy_hash_;                                 // GUARDED_BY(mu_)
};

// OK when the principal's role has `permission`; kPermissionDenied naming the role and the
// permission otherwise. For a handler that authenticated through the seam and then checks.
Status CheckAllowed(const Principal& principal, Permission permission);

// The session token in the request's Cookie header(s), or nullopt.
std::optional<std::string> SessionTokenOf(const http::Request& request);

// On first run (no user at all) creates the user "admin" with a random password and returns the
// credentials, once; otherwise nullopt. The caller shows them to the person installing and must
// never log them.
Result<std::optional<Credentials>> EnsureFirstAdmin(store::Store& store, const Clock& clock,
                                                    Random& random,
                                                    const PasswordParams& params = {});

}  // namespace xerosync::access
