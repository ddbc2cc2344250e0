// The sync commands end to end: `xerosync connect` against the emulator over loopback, then
// `import`, `sync`, `status` and `errors` on the same data directory, each checked against the
// store and against what the emulator (Xero) holds. The emulator's fake clock is the commands'
// clock; waiting for the rate budget advances it (no sleeping).
#include "cli/sync_commands.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "cli/connect_command.h"
#include "cli/connection_test_util.h"
#include "cli/connections_command.h"
#include "cli/errors_show_command.h"
#include "cli/import_command.h"
#include "cli/mapping_commands.h"
#include "emulator/faults.h"
#include "emulator/organisation.h"

namespace xerosync::cli::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kHeader[] =
    "*ContactName,EmailAddress,*InvoiceNumber,Reference,*InvoiceDate,*DueDate,*Description,"
    "*Quantity,*UnitAmount,*AccountCode,*TaxType,Currency,Status\n";

class SyncCommandsTest : public SyncingCommandTest {
 protected:
  ConnectionFlags DataFlags() {
    ConnectionFlags flags = Flags();
    return flags;
  }

  // `xerosync connect`, consenting to both demo organisations.
  void ConnectBoth() {
    ConnectOptions options;
    options.connection = Flags();
    options.redirect_port = 0;
    options.timeout = std::chrono::seconds(30);
    CommandEnvironment environment = Env();
    environment.open_browser = [this](const std::string& url) { Browse(url); };
    ASSERT_EQ(RunConnect(options, environment), kExitOk) << err_.str();
  }

  std::string WriteFile(const std::string& name, const std::string& text) {
    const std::filesystem::path path = dir_ / name;
    std::ofstream(path, std::ios::binary) << text;
    return path.string();
  }

  int Import(const std::string& file, const std::string& org = kNz, bool dry_run = false) {
    ImportOptions options;
    options.connection = Flags();
    options.file = file;
    options.org = org;
    options.dry_run = dry_run;
    return RunImport(options, Env());
  }

  int Sync(const std::string& org = kNz) {
    SyncOptions options;
    options.connection = Flags();
    options.org = org;
    return RunSync(options, Env());
  }

  int Status(bool json, const std::string& org = kNz) {
    StatusOptions options;
    options.connection = Flags();
    options.org = org;
    options.json_output = json;
    return RunStatus(options, Env());
  }

  int ErrorsList(const std::string& status = "open", bool json = false) {
    ErrorsListOptions options;
    options.connection = Flags();
    options.status = status;
    options.json_output = json;
    return RunErrorsList(options, Env());
  }

  int ErrorsShow(int64_t id, bool diagnostics = false) {
    ErrorsShowOptions options;
    options.connection = Flags();
    options.id = id;
    options.diagnostics = diagnostics;
    return RunErrorsShow(options, Env());
  }

  // Invoices in the emulator's NZ organisation whose number starts with "CLI-": how many of each.
  std::map<std::string, int> InvoicesInXero() {
    std::map<std::string, int> count;
    emulator_->organisations().Read(kNz, [&](const emulator::OrgState& state) {
      for (const auto& invoice : state.invoices) {
        if (invoice.invoice_number.starts_with("CLI-") && invoice.status != "DELETED") {
          ++count[invoice.invoice_number];
        }
      }
    });
    return count;
  }

  std::optional<emulator::Invoice> InvoiceInXero(const std::string& number) {
    std::optional<emulator::Invoice> found;
    emulator_->organisations().Read(kNz, [&](const emulator::OrgState& state) {
      for (const auto& invoice : state.invoices) {
        if (invoice.invoice_number == number) found = invoice;
      }
    });
    return found;
  }

  store::Document Doc(store::DocumentKind kind, const std::string& host_id) {
    return Database().FindDocument(domain::TenantId(kNz), {kind, host_id}).value().value();
  }

  std::vector<store::SyncError> Errors(store::ErrorStatus status) {
    store::ErrorQuery query;
    query.status = status;
    return Database().ListErrors(query).value();
  }

  // A JSON import file with one invoice for contact c1 on `account`.
  static std::string JsonInvoice(const std::string& number, const std::string& account) {
    return R"({"kind":"invoice","host_id":")" + number +
           R"(","payload":{"Type":"ACCREC","InvoiceNumber":")" + number +
           R"(","Date":"2026-01-02","DueDate":"2026-01-30","Status":"AUTHORISED",)"
           R"("LineAmountTypes":"Exclusive","LineItems":[{"Description":"Work","Quantity":2,)"
           R"("UnitAmount":100.50,"AccountCode":")" +
           account +
           R"(","TaxType":"OUTPUT2"}]},)"
           R"("parents":[{"kind":"contact","host_id":"c1","role":"contact"}]})";
  }
  static std::string JsonFile(const std::vector<std::string>& documents) {
    std::string text = "{\"documents\": [\n";
    for (std::size_t i = 0; i < documents.size(); ++i) {
      text += (i > 0 ? ",\n" : "") + documents[i];
    }
    return text + "\n]}\n";
  }
  static constexpr char kJsonContact[] =
      R"({"kind":"contact","host_id":"c1","operation":"upsert","payload":{"Name":"CLI Customer 1"}})";
};

TEST_F(SyncCommandsTest, CsvWithGoodAndBadRowsImportsTheGoodOnesAndSyncsThemOnce) {
  ConnectBoth();
  const std::string csv = WriteFile(
      "invoices.csv",
      std::string(kHeader) +
          "Ridgeway Cafe,accounts@ridgeway.example,CLI-1,PO 12,2026-01-05,2026-02-04,Coffee "
          "beans,2,100.50,200,OUTPUT2,NZD,AUTHORISED\r\n"
          "Ridgeway Cafe,accounts@ridgeway.example,CLI-1,PO 12,2026-01-05,2026-02-04,Delivery,1,"
          "15,200,OUTPUT2,NZD,AUTHORISED\r\n"
          "\"Bayside Bakery, Ltd\",,CLI-2,,05/01/2026,04/02/2026,\"Flour, 25 kg\",3,42.0000,200,"
          "OUTPUT2,NZD,AUTHORISED\n"
          "Bayside Bakery,,CLI-3,,2026-13-01,2026-02-04,Sugar,1,10,200,OUTPUT2,NZD,AUTHORISED\n"
          "Ridgeway Cafe,,CLI-4,,2026-01-05,2026-02-04,Milk,1,\"12,50\",200,OUTPUT2,NZD,"
          "AUTHORISED\n"
          "Ridgeway Cafe,,CLI-5,,2026-01-05,2026-02-04,,1,10,200,OUTPUT2,NZD,AUTHORISED\n"
          "Ridgeway Cafe,,CLI-6,,2026-01-05,2026-02-04,Tea,1,7.5,200,OUTPUT2,NZD,AUTHORISED\n");

  // A dry run checks and stores nothing.
  EXPECT_EQ(Import(csv, kNz, /*dry_run=*/true), kExitFailed);
  EXPECT_THAT(out_.str(), HasSubstr("dry run"));
  EXPECT_EQ(Database().CountByState(domain::TenantId(kNz)).value()[0], 0);

  EXPECT_EQ(Import(csv, "Demo Company (NZ)"), kExitFailed);  // rows were rejected
  EXPECT_THAT(out_.str(), HasSubstr("5 document(s): 5 new, 0 new version(s), 0 unchanged; 3 "
                                    "row(s) rejected"));
  EXPECT_THAT(err_.str(), HasSubstr("line 5, column InvoiceDate: '2026-13-01' is not a date"));
  EXPECT_THAT(err_.str(), HasSubstr("line 6, column UnitAmount: '12,50' is not an amount"));
  EXPECT_THAT(err_.str(), HasSubstr("line 7, column Description: required, but empty"));
  EXPECT_EQ(Doc(store::DocumentKind::kInvoice, "CLI-1").state, store::DocumentState::kPending);
  EXPECT_EQ(Doc(store::DocumentKind::kContact, "name:bayside bakery, ltd").state,
            store::DocumentState::kPending);
  EXPECT_FALSE(Database()
                   .FindDocument(domain::TenantId(kNz), {store::DocumentKind::kInvoice, "CLI-3"})
                   .value()
                   .has_value());

  // Importing the same file again changes nothing.
  EXPECT_EQ(Import(csv), kExitFailed);
  EXPECT_THAT(out_.str(), HasSubstr("0 new, 0 new version(s), 5 unchanged"));

  EXPECT_EQ(Sync(), kExitOk) << out_.str() << err_.str();
  EXPECT_THAT(out_.str(), HasSubstr("succeeded, manual"));
  EXPECT_THAT(out_.str(), HasSubstr("synced 5, failed 0, blocked 0, paused 0"));
  EXPECT_THAT(out_.str(), HasSubstr("API call(s)"));
  EXPECT_EQ(InvoicesInXero(),
            (std::map<std::string, int>{{"CLI-1", 1}, {"CLI-2", 1}, {"CLI-6", 1}}));
  const std::optional<emulator::Invoice> one = InvoiceInXero("CLI-1");
  ASSERT_TRUE(one.has_value());
  EXPECT_EQ(one->line_items.size(), 2u);
  EXPECT_EQ(one->totals.sub_total, Decimal::Parse("216.00").value());  // 2 x 100.50 + 15
  EXPECT_EQ(one->reference, "PO 12");

  // Syncing again sends nothing twice.
  EXPECT_EQ(Sync(), kExitOk);
  EXPECT_THAT(out_.str(), HasSubstr("synced 0"));
  EXPECT_EQ(InvoicesInXero().size(), 3u);
}

TEST_F(SyncCommandsTest, JsonImportReportsBadDocumentsByLine) {
  ConnectBoth();
  const std::string json =
      WriteFile("documents.json",
                JsonFile({kJsonContact, JsonInvoice("CLI-10", "200"),
                          R"({"kind":"invoce","host_id":"x","payload":{}})",
                          R"({"kind":"invoice","payload":{}})", JsonInvoice("CLI-11", "200")}));
  EXPECT_EQ(Import(json), kExitFailed);
  EXPECT_THAT(out_.str(), HasSubstr("3 document(s): 3 new"));
  EXPECT_THAT(out_.str(), HasSubstr("2 document(s) rejected"));
  EXPECT_THAT(err_.str(), HasSubstr("line 4: document 3: field \"kind\": 'invoce' is not a kind"));
  EXPECT_THAT(err_.str(), HasSubstr("line 5: document 4: field \"host_id\": missing"));

  const std::string broken = WriteFile("broken.json", "[1, 2]");
  EXPECT_EQ(Import(broken), kExitFailed);
  EXPECT_THAT(err_.str(), HasSubstr("{\"documents\":[...]}"));

  EXPECT_EQ(Sync(), kExitOk) << out_.str() << err_.str();
  EXPECT_EQ(InvoicesInXero(), (std::map<std::string, int>{{"CLI-10", 1}, {"CLI-11", 1}}));
}

TEST_F(SyncCommandsTest, ABadDocumentHasAnOpenErrorUntilItIsFixedAndSynced) {
  ConnectBoth();
  ASSERT_EQ(Import(WriteFile("a.json", JsonFile({kJsonContact, JsonInvoice("CLI-20", "200"),
                                                 JsonInvoice("CLI-21", "999")}))),
            kExitOk)
      << err_.str();
  EXPECT_EQ(Sync(), kExitFailed);  // partial: one document failed
  EXPECT_THAT(out_.str(), HasSubstr("partial"));
  EXPECT_THAT(out_.str(), HasSubstr("xerosync errors list"));
  EXPECT_EQ(InvoicesInXero(), (std::map<std::string, int>{{"CLI-20", 1}}));

  EXPECT_EQ(ErrorsList(), kExitOk);
  EXPECT_THAT(out_.str(), HasSubstr("open  invoice CLI-21 (failed)"));
  EXPECT_THAT(out_.str(), HasSubstr("Demo Company (NZ)"));
  // Caught before calling Xero (the cached chart has no 999): the code, the line and the fix.
  EXPECT_THAT(out_.str(), HasSubstr("account.invalid_for_document: Account code 999 on line 1 of "
                                    "invoice CLI-21"));
  EXPECT_THAT(out_.str(), HasSubstr("map 999"));
  EXPECT_THAT(out_.str(), Not(HasSubstr("CLI-20")));
  EXPECT_EQ(ErrorsList("open", /*json=*/true), kExitOk);
  Result<Json> listed = Json::Parse(out_.str());
  ASSERT_TRUE(listed.ok()) << out_.str();
  ASSERT_EQ(listed->Find("errors")->AsArray().size(), 1u);
  const Json& first = listed->Find("errors")->AsArray()[0];
  EXPECT_EQ(first.Find("document")->Find("host_id")->AsString(), "CLI-21");
  EXPECT_FALSE(first.Find("code")->AsString().empty());
  EXPECT_FALSE(first.Find("fix")->AsString().empty());

  // Fixed at the source and imported again: a new version, synced, the error resolved.
  ASSERT_EQ(Import(WriteFile("b.json", JsonFile({kJsonContact, JsonInvoice("CLI-20", "200"),
                                                 JsonInvoice("CLI-21", "200")}))),
            kExitOk);
  EXPECT_THAT(out_.str(), HasSubstr("0 new, 1 new version(s), 2 unchanged"));
  EXPECT_EQ(Sync(), kExitOk) << out_.str();
  EXPECT_EQ(InvoicesInXero(), (std::map<std::string, int>{{"CLI-20", 1}, {"CLI-21", 1}}));
  EXPECT_EQ(ErrorsList(), kExitOk);
  EXPECT_THAT(out_.str(), HasSubstr("No open errors."));
  EXPECT_EQ(ErrorsList("resolved"), kExitOk);
  EXPECT_THAT(out_.str(), HasSubstr("resolved  invoice CLI-21 (synced)"));
}

TEST_F(SyncCommandsTest, ArchiveAndRetryMoveTheDocumentAsDocumented) {
  ConnectBoth();
  env_["USER"] = "alice";
  ASSERT_EQ(Import(WriteFile("a.json", JsonFile({kJsonContact, JsonInvoice("CLI-30", "999")}))),
            kExitOk);
  EXPECT_EQ(Sync(), kExitFailed);
  ASSERT_EQ(Errors(store::ErrorStatus::kOpen).size(), 1u);
  const int64_t id = Errors(store::ErrorStatus::kOpen)[0].id;

  ErrorsArchiveOptions archive;
  archive.connection = Flags();
  archive.id = id;
  EXPECT_EQ(RunErrorsArchive(archive, Env()), kExitBadUsage);  // a reason is required
  archive.reason = "raised by hand in Xero";
  EXPECT_EQ(RunErrorsArchive(archive, Env()), kExitOk) << err_.str();
  EXPECT_EQ(Doc(store::DocumentKind::kInvoice, "CLI-30").state, store::DocumentState::kArchived);
  const store::SyncError archived = Database().GetError(id).value();
  EXPECT_EQ(archived.status, store::ErrorStatus::kArchived);
  EXPECT_EQ(archived.closed_reason, "raised by hand in Xero");
  EXPECT_EQ(archived.closed_by, "cli:alice");
  EXPECT_EQ(ErrorsList("archived"), kExitOk);
  EXPECT_THAT(out_.str(), HasSubstr("archived: raised by hand in Xero (by cli:alice)"));
  // An archived document is not sent again.
  EXPECT_EQ(Sync(), kExitOk);
  EXPECT_EQ(Doc(store::DocumentKind::kInvoice, "CLI-30").state, store::DocumentState::kArchived);

  ErrorsRetryOptions retry;
  retry.connection = Flags();
  EXPECT_EQ(RunErrorsRetry(retry, Env()), kExitBadUsage);  // ids or --all
  retry.ids = {id};
  EXPECT_EQ(RunErrorsRetry(retry, Env()), kExitOk) << err_.str();
  EXPECT_THAT(out_.str(), HasSubstr("Retrying 1 document(s)"));
  EXPECT_EQ(Doc(store::DocumentKind::kInvoice, "CLI-30").state, store::DocumentState::kPending);
  bool audited = false;
  const std::vector<store::AuditEntry> audit = Database().ListAudit(std::nullopt, 0, 100).value();
  for (const store::AuditEntry& entry : audit) {
    if (entry.action == "document.retry" && entry.actor == "cli:alice") audited = true;
  }
  EXPECT_TRUE(audited);

  // Still wrong: it fails again; --all retries every open error.
  EXPECT_EQ(Sync(), kExitFailed);
  EXPECT_EQ(Doc(store::DocumentKind::kInvoice, "CLI-30").state, store::DocumentState::kFailed);
  ErrorsRetryOptions all;
  all.connection = Flags();
  all.all = true;
  all.org = kNz;
  EXPECT_EQ(RunErrorsRetry(all, Env()), kExitOk) << err_.str();
  EXPECT_EQ(Doc(store::DocumentKind::kInvoice, "CLI-30").state, store::DocumentState::kPending);
  retry.ids = {id + 1000};
  EXPECT_EQ(RunErrorsRetry(retry, Env()), kExitFailed);
  EXPECT_THAT(err_.str(), HasSubstr("no such error"));
}

TEST_F(SyncCommandsTest, DisconnectedDocumentsPauseAndResumeAfterConnectingAgain) {
  ConnectBoth();
  ASSERT_EQ(Import(WriteFile("a.json", JsonFile({kJsonContact, JsonInvoice("CLI-50", "200")}))),
            kExitOk);
  DisconnectOptions disconnect;
  disconnect.connection = Flags();
  ASSERT_EQ(RunDisconnect(disconnect, Env()), kExitOk) << err_.str();
  // The organisation and its documents are still there; the run pauses them.
  EXPECT_EQ(Doc(store::DocumentKind::kInvoice, "CLI-50").state, store::DocumentState::kPending);
  EXPECT_EQ(Sync(), kExitFailed);
  EXPECT_THAT(out_.str(), HasSubstr("paused"));
  EXPECT_EQ(Doc(store::DocumentKind::kInvoice, "CLI-50").state, store::DocumentState::kPaused);
  EXPECT_TRUE(InvoicesInXero().empty());
  EXPECT_EQ(Status(/*json=*/false), kExitOk);
  EXPECT_THAT(out_.str(), HasSubstr("connection 'default': disconnected"));
  EXPECT_THAT(out_.str(), HasSubstr("paused 2"));
  EXPECT_THAT(out_.str(), HasSubstr("\n  paused: "));  // the organisation's reason
  EXPECT_THAT(out_.str(),
              HasSubstr("\n  why: Organisation not connected (connection.not_connected, "
                        "docs/errors.md#connection.not_connected)\n  fix: 1. An "
                        "administrator connects the organisation"));
  EXPECT_EQ(Status(/*json=*/true), kExitOk);
  Result<Json> json = Json::Parse(out_.str());
  ASSERT_TRUE(json.ok()) << out_.str();
  const Json& org = json->Find("organisations")->AsArray().at(0);
  EXPECT_TRUE(org.Find("paused_reason")->is_string()) << out_.str();
  EXPECT_EQ(org.Find("paused_code")->AsString(), "connection.not_connected");
  EXPECT_EQ(org.Find("paused_title")->AsString(), "Organisation not connected");
  EXPECT_EQ(org.Find("documents")->Find("paused")->NumberText(), "2");

  ConnectBoth();
  EXPECT_EQ(Sync(), kExitOk) << out_.str() << err_.str();
  EXPECT_EQ(Doc(store::DocumentKind::kInvoice, "CLI-50").state, store::DocumentState::kSynced);
  EXPECT_EQ(InvoicesInXero(), (std::map<std::string, int>{{"CLI-50", 1}}));
  EXPECT_FALSE(Database().GetOrganisation(domain::TenantId(kNz)).value().paused_reason);
}

TEST_F(SyncCommandsTest, ErrorsShowGivesTheFixAndItsDocsAndDiagnosticsWithoutPersonalValues) {
  ConnectBoth();
  ASSERT_EQ(Import(WriteFile("a.json", JsonFile({kJsonContact, JsonInvoice("CLI-60", "200")}))),
            kExitOk);
  // Xero refuses the invoices' request as a whole (the pre-flight found nothing wrong with it).
  emulator::FaultRule refuse;
  refuse.method = "PUT";
  refuse.path = "/api.xro/2.0/Invoices";
  refuse.answer = emulator::FaultAnswer::kStatus;
  refuse.status = 400;
  refuse.times = 1;
  emulator_->faults().Add(refuse);
  EXPECT_EQ(Sync(), kExitFailed);
  const std::vector<store::SyncError> open = Errors(store::ErrorStatus::kOpen);
  ASSERT_EQ(open.size(), 1u);
  const int64_t id = open.front().id;

  EXPECT_EQ(ErrorsShow(id), kExitOk) << err_.str();
  EXPECT_THAT(out_.str(), HasSubstr("Error #" + std::to_string(id) +
                                    ": xero.request_refused (Request refused by Xero)"));
  EXPECT_THAT(out_.str(), HasSubstr("  document: invoice CLI-60 (failed)\n"));
  EXPECT_THAT(out_.str(), HasSubstr("  fix: 1. Check the document"));
  EXPECT_THAT(out_.str(), HasSubstr("  Xero said: Xero answered HTTP 400"));
  EXPECT_THAT(out_.str(), HasSubstr("  Xero correlation id: "));
  EXPECT_THAT(out_.str(), HasSubstr("  request: PUT /api.xro/2.0/Invoices, answered 400, 1 "));
  EXPECT_THAT(out_.str(), HasSubstr("  explained in: docs/errors.md#xero.request_refused\n"));

  EXPECT_EQ(ErrorsShow(id, /*diagnostics=*/true), kExitOk) << err_.str();
  const std::string bundle = out_.str();
  EXPECT_THAT(bundle, HasSubstr("code: xero.request_refused\n"));
  EXPECT_THAT(bundle, HasSubstr("document: invoice CLI-60\n"));
  ASSERT_TRUE(open.front().report.correlation_id.has_value());
  EXPECT_THAT(bundle, HasSubstr("xero correlation id: " + *open.front().report.correlation_id));
  EXPECT_THAT(bundle, HasSubstr("request: PUT /api.xro/2.0/Invoices\nhttp status: 400\n"));
  // Neither the payload (the contact's name, the line's words) nor the messages (they can quote
  // the document's values) are in the bundle.
  EXPECT_THAT(bundle, Not(HasSubstr("CLI Customer")));
  EXPECT_THAT(bundle, Not(HasSubstr("Work")));
  EXPECT_THAT(bundle, Not(HasSubstr("Xero answered")));

  EXPECT_EQ(ErrorsShow(id + 100), kExitFailed);
  EXPECT_THAT(err_.str(), HasSubstr("no such error"));
}

TEST_F(SyncCommandsTest, StatusShowsCountsAndRunFiguresInTextAndJson) {
  ConnectBoth();
  ASSERT_EQ(Import(WriteFile("a.json", JsonFile({kJsonContact, JsonInvoice("CLI-40", "200"),
                                                 JsonInvoice("CLI-41", "999")}))),
            kExitOk);
  EXPECT_EQ(Sync(), kExitFailed);
  ASSERT_EQ(Import(WriteFile("b.json", JsonFile({JsonInvoice("CLI-41", "200")}))), kExitOk);
  EXPECT_EQ(Sync(), kExitOk);

  EXPECT_EQ(Status(/*json=*/false), kExitOk) << err_.str();
  const std::string text = out_.str();
  EXPECT_THAT(text, HasSubstr("Demo Company (NZ)  (tenant " + std::string(kNz) + ")"));
  EXPECT_THAT(text, HasSubstr("connection 'default': active"));
  EXPECT_THAT(text, HasSubstr("documents: pending 0, blocked 0, syncing 0, synced 3, failed 0"));
  EXPECT_THAT(text, HasSubstr("open errors: 0"));
  EXPECT_THAT(text, HasSubstr("syncs: 2 in total, 50.0% succeeded"));
  EXPECT_THAT(text, HasSubstr("#2 succeeded, manual"));
  EXPECT_THAT(text, HasSubstr("#1 partial, manual"));
  EXPECT_LT(text.find("#2 succeeded"), text.find("#1 partial"));  // newest first

  EXPECT_EQ(Status(/*json=*/true), kExitOk);
  Result<Json> status = Json::Parse(out_.str());
  ASSERT_TRUE(status.ok()) << out_.str();
  const Json& org = status->Find("organisations")->AsArray().at(0);
  EXPECT_EQ(org.Find("tenant_id")->AsString(), kNz);
  EXPECT_EQ(org.Find("connection")->Find("state")->AsString(), "active");
  EXPECT_EQ(org.Find("documents")->Find("synced")->NumberText(), "3");
  EXPECT_EQ(org.Find("open_errors")->NumberText(), "0");
  const Json& syncs = *org.Find("syncs");
  EXPECT_EQ(syncs.Find("total")->NumberText(), "2");
  EXPECT_EQ(syncs.Find("success_rate_percent")->NumberText(), "50.0");
  ASSERT_EQ(syncs.Find("last_runs")->AsArray().size(), 2u);
  const Json& last = syncs.Find("last_runs")->AsArray()[0];
  EXPECT_EQ(last.Find("outcome")->AsString(), "succeeded");
  EXPECT_EQ(last.Find("trigger")->AsString(), "manual");
  EXPECT_EQ(last.Find("counts")->Find("synced")->NumberText(), "1");
  EXPECT_FALSE(last.Find("started_at")->AsString().empty());

  // Every organisation when --org is not given.
  EXPECT_EQ(Status(/*json=*/false, ""), kExitOk);
  EXPECT_THAT(out_.str(), HasSubstr("Demo Company (UK)"));
}

TEST_F(SyncCommandsTest, AMissingDataDirectoryAndAnUnknownOrganisationAreSaidClearly) {
  EXPECT_EQ(Status(/*json=*/false), kExitBadUsage);
  EXPECT_THAT(err_.str(), HasSubstr("no xerosync database in"));
  EXPECT_THAT(err_.str(), HasSubstr("xerosync connect"));
  EXPECT_FALSE(std::filesystem::exists(dir_ / "data"));  // nothing made
  EXPECT_EQ(Sync(), kExitBadUsage);
  EXPECT_EQ(ErrorsList(), kExitBadUsage);

  ConnectBoth();
  EXPECT_EQ(Sync("Nowhere Ltd"), kExitFailed);
  EXPECT_THAT(err_.str(), HasSubstr("no organisation 'Nowhere Ltd'"));
  EXPECT_THAT(err_.str(), HasSubstr("Demo Company (NZ)"));
  EXPECT_EQ(Status(false, "Nowhere Ltd"), kExitFailed);
  // Several organisations: import must be told which.
  EXPECT_EQ(Import(WriteFile("a.json", JsonFile({kJsonContact})), ""), kExitBadUsage);
  EXPECT_THAT(err_.str(), HasSubstr("--org"));
  EXPECT_EQ(Import((dir_ / "missing.csv").string()), kExitBadUsage);
  EXPECT_THAT(err_.str(), HasSubstr("cannot open"));
}

TEST_F(SyncCommandsTest, ACsvWithoutTheRequiredColumnsIsRefusedNamingThem) {
  ConnectBoth();
  EXPECT_EQ(Import(WriteFile("a.csv", "ContactName,InvoiceNumber\nA,1\n")), kExitFailed);
  EXPECT_THAT(err_.str(), HasSubstr("line 1: the required column(s) InvoiceDate, DueDate"));
}

TEST_F(SyncCommandsTest, CsvRowsOfOneInvoiceMustAgreeAndQuotedValuesMaySpanLines) {
  ConnectBoth();
  const std::string csv = WriteFile(
      "a.csv",
      std::string(kHeader) +
          "Ridgeway Cafe,,CLI-60,,2026-01-05,2026-02-04,\"Beans,\nroasted \"\"dark\"\"\",1,"
          "10,200,OUTPUT2,NZD,\n"
          "Ridgeway Cafe,,CLI-60,,2026-01-06,2026-02-04,Milk,1,2,200,OUTPUT2,NZD,\n"
          "Ridgeway Cafe,,CLI-61,,2026-01-05,2026-02-04,Tea,1,3,200,OUTPUT2,NZD,\n"
          "Ridgeway Cafe,,CLI-61,,2026-01-05,2026-02-04,Cups,4,0.5,200,OUTPUT2,NZD,\n");
  EXPECT_EQ(Import(csv), kExitFailed);
  // The record on lines 2-3 is one row; line 4's date disagrees with it: CLI-60 is left out whole.
  EXPECT_THAT(err_.str(), HasSubstr("line 4, column InvoiceDate: '2026-01-06' differs from "
                                    "'2026-01-05' on line 2, the invoice's first row"));
  EXPECT_THAT(err_.str(), HasSubstr("line 2: invoice CLI-60 is left out"));
  EXPECT_THAT(out_.str(), HasSubstr("2 document(s): 2 new"));  // the contact and CLI-61
  EXPECT_THAT(out_.str(), HasSubstr("2 row(s) rejected"));
  const store::Document invoice = Doc(store::DocumentKind::kInvoice, "CLI-61");
  EXPECT_THAT(invoice.payload, HasSubstr("\"UnitAmount\":0.50"));
  EXPECT_THAT(invoice.payload, HasSubstr("\"Quantity\":4.00"));

  const std::string quoted = WriteFile(
      "b.csv",
      std::string(kHeader) +
          "Ridgeway Cafe,,CLI-62,,2026-01-05,2026-02-04,\"Beans,\nroasted \"\"dark\"\"\",1,"
          "10,200,OUTPUT2,NZD,\n");
  EXPECT_EQ(Import(quoted), kExitOk) << err_.str();
  EXPECT_THAT(Doc(store::DocumentKind::kInvoice, "CLI-62").payload,
              HasSubstr(R"("Description":"Beans,\nroasted \"dark\"")"));

  ErrorsRetryOptions retry;
  retry.connection = Flags();
  retry.ids = {1};
  retry.org = kNz;
  EXPECT_EQ(RunErrorsRetry(retry, Env()), kExitBadUsage);
  EXPECT_THAT(err_.str(), HasSubstr("--org goes with --all"));
}

TEST_F(SyncCommandsTest, ABigCsvIsAcceptedInChunksWithProgress) {
  ConnectBoth();
  std::string csv = kHeader;
  for (int i = 1; i <= 2500; ++i) {
    csv += "Customer " + std::to_string(i % 7) + ",,BIG-" + std::to_string(i) +
           ",,2026-01-05,2026-02-04,Item,1," + std::to_string(i) + ".25,200,OUTPUT2,NZD,\n";
  }
  ImportOptions options;
  options.connection = Flags();
  options.file = WriteFile("big.csv", csv);
  options.org = kNz;
  options.chunk_size = 1000;
  options.progress_every = 1000;
  EXPECT_EQ(RunImport(options, Env()), kExitOk) << err_.str();
  EXPECT_THAT(out_.str(), HasSubstr("2507 document(s): 2507 new"));  // 2,500 invoices, 7 contacts
  EXPECT_THAT(err_.str(), HasSubstr("1000 documents imported so far"));
  EXPECT_THAT(err_.str(), HasSubstr("2000 documents imported so far"));
  const store::Document invoice = Doc(store::DocumentKind::kInvoice, "BIG-2500");
  EXPECT_THAT(invoice.payload, HasSubstr("\"UnitAmount\":2500.25"));
  EXPECT_THAT(invoice.payload, HasSubstr("\"Status\":\"DRAFT\""));  // as Xero's own import
}

// ---- mappings and the cached settings (mapping_commands.h) ----

TEST_F(SyncCommandsTest, ConnectReadsTheSettingsAMappingFixesTheFailedInvoicesAndTheySync) {
  ConnectBoth();
  EXPECT_THAT(out_.str(), HasSubstr("Read the Xero settings of Demo Company (NZ)"));
  ASSERT_TRUE(Database().GetSettings(domain::TenantId(kNz), "accounts").value().has_value())
      << "the pre-flight checks have something to check against before the first sync";

  // The business app's own account code, unknown to Xero: refused before any call.
  ASSERT_EQ(Import(WriteFile("docs.json", JsonFile({kJsonContact, JsonInvoice("CLI-M1", "SALES"),
                                                    JsonInvoice("CLI-M2", "SALES")}))),
            kExitOk)
      << err_.str();
  EXPECT_EQ(Sync(), kExitFailed);
  ASSERT_EQ(Errors(store::ErrorStatus::kOpen).size(), 2u);
  EXPECT_EQ(Errors(store::ErrorStatus::kOpen)[0].report.code, "account.invalid_for_document");

  MappingsOptions set;
  set.connection = Flags();
  set.org = kNz;
  set.kind = "account";
  set.from = "SALES";
  set.to = "200";
  EXPECT_EQ(RunMappingsSet(set, Env()), kExitOk) << err_.str();
  EXPECT_THAT(out_.str(), HasSubstr("Mapped account 'SALES' to '200'"));
  EXPECT_THAT(out_.str(), HasSubstr("2 failed document(s) re-queued"));
  EXPECT_EQ(Doc(store::DocumentKind::kInvoice, "CLI-M1").state, store::DocumentState::kPending);

  EXPECT_EQ(Sync(), kExitOk) << out_.str() << err_.str();
  const std::optional<emulator::Invoice> sent = InvoiceInXero("CLI-M1");
  ASSERT_TRUE(sent.has_value());
  EXPECT_EQ(sent->line_items.at(0).account_code, "200");
  EXPECT_TRUE(Errors(store::ErrorStatus::kOpen).empty());

  MappingsOptions list;
  list.connection = Flags();
  list.org = kNz;
  list.json_output = true;
  out_.str("");
  EXPECT_EQ(RunMappingsList(list, Env()), kExitOk);
  EXPECT_THAT(out_.str(), HasSubstr(R"({"kind":"account","from":"SALES","to":"200"})"));
  const std::vector<store::AuditEntry> audit =
      Database().ListAudit(domain::TenantId(kNz), 0, 100).value();
  EXPECT_TRUE(std::ranges::any_of(audit, [](const store::AuditEntry& e) {
    return e.actor.starts_with("cli:");
  })) << "the mapping is audited with who set it";
}

TEST_F(SyncCommandsTest, AMappingToAValueTheOrganisationDoesNotHaveIsRefusedUnlessForced) {
  ConnectBoth();
  MappingsOptions set;
  set.connection = Flags();
  set.org = kNz;
  set.kind = "account";
  set.from = "SALES";
  set.to = "999";
  EXPECT_EQ(RunMappingsSet(set, Env()), kExitFailed);
  EXPECT_THAT(err_.str(), HasSubstr("no account with the code '999'"));
  EXPECT_TRUE(Database().ListMappings(domain::TenantId(kNz)).value().empty());
  set.to = "090";
  EXPECT_EQ(RunMappingsSet(set, Env()), kExitFailed);
  EXPECT_THAT(err_.str(), HasSubstr("bank account"));
  set.force = true;
  EXPECT_EQ(RunMappingsSet(set, Env()), kExitOk) << err_.str();
  EXPECT_EQ(Database().ListMappings(domain::TenantId(kNz)).value().size(), 1u);

  set.kind = "colour";
  EXPECT_EQ(RunMappingsSet(set, Env()), kExitBadUsage);
  set.kind = "default";
  set.from = "favourite_account";
  EXPECT_EQ(RunMappingsSet(set, Env()), kExitBadUsage);

  MappingsOptions remove;
  remove.connection = Flags();
  remove.org = kNz;
  remove.kind = "account";
  remove.from = "SALES";
  EXPECT_EQ(RunMappingsRemove(remove, Env()), kExitOk) << err_.str();
  EXPECT_TRUE(Database().ListMappings(domain::TenantId(kNz)).value().empty());
}

TEST_F(SyncCommandsTest, SettingsRefreshReadsXeroAgainAndWarnsAboutAnAccountWithoutACode) {
  ConnectBoth();
  SettingsOptions show;
  show.connection = Flags();
  show.org = kNz;
  out_.str("");
  EXPECT_EQ(RunSettingsShow(show, Env()), kExitOk) << err_.str();
  EXPECT_THAT(out_.str(), HasSubstr("Demo Company (NZ)"));
  EXPECT_THAT(out_.str(), HasSubstr(" tax rates, 3 currencies, "));
  EXPECT_THAT(out_.str(), Not(HasSubstr("warning")));

  emulator_->organisations().Write(kNz, [](emulator::OrgState& state) {
    emulator::Account account;
    account.account_id = "5b0e8c1a-0000-4000-8000-00000000c0de";
    account.name = "Sundry Income";
    account.type = "REVENUE";
    account.status = "ACTIVE";
    state.accounts.push_back(account);
  });
  SettingsOptions refresh;
  refresh.connection = Flags();
  refresh.org = kNz;
  out_.str("");
  EXPECT_EQ(RunSettingsRefresh(refresh, Env()), kExitOk) << err_.str();
  EXPECT_THAT(out_.str(), HasSubstr("1 kind(s) changed"));
  EXPECT_THAT(out_.str(), HasSubstr("warning [account.without_code]"));
  EXPECT_THAT(out_.str(), HasSubstr("Sundry Income"));
}

}  // namespace
}  // namespace xerosync::cli::testing
