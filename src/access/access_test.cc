#include "access/access.h"

#include <gtest/gtest.h>

#include "access/access_test_util.h"

namespace xerosync::access {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

using AccessTest = AccessFixture;

TEST_F(AccessTest, ASignedInUserIsRecognisedByTheirCookie) {
  AddUser("alice", Role::kOperator);
  LoginResult login = SignIn("alice");
  EXPECT_EQ(login.session_token.size(), 64u);  // 256 bits, hex
  EXPECT_EQ(login.expires, clock_.Now() + hours(12));

  Result<Principal> who = access_->Authenticate(WithSession("GET", login));
  ASSERT_TRUE(who.ok()) << who.status();
  EXPECT_EQ(who->kind, Principal::Kind::kUser);
  EXPECT_EQ(who->name, "alice");
  EXPECT_EQ(who->role, Role::kOperator);
  EXPECT_EQ(who->Actor(), "alice");
}

TEST_F(AccessTest, OnlyHashesOfTheTokensAreStored) {
  AddUser("alice", Role::kViewer);
  LoginResult login = SignIn("alice");
  EXPECT_EQ(store_->GetSession(login.session_token).status().code(), StatusCode::kNotFound);
  Result<store::Session> stored = store_->GetSession(DigestHex(login.session_token));
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->csrf_hash, DigestHex(login.csrf_token));
  EXPECT_TRUE(store_->GetUser("alice")->password_hash.starts_with("$argon2id$"));
}

TEST_F(AccessTest, WrongPasswordsUnknownNamesAndDisabledUsersGetOneAnswer) {
  AddUser("alice", Role::kAdmin);
  AddUser("bob", Role::kViewer);
  ASSERT_TRUE(access_->DisableUser("bob").ok());

  Result<LoginResult> wrong = access_->Login("alice", "not her password");
  Result<LoginResult> unknown = access_->Login("mallory", "whatever password");
  Result<LoginResult> disabled = access_->Login("bob", PasswordOf("bob"));
  EXPECT_EQ(wrong.status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(wrong.status(), unknown.status());
  EXPECT_EQ(wrong.status(), disabled.status());
}

TEST_F(AccessTest, NoCredentialsOrAnUnknownCookieAreUnauthenticated) {
  http::Request bare;
  bare.method = "GET";
  EXPECT_EQ(access_->Authenticate(bare).status().code(), StatusCode::kUnauthenticated);
  LoginResult forged{
      .principal = {}, .session_token = std::string(64, 'a'), .csrf_token = "x", .expires = {}};
  EXPECT_EQ(access_->Authenticate(WithSession("GET", forged)).status().code(),
            StatusCode::kUnauthenticated);
}

TEST_F(AccessTest, SessionsEndWhenIdle) {
  AddUser("alice", Role::kViewer);
  LoginResult login = SignIn("alice");
  clock_.Advance(minutes(29));
  ASSERT_TRUE(access_->Authenticate(WithSession("GET", login)).ok());  // use resets the idle time
  clock_.Advance(minutes(29));
  ASSERT_TRUE(access_->Authenticate(WithSession("GET", login)).ok());
  clock_.Advance(minutes(30));
  EXPECT_EQ(access_->Authenticate(WithSession("GET", login)).status().code(),
            StatusCode::kUnauthenticated);
  // Ended for good: the row is gone.
  EXPECT_EQ(store_->GetSession(DigestHex(login.session_token)).status().code(),
            StatusCode::kNotFound);
}

TEST_F(AccessTest, SessionsEndAtTheirAbsoluteExpiryHoweverBusy) {
  AddUser("alice", Role::kViewer);
  LoginResult login = SignIn("alice");
  for (int i = 0; i < 47; ++i) {  // used every 15 minutes for 11 h 45 min
    clock_.Advance(minutes(15));
    ASSERT_TRUE(access_->Authenticate(WithSession("GET", login)).ok()) << i;
  }
  clock_.Advance(minutes(15));  // 12 h after login
  EXPECT_EQ(access_->Authenticate(WithSession("GET", login)).status().code(),
            StatusCode::kUnauthenticated);
}

TEST_F(AccessTest, SweepingDeletesOnlyEndedSessions) {
  AddUser("alice", Role::kViewer);
  LoginResult idle = SignIn("alice");
  clock_.Advance(minutes(20));
  LoginResult active = SignIn("alice");
  clock_.Advance(minutes(10));
  // "idle" has been unused for 30 minutes: the sweep allows the 1-minute touch slack.
  Result<int64_t> swept = access_->SweepSessions();
  ASSERT_TRUE(swept.ok()) << swept.status();
  EXPECT_EQ(*swept, 0);
  clock_.Advance(minutes(2));
  swept = access_->SweepSessions();
  ASSERT_TRUE(swept.ok()) << swept.status();
  EXPECT_EQ(*swept, 1);
  EXPECT_EQ(store_->GetSession(DigestHex(idle.session_token)).status().code(),
            StatusCode::kNotFound);
  EXPECT_TRUE(access_->Authenticate(WithSession("GET", active)).ok());
}

TEST_F(AccessTest, LoggingInAgainRotatesTheSession) {
  AddUser("alice", Role::kViewer);
  LoginResult first = SignIn("alice");
  Result<LoginResult> second = access_->Login("alice", PasswordOf("alice"), first.session_token);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_NE(second->session_token, first.session_token);
  EXPECT_NE(second->csrf_token, first.csrf_token);
  EXPECT_EQ(access_->Authenticate(WithSession("GET", first)).status().code(),
            StatusCode::kUnauthenticated);
  EXPECT_TRUE(access_->Authenticate(WithSession("GET", *second)).ok());
}

TEST_F(AccessTest, LogoutEndsTheSession) {
  AddUser("alice", Role::kViewer);
  LoginResult login = SignIn("alice");
  ASSERT_TRUE(access_->Logout(login.session_token).ok());
  EXPECT_EQ(access_->Authenticate(WithSession("GET", login)).status().code(),
            StatusCode::kUnauthenticated);
}

TEST_F(AccessTest, UnsafeMethodsWithASessionNeedItsCsrfToken) {
  AddUser("alice", Role::kOperator);
  LoginResult login = SignIn("alice");
  LoginResult other = SignIn("alice");

  EXPECT_TRUE(access_->Authenticate(WithSession("GET", login, /*with_csrf=*/false)).ok());
  EXPECT_EQ(access_->Authenticate(WithSession("POST", login, false)).status().code(),
            StatusCode::kPermissionDenied);
  http::Request wrong = WithSession("DELETE", login);
  wrong.headers.Set("X-CSRF-Token", other.csrf_token);  // another session's token
  EXPECT_EQ(access_->Authenticate(wrong).status().code(), StatusCode::kPermissionDenied);
  EXPECT_TRUE(access_->Authenticate(WithSession("POST", login)).ok());
}

TEST_F(AccessTest, DisablingAUserEndsTheirSessions) {
  AddUser("alice", Role::kAdmin);
  AddUser("bob", Role::kOperator);
  LoginResult bob = SignIn("bob");
  ASSERT_TRUE(access_->DisableUser("bob").ok());
  EXPECT_EQ(access_->Authenticate(WithSession("GET", bob)).status().code(),
            StatusCode::kUnauthenticated);
}

TEST_F(AccessTest, ChangingThePasswordEndsEverySessionButGivesThisBrowserANewOne) {
  AddUser("alice", Role::kOperator);
  LoginResult here = SignIn("alice");
  LoginResult elsewhere = SignIn("alice");
  Principal alice = *access_->Authenticate(WithSession("GET", here));

  EXPECT_EQ(
      access_->ChangePassword(alice, "not my password", "a new long password").status().code(),
      StatusCode::kUnauthenticated);
  EXPECT_EQ(access_->ChangePassword(alice, PasswordOf("alice"), "short").status().code(),
            StatusCode::kInvalidArgument);
  Result<LoginResult> renewed =
      access_->ChangePassword(alice, PasswordOf("alice"), "a new long password");
  ASSERT_TRUE(renewed.ok()) << renewed.status();

  EXPECT_EQ(access_->Authenticate(WithSession("GET", here)).status().code(),
            StatusCode::kUnauthenticated);
  EXPECT_EQ(access_->Authenticate(WithSession("GET", elsewhere)).status().code(),
            StatusCode::kUnauthenticated);
  EXPECT_TRUE(access_->Authenticate(WithSession("GET", *renewed)).ok());
  EXPECT_EQ(access_->Login("alice", PasswordOf("alice")).status().code(),
            StatusCode::kUnauthenticated);
  EXPECT_TRUE(access_->Login("alice", "a new long password").ok());
}

TEST_F(AccessTest, ApiKeysHaveNoPasswordToChange) {
  Result<NewApiKey> key = access_->CreateApiKey("host-app", Role::kAdmin);
  ASSERT_TRUE(key.ok()) << key.status();
  Principal who = *access_->Authenticate(WithKey("POST", key->key));
  EXPECT_EQ(access_->ChangePassword(who, "", "a new long password").status().code(),
            StatusCode::kInvalidArgument);
}

TEST_F(AccessTest, ADisabledUserCanBeEnabledAgain) {
  AddUser("alice", Role::kAdmin);
  AddUser("bob", Role::kViewer);
  ASSERT_TRUE(access_->DisableUser("bob").ok());
  ASSERT_TRUE(access_->EnableUser("bob").ok());
  EXPECT_TRUE(access_->Login("bob", PasswordOf("bob")).ok());
  EXPECT_EQ(access_->EnableUser("nobody").code(), StatusCode::kNotFound);
}

TEST_F(AccessTest, TheLastAdminCannotBeDisabled) {
  AddUser("alice", Role::kAdmin);
  EXPECT_EQ(access_->DisableUser("alice").code(), StatusCode::kFailedPrecondition);
  AddUser("carol", Role::kAdmin);
  EXPECT_TRUE(access_->DisableUser("alice").ok());
  EXPECT_EQ(access_->DisableUser("nobody").code(), StatusCode::kNotFound);
}

TEST_F(AccessTest, ApiKeysAuthenticateWithoutCsrfUntilRevoked) {
  Result<NewApiKey> created = access_->CreateApiKey("host-app", Role::kOperator);
  ASSERT_TRUE(created.ok()) << created.status();
  const std::string& key = created->key;
  EXPECT_EQ(key, "xs_" + created->record.prefix + "_" + key.substr(3 + 12 + 1));
  EXPECT_EQ(created->record.prefix.size(), 12u);
  EXPECT_EQ(key.size(), 3u + 12 + 1 + 64);
  // Only the hash of the secret is stored.
  EXPECT_EQ(store_->GetApiKeyByPrefix(created->record.prefix)->secret_hash,
            DigestHex(key.substr(16)));

  Result<Principal> who = access_->Authenticate(WithKey("POST", key));
  ASSERT_TRUE(who.ok()) << who.status();
  EXPECT_EQ(who->kind, Principal::Kind::kApiKey);
  EXPECT_EQ(who->role, Role::kOperator);
  EXPECT_EQ(who->Actor(), "api:host-app");

  std::string tampered = key;
  tampered.back() = tampered.back() == '0' ? '1' : '0';
  EXPECT_EQ(access_->Authenticate(WithKey("GET", tampered)).status().code(),
            StatusCode::kUnauthenticated);

  ASSERT_TRUE(access_->RevokeApiKey("host-app").ok());
  EXPECT_EQ(access_->Authenticate(WithKey("GET", key)).status().code(),
            StatusCode::kUnauthenticated);
}

TEST_F(AccessTest, MalformedAuthorizationIsRefusedEvenWithAGoodCookie) {
  AddUser("alice", Role::kAdmin);
  LoginResult login = SignIn("alice");
  for (const char* value : {"Basic YWxpY2U6cHc=", "Bearer", "Bearer xs_", "Bearer xs_abc_def",
                            "Bearer sk_0123456789ab_00"}) {
    http::Request request = WithSession("GET", login);
    request.headers.Set("Authorization", value);
    EXPECT_EQ(access_->Authenticate(request).status().code(), StatusCode::kUnauthenticated)
        << value;
  }
}

TEST_F(AccessTest, AuthorizeChecksTheRolesPermission) {
  AddUser("vera", Role::kViewer);
  LoginResult vera = SignIn("vera");
  EXPECT_TRUE(access_->Authorize(WithSession("GET", vera), Permission::kViewErrors).ok());
  Result<Principal> retry = access_->Authorize(WithSession("POST", vera), Permission::kRetry);
  EXPECT_EQ(retry.status().code(), StatusCode::kPermissionDenied);
  EXPECT_NE(retry.status().message().find("viewer"), std::string::npos);
}

TEST_F(AccessTest, RepeatedFailuresDelayFurtherAttemptsOnTheClock) {
  AddUser("alice", Role::kViewer);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(access_->Login("alice", "guess " + std::to_string(i)).status().code(),
              StatusCode::kUnauthenticated);
  }
  // The fifth failure started a 1 s delay: even the right password waits.
  EXPECT_EQ(access_->Login("alice", PasswordOf("alice")).status().code(),
            StatusCode::kResourceExhausted);
  // Another name is not affected.
  AddUser("bob", Role::kViewer);
  EXPECT_TRUE(access_->Login("bob", PasswordOf("bob")).ok());

  clock_.Advance(seconds(1));
  EXPECT_EQ(access_->Login("alice", "guess 6").status().code(), StatusCode::kUnauthenticated);
  clock_.Advance(seconds(1));  // the delay doubled to 2 s
  EXPECT_EQ(access_->Login("alice", PasswordOf("alice")).status().code(),
            StatusCode::kResourceExhausted);
  clock_.Advance(seconds(1));
  EXPECT_TRUE(access_->Login("alice", PasswordOf("alice")).ok());
  // Success forgets the failures.
  EXPECT_EQ(access_->Login("alice", "guess 7").status().code(), StatusCode::kUnauthenticated);
  EXPECT_TRUE(access_->Login("alice", PasswordOf("alice")).ok());
}

TEST_F(AccessTest, BadNamesAndShortPasswordsAreRefused) {
  EXPECT_EQ(access_->CreateUser("", "long enough password", Role::kViewer).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(access_->CreateUser("a b", "long enough password", Role::kViewer).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(access_->CreateUser("<script>", "long enough password", Role::kViewer).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(access_->CreateUser("alice", "short", Role::kViewer).status().code(),
            StatusCode::kInvalidArgument);
  AddUser("alice", Role::kViewer);
  EXPECT_EQ(access_->CreateUser("alice", "long enough password", Role::kAdmin).status().code(),
            StatusCode::kAlreadyExists);
}

TEST_F(AccessTest, CookiesAreHttpOnlyStrictAndSecureUnderTls) {
  AddUser("alice", Role::kViewer);
  LoginResult login = SignIn("alice");
  EXPECT_EQ(
      access_->SessionCookie(login),
      "xs_session=" + login.session_token + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=43200");
  EXPECT_EQ(access_->ClearedCookie(), "xs_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
  options_.secure_cookies = true;
  Access tls(*store_, clock_, random_, options_);
  EXPECT_TRUE(tls.SessionCookie(login).ends_with("; Secure"));
  EXPECT_TRUE(tls.ClearedCookie().ends_with("; Secure"));
}

TEST_F(AccessTest, TheFirstAdminIsCreatedOnceWithARandomPassword) {
  Result<std::optional<Credentials>> first =
      EnsureFirstAdmin(*store_, clock_, random_, PasswordParams::Cheapest());
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_TRUE(first->has_value());
  EXPECT_EQ((*first)->name, "admin");
  EXPECT_EQ((*first)->password.size(), 24u);
  EXPECT_EQ(store_->GetUser("admin")->role, Role::kAdmin);
  EXPECT_TRUE(access_->Login("admin", (*first)->password).ok());

  Result<std::optional<Credentials>> again =
      EnsureFirstAdmin(*store_, clock_, random_, PasswordParams::Cheapest());
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_FALSE(again->has_value());
}

TEST_F(AccessTest, NoFirstAdminWhenUsersExist) {
  AddUser("alice", Role::kViewer);
  Result<std::optional<Credentials>> first =
      EnsureFirstAdmin(*store_, clock_, random_, PasswordParams::Cheapest());
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_FALSE(first->has_value());
  EXPECT_EQ(store_->GetUser("admin").status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace xerosync::access
