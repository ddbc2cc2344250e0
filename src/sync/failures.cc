#include "sync/failures.h"

#include <cctype>
#include <utility>

#include "rules/catalogue.h"
#include "rules/diagnostics.h"
#include "rules/statuses.h"
#include "sync/reports.h"

namespace xerosync::sync {
namespace {

// "... HTTP 503: The Organisation is Offline" -> 503 and what follows; nullopt without one.
std::optional<int> HttpStatusIn(std::string_view message, std::string_view& rest) {
  constexpr std::string_view kMarker = "HTTP ";
  const std::size_t at = message.find(kMarker);
  if (at == std::string_view::npos) return std::nullopt;
  std::size_t i = at + kMarker.size();
  int status = 0;
  const std::size_t first = i;
  while (i < message.size() && std::isdigit(static_cast<unsigned char>(message[i])) != 0) {
    status = status * 10 + (message[i++] - '0');
  }
  if (i == first || i - first > 3) return std::nullopt;
  rest = message.substr(i);
  if (rest.starts_with(": ")) rest.remove_prefix(2);
  return status;
}

// The client refuses a connection the user must connect again, in the token manager's words:
// "connection <id> is <state>: <reason>" (xero/token_manager.h, ConnectionStateName).
std::string_view NotConnectedCode(std::string_view message) {
  if (message.find(" is expired") != std::string_view::npos) return "connection.expired";
  if (message.find(" is revoked") != std::string_view::npos) return "connection.revoked";
  if (message.find("offline_access") != std::string_view::npos) return "connection.missing_scope";
  return "connection.not_connected";
}

std::string Quoted(const std::optional<std::string>& value) { return value ? *value : "-"; }

}  // namespace

std::string_view CodeOfFailure(const Status& status, std::optional<int> http_status, bool parked) {
  if (status.code() == StatusCode::kResourceExhausted && parked) return "rate_limit.day";
  std::string_view rest = status.message();
  const std::optional<int> answered = HttpStatusIn(status.message(), rest);
  if (!http_status && !answered) {
    // Refused before sending, or no answer at all.
    if (status.code() == StatusCode::kFailedPrecondition) {
      return NotConnectedCode(status.message());
    }
    if (status.code() == StatusCode::kResourceExhausted) return "rate_limit.minute";
    if (status.code() == StatusCode::kDataLoss) return "xero.unexpected";  // an unreadable 200
    return "xero.unavailable";
  }
  rules::XeroAnswer answer;
  answer.http_status = http_status.value_or(answered.value_or(0));
  answer.detail = rest;
  answer.body = rest;
  // A 200 that could not be mapped back to the documents is Xero's (or our) surprise.
  if (answer.http_status == 200) return "xero.unexpected";
  return rules::CodeForXeroAnswer(answer);
}

store::RequestSummary SummaryOf(std::string_view method, std::string_view url,
                                std::optional<int> http_status, std::size_t count) {
  store::RequestSummary summary;
  summary.method = std::string(method);
  summary.path = url.empty() ? std::string() : rules::RequestPath(url);
  summary.http_status = http_status;
  summary.documents = static_cast<int64_t>(count);
  return summary;
}

store::ErrorReport WithRequest(store::ErrorReport report, const RequestFailure& failure) {
  report.correlation_id = failure.correlation_id;
  report.request = failure.request;
  return report;
}

std::string DiagnosticsOf(const store::SyncError& error, const store::Document& document) {
  rules::DiagnosticsInput input;
  input.error_id = error.id;
  input.code = error.report.code;
  input.organisation = error.organisation.value();
  input.status = store::ErrorStatusName(error.status);
  input.first_seen = error.first_seen;
  input.last_seen = error.last_seen;
  input.attempts = error.attempts;
  input.document_kind = store::DocumentKindName(document.kind);
  input.document_host_id = document.host_id;
  if (error.report.correlation_id) input.correlation_id = *error.report.correlation_id;
  if (const std::optional<store::RequestSummary>& r = error.report.request) {
    input.request = rules::RequestSummary{r->method, r->path, r->http_status, r->documents};
  }
  return rules::DiagnosticsBundle(input);
}

Result<store::DocumentOutcomeRecord> TransientOutcome(store::Store& store,
                                                      const store::Document& document,
                                                      const RequestFailure& failure,
                                                      RetryPolicy& policy, std::mutex& mu,
                                                      TimePoint now) {
  const int tries = document.tries + 1;
  Duration delay{};
  bool show = false;
  {
    std::lock_guard lock(mu);
    delay = policy.DelayAfter(tries);
    show = policy.ShowAsError(tries);
  }
  if (show) {
    RETURN_IF_ERROR(store
                        .OpenError(document.organisation, document.id,
                                   FailureReport(document, failure, tries), now)
                        .status());
  }
  store::DocumentOutcomeRecord outcome;
  outcome.document_id = document.id;
  outcome.kind = store::OutcomeKind::kRetry;
  outcome.next_attempt_at = now + delay;
  return outcome;
}

store::ErrorReport FailureReport(const store::Document& document, const RequestFailure& failure,
                                 int tries) {
  std::string_view code = CodeOfFailure(failure.status, failure.http_status, false);
  const rules::CatalogueEntry* entry = rules::FindEntry(code);
  if (entry == nullptr) entry = rules::FindEntry("xero.unexpected");
  std::string why = failure.status.message();
  if (entry->retry == rules::AutoRetry::kWithBackoff) {
    why = std::to_string(tries) + (tries == 1 ? " try" : " tries") + "; " + why;
  }
  const rules::TemplateValues values{
      {"document", Describe(document)}, {"value", why}, {"field", Quoted(std::nullopt)}};
  store::ErrorReport report;
  report.code = std::string(entry->code);
  report.message = rules::FormatMessage(*entry, values);
  report.fix = rules::FormatFix(*entry, values);
  report.xero_messages = {failure.status.message()};
  return WithRequest(std::move(report), failure);
}

}  // namespace xerosync::sync
