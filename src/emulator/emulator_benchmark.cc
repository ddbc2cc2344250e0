// Micro-benchmarks for the emulator behind http::Server: authenticated simple GETs
// (/api.xro/2.0/Organisation, /api.xro/2.0/Contacts/{id}) over keep-alive loopback connections,
// from 1 and 4 client threads, against a server with 2 worker threads on 127.0.0.1. Each request
// goes through everything a real call does: correlation id, token and tenant check, rate-limit
// admission and headers, routing, the read and its JSON envelope. items_per_second is requests per
// second (summed over the client threads of the 4-connection runs).
//
// The rate limits are raised far above what the run can reach (EmulatorOptions.limits), so that
// every call is admitted: the benchmark measures serving, not Xero's 60-a-minute budget.

#include <benchmark/benchmark.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/json.h"
#include "emulator/crypto.h"
#include "emulator/demo_data.h"
#include "emulator/emulator.h"
#include "http/http.h"

namespace xerosync::emulator {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using Pairs = std::vector<std::pair<std::string, std::string>>;

[[noreturn]] void Fail(const std::string& what) {
  std::fprintf(stderr, "emulator_benchmark: %s\n", what.c_str());
  std::abort();
}

// The demo app's access token for every demo organisation, through the emulator's own authorize
// (auto-consent) and token endpoints, in-process.
std::string ConnectDemoApp(Emulator& emulator) {
  const App app = DemoApp();
  const std::string& redirect = app.redirect_uris.front();
  http::Request authorize;
  authorize.method = "GET";
  authorize.path = "/identity/connect/authorize";
  authorize.query = {{"response_type", "code"},
                     {"client_id", app.client_id},
                     {"redirect_uri", redirect},
                     {"scope", "accounting.settings accounting.contacts"},
                     {"state", "s"}};
  const http::Response redirected = emulator.Handle(authorize);
  const std::string location(redirected.headers.Get("Location").value_or(""));
  const std::size_t q = location.find('?');
  if (redirected.status != 302 || q == std::string::npos) Fail("authorize: " + redirected.body);
  std::string code;
  for (const auto& [k, v] : http::DecodeForm(location.substr(q + 1)).value_or(Pairs{})) {
    if (k == "code") code = v;
  }
  http::Request token;
  token.method = "POST";
  token.path = "/connect/token";
  token.headers.Set("Authorization",
                    "Basic " + Base64Encode(app.client_id + ":" + app.client_secret));
  token.body = "grant_type=authorization_code&code=" + http::PercentEncode(code) +
               "&redirect_uri=" + http::PercentEncode(redirect);
  const http::Response tokens = emulator.Handle(token);
  const Result<Json> body = Json::Parse(tokens.body);
  const Json* access = body.ok() ? body->Find("access_token") : nullptr;
  if (tokens.status != 200 || access == nullptr || !access->is_string())
    Fail("token: " + tokens.body);
  return access->AsString();
}

struct Served {
  std::unique_ptr<Emulator> emulator;
  std::unique_ptr<http::Server> server;
  std::string token;
};

// One emulator and server for the whole run, started on first use.
const Served& Emulated() {
  static const Served served = [] {
    EmulatorOptions options;
    options.demo = true;
    options.auto_consent = true;
    options.seed = 1;
    // Far above anything the run reaches, so no call is refused (see the file comment).
    options.limits.concurrent = 1'000;
    options.limits.per_minute = 1'000'000'000;
    options.limits.per_day = 1'000'000'000;
    options.limits.app_per_minute = 1'000'000'000;
    Served s;
    s.emulator = std::make_unique<Emulator>(RealClock(), options);
    s.token = ConnectDemoApp(*s.emulator);
    http::ServerOptions server_options;
    server_options.threads = 2;
    Emulator* emulator = s.emulator.get();
    Result<std::unique_ptr<http::Server>> started = http::Server::Start(
        server_options, [emulator](http::Request& r) { return emulator->Handle(r); });
    if (!started.ok()) Fail(started.status().ToString());
    s.server = std::move(started).value();
    return s;
  }();
  return served;
}

// Each benchmark thread runs this over its own keep-alive connection, GETting `target`.
void KeepAliveGet(benchmark::State& state, const std::string& target) {
  const Served& served = Emulated();
  asio::io_context ioc;
  tcp::socket socket(ioc);
  beast::error_code ec;
  socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), served.server->port()), ec);
  if (ec) {
    state.SkipWithError(("connect: " + ec.message()).c_str());
    return;
  }
  socket.set_option(tcp::no_delay(true));
  bhttp::request<bhttp::empty_body> request(bhttp::verb::get, target, 11);
  request.set(bhttp::field::host, "127.0.0.1");
  request.set(bhttp::field::authorization, "Bearer " + served.token);
  request.set("xero-tenant-id", std::string(kDemoNzTenantId));
  request.set(bhttp::field::accept, "application/json");
  beast::flat_buffer buffer;
  std::size_t bytes = 0;
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores): the loop idiom
    bhttp::write(socket, request, ec);
    bhttp::response<bhttp::string_body> response;
    if (!ec) bhttp::read(socket, buffer, response, ec);
    if (ec || response.result_int() != 200) {
      state.SkipWithError(("round trip: " + (ec ? ec.message() : response.body())).c_str());
      break;
    }
    bytes += response.body().size();
    benchmark::DoNotOptimize(response);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}

void BM_GetOrganisation(benchmark::State& state) {
  KeepAliveGet(state, "/api.xro/2.0/Organisation");
}
void BM_GetContact(benchmark::State& state) {
  KeepAliveGet(state, "/api.xro/2.0/Contacts/" + DemoContactId(1, 1));
}
BENCHMARK(BM_GetOrganisation)->Name("BM_GetOrganisation/connections:1")->UseRealTime();
BENCHMARK(BM_GetOrganisation)->Name("BM_GetOrganisation/connections:4")->Threads(4)->UseRealTime();
BENCHMARK(BM_GetContact)->Name("BM_GetContact/connections:1")->UseRealTime();
BENCHMARK(BM_GetContact)->Name("BM_GetContact/connections:4")->Threads(4)->UseRealTime();

}  // namespace
}  // namespace xerosync::emulator
