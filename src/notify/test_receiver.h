#pragma once
// A host app's webhook endpoint for tests: a real http::Server on 127.0.0.1 that verifies each
// request's signature with kSecret, drops duplicates by event id (as docs/observe.md asks
// receivers to), and can answer with failures first.

#include <gtest/gtest.h>

#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/json.h"
#include "http/http.h"
#include "notify/signature.h"

namespace xerosync::notify::testing {

inline constexpr std::string_view kSecret = "host-app-shared-secret-42";

// Verifies, records, and answers `fail_with` for the next `failures` requests.
class Receiver {
 public:
  explicit Receiver(const Clock& clock) : clock_(clock) {
    Result<std::unique_ptr<http::Server>> server =
        http::Server::Start({}, [this](http::Request& request) { return Handle(request); });
    EXPECT_TRUE(server.ok()) << server.status().ToString();
    server_ = std::move(*server);
  }

  std::string url() const {
    return "http://127.0.0.1:" + std::to_string(server_->port()) + "/hooks/xerosync";
  }
  void FailNext(int failures, int status) {
    std::lock_guard lock(mu_);
    failures_ = failures;
    fail_with_ = status;
  }
  int requests() const {
    std::lock_guard lock(mu_);
    return requests_;
  }
  int bad_signatures() const {
    std::lock_guard lock(mu_);
    return bad_signatures_;
  }
  // The bodies accepted, once per event id.
  std::vector<Json> accepted() const {
    std::lock_guard lock(mu_);
    return accepted_;
  }

 private:
  http::Response Handle(http::Request& request) {
    std::lock_guard lock(mu_);
    ++requests_;
    const std::string signature(request.headers.Get(kSignatureHeader).value_or(""));
    if (request.path != "/hooks/xerosync" ||
        !VerifyWebhookSignature(signature, kSecret, request.body, clock_.Now()).ok()) {
      ++bad_signatures_;
      return http::Response::Text(401, "bad signature");
    }
    if (failures_ > 0) {
      --failures_;
      return http::Response::Text(fail_with_, "not now");
    }
    const std::string id(request.headers.Get(kEventIdHeader).value_or(""));
    if (seen_.insert(id).second) {
      Result<Json> body = Json::Parse(request.body);
      EXPECT_TRUE(body.ok()) << request.body;
      if (body.ok()) accepted_.push_back(*body);
    }
    return http::Response::Empty(204);
  }

  const Clock& clock_;
  mutable std::mutex mu_;
  int failures_ = 0;            // GUARDED_BY(mu_)
  int fail_with_ = 500;         // GUARDED_BY(mu_)
  int requests_ = 0;            // GUARDED_BY(mu_)
  int bad_signatures_ = 0;      // GUARDED_BY(mu_)
  std::set<std::string> seen_;  // GUARDED_BY(mu_)
  std::vector<Json> accepted_;  // GUARDED_BY(mu_)
  std::unique_ptr<http::Server> server_;
};

}  // namespace xerosync::notify::testing
