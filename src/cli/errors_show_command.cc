#include "cli/errors_show_command.h"

#include <ostream>
#include <string>

#include "cli/sync_commands.h"
#include "cli/sync_stack.h"
#include "rules/catalogue.h"
#include "sync/failures.h"
#include "xero/wire_time.h"

namespace xerosync::cli {

int RunErrorsShow(const ErrorsShowOptions& options, const CommandEnvironment& environment) {
  std::ostream& out = *environment.out;
  std::ostream& err = *environment.err;
  int exit_status = kExitOk;
  std::unique_ptr<ConnectionTools> tools = OpenSyncTools(options.connection, /*need_app=*/false,
                                                         environment, "errors show", exit_status);
  if (tools == nullptr) return exit_status;
  store::Store& store = tools->database();
  Result<store::SyncError> error = store.GetError(options.id);
  Result<store::Document> document =
      error.ok() ? store.GetDocument(error->document_id) : Result<store::Document>(error.status());
  if (!document.ok()) {
    err << "xerosync errors show: error #" << options.id << ": "
        << (document.status().code() == StatusCode::kNotFound ? std::string("no such error")
                                                              : document.status().message())
        << "\n";
    return kExitFailed;
  }
  if (options.diagnostics) {
    out << sync::DiagnosticsOf(*error, *document);
    return kExitOk;
  }
  const store::ErrorReport& report = error->report;
  const rules::CatalogueEntry* entry = rules::FindEntry(report.code);
  out << "Error #" << error->id << ": " << report.code;
  if (entry != nullptr) out << " (" << entry->title << ")";
  out << "\n  status: " << store::ErrorStatusName(error->status);
  if (!error->closed_reason.empty()) out << " (" << error->closed_reason << ")";
  out << "; seen " << error->attempts << " time(s), first "
      << xero::FormatIsoTimestamp(error->first_seen) << ", last "
      << xero::FormatIsoTimestamp(error->last_seen) << "\n";
  out << "  document: " << store::DocumentKindName(document->kind) << " " << document->host_id
      << " (" << store::DocumentStateName(document->state) << ")\n";
  out << "  message: " << report.message << "\n";
  for (const std::string& said : report.xero_messages) out << "  Xero said: " << said << "\n";
  out << "  fix: " << report.fix << "\n";
  if (report.correlation_id) out << "  Xero correlation id: " << *report.correlation_id << "\n";
  if (report.request) {
    out << "  request: " << report.request->method << " " << report.request->path << ", "
        << (report.request->http_status ? "answered " + std::to_string(*report.request->http_status)
                                        : std::string("no answer"))
        << ", " << report.request->documents << " document(s)\n";
  }
  out << "  explained in: docs/errors.md#" << report.code << "\n";
  out << "  for support: xerosync errors show " << error->id << " --diagnostics\n";
  return kExitOk;
}

}  // namespace xerosync::cli
