#include "xero/token_cipher.h"

#include <sodium.h>

#include <cassert>
#include <fstream>
#include <sstream>
#include <utility>

#include "xero/sodium_util.h"

namespace xerosync::xero {

namespace {

constexpr std::string_view kMagic = "xerosync-tokens/1";

std::string KeyId(std::string_view key) {
  const std::string input = "xerosync token key id:" + std::string(key);
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(input.data()), input.size());
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 6; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 15];
  }
  return out;
}

// The key named by `variable` or `variable`_FILE; nullopt when neither is set.
Result<std::optional<std::string>> KeyFrom(const std::function<const char*(const char*)>& getenv,
                                           const std::string& variable) {
  std::string text;
  std::string source;
  if (const char* value = getenv(variable.c_str()); value != nullptr && *value != '\0') {
    text = value;
    source = variable;
  } else if (const char* path = getenv((variable + "_FILE").c_str());
             path != nullptr && *path != '\0') {
    std::ifstream in(path);
    if (!in) {
      return FailedPreconditionError(variable + "_FILE: cannot read the key file " + path);
    }
    std::ostringstream content;
    content << in.rdbuf();
    text = content.str();
    source = variable + "_FILE (" + path + ")";
  } else {
    return std::optional<std::string>();
  }
  Result<std::string> key = TokenCipher::DecodeKey(text);
  if (!key.ok()) return FailedPreconditionError(source + ": " + key.status().message());
  return std::optional<std::string>(std::move(*key));
}

}  // namespace

TokenCipher::TokenCipher(std::string key, std::optional<std::string> old_key)
    : key_(std::move(key)), old_key_(std::move(old_key)) {
  EnsureSodium();
  assert(key_.size() == crypto_secretbox_KEYBYTES);
  assert(!old_key_ || old_key_->size() == crypto_secretbox_KEYBYTES);
  key_id_ = KeyId(key_);
  if (old_key_) old_key_id_ = KeyId(*old_key_);
}

Result<TokenCipher> TokenCipher::FromEnvironment(
    const std::function<const char*(const char*)>& getenv) {
  EnsureSodium();
  ASSIGN_OR_RETURN(std::optional<std::string> key, KeyFrom(getenv, "XEROSYNC_TOKEN_KEY"));
  if (!key) {
    return FailedPreconditionError(
        "no token encryption key: set XEROSYNC_TOKEN_KEY (base64 of 32 bytes) or "
        "XEROSYNC_TOKEN_KEY_FILE");
  }
  ASSIGN_OR_RETURN(std::optional<std::string> old_key, KeyFrom(getenv, "XEROSYNC_TOKEN_OLD_KEY"));
  return TokenCipher(std::move(*key), std::move(old_key));
}

Result<std::string> TokenCipher::DecodeKey(std::string_view base64) {
  std::optional<std::string> raw = Base64Decode(base64);
  if (!raw) return InvalidArgumentError("the key is not base64");
  if (raw->size() != crypto_secretbox_KEYBYTES) {
    return InvalidArgumentError("the key must be 32 bytes, base64 (44 characters); it is " +
                                std::to_string(raw->size()) + " bytes");
  }
  return std::move(*raw);
}

std::string TokenCipher::NewKeyBase64() {
  EnsureSodium();
  std::string key(crypto_secretbox_KEYBYTES, '\0');
  randombytes_buf(key.data(), key.size());
  return Base64(key);
}

std::string TokenCipher::Seal(std::string_view plaintext) const {
  std::string out(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plaintext.size(), '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(out.data());
  randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(nonce + crypto_secretbox_NONCEBYTES,
                        reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(),
                        nonce, reinterpret_cast<const unsigned char*>(key_.data()));
  return std::string(kMagic) + " " + key_id_ + " " + Base64(out) + "\n";
}

Result<std::string> TokenCipher::Open(std::string_view sealed) const {
  // "<magic> <key id> <base64>\n"
  const std::size_t first = sealed.find(' ');
  const std::size_t second = first == std::string_view::npos ? first : sealed.find(' ', first + 1);
  if (second == std::string_view::npos || sealed.substr(0, first) != kMagic) {
    return DataLossError("not an encrypted token record");
  }
  const std::string_view id = sealed.substr(first + 1, second - first - 1);
  std::string_view key;
  if (id == key_id_) {
    key = key_;
  } else if (old_key_ && id == old_key_id_) {
    key = *old_key_;
  } else {
    return DataLossError("the token record was encrypted with key " + std::string(id) +
                         ", but the configured key is " + key_id_ +
                         (old_key_ ? " and the old key " + old_key_id_ : std::string()) +
                         ": configure that key as XEROSYNC_TOKEN_KEY or XEROSYNC_TOKEN_OLD_KEY");
  }
  std::optional<std::string> box = Base64Decode(sealed.substr(second + 1));
  if (!box || box->size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) {
    return DataLossError("the token record is damaged (not base64, or too short)");
  }
  const std::string bytes = std::move(*box);
  const std::size_t length = bytes.size() - crypto_secretbox_NONCEBYTES;
  std::string plain(length - crypto_secretbox_MACBYTES, '\0');
  const auto* nonce = reinterpret_cast<const unsigned char*>(bytes.data());
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()),
                                 nonce + crypto_secretbox_NONCEBYTES, length, nonce,
                                 reinterpret_cast<const unsigned char*>(key.data())) != 0) {
    return DataLossError("the token record with key " + std::string(id) +
                         " fails authentication: it was altered or damaged");
  }
  return plain;
}

bool TokenCipher::SealedWithCurrentKey(std::string_view sealed) const {
  const std::size_t first = sealed.find(' ');
  return first != std::string_view::npos &&
         sealed.substr(first + 1, key_id_.size() + 1) == key_id_ + " ";
}

}  // namespace xerosync::xero
