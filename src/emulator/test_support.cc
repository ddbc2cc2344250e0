#include "emulator/test_support.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/json.h"

namespace xerosync::emulator::testing {

std::string ConnectDemoApp(Emulator& emulator, std::string_view scopes) {
  const App app = DemoApp();
  const std::string& redirect = app.redirect_uris.front();
  http::Request authorize;
  authorize.method = "GET";
  authorize.path = "/identity/connect/authorize";
  authorize.query = {{"response_type", "code"},
                     {"client_id", app.client_id},
                     {"redirect_uri", redirect},
                     {"scope", std::string(scopes)},
                     {"state", "s"}};
  const http::Response redirected = emulator.Handle(authorize);
  EXPECT_EQ(redirected.status, 302) << redirected.body;
  const std::string location(redirected.headers.Get("Location").value_or(""));
  std::string code;
  if (const std::size_t q = location.find('?'); q != std::string::npos) {
    using Pairs = std::vector<std::pair<std::string, std::string>>;
    const Pairs query = http::DecodeForm(location.substr(q + 1)).value_or(Pairs{});
    for (const auto& [k, v] : query) {
      if (k == "code") code = v;
    }
  }
  http::Request token;
  token.method = "POST";
  token.path = "/connect/token";
  token.headers.Set("Authorization",
                    "Basic " + Base64Encode(app.client_id + ":" + app.client_secret));
  token.body = "grant_type=authorization_code&code=" + http::PercentEncode(code) +
               "&redirect_uri=" + http::PercentEncode(redirect);
  const http::Response tokens = emulator.Handle(token);
  EXPECT_EQ(tokens.status, 200) << tokens.body;
  const Result<Json> body = Json::Parse(tokens.body);
  const Json* access = body.ok() ? body->Find("access_token") : nullptr;
  return access != nullptr && access->is_string() ? access->AsString() : "";
}

EmulatorOptions DemoOptions(uint64_t seed) {
  EmulatorOptions options;
  options.auto_consent = true;
  options.seed = seed;
  return options;
}

std::vector<std::string> Messages(const Json& object) {
  std::vector<std::string> out;
  if (const Json* errors = object.Find("ValidationErrors"); errors && errors->is_array()) {
    for (const Json& e : errors->AsArray()) {
      const Json* message = e.Find("Message");
      out.push_back(message != nullptr && message->is_string() ? message->AsString() : "");
    }
  }
  return out;
}

std::filesystem::path AccountingSpecPath() {
  std::filesystem::path shared = "../shared";
  if (const char* dir = std::getenv("XEROSYNC_SHARED_DIR"); dir != nullptr && *dir != '\0') {
    shared = dir;
  } else if (const char* src = std::getenv("XEROSYNC_SOURCE_DIR"); src != nullptr && *src != '\0') {
    shared = std::filesystem::path(src) / ".." / "shared";
  }
  return shared / "xero" / "openapi" / "xero_accounting.json";
}

std::optional<Json> LoadAccountingSpec() {
  std::ifstream in(AccountingSpecPath());
  if (!in) return std::nullopt;
  std::stringstream text;
  text << in.rdbuf();
  Result<Json> spec = Json::Parse(text.str());
  EXPECT_TRUE(spec.ok()) << spec.status().message();
  return spec.ok() ? std::optional<Json>(std::move(*spec)) : std::nullopt;
}

std::vector<std::string> MembersNotInSchema(const Json& spec, const Json& object,
                                            const std::string& name,
                                            const std::set<std::string>& allowed) {
  const Json* schemas =
      spec.Find("components") ? spec.Find("components")->Find("schemas") : nullptr;
  const Json* schema = schemas ? schemas->Find(name) : nullptr;
  const Json* properties = schema ? schema->Find("properties") : nullptr;
  if (properties == nullptr) return {"(no schema " + name + ")"};
  std::vector<std::string> missing;
  for (const auto& [member, value] : object.AsObject()) {
    if (properties->Find(member) == nullptr && !allowed.contains(member)) missing.push_back(member);
  }
  return missing;
}

http::Response Api::Send(const std::string& method, const std::string& path,
                         const std::string& body, Pairs query, const Pairs& headers) {
  http::Request r;
  r.method = method;
  r.path = "/api.xro/2.0" + path;
  r.query = std::move(query);
  r.headers.Set("Authorization", "Bearer " + token_);
  r.headers.Set("xero-tenant-id", tenant_id_);
  if (!body.empty()) r.headers.Set("Content-Type", "application/json");
  for (const auto& [name, value] : headers) r.headers.Set(name, value);
  r.body = body;
  return emulator_.Handle(r);
}

Json Api::Body(const http::Response& response, int status) {
  EXPECT_EQ(response.status, status) << response.body;
  return Json::Parse(response.body).value_or(Json());
}

}  // namespace xerosync::emulator::testing
