#include "http/test_client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace xerosync::http::testing {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace asio = boost::asio;

ClientReply Send(uint16_t port, std::string_view method, std::string_view target,
                 const Headers& headers, std::string body, std::chrono::milliseconds deadline) {
  ClientReply reply;
  asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  bhttp::request<bhttp::string_body> request;
  request.method_string(beast::string_view(method.data(), method.size()));
  request.target(beast::string_view(target.data(), target.size()));
  request.version(11);
  request.set(bhttp::field::host, "127.0.0.1");
  for (const auto& [name, value] : headers.fields()) request.insert(name, value);
  request.body() = std::move(body);
  request.prepare_payload();
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  beast::error_code result;
  stream.expires_after(deadline);
  const asio::ip::tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), port);
  stream.async_connect(endpoint, [&](beast::error_code ec) {
    if (ec) {
      result = ec;
      return;
    }
    bhttp::async_write(stream, request, [&](beast::error_code wec, std::size_t) {
      if (wec) {
        result = wec;
        return;
      }
      bhttp::async_read(stream, buffer, parser,
                        [&](beast::error_code rec, std::size_t) { result = rec; });
    });
  });
  ioc.run();
  if (result) {
    reply.error = result.message();
    return reply;
  }
  bhttp::response<bhttp::string_body> response = parser.release();
  reply.status = static_cast<int>(response.result_int());
  for (const auto& field : response) {
    reply.headers.Add(std::string(field.name_string()), std::string(field.value()));
  }
  reply.body = std::move(response.body());
  return reply;
}

}  // namespace xerosync::http::testing
