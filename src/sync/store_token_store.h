#pragma once
// The Xero client's TokenStore (xero/token_store.h) kept in xerosync's Store: each connection's
// tokens serialised, sealed with the TokenCipher (libsodium secretbox) and saved as the
// connection's record; the refresh lock is a lease in the store ("token:<connection>"), so threads
// and processes sharing one database refresh a connection one at a time (docs/client.md,
// "Single flight").
//
// A lease, unlike flock, outlives a process that dies holding it: it is taken over once its ttl
// has passed. The ttl must be longer than a refresh takes (default 60 s; a refresh is one HTTP
// call with the transport's timeout).
//
// Thread safety: every method may be called concurrently.

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "core/clock.h"
#include "store/store.h"
#include "xero/token_cipher.h"
#include "xero/token_store.h"

namespace xerosync::sync {

struct StoreTokenStoreOptions {
  std::string owner;  // this process's lease owner prefix (unique per process)
  Duration lock_ttl = std::chrono::seconds(60);
  // How a waiting Lock pauses between tries (default: sleeps 5 ms). Tests advance a fake clock.
  std::function<void(std::chrono::milliseconds)> pause;
};

// REQUIRES: store, cipher and clock outlive the returned object.
std::unique_ptr<xero::TokenStore> NewStoreTokenStore(store::Store& store,
                                                     const xero::TokenCipher& cipher,
                                                     const Clock& clock,
                                                     StoreTokenStoreOptions options);

}  // namespace xerosync::sync
