#include "cli/sync_commands.h"

#include <algorithm>
#include <filesystem>
#include <optional>
#include <ostream>
#include <set>
#include <utility>

#include "cli/sync_stack.h"
#include "core/json.h"
#include "domain/ids.h"
#include "rules/catalogue.h"
#include "sync/engine.h"
#include "xero/token_manager.h"
#include "xero/wire_time.h"

namespace xerosync::cli {
namespace {

using Org = store::Organisation;

std::string Iso(TimePoint time) { return xero::FormatIsoTimestamp(time); }

// "1.250 s": a run's duration, in milliseconds' precision (integer arithmetic).
std::string Seconds(Duration duration) {
  const int64_t ms = std::chrono::duration_cast<std::chrono::milliseconds>(duration).count();
  std::string fraction = std::to_string(ms % 1000);
  fraction.insert(0, 3 - fraction.size(), '0');
  return std::to_string(ms / 1000) + "." + fraction + " s";
}

std::optional<Duration> RunDuration(const store::SyncRun& run) {
  if (!run.finished_at) return std::nullopt;
  return *run.finished_at - run.started_at;
}

// "75.0": succeeded / total as a percentage to one place, rounded half up (integers only).
std::string Percent(int64_t part, int64_t total) {
  if (total <= 0) return "0.0";
  const int64_t tenths = (part * 1000 + total / 2) / total;
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10);
}

std::string Counts(const store::RunCounts& c) {
  return "synced " + std::to_string(c.synced) + ", failed " + std::to_string(c.failed) +
         ", blocked " + std::to_string(c.blocked) + ", paused " + std::to_string(c.paused) + "; " +
         std::to_string(c.api_calls) + " API call(s)";
}

Json CountsJson(const store::RunCounts& c) {
  Json j = Json::MakeObject();
  j.Set("synced", Json::Integer(c.synced));
  j.Set("failed", Json::Integer(c.failed));
  j.Set("blocked", Json::Integer(c.blocked));
  j.Set("paused", Json::Integer(c.paused));
  j.Set("api_calls", Json::Integer(c.api_calls));
  return j;
}

Json RunJson(const store::SyncRun& run) {
  Json j = Json::MakeObject();
  j.Set("id", Json::Integer(run.id));
  j.Set("outcome", Json::String(std::string(store::RunOutcomeName(run.outcome))));
  j.Set("trigger", Json::String(std::string(store::RunTriggerName(run.trigger))));
  j.Set("started_at", Json::String(Iso(run.started_at)));
  j.Set("finished_at", run.finished_at ? Json::String(Iso(*run.finished_at)) : Json::Null());
  const std::optional<Duration> duration = RunDuration(run);
  j.Set("duration_ms",
        duration ? Json::Integer(
                       std::chrono::duration_cast<std::chrono::milliseconds>(*duration).count())
                 : Json::Null());
  j.Set("counts", CountsJson(run.counts));
  j.Set("joined", Json::Bool(run.joined));
  j.Set("detail", Json::String(run.detail));
  return j;
}

// "succeeded  manual  2026-01-02T03:04:05Z  1.250 s  synced 3, ..."
std::string RunLine(const store::SyncRun& run) {
  const std::optional<Duration> duration = RunDuration(run);
  std::string line =
      "#" + std::to_string(run.id) + " " + std::string(store::RunOutcomeName(run.outcome)) + ", " +
      std::string(store::RunTriggerName(run.trigger)) + ", started " + Iso(run.started_at) + ", " +
      (duration ? Seconds(*duration) : "running") + ": " + Counts(run.counts);
  if (!run.detail.empty()) line += " (" + run.detail + ")";
  return line;
}

std::string OrganisationText(const Org& org) { return Organisation(org.name, org.tenant.value()); }

// Every error the query matches, page by page.
Result<std::vector<store::SyncError>> AllErrors(store::Store& store, store::ErrorQuery query) {
  std::vector<store::SyncError> all;
  for (;;) {
    ASSIGN_OR_RETURN(std::vector<store::SyncError> page, store.ListErrors(query));
    if (page.empty()) break;
    query.after_id = page.back().id;
    const bool last = static_cast<int>(page.size()) < query.limit;
    std::move(page.begin(), page.end(), std::back_inserter(all));
    if (last) break;
  }
  return all;
}

Result<int64_t> OpenErrorCount(store::Store& store, const domain::TenantId& tenant) {
  store::ErrorQuery query;
  query.organisation = tenant;
  query.status = store::ErrorStatus::kOpen;
  ASSIGN_OR_RETURN(std::vector<store::SyncError> errors, AllErrors(store, std::move(query)));
  return static_cast<int64_t>(errors.size());
}

Json Strings(const std::vector<std::string>& values) {
  Json::Array items;
  for (const std::string& v : values) items.push_back(Json::String(v));
  return Json::MakeArray(std::move(items));
}

}  // namespace

std::string CliActor(const Getenv& getenv) {
  const char* user = getenv("USER");
  return std::string("cli:") + (user != nullptr && *user != '\0' ? user : "unknown");
}

std::unique_ptr<ConnectionTools> OpenSyncTools(const ConnectionFlags& flags, bool need_app,
                                               const CommandEnvironment& environment,
                                               std::string_view command, int& exit_status,
                                               bool may_create) {
  std::ostream& err = *environment.err;
  const auto fail = [&](const std::string& message) -> std::unique_ptr<ConnectionTools> {
    err << "xerosync " << command << ": " << message << "\n";
    exit_status = kExitBadUsage;
    return nullptr;
  };
  Result<ConnectionSettings> settings =
      ResolveConnectionSettings(flags, environment.getenv, need_app);
  if (!settings.ok()) return fail(settings.status().message());
  std::error_code ignored;
  if (!may_create && !std::filesystem::exists(settings->DatabasePath(), ignored)) {
    std::string message = "no xerosync database in " + settings->data_dir + " (looked for " +
                          settings->DatabasePath() +
                          "): connect an organisation first with `xerosync connect`, or name the "
                          "data directory with --data-dir or XEROSYNC_DATA_DIR";
    if (const std::string notice = LegacyTokenNotice(*settings); !notice.empty()) {
      message += "\n" + notice;
    }
    return fail(message);
  }
  Result<std::unique_ptr<ConnectionTools>> tools =
      ConnectionTools::Open(*settings, "", environment);
  if (!tools.ok()) return fail(tools.status().message());
  return std::move(*tools);
}

Result<std::vector<Org>> SelectOrganisations(store::Store& store, std::string_view org) {
  ASSIGN_OR_RETURN(std::vector<Org> all, store.ListOrganisations());
  if (org.empty()) return all;
  for (const Org& o : all) {
    if (o.tenant.value() == org) return std::vector<Org>{o};
  }
  for (const Org& o : all) {
    if (!o.name.empty() && EqualsIgnoringCase(o.name, org)) return std::vector<Org>{o};
  }
  std::string known;
  for (const Org& o : all) known += (known.empty() ? "" : ", ") + OrganisationText(o);
  return NotFoundError("no organisation '" + std::string(org) + "' in the database (" +
                       (known.empty() ? std::string("none: connect one with `xerosync connect`")
                                      : "known: " + known) +
                       ")");
}

int RunSync(const SyncOptions& options, const CommandEnvironment& environment) {
  std::ostream& out = *environment.out;
  std::ostream& err = *environment.err;
  int exit_status = kExitOk;
  std::unique_ptr<ConnectionTools> tools =
      OpenSyncTools(options.connection, /*need_app=*/true, environment, "sync", exit_status);
  if (tools == nullptr) return exit_status;
  Result<std::vector<Org>> organisations = SelectOrganisations(tools->database(), options.org);
  if (!organisations.ok()) {
    err << "xerosync sync: " << organisations.status().message() << "\n";
    return kExitFailed;
  }
  if (organisations->empty()) {
    out << "No organisations to sync: connect one with `xerosync connect`.\n";
    return kExitOk;
  }
  for (const Org& org : *organisations) {
    Result<sync::RunReport> report =
        tools->stack().engine().RunOnce(org.tenant, store::RunTrigger::kManual);
    if (!report.ok()) {
      err << "xerosync sync: " << OrganisationText(org) << ": " << report.status().message()
          << "\n";
      exit_status = kExitFailed;
      continue;
    }
    const store::SyncRun& run = report->run;
    out << OrganisationText(org) << "\n  " << RunLine(run) << "\n";
    if (report->joined) out << "  (joined the sync already running)\n";
    switch (run.outcome) {
      case store::RunOutcome::kSucceeded:
        break;
      case store::RunOutcome::kPaused:
        out << "  paused: reconnect with `xerosync connect` if the connection lapsed; the "
               "documents resume by themselves\n";
        exit_status = kExitFailed;
        break;
      case store::RunOutcome::kPartial:
      case store::RunOutcome::kFailed:
        out << "  see what failed and how to fix it: xerosync errors list --org "
            << org.tenant.value() << "\n";
        exit_status = kExitFailed;
        break;
      default:
        exit_status = kExitFailed;
        break;
    }
  }
  return exit_status;
}

int RunStatus(const StatusOptions& options, const CommandEnvironment& environment) {
  std::ostream& out = *environment.out;
  std::ostream& err = *environment.err;
  int exit_status = kExitOk;
  std::unique_ptr<ConnectionTools> tools =
      OpenSyncTools(options.connection, /*need_app=*/false, environment, "status", exit_status);
  if (tools == nullptr) return exit_status;
  store::Store& store = tools->database();
  Result<std::vector<Org>> organisations = SelectOrganisations(store, options.org);
  if (!organisations.ok()) {
    err << "xerosync status: " << organisations.status().message() << "\n";
    return kExitFailed;
  }
  const TimePoint now = environment.clock->Now();
  Json::Array list;
  for (const Org& org : *organisations) {
    const auto failed = [&](const Status& status) {
      err << "xerosync status: " << OrganisationText(org) << ": " << status.message() << "\n";
      exit_status = kExitFailed;
    };
    Result<std::array<int64_t, store::kDocumentStateCount>> counts = store.CountByState(org.tenant);
    Result<store::RunSummary> summary = store.SummarizeRuns(org.tenant);
    Result<std::vector<store::SyncRun>> runs = store.ListRuns(org.tenant, 0, options.runs);
    Result<int64_t> open_errors = OpenErrorCount(store, org.tenant);
    if (!counts.ok()) failed(counts.status());
    if (!summary.ok()) failed(summary.status());
    if (!runs.ok()) failed(runs.status());
    if (!open_errors.ok()) failed(open_errors.status());
    if (!counts.ok() || !summary.ok() || !runs.ok() || !open_errors.ok()) continue;
    // A connection that cannot be read is shown as such: the rest is still worth seeing.
    Result<xero::ConnectionInfo> connection = tools->manager().Describe(org.connection_id);
    const std::string connection_state =
        connection.ok() ? std::string(xero::ConnectionStateName(connection->state))
        : connection.status().code() == StatusCode::kNotFound ? "missing"
                                                              : "unreadable";
    const std::string connection_reason =
        connection.ok() ? connection->reason : connection.status().message();

    if (options.json_output) {
      Json o = Json::MakeObject();
      o.Set("tenant_id", Json::String(org.tenant.value()));
      o.Set("name", Json::String(org.name));
      Json c = Json::MakeObject();
      c.Set("name", Json::String(org.connection_id));
      c.Set("state", Json::String(connection_state));
      c.Set("reason", Json::String(connection_reason));
      o.Set("connection", std::move(c));
      o.Set("paused_reason", org.paused_reason ? Json::String(*org.paused_reason) : Json::Null());
      o.Set("paused_until", org.paused_until ? Json::String(Iso(*org.paused_until)) : Json::Null());
      const rules::CatalogueEntry* pause =
          org.paused_code ? rules::FindEntry(*org.paused_code) : nullptr;
      o.Set("paused_code", org.paused_code ? Json::String(*org.paused_code) : Json::Null());
      o.Set("paused_title", pause ? Json::String(std::string(pause->title)) : Json::Null());
      o.Set("paused_fix", pause ? Json::String(rules::FormatFix(*pause, {})) : Json::Null());
      Json documents = Json::MakeObject();
      for (int s = 0; s < store::kDocumentStateCount; ++s) {
        documents.Set(std::string(store::DocumentStateName(static_cast<store::DocumentState>(s))),
                      Json::Integer((*counts)[s]));
      }
      o.Set("documents", std::move(documents));
      o.Set("open_errors", Json::Integer(*open_errors));
      Json syncs = Json::MakeObject();
      syncs.Set("total", Json::Integer(summary->total));
      syncs.Set("succeeded", Json::Integer(summary->succeeded));
      syncs.Set("success_rate_percent",
                summary->total > 0
                    ? Json::NumberFromText(Percent(summary->succeeded, summary->total)).value()
                    : Json::Null());
      syncs.Set("last_finished",
                summary->last_finished ? Json::String(Iso(*summary->last_finished)) : Json::Null());
      Json::Array last;
      for (const store::SyncRun& run : *runs) last.push_back(RunJson(run));
      syncs.Set("last_runs", Json::MakeArray(std::move(last)));
      o.Set("syncs", std::move(syncs));
      list.push_back(std::move(o));
      continue;
    }

    out << OrganisationText(org) << "\n";
    out << "  connection '" << org.connection_id << "': " << connection_state;
    if (!connection_reason.empty()) out << " (" << connection_reason << ")";
    out << "\n";
    if (org.paused_reason) {
      out << "  paused: " << *org.paused_reason;
      if (org.paused_until) {
        out << " until " << Iso(*org.paused_until) << " (" << Relative(*org.paused_until, now)
            << ")";
      }
      out << "\n";
      if (const rules::CatalogueEntry* pause =
              org.paused_code ? rules::FindEntry(*org.paused_code) : nullptr) {
        out << "  why: " << pause->title << " (" << pause->code << ", docs/errors.md#"
            << pause->code << ")\n  fix: " << rules::FormatFix(*pause, {}) << "\n";
      }
    }
    out << "  documents:";
    for (int s = 0; s < store::kDocumentStateCount; ++s) {
      out << (s == 0 ? " " : ", ") << store::DocumentStateName(static_cast<store::DocumentState>(s))
          << " " << (*counts)[s];
    }
    out << "\n  open errors: " << *open_errors;
    if (*open_errors > 0) out << " (xerosync errors list --org " << org.tenant.value() << ")";
    out << "\n  syncs: " << summary->total << " in total, ";
    if (summary->total > 0) {
      out << Percent(summary->succeeded, summary->total) << "% succeeded";
    } else {
      out << "none finished yet";
    }
    if (summary->last_finished) {
      out << "; last finished " << Iso(*summary->last_finished) << " ("
          << (*summary->last_finished + std::chrono::seconds(1) > now
                  ? std::string("just now")
                  : Relative(*summary->last_finished, now))
          << ")";
    }
    out << "\n";
    if (!runs->empty()) {
      out << "  last " << runs->size() << " run(s), newest first:\n";
      for (const store::SyncRun& run : *runs) out << "    " << RunLine(run) << "\n";
    }
  }
  if (options.json_output) {
    Json body = Json::MakeObject();
    body.Set("organisations", Json::MakeArray(std::move(list)));
    out << body.Serialize() << "\n";
  } else if (organisations->empty()) {
    out << "No organisations yet: connect one with `xerosync connect`.\n";
  }
  return exit_status;
}

int RunErrorsList(const ErrorsListOptions& options, const CommandEnvironment& environment) {
  std::ostream& out = *environment.out;
  std::ostream& err = *environment.err;
  store::ErrorQuery query;
  if (!options.status.empty() && options.status != "all") {
    query.status = store::ParseErrorStatus(options.status);
    if (!query.status) {
      err << "xerosync errors list: --status must be open, resolved, archived or all; it is '"
          << options.status << "'\n";
      return kExitBadUsage;
    }
  }
  if (!options.code.empty()) query.code = options.code;
  int exit_status = kExitOk;
  std::unique_ptr<ConnectionTools> tools = OpenSyncTools(options.connection, /*need_app=*/false,
                                                         environment, "errors list", exit_status);
  if (tools == nullptr) return exit_status;
  store::Store& store = tools->database();
  Result<std::vector<Org>> organisations = SelectOrganisations(store, options.org);
  if (!organisations.ok()) {
    err << "xerosync errors list: " << organisations.status().message() << "\n";
    return kExitFailed;
  }
  if (!options.org.empty()) query.organisation = organisations->front().tenant;
  std::map<domain::TenantId, std::string> names;
  for (const Org& o : *organisations) names[o.tenant] = OrganisationText(o);

  Result<std::vector<store::SyncError>> errors = AllErrors(store, query);
  if (!errors.ok()) {
    err << "xerosync errors list: " << errors.status().message() << "\n";
    return kExitFailed;
  }
  Json::Array list;
  for (const store::SyncError& e : *errors) {
    Result<store::Document> document = store.GetDocument(e.document_id);
    const std::string kind =
        document.ok() ? std::string(store::DocumentKindName(document->kind)) : "?";
    const std::string host_id = document.ok() ? document->host_id : "?";
    const std::string state =
        document.ok() ? std::string(store::DocumentStateName(document->state)) : "?";
    if (options.json_output) {
      Json j = Json::MakeObject();
      j.Set("id", Json::Integer(e.id));
      j.Set("tenant_id", Json::String(e.organisation.value()));
      j.Set("status", Json::String(std::string(store::ErrorStatusName(e.status))));
      Json d = Json::MakeObject();
      d.Set("id", Json::Integer(e.document_id));
      d.Set("kind", Json::String(kind));
      d.Set("host_id", Json::String(host_id));
      d.Set("state", Json::String(state));
      j.Set("document", std::move(d));
      j.Set("code", Json::String(e.report.code));
      j.Set("message", Json::String(e.report.message));
      j.Set("fix", Json::String(e.report.fix));
      j.Set("xero_messages", Strings(e.report.xero_messages));
      j.Set("first_seen", Json::String(Iso(e.first_seen)));
      j.Set("last_seen", Json::String(Iso(e.last_seen)));
      j.Set("attempts", Json::Integer(e.attempts));
      j.Set("closed_reason", Json::String(e.closed_reason));
      j.Set("closed_by", Json::String(e.closed_by));
      list.push_back(std::move(j));
      continue;
    }
    const auto name = names.find(e.organisation);
    out << "#" << e.id << " " << store::ErrorStatusName(e.status) << "  " << kind << " " << host_id
        << " (" << state << ")  " << (name != names.end() ? name->second : e.organisation.value())
        << "\n";
    out << "  " << e.report.code << ": " << e.report.message << "\n";
    if (!e.report.fix.empty()) out << "  fix: " << e.report.fix << "\n";
    for (const std::string& said : e.report.xero_messages) out << "  Xero said: " << said << "\n";
    out << "  first seen " << Iso(e.first_seen) << ", last seen " << Iso(e.last_seen) << ", "
        << e.attempts << " time(s)\n";
    if (e.status != store::ErrorStatus::kOpen) {
      out << "  " << store::ErrorStatusName(e.status) << ": " << e.closed_reason;
      if (!e.closed_by.empty()) out << " (by " << e.closed_by << ")";
      out << "\n";
    }
  }
  if (options.json_output) {
    Json body = Json::MakeObject();
    body.Set("errors", Json::MakeArray(std::move(list)));
    out << body.Serialize() << "\n";
  } else if (errors->empty()) {
    out << "No " << (query.status ? std::string(store::ErrorStatusName(*query.status)) + " " : "")
        << "errors.\n";
  }
  return kExitOk;
}

int RunErrorsRetry(const ErrorsRetryOptions& options, const CommandEnvironment& environment) {
  std::ostream& out = *environment.out;
  std::ostream& err = *environment.err;
  if (options.all == !options.ids.empty()) {
    err << "xerosync errors retry: give error ids (from `xerosync errors list`) or --all\n";
    return kExitBadUsage;
  }
  if (!options.all && !options.org.empty()) {
    err << "xerosync errors retry: --org goes with --all (error ids name their organisation)\n";
    return kExitBadUsage;
  }
  int exit_status = kExitOk;
  std::unique_ptr<ConnectionTools> tools = OpenSyncTools(options.connection, /*need_app=*/false,
                                                         environment, "errors retry", exit_status);
  if (tools == nullptr) return exit_status;
  store::Store& store = tools->database();
  const auto fail = [&](const std::string& message) {
    err << "xerosync errors retry: " << message << "\n";
    return kExitFailed;
  };

  std::vector<store::SyncError> errors;
  if (options.all) {
    store::ErrorQuery query;
    query.status = store::ErrorStatus::kOpen;
    if (!options.org.empty()) {
      Result<std::vector<Org>> org = SelectOrganisations(store, options.org);
      if (!org.ok()) return fail(org.status().message());
      query.organisation = org->front().tenant;
    }
    Result<std::vector<store::SyncError>> open = AllErrors(store, query);
    if (!open.ok()) return fail(open.status().message());
    errors = std::move(*open);
  } else {
    for (const int64_t id : options.ids) {
      Result<store::SyncError> e = store.GetError(id);
      if (!e.ok()) {
        exit_status = kExitFailed;
        err << "xerosync errors retry: error #" << id << ": "
            << (e.status().code() == StatusCode::kNotFound ? "no such error" : e.status().message())
            << "\n";
        continue;
      }
      errors.push_back(std::move(*e));
    }
  }

  std::vector<int64_t> documents;
  std::set<int64_t> seen;
  for (const store::SyncError& e : errors) {
    if (!seen.insert(e.document_id).second) continue;
    Result<store::Document> document = store.GetDocument(e.document_id);
    if (!document.ok()) return fail(document.status().message());
    if (document->state != store::DocumentState::kFailed &&
        document->state != store::DocumentState::kArchived) {
      out << "Error #" << e.id << ": " << store::DocumentKindName(document->kind) << " "
          << document->host_id << " is " << store::DocumentStateName(document->state)
          << ", nothing to retry.\n";
      continue;
    }
    documents.push_back(e.document_id);
  }
  if (!documents.empty()) {
    if (Status done =
            store.RetryDocuments(documents, CliActor(environment.getenv), environment.clock->Now());
        !done.ok()) {
      return fail(done.message());
    }
  }
  out << "Retrying " << documents.size()
      << " document(s): they are pending again and go to Xero at the next sync (xerosync "
         "sync).\n";
  return exit_status;
}

int RunErrorsArchive(const ErrorsArchiveOptions& options, const CommandEnvironment& environment) {
  std::ostream& out = *environment.out;
  std::ostream& err = *environment.err;
  if (options.reason.empty()) {
    err << "xerosync errors archive: say why with --reason (it is kept in the audit log)\n";
    return kExitBadUsage;
  }
  int exit_status = kExitOk;
  std::unique_ptr<ConnectionTools> tools = OpenSyncTools(
      options.connection, /*need_app=*/false, environment, "errors archive", exit_status);
  if (tools == nullptr) return exit_status;
  store::Store& store = tools->database();
  if (Status done = store.ArchiveError(options.id, options.reason, CliActor(environment.getenv),
                                       environment.clock->Now());
      !done.ok()) {
    err << "xerosync errors archive: error #" << options.id << ": "
        << (done.code() == StatusCode::kNotFound ? std::string("no such error") : done.message())
        << "\n";
    return kExitFailed;
  }
  out << "Archived error #" << options.id
      << "; its document is not sent again until you retry it (xerosync errors retry " << options.id
      << ").\n";
  return kExitOk;
}

}  // namespace xerosync::cli
