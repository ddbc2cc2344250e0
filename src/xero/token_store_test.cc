// The token stores: the record format, the memory store's lock, the file store's atomic encrypted
// files and flock lock, key configuration and rotation.
#include "xero/token_store.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "xero/token_cipher.h"

namespace xerosync::xero {
namespace {

using std::chrono::milliseconds;

StoredTokens Sample() {
  StoredTokens t;
  t.access_token = "eyJ.access-token-text.sig";
  t.access_expires = TimePoint(std::chrono::milliseconds(1'767'225'600'123));
  t.refresh_token = "refresh-token-text-0123456789";
  t.refresh_issued = TimePoint(std::chrono::milliseconds(1'767'223'800'000));
  t.previous_refresh_token = "previous-refresh-token-text";
  t.previous_replaced = t.refresh_issued;
  t.scopes = {"accounting.transactions", "offline_access"};
  t.tenant_ids = {"7a3c1f5e-2b4d-4e6f-8a9b-0c1d2e3f4a51"};
  t.xero_connection_ids = {"c0ffee00-0000-4000-8000-000000000001"};
  t.tenant_names = {"Demo Company (NZ)"};
  t.state = ConnectionState::kMissingScope;
  t.reason = "why";
  return t;
}

void ExpectSame(const StoredTokens& a, const StoredTokens& b) {
  EXPECT_EQ(SerializeTokens(a), SerializeTokens(b));
  EXPECT_EQ(a.access_token, b.access_token);
  EXPECT_EQ(a.access_expires, b.access_expires);
  EXPECT_EQ(a.previous_replaced, b.previous_replaced);
  EXPECT_EQ(a.state, b.state);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

TEST(TokenRecord, RoundTripsEveryField) {
  const StoredTokens t = Sample();
  const Result<StoredTokens> back = ParseTokens(SerializeTokens(t));
  ASSERT_TRUE(back.ok()) << back.status();
  ExpectSame(*back, t);
  StoredTokens fresh;
  ExpectSame(ParseTokens(SerializeTokens(fresh)).value(), fresh);
  EXPECT_EQ(ParseTokens(R"({"access_token":1})").status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(back->tenant_names, t.tenant_names);
}

TEST(TokenRecord, ARecordWrittenBeforeNamesWereKeptStillReads) {
  std::string text = SerializeTokens(Sample());
  const std::string names = R"json(,"tenant_names":["Demo Company (NZ)"])json";
  ASSERT_NE(text.find(names), std::string::npos) << text;
  text.erase(text.find(names), names.size());
  const Result<StoredTokens> back = ParseTokens(text);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_TRUE(back->tenant_names.empty());
  EXPECT_EQ(back->tenant_ids, Sample().tenant_ids);
}

TEST(MemoryTokenStore, SavesLoadsListsAndRemoves) {
  const std::unique_ptr<TokenStore> store = NewMemoryTokenStore();
  EXPECT_EQ(store->Load("a").status().code(), StatusCode::kNotFound);
  ASSERT_TRUE(store->Save("b", Sample()).ok());
  ASSERT_TRUE(store->Save("a", Sample()).ok());
  ExpectSame(store->Load("a").value(), Sample());
  EXPECT_EQ(store->List().value(), (std::vector<std::string>{"a", "b"}));
  ASSERT_TRUE(store->Remove("a").ok());
  EXPECT_EQ(store->Load("a").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store->Save("../etc", Sample()).code(), StatusCode::kInvalidArgument);
}

TEST(MemoryTokenStore, TheLockHasOneHolderPerConnection) {
  const std::unique_ptr<TokenStore> store = NewMemoryTokenStore();
  Result<std::unique_ptr<TokenLock>> held = store->Lock("a", milliseconds(0));
  ASSERT_TRUE(held.ok());
  EXPECT_EQ(store->Lock("a", milliseconds(0)).status().code(), StatusCode::kDeadlineExceeded);
  EXPECT_TRUE(store->Lock("b", milliseconds(0)).ok());
  held->reset();
  EXPECT_TRUE(store->Lock("a", milliseconds(0)).ok());
}

class FileTokenStoreTest : public ::testing::Test {
 protected:
  FileTokenStoreTest()
      : dir_(std::filesystem::temp_directory_path() /
             ("xerosync-tokens-" + std::to_string(getpid()) + "-" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name())),
        key_a_(TokenCipher::DecodeKey(TokenCipher::NewKeyBase64()).value()),
        key_b_(TokenCipher::DecodeKey(TokenCipher::NewKeyBase64()).value()) {
    std::filesystem::remove_all(dir_);
  }
  ~FileTokenStoreTest() override { std::filesystem::remove_all(dir_); }

  std::unique_ptr<TokenStore> Open(const TokenCipher& cipher,
                                   std::function<void(milliseconds)> pause = {}) {
    FileTokenStoreOptions options;
    options.directory = dir_.string();
    options.pause = std::move(pause);
    return NewFileTokenStore(std::move(options), cipher).value();
  }
  std::string File(const std::string& id) { return (dir_ / (id + ".tokens")).string(); }

  std::filesystem::path dir_;
  std::string key_a_, key_b_;
};

TEST_F(FileTokenStoreTest, TokensAreEncryptedAtRestAndSurviveReopening) {
  const TokenCipher cipher(key_a_);
  ASSERT_TRUE(Open(cipher)->Save("acme", Sample()).ok());
  const std::string raw = ReadFile(File("acme"));
  EXPECT_TRUE(raw.starts_with("xerosync-tokens/1 " + cipher.key_id() + " ")) << raw;
  for (const std::string& secret :
       {Sample().access_token, Sample().refresh_token, Sample().previous_refresh_token,
        std::string("access"), std::string("refresh"), Sample().tenant_ids[0]}) {
    EXPECT_EQ(raw.find(secret), std::string::npos) << secret;
  }
  struct stat info {};
  ASSERT_EQ(stat(File("acme").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600);
  // Nothing but the record is left behind (no temporary files).
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir_)) {
    files += entry.path().extension() == ".tokens" || entry.path().filename().string()[0] == '.';
  }
  EXPECT_EQ(files, 1);

  const std::unique_ptr<TokenStore> reopened = Open(cipher);
  ExpectSame(reopened->Load("acme").value(), Sample());
  EXPECT_EQ(reopened->List().value(), std::vector<std::string>{"acme"});
  // Two saves of the same tokens differ: a fresh nonce each time.
  ASSERT_TRUE(reopened->Save("acme", Sample()).ok());
  EXPECT_NE(ReadFile(File("acme")), raw);
}

TEST_F(FileTokenStoreTest, AWrongKeyOrAnAlteredFileIsAClearError) {
  const TokenCipher cipher_a(key_a_);
  ASSERT_TRUE(Open(cipher_a)->Save("acme", Sample()).ok());
  const TokenCipher cipher_b(key_b_);
  const Result<StoredTokens> wrong = Open(cipher_b)->Load("acme");
  EXPECT_EQ(wrong.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(wrong.status().message().find("encrypted with key " + cipher_a.key_id()),
            std::string::npos)
      << wrong.status();
  EXPECT_NE(wrong.status().message().find(cipher_b.key_id()), std::string::npos);
  EXPECT_EQ(wrong.status().message().find(Sample().refresh_token), std::string::npos);

  std::string raw = ReadFile(File("acme"));
  raw[raw.size() - 5] = raw[raw.size() - 5] == 'A' ? 'B' : 'A';
  std::ofstream(File("acme"), std::ios::trunc) << raw;
  const Result<StoredTokens> altered = Open(cipher_a)->Load("acme");
  EXPECT_EQ(altered.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(altered.status().message().find("fails authentication"), std::string::npos);
}

TEST_F(FileTokenStoreTest, KeyRotationReadsWithTheOldKeyAndRewritesWithTheNew) {
  const TokenCipher old_cipher(key_a_);
  ASSERT_TRUE(Open(old_cipher)->Save("acme", Sample()).ok());
  ASSERT_TRUE(Open(old_cipher)->Save("other", Sample()).ok());

  const TokenCipher rotating(key_b_, key_a_);
  const std::unique_ptr<TokenStore> store = Open(rotating);
  ExpectSame(store->Load("acme").value(), Sample());
  EXPECT_FALSE(rotating.SealedWithCurrentKey(ReadFile(File("acme"))));
  EXPECT_EQ(RewriteAll(*store, milliseconds(0)).value(), 2);
  EXPECT_TRUE(rotating.SealedWithCurrentKey(ReadFile(File("acme"))));
  EXPECT_TRUE(rotating.SealedWithCurrentKey(ReadFile(File("other"))));

  const TokenCipher new_only(key_b_);
  ExpectSame(Open(new_only)->Load("other").value(), Sample());
  EXPECT_EQ(Open(old_cipher)->Load("other").status().code(), StatusCode::kDataLoss);
}

TEST_F(FileTokenStoreTest, TheLockExcludesOtherHoldersUntilReleased) {
  const TokenCipher cipher(key_a_);
  int pauses = 0;
  const std::unique_ptr<TokenStore> one = Open(cipher);
  const std::unique_ptr<TokenStore> two = Open(cipher, [&](milliseconds) { ++pauses; });
  Result<std::unique_ptr<TokenLock>> held = one->Lock("acme", milliseconds(100));
  ASSERT_TRUE(held.ok()) << held.status();
  // Another open file description (another process, or another store) waits, then gives up.
  EXPECT_EQ(two->Lock("acme", milliseconds(50)).status().code(), StatusCode::kDeadlineExceeded);
  EXPECT_EQ(pauses, 10);
  EXPECT_EQ(one->Lock("acme", milliseconds(0)).status().code(), StatusCode::kDeadlineExceeded);
  EXPECT_TRUE(two->Lock("other", milliseconds(0)).ok());
  held->reset();
  EXPECT_TRUE(two->Lock("acme", milliseconds(0)).ok());
}

TEST(TokenCipher, TheKeyComesFromTheEnvironmentOrAFile) {
  const std::string key = TokenCipher::NewKeyBase64();
  std::map<std::string, std::string> env;
  const auto getenv = [&env](const char* name) -> const char* {
    const auto it = env.find(name);
    return it == env.end() ? nullptr : it->second.c_str();
  };
  const Result<TokenCipher> none = TokenCipher::FromEnvironment(getenv);
  EXPECT_EQ(none.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(none.status().message().find("XEROSYNC_TOKEN_KEY"), std::string::npos);

  env["XEROSYNC_TOKEN_KEY"] = "c2hvcnQ=";  // "short"
  const Result<TokenCipher> short_key = TokenCipher::FromEnvironment(getenv);
  EXPECT_EQ(short_key.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(short_key.status().message().find("32 bytes"), std::string::npos);
  EXPECT_EQ(short_key.status().message().find("c2hvcnQ"), std::string::npos);

  env["XEROSYNC_TOKEN_KEY"] = key;
  const TokenCipher from_env = TokenCipher::FromEnvironment(getenv).value();
  env.erase("XEROSYNC_TOKEN_KEY");
  const std::string path =
      (std::filesystem::temp_directory_path() / ("xerosync-key-" + std::to_string(getpid())))
          .string();
  std::ofstream(path) << key << "\n";
  env["XEROSYNC_TOKEN_KEY_FILE"] = path;
  const TokenCipher from_file = TokenCipher::FromEnvironment(getenv).value();
  std::filesystem::remove(path);
  EXPECT_EQ(from_env.key_id(), from_file.key_id());
  EXPECT_EQ(from_file.Open(from_env.Seal("x")).value(), "x");
}

}  // namespace
}  // namespace xerosync::xero
