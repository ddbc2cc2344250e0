// Server: HTTP/1.1 on Boost.Beast behind Server::Start.
//
// Threads and ownership. One io_context, run by options.threads worker threads. The acceptor lives
// on its own strand; every connection (a Session) gets its own strand, so a connection's reads,
// handler call and writes are serialised without locks while connections run in parallel. The
// handler is called on the connection's strand, i.e. on a worker thread. A Session is owned by the
// shared_ptr captured in its pending completion handler; the server keeps only weak references (to
// close them on Stop).
//
// Timeouts (beast::tcp_stream::expires_after):
//  - the first request on a connection must arrive whole within read_timeout of the accept;
//  - on a kept-alive connection, the next request must start within idle_timeout and then arrive
//    whole within read_timeout;
//  - a response must be written within read_timeout (a client that does not read).
// A connection that runs out of time is closed without an answer. A client that sends "Expect:
// 100-continue" gets "100 Continue" once the header has passed the limits.
//
// Errors. An unparsable request gets 400, a body over max_body_bytes 413, a header over Beast's
// default 8 KiB limit 431; each with Connection: close, after which the server half-closes and
// discards what the client still sends (bounded in bytes and time) so that the client reads the
// answer rather than a reset. A bad percent-escape in the target is 400 and keeps the connection.
// A handler that throws, or returns a response that cannot be sent (status outside 100..999, CR or
// LF in a header, a body on a 204), is answered 500 "internal error".
//
// Stop. Sets `stopping`; then, on the acceptor's strand, closes the acceptor and posts a close to
// every live session's strand. Sessions also check `stopping` before each read and before writing
// a response, so a request in flight is cut (its connection closes unanswered) once its handler
// returns. When no work is left the workers' run() returns and Stop joins them. A handler that
// never returns therefore blocks Stop.

#include <algorithm>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cassert>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/status.h"
#include "http/http.h"
#include "http/message.h"

namespace xerosync::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

constexpr std::size_t kReadChunk = 4096;
constexpr std::size_t kMaxDrainBytes = 1u << 20;
constexpr std::chrono::milliseconds kMaxLinger{2'000};
constexpr std::chrono::milliseconds kAcceptRetry{50};  // after EMFILE and the like

class Session;

// What the server and its sessions share; sessions hold it so it outlives them whatever the order.
struct Shared {
  Shared(ServerOptions opts, Handler h) : options(std::move(opts)), handler(std::move(h)) {}

  const ServerOptions options;
  const Handler handler;
  std::atomic<bool> stopping{false};
  std::mutex mu;
  std::unordered_map<const Session*, std::weak_ptr<Session>> sessions;  // GUARDED_BY(mu)
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, std::shared_ptr<Shared> shared)
      : stream_(std::move(socket)), shared_(std::move(shared)) {}
  ~Session() {
    const std::lock_guard<std::mutex> lock(shared_->mu);
    shared_->sessions.erase(this);
  }

  void Start() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->ReadRequest(); });
  }
  // Thread-safe: the close runs on the session's strand.
  void PostClose() {
    asio::post(stream_.get_executor(), [self = shared_from_this()] { self->Close(); });
  }

 private:
  enum class After { kNextRequest, kClose, kLinger };

  const ServerOptions& options() const { return shared_->options; }
  bool Stopping() const { return shared_->stopping.load(std::memory_order_acquire); }

  // Keep-alive: wait up to idle_timeout for the next request to start.
  void AwaitNextRequest() {
    if (Stopping()) return Close();
    if (buffer_.size() > 0) return ReadRequest();  // pipelined bytes are already here
    stream_.expires_after(options().idle_timeout);
    stream_.async_read_some(buffer_.prepare(kReadChunk),
                            [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                              self->buffer_.commit(n);
                              if (ec) return self->Close();
                              self->ReadRequest();
                            });
  }

  void ReadRequest() {
    if (Stopping()) return Close();
    parser_.emplace();
    parser_->body_limit(static_cast<std::uint64_t>(options().max_body_bytes));
    stream_.expires_after(options().read_timeout);
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             beast::bind_front_handler(&Session::OnHeader, shared_from_this()));
  }

  // A client that sent "Expect: 100-continue" waits for a go-ahead before sending the body
  // (libcurl does, for large bodies). A body over the limit has failed the header read already.
  void OnHeader(beast::error_code ec, std::size_t bytes) {
    if (ec) return OnRead(ec, bytes);
    const BeastRequest& header = parser_->get();
    if (parser_->is_done() || header.version() < 11 ||
        !beast::iequals(header[bhttp::field::expect], "100-continue")) {
      return ReadBody();
    }
    static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
    asio::async_write(stream_, asio::buffer(kContinue.data(), kContinue.size()),
                      [self = shared_from_this()](beast::error_code write_ec, std::size_t) {
                        if (write_ec) return self->Close();
                        self->ReadBody();
                      });
  }

  void ReadBody() {
    bhttp::async_read(stream_, buffer_, *parser_,
                      beast::bind_front_handler(&Session::OnRead, shared_from_this()));
  }

  void OnRead(beast::error_code ec, std::size_t /*bytes*/) {
    if (ec == bhttp::error::body_limit) return SendError(413, "Payload Too Large");
    if (ec == bhttp::error::header_limit) return SendError(431, "Request Header Fields Too Large");
    if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message) return Close();
    if (ec && ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category()) {
      return SendError(400, "Bad Request");
    }
    if (ec) return Close();  // timeout, reset, aborted by Stop
    BeastRequest request = parser_->release();
    parser_.reset();
    OnRequest(request);
  }

  void OnRequest(BeastRequest& in) {
    const bool head = in.method() == bhttp::verb::head;
    const unsigned version = in.version();
    const bool client_keeps_alive = in.keep_alive();
    Response response = Invoke(in);
    if (response.drop_connection || Stopping()) return Close();
    const bool keep_alive = client_keeps_alive && !Stopping();
    try {
      response_ = ToBeast(std::move(response), version, keep_alive, head);
    } catch (const std::exception&) {
      response_ = ToBeast(Response::Text(500, "internal error"), version, keep_alive, head);
    }
    Write(keep_alive ? After::kNextRequest : After::kClose);
  }

  // Never throws: a throwing handler is answered 500.
  Response Invoke(BeastRequest& in) {
    try {
      Request request;
      if (std::optional<Response> rejected = ToRequest(in, request)) return std::move(*rejected);
      return shared_->handler(request);
    } catch (...) {
      return Response::Text(500, "internal error");
    }
  }

  void SendError(int status, std::string text) {
    parser_.reset();
    response_ = ToBeast(Response::Text(status, std::move(text)), 11, /*keep_alive=*/false,
                        /*head=*/false);
    Write(After::kLinger);
  }

  void Write(After after) {
    stream_.expires_after(options().read_timeout);
    bhttp::async_write(stream_, response_,
                       [self = shared_from_this(), after](beast::error_code ec, std::size_t) {
                         self->response_ = {};
                         if (ec || after == After::kClose) return self->Close();
                         if (after == After::kLinger) return self->Linger();
                         self->AwaitNextRequest();
                       });
  }

  // After an error answer: half-close, then discard the rest of the request until the client
  // closes, kMaxDrainBytes have been read, or the time is up.
  void Linger() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.expires_after(std::min<std::chrono::milliseconds>(options().read_timeout, kMaxLinger));
    buffer_.consume(buffer_.size());
    Drain();
  }

  void Drain() {
    stream_.async_read_some(buffer_.prepare(kReadChunk),
                            [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                              self->drained_ += n;
                              if (ec || self->drained_ > kMaxDrainBytes || self->Stopping()) {
                                return self->Close();
                              }
                              self->Drain();
                            });
  }

  void Close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.close();
  }

  beast::tcp_stream stream_;
  const std::shared_ptr<Shared> shared_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  BeastResponse response_;  // alive until its write completes
  std::size_t drained_ = 0;
};

std::string Describe(const tcp::endpoint& endpoint) {
  const std::string address = endpoint.address().to_string();
  const std::string host = endpoint.address().is_v6() ? "[" + address + "]" : address;
  return host + ":" + std::to_string(endpoint.port());
}

class ServerImpl final : public Server {
 public:
  ServerImpl(const ServerOptions& options, Handler handler)
      : shared_(std::make_shared<Shared>(options, std::move(handler))),
        ioc_(options.threads),
        acceptor_(asio::make_strand(ioc_)),
        retry_timer_(acceptor_.get_executor()) {}
  ~ServerImpl() override { ServerImpl::Stop(); }

  Status Listen(const tcp::endpoint& endpoint) {
    beast::error_code ec;
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (!ec) port_ = acceptor_.local_endpoint(ec).port();
    if (ec) return UnavailableError("cannot listen on " + Describe(endpoint) + ": " + ec.message());
    return OkStatus();
  }

  // REQUIRES: Listen() succeeded; called once.
  void Run() {
    Accept();
    const std::lock_guard<std::mutex> lock(stop_mu_);
    threads_.reserve(static_cast<std::size_t>(shared_->options.threads));
    for (int i = 0; i < shared_->options.threads; ++i) threads_.emplace_back([this] { Work(); });
  }

  uint16_t port() const override { return port_; }

  // REQUIRES: not called from a handler (it would join its own thread).
  void Stop() override {
    const std::lock_guard<std::mutex> lock(stop_mu_);
    if (threads_.empty()) return;
    shared_->stopping.store(true, std::memory_order_release);
    asio::post(acceptor_.get_executor(), [this] {
      beast::error_code ignored;
      acceptor_.close(ignored);
      retry_timer_.cancel();
      for (const std::shared_ptr<Session>& session : LiveSessions()) session->PostClose();
    });
    for (std::thread& thread : threads_) {
      assert(thread.get_id() != std::this_thread::get_id() && "Server::Stop from a handler");
      thread.join();
    }
    threads_.clear();
  }

 private:
  void Work() {
    while (true) {
      try {
        ioc_.run();
        return;
      } catch (...) {
        // Only allocation failures get here (handlers' exceptions are answered 500); the
        // connection concerned is gone, the others carry on.
      }
    }
  }

  void Accept() {
    acceptor_.async_accept(asio::make_strand(ioc_),
                           beast::bind_front_handler(&ServerImpl::OnAccept, this));
  }

  void OnAccept(beast::error_code ec, tcp::socket socket) {
    if (shared_->stopping.load(std::memory_order_acquire)) return;  // `socket` closes here
    if (ec) {
      retry_timer_.expires_after(kAcceptRetry);
      retry_timer_.async_wait([this](beast::error_code wait_ec) {
        if (!wait_ec && !shared_->stopping.load(std::memory_order_acquire)) Accept();
      });
      return;
    }
    beast::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    auto session = std::make_shared<Session>(std::move(socket), shared_);
    {
      const std::lock_guard<std::mutex> lock(shared_->mu);
      shared_->sessions.emplace(session.get(), session);
    }
    session->Start();
    Accept();
  }

  std::vector<std::shared_ptr<Session>> LiveSessions() {
    std::vector<std::shared_ptr<Session>> live;
    const std::lock_guard<std::mutex> lock(shared_->mu);
    for (const auto& [key, weak] : shared_->sessions) {
      if (std::shared_ptr<Session> session = weak.lock()) live.push_back(std::move(session));
    }
    return live;
  }

  // Declaration order is destruction order reversed: the io_context outlives the I/O objects.
  const std::shared_ptr<Shared> shared_;
  asio::io_context ioc_;
  tcp::acceptor acceptor_;          // used on its strand once Run() has started
  asio::steady_timer retry_timer_;  // on the acceptor's strand
  uint16_t port_ = 0;
  std::mutex stop_mu_;
  std::vector<std::thread> threads_;  // GUARDED_BY(stop_mu_); empty once stopped
};

}  // namespace

Result<std::unique_ptr<Server>> Server::Start(const ServerOptions& options, Handler handler) {
  if (options.threads < 1) {
    return InvalidArgumentError("server threads must be at least 1, got " +
                                std::to_string(options.threads));
  }
  if (options.read_timeout.count() <= 0 || options.idle_timeout.count() <= 0) {
    return InvalidArgumentError("server read_timeout and idle_timeout must be positive");
  }
  if (!handler) return InvalidArgumentError("server handler is empty");
  beast::error_code ec;
  const asio::ip::address address = asio::ip::make_address(options.host, ec);
  if (ec) return InvalidArgumentError("server host '" + options.host + "' is not an IP address");

  auto server = std::make_unique<ServerImpl>(options, std::move(handler));
  RETURN_IF_ERROR(server->Listen(tcp::endpoint(address, options.port)));
  server->Run();
  return std::unique_ptr<Server>(std::move(server));
}

}  // namespace xerosync::http
