#pragma once
// Helpers for the emulator's own tests. Test-only: linked by emulator_test, never by the emulator.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "emulator/emulator.h"

namespace xerosync::emulator::testing {

// Connects the demo app to every demo organisation through `emulator`'s own identity endpoints,
// in-process: authorize (REQUIRES: the emulator was made with auto_consent and demo) then the code
// exchange. Returns the access token; fails the running test if either step does.
std::string ConnectDemoApp(Emulator& emulator, std::string_view scopes);

// Options for an in-process emulator with the demo data, auto-consent and a fixed seed.
EmulatorOptions DemoOptions(uint64_t seed);

// The Message of every ValidationErrors entry directly on `object` (not on its nested objects).
std::vector<std::string> Messages(const Json& object);

// Xero's accounting OpenAPI spec (JSON) beside the repository: under $XEROSYNC_SHARED_DIR, else
// $XEROSYNC_SOURCE_DIR/../shared, else ../shared.
std::filesystem::path AccountingSpecPath();
// The spec, parsed; nullopt when the file is not there (the caller skips, naming the path).
std::optional<Json> LoadAccountingSpec();
// The members of `object` that schema `name` of `spec` does not list as properties, except those in
// `allowed` (members the spec's own examples show); "(no schema <name>)" when there is no such
// schema.
std::vector<std::string> MembersNotInSchema(const Json& spec, const Json& object,
                                            const std::string& name,
                                            const std::set<std::string>& allowed);

// An accounting API caller for tests: one token, one tenant, requests through Emulator::Handle.
class Api {
 public:
  using Pairs = std::vector<std::pair<std::string, std::string>>;

  // REQUIRES: `emulator` outlives this object.
  Api(Emulator& emulator, std::string token, std::string tenant_id)
      : emulator_(emulator), token_(std::move(token)), tenant_id_(std::move(tenant_id)) {}

  // `method` /api.xro/2.0`path` with `body` (sent as is) and extra `headers`.
  http::Response Send(const std::string& method, const std::string& path,
                      const std::string& body = "", Pairs query = {}, const Pairs& headers = {});
  http::Response Get(const std::string& path, Pairs query = {}) {
    return Send("GET", path, "", std::move(query));
  }
  // The parsed body of an answer with status `status`; fails the running test otherwise.
  static Json Body(const http::Response& response, int status = 200);

  void set_tenant(std::string tenant_id) { tenant_id_ = std::move(tenant_id); }

 private:
  Emulator& emulator_;
  std::string token_;
  std::string tenant_id_;
};

}  // namespace xerosync::emulator::testing
