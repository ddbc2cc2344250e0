// xerosync's command line. main() only wires subcommands to the functions that do the work.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>
#include <memory>

#include "cli/connect_command.h"
#include "cli/connections_command.h"
#include "cli/errors_show_command.h"
#include "cli/import_command.h"
#include "cli/mapping_commands.h"
#include "cli/serve_command.h"
#include "cli/sync_commands.h"
#include "cli/totals_command.h"
#include "xero/curl_transport.h"

namespace {
constexpr const char* kVersion = "0.1.0";

// The flags every connection command takes (docs/client-cli.md).
void AddConnectionFlags(CLI::App* command, xerosync::cli::ConnectionFlags& flags,
                        bool with_connection = true) {
  command->add_option("--client-id", flags.client_id,
                      "The Xero app's client id (else XEROSYNC_XERO_CLIENT_ID; the secret, if "
                      "any, only from XEROSYNC_XERO_CLIENT_SECRET)");
  command->add_option("--scopes", flags.scopes,
                      "granular (default; required of apps created since March 2026) or broad "
                      "(else XEROSYNC_XERO_SCOPES)");
  command->add_option("--xero-url", flags.xero_url,
                      "One base URL for Xero's login, identity and API hosts, e.g. the emulator's "
                      "(else XEROSYNC_XERO_URL; default: Xero itself)");
  command->add_option("--data-dir", flags.data_dir,
                      "Where xerosync keeps its data: the database <dir>/xerosync.db, with the "
                      "tokens encrypted in it (else XEROSYNC_DATA_DIR; default ./xerosync-data)");
  if (with_connection) {
    command->add_option("--connection", flags.connection,
                        "The connection's name (default: default)");
  }
}
}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"xerosync: keeps a business application's documents in sync with Xero"};
  app.require_subcommand(1);

  app.add_subcommand("version", "Print the version")->callback([] {
    std::cout << "xerosync " << kVersion << "\n";
  });

  xerosync::cli::TotalsOptions totals;
  int totals_status = 0;
  CLI::App* totals_cmd = app.add_subcommand(
      "totals",
      "Check documents in Xero's JSON and compute their totals as Xero does (line amounts and tax "
      "rounded per line to 2 dp, half away from zero)");
  totals_cmd
      ->add_option("documents", totals.documents_path,
                   "JSON file with an Invoices, CreditNotes or BankTransactions array")
      ->required();
  totals_cmd->add_option("--tax-rates", totals.tax_rates_path,
                         "JSON file with a TaxRates array (as GET /TaxRates returns)");
  totals_cmd->add_flag("--json", totals.json_output, "One JSON object per document");
  totals_cmd->callback([&] { totals_status = RunTotals(totals, std::cout, std::cerr); });

  // The connection commands' real side effects; the transport is made only when one runs.
  std::unique_ptr<xerosync::xero::CurlTransport> transport;
  xerosync::cli::CommandEnvironment environment;
  environment.out = &std::cout;
  environment.err = &std::cerr;
  environment.in = &std::cin;
  environment.stdin_is_terminal = isatty(STDIN_FILENO) == 1;
  environment.getenv = [](const char* name) { return std::getenv(name); };
  environment.clock = &xerosync::RealClock();
  const auto ready = [&]() -> const xerosync::cli::CommandEnvironment& {
    transport = xerosync::xero::CurlTransport::Create();
    environment.transport = transport.get();
    return environment;
  };
  int connection_status = 0;

  xerosync::cli::ConnectOptions connect;
  CLI::App* connect_cmd = app.add_subcommand(
      "connect",
      "Connect xerosync to Xero: prints an address to open in your browser, receives Xero's "
      "redirect on this machine and stores the tokens encrypted");
  AddConnectionFlags(connect_cmd, connect.connection);
  connect_cmd->add_option("--redirect-port", connect.redirect_port,
                          "Port of the redirect URI http://localhost:PORT/callback (default 8765)");
  connect_cmd->add_option("--redirect-uri", connect.redirect_uri,
                          "The redirect URI registered with the app, if not "
                          "http://localhost:PORT/callback (loopback http:// only)");
  int64_t timeout_seconds = 300;
  connect_cmd
      ->add_option("--timeout", timeout_seconds,
                   "Seconds to wait for the browser to come back (default 300)")
      ->check(CLI::PositiveNumber);
  connect_cmd->add_option("--tenant", connect.tenants,
                          "Keep only this organisation (tenant id or name; repeatable); the "
                          "others chosen on Xero's page are disconnected");
  connect_cmd->callback([&] {
    connect.timeout = std::chrono::seconds(timeout_seconds);
    connection_status = xerosync::cli::RunConnect(connect, ready());
  });

  xerosync::cli::ConnectionsOptions connections;
  CLI::App* connections_cmd = app.add_subcommand(
      "connections", "List the stored connections to Xero: state, organisations, token expiry");
  AddConnectionFlags(connections_cmd, connections.connection, /*with_connection=*/false);
  connections_cmd->add_flag("--json", connections.json_output, "One JSON object");
  connections_cmd->callback(
      [&] { connection_status = xerosync::cli::RunConnections(connections, ready()); });

  xerosync::cli::DisconnectOptions disconnect;
  CLI::App* disconnect_cmd = app.add_subcommand(
      "disconnect",
      "Disconnect one organisation (--tenant) or all of them, revoking the grant at Xero when "
      "none is left");
  AddConnectionFlags(disconnect_cmd, disconnect.connection);
  disconnect_cmd->add_option("--tenant", disconnect.tenant,
                             "The organisation's tenant id (default: every organisation)");
  disconnect_cmd->callback(
      [&] { connection_status = xerosync::cli::RunDisconnect(disconnect, ready()); });

  // The sync commands (docs/sync.md, "The command line").
  xerosync::cli::SyncOptions sync;
  CLI::App* sync_cmd = app.add_subcommand(
      "sync",
      "Sync now: send the pending documents of one organisation (--org) or of each to Xero");
  AddConnectionFlags(sync_cmd, sync.connection, /*with_connection=*/false);
  sync_cmd->add_option("--org", sync.org, "The organisation: tenant id or name (default: all)");
  sync_cmd->callback([&] { connection_status = xerosync::cli::RunSync(sync, ready()); });

  xerosync::cli::StatusOptions status;
  CLI::App* status_cmd = app.add_subcommand(
      "status", "Per organisation: connection, documents by state, sync figures, open errors");
  AddConnectionFlags(status_cmd, status.connection, /*with_connection=*/false);
  status_cmd->add_option("--org", status.org, "The organisation: tenant id or name (default: all)");
  status_cmd->add_option("--runs", status.runs, "How many of the last runs to show (default 5)")
      ->check(CLI::NonNegativeNumber);
  status_cmd->add_flag("--json", status.json_output, "One JSON object");
  status_cmd->callback([&] { connection_status = xerosync::cli::RunStatus(status, ready()); });

  CLI::App* errors_cmd = app.add_subcommand("errors", "Sync errors: list, show, retry, archive");
  errors_cmd->require_subcommand(1);
  xerosync::cli::ErrorsListOptions errors_list;
  CLI::App* errors_list_cmd = errors_cmd->add_subcommand(
      "list", "The sync errors: document, code, message, fix, Xero's own words");
  AddConnectionFlags(errors_list_cmd, errors_list.connection, /*with_connection=*/false);
  errors_list_cmd->add_option("--org", errors_list.org, "The organisation: tenant id or name");
  errors_list_cmd->add_option("--status", errors_list.status,
                              "open (default), resolved, archived or all");
  errors_list_cmd->add_option("--code", errors_list.code, "Only errors with this code");
  errors_list_cmd->add_flag("--json", errors_list.json_output, "One JSON object");
  errors_list_cmd->callback(
      [&] { connection_status = xerosync::cli::RunErrorsList(errors_list, ready()); });

  xerosync::cli::ErrorsRetryOptions errors_retry;
  CLI::App* errors_retry_cmd =
      errors_cmd->add_subcommand("retry", "Send the errors' documents again at the next sync");
  AddConnectionFlags(errors_retry_cmd, errors_retry.connection, /*with_connection=*/false);
  errors_retry_cmd->add_option("ids", errors_retry.ids, "Error ids (from xerosync errors list)");
  errors_retry_cmd->add_flag("--all", errors_retry.all, "Every open error");
  errors_retry_cmd->add_option("--org", errors_retry.org,
                               "With --all: only this organisation's (tenant id or name)");
  errors_retry_cmd->callback(
      [&] { connection_status = xerosync::cli::RunErrorsRetry(errors_retry, ready()); });

  xerosync::cli::ErrorsArchiveOptions errors_archive;
  CLI::App* errors_archive_cmd = errors_cmd->add_subcommand(
      "archive", "Archive an error: its document is not sent again until retried");
  AddConnectionFlags(errors_archive_cmd, errors_archive.connection, /*with_connection=*/false);
  errors_archive_cmd->add_option("id", errors_archive.id, "The error id")->required();
  errors_archive_cmd->add_option("--reason", errors_archive.reason, "Why (kept in the audit log)")
      ->required();
  errors_archive_cmd->callback(
      [&] { connection_status = xerosync::cli::RunErrorsArchive(errors_archive, ready()); });

  // The service: the scheduler and the REST API (docs/api.md).
  xerosync::cli::ServeOptions serve;
  CLI::App* serve_cmd = app.add_subcommand(
      "serve", "Run the service: automatic syncs and the REST API, until SIGINT or SIGTERM");
  AddConnectionFlags(serve_cmd, serve.connection, /*with_connection=*/false);
  serve_cmd->add_option("--listen", serve.listen,
                        "HOST:PORT to serve the API on (default 127.0.0.1:8080)");
  serve_cmd->add_flag("--allow-non-loopback", serve.allow_non_loopback,
                      "Listen on a non-loopback address (plain HTTP, no access control yet)");
  serve_cmd
      ->add_option("--sync-workers", serve.sync_workers,
                   "Threads running automatic syncs (default 2; 0: none)")
      ->check(CLI::NonNegativeNumber);
  serve_cmd->callback([&] { connection_status = xerosync::cli::RunServe(serve, ready()); });

  xerosync::cli::ErrorsShowOptions errors_show;
  CLI::App* errors_show_cmd = errors_cmd->add_subcommand(
      "show",
      "One error in full: message, Xero's words, the fix and where docs/errors.md explains it");
  AddConnectionFlags(errors_show_cmd, errors_show.connection, /*with_connection=*/false);
  errors_show_cmd->add_option("id", errors_show.id, "The error id")->required();
  errors_show_cmd->add_flag("--diagnostics", errors_show.diagnostics,
                            "Only the bundle to copy for support (no personal or secret values)");
  errors_show_cmd->callback(
      [&] { connection_status = xerosync::cli::RunErrorsShow(errors_show, ready()); });

  xerosync::cli::ImportOptions import;
  CLI::App* import_cmd = app.add_subcommand(
      "import",
      "Import documents from a CSV (Xero's sales invoice template columns) or JSON file into the "
      "store, for the next sync");
  AddConnectionFlags(import_cmd, import.connection, /*with_connection=*/false);
  import_cmd->add_option("file", import.file, "The .csv or .json file")->required();
  import_cmd->add_option("--org", import.org,
                         "The organisation: tenant id or name (needed when there are several)");
  import_cmd->add_flag("--dry-run", import.dry_run, "Check the file only; store nothing");
  import_cmd->add_option("--format", import.format, "csv or json (default: from the extension)");
  import_cmd->callback([&] { connection_status = xerosync::cli::RunImport(import, ready()); });

  // Mappings and the cached Xero settings (docs/errors.md, "Mappings").
  CLI::App* mappings_cmd = app.add_subcommand(
      "mappings", "Map the business app's codes to the organisation's Xero values");
  mappings_cmd->require_subcommand(1);
  xerosync::cli::MappingsOptions mappings;
  CLI::App* mappings_list_cmd = mappings_cmd->add_subcommand("list", "The organisation's mappings");
  CLI::App* mappings_set_cmd = mappings_cmd->add_subcommand(
      "set",
      "Map a value: KIND is account, tax_rate, currency, contact, tracking, default or "
      "setting");
  CLI::App* mappings_remove_cmd = mappings_cmd->add_subcommand("remove", "Remove a mapping");
  for (CLI::App* cmd : {mappings_list_cmd, mappings_set_cmd, mappings_remove_cmd}) {
    AddConnectionFlags(cmd, mappings.connection, /*with_connection=*/false);
    cmd->add_option("--org", mappings.org, "The organisation: tenant id or name");
  }
  mappings_list_cmd->add_flag("--json", mappings.json_output, "One JSON object");
  for (CLI::App* cmd : {mappings_set_cmd, mappings_remove_cmd}) {
    cmd->add_option("kind", mappings.kind,
                    "account, tax_rate, currency, contact, tracking, "
                    "default or setting")
        ->required();
    cmd->add_option("from", mappings.from,
                    "The business app's value (for default: sales_account, purchases_account, "
                    "sales_tax_rate, purchases_tax_rate or payment_account; for setting: "
                    "auto_create_contacts)")
        ->required();
  }
  mappings_set_cmd->add_option("to", mappings.to, "The Xero value")->required();
  mappings_set_cmd->add_flag("--force", mappings.force,
                             "Set it even if the cached Xero settings do not have it");
  mappings_list_cmd->callback(
      [&] { connection_status = xerosync::cli::RunMappingsList(mappings, ready()); });
  mappings_set_cmd->callback(
      [&] { connection_status = xerosync::cli::RunMappingsSet(mappings, ready()); });
  mappings_remove_cmd->callback(
      [&] { connection_status = xerosync::cli::RunMappingsRemove(mappings, ready()); });

  CLI::App* settings_cmd =
      app.add_subcommand("settings", "The organisation's Xero settings xerosync checks against");
  settings_cmd->require_subcommand(1);
  xerosync::cli::SettingsOptions settings;
  CLI::App* settings_show_cmd =
      settings_cmd->add_subcommand("show", "What is cached, since when, and warnings");
  CLI::App* settings_refresh_cmd = settings_cmd->add_subcommand(
      "refresh", "Read the settings from Xero now; re-queue the documents that depended on them");
  for (CLI::App* cmd : {settings_show_cmd, settings_refresh_cmd}) {
    AddConnectionFlags(cmd, settings.connection, /*with_connection=*/false);
    cmd->add_option("--org", settings.org, "The organisation: tenant id or name (default: all)");
  }
  settings_show_cmd->add_flag("--json", settings.json_output, "One JSON object");
  settings_show_cmd->callback(
      [&] { connection_status = xerosync::cli::RunSettingsShow(settings, ready()); });
  settings_refresh_cmd->callback(
      [&] { connection_status = xerosync::cli::RunSettingsRefresh(settings, ready()); });

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // Help is not an error; every usage error exits 2, as the commands' own do.
    return app.exit(e) == 0 ? 0 : 2;
  }
  return totals_status != 0 ? totals_status : connection_status;
}
