#pragma once
// The mapping and settings commands (docs/errors.md, "Mappings"; issue 6):
//
//   xerosync mappings list   [--org O] [--json]
//   xerosync mappings set    <kind> <from> <to> [--org O] [--force]
//   xerosync mappings remove <kind> <from> [--org O]
//   xerosync settings show   [--org O] [--json]
//   xerosync settings refresh [--org O]
//
// A mapping takes the business app's value (an account code, a tax code, a currency, a contact
// name, a tracking option) to the organisation's Xero value, or sets a default or a setting
// (rules/preflight.h, Mappings). `set` checks the Xero value against the cached settings (refused
// unless --force when the organisation does not have it), records it with the user in the audit
// log, and re-queues the failed documents whose errors depended on the mappings. `settings
// refresh` reads the organisation's settings from Xero now and re-queues what depended on them;
// `settings show` says what is cached and since when, and warns about what documents cannot use
// (an account without a code).
//
// Exit statuses as the sync commands' (sync_commands.h).

#include <string>

#include "cli/connection_settings.h"

namespace xerosync::cli {

struct MappingsOptions {
  ConnectionFlags connection;
  std::string org;  // needed when the store has several organisations
  std::string kind, from, to;
  bool force = false;  // set a value the cached settings do not know
  bool json_output = false;
};
int RunMappingsList(const MappingsOptions& options, const CommandEnvironment& environment);
int RunMappingsSet(const MappingsOptions& options, const CommandEnvironment& environment);
int RunMappingsRemove(const MappingsOptions& options, const CommandEnvironment& environment);

struct SettingsOptions {
  ConnectionFlags connection;
  std::string org;  // empty: every organisation
  bool json_output = false;
};
int RunSettingsShow(const SettingsOptions& options, const CommandEnvironment& environment);
int RunSettingsRefresh(const SettingsOptions& options, const CommandEnvironment& environment);

}  // namespace xerosync::cli
