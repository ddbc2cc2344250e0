#include "api/schema_check.h"

#include <cstddef>

#include "core/text.h"

namespace xerosync::api {
namespace {

std::vector<std::string> Segments(std::string_view path) {
  std::vector<std::string> out;
  std::size_t start = 1;
  while (start <= path.size()) {
    const std::size_t slash = path.find('/', start);
    const std::size_t end = slash == std::string_view::npos ? path.size() : slash;
    out.emplace_back(path.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

const Json* Resolve(const Json& spec, const Json& schema) {
  const Json* ref = schema.Find("$ref");
  if (ref == nullptr || !ref->is_string()) return &schema;
  constexpr std::string_view kPrefix = "#/components/schemas/";
  if (!ref->AsString().starts_with(kPrefix)) return nullptr;
  const Json* components = spec.Find("components");
  const Json* schemas = components == nullptr ? nullptr : components->Find("schemas");
  return schemas == nullptr ? nullptr : schemas->Find(ref->AsString().substr(kPrefix.size()));
}

bool TypeMatches(std::string_view type, const Json& value) {
  if (type == "object") return value.is_object();
  if (type == "array") return value.is_array();
  if (type == "string") return value.is_string();
  if (type == "boolean") return value.is_bool();
  if (type == "number") return value.is_number();
  if (type == "integer") return value.is_number() && value.AsInt64().ok();
  return false;
}

bool Flag(const Json& schema, std::string_view name) {
  const Json* flag = schema.Find(name);
  return flag != nullptr && flag->is_bool() && flag->AsBool();
}

}  // namespace

std::vector<std::string> SchemaProblems(const Json& spec, const Json& schema_in, const Json& value,
                                        const std::string& path) {
  std::vector<std::string> problems;
  // A $ref next to "nullable" (allowed in OpenAPI 3.0 as written here) keeps the nullable.
  if (value.is_null() && Flag(schema_in, "nullable")) return problems;
  const Json* schema = Resolve(spec, schema_in);
  if (schema == nullptr) return {path + ": unresolved " + schema_in.Serialize()};
  if (value.is_null() && Flag(*schema, "nullable")) return problems;
  if (const Json* one_of = schema->Find("oneOf"); one_of != nullptr && one_of->is_array()) {
    int matches = 0;
    for (const Json& option : one_of->AsArray()) {
      matches += SchemaProblems(spec, option, value, path).empty() ? 1 : 0;
    }
    if (matches != 1) {
      problems.push_back(path + ": matches " + std::to_string(matches) + " of oneOf, not 1");
    }
    return problems;
  }
  if (const Json* type = schema->Find("type"); type != nullptr && type->is_string()) {
    if (!TypeMatches(type->AsString(), value)) {
      problems.push_back(path + ": " + value.Serialize().substr(0, 60) + " is not " +
                         (value.is_null() ? "nullable " : "") + type->AsString());
      return problems;
    }
  }
  if (const Json* values = schema->Find("enum"); values != nullptr && values->is_array()) {
    bool found = false;
    for (const Json& allowed : values->AsArray()) found = found || allowed == value;
    if (!found)
      problems.push_back(path + ": " + value.Serialize() + " is not one of " + values->Serialize());
  }
  if (value.is_object()) {
    const Json* properties = schema->Find("properties");
    if (const Json* required = schema->Find("required"); required != nullptr) {
      for (const Json& name : required->AsArray()) {
        if (value.Find(name.AsString()) == nullptr) {
          problems.push_back(path + ": missing required \"" + name.AsString() + "\"");
        }
      }
    }
    if (properties != nullptr) {
      for (const auto& [name, member] : value.AsObject()) {
        const Json* property = properties->Find(name);
        if (property == nullptr) {
          problems.push_back(path + ": \"" + name + "\" is not described");
          continue;
        }
        for (std::string& p : SchemaProblems(spec, *property, member, path + "." + name)) {
          problems.push_back(std::move(p));
        }
      }
    }
  }
  if (value.is_array()) {
    if (const Json* items = schema->Find("items"); items != nullptr) {
      const Json::Array& array = value.AsArray();
      for (std::size_t i = 0; i < array.size(); ++i) {
        for (std::string& p :
             SchemaProblems(spec, *items, array[i], path + "[" + std::to_string(i) + "]")) {
          problems.push_back(std::move(p));
        }
      }
    }
  }
  return problems;
}

std::string MatchPathTemplate(const Json& spec, std::string_view path) {
  const Json* paths = spec.Find("paths");
  if (paths == nullptr || !paths->is_object()) return "";
  const std::vector<std::string> actual = Segments(path);
  std::string best;
  int best_literals = -1;
  for (const auto& [pattern, ignored] : paths->AsObject()) {
    const std::vector<std::string> wanted = Segments(pattern);
    if (wanted.size() != actual.size()) continue;
    int literals = 0;
    bool ok = true;
    for (std::size_t i = 0; i < wanted.size() && ok; ++i) {
      if (wanted[i].starts_with('{') && wanted[i].ends_with('}')) {
        ok = !actual[i].empty();
      } else {
        ok = wanted[i] == actual[i];
        ++literals;
      }
    }
    if (ok && literals > best_literals) {
      best = pattern;
      best_literals = literals;
    }
  }
  return best;
}

const Json* ResponseSchema(const Json& spec, std::string_view path_template,
                           std::string_view method, int status) {
  const Json* paths = spec.Find("paths");
  const Json* item = paths == nullptr ? nullptr : paths->Find(path_template);
  const Json* operation = item == nullptr ? nullptr : item->Find(AsciiLowered(method));
  const Json* responses = operation == nullptr ? nullptr : operation->Find("responses");
  const Json* response = responses == nullptr ? nullptr : responses->Find(std::to_string(status));
  const Json* content = response == nullptr ? nullptr : response->Find("content");
  const Json* json = content == nullptr ? nullptr : content->Find("application/json");
  return json == nullptr ? nullptr : json->Find("schema");
}

}  // namespace xerosync::api
