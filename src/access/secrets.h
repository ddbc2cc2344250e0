#pragma once
// The secrets of access control (docs/access.md): randomness, password hashing with argon2id, and
// the SHA-256 digests under which random tokens are stored, compared in constant time. Everything
// is libsodium's; nothing here logs or prints a secret.
//
// Thread safety: all functions may be called concurrently; a Random implementation must be safe to
// call from several threads (SystemRandom is).

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/result.h"

namespace xerosync::access {

// Where secrets come from: injected, so tests get the same tokens every run.
class Random {
 public:
  virtual ~Random() = default;
  // Fills `out` with random bytes.
  virtual void Fill(std::span<unsigned char> out) = 0;
};

// The operating system's randomness (libsodium's randombytes_buf). Never null; lives for the
// whole process. Aborts at first use if libsodium cannot be initialised.
Random& SystemRandom();

// `bytes` random bytes as lower-case hex (2 * bytes characters).
std::string RandomHex(Random& random, std::size_t bytes);
// `bytes` random bytes as base64url without padding (passwords people type or paste).
std::string RandomBase64Url(Random& random, std::size_t bytes);

// SHA-256 of `secret`, as lower-case hex: how session tokens, CSRF tokens and API key secrets are
// stored. They are 256 random bits each, so a fast hash suffices (nothing to guess).
std::string DigestHex(std::string_view secret);
// Whether a == b, in time that depends only on the lengths (sodium_memcmp).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// argon2id cost. The default is libsodium's "interactive" level: 2 passes over 64 MiB, about
// 0.1-0.2 s on one core of the development machine (docs/access.md has the figure). Hashes record
// their own parameters, so verifying does not need these.
struct PasswordParams {
  uint64_t ops_limit = 2;             // passes (crypto_pwhash_OPSLIMIT_INTERACTIVE)
  std::size_t mem_limit = 64u << 20;  // bytes (crypto_pwhash_MEMLIMIT_INTERACTIVE)

  // The cheapest parameters libsodium accepts: for tests only, never for real passwords.
  static PasswordParams Cheapest();
};

// The argon2id hash of `password` in libsodium's self-describing string format
// ("$argon2id$v=19$m=65536,t=2,p=1$..."), with a fresh random salt. kResourceExhausted when the
// memory cannot be had; kInvalidArgument for parameters outside libsodium's limits.
Result<std::string> HashPassword(std::string_view password, const PasswordParams& params);
// Whether `password` matches `hash` (a HashPassword result). False for a malformed hash.
bool VerifyPassword(std::string_view hash, std::string_view password);

}  // namespace xerosync::access
