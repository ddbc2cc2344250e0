#pragma once
// A fixture for the access tests: a SQLite store in a fresh temporary directory, a FakeClock, a
// FakeRandom, and an Access with the cheapest argon2id cost. Test-only.

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>

#include "access/access.h"
#include "access/fake_random.h"
#include "store/sqlite_store.h"

namespace xerosync::access {

class AccessFixture : public testing::Test {
 protected:
  AccessFixture() {
    static std::atomic<int> counter{0};
    dir_ = std::filesystem::temp_directory_path() /
           ("xerosync-access-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    auto opened = store::OpenSqliteStore(
        {.path = (dir_ / "xerosync.db").string(), .synchronous_full = false, .clock = &clock_});
    EXPECT_TRUE(opened.ok()) << opened.status();
    if (opened.ok()) store_ = std::move(*opened);
  }
  ~AccessFixture() override {
    access_.reset();
    store_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  void SetUp() override {
    ASSERT_NE(store_, nullptr);
    options_.password = PasswordParams::Cheapest();
    access_ = std::make_unique<Access>(*store_, clock_, random_, options_);
  }

  // Creates a user with the password "<name> password 1" and returns it.
  store::User AddUser(const std::string& name, Role role) {
    Result<store::User> user = access_->CreateUser(name, PasswordOf(name), role);
    EXPECT_TRUE(user.ok()) << user.status();
    return user.ok() ? *user : store::User();
  }
  static std::string PasswordOf(const std::string& name) { return name + " password 1"; }

  // Signs `name` in (the test fails if that does not work).
  LoginResult SignIn(const std::string& name) {
    Result<LoginResult> login = access_->Login(name, PasswordOf(name));
    EXPECT_TRUE(login.ok()) << login.status();
    return login.ok() ? *login : LoginResult();
  }

  static http::Request WithSession(std::string method, const LoginResult& login,
                                   bool with_csrf = true) {
    http::Request request;
    request.method = std::move(method);
    request.headers.Add("Cookie", "theme=dark; xs_session=" + login.session_token);
    if (with_csrf) request.headers.Set("X-CSRF-Token", login.csrf_token);
    return request;
  }
  static http::Request WithKey(std::string method, const std::string& key) {
    http::Request request;
    request.method = std::move(method);
    request.headers.Set("Authorization", "Bearer " + key);
    return request;
  }

  std::filesystem::path dir_;
  FakeClock clock_;
  FakeRandom random_;
  AccessOptions options_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<Access> access_;
};

}  // namespace xerosync::access
