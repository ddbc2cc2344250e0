#include "cli/mapping_commands.h"

#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "cli/sync_commands.h"
#include "cli/sync_stack.h"
#include "core/json.h"
#include "sync/prepare.h"
#include "sync/settings.h"
#include "xero/wire_time.h"

namespace xerosync::cli {
namespace {

using Org = store::Organisation;

// The tools and the one organisation a mapping command acts on. On failure prints
// "xerosync <command>: <why>", sets `exit_status` and returns false.
struct OneOrganisation {
  std::unique_ptr<ConnectionTools> tools;
  Org org;
};
std::optional<OneOrganisation> OpenOne(const ConnectionFlags& flags, std::string_view org,
                                       const CommandEnvironment& environment,
                                       std::string_view command, int& exit_status) {
  std::unique_ptr<ConnectionTools> tools =
      OpenSyncTools(flags, /*need_app=*/false, environment, command, exit_status);
  if (tools == nullptr) return std::nullopt;
  std::ostream& err = *environment.err;
  Result<std::vector<Org>> organisations = SelectOrganisations(tools->database(), org);
  if (!organisations.ok()) {
    err << "xerosync " << command << ": " << organisations.status().message() << "\n";
    exit_status = kExitFailed;
    return std::nullopt;
  }
  if (organisations->size() != 1) {
    err << "xerosync " << command << ": "
        << (organisations->empty() ? "no organisation is connected: connect one first"
                                   : "several organisations are connected: name one with --org")
        << "\n";
    exit_status = organisations->empty() ? kExitFailed : kExitBadUsage;
    return std::nullopt;
  }
  return OneOrganisation{std::move(tools), std::move(organisations->front())};
}

std::string OrgText(const Org& org) { return Organisation(org.name, org.tenant.value()); }

// Sets (or with an empty `to`, removes) the mapping, then re-queues what depended on it.
int SetMapping(const MappingsOptions& options, const std::string& to,
               const CommandEnvironment& environment, std::string_view command) {
  std::ostream& out = *environment.out;
  std::ostream& err = *environment.err;
  // The rules say which kinds, defaults and settings exist.
  if (rules::Mappings probe; !to.empty()) {
    if (Status valid = probe.Set(options.kind, options.from, to); !valid.ok()) {
      err << "xerosync " << command << ": " << valid.message() << "\n";
      return kExitBadUsage;
    }
  }
  int exit_status = kExitOk;
  std::optional<OneOrganisation> one =
      OpenOne(options.connection, options.org, environment, command, exit_status);
  if (!one) return exit_status;
  store::Store& store = one->tools->database();
  const domain::TenantId& tenant = one->org.tenant;
  Result<rules::Settings> cached = sync::CachedSettingsOf(store, tenant);
  if (!cached.ok()) {
    err << "xerosync " << command << ": " << cached.status().message() << "\n";
    return kExitFailed;
  }
  const rules::Reference reference = rules::Reference::Build(std::move(*cached));
  if (Status target = sync::CheckMappingTarget(reference, options.kind, options.from, to);
      !target.ok() && !options.force) {
    err << "xerosync " << command << ": " << target.message()
        << " (as last read from Xero: `xerosync settings refresh` reads it again; --force sets "
           "it anyway)\n";
    return kExitFailed;
  }
  const TimePoint now = environment.clock->Now();
  if (Status set = store.SetMapping(tenant, {options.kind, options.from, to},
                                    CliActor(environment.getenv), now);
      !set.ok()) {
    err << "xerosync " << command << ": " << set.message() << "\n";
    return kExitFailed;
  }
  Result<int64_t> released = store.ReleaseAfterRelevantChange(tenant, now);
  if (!released.ok()) {
    err << "xerosync " << command << ": " << released.status().message() << "\n";
    return kExitFailed;
  }
  if (to.empty()) {
    out << "Removed the " << options.kind << " mapping of '" << options.from << "'";
  } else {
    out << "Mapped " << options.kind << " '" << options.from << "' to '" << to << "'";
  }
  out << " for " << OrgText(one->org) << ". " << *released
      << " failed document(s) re-queued; they are sent at the next sync (xerosync sync).\n";
  return kExitOk;
}

std::string FetchedText(const std::optional<store::CachedSettings>& cached) {
  return cached ? "read " + xero::FormatIsoTimestamp(cached->fetched_at) : "never read";
}

template <typename T>
std::size_t CountOf(const std::optional<std::vector<T>>& values) {
  return values ? values->size() : 0;
}

void PrintWarnings(const std::vector<store::ErrorReport>& warnings, std::ostream& out) {
  for (const store::ErrorReport& w : warnings) {
    out << "  warning [" << w.code << "] " << w.message << "\n    fix: " << w.fix << "\n";
  }
}

}  // namespace

int RunMappingsList(const MappingsOptions& options, const CommandEnvironment& environment) {
  int exit_status = kExitOk;
  std::optional<OneOrganisation> one =
      OpenOne(options.connection, options.org, environment, "mappings list", exit_status);
  if (!one) return exit_status;
  Result<std::vector<store::Mapping>> mappings =
      one->tools->database().ListMappings(one->org.tenant);
  if (!mappings.ok()) {
    *environment.err << "xerosync mappings list: " << mappings.status().message() << "\n";
    return kExitFailed;
  }
  std::ostream& out = *environment.out;
  if (options.json_output) {
    Json list = Json::MakeArray();
    for (const store::Mapping& m : *mappings) {
      list.Append(Json::MakeObject({{"kind", Json::String(m.kind)},
                                    {"from", Json::String(m.from)},
                                    {"to", Json::String(m.to)}}));
    }
    out << Json::MakeObject(
               {{"tenant", Json::String(one->org.tenant.value())}, {"mappings", std::move(list)}})
               .Serialize()
        << "\n";
    return kExitOk;
  }
  out << OrgText(one->org) << ": " << mappings->size() << " mapping(s)\n";
  for (const store::Mapping& m : *mappings) {
    out << "  " << m.kind << "  '" << m.from << "' -> '" << m.to << "'\n";
  }
  return kExitOk;
}

int RunMappingsSet(const MappingsOptions& options, const CommandEnvironment& environment) {
  if (options.to.empty()) {
    *environment.err << "xerosync mappings set: give the Xero value (or use mappings remove)\n";
    return kExitBadUsage;
  }
  return SetMapping(options, options.to, environment, "mappings set");
}

int RunMappingsRemove(const MappingsOptions& options, const CommandEnvironment& environment) {
  return SetMapping(options, "", environment, "mappings remove");
}

int RunSettingsShow(const SettingsOptions& options, const CommandEnvironment& environment) {
  int exit_status = kExitOk;
  std::unique_ptr<ConnectionTools> tools = OpenSyncTools(options.connection, /*need_app=*/false,
                                                         environment, "settings show", exit_status);
  if (tools == nullptr) return exit_status;
  std::ostream& out = *environment.out;
  std::ostream& err = *environment.err;
  store::Store& store = tools->database();
  Result<std::vector<Org>> organisations = SelectOrganisations(store, options.org);
  if (!organisations.ok()) {
    err << "xerosync settings show: " << organisations.status().message() << "\n";
    return kExitFailed;
  }
  Json all = Json::MakeArray();
  for (const Org& org : *organisations) {
    Result<rules::Settings> cached = sync::CachedSettingsOf(store, org.tenant);
    Result<std::optional<store::CachedSettings>> accounts =
        store.GetSettings(org.tenant, "accounts");
    if (!cached.ok() || !accounts.ok()) {
      err << "xerosync settings show: " << OrgText(org) << ": "
          << (cached.ok() ? accounts.status() : cached.status()).message() << "\n";
      return kExitFailed;
    }
    const std::size_t counts[] = {CountOf(cached->accounts), CountOf(cached->tax_rates),
                                  CountOf(cached->currencies), CountOf(cached->contacts),
                                  CountOf(cached->tracking_categories)};
    const std::vector<store::ErrorReport> warnings =
        sync::SettingsWarnings(rules::Reference::Build(std::move(*cached)));
    if (options.json_output) {
      Json w = Json::MakeArray();
      for (const store::ErrorReport& r : warnings) {
        w.Append(Json::MakeObject({{"code", Json::String(r.code)},
                                   {"message", Json::String(r.message)},
                                   {"fix", Json::String(r.fix)}}));
      }
      all.Append(Json::MakeObject(
          {{"tenant", Json::String(org.tenant.value())},
           {"fetched_at", *accounts
                              ? Json::String(xero::FormatIsoTimestamp((*accounts)->fetched_at))
                              : Json::Null()},
           {"accounts", Json::Integer(static_cast<int64_t>(counts[0]))},
           {"tax_rates", Json::Integer(static_cast<int64_t>(counts[1]))},
           {"currencies", Json::Integer(static_cast<int64_t>(counts[2]))},
           {"contacts", Json::Integer(static_cast<int64_t>(counts[3]))},
           {"tracking_categories", Json::Integer(static_cast<int64_t>(counts[4]))},
           {"warnings", std::move(w)}}));
      continue;
    }
    out << OrgText(org) << ": " << FetchedText(*accounts) << "; " << counts[0] << " accounts, "
        << counts[1] << " tax rates, " << counts[2] << " currencies, " << counts[3] << " contacts, "
        << counts[4] << " tracking categories\n";
    PrintWarnings(warnings, out);
  }
  if (options.json_output) {
    out << Json::MakeObject({{"organisations", std::move(all)}}).Serialize() << "\n";
  }
  return kExitOk;
}

int RunSettingsRefresh(const SettingsOptions& options, const CommandEnvironment& environment) {
  int exit_status = kExitOk;
  std::unique_ptr<ConnectionTools> tools = OpenSyncTools(
      options.connection, /*need_app=*/true, environment, "settings refresh", exit_status);
  if (tools == nullptr) return exit_status;
  std::ostream& out = *environment.out;
  std::ostream& err = *environment.err;
  Result<std::vector<Org>> organisations = SelectOrganisations(tools->database(), options.org);
  if (!organisations.ok()) {
    err << "xerosync settings refresh: " << organisations.status().message() << "\n";
    return kExitFailed;
  }
  for (const Org& org : *organisations) {
    Result<sync::SettingsRefresh> refreshed =
        tools->stack().engine().RefreshSettingsNow(org.tenant);
    if (!refreshed.ok()) {
      err << "xerosync settings refresh: " << OrgText(org) << ": " << refreshed.status().message()
          << "\n";
      exit_status = kExitFailed;
      continue;
    }
    out << OrgText(org) << ": settings read from Xero; " << refreshed->kinds_changed
        << " kind(s) changed; " << refreshed->released
        << " failed document(s) re-queued for the next sync\n";
    PrintWarnings(refreshed->warnings, out);
  }
  return exit_status;
}

}  // namespace xerosync::cli
