#include "access/routes.h"

#include <ctime>
#include <string>
#include <utility>

#include "core/json.h"
#include "core/text.h"

namespace xerosync::access {
namespace {

// "2026-01-01T00:00:00Z".
std::string IsoTime(TimePoint t) {
  const std::time_t seconds =
      std::chrono::system_clock::to_time_t(std::chrono::floor<std::chrono::seconds>(t));
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

http::Response JsonResponse(int status, const Json& body) {
  http::Response response = http::Response::Json(status, body.Serialize());
  // Answers carry names, roles and, once, secrets: never cached anywhere.
  response.headers.Set("Cache-Control", "no-store");
  return response;
}

Json UserJson(const store::User& user) {
  return Json::MakeObject({{"name", Json::String(user.name)},
                           {"role", Json::String(std::string(store::RoleName(user.role)))},
                           {"created", Json::String(IsoTime(user.created))},
                           {"disabled", Json::Bool(user.disabled)}});
}

Json KeyJson(const store::ApiKey& key) {
  return Json::MakeObject(
      {{"name", Json::String(key.name)},
       {"prefix", Json::String(key.prefix)},
       {"role", Json::String(std::string(store::RoleName(key.role)))},
       {"created", Json::String(IsoTime(key.created))},
       {"revoked", key.revoked ? Json::String(IsoTime(*key.revoked)) : Json::Null()}});
}

// The request body as a JSON object. kInvalidArgument otherwise.
Result<Json> BodyObject(const http::Request& request) {
  Result<Json> body = Json::Parse(request.body);
  if (!body.ok() || !body->is_object()) {
    return InvalidArgumentError("the body must be a JSON object");
  }
  return body;
}

// A required string member. kInvalidArgument naming the field.
Result<std::string> StringField(const Json& body, std::string_view field) {
  const Json* value = body.Find(field);
  if (value == nullptr || !value->is_string()) {
    return InvalidArgumentError("'" + std::string(field) + "' must be a string");
  }
  return value->AsString();
}

Result<Role> RoleField(const Json& body) {
  ASSIGN_OR_RETURN(std::string name, StringField(body, "role"));
  std::optional<Role> role = store::ParseRole(name);
  if (!role) return InvalidArgumentError("'role' must be viewer, operator or admin");
  return *role;
}

// Runs `body` (returning Result<http::Response>) and maps a failure to the JSON error.
template <typename F>
http::Response Answer(F&& body) {
  Result<http::Response> response = body();
  if (!response.ok()) return ErrorResponse(response.status());
  return std::move(response).value();
}

// The sign-in answer: the session's cookie, and its CSRF token in the body.
http::Response SessionResponse(const Access& access, const LoginResult& login) {
  http::Response response = JsonResponse(
      200,
      Json::MakeObject({{"name", Json::String(login.principal.name)},
                        {"role", Json::String(std::string(store::RoleName(login.principal.role)))},
                        {"csrf_token", Json::String(login.csrf_token)},
                        {"expires", Json::String(IsoTime(login.expires))}}));
  response.headers.Add("Set-Cookie", access.SessionCookie(login));
  return response;
}

http::Response SignIn(Access& access, const http::Request& request) {
  return Answer([&]() -> Result<http::Response> {
    // A cross-site form cannot send application/json (the browser would ask first, and nothing
    // here answers CORS), so another site cannot sign a browser into an account of its choosing.
    const std::string_view type = request.headers.Get("Content-Type").value_or("");
    if (!AsciiLowered(type.substr(0, type.find(';'))).starts_with("application/json")) {
      return InvalidArgumentError("sign in with a JSON body (Content-Type: application/json)");
    }
    ASSIGN_OR_RETURN(Json body, BodyObject(request));
    ASSIGN_OR_RETURN(std::string name, StringField(body, "name"));
    ASSIGN_OR_RETURN(std::string password, StringField(body, "password"));
    std::optional<std::string> previous = SessionTokenOf(request);
    ASSIGN_OR_RETURN(LoginResult login, access.Login(name, password, previous));
    return SessionResponse(access, login);
  });
}

http::Response ChangePassword(Access& access, const http::Request& request) {
  return Answer([&]() -> Result<http::Response> {
    ASSIGN_OR_RETURN(Principal principal, access.Authenticate(request));
    ASSIGN_OR_RETURN(Json body, BodyObject(request));
    ASSIGN_OR_RETURN(std::string current, StringField(body, "current_password"));
    ASSIGN_OR_RETURN(std::string replacement, StringField(body, "new_password"));
    ASSIGN_OR_RETURN(LoginResult login, access.ChangePassword(principal, current, replacement));
    return SessionResponse(access, login);
  });
}

http::Response SignOut(Access& access, const http::Request& request) {
  return Answer([&]() -> Result<http::Response> {
    ASSIGN_OR_RETURN(Principal principal, access.Authenticate(request));
    std::optional<std::string> token = SessionTokenOf(request);
    if (principal.kind != Principal::Kind::kUser || !token) {
      return InvalidArgumentError("only a signed-in session can sign out");
    }
    RETURN_IF_ERROR(access.Logout(*token));
    http::Response response = http::Response::Empty(204);
    response.headers.Add("Set-Cookie", access.ClearedCookie());
    return response;
  });
}

http::Response Me(Access& access, const http::Request& request) {
  return Answer([&]() -> Result<http::Response> {
    ASSIGN_OR_RETURN(Principal principal, access.Authenticate(request));
    Json permissions = Json::MakeArray();
    for (Permission p : PermissionsOf(principal.role)) {
      permissions.Append(Json::String(std::string(PermissionName(p))));
    }
    return JsonResponse(
        200,
        Json::MakeObject(
            {{"name", Json::String(principal.name)},
             {"kind", Json::String(principal.kind == Principal::Kind::kUser ? "user" : "api_key")},
             {"role", Json::String(std::string(store::RoleName(principal.role)))},
             {"permissions", std::move(permissions)}}));
  });
}

http::Response ListUsers(Access& access, const http::Request& request) {
  return Answer([&]() -> Result<http::Response> {
    RETURN_IF_ERROR(access.Authorize(request, Permission::kUsers));
    ASSIGN_OR_RETURN(std::vector<store::User> users, access.ListUsers());
    Json items = Json::MakeArray();
    for (const store::User& user : users) items.Append(UserJson(user));
    return JsonResponse(200, Json::MakeObject({{"users", std::move(items)}}));
  });
}

http::Response CreateUser(Access& access, const http::Request& request) {
  return Answer([&]() -> Result<http::Response> {
    RETURN_IF_ERROR(access.Authorize(request, Permission::kUsers));
    ASSIGN_OR_RETURN(Json body, BodyObject(request));
    ASSIGN_OR_RETURN(std::string name, StringField(body, "name"));
    ASSIGN_OR_RETURN(std::string password, StringField(body, "password"));
    ASSIGN_OR_RETURN(Role role, RoleField(body));
    ASSIGN_OR_RETURN(store::User user, access.CreateUser(name, password, role));
    return JsonResponse(201, UserJson(user));
  });
}

http::Response EnableUser(Access& access, const http::Request& request) {
  return Answer([&]() -> Result<http::Response> {
    RETURN_IF_ERROR(access.Authorize(request, Permission::kUsers));
    RETURN_IF_ERROR(access.EnableUser(request.Param("name")));
    return http::Response::Empty(204);
  });
}

http::Response DisableUser(Access& access, const http::Request& request) {
  return Answer([&]() -> Result<http::Response> {
    RETURN_IF_ERROR(access.Authorize(request, Permission::kUsers));
    RETURN_IF_ERROR(access.DisableUser(request.Param("name")));
    return http::Response::Empty(204);
  });
}

http::Response ListKeys(Access& access, const http::Request& request) {
  return Answer([&]() -> Result<http::Response> {
    RETURN_IF_ERROR(access.Authorize(request, Permission::kUsers));
    ASSIGN_OR_RETURN(std::vector<store::ApiKey> keys, access.ListApiKeys());
    Json items = Json::MakeArray();
    for (const store::ApiKey& key : keys) items.Append(KeyJson(key));
    return JsonResponse(200, Json::MakeObject({{"api_keys", std::move(items)}}));
  });
}

http::Response CreateKey(Access& access, const http::Request& request) {
  return Answer([&]() -> Result<http::Response> {
    RETURN_IF_ERROR(access.Authorize(request, Permission::kUsers));
    ASSIGN_OR_RETURN(Json body, BodyObject(request));
    ASSIGN_OR_RETURN(std::string name, StringField(body, "name"));
    ASSIGN_OR_RETURN(Role role, RoleField(body));
    ASSIGN_OR_RETURN(NewApiKey created, access.CreateApiKey(name, role));
    Json json = KeyJson(created.record);
    json.Set("key", Json::String(std::move(created.key)));
    return JsonResponse(201, json);
  });
}

http::Response RevokeKey(Access& access, const http::Request& request) {
  return Answer([&]() -> Result<http::Response> {
    RETURN_IF_ERROR(access.Authorize(request, Permission::kUsers));
    RETURN_IF_ERROR(access.RevokeApiKey(request.Param("name")));
    return http::Response::Empty(204);
  });
}

std::string_view ErrorCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kUnauthenticated:
      return "unauthenticated";
    case StatusCode::kPermissionDenied:
      return "permission_denied";
    case StatusCode::kInvalidArgument:
      return "invalid_argument";
    case StatusCode::kNotFound:
      return "not_found";
    case StatusCode::kAlreadyExists:
      return "already_exists";
    case StatusCode::kFailedPrecondition:
      return "failed_precondition";
    case StatusCode::kResourceExhausted:
      return "too_many_requests";
    case StatusCode::kUnavailable:
      return "unavailable";
    default:
      return "internal";
  }
}

int HttpStatusOf(StatusCode code) {
  switch (code) {
    case StatusCode::kUnauthenticated:
      return 401;
    case StatusCode::kPermissionDenied:
      return 403;
    case StatusCode::kInvalidArgument:
      return 400;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kAlreadyExists:
    case StatusCode::kFailedPrecondition:
      return 409;
    case StatusCode::kResourceExhausted:
      return 429;
    case StatusCode::kUnavailable:
      return 503;
    default:
      return 500;
  }
}

}  // namespace

http::Response ErrorResponse(const Status& status) {
  const int http_status = HttpStatusOf(status.code());
  // A 500 is a bug: its message may name internals, so the client gets a fixed text.
  const std::string message = http_status == 500 ? "internal error" : status.message();
  http::Response response = JsonResponse(
      http_status,
      Json::MakeObject(
          {{"error",
            Json::MakeObject({{"code", Json::String(std::string(ErrorCodeName(status.code())))},
                              {"message", Json::String(message)}})}}));
  if (http_status == 401) response.headers.Set("WWW-Authenticate", "Bearer");
  return response;
}

void AddAccessRoutes(http::Router& router, Access& access) {
  auto bind = [&access](http::Response (*handler)(Access&, const http::Request&)) {
    return [&access, handler](http::Request& request) { return handler(access, request); };
  };
  router.Add("POST", "/api/v1/session", bind(SignIn));
  router.Add("DELETE", "/api/v1/session", bind(SignOut));
  router.Add("GET", "/api/v1/me", bind(Me));
  router.Add("POST", "/api/v1/me/password", bind(ChangePassword));
  router.Add("GET", "/api/v1/users", bind(ListUsers));
  router.Add("POST", "/api/v1/users", bind(CreateUser));
  router.Add("POST", "/api/v1/users/{name}/disable", bind(DisableUser));
  router.Add("POST", "/api/v1/users/{name}/enable", bind(EnableUser));
  router.Add("GET", "/api/v1/api-keys", bind(ListKeys));
  router.Add("POST", "/api/v1/api-keys", bind(CreateKey));
  router.Add("DELETE", "/api/v1/api-keys/{name}", bind(RevokeKey));
}

}  // namespace xerosync::access
