#include "http/client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <charconv>
#include <utility>

#include "core/status.h"

namespace xerosync::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

bool HasSpaceOrControl(std::string_view text) {
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f) return true;
  }
  return false;
}

bool IsToken(std::string_view text) {
  if (text.empty()) return false;
  for (const char c : text) {
    if (!std::isalpha(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

Status Bad(std::string_view url, std::string_view why) {
  return InvalidArgumentError("bad URL '" + std::string(url) + "': " + std::string(why));
}

// One exchange on its own io_context: resolve, connect, write, read, each step started by the
// previous one's completion; a timer closes everything when the timeout passes first.
class Exchange {
 public:
  Exchange(const HttpUrl& url, const ClientRequest& request) : url_(url) {
    message_.method_string(request.method);
    message_.target(url.target);
    message_.version(11);
    for (const auto& [name, value] : request.headers.fields()) message_.insert(name, value);
    const bool ipv6 = url.host.find(':') != std::string::npos;
    std::string host = ipv6 ? "[" + url.host + "]" : url.host;
    if (url.port != 80) host += ":" + std::to_string(url.port);
    message_.set(bhttp::field::host, host);
    message_.set(bhttp::field::connection, "close");
    message_.body() = request.body;
    message_.prepare_payload();
    timer_.expires_after(request.timeout);
  }

  // Runs the exchange to its end; the error code is the first failure (operation_aborted after the
  // timer fired).
  beast::error_code Run() {
    timer_.async_wait([this](beast::error_code ec) {
      if (ec) return;  // cancelled: the exchange ended first
      timed_out_ = true;
      resolver_.cancel();
      beast::error_code ignored;
      socket_.close(ignored);
    });
    resolver_.async_resolve(url_.host, std::to_string(url_.port),
                            [this](beast::error_code ec, const tcp::resolver::results_type& found) {
                              if (ec) return Finish(ec, Step::kResolve);
                              Connect(found);
                            });
    ioc_.run();
    return result_;
  }

  bool timed_out() const { return timed_out_; }
  bool failed_to_resolve() const { return step_ == Step::kResolve; }
  bool failed_to_connect() const { return step_ == Step::kConnect; }
  bhttp::response<bhttp::string_body> Release() { return parser_.release(); }

 private:
  enum class Step { kResolve, kConnect, kWrite, kRead, kDone };

  void Connect(const tcp::resolver::results_type& endpoints) {
    asio::async_connect(socket_, endpoints, [this](beast::error_code ec, const tcp::endpoint&) {
      if (ec) return Finish(ec, Step::kConnect);
      bhttp::async_write(socket_, message_, [this](beast::error_code wec, std::size_t) {
        if (wec) return Finish(wec, Step::kWrite);
        bhttp::async_read(socket_, buffer_, parser_, [this](beast::error_code rec, std::size_t) {
          Finish(rec, rec ? Step::kRead : Step::kDone);
        });
      });
    });
  }

  void Finish(beast::error_code ec, Step step) {
    result_ = ec;
    step_ = step;
    timer_.cancel();
    beast::error_code ignored;
    socket_.close(ignored);
  }

  const HttpUrl& url_;
  asio::io_context ioc_;
  tcp::resolver resolver_{ioc_};
  tcp::socket socket_{ioc_};
  asio::steady_timer timer_{ioc_};
  bhttp::request<bhttp::string_body> message_;
  beast::flat_buffer buffer_;
  bhttp::response_parser<bhttp::string_body> parser_;
  beast::error_code result_;
  Step step_ = Step::kResolve;
  bool timed_out_ = false;
};

}  // namespace

Result<HttpUrl> ParseHttpUrl(std::string_view url) {
  if (HasSpaceOrControl(url)) return Bad(url, "spaces or control characters");
  const std::size_t colon = url.find("://");
  if (colon == std::string_view::npos) return Bad(url, "expected http://host[:port]/path");
  std::string scheme(url.substr(0, colon));
  for (char& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (scheme == "https") return Bad(url, "https is not supported (plain http:// receivers only)");
  if (scheme != "http") return Bad(url, "the scheme must be http");
  std::string_view rest = url.substr(colon + 3);
  rest = rest.substr(0, rest.find('#'));
  const std::size_t path_start = rest.find_first_of("/?");
  const std::string_view authority = rest.substr(0, path_start);
  HttpUrl out;
  if (path_start != std::string_view::npos) {
    out.target = std::string(rest.substr(path_start));
    if (out.target.front() == '?') out.target.insert(0, "/");
  }
  if (authority.find('@') != std::string_view::npos) return Bad(url, "user info is not allowed");
  std::string_view host = authority;
  std::string_view port;
  if (authority.starts_with("[")) {
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return Bad(url, "unclosed [ in the host");
    host = authority.substr(1, close - 1);
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty() && !after.starts_with(":")) return Bad(url, "junk after the IPv6 host");
    if (!after.empty()) port = after.substr(1);
    if (!after.empty() && port.empty()) return Bad(url, "empty port");
  } else if (const std::size_t c = authority.rfind(':'); c != std::string_view::npos) {
    host = authority.substr(0, c);
    port = authority.substr(c + 1);
    if (port.empty()) return Bad(url, "empty port");
  }
  if (host.empty()) return Bad(url, "empty host");
  out.host = std::string(host);
  if (!port.empty()) {
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc() || end != port.data() + port.size() || value == 0 || value > 65535) {
      return Bad(url, "the port must be a number from 1 to 65535");
    }
    out.port = static_cast<uint16_t>(value);
  }
  return out;
}

Result<ClientResponse> Fetch(const ClientRequest& request) {
  ASSIGN_OR_RETURN(const HttpUrl url, ParseHttpUrl(request.url));
  if (!IsToken(request.method)) {
    return InvalidArgumentError("bad method '" + request.method + "'");
  }
  if (request.timeout <= std::chrono::milliseconds::zero()) {
    return InvalidArgumentError("the timeout must be positive");
  }
  const std::string what = request.method + " " + request.url + ": ";
  Exchange exchange(url, request);
  const beast::error_code ec = exchange.Run();
  if (exchange.timed_out()) {
    return DeadlineExceededError(what + "no answer within " +
                                 std::to_string(request.timeout.count()) + " ms");
  }
  if (ec) {
    if (exchange.failed_to_resolve()) {
      return UnavailableError(what + "cannot resolve " + url.host + ": " + ec.message());
    }
    if (exchange.failed_to_connect()) {
      return UnavailableError(what + "cannot connect: " + ec.message());
    }
    return UnavailableError(what + "no whole answer: " + ec.message());
  }
  bhttp::response<bhttp::string_body> answer = exchange.Release();
  ClientResponse response;
  response.status = static_cast<int>(answer.result_int());
  for (const auto& field : answer) {
    response.headers.Add(std::string(field.name_string()), std::string(field.value()));
  }
  response.body = std::move(answer.body());
  return response;
}

}  // namespace xerosync::http
