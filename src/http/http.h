#pragma once
// HTTP server plumbing shared by the REST API and the Xero emulator (ARCHITECTURE.md: src/http).
//
// A handler is a plain function from a parsed Request to a Response, so that API and emulator
// handlers are unit-tested without sockets; Server runs them behind a real listener (Boost.Beast),
// on 127.0.0.1 and port 0 (any free port) by default.
//
// Thread safety: Router is immutable once serving starts; a Server calls its handler concurrently
// from its worker threads, so handlers must be thread-safe.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace xerosync::http {

// Header fields, in order, names compared ignoring case.
class Headers {
 public:
  // The first value of `name`, or nullopt.
  std::optional<std::string_view> Get(std::string_view name) const;
  // Replaces every field named `name` with one.
  void Set(std::string name, std::string value);
  // Adds a field, keeping any of the same name (Set-Cookie).
  void Add(std::string name, std::string value);
  const std::vector<std::pair<std::string, std::string>>& fields() const { return fields_; }

 private:
  std::vector<std::pair<std::string, std::string>> fields_;
};

struct Request {
  std::string method;  // "GET", "POST", ... as sent
  std::string target;  // "/api.xro/2.0/Invoices?page=2"
  std::string path;    // "/api.xro/2.0/Invoices", percent-decoded
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
  Headers headers;
  std::string body;
  // Filled by Router from the pattern: "/Invoices/{InvoiceID}" -> {"InvoiceID", "..."}.
  std::map<std::string, std::string, std::less<>> path_params;

  // The first query parameter named `name` (exact case), or nullopt.
  std::optional<std::string_view> Query(std::string_view name) const;
  // A path parameter; "" when the pattern has none of that name.
  std::string_view Param(std::string_view name) const;
};

struct Response {
  int status = 200;
  Headers headers;
  std::string body;
  // Server behaviour for fault injection: close the connection without answering.
  bool drop_connection = false;

  static Response Text(int status, std::string body);  // text/plain; charset=utf-8
  static Response Json(int status, std::string body);  // application/json; charset=utf-8
  static Response Html(int status, std::string body);  // text/html; charset=utf-8
  static Response Redirect(std::string location);      // 302 with Location
  static Response Empty(int status);                   // no body (204, or 200 for webhooks)
};

using Handler = std::function<Response(Request&)>;

// Routes by method and path pattern. Patterns are literal segments and {name} segments that match
// one non-empty segment; matching is exact on case, and a trailing slash is significant ("/a/" does
// not match "/a"). When two patterns match, a literal segment beats a parameter, left to right.
// A path that matches no pattern gets `not_found` (default: 404 text "Not Found"); a path that
// matches with another method gets 405 with an Allow header (those methods, sorted, ", "-joined).
class Router {
 public:
  Router();
  // REQUIRES: pattern starts with '/'.
  void Add(std::string_view method, std::string_view pattern, Handler handler);
  void SetNotFound(Handler handler);
  // Dispatches; fills request.path_params.
  Response Dispatch(Request& request) const;

 private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;  // "{name}" for parameters
    Handler handler;
  };
  std::vector<Route> routes_;
  Handler not_found_;
};

struct ServerOptions {
  std::string host = "127.0.0.1";  // an IP address (v4 or v6); loopback unless told otherwise
  uint16_t port = 0;               // 0: any free port; see Server::port()
  int threads = 2;                 // worker threads running handlers
  std::size_t max_body_bytes = 8u << 20;           // larger bodies get 413
  std::chrono::milliseconds read_timeout{30'000};  // a request must arrive within this
  std::chrono::milliseconds idle_timeout{60'000};  // keep-alive connections close after this
};

class Server {
 public:
  // Binds and starts serving `handler`. kUnavailable when the address cannot be bound;
  // kInvalidArgument for bad options.
  static Result<std::unique_ptr<Server>> Start(const ServerOptions& options, Handler handler);
  virtual ~Server() = default;
  // The bound port (the chosen one when options.port was 0).
  virtual uint16_t port() const = 0;
  // Stops accepting, closes connections and joins the threads. Idempotent; the destructor calls it.
  // Requests in flight are not answered; waits for running handlers to return.
  // REQUIRES: not called from a handler.
  virtual void Stop() = 0;
};

// Percent-decodes `text` ("+" stays "+"; use DecodeForm for forms). kInvalidArgument on a bad
// escape.
Result<std::string> PercentDecode(std::string_view text);
// application/x-www-form-urlencoded: "a=1&b=x+y" -> {{"a","1"},{"b","x y"}}.
Result<std::vector<std::pair<std::string, std::string>>> DecodeForm(std::string_view body);
// Percent-encodes everything but unreserved characters (RFC 3986).
std::string PercentEncode(std::string_view text);
// Escapes & < > " ' for HTML text and attribute values (the emulator's consent page, the CLI's
// redirect page).
std::string HtmlEscape(std::string_view text);

}  // namespace xerosync::http
