#pragma once
// Encryption of OAuth tokens at rest (docs/client.md, "Keys"): libsodium secretbox
// (XSalsa20-Poly1305) with a random nonce per record, under a 32-byte key from the environment.
//
//   XEROSYNC_TOKEN_KEY            the key, base64 (32 bytes), or
//   XEROSYNC_TOKEN_KEY_FILE       a file holding it (base64, white space ignored)
//   XEROSYNC_TOKEN_OLD_KEY[_FILE] during a rotation: the previous key, used only to decrypt
//
// A sealed record is one line, "xerosync-tokens/1 <key id> <base64(nonce || box)>". The key id
// (12 hex digits of SHA-256 over a label and the key; it reveals nothing usable) lets Open say
// which key a record needs instead of a bare "cannot decrypt".
//
// Thread safety: a TokenCipher is immutable; all const methods may be called concurrently.

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace xerosync::xero {

class TokenCipher {
 public:
  // `key` and `old_key` are the raw 32 bytes. REQUIRES: key.size() == 32, old_key likewise.
  explicit TokenCipher(std::string key, std::optional<std::string> old_key = std::nullopt);

  // From the variables above, read through `getenv` (tests inject one). kFailedPrecondition when no
  // key is configured or a key is not base64 of 32 bytes, naming the variable (never the value).
  static Result<TokenCipher> FromEnvironment(const std::function<const char*(const char*)>& getenv);
  // A key's raw bytes from its base64 text; kInvalidArgument if not 32 bytes.
  static Result<std::string> DecodeKey(std::string_view base64);
  // A fresh random key, base64 (for `xerosync token-key new` and tests).
  static std::string NewKeyBase64();

  // Encrypts with the current key and a fresh nonce.
  std::string Seal(std::string_view plaintext) const;
  // Decrypts a sealed record with whichever key it was sealed with. kDataLoss if it was sealed
  // with a key this cipher does not have (naming both key ids), or if it fails authentication.
  Result<std::string> Open(std::string_view sealed) const;
  // Whether `sealed` was sealed with the current key (else a rewrite would re-encrypt it).
  bool SealedWithCurrentKey(std::string_view sealed) const;

  const std::string& key_id() const { return key_id_; }

 private:
  std::string key_;
  std::string key_id_;
  std::optional<std::string> old_key_;
  std::string old_key_id_;
};

}  // namespace xerosync::xero
