#include "emulator/error_bodies.h"

#include <cassert>
#include <string>

#include "core/json.h"
#include "emulator/identity.h"

namespace xerosync::emulator {
namespace {

// Reason phrases (RFC 9110 and common use) for the statuses a fault is likely to ask for.
std::string_view Reason(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 402:
      return "Payment Required";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 406:
      return "Not Acceptable";
    case 408:
      return "Request Timeout";
    case 409:
      return "Conflict";
    case 410:
      return "Gone";
    case 412:
      return "Precondition Failed";
    case 413:
      return "Payload Too Large";
    case 415:
      return "Unsupported Media Type";
    case 422:
      return "Unprocessable Entity";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return status < 500 ? "Client Error" : "Server Error";
  }
}

// An edge proxy's page: what a client sees when the failure is in front of Xero's API.
http::Response EdgePage(int status, std::string_view heading) {
  const std::string title(Reason(status));
  return http::Response::Html(
      status, "<HTML><HEAD>\n<TITLE>" + title + "</TITLE>\n</HEAD><BODY>\n<H1>" +
                  std::string(heading) +
                  "</H1>\nThe request could not be completed at this time. Please retry "
                  "later.\n</BODY></HTML>\n");
}

}  // namespace

http::Response InternalServerError(std::string_view instance) {
  Json body = Json::MakeObject();
  body.Set("Title", Json::String("An error occurred"));
  body.Set("Detail", Json::String("An error occurred in Xero. Check the API Status page "
                                  "http://status.developer.xero.com for current service status."));
  body.Set("Status", Json::Integer(500));
  body.Set("Instance", Json::String(std::string(instance)));
  return http::Response::Json(500, body.Serialize());
}

http::Response InternalServerErrorHtml() {
  return http::Response::Html(
      500,
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<title>Xero | Error 500</title>\n</head>\n<body>\n<h1>Error 500</h1>\n"
      "<p>Something went wrong on our side. Please try again in a few minutes.</p>\n"
      "</body>\n</html>\n");
}

http::Response OfflineForMaintenance() {
  return http::Response::Text(503, "The Xero API is currently offline for maintenance");
}

http::Response TemporarilyUnavailable() {
  return http::Response::Text(503, "The Xero API is temporarily unavailable");
}

http::Response EdgeServiceUnavailable() {
  return EdgePage(503, "Service Unavailable - Zero size object");
}

http::Response ErrorAnswer(int status, std::string_view instance) {
  assert(status >= 400 && status <= 599);
  switch (status) {
    case 400: {
      Json body = Json::MakeObject();
      body.Set("ErrorNumber", Json::Integer(10));
      body.Set("Type", Json::String("ValidationException"));
      body.Set("Message", Json::String("A validation exception occurred"));
      body.Set("Elements", Json::MakeArray());
      return http::Response::Json(400, body.Serialize());
    }
    case 401:
    case 403:
      return ProblemResponse(status, "AuthenticationUnsuccessful", instance);
    case 404:
      return http::Response::Text(404, "The resource you're looking for cannot be found");
    case 429: {
      http::Response response = http::Response::Text(429, "Rate limit exceeded");
      response.headers.Set("X-Rate-Limit-Problem", "minute");
      response.headers.Set("Retry-After", "60");
      return response;
    }
    case 500:
      return InternalServerError(instance);
    case 502:
    case 504:
      return EdgePage(status, Reason(status));
    case 503:
      return OfflineForMaintenance();
    default: {
      Json body = Json::MakeObject();
      body.Set("Title", Json::String(std::string(Reason(status))));
      body.Set("Detail", Json::String(std::string(Reason(status))));
      body.Set("Status", Json::Integer(status));
      body.Set("Instance", Json::String(std::string(instance)));
      return http::Response::Json(status, body.Serialize());
    }
  }
}

}  // namespace xerosync::emulator
