#include "notify/signature.h"

#include <sodium.h>

#include <array>
#include <cassert>
#include <charconv>
#include <cstdlib>
#include <optional>
#include <vector>

namespace xerosync::notify {
namespace {

using Mac = std::array<unsigned char, crypto_auth_hmacsha256_BYTES>;

void EnsureSodium() {
  static const bool ready = sodium_init() >= 0;
  if (!ready) std::abort();  // no usable randomness: nothing secret can be done safely
}

const unsigned char* Bytes(std::string_view text) {
  return reinterpret_cast<const unsigned char*>(text.data());
}

Mac Hmac(std::string_view secret, int64_t unix_seconds, std::string_view body) {
  EnsureSodium();
  const std::string prefix = std::to_string(unix_seconds) + ".";
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, Bytes(secret), secret.size());
  crypto_auth_hmacsha256_update(&state, Bytes(prefix), prefix.size());
  crypto_auth_hmacsha256_update(&state, Bytes(body), body.size());
  Mac mac{};
  crypto_auth_hmacsha256_final(&state, mac.data());
  sodium_memzero(&state, sizeof state);
  return mac;
}

std::optional<int64_t> ParseInt(std::string_view text) {
  int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

}  // namespace

std::string SignWebhook(std::string_view secret, int64_t unix_seconds, std::string_view body) {
  assert(!secret.empty());
  const Mac mac = Hmac(secret, unix_seconds, body);
  std::string hex(mac.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), mac.data(), mac.size());
  hex.pop_back();
  return "t=" + std::to_string(unix_seconds) + ",v1=" + hex;
}

Status VerifyWebhookSignature(std::string_view header, std::string_view secret,
                              std::string_view body, TimePoint now, Duration tolerance) {
  if (secret.empty()) return UnauthenticatedError("no webhook secret to verify with");
  std::optional<int64_t> timestamp;
  std::vector<std::string_view> signatures;
  while (!header.empty()) {
    const std::size_t comma = header.find(',');
    const std::string_view part = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    if (part.rfind("t=", 0) == 0) {
      timestamp = ParseInt(part.substr(2));
    } else if (part.rfind("v1=", 0) == 0) {
      signatures.push_back(part.substr(3));
    }
  }
  if (!timestamp.has_value()) return UnauthenticatedError("the signature has no timestamp");
  if (signatures.empty()) return UnauthenticatedError("the signature has no v1 value");
  const auto signed_at = TimePoint(std::chrono::seconds(*timestamp));
  if (signed_at < now - tolerance || signed_at > now + tolerance) {
    return UnauthenticatedError("the signature's timestamp is outside the tolerance");
  }
  const Mac expected = Hmac(secret, *timestamp, body);
  for (std::string_view hex : signatures) {
    Mac given{};
    std::size_t length = 0;
    if (hex.size() != given.size() * 2 ||
        sodium_hex2bin(given.data(), given.size(), hex.data(), hex.size(), nullptr, &length,
                       nullptr) != 0 ||
        length != given.size()) {
      continue;
    }
    if (sodium_memcmp(given.data(), expected.data(), given.size()) == 0) return OkStatus();
  }
  return UnauthenticatedError("the signature does not match");
}

}  // namespace xerosync::notify
