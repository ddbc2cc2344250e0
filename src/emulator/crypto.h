#pragma once
// The emulator's small cryptography, on libsodium: what Xero's identity service and webhooks need
// (PKCE's SHA-256, JWT-shaped tokens, HMAC-SHA256 signatures, random tokens). The emulator keeps
// its own copy of these rather than sharing xerosync's client code: a bug shared by both sides
// would be invisible (ARCHITECTURE.md, "The emulator").

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace xerosync::emulator {

std::string Base64UrlEncode(std::string_view bytes);  // no padding
std::string Base64Encode(std::string_view bytes);     // standard, padded
// nullopt unless `text` is padded standard base64 (as in an HTTP Basic header).
std::optional<std::string> Base64Decode(std::string_view text);
// nullopt unless `text` is unpadded base64url.
std::optional<std::string> Base64UrlDecode(std::string_view text);
std::string Sha256(std::string_view bytes);                              // 32 raw bytes
std::string HmacSha256(std::string_view key, std::string_view message);  // 32 raw bytes
// Compares in time independent of where the inputs differ.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// Random bytes for tokens and codes. Seeded, it produces the same sequence every run (tests and
// reproducible demos); unseeded, it draws from the operating system.
// Thread safety: all methods may be called concurrently.
class RandomSource {
 public:
  explicit RandomSource(std::optional<uint64_t> seed = std::nullopt);
  std::string Bytes(std::size_t n);
  // n random bytes as base64url text.
  std::string Token(std::size_t n) { return Base64UrlEncode(Bytes(n)); }
  // A random (version 4) UUID: "7cb59f93-2964-421d-bb5e-a0f7a4572a44".
  std::string Uuid();

 private:
  std::mutex mu_;
  std::optional<uint64_t> seed_;
  uint64_t counter_ = 0;  // GUARDED_BY(mu_)
};

}  // namespace xerosync::emulator
