#pragma once
// The loopback end of OAuth's redirect for `xerosync connect` (RFC 8252 §7.3): a small HTTP server
// on the user's own machine at the registered redirect URI, which takes the one redirect that
// Xero's consent page sends the browser to, and answers the browser with a page for people.
//
// Xero compares the redirect URI exactly with one registered for the app (FACTS.md §1.2: https,
// except for localhost), so the URI is the user's to give; the receiver listens on its port, on
// loopback only (127.0.0.1, and ::1 too for "localhost" when it can, since a browser may try
// either).
//
// Thread safety: the handler runs on a server thread; WaitForRedirect may be called from any
// thread.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "http/http.h"

namespace xerosync::cli {

// A loopback redirect URI taken apart: "http://localhost:8765/callback".
struct RedirectTarget {
  std::string uri;   // as given (what Xero compares)
  std::string host;  // "localhost", "127.0.0.1" or "::1"
  uint16_t port = 0;
  std::string path;  // "/callback"
};

// kInvalidArgument, saying why, unless `uri` is http:// on localhost, 127.0.0.1 or [::1] with an
// explicit port, a path and no query or fragment.
Result<RedirectTarget> ParseRedirectUri(std::string_view uri);
// "http://localhost:<port>/callback".
std::string LoopbackRedirectUri(uint16_t port);

using http::HtmlEscape;

class RedirectReceiver {
 public:
  using Query = std::vector<std::pair<std::string, std::string>>;
  // The page the browser gets (HTML).
  struct Page {
    int status = 200;
    std::string html;
  };
  // Handles the first request to the redirect path, given its decoded query; returns the page.
  using Handler = std::function<Page(const Query& query)>;

  // Listens on target's host and port (0: any free port; see port()). The handler runs once, for
  // the first GET of target.path; later ones get a page saying the sign-in was already handled,
  // other paths 404. kUnavailable when the port cannot be bound (in use), naming it.
  static Result<std::unique_ptr<RedirectReceiver>> Start(const RedirectTarget& target,
                                                         Handler handler);
  // Stops listening; waits for a running handler.
  ~RedirectReceiver();
  RedirectReceiver(const RedirectReceiver&) = delete;
  RedirectReceiver& operator=(const RedirectReceiver&) = delete;

  uint16_t port() const;
  // True once the handler has returned; false when `timeout` passed first.
  bool WaitForRedirect(std::chrono::milliseconds timeout);

 private:
  explicit RedirectReceiver(Handler handler) : handler_(std::move(handler)) {}
  http::Response Serve(const http::Request& request);

  const Handler handler_;
  std::string path_;
  std::mutex mu_;
  std::condition_variable handled_cv_;
  bool started_ = false;  // GUARDED_BY(mu_): the handler was called
  bool handled_ = false;  // GUARDED_BY(mu_): the handler returned
  // Last: stopped first, so no server thread outlives the state above.
  std::vector<std::unique_ptr<http::Server>> servers_;
};

}  // namespace xerosync::cli
