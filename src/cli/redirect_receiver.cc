#include "cli/redirect_receiver.h"

#include "http/client.h"

namespace xerosync::cli {

Result<RedirectTarget> ParseRedirectUri(std::string_view uri) {
  const auto bad = [&](std::string_view why) {
    return InvalidArgumentError("--redirect-uri '" + std::string(uri) + "': " + std::string(why));
  };
  Result<http::HttpUrl> url = http::ParseHttpUrl(uri);
  if (!url.ok()) {
    return bad(
        "expected a loopback http:// address registered for the app, such as "
        "http://localhost:8765/callback (" +
        url.status().message() + ")");
  }
  if (url->host != "localhost" && url->host != "127.0.0.1" && url->host != "::1") {
    return bad("the receiver runs on this machine: the host must be localhost, 127.0.0.1 or [::1]");
  }
  if (url->target.find_first_of("?#") != std::string::npos || uri.find('#') != std::string::npos) {
    return bad("a redirect URI has no query or fragment");
  }
  return RedirectTarget{std::string(uri), url->host, url->port, url->target};
}

std::string LoopbackRedirectUri(uint16_t port) {
  return "http://localhost:" + std::to_string(port) + "/callback";
}

Result<std::unique_ptr<RedirectReceiver>> RedirectReceiver::Start(const RedirectTarget& target,
                                                                  Handler handler) {
  std::unique_ptr<RedirectReceiver> receiver(new RedirectReceiver(std::move(handler)));
  receiver->path_ = target.path;
  RedirectReceiver* self = receiver.get();
  const http::Handler serve = [self](http::Request& request) { return self->Serve(request); };

  http::ServerOptions options;
  options.host = target.host == "::1" ? "::1" : "127.0.0.1";
  options.port = target.port;
  options.threads = 2;
  options.max_body_bytes = 64u << 10;
  options.read_timeout = std::chrono::seconds(10);
  Result<std::unique_ptr<http::Server>> server = http::Server::Start(options, serve);
  if (!server.ok()) {
    return UnavailableError("cannot listen for the redirect on " + options.host + " port " +
                            std::to_string(target.port) + " (" + server.status().message() +
                            "): is another `xerosync connect` running? Choose another port with "
                            "--redirect-port (and register its redirect URI with the app)");
  }
  receiver->servers_.push_back(std::move(*server));
  // A browser may resolve "localhost" to ::1 first; listen there too when the machine has IPv6.
  // Only on a known port: with port 0 the two would differ.
  if (target.host == "localhost" && target.port != 0) {
    options.host = "::1";
    if (Result<std::unique_ptr<http::Server>> v6 = http::Server::Start(options, serve); v6.ok()) {
      receiver->servers_.push_back(std::move(*v6));
    }
  }
  return receiver;
}

RedirectReceiver::~RedirectReceiver() {
  for (const std::unique_ptr<http::Server>& server : servers_) server->Stop();
}

uint16_t RedirectReceiver::port() const { return servers_.front()->port(); }

bool RedirectReceiver::WaitForRedirect(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  return handled_cv_.wait_for(lock, timeout, [this] { return handled_; });
}

http::Response RedirectReceiver::Serve(const http::Request& request) {
  if (request.path != path_) return http::Response::Text(404, "Not Found");
  if (request.method != "GET") return http::Response::Text(405, "Method Not Allowed");
  {
    std::lock_guard lock(mu_);
    if (started_) {
      return http::Response::Html(
          409,
          "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>xerosync"
          "</title></head><body><main><h1>This sign-in was already handled</h1><p>See the "
          "terminal where <code>xerosync connect</code> runs.</p></main></body></html>");
    }
    started_ = true;
  }
  Page page = handler_(request.query);
  {
    std::lock_guard lock(mu_);
    handled_ = true;
  }
  handled_cv_.notify_all();
  return http::Response::Html(page.status, std::move(page.html));
}

}  // namespace xerosync::cli
