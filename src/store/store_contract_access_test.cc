// The Store contract, part 4: users, sessions and API keys (docs/access.md). Every backend runs
// these.
#include <gmock/gmock.h>

#include "store/store_contract.h"

namespace xerosync::store {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using testing::ElementsAre;
using testing::Field;

User NewUser(const std::string& name, Role role, TimePoint created) {
  return {.id = 0,
          .name = name,
          .password_hash = "$argon2id$v=19$m=8,t=1,p=1$c2FsdA$aGFzaA",
          .role = role,
          .created = created,
          .disabled = false};
}

Session NewSession(const std::string& token_hash, int64_t user_id, TimePoint now) {
  return {.token_hash = token_hash,
          .user_id = user_id,
          .created = now,
          .expires = now + hours(12),
          .last_seen = now,
          .csrf_hash = "csrf-" + token_hash};
}

ApiKey NewKey(const std::string& name, const std::string& prefix, Role role, TimePoint now) {
  return {.id = 0,
          .name = name,
          .prefix = prefix,
          .secret_hash = "hash-" + prefix,
          .role = role,
          .created = now,
          .revoked = std::nullopt};
}

TEST_P(StoreContractTest, UsersAreKeptByUniqueNameWithTheirRole) {
  Result<int64_t> alice = store_->CreateUser(NewUser("alice", Role::kAdmin, now()));
  ASSERT_TRUE(alice.ok()) << alice.status();
  ASSERT_TRUE(store_->CreateUser(NewUser("bob", Role::kViewer, now())).ok());

  EXPECT_EQ(store_->CreateUser(NewUser("alice", Role::kViewer, now())).status().code(),
            StatusCode::kAlreadyExists);
  EXPECT_EQ(store_->CreateUser(NewUser("", Role::kViewer, now())).status().code(),
            StatusCode::kInvalidArgument);

  std::unique_ptr<Store> again = OpenAgain();
  Result<User> read = again->GetUser("alice");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->id, *alice);
  EXPECT_EQ(read->role, Role::kAdmin);
  EXPECT_EQ(read->password_hash, NewUser("alice", Role::kAdmin, now()).password_hash);
  EXPECT_EQ(read->created, now());
  EXPECT_FALSE(read->disabled);
  EXPECT_EQ(again->GetUserById(*alice)->name, "alice");
  EXPECT_EQ(again->GetUser("carol").status().code(), StatusCode::kNotFound);
  EXPECT_THAT(*again->ListUsers(),
              ElementsAre(Field(&User::name, "alice"), Field(&User::name, "bob")));
}

TEST_P(StoreContractTest, SessionsAreFoundByTokenHashTouchedAndDeleted) {
  const int64_t alice = *store_->CreateUser(NewUser("alice", Role::kOperator, now()));
  ASSERT_TRUE(store_->CreateSession(NewSession("h1", alice, now())).ok());
  EXPECT_EQ(store_->CreateSession(NewSession("h1", alice, now())).code(),
            StatusCode::kAlreadyExists);

  clock_.Advance(minutes(5));
  ASSERT_TRUE(store_->TouchSession("h1", now()).ok());
  Result<Session> read = OpenAgain()->GetSession("h1");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->user_id, alice);
  EXPECT_EQ(read->last_seen, now());
  EXPECT_EQ(read->created, now() - minutes(5));
  EXPECT_EQ(read->expires, now() - minutes(5) + hours(12));
  EXPECT_EQ(read->csrf_hash, "csrf-h1");

  ASSERT_TRUE(store_->DeleteSession("h1").ok());
  EXPECT_EQ(store_->GetSession("h1").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->TouchSession("h1", now()).code(), StatusCode::kNotFound);
  EXPECT_TRUE(store_->DeleteSession("h1").ok());
}

TEST_P(StoreContractTest, ExpiredAndIdleSessionsAreDeleted) {
  const int64_t alice = *store_->CreateUser(NewUser("alice", Role::kViewer, now()));
  const TimePoint start = now();
  ASSERT_TRUE(store_->CreateSession(NewSession("old", alice, start)).ok());  // expires +12 h
  clock_.Advance(hours(11));
  ASSERT_TRUE(store_->CreateSession(NewSession("idle", alice, start + hours(1))).ok());
  ASSERT_TRUE(store_->CreateSession(NewSession("fresh", alice, now())).ok());
  clock_.Advance(hours(1));
  ASSERT_TRUE(store_->TouchSession("fresh", now() - minutes(29)).ok());

  // "old" is past its absolute expiry, "idle" was last seen 11 h ago (more than 30 minutes).
  Result<int64_t> deleted = store_->DeleteExpiredSessions(now(), now() - minutes(30));
  ASSERT_TRUE(deleted.ok()) << deleted.status();
  EXPECT_EQ(*deleted, 2);
  EXPECT_TRUE(store_->GetSession("fresh").ok());
  EXPECT_EQ(store_->GetSession("old").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->GetSession("idle").status().code(), StatusCode::kNotFound);
}

TEST_P(StoreContractTest, DisablingAUserEndsTheirSessionsOnly) {
  const int64_t alice = *store_->CreateUser(NewUser("alice", Role::kAdmin, now()));
  const int64_t bob = *store_->CreateUser(NewUser("bob", Role::kViewer, now()));
  ASSERT_TRUE(store_->CreateSession(NewSession("a1", alice, now())).ok());
  ASSERT_TRUE(store_->CreateSession(NewSession("b1", bob, now())).ok());

  ASSERT_TRUE(store_->SetUserDisabled("bob", true).ok());
  EXPECT_TRUE(store_->GetUser("bob")->disabled);
  EXPECT_EQ(store_->GetSession("b1").status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(store_->GetSession("a1").ok());

  ASSERT_TRUE(store_->SetUserDisabled("bob", false).ok());
  EXPECT_FALSE(store_->GetUser("bob")->disabled);
  EXPECT_EQ(store_->SetUserDisabled("carol", true).code(), StatusCode::kNotFound);
}

TEST_P(StoreContractTest, ANewPasswordEndsTheUsersSessions) {
  const int64_t alice = *store_->CreateUser(NewUser("alice", Role::kAdmin, now()));
  const int64_t bob = *store_->CreateUser(NewUser("bob", Role::kViewer, now()));
  ASSERT_TRUE(store_->CreateSession(NewSession("a1", alice, now())).ok());
  ASSERT_TRUE(store_->CreateSession(NewSession("b1", bob, now())).ok());

  ASSERT_TRUE(store_->SetUserPassword("alice", "$argon2id$new").ok());
  EXPECT_EQ(store_->GetUser("alice")->password_hash, "$argon2id$new");
  EXPECT_EQ(store_->GetSession("a1").status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(store_->GetSession("b1").ok());
  EXPECT_EQ(store_->SetUserPassword("carol", "$argon2id$new").code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->SetUserPassword("bob", "").code(), StatusCode::kInvalidArgument);
}

TEST_P(StoreContractTest, ApiKeysAreFoundByPrefixAndStayRevoked) {
  Result<int64_t> id = store_->CreateApiKey(NewKey("deploy", "p1", Role::kOperator, now()));
  ASSERT_TRUE(id.ok()) << id.status();
  ASSERT_TRUE(store_->CreateApiKey(NewKey("backup", "p2", Role::kViewer, now())).ok());
  EXPECT_EQ(store_->CreateApiKey(NewKey("deploy", "p3", Role::kViewer, now())).status().code(),
            StatusCode::kAlreadyExists);
  EXPECT_EQ(store_->CreateApiKey(NewKey("other", "p1", Role::kViewer, now())).status().code(),
            StatusCode::kAlreadyExists);

  Result<ApiKey> read = OpenAgain()->GetApiKeyByPrefix("p1");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->id, *id);
  EXPECT_EQ(read->name, "deploy");
  EXPECT_EQ(read->secret_hash, "hash-p1");
  EXPECT_EQ(read->role, Role::kOperator);
  EXPECT_EQ(read->revoked, std::nullopt);

  const TimePoint revoked_at = now();
  ASSERT_TRUE(store_->RevokeApiKey("deploy", revoked_at).ok());
  clock_.Advance(hours(1));
  ASSERT_TRUE(store_->RevokeApiKey("deploy", now()).ok());  // the first revocation's time stays
  EXPECT_EQ(store_->GetApiKeyByPrefix("p1")->revoked, revoked_at);
  EXPECT_EQ(store_->RevokeApiKey("nope", now()).code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->GetApiKeyByPrefix("p9").status().code(), StatusCode::kNotFound);
  EXPECT_THAT(*store_->ListApiKeys(),
              ElementsAre(Field(&ApiKey::name, "backup"), Field(&ApiKey::name, "deploy")));
}

}  // namespace
}  // namespace xerosync::store
