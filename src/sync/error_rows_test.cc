// The rows of ERRORS.md that only Xero can cause (connection, limits, outages), each built in the
// emulator through its control API: the code the finance admin sees (on the organisation, or on
// the document's error), the fix the catalogue offers for it, and that after the fix (or by
// itself) the documents reach Xero, each once.
#include <gtest/gtest.h>

#include <string>

#include "rules/catalogue.h"
#include "sync/engine_test_fixture.h"
#include "sync/failures.h"

namespace xerosync::sync {
namespace {

using std::chrono::hours;
using std::chrono::seconds;
using store::DocumentKind;
using store::DocumentState;
using testing::kConnection;
using xero::testing::kNz;

// The fix a person reads for `code` (the console and `xerosync status` show it).
std::string FixFor(const std::string& code) {
  const rules::CatalogueEntry* entry = rules::FindEntry(code);
  EXPECT_NE(entry, nullptr) << code;
  return entry == nullptr ? "" : rules::FormatFix(*entry, {});
}

class ErrorRows : public testing::EngineFixture {
 protected:
  // A call to the emulator's control API (docs/emulator.md, "Control API"): its status.
  int Control(const std::string& method, const std::string& path, const std::string& body = "") {
    const xero::TransportResult result = transport_.Send({method,
                                                          std::string(xero::testing::kBase) + path,
                                                          {{"Content-Type", "application/json"}},
                                                          body});
    const auto* response = std::get_if<xero::HttpResponse>(&result);
    EXPECT_NE(response, nullptr) << path;
    return response == nullptr ? 0 : response->status;
  }

  store::Organisation Organisation() {
    return store_->GetOrganisation(domain::TenantId(kNz)).value();
  }

  void Reconnect() {
    const auto [code, verifier] = Authorize(client_);
    ASSERT_TRUE(tokens_->Connect(kConnection, code, verifier).ok());
  }

  // Contacts 1-2 in Xero already; invoices 1..n waiting.
  void ContactsSyncedInvoicesPending(int invoices) {
    Push(ContactsAndInvoices(2, 0));
    ASSERT_EQ(Sync(store::RunTrigger::kInitial).run.outcome, store::RunOutcome::kSucceeded);
    std::vector<store::IncomingDocument> documents;
    for (int i = 1; i <= invoices; ++i) documents.push_back(Invoice(i, 1 + i % 2));
    Push(documents);
  }

  // The pause the organisation is in: its code, and that its invoices wait (paused, none failed).
  std::string PausedCode() {
    const store::Organisation org = Organisation();
    EXPECT_TRUE(org.paused_reason.has_value());
    EXPECT_EQ(CountIn(DocumentState::kFailed), 0) << "a pause never fails a document";
    return org.paused_code.value_or("");
  }

  std::optional<store::SyncError> ErrorOf(DocumentKind kind, const std::string& host_id) {
    const store::Document document = Doc(kind, host_id);
    if (!document.error_id) return std::nullopt;
    return store_->GetError(*document.error_id).value();
  }

  // Xero fails every write of invoices with `kind` (docs/emulator.md, faults) until the faults
  // are cleared. Runs are an hour apart (past the backoff's cap), so each is one more try.
  // Runs until the invoice i1 has an open error; how many runs that took (0: none in `most`).
  int RunsUntilAnError(int most) {
    for (int run = 1; run <= most; ++run) {
      Sync();
      if (ErrorOf(DocumentKind::kInvoice, "i1")) return run;
      EXPECT_EQ(Doc(DocumentKind::kInvoice, "i1").state, DocumentState::kPending)
          << "retried, not failed";
      emulator_.clock().Advance(hours(1));
    }
    return 0;
  }

  void FailInvoiceWrites(const std::string& kind) {
    ASSERT_EQ(
        Control("POST", "/_emulator/faults",
                R"({"method":"PUT","path":"/api.xro/2.0/Invoices","kind":")" + kind + R"("})"),
        201);
  }

  // Xero is back: the next run syncs the invoices, each once, and closes their errors.
  void ExpectRecovery(int64_t error_id) {
    ASSERT_EQ(Control("DELETE", "/_emulator/faults"), 200);
    emulator_.clock().Advance(hours(1));
    const RunReport report = Sync();
    EXPECT_EQ(report.run.outcome, store::RunOutcome::kSucceeded) << report.run.detail;
    EXPECT_EQ(store_->GetError(error_id)->status, store::ErrorStatus::kResolved);
    ExpectEachInvoiceOnce(3);
  }
};

TEST_F(ErrorRows, ConnectionExpiredPausesUntilReconnected) {
  ContactsSyncedInvoicesPending(5);
  // The refresh token lapses, and the access token with it: the refresh is refused
  // (invalid_grant).
  ASSERT_EQ(Control("POST", "/_emulator/refresh-tokens/expire"), 200);
  ASSERT_EQ(Control("POST", "/_emulator/tokens/expire"), 200);
  const RunReport report = Sync();
  EXPECT_EQ(report.run.outcome, store::RunOutcome::kPaused);
  EXPECT_EQ(PausedCode(), "connection.expired");
  EXPECT_EQ(CountIn(DocumentState::kPaused), 5);
  EXPECT_NE(FixFor("connection.expired").find("connects the organisation again"),
            std::string::npos);

  Reconnect();
  EXPECT_EQ(Sync().run.outcome, store::RunOutcome::kSucceeded);
  EXPECT_FALSE(Organisation().paused_code.has_value());
  EXPECT_EQ(CountIn(DocumentState::kSynced), 7);
  ExpectEachInvoiceOnce(5);
}

TEST_F(ErrorRows, OrganisationRevokedInXeroPausesUntilReconnected) {
  ContactsSyncedInvoicesPending(5);
  ASSERT_EQ(Control("POST", std::string("/_emulator/tenants/") + kNz + "/revoke"), 200);
  EXPECT_EQ(Sync().run.outcome, store::RunOutcome::kPaused);
  EXPECT_EQ(PausedCode(), "connection.revoked");
  EXPECT_NE(FixFor("connection.revoked").find("choosing it on Xero's consent page"),
            std::string::npos);
  EXPECT_EQ(Sync().run.outcome, store::RunOutcome::kPaused) << "still disconnected in Xero";
  EXPECT_EQ(PausedCode(), "connection.revoked");

  Reconnect();
  EXPECT_EQ(Sync().run.outcome, store::RunOutcome::kSucceeded);
  EXPECT_EQ(CountIn(DocumentState::kSynced), 7);
  ExpectEachInvoiceOnce(5);
}

TEST_F(ErrorRows, MissingPermissionScopePausesUntilReconnectedWithIt) {
  ContactsSyncedInvoicesPending(5);
  // An administrator connected again, granting contacts and settings but not transactions.
  xero::OAuthClient narrow(transport_, xero::XeroEndpoints::AllAt(xero::testing::kBase),
                           xero::testing::DemoApp({"accounting.contacts", "accounting.settings"}));
  const auto [code, verifier] = Authorize(narrow);
  ASSERT_TRUE(tokens_->Connect(kConnection, code, verifier).ok());
  EXPECT_EQ(Sync().run.outcome, store::RunOutcome::kPaused);
  EXPECT_EQ(PausedCode(), "connection.missing_scope");
  EXPECT_NE(FixFor("connection.missing_scope").find("grants the permissions"), std::string::npos);
  EXPECT_TRUE(InvoicesInXero().empty());

  Reconnect();
  EXPECT_EQ(Sync().run.outcome, store::RunOutcome::kSucceeded);
  ExpectEachInvoiceOnce(5);
}

TEST_F(ErrorRows, RateLimitMinuteWaitsAndContinuesWithoutAnError) {
  ASSERT_EQ(Control("PUT", "/_emulator/rate-limits", R"({"per_minute":3})"), 200);
  Push(ContactsAndInvoices(2, 120));  // the initial sync's reads and four batches: over 3 a minute
  const TimePoint start = Now();
  const RunReport report = Sync();
  EXPECT_EQ(report.run.outcome, store::RunOutcome::kSucceeded) << report.run.detail;
  EXPECT_GE(Now() - start, std::chrono::minutes(1)) << "it waited for the next minute";
  EXPECT_FALSE(Organisation().paused_code.has_value());
  EXPECT_EQ(CountIn(DocumentState::kFailed), 0);
  EXPECT_EQ(CountIn(DocumentState::kSynced), 122);
  ExpectEachInvoiceOnce(120);
  EXPECT_EQ(FixFor("rate_limit.minute"), "1. Nothing to do.");
}

TEST_F(ErrorRows, RateLimitDayPausesUntilTheWindowResets) {
  ContactsSyncedInvoicesPending(5);
  ASSERT_EQ(
      Control("POST", std::string("/_emulator/tenants/") + kNz + "/spend-day", R"({"calls":5000})"),
      200);
  EXPECT_EQ(Sync().run.outcome, store::RunOutcome::kPaused);
  EXPECT_EQ(PausedCode(), "rate_limit.day");
  const std::optional<TimePoint> until = Organisation().paused_until;
  ASSERT_TRUE(until.has_value()) << "it shows when it resumes";
  EXPECT_GT(*until, Now());
  EXPECT_NE(FixFor("rate_limit.day").find("resumes by itself"), std::string::npos);
  const RunReport waiting = Sync();
  EXPECT_EQ(waiting.run.outcome, store::RunOutcome::kPaused);
  EXPECT_EQ(waiting.run.counts.api_calls, 0) << "nothing is sent before the window resets";

  emulator_.clock().Advance(*until - Now() + seconds(1));
  EXPECT_EQ(Sync().run.outcome, store::RunOutcome::kSucceeded);
  EXPECT_FALSE(Organisation().paused_code.has_value());
  ExpectEachInvoiceOnce(5);
}

TEST_F(ErrorRows, XeroUnavailableIsRetriedAndShownOnlyAfterManyTries) {
  ContactsSyncedInvoicesPending(3);
  FailInvoiceWrites("503-text");
  const int runs = RunsUntilAnError(10);
  EXPECT_EQ(runs, engine_options_.retry.error_after) << "shown after many tries, not at once";
  const std::optional<store::SyncError> error = ErrorOf(DocumentKind::kInvoice, "i1");
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->report.code, "xero.unavailable");
  EXPECT_EQ(error->report.fix, FixFor("xero.unavailable"));
  EXPECT_NE(error->report.fix.find("keeps trying"), std::string::npos);
  EXPECT_TRUE(InvoicesInXero().empty());
  ExpectRecovery(error->id);
}

TEST_F(ErrorRows, UnexpectedErrorIsShownWithItsDiagnostics) {
  ContactsSyncedInvoicesPending(3);
  FailInvoiceWrites("500");
  EXPECT_EQ(RunsUntilAnError(10), engine_options_.retry.error_after);
  const std::optional<store::SyncError> error = ErrorOf(DocumentKind::kInvoice, "i1");
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->report.code, "xero.unexpected");
  EXPECT_NE(error->report.fix.find("copy the diagnostics"), std::string::npos);
  ASSERT_TRUE(error->report.correlation_id.has_value()) << "Xero's answer carried one";
  ASSERT_TRUE(error->report.request.has_value());
  EXPECT_EQ(error->report.request->method, "PUT");
  EXPECT_EQ(error->report.request->path, "/api.xro/2.0/Invoices");
  EXPECT_EQ(error->report.request->http_status, 500);
  EXPECT_EQ(error->report.request->documents, 3);

  const std::string bundle = DiagnosticsOf(*error, Doc(DocumentKind::kInvoice, "i1"));
  EXPECT_NE(bundle.find(*error->report.correlation_id), std::string::npos) << bundle;
  EXPECT_NE(bundle.find("request: PUT /api.xro/2.0/Invoices"), std::string::npos) << bundle;
  ExpectRecovery(error->id);
}

}  // namespace
}  // namespace xerosync::sync
