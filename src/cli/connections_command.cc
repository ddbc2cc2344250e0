#include "cli/connections_command.h"

#include <algorithm>
#include <filesystem>
#include <optional>
#include <ostream>

#include "core/json.h"
#include "xero/wire_time.h"

namespace xerosync::cli {
namespace {

std::string Joined(const std::vector<std::string>& values, std::string_view separator) {
  std::string out;
  for (const std::string& v : values) {
    if (!out.empty()) out += separator;
    out += v;
  }
  return out;
}

Json Strings(const std::vector<std::string>& values) {
  Json::Array items;
  items.reserve(values.size());
  for (const std::string& v : values) items.push_back(Json::String(v));
  return Json::MakeArray(std::move(items));
}

bool Known(TimePoint time) { return time != TimePoint{}; }

std::string NameOf(const xero::ConnectionInfo& info, std::size_t i) {
  return i < info.tenant_names.size() ? info.tenant_names[i] : std::string();
}

// "Demo Company (NZ)  (tenant 7a3c...), ..." or "none".
std::string Organisations(const xero::ConnectionInfo& info) {
  if (info.tenant_ids.empty()) return "none";
  std::string out;
  for (std::size_t i = 0; i < info.tenant_ids.size(); ++i) {
    if (i > 0) out += ", ";
    out += Organisation(NameOf(info, i), info.tenant_ids[i]);
  }
  return out;
}

// The position of `wanted` (a tenant id, or a name ignoring case) among the connection's.
std::optional<std::size_t> Find(const xero::ConnectionInfo& info, std::string_view wanted) {
  for (std::size_t i = 0; i < info.tenant_ids.size(); ++i) {
    if (info.tenant_ids[i] == wanted) return i;
  }
  for (std::size_t i = 0; i < info.tenant_ids.size(); ++i) {
    if (!NameOf(info, i).empty() && EqualsIgnoringCase(NameOf(info, i), wanted)) return i;
  }
  return std::nullopt;
}

void PrintText(const std::string& name, const xero::ConnectionInfo& info, TimePoint now,
               std::ostream& out) {
  out << name << ": " << xero::ConnectionStateName(info.state);
  if (!info.reason.empty()) out << " (" << info.reason << ")";
  out << "\n";
  out << "  organisations:" << (info.tenant_ids.empty() ? " none" : "") << "\n";
  for (std::size_t i = 0; i < info.tenant_ids.size(); ++i) {
    out << "    " << Organisation(NameOf(info, i), info.tenant_ids[i]) << "\n";
  }
  if (!info.scopes.empty()) out << "  scopes: " << Joined(info.scopes, " ") << "\n";
  if (Known(info.access_expires)) {
    out << "  access token expires: " << xero::FormatIsoTimestamp(info.access_expires) << " ("
        << Relative(info.access_expires, now) << "; refreshed when used)\n";
  }
  if (Known(info.refresh_issued)) {
    out << "  refresh token issued: " << xero::FormatIsoTimestamp(info.refresh_issued) << " ("
        << Relative(info.refresh_issued, now) << "; Xero lets it lapse after 60 days unused)\n";
  }
}

Json AsJson(const std::string& name, const xero::ConnectionInfo& info) {
  Json c = Json::MakeObject();
  c.Set("name", Json::String(name));
  c.Set("state", Json::String(std::string(xero::ConnectionStateName(info.state))));
  c.Set("reason", Json::String(info.reason));
  c.Set("tenant_ids", Strings(info.tenant_ids));
  Json::Array organisations;
  for (std::size_t i = 0; i < info.tenant_ids.size(); ++i) {
    Json o = Json::MakeObject();
    o.Set("tenant_id", Json::String(info.tenant_ids[i]));
    o.Set("name", NameOf(info, i).empty() ? Json::Null() : Json::String(NameOf(info, i)));
    organisations.push_back(std::move(o));
  }
  c.Set("organisations", Json::MakeArray(std::move(organisations)));
  c.Set("scopes", Strings(info.scopes));
  c.Set("access_token_expires", Known(info.access_expires)
                                    ? Json::String(xero::FormatIsoTimestamp(info.access_expires))
                                    : Json::Null());
  c.Set("refresh_token_issued", Known(info.refresh_issued)
                                    ? Json::String(xero::FormatIsoTimestamp(info.refresh_issued))
                                    : Json::Null());
  return c;
}

}  // namespace

int RunConnections(const ConnectionsOptions& options, const CommandEnvironment& environment) {
  std::ostream& out = *environment.out;
  std::ostream& err = *environment.err;
  Result<ConnectionSettings> settings =
      ResolveConnectionSettings(options.connection, environment.getenv, /*need_app=*/false);
  if (!settings.ok()) {
    err << "xerosync connections: " << settings.status().message() << "\n";
    return kExitBadUsage;
  }
  // Nothing stored yet: say so without asking for a key or making the directory.
  std::error_code ignored;
  if (!std::filesystem::exists(settings->DatabasePath(), ignored)) {
    if (const std::string notice = LegacyTokenNotice(*settings); !notice.empty()) {
      err << notice << "\n";
    }
    if (options.json_output) {
      out << R"({"connections":[]})"
          << "\n";
    } else {
      out << "No connections in " << settings->DatabasePath()
          << ". Connect to Xero with: xerosync connect\n";
    }
    return kExitOk;
  }
  Result<std::unique_ptr<ConnectionTools>> tools =
      ConnectionTools::Open(*settings, "", environment);
  if (!tools.ok()) {
    err << "xerosync connections: " << tools.status().message() << "\n";
    return kExitBadUsage;
  }
  Result<std::vector<std::string>> names = (*tools)->store().List();
  if (!names.ok()) {
    err << "xerosync connections: " << names.status().message() << "\n";
    return kExitFailed;
  }

  const TimePoint now = environment.clock->Now();
  int unreadable = 0;
  Json::Array list;
  for (const std::string& name : *names) {
    Result<xero::ConnectionInfo> info = (*tools)->manager().Describe(name);
    if (!info.ok()) {
      ++unreadable;
      err << "xerosync connections: " << name << ": " << info.status().message() << "\n";
      if (options.json_output) {
        Json c = Json::MakeObject();
        c.Set("name", Json::String(name));
        c.Set("error", Json::String(info.status().message()));
        list.push_back(std::move(c));
      }
      continue;
    }
    if (options.json_output) {
      list.push_back(AsJson(name, *info));
    } else {
      PrintText(name, *info, now, out);
    }
  }
  if (options.json_output) {
    Json body = Json::MakeObject();
    body.Set("connections", Json::MakeArray(std::move(list)));
    out << body.Serialize() << "\n";
  } else if (names->empty()) {
    out << "No connections in " << settings->DatabasePath()
        << ". Connect to Xero with: xerosync connect\n";
  }
  return unreadable == 0 ? kExitOk : kExitFailed;
}

int RunDisconnect(const DisconnectOptions& options, const CommandEnvironment& environment) {
  std::ostream& out = *environment.out;
  std::ostream& err = *environment.err;
  const auto fail = [&](const std::string& message, int exit_status) {
    err << "xerosync disconnect: " << message << "\n";
    return exit_status;
  };
  Result<ConnectionSettings> settings =
      ResolveConnectionSettings(options.connection, environment.getenv, /*need_app=*/true);
  if (!settings.ok()) return fail(settings.status().message(), kExitBadUsage);
  Result<std::unique_ptr<ConnectionTools>> tools =
      ConnectionTools::Open(*settings, "", environment);
  if (!tools.ok()) return fail(tools.status().message(), kExitBadUsage);
  xero::TokenManager& manager = (*tools)->manager();
  const std::string& name = settings->connection;

  Result<xero::ConnectionInfo> before = manager.Describe(name);
  if (!before.ok()) {
    if (before.status().code() == StatusCode::kNotFound) {
      return fail("there is no connection named '" + name + "' in " + settings->DatabasePath() +
                      " (list them with: xerosync connections)",
                  kExitFailed);
    }
    return fail(name + ": " + before.status().message(), kExitFailed);
  }

  if (options.tenant.empty()) {
    if (before->state == xero::ConnectionState::kDisconnected) {
      out << "'" << name << "' is already disconnected.\n";
      return kExitOk;
    }
    if (Status done = manager.DisconnectAll(name); !done.ok()) {
      return fail("disconnecting '" + name + "': " + done.message(), kExitFailed);
    }
    out << "Disconnected '" << name << "' from every organisation ("
        << (before->tenant_ids.empty() ? std::string("none left") : Organisations(*before))
        << ") and revoked its grant at Xero. Connect again with: xerosync connect --connection "
        << name << "\n";
    return kExitOk;
  }

  const std::optional<std::size_t> index = Find(*before, options.tenant);
  if (!index) {
    return fail("'" + name + "' has no organisation " + options.tenant +
                    " (it has: " + Organisations(*before) + ")",
                kExitFailed);
  }
  const std::string& tenant_id = before->tenant_ids[*index];
  const std::string organisation = Organisation(NameOf(*before, *index), tenant_id);
  if (Status done = manager.Disconnect(name, tenant_id); !done.ok()) {
    return fail("disconnecting " + organisation + " from '" + name + "': " + done.message(),
                kExitFailed);
  }
  Result<xero::ConnectionInfo> after = manager.Describe(name);
  if (!after.ok()) return fail(name + ": " + after.status().message(), kExitFailed);
  out << "Disconnected " << organisation << " from '" << name << "'";
  if (after->state == xero::ConnectionState::kDisconnected) {
    out << "; it was the last, so the grant was revoked at Xero and '" << name
        << "' is now disconnected.\n";
  } else {
    out << "; still connected: " << Organisations(*after) << "\n";
  }
  return kExitOk;
}

}  // namespace xerosync::cli
