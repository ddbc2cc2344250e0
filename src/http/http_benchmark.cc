// Micro-benchmarks for the HTTP server: round trips of a trivial GET over keep-alive connections
// against a server with 2 worker threads, on 127.0.0.1. items_per_second is requests per second
// (summed over the client threads of the 4-connection run).

#include <benchmark/benchmark.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "http/http.h"

namespace xerosync::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

// One server for the whole run, started on first use.
uint16_t ServerPort() {
  static const std::unique_ptr<Server> server = [] {
    ServerOptions options;
    options.threads = 2;
    Result<std::unique_ptr<Server>> started =
        Server::Start(options, [](Request&) { return Response::Text(200, "ok"); });
    if (!started.ok()) {
      std::fprintf(stderr, "http_benchmark: %s\n", started.status().ToString().c_str());
      std::abort();
    }
    return std::move(started).value();
  }();
  return server->port();
}

// Each benchmark thread runs this over its own keep-alive connection.
void BM_KeepAliveGet(benchmark::State& state) {
  asio::io_context ioc;
  tcp::socket socket(ioc);
  beast::error_code ec;
  socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), ServerPort()), ec);
  if (ec) {
    state.SkipWithError(("connect: " + ec.message()).c_str());
    return;
  }
  socket.set_option(tcp::no_delay(true));
  bhttp::request<bhttp::empty_body> request(bhttp::verb::get, "/ping?x=1", 11);
  request.set(bhttp::field::host, "127.0.0.1");
  beast::flat_buffer buffer;
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores): the loop idiom
    bhttp::write(socket, request, ec);
    bhttp::response<bhttp::string_body> response;
    if (!ec) bhttp::read(socket, buffer, response, ec);
    if (ec || response.result_int() != 200) {
      state.SkipWithError(("round trip: " + ec.message()).c_str());
      break;
    }
    benchmark::DoNotOptimize(response);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_KeepAliveGet)->Name("BM_KeepAliveGet/connections:1")->UseRealTime();
BENCHMARK(BM_KeepAliveGet)->Name("BM_KeepAliveGet/connections:4")->Threads(4)->UseRealTime();

}  // namespace
}  // namespace xerosync::http
