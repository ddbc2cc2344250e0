// The libcurl transport over loopback, against the emulator served by http::Server: answers with
// their headers, keep-alive reuse, and each way a call can fail mapped to kNotSent or kAmbiguous —
// including a write whose answer is lost, which must be neither resent nor reported as not sent.
#include "xero/curl_transport.h"

#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "core/clock.h"
#include "emulator/demo_data.h"
#include "emulator/emulator.h"
#include "emulator/test_support.h"
#include "http/http.h"

namespace xerosync::xero {
namespace {

using ::testing::HasSubstr;

// Holds the emulator's fault holds until the test opens it: a "timeout" fault then keeps the
// connection silent for as long as the test wants, without anyone sleeping.
class Gate {
 public:
  void Wait() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [this] { return open_; });
  }
  void Open() {
    {
      std::lock_guard lock(mu_);
      open_ = true;
    }
    cv_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool open_ = false;
};

class CurlTransportTest : public ::testing::Test {
 protected:
  CurlTransportTest() : emulator_(clock_, Options(gate_)) {
    auto server = http::Server::Start(http::ServerOptions{}, [this](http::Request& r) {
      if (r.method != "GET" && r.path.starts_with("/api.xro/")) ++writes_received_;
      {
        std::lock_guard lock(targets_mu_);
        targets_.push_back(r.target);
      }
      return emulator_.Handle(r);
    });
    EXPECT_TRUE(server.ok()) << server.status();
    server_ = std::move(server).value();
    base_ = "http://127.0.0.1:" + std::to_string(server_->port());
    token_ = emulator::testing::ConnectDemoApp(
        emulator_, "openid accounting.settings accounting.contacts accounting.transactions");
  }
  ~CurlTransportTest() override {
    gate_.Open();
    server_->Stop();
  }
  static emulator::EmulatorOptions Options(Gate& gate) {
    emulator::EmulatorOptions options = emulator::testing::DemoOptions(5);
    options.hold = [&gate](std::chrono::milliseconds) { gate.Wait(); };
    return options;
  }

  HttpRequest Api(const std::string& method, const std::string& path, std::string body = "") {
    return {method,
            base_ + "/api.xro/2.0" + path,
            {{"Authorization", "Bearer " + token_},
             {"xero-tenant-id", std::string(emulator::kDemoNzTenantId)},
             {"Accept", "application/json"},
             {"Content-Type", "application/json"}},
            std::move(body),
            std::chrono::milliseconds(10'000)};
  }
  void AddFault(const std::string& rule) {
    const TransportResult r = transport_->Send({"POST", base_ + "/_emulator/faults", {}, rule});
    ASSERT_TRUE(std::holds_alternative<HttpResponse>(r));
    ASSERT_EQ(std::get<HttpResponse>(r).status, 201) << std::get<HttpResponse>(r).body;
  }
  // How many contacts Xero (the emulator) has with this name, read in-process.
  std::size_t ContactsNamed(const std::string& name) {
    emulator::testing::Api api(emulator_, token_, std::string(emulator::kDemoNzTenantId));
    const Json body =
        emulator::testing::Api::Body(api.Get("/Contacts", {{"where", "Name==\"" + name + "\""}}));
    const Json* contacts = body.Find("Contacts");
    return contacts != nullptr ? contacts->AsArray().size() : 0u;
  }

  Gate gate_;
  std::atomic<int> writes_received_{0};  // requests other than GET reaching the API
  std::mutex targets_mu_;
  std::vector<std::string> targets_;  // every request target the server saw, in order
  FakeClock clock_;
  emulator::Emulator emulator_;
  std::unique_ptr<http::Server> server_;
  std::string base_;
  std::string token_;
  std::unique_ptr<CurlTransport> transport_ = CurlTransport::Create();
};

const HttpResponse& Answer(const TransportResult& r) {
  if (const auto* error = std::get_if<TransportError>(&r)) {
    ADD_FAILURE() << "no answer: " << error->message;
    static const HttpResponse kNone;
    return kNone;
  }
  return std::get<HttpResponse>(r);
}

TEST_F(CurlTransportTest, AnswersWithStatusEveryHeaderAndTheBody) {
  const TransportResult r = transport_->Send(Api("GET", "/Organisation"));
  const HttpResponse& response = Answer(r);
  EXPECT_EQ(response.status, 200);
  EXPECT_THAT(response.body, HasSubstr("\"Organisations\""));
  EXPECT_TRUE(response.Header("Xero-Correlation-Id").has_value());
  EXPECT_EQ(response.Header("x-minlimit-remaining"), "59");
  EXPECT_THAT(std::string(response.Header("Content-Type").value_or("")),
              HasSubstr("application/json"));
  for (const auto& [name, value] : response.headers) {
    EXPECT_FALSE(name.starts_with("HTTP/")) << name;  // the status line is not a header
    EXPECT_FALSE(name.empty());
  }
}

TEST_F(CurlTransportTest, APlainText404ComesBackAsIs) {
  const TransportResult r =
      transport_->Send(Api("GET", "/Invoices/0b0b0b0b-0000-4000-8000-000000000000"));
  const HttpResponse& response = Answer(r);
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.body, "The resource you're looking for cannot be found");
  EXPECT_THAT(std::string(response.Header("Content-Type").value_or("")), HasSubstr("text/plain"));
}

TEST_F(CurlTransportTest, ReadsReuseOneKeptAliveConnection) {
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(Answer(transport_->Send(Api("GET", "/Accounts"))).status, 200);
  EXPECT_EQ(transport_->connections_opened(), 1);
}

TEST_F(CurlTransportTest, AWriteGoesOutOnAFreshConnection) {
  EXPECT_EQ(Answer(transport_->Send(Api("GET", "/Accounts"))).status, 200);
  const TransportResult put =
      transport_->Send(Api("PUT", "/Contacts", R"({"Contacts":[{"Name":"Fresh Line Ltd"}]})"));
  EXPECT_EQ(Answer(put).status, 200) << Answer(put).body;
  EXPECT_EQ(transport_->connections_opened(), 2);
  EXPECT_EQ(ContactsNamed("Fresh Line Ltd"), 1u);
}

TEST_F(CurlTransportTest, ConcurrentCallsAllGetTheirAnswers) {
  std::vector<std::thread> threads;
  std::vector<int> statuses(4, 0);
  for (std::size_t t = 0; t < statuses.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 5; ++i) {
        const TransportResult r = transport_->Send(Api("GET", "/Organisation"));
        const auto* response = std::get_if<HttpResponse>(&r);
        statuses[t] = response != nullptr ? response->status : -1;
        if (statuses[t] != 200) return;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const int status : statuses) EXPECT_EQ(status, 200);
  EXPECT_LE(transport_->connections_opened(), 4);  // at most one per concurrent caller
}

TEST_F(CurlTransportTest, ARefusedConnectionIsNotSent) {
  auto other = http::Server::Start(
      http::ServerOptions{}, [](http::Request&) { return http::Response::Text(200, "unused"); });
  ASSERT_TRUE(other.ok());
  const uint16_t port = (*other)->port();
  (*other)->Stop();  // nobody listens there now
  const TransportResult r = transport_->Send(
      {"PUT", "http://127.0.0.1:" + std::to_string(port) + "/api.xro/2.0/Contacts", {}, "{}"});
  ASSERT_TRUE(std::holds_alternative<TransportError>(r));
  EXPECT_EQ(std::get<TransportError>(r).failure, TransportFailure::kNotSent)
      << std::get<TransportError>(r).message;
}

TEST_F(CurlTransportTest, BadUrlsAreNotSent) {
  for (const std::string url : {"http://[::1/x", "ftp://127.0.0.1/x", "not a url", ""}) {
    const TransportResult r = transport_->Send({"GET", url, {}, ""});
    ASSERT_TRUE(std::holds_alternative<TransportError>(r)) << url;
    EXPECT_EQ(std::get<TransportError>(r).failure, TransportFailure::kNotSent) << url;
  }
  const TransportResult injected =
      transport_->Send({"GET", base_ + "/connections", {{"X-A", "1\r\nX-B: 2"}}, ""});
  ASSERT_TRUE(std::holds_alternative<TransportError>(injected));
  EXPECT_EQ(std::get<TransportError>(injected).failure, TransportFailure::kNotSent);
}

TEST_F(CurlTransportTest, ATlsHandshakeThatFailsIsNotSent) {
  // The emulator speaks plain HTTP: TLS cannot be negotiated with it.
  const std::string https = "https://127.0.0.1:" + std::to_string(server_->port());
  const TransportResult r = transport_->Send({"GET", https + "/connections", {}, ""});
  ASSERT_TRUE(std::holds_alternative<TransportError>(r));
  EXPECT_EQ(std::get<TransportError>(r).failure, TransportFailure::kNotSent)
      << std::get<TransportError>(r).message;
}

// libcurl takes the proxy from the environment (http_proxy for http:// URLs): the request reaches
// the emulator standing in as the proxy, with the absolute URL as its target.
TEST_F(CurlTransportTest, TheProxyComesFromTheEnvironment) {
  const std::string url = "http://proxied.invalid/connections";
  ASSERT_EQ(::setenv("http_proxy", base_.c_str(), 1), 0);
  ::unsetenv("no_proxy");
  ::unsetenv("NO_PROXY");
  const TransportResult proxied = transport_->Send({"GET", url, {}, ""});
  ::unsetenv("http_proxy");
  ASSERT_TRUE(std::holds_alternative<HttpResponse>(proxied))
      << std::get<TransportError>(proxied).message;
  {
    std::lock_guard lock(targets_mu_);
    ASSERT_FALSE(targets_.empty());
    EXPECT_EQ(targets_.back(), url);
  }
  // Without it the name does not resolve: nothing was sent.
  const TransportResult direct = transport_->Send({"GET", url, {}, ""});
  ASSERT_TRUE(std::holds_alternative<TransportError>(direct));
  EXPECT_EQ(std::get<TransportError>(direct).failure, TransportFailure::kNotSent);
}

TEST_F(CurlTransportTest, AWriteWhoseAnswerIsDroppedIsAmbiguousAndNotResent) {
  // A read first, so a kept-alive connection exists that libcurl could be tempted to reuse.
  EXPECT_EQ(Answer(transport_->Send(Api("GET", "/Accounts"))).status, 200);
  AddFault(R"({"action":"apply-then-drop","method":"PUT","path":"/api.xro/2.0/Contacts"})");
  const TransportResult r =
      transport_->Send(Api("PUT", "/Contacts", R"({"Contacts":[{"Name":"Dropped Line Ltd"}]})"));
  ASSERT_TRUE(std::holds_alternative<TransportError>(r));
  EXPECT_EQ(std::get<TransportError>(r).failure, TransportFailure::kAmbiguous)
      << std::get<TransportError>(r).message;
  EXPECT_EQ(ContactsNamed("Dropped Line Ltd"), 1u);  // it happened
  EXPECT_EQ(writes_received_.load(), 1);             // and was sent once, never resent
}

TEST_F(CurlTransportTest, ASilentServerIsAmbiguousAfterTheRequestTimeout) {
  AddFault(R"({"path":"/api.xro/2.0/Contacts","timeout_ms":600000})");
  HttpRequest request = Api("PUT", "/Contacts", R"({"Contacts":[{"Name":"Silent Ltd"}]})");
  request.timeout = std::chrono::milliseconds(200);
  const auto start = std::chrono::steady_clock::now();
  const TransportResult r = transport_->Send(request);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(std::holds_alternative<TransportError>(r));
  EXPECT_EQ(std::get<TransportError>(r).failure, TransportFailure::kAmbiguous)
      << std::get<TransportError>(r).message;
  EXPECT_THAT(std::get<TransportError>(r).message, HasSubstr("imeout"));
  EXPECT_GE(elapsed, std::chrono::milliseconds(200));
  EXPECT_LT(elapsed, std::chrono::seconds(5));
  gate_.Open();  // let the held request go (the emulator then drops it)
}

// A socket that listens but never accepts: the kernel completes TCP handshakes, nobody answers.
class SilentListener {
 public:
  SilentListener() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof(address);
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
        ::listen(fd_, 8) != 0 ||
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      ADD_FAILURE() << "cannot listen on loopback";
    }
    port_ = ntohs(address.sin_port);
  }
  ~SilentListener() {
    if (fd_ >= 0) ::close(fd_);
  }
  SilentListener(const SilentListener&) = delete;
  SilentListener& operator=(const SilentListener&) = delete;
  uint16_t port() const { return port_; }

 private:
  int fd_ = -1;
  uint16_t port_ = 0;
};

// The same silence before and after the request left: a TLS handshake that never completes is
// kNotSent (the request comes after it); a plain-HTTP request written into the connection is not.
TEST(CurlTransportTimeouts, ATimeoutBeforeTheRequestLeftIsNotSentAfterItIsAmbiguous) {
  SilentListener listener;
  auto transport = CurlTransport::Create();
  const std::string host = "127.0.0.1:" + std::to_string(listener.port());
  HttpRequest request{
      "PUT", "https://" + host + "/api.xro/2.0/Contacts", {}, "{}", std::chrono::milliseconds(200)};
  const TransportResult handshake = transport->Send(request);
  ASSERT_TRUE(std::holds_alternative<TransportError>(handshake));
  EXPECT_EQ(std::get<TransportError>(handshake).failure, TransportFailure::kNotSent)
      << std::get<TransportError>(handshake).message;

  request.url = "http://" + host + "/api.xro/2.0/Contacts";
  const TransportResult written = transport->Send(request);
  ASSERT_TRUE(std::holds_alternative<TransportError>(written));
  EXPECT_EQ(std::get<TransportError>(written).failure, TransportFailure::kAmbiguous)
      << std::get<TransportError>(written).message;
}

TEST(CurlHeaderLines, KeepsNamesAsReceivedAndSkipsStatusLines) {
  HeaderList headers;
  for (const char* line : {"HTTP/1.1 100 Continue\r\n", "\r\n", "HTTP/2 200\r\n",
                           "content-type: application/json\r\n", "x-minlimit-remaining:  59 \r\n",
                           "Xero-Correlation-Id: abc\r\n", "no colon here\r\n", "\r\n"}) {
    internal::AddHeaderLine(line, headers);
  }
  EXPECT_EQ(headers, (HeaderList{{"content-type", "application/json"},
                                 {"x-minlimit-remaining", "59"},
                                 {"Xero-Correlation-Id", "abc"}}));
  internal::AddHeaderLine("HTTP/1.1 503 Service Unavailable\r\n", headers);
  EXPECT_TRUE(headers.empty());  // a new answer starts afresh
}

}  // namespace
}  // namespace xerosync::xero
