#pragma once
// libsodium helpers shared by the OAuth client and the token stores (internal to src/xero):
// initialisation and base64 in its two alphabets.
//
// Thread safety: all functions may be called concurrently.

#include <optional>
#include <string>
#include <string_view>

namespace xerosync::xero {

// Initialises libsodium once per process. Aborts if it cannot (no usable randomness).
void EnsureSodium();
// Standard base64 with padding (HTTP Basic, key configuration).
std::string Base64(std::string_view bytes);
// base64url without padding (PKCE, state).
std::string Base64Url(std::string_view bytes);
// Decodes standard base64 (padding optional, surrounding white space ignored); nullopt if invalid.
std::optional<std::string> Base64Decode(std::string_view text);

}  // namespace xerosync::xero
