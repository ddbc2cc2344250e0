#include "sync/keys.h"

#include <sodium.h>

#include <array>
#include <cstdint>

namespace xerosync::sync {
namespace {

// Each field with its length first, so that no two different inputs hash the same bytes.
void Feed(crypto_hash_sha256_state& state, std::string_view field) {
  const uint64_t size = field.size();
  std::array<unsigned char, 8> length{};
  for (std::size_t i = 0; i < length.size(); ++i) {
    length[i] = static_cast<unsigned char>(size >> (8 * i));
  }
  crypto_hash_sha256_update(&state, length.data(), length.size());
  crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(field.data()),
                            field.size());
}

std::string Base32(std::span<const unsigned char> bytes) {
  static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (const unsigned char byte : bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += kAlphabet[(buffer >> (bits - 5)) & 31U];
      bits -= 5;
    }
  }
  if (bits > 0) out += kAlphabet[(buffer << (5 - bits)) & 31U];
  return out;
}

}  // namespace

std::string IdempotencyKey(const domain::TenantId& organisation, std::string_view method,
                           std::span<const KeyedDocument> documents, std::string_view body) {
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  Feed(state, "xerosync attempt v1");
  Feed(state, organisation.value());
  Feed(state, method);
  for (const KeyedDocument& document : documents) {
    Feed(state, store::DocumentKindName(document.kind));
    Feed(state, document.host_id);
    Feed(state, std::to_string(document.version));
    Feed(state, store::OperationName(document.operation));
    Feed(state, std::to_string(document.rejections));
  }
  std::array<unsigned char, crypto_hash_sha256_BYTES> body_hash{};
  crypto_hash_sha256(body_hash.data(), reinterpret_cast<const unsigned char*>(body.data()),
                     body.size());
  crypto_hash_sha256_update(&state, body_hash.data(), body_hash.size());
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256_final(&state, digest.data());
  return "xs1-" + Base32(digest);
}

}  // namespace xerosync::sync
