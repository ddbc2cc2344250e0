#include "access/access.h"

#include <algorithm>
#include <string>
#include <utility>

#include "core/text.h"

namespace xerosync::access {
namespace {

constexpr std::size_t kTokenBytes = 32;          // sessions, CSRF, key secrets: 256 bits
constexpr std::size_t kKeyPrefixBytes = 6;       // 12 hex characters: finds the key, not secret
constexpr std::size_t kFirstPasswordBytes = 18;  // 24 base64url characters, 144 bits
constexpr std::string_view kKeyMarker = "xs_";
// Entries of the throttle kept before forgotten failures are swept out (a bound on memory when
// someone tries many names).
constexpr std::size_t kThrottleSweepAt = 10'000;

// The single answer to a failed login, whatever failed: the name, the password, or a disabled
// user. Telling them apart would tell an attacker which names exist.
constexpr const char* kLoginRefused = "wrong user name or password";

bool IsSafeMethod(std::string_view method) {
  return method == "GET" || method == "HEAD" || method == "OPTIONS";
}

Status ValidateName(std::string_view name, std::string_view what) {
  const bool ok =
      !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '.' || c == '_' || c == '@' || c == '-';
      });
  if (ok) return OkStatus();
  return InvalidArgumentError(std::string(what) +
                              " must be 1 to 64 letters, digits, '.', '_', '@' or '-'");
}

Status ValidatePassword(std::string_view password) {
  if (password.size() < 12 || password.size() > 1024) {
    return InvalidArgumentError("a password must be 12 to 1024 characters");
  }
  return OkStatus();
}

bool IsLowerHex(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

Principal UserPrincipal(const store::User& user) {
  return {.kind = Principal::Kind::kUser, .id = user.id, .name = user.name, .role = user.role};
}

// The store's kNotFound means "no such credential" to a caller authenticating.
Status AsUnauthenticated(const Status& status, std::string message) {
  if (status.code() == StatusCode::kNotFound) return UnauthenticatedError(std::move(message));
  return status;
}

// Strips optional white space around a header value's part.
std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

std::string Principal::Actor() const { return kind == Kind::kApiKey ? "api:" + name : name; }

std::optional<std::string> SessionTokenOf(const http::Request& request) {
  for (const auto& [field, value] : request.headers.fields()) {
    if (!EqualsIgnoringCase(field, "Cookie")) continue;
    std::string_view rest = value;
    while (!rest.empty()) {
      const std::size_t semi = rest.find(';');
      std::string_view pair = Trim(rest.substr(0, semi));
      rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
      const std::size_t eq = pair.find('=');
      if (eq == std::string_view::npos || Trim(pair.substr(0, eq)) != kSessionCookie) continue;
      return std::string(Trim(pair.substr(eq + 1)));
    }
  }
  return std::nullopt;
}

Access::Access(store::Store& store, const Clock& clock, Random& random,
               const AccessOptions& options)
    : store_(store), clock_(clock), random_(random), options_(options) {}

Result<Principal> Access::Authenticate(const http::Request& request) {
  if (std::optional<std::string_view> authorization = request.headers.Get("Authorization")) {
    // A request that names a key is judged by that key alone, never by a cookie sent with it.
    return AuthenticateKey(*authorization);
  }
  if (std::optional<std::string> token = SessionTokenOf(request)) {
    return AuthenticateSession(request, *token);
  }
  return UnauthenticatedError("sign in, or send an API key as 'Authorization: Bearer xs_...'");
}

Status CheckAllowed(const Principal& principal, Permission permission) {
  if (Allowed(principal.role, permission)) return OkStatus();
  return PermissionDeniedError("the " + std::string(store::RoleName(principal.role)) +
                               " role may not do this (it needs '" +
                               std::string(PermissionName(permission)) + "')");
}

Result<Principal> Access::Authorize(const http::Request& request, Permission permission) {
  ASSIGN_OR_RETURN(Principal principal, Authenticate(request));
  RETURN_IF_ERROR(CheckAllowed(principal, permission));
  return principal;
}

Result<Principal> Access::AuthenticateKey(std::string_view authorization) {
  constexpr const char* kMalformed =
      "the Authorization header must be 'Bearer xs_<prefix>_<secret>'";
  authorization = Trim(authorization);
  const std::size_t space = authorization.find(' ');
  if (space == std::string_view::npos ||
      !EqualsIgnoringCase(authorization.substr(0, space), "Bearer")) {
    return UnauthenticatedError(kMalformed);
  }
  std::string_view key = Trim(authorization.substr(space + 1));
  if (!key.starts_with(kKeyMarker)) return UnauthenticatedError(kMalformed);
  key.remove_prefix(kKeyMarker.size());
  const std::size_t underscore = key.find('_');
  if (underscore == std::string_view::npos) return UnauthenticatedError(kMalformed);
  const std::string_view prefix = key.substr(0, underscore);
  const std::string_view secret = key.substr(underscore + 1);
  if (prefix.size() != 2 * kKeyPrefixBytes || !IsLowerHex(prefix)) {
    return UnauthenticatedError(kMalformed);
  }
  constexpr const char* kRefused = "this API key is not valid (unknown or revoked)";
  Result<store::ApiKey> found = store_.GetApiKeyByPrefix(prefix);
  if (!found.ok()) return AsUnauthenticated(found.status(), kRefused);
  if (!ConstantTimeEquals(DigestHex(secret), found->secret_hash) || found->revoked) {
    return UnauthenticatedError(kRefused);
  }
  return Principal{
      .kind = Principal::Kind::kApiKey, .id = found->id, .name = found->name, .role = found->role};
}

Result<Principal> Access::AuthenticateSession(const http::Request& request,
                                              std::string_view token) {
  constexpr const char* kExpired = "your session has ended; sign in again";
  const std::string hash = DigestHex(token);
  Result<store::Session> session = store_.GetSession(hash);
  if (!session.ok()) return AsUnauthenticated(session.status(), kExpired);
  // The store found it by this hash already; comparing again in constant time costs nothing and
  // does not rely on how a backend compares keys.
  if (!ConstantTimeEquals(hash, session->token_hash)) return UnauthenticatedError(kExpired);
  const TimePoint now = clock_.Now();
  if (now >= session->expires || now - session->last_seen >= options_.session_idle) {
    RETURN_IF_ERROR(store_.DeleteSession(hash));
    return UnauthenticatedError(kExpired);
  }
  Result<store::User> user = store_.GetUserById(session->user_id);
  if (!user.ok()) return AsUnauthenticated(user.status(), kExpired);
  if (user->disabled) return UnauthenticatedError(kExpired);
  if (!IsSafeMethod(request.method)) {
    std::optional<std::string_view> csrf = request.headers.Get(kCsrfHeader);
    if (!csrf || !ConstantTimeEquals(DigestHex(*csrf), session->csrf_hash)) {
      return PermissionDeniedError("this request needs the session's CSRF token in the " +
                                   std::string(kCsrfHeader) + " header");
    }
  }
  if (now - session->last_seen >= options_.touch_interval) {
    RETURN_IF_ERROR(store_.TouchSession(hash, now));
  }
  return UserPrincipal(*user);
}

Result<LoginResult> Access::Login(std::string_view name, std::string_view password,
                                  std::optional<std::string_view> previous_token) {
  const std::string key(name);
  RETURN_IF_ERROR(CheckThrottle(key, clock_.Now()));
  Result<store::User> user = store_.GetUser(name);
  if (!user.ok() && user.status().code() != StatusCode::kNotFound) return user.status();
  // Unknown names cost a verification too, so the time taken does not tell which names exist.
  const bool matches = VerifyPassword(user.ok() ? user->password_hash : DummyHash(), password);
  if (!user.ok() || !matches || user->disabled) {
    RecordFailure(key, clock_.Now());
    return UnauthenticatedError(kLoginRefused);
  }
  RecordSuccess(key);
  if (previous_token) RETURN_IF_ERROR(store_.DeleteSession(DigestHex(*previous_token)));
  return OpenSession(*user);
}

Result<LoginResult> Access::ChangePassword(const Principal& principal, std::string_view current,
                                           std::string_view replacement) {
  if (principal.kind != Principal::Kind::kUser) {
    return InvalidArgumentError("an API key has no password; sign in as a user");
  }
  RETURN_IF_ERROR(ValidatePassword(replacement));
  RETURN_IF_ERROR(CheckThrottle(principal.name, clock_.Now()));
  ASSIGN_OR_RETURN(store::User user, store_.GetUserById(principal.id));
  if (!VerifyPassword(user.password_hash, current)) {
    RecordFailure(principal.name, clock_.Now());
    return UnauthenticatedError("the current password is wrong");
  }
  RecordSuccess(principal.name);
  ASSIGN_OR_RETURN(std::string hash, HashPassword(replacement, options_.password));
  // Ends every session of the user: whoever else knew the old password is signed out too.
  RETURN_IF_ERROR(store_.SetUserPassword(user.name, hash));
  return OpenSession(user);
}

Result<LoginResult> Access::OpenSession(const store::User& user) {
  const TimePoint now = clock_.Now();
  LoginResult login{.principal = UserPrincipal(user),
                    .session_token = RandomHex(random_, kTokenBytes),
                    .csrf_token = RandomHex(random_, kTokenBytes),
                    .expires = now + options_.session_lifetime};
  RETURN_IF_ERROR(store_.CreateSession({.token_hash = DigestHex(login.session_token),
                                        .user_id = user.id,
                                        .created = now,
                                        .expires = login.expires,
                                        .last_seen = now,
                                        .csrf_hash = DigestHex(login.csrf_token)}));
  return login;
}

Status Access::Logout(std::string_view token) { return store_.DeleteSession(DigestHex(token)); }

Result<int64_t> Access::SweepSessions() {
  const TimePoint now = clock_.Now();
  // A session is idle once unused for session_idle; its last use may be up to touch_interval
  // older than the truth, so this errs toward keeping it (Authenticate makes the exact call).
  return store_.DeleteExpiredSessions(now, now - options_.session_idle - options_.touch_interval);
}

Result<store::User> Access::CreateUser(std::string_view name, std::string_view password,
                                       Role role) {
  RETURN_IF_ERROR(ValidateName(name, "a user name"));
  RETURN_IF_ERROR(ValidatePassword(password));
  ASSIGN_OR_RETURN(std::string hash, HashPassword(password, options_.password));
  store::User user{.id = 0,
                   .name = std::string(name),
                   .password_hash = std::move(hash),
                   .role = role,
                   .created = clock_.Now(),
                   .disabled = false};
  ASSIGN_OR_RETURN(user.id, store_.CreateUser(user));
  return user;
}

Result<std::vector<store::User>> Access::ListUsers() { return store_.ListUsers(); }

Status Access::DisableUser(std::string_view name) {
  ASSIGN_OR_RETURN(std::vector<store::User> users, store_.ListUsers());
  auto is_enabled_admin = [](const store::User& u) {
    return u.role == Role::kAdmin && !u.disabled;
  };
  auto target = std::find_if(users.begin(), users.end(),
                             [&](const store::User& u) { return u.name == name; });
  if (target == users.end()) return NotFoundError("no user named '" + std::string(name) + "'");
  if (is_enabled_admin(*target) &&
      std::count_if(users.begin(), users.end(), is_enabled_admin) == 1) {
    return FailedPreconditionError("'" + std::string(name) +
                                   "' is the last admin; make another admin first");
  }
  return store_.SetUserDisabled(name, true);
}

Status Access::EnableUser(std::string_view name) { return store_.SetUserDisabled(name, false); }

Result<NewApiKey> Access::CreateApiKey(std::string_view name, Role role) {
  RETURN_IF_ERROR(ValidateName(name, "an API key name"));
  const std::string prefix = RandomHex(random_, kKeyPrefixBytes);
  const std::string secret = RandomHex(random_, kTokenBytes);
  NewApiKey created{.record = {.id = 0,
                               .name = std::string(name),
                               .prefix = prefix,
                               .secret_hash = DigestHex(secret),
                               .role = role,
                               .created = clock_.Now(),
                               .revoked = std::nullopt},
                    .key = std::string(kKeyMarker) + prefix + "_" + secret};
  ASSIGN_OR_RETURN(created.record.id, store_.CreateApiKey(created.record));
  return created;
}

Result<std::vector<store::ApiKey>> Access::ListApiKeys() { return store_.ListApiKeys(); }

Status Access::RevokeApiKey(std::string_view name) {
  return store_.RevokeApiKey(name, clock_.Now());
}

std::string Access::SessionCookie(const LoginResult& login) const {
  const auto max_age =
      std::chrono::duration_cast<std::chrono::seconds>(options_.session_lifetime).count();
  return std::string(kSessionCookie) + "=" + login.session_token +
         "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age) +
         (options_.secure_cookies ? "; Secure" : "");
}

std::string Access::ClearedCookie() const {
  return std::string(kSessionCookie) + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0" +
         (options_.secure_cookies ? "; Secure" : "");
}

Status Access::CheckThrottle(const std::string& name, TimePoint now) {
  std::lock_guard lock(mu_);
  auto it = failures_.find(name);
  if (it == failures_.end() || now >= it->second.not_before) return OkStatus();
  const auto wait = std::chrono::ceil<std::chrono::seconds>(it->second.not_before - now).count();
  return ResourceExhaustedError("too many failed sign-ins for this name; try again in " +
                                std::to_string(wait) + " s");
}

void Access::RecordFailure(const std::string& name, TimePoint now) {
  std::lock_guard lock(mu_);
  if (failures_.size() >= kThrottleSweepAt) {
    std::erase_if(failures_, [&](const auto& entry) {
      return now - entry.second.last >= options_.max_delay && now >= entry.second.not_before;
    });
  }
  Failures& failures = failures_[name];
  ++failures.count;
  failures.last = now;
  const int over = failures.count - options_.free_failures;
  if (over < 0) return;
  Duration delay = options_.first_delay;
  for (int i = 0; i < over && delay < options_.max_delay; ++i) delay *= 2;
  failures.not_before = now + std::min(delay, options_.max_delay);
}

void Access::RecordSuccess(const std::string& name) {
  std::lock_guard lock(mu_);
  failures_.erase(name);
}

const std::string& Access::DummyHash() {
  std::lock_guard lock(mu_);
  if (dummy_hash_.empty()) {
    Result<std::string> hash = HashPassword(RandomHex(random_, kTokenBytes), options_.password);
    dummy_hash_ = hash.ok() ? *hash : "-";  // "-" verifies nothing, just faster
  }
  return dummy_hash_;
}

Result<std::optional<Credentials>> EnsureFirstAdmin(store::Store& store, const Clock& clock,
                                                    Random& random, const PasswordParams& params) {
  ASSIGN_OR_RETURN(std::vector<store::User> users, store.ListUsers());
  if (!users.empty()) return std::optional<Credentials>();
  Credentials credentials{.name = "admin",
                          .password = RandomBase64Url(random, kFirstPasswordBytes)};
  ASSIGN_OR_RETURN(std::string hash, HashPassword(credentials.password, params));
  Result<int64_t> created = store.CreateUser({.id = 0,
                                              .name = credentials.name,
                                              .password_hash = std::move(hash),
                                              .role = Role::kAdmin,
                                              .created = clock.Now(),
                                              .disabled = false});
  // Another process started at the same moment and made the first admin: it shows the password.
  if (created.status().code() == StatusCode::kAlreadyExists) return std::optional<Credentials>();
  RETURN_IF_ERROR(created);
  return std::optional<Credentials>(std::move(credentials));
}

}  // namespace xerosync::access
