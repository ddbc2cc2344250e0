#pragma once
// Checks JSON values against the OpenAPI 3 description of the API (docs/api.openapi.json), for
// the tests that hold every route's real responses to it. Only the subset of JSON Schema the
// description uses: $ref (to #/components/schemas/...), type (object, array, string, integer,
// number, boolean), required, properties, items, enum (of strings), nullable, oneOf.
//
// Objects with "properties" are closed: a member the schema does not name is a problem, so that
// a field added to a response without its description fails the tests. An object schema without
// "properties" (a Xero payload) takes any members.
//
// Thread safety: pure functions.

#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"

namespace xerosync::api {

// The problems of `value` against `schema` ("documents[0].state: 'lost' is not one of ..."),
// none when it conforms. `spec` is the whole description (for $ref).
std::vector<std::string> SchemaProblems(const Json& spec, const Json& schema, const Json& value,
                                        const std::string& path = "$");

// The path template of `spec` that `path` matches ("/api/v1/orgs/{tenant}/status"), literal
// segments preferred; "" when none does.
std::string MatchPathTemplate(const Json& spec, std::string_view path);

// The schema of the JSON response of `method` on `path_template` with `status`; nullptr when the
// description has none.
const Json* ResponseSchema(const Json& spec, std::string_view path_template,
                           std::string_view method, int status);

}  // namespace xerosync::api
