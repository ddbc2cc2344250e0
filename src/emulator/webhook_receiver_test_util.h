#pragma once
// Test-only: a webhook receiver on a real loopback http::Server that records what it is sent, and
// an HMAC-SHA256 computed here independently of crypto.h's (only its SHA-256 is shared), so that
// the tests check the emulator's signatures rather than repeat them.

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "emulator/crypto.h"
#include "http/http.h"

namespace xerosync::emulator::testing {

// RFC 2104 over crypto.h's SHA-256 (block size 64), as raw bytes.
inline std::string IndependentHmacSha256(std::string_view key, std::string_view message) {
  std::string block = key.size() > 64 ? Sha256(key) : std::string(key);
  block.resize(64, '\0');
  std::string inner(64, '\0');
  std::string outer(64, '\0');
  for (int i = 0; i < 64; ++i) {
    inner[i] = static_cast<char>(block[i] ^ 0x36);
    outer[i] = static_cast<char>(block[i] ^ 0x5c);
  }
  return Sha256(outer + Sha256(inner + std::string(message)));
}

// Standard padded base64 (RFC 4648 §4), written out here rather than taken from crypto.h.
inline std::string IndependentBase64(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    unsigned n = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) n |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    if (i + 2 < bytes.size()) n |= static_cast<unsigned char>(bytes[i + 2]);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? kAlphabet[n & 63] : '=';
  }
  return out;
}

// x-xero-signature as a receiver computes it: over the raw body, the key used as its text.
inline std::string ExpectedSignature(std::string_view key, std::string_view raw_body) {
  return IndependentBase64(IndependentHmacSha256(key, raw_body));
}

struct Received {
  std::string target;
  std::string body;
  std::string signature;  // "" when absent
  std::string content_type;
};

// Answers every POST with `answer(request)` and records it. Thread-safe.
class Receiver {
 public:
  using Answer = std::function<int(const Received&)>;

  explicit Receiver(Answer answer, uint16_t port = 0) : answer_(std::move(answer)) {
    http::ServerOptions options;
    options.port = port;
    Result<std::unique_ptr<http::Server>> server =
        http::Server::Start(options, [this](http::Request& r) { return Handle(r); });
    EXPECT_TRUE(server.ok()) << server.status();
    if (server.ok()) server_ = std::move(server).value();
  }

  // A receiver that does what Xero asks: 200 when the signature is right for `key`, else 401.
  static Answer Verifying(std::string key) {
    return [key = std::move(key)](const Received& r) {
      return ConstantTimeEquals(r.signature, ExpectedSignature(key, r.body)) ? 200 : 401;
    };
  }

  uint16_t port() const { return server_ ? server_->port() : 0; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port()) + "/xero/hook"; }
  void Stop() {
    if (server_) server_->Stop();
  }
  void set_answer(Answer answer) {
    const std::lock_guard<std::mutex> lock(mu_);
    answer_ = std::move(answer);
  }
  std::vector<Received> received() const {
    const std::lock_guard<std::mutex> lock(mu_);
    return received_;
  }
  // The requests after the first `skip`.
  std::vector<Received> received_after(std::size_t skip) const {
    std::vector<Received> all = received();
    return {all.begin() + static_cast<std::ptrdiff_t>(std::min(skip, all.size())), all.end()};
  }

 private:
  http::Response Handle(const http::Request& request) {
    Received r{request.target, request.body,
               std::string(request.headers.Get("x-xero-signature").value_or("")),
               std::string(request.headers.Get("Content-Type").value_or(""))};
    const std::lock_guard<std::mutex> lock(mu_);
    received_.push_back(r);
    return http::Response::Empty(answer_(r));
  }

  mutable std::mutex mu_;
  Answer answer_;                   // GUARDED_BY(mu_)
  std::vector<Received> received_;  // GUARDED_BY(mu_)
  std::unique_ptr<http::Server> server_;
};

}  // namespace xerosync::emulator::testing
