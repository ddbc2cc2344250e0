#include "sync/store_token_store.h"

#include <algorithm>
#include <thread>
#include <utility>

namespace xerosync::sync {
namespace {

constexpr std::chrono::milliseconds kLockPause{5};

std::string LockName(std::string_view connection_id) {
  return "token:" + std::string(connection_id);
}

class LeaseLock final : public xero::TokenLock {
 public:
  LeaseLock(store::Store& store, std::string name, std::string owner)
      : store_(store), name_(std::move(name)), owner_(std::move(owner)) {}
  ~LeaseLock() override { (void)store_.ReleaseLease(name_, owner_); }
  LeaseLock(const LeaseLock&) = delete;
  LeaseLock& operator=(const LeaseLock&) = delete;

 private:
  store::Store& store_;
  std::string name_;
  std::string owner_;
};

class StoreTokenStore final : public xero::TokenStore {
 public:
  StoreTokenStore(store::Store& store, const xero::TokenCipher& cipher, const Clock& clock,
                  StoreTokenStoreOptions options)
      : store_(store), cipher_(cipher), clock_(clock), options_(std::move(options)) {}

  Result<xero::StoredTokens> Load(std::string_view connection_id) override {
    RETURN_IF_ERROR(xero::ValidateConnectionId(connection_id));
    ASSIGN_OR_RETURN(const std::string sealed, store_.LoadConnectionRecord(connection_id));
    ASSIGN_OR_RETURN(const std::string plain, cipher_.Open(sealed));
    return xero::ParseTokens(plain);
  }

  Status Save(std::string_view connection_id, const xero::StoredTokens& tokens) override {
    RETURN_IF_ERROR(xero::ValidateConnectionId(connection_id));
    return store_.SaveConnectionRecord(connection_id, cipher_.Seal(xero::SerializeTokens(tokens)));
  }

  Status Remove(std::string_view connection_id) override {
    RETURN_IF_ERROR(xero::ValidateConnectionId(connection_id));
    return store_.RemoveConnectionRecord(connection_id);
  }

  Result<std::vector<std::string>> List() override {
    ASSIGN_OR_RETURN(std::vector<std::string> ids, store_.ListConnectionRecords());
    std::ranges::sort(ids);
    return ids;
  }

  Result<std::unique_ptr<xero::TokenLock>> Lock(std::string_view connection_id,
                                                std::chrono::milliseconds timeout) override {
    RETURN_IF_ERROR(xero::ValidateConnectionId(connection_id));
    // Each lock has its own owner, so that two threads of this process exclude each other too.
    const std::string owner = options_.owner + "#" + std::to_string(++next_lock_);
    const std::string name = LockName(connection_id);
    for (int64_t tries = std::max<int64_t>(1, timeout / kLockPause) + 1;; --tries) {
      ASSIGN_OR_RETURN(const bool held,
                       store_.TryAcquireLease(name, owner, clock_.Now(), options_.lock_ttl));
      if (held) return std::unique_ptr<xero::TokenLock>(new LeaseLock(store_, name, owner));
      if (tries <= 1) break;
      if (options_.pause) {
        options_.pause(kLockPause);
      } else {
        std::this_thread::sleep_for(kLockPause);
      }
    }
    return DeadlineExceededError("the token lock of connection " + std::string(connection_id) +
                                 " is held by another process");
  }

 private:
  store::Store& store_;
  const xero::TokenCipher& cipher_;
  const Clock& clock_;
  const StoreTokenStoreOptions options_;
  std::atomic<int64_t> next_lock_{0};
};

}  // namespace

std::unique_ptr<xero::TokenStore> NewStoreTokenStore(store::Store& store,
                                                     const xero::TokenCipher& cipher,
                                                     const Clock& clock,
                                                     StoreTokenStoreOptions options) {
  return std::make_unique<StoreTokenStore>(store, cipher, clock, std::move(options));
}

}  // namespace xerosync::sync
