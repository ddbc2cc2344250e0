// Server over real sockets on 127.0.0.1, port 0. The client below is a small synchronous wrapper
// around Beast's asynchronous calls so that every client operation has a deadline (kDeadline): a
// server that fails to answer makes a test fail, never hang.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <future>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "http/http.h"

namespace xerosync::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using ClientRequest = bhttp::request<bhttp::string_body>;
using ClientResponse = bhttp::response<bhttp::string_body>;
using std::chrono::milliseconds;
using ::testing::AnyOf;
using ::testing::Eq;
using ::testing::HasSubstr;

// Bounds every client operation; only reached when the server misbehaves.
constexpr milliseconds kDeadline{5'000};

// One client connection.
class TestClient {
 public:
  beast::error_code Connect(uint16_t port) {
    const tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), port);
    return Run(kDeadline, [&](auto done) { stream_.async_connect(endpoint, done); });
  }

  beast::error_code Write(ClientRequest& request) {
    return Run(kDeadline, [&](auto done) { bhttp::async_write(stream_, request, done); });
  }

  beast::error_code WriteRaw(std::string_view bytes) {
    return Run(kDeadline,
               [&](auto done) { asio::async_write(stream_, asio::buffer(bytes), done); });
  }

  // `head`: a response to HEAD, headers only whatever Content-Length says.
  beast::error_code Read(ClientResponse& response, bool head = false) {
    bhttp::response_parser<bhttp::string_body> parser;
    parser.skip(head);
    beast::error_code ec =
        Run(kDeadline, [&](auto done) { bhttp::async_read(stream_, buffer_, parser, done); });
    response = parser.release();
    return ec;
  }

  beast::error_code Fetch(ClientRequest request, ClientResponse& response) {
    if (beast::error_code ec = Write(request)) return ec;
    return Read(response);
  }

  // Reads until the server closes (end of file, reset) or `deadline` passes (beast timeout);
  // `data` gets every byte received.
  beast::error_code ReadUntilClosed(std::string& data, milliseconds deadline = kDeadline) {
    data = beast::buffers_to_string(buffer_.data());
    buffer_.consume(buffer_.size());
    std::array<char, 4096> chunk{};
    while (true) {
      beast::error_code ec =
          Run(deadline, [&](auto done) { stream_.async_read_some(asio::buffer(chunk), done); });
      data.append(chunk.data(), last_bytes_);
      if (ec) return ec;
    }
  }

 private:
  template <typename Initiate>
  beast::error_code Run(milliseconds deadline, Initiate initiate) {
    beast::error_code result = asio::error::in_progress;
    last_bytes_ = 0;
    stream_.expires_after(deadline);
    initiate([this, &result](beast::error_code ec, std::size_t bytes = 0) {
      result = ec;
      last_bytes_ = bytes;
    });
    ioc_.restart();
    ioc_.run();
    return result;
  }

  asio::io_context ioc_;
  beast::tcp_stream stream_{ioc_};
  beast::flat_buffer buffer_;
  std::size_t last_bytes_ = 0;
};

ClientRequest MakeRequest(bhttp::verb verb, const std::string& target, std::string body = "") {
  ClientRequest request(verb, target, 11);
  request.set(bhttp::field::host, "127.0.0.1");
  request.body() = std::move(body);
  request.prepare_payload();
  return request;
}

struct Reply {
  beast::error_code ec;
  ClientResponse response;
};

// One request on a fresh connection.
Reply Fetch(uint16_t port, ClientRequest request) {
  Reply reply;
  TestClient client;
  reply.ec = client.Connect(port);
  if (!reply.ec) reply.ec = client.Fetch(std::move(request), reply.response);
  return reply;
}

Reply Get(uint16_t port, const std::string& target) {
  return Fetch(port, MakeRequest(bhttp::verb::get, target));
}

std::unique_ptr<Server> StartServer(Handler handler, const ServerOptions& options = {}) {
  Result<std::unique_ptr<Server>> server = Server::Start(options, std::move(handler));
  EXPECT_TRUE(server.ok()) << server.status();
  return server.ok() ? std::move(server).value() : nullptr;
}

Response Hello(Request&) { return Response::Text(200, "hello"); }

// A gate handlers wait on, opened by the test; waits are bounded so a broken test cannot hang.
class Gate {
 public:
  void Open() {
    const std::lock_guard<std::mutex> lock(mu_);
    open_ = true;
    cv_.notify_all();
  }
  bool Wait() {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, kDeadline, [this] { return open_; });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool open_ = false;  // GUARDED_BY(mu_)
};

TEST(ServerTest, PortZeroGivesARealPortThatServes) {
  auto server = StartServer(Hello);
  ASSERT_NE(server, nullptr);
  EXPECT_NE(server->port(), 0);
  Reply reply = Get(server->port(), "/");
  ASSERT_FALSE(reply.ec) << reply.ec.message();
  EXPECT_EQ(reply.response.result_int(), 200);
  EXPECT_EQ(reply.response.body(), "hello");
  EXPECT_EQ(reply.response[bhttp::field::content_length], "5");
  EXPECT_EQ(reply.response[bhttp::field::content_type], "text/plain; charset=utf-8");
}

TEST(ServerTest, RoutesThroughARouterWithParams) {
  auto router = std::make_shared<Router>();
  router->Add("GET", "/items/{id}", [](Request& request) {
    return Response::Text(200, "item " + std::string(request.Param("id")));
  });
  router->Add("PUT", "/items/{id}", [](Request&) { return Response::Empty(204); });
  auto server = StartServer([router](Request& request) { return router->Dispatch(request); });
  ASSERT_NE(server, nullptr);
  const uint16_t port = server->port();

  Reply item = Get(port, "/items/42");
  ASSERT_FALSE(item.ec) << item.ec.message();
  EXPECT_EQ(item.response.result_int(), 200);
  EXPECT_EQ(item.response.body(), "item 42");

  Reply decoded = Get(port, "/items/a%20b");
  ASSERT_FALSE(decoded.ec) << decoded.ec.message();
  EXPECT_EQ(decoded.response.body(), "item a b");

  Reply missing = Get(port, "/nope");
  ASSERT_FALSE(missing.ec) << missing.ec.message();
  EXPECT_EQ(missing.response.result_int(), 404);
  EXPECT_EQ(missing.response.body(), "Not Found");

  Reply wrong_method = Fetch(port, MakeRequest(bhttp::verb::delete_, "/items/1"));
  ASSERT_FALSE(wrong_method.ec) << wrong_method.ec.message();
  EXPECT_EQ(wrong_method.response.result_int(), 405);
  EXPECT_EQ(wrong_method.response[bhttp::field::allow], "GET, PUT");

  Reply no_content = Fetch(port, MakeRequest(bhttp::verb::put, "/items/1", "{}"));
  ASSERT_FALSE(no_content.ec) << no_content.ec.message();
  EXPECT_EQ(no_content.response.result_int(), 204);
}

TEST(ServerTest, DeliversMethodTargetPathQueryHeadersAndBody) {
  std::promise<Request> seen;
  auto server = StartServer([&](Request& request) {
    seen.set_value(request);
    return Response::Empty(200);
  });
  ASSERT_NE(server, nullptr);
  ClientRequest request =
      MakeRequest(bhttp::verb::post, "/echo%20path/x?a=1&b=x+y&c=%2B&d&a=2", "hello body");
  request.set("X-Custom", "v1");
  Reply reply = Fetch(server->port(), std::move(request));
  ASSERT_FALSE(reply.ec) << reply.ec.message();
  EXPECT_EQ(reply.response.result_int(), 200);
  EXPECT_EQ(reply.response[bhttp::field::content_length], "0");

  std::future<Request> future = seen.get_future();
  ASSERT_EQ(future.wait_for(kDeadline), std::future_status::ready);
  const Request got = future.get();
  EXPECT_EQ(got.method, "POST");
  EXPECT_EQ(got.target, "/echo%20path/x?a=1&b=x+y&c=%2B&d&a=2");
  EXPECT_EQ(got.path, "/echo path/x");
  const std::vector<std::pair<std::string, std::string>> query = {
      {"a", "1"}, {"b", "x y"}, {"c", "+"}, {"d", ""}, {"a", "2"}};
  EXPECT_EQ(got.query, query);
  EXPECT_EQ(got.Query("a"), "1");
  EXPECT_EQ(got.headers.Get("x-custom"), "v1");
  EXPECT_EQ(got.headers.Get("HOST"), "127.0.0.1");
  EXPECT_EQ(got.headers.Get("content-length"), "10");
  EXPECT_EQ(got.body, "hello body");
}

TEST(ServerTest, SendsHandlerStatusHeadersAndBody) {
  auto server = StartServer([](Request&) {
    Response response = Response::Json(201, R"({"ok":true})");
    response.headers.Add("Set-Cookie", "a=1");
    response.headers.Add("Set-Cookie", "b=2");
    return response;
  });
  ASSERT_NE(server, nullptr);
  Reply reply = Get(server->port(), "/");
  ASSERT_FALSE(reply.ec) << reply.ec.message();
  EXPECT_EQ(reply.response.result_int(), 201);
  EXPECT_EQ(reply.response.body(), R"({"ok":true})");
  EXPECT_EQ(reply.response[bhttp::field::content_type], "application/json; charset=utf-8");
  EXPECT_EQ(reply.response[bhttp::field::content_length], "11");
  std::vector<std::string> cookies;
  for (auto [it, end] = reply.response.equal_range(bhttp::field::set_cookie); it != end; ++it) {
    cookies.emplace_back(it->value());
  }
  EXPECT_EQ(cookies, (std::vector<std::string>{"a=1", "b=2"}));
}

TEST(ServerTest, KeepAliveServesRequestsOnOneConnection) {
  std::atomic<int> calls{0};
  auto server = StartServer([&](Request& request) {
    return Response::Text(200, request.path + " #" + std::to_string(++calls));
  });
  ASSERT_NE(server, nullptr);
  TestClient client;
  ASSERT_FALSE(client.Connect(server->port()));

  ClientResponse first;
  ASSERT_FALSE(client.Fetch(MakeRequest(bhttp::verb::get, "/one"), first));
  EXPECT_EQ(first.body(), "/one #1");
  EXPECT_TRUE(first.keep_alive());

  ClientResponse second;
  ASSERT_FALSE(client.Fetch(MakeRequest(bhttp::verb::get, "/two"), second));
  EXPECT_EQ(second.body(), "/two #2");
  EXPECT_TRUE(second.keep_alive());

  // The client asks to close: the server answers, then closes.
  ClientRequest last = MakeRequest(bhttp::verb::get, "/three");
  last.keep_alive(false);
  ClientResponse third;
  ASSERT_FALSE(client.Fetch(std::move(last), third));
  EXPECT_EQ(third.body(), "/three #3");
  EXPECT_FALSE(third.keep_alive());
  std::string rest;
  EXPECT_EQ(client.ReadUntilClosed(rest), asio::error::eof);
  EXPECT_EQ(rest, "");
}

TEST(ServerTest, HeadGetsContentLengthWithoutBody) {
  auto server = StartServer(Hello);
  ASSERT_NE(server, nullptr);
  TestClient client;
  ASSERT_FALSE(client.Connect(server->port()));
  ClientRequest head = MakeRequest(bhttp::verb::head, "/");
  ASSERT_FALSE(client.Write(head));
  ClientResponse head_response;
  ASSERT_FALSE(client.Read(head_response, /*head=*/true));
  EXPECT_EQ(head_response.result_int(), 200);
  EXPECT_EQ(head_response[bhttp::field::content_length], "5");

  // Had a body been sent, it would be read as the start of this response.
  ClientResponse get_response;
  ASSERT_FALSE(client.Fetch(MakeRequest(bhttp::verb::get, "/"), get_response));
  EXPECT_EQ(get_response.result_int(), 200);
  EXPECT_EQ(get_response.body(), "hello");
}

TEST(ServerTest, ExpectContinueGetsAGoAheadBeforeTheBody) {
  auto server = StartServer([](Request& request) { return Response::Text(200, request.body); });
  ASSERT_NE(server, nullptr);
  TestClient client;
  ASSERT_FALSE(client.Connect(server->port()));
  ASSERT_FALSE(client.WriteRaw(
      "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n"));
  ClientResponse interim;
  ASSERT_FALSE(client.Read(interim));
  EXPECT_EQ(interim.result_int(), 100);
  ASSERT_FALSE(client.WriteRaw("hello"));
  ClientResponse response;
  ASSERT_FALSE(client.Read(response));
  EXPECT_EQ(response.result_int(), 200);
  EXPECT_EQ(response.body(), "hello");
}

TEST(ServerTest, BodyOverTheLimitGets413AndTheConnectionCloses) {
  std::atomic<int> calls{0};
  ServerOptions options;
  options.max_body_bytes = 1024;
  auto server = StartServer(
      [&](Request& request) {
        ++calls;
        return Response::Text(200, std::to_string(request.body.size()));
      },
      options);
  ASSERT_NE(server, nullptr);

  Reply at_limit =
      Fetch(server->port(), MakeRequest(bhttp::verb::post, "/", std::string(1024, 'x')));
  ASSERT_FALSE(at_limit.ec) << at_limit.ec.message();
  EXPECT_EQ(at_limit.response.result_int(), 200);
  EXPECT_EQ(at_limit.response.body(), "1024");

  TestClient client;
  ASSERT_FALSE(client.Connect(server->port()));
  ClientResponse response;
  ASSERT_FALSE(client.Fetch(
      MakeRequest(bhttp::verb::post, "/", std::string(std::size_t{64} << 10, 'x')), response));
  EXPECT_EQ(response.result_int(), 413);
  EXPECT_EQ(response.body(), "Payload Too Large");
  EXPECT_FALSE(response.keep_alive());
  std::string rest;
  EXPECT_EQ(client.ReadUntilClosed(rest), asio::error::eof);
  EXPECT_EQ(rest, "");
  EXPECT_EQ(calls.load(), 1);

  // A client waiting for 100 Continue gets 413 instead.
  TestClient waiting;
  ASSERT_FALSE(waiting.Connect(server->port()));
  ASSERT_FALSE(waiting.WriteRaw(
      "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2048\r\nExpect: 100-continue\r\n\r\n"));
  ClientResponse refused;
  ASSERT_FALSE(waiting.Read(refused));
  EXPECT_EQ(refused.result_int(), 413);
}

TEST(ServerTest, GarbageGets400AndTheConnectionCloses) {
  std::atomic<int> calls{0};
  auto server = StartServer([&](Request& request) {
    ++calls;
    return Hello(request);
  });
  ASSERT_NE(server, nullptr);
  for (const std::string_view garbage :
       {std::string_view("THIS IS NOT HTTP\r\n\r\n"),
        std::string_view("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n"),
        std::string_view("GET / HTTP/1.1\r\nBad Header Line\r\n\r\n")}) {
    TestClient client;
    ASSERT_FALSE(client.Connect(server->port()));
    ASSERT_FALSE(client.WriteRaw(garbage));
    ClientResponse response;
    ASSERT_FALSE(client.Read(response)) << garbage;
    EXPECT_EQ(response.result_int(), 400) << garbage;
    EXPECT_EQ(response.body(), "Bad Request");
    std::string rest;
    EXPECT_EQ(client.ReadUntilClosed(rest), asio::error::eof) << garbage;
  }
  EXPECT_EQ(calls.load(), 0);
}

TEST(ServerTest, OversizedHeaderGets431) {
  auto server = StartServer(Hello);
  ASSERT_NE(server, nullptr);
  TestClient client;
  ASSERT_FALSE(client.Connect(server->port()));
  ClientRequest request = MakeRequest(bhttp::verb::get, "/");
  request.set("X-Big", std::string(std::size_t{16} << 10, 'x'));
  ClientResponse response;
  ASSERT_FALSE(client.Fetch(std::move(request), response));
  EXPECT_EQ(response.result_int(), 431);
  EXPECT_FALSE(response.keep_alive());
}

TEST(ServerTest, BadEscapeInTheTargetGets400AndTheConnectionStays) {
  std::atomic<int> calls{0};
  auto server = StartServer([&](Request& request) {
    ++calls;
    return Hello(request);
  });
  ASSERT_NE(server, nullptr);
  TestClient client;
  ASSERT_FALSE(client.Connect(server->port()));
  for (const char* target : {"/a%G1", "/a?q=%1"}) {
    ClientResponse response;
    ASSERT_FALSE(client.Fetch(MakeRequest(bhttp::verb::get, target), response)) << target;
    EXPECT_EQ(response.result_int(), 400) << target;
    EXPECT_THAT(response.body(), HasSubstr("percent-escape")) << target;
  }
  ClientResponse ok;
  ASSERT_FALSE(client.Fetch(MakeRequest(bhttp::verb::get, "/a%41"), ok));
  EXPECT_EQ(ok.body(), "hello");
  EXPECT_EQ(calls.load(), 1);
}

TEST(ServerTest, DropConnectionClosesWithoutAnswer) {
  auto server = StartServer([](Request& request) {
    if (request.path == "/ok") return Hello(request);
    Response response = Response::Text(200, "never sent");
    response.drop_connection = true;
    return response;
  });
  ASSERT_NE(server, nullptr);
  TestClient client;
  ASSERT_FALSE(client.Connect(server->port()));
  ClientRequest request = MakeRequest(bhttp::verb::get, "/drop");
  ASSERT_FALSE(client.Write(request));
  std::string received;
  EXPECT_THAT(client.ReadUntilClosed(received),
              AnyOf(Eq(asio::error::eof), Eq(asio::error::connection_reset)));
  EXPECT_EQ(received, "");

  Reply after = Get(server->port(), "/ok");  // the server itself carries on
  ASSERT_FALSE(after.ec) << after.ec.message();
  EXPECT_EQ(after.response.body(), "hello");
}

TEST(ServerTest, HandlerFailuresGet500AndServingContinues) {
  auto server = StartServer([](Request& request) -> Response {
    if (request.path == "/throw") throw std::runtime_error("boom");
    if (request.path == "/throw-int") throw 42;
    if (request.path == "/bad-status") return Response::Text(42, "x");
    if (request.path == "/body-on-204") return Response::Text(204, "no body allowed");
    if (request.path == "/bad-header") {
      Response response = Response::Text(200, "x");
      response.headers.Set("X-Injected", "a\r\nSet-Cookie: evil=1");
      return response;
    }
    return Hello(request);
  });
  ASSERT_NE(server, nullptr);
  TestClient client;
  ASSERT_FALSE(client.Connect(server->port()));
  for (const char* target :
       {"/throw", "/throw-int", "/bad-status", "/body-on-204", "/bad-header"}) {
    ClientResponse failed;
    ASSERT_FALSE(client.Fetch(MakeRequest(bhttp::verb::get, target), failed)) << target;
    EXPECT_EQ(failed.result_int(), 500) << target;
    EXPECT_EQ(failed.body(), "internal error") << target;
    EXPECT_EQ(failed.count(bhttp::field::set_cookie), 0u) << target;
  }
  ClientResponse ok;
  ASSERT_FALSE(client.Fetch(MakeRequest(bhttp::verb::get, "/"), ok));
  EXPECT_EQ(ok.body(), "hello");
}

TEST(ServerTest, ConcurrentClientsAreAllAnswered) {
  auto server = StartServer([](Request& request) { return Response::Text(200, request.path); });
  ASSERT_NE(server, nullptr);
  constexpr int kClients = 8;
  constexpr int kRequestsEach = 25;
  std::atomic<int> answered{0};
  std::vector<std::thread> clients;
  clients.reserve(kClients);
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      TestClient client;
      if (client.Connect(server->port())) return;
      for (int i = 0; i < kRequestsEach; ++i) {
        const std::string target = "/c" + std::to_string(c) + "/r" + std::to_string(i);
        ClientResponse response;
        if (client.Fetch(MakeRequest(bhttp::verb::get, target), response)) return;
        if (response.result_int() == 200 && response.body() == target) ++answered;
      }
    });
  }
  for (std::thread& client : clients) client.join();
  EXPECT_EQ(answered.load(), kClients * kRequestsEach);
}

TEST(ServerTest, HandlersRunConcurrentlyOnTheWorkerThreads) {
  // Each call waits for the other: with fewer than two handlers running at once both time out.
  std::mutex mu;
  std::condition_variable cv;
  int arrived = 0;
  auto server = StartServer([&](Request&) {
    std::unique_lock<std::mutex> lock(mu);
    ++arrived;
    cv.notify_all();
    const bool both = cv.wait_for(lock, kDeadline, [&] { return arrived >= 2; });
    return Response::Text(both ? 200 : 503, "");
  });
  ASSERT_NE(server, nullptr);
  auto first = std::async(std::launch::async, [&] { return Get(server->port(), "/1"); });
  Reply second = Get(server->port(), "/2");
  Reply first_reply = first.get();
  ASSERT_FALSE(first_reply.ec) << first_reply.ec.message();
  ASSERT_FALSE(second.ec) << second.ec.message();
  EXPECT_EQ(first_reply.response.result_int(), 200);
  EXPECT_EQ(second.response.result_int(), 200);
}

// True once a connection to `port` is refused, within kDeadline.
bool WaitUntilRefused(uint16_t port) {
  const auto give_up = std::chrono::steady_clock::now() + kDeadline;
  while (std::chrono::steady_clock::now() < give_up) {
    TestClient client;
    if (client.Connect(port) == asio::error::connection_refused) return true;
    std::this_thread::yield();
  }
  return false;
}

TEST(ServerTest, StopWhileAHandlerIsBlocked) {
  std::promise<void> entered;
  Gate release;
  auto server = StartServer([&](Request&) {
    entered.set_value();
    release.Wait();
    return Response::Text(200, "late");
  });
  ASSERT_NE(server, nullptr);
  const uint16_t port = server->port();
  std::future<Reply> in_flight;
  std::future<void> stopped;
  struct OpenOnExit {
    Gate& gate;
    ~OpenOnExit() { gate.Open(); }
  } open_on_exit{release};  // destroyed first: no blocked handler outlives a failed assertion

  in_flight = std::async(std::launch::async, [port] { return Get(port, "/block"); });
  ASSERT_EQ(entered.get_future().wait_for(kDeadline), std::future_status::ready);
  stopped = std::async(std::launch::async, [&] { server->Stop(); });

  ASSERT_TRUE(WaitUntilRefused(port));  // the acceptor closes while the handler still runs
  EXPECT_EQ(stopped.wait_for(milliseconds(0)), std::future_status::timeout);
  release.Open();
  ASSERT_EQ(stopped.wait_for(kDeadline), std::future_status::ready);

  const Reply cut = in_flight.get();  // closed unanswered, not left hanging
  EXPECT_THAT(cut.ec, AnyOf(Eq(bhttp::error::end_of_stream), Eq(asio::error::connection_reset)));
  TestClient later;
  EXPECT_EQ(later.Connect(port), asio::error::connection_refused);
}

TEST(ServerTest, StopIsIdempotentAndClosesIdleConnections) {
  ServerOptions options;
  options.idle_timeout = 3 * kDeadline;  // so a Stop that waits for idle connections fails first
  auto server = StartServer(Hello, options);
  ASSERT_NE(server, nullptr);
  const uint16_t port = server->port();
  TestClient idle;
  ASSERT_FALSE(idle.Connect(port));
  ClientResponse response;
  ASSERT_FALSE(idle.Fetch(MakeRequest(bhttp::verb::get, "/"), response));
  ASSERT_TRUE(response.keep_alive());

  std::future<void> stopped = std::async(std::launch::async, [&] { server->Stop(); });
  ASSERT_EQ(stopped.wait_for(kDeadline), std::future_status::ready);
  server->Stop();
  std::string rest;
  EXPECT_THAT(idle.ReadUntilClosed(rest),
              AnyOf(Eq(asio::error::eof), Eq(asio::error::connection_reset)));
  TestClient later;
  EXPECT_EQ(later.Connect(port), asio::error::connection_refused);
  server.reset();  // the destructor's Stop after explicit ones
}

TEST(ServerTest, ReadTimeoutClosesASilentConnection) {
  ServerOptions options;
  options.read_timeout = milliseconds(200);
  auto server = StartServer(Hello, options);
  ASSERT_NE(server, nullptr);
  TestClient client;
  ASSERT_FALSE(client.Connect(server->port()));
  const auto start = std::chrono::steady_clock::now();
  std::string received;
  EXPECT_THAT(client.ReadUntilClosed(received, milliseconds(1'000)),
              AnyOf(Eq(asio::error::eof), Eq(asio::error::connection_reset)));
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(received, "");
  EXPECT_GE(elapsed, milliseconds(190));
  EXPECT_LT(elapsed, milliseconds(1'000));
}

TEST(ServerTest, IdleTimeoutClosesAKeptAliveConnection) {
  ServerOptions options;
  options.idle_timeout = milliseconds(200);
  auto server = StartServer(Hello, options);
  ASSERT_NE(server, nullptr);
  TestClient client;
  ASSERT_FALSE(client.Connect(server->port()));
  ClientResponse response;
  ASSERT_FALSE(client.Fetch(MakeRequest(bhttp::verb::get, "/"), response));
  ASSERT_TRUE(response.keep_alive());
  const auto start = std::chrono::steady_clock::now();
  std::string received;
  EXPECT_THAT(client.ReadUntilClosed(received, milliseconds(1'000)),
              AnyOf(Eq(asio::error::eof), Eq(asio::error::connection_reset)));
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_GE(elapsed, milliseconds(190));
  EXPECT_LT(elapsed, milliseconds(1'000));
}

TEST(ServerTest, PortInUseIsUnavailable) {
  auto first = StartServer(Hello);
  ASSERT_NE(first, nullptr);
  ServerOptions options;
  options.port = first->port();
  Result<std::unique_ptr<Server>> second = Server::Start(options, Hello);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(
      second.status().message(),
      "cannot listen on 127.0.0.1:" + std::to_string(first->port()) + ": Address already in use");
  Reply still = Get(first->port(), "/");  // the first server is unaffected
  ASSERT_FALSE(still.ec) << still.ec.message();
  EXPECT_EQ(still.response.body(), "hello");
}

TEST(ServerTest, BadOptionsAreInvalidArgument) {
  const auto code_for = [](const ServerOptions& options, Handler handler = Hello) {
    Result<std::unique_ptr<Server>> server = Server::Start(options, std::move(handler));
    return server.ok() ? StatusCode::kOk : server.status().code();
  };
  ServerOptions no_threads;
  no_threads.threads = 0;
  EXPECT_EQ(code_for(no_threads), StatusCode::kInvalidArgument);
  ServerOptions negative_threads;
  negative_threads.threads = -1;
  EXPECT_EQ(code_for(negative_threads), StatusCode::kInvalidArgument);
  for (const char* host : {"localhost", "", "127.0.0", "::1::2", "example.com"}) {
    ServerOptions bad_host;
    bad_host.host = host;
    EXPECT_EQ(code_for(bad_host), StatusCode::kInvalidArgument) << host;
  }
  ServerOptions zero_timeout;
  zero_timeout.read_timeout = milliseconds(0);
  EXPECT_EQ(code_for(zero_timeout), StatusCode::kInvalidArgument);
  EXPECT_EQ(code_for(ServerOptions{}, Handler()), StatusCode::kInvalidArgument);
  EXPECT_EQ(code_for(ServerOptions{}), StatusCode::kOk);
}

}  // namespace
}  // namespace xerosync::http
