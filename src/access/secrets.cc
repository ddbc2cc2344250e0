#include "access/secrets.h"

#include <sodium.h>

#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

namespace xerosync::access {
namespace {

void EnsureSodium() {
  static const bool ready = [] {
    if (sodium_init() < 0) {
      std::cerr << "xerosync: libsodium cannot be initialised (no usable randomness)\n";
      std::abort();
    }
    return true;
  }();
  (void)ready;
}

class SodiumRandom final : public Random {
 public:
  void Fill(std::span<unsigned char> out) override {
    EnsureSodium();
    randombytes_buf(out.data(), out.size());
  }
};

std::vector<unsigned char> RandomBytes(Random& random, std::size_t bytes) {
  std::vector<unsigned char> out(bytes);
  random.Fill(out);
  return out;
}

}  // namespace

Random& SystemRandom() {
  static SodiumRandom* random = new SodiumRandom();  // never destroyed: used until exit
  return *random;
}

std::string RandomHex(Random& random, std::size_t bytes) {
  std::vector<unsigned char> raw = RandomBytes(random, bytes);
  std::string hex(bytes * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), raw.data(), raw.size());
  sodium_memzero(raw.data(), raw.size());
  hex.pop_back();  // the terminating NUL
  return hex;
}

std::string RandomBase64Url(Random& random, std::size_t bytes) {
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::vector<unsigned char> raw = RandomBytes(random, bytes);
  std::string text(sodium_base64_ENCODED_LEN(bytes, kVariant), '\0');
  sodium_bin2base64(text.data(), text.size(), raw.data(), raw.size(), kVariant);
  sodium_memzero(raw.data(), raw.size());
  text.resize(text.find('\0'));
  return text;
}

std::string DigestHex(std::string_view secret) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(secret.data()), secret.size());
  std::string hex(sizeof digest * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), digest, sizeof digest);
  hex.pop_back();
  return hex;
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

PasswordParams PasswordParams::Cheapest() {
  return {.ops_limit = crypto_pwhash_OPSLIMIT_MIN, .mem_limit = crypto_pwhash_MEMLIMIT_MIN};
}

Result<std::string> HashPassword(std::string_view password, const PasswordParams& params) {
  EnsureSodium();
  if (params.ops_limit < crypto_pwhash_OPSLIMIT_MIN ||
      params.mem_limit < crypto_pwhash_MEMLIMIT_MIN ||
      params.ops_limit > crypto_pwhash_OPSLIMIT_MAX ||
      params.mem_limit > crypto_pwhash_MEMLIMIT_MAX) {
    return InvalidArgumentError("argon2id parameters outside libsodium's limits");
  }
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), params.ops_limit,
                            params.mem_limit, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return ResourceExhaustedError("not enough memory to hash a password");
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
  EnsureSodium();
  // libsodium wants a NUL-terminated string of at most crypto_pwhash_STRBYTES.
  if (hash.size() >= crypto_pwhash_STRBYTES) return false;
  std::string terminated(hash);
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

}  // namespace xerosync::access
