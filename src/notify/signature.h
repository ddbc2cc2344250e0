#pragma once
// The signature on every outbound webhook (docs/observe.md, "Verifying a signature"):
//
//   X-Xerosync-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>
//
// The timestamp is signed with the body so that a captured request cannot be replayed later than
// the receiver's tolerance; the "v1=" scheme name leaves room for another algorithm beside it.
// HMAC-SHA256 is libsodium's crypto_auth_hmacsha256 (any key length).
//
// Thread safety: all functions may be called concurrently.

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/status.h"

namespace xerosync::notify {

inline constexpr std::string_view kSignatureHeader = "X-Xerosync-Signature";
inline constexpr std::string_view kEventIdHeader = "X-Xerosync-Event-Id";

// The header's value for `body` signed at `unix_seconds`. REQUIRES: !secret.empty().
std::string SignWebhook(std::string_view secret, int64_t unix_seconds, std::string_view body);

// What a receiver does: OK when `header` carries a v1 signature of `body` under `secret` made
// within `tolerance` of `now`. kUnauthenticated otherwise (malformed header, stale or future
// timestamp, wrong signature), saying which without revealing the expected value. The
// comparison takes constant time.
Status VerifyWebhookSignature(std::string_view header, std::string_view secret,
                              std::string_view body, TimePoint now,
                              Duration tolerance = std::chrono::minutes(5));

}  // namespace xerosync::notify
