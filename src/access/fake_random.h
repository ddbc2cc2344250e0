#pragma once
// A Random (secrets.h) for tests: a counter run through SHA-256, so tokens differ from each other
// and are the same every run. Test-only: never for real secrets.

#include <cstdint>
#include <mutex>
#include <string>

#include "access/secrets.h"

namespace xerosync::access {

class FakeRandom final : public Random {
 public:
  void Fill(std::span<unsigned char> out) override {
    std::lock_guard lock(mu_);
    for (unsigned char& byte : out) {
      if (pos_ == block_.size()) {
        block_ = DigestHex("fake-random-" + std::to_string(counter_++));
        pos_ = 0;
      }
      byte = static_cast<unsigned char>(std::stoi(block_.substr(pos_, 2), nullptr, 16));
      pos_ += 2;
    }
  }

 private:
  std::mutex mu_;
  uint64_t counter_ = 0;  // GUARDED_BY(mu_)
  std::string block_;     // GUARDED_BY(mu_)
  std::size_t pos_ = 0;   // GUARDED_BY(mu_)
};

}  // namespace xerosync::access
