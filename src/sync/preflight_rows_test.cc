// The rows of ERRORS.md that the pre-flight checks catch, one test each, against the emulator and a
// real SQLite store (issue 6, "Done when"): each builds the document (or the Xero setting) that
// causes the row, checks the code, that no call to Xero was spent on it, and the fix the finance
// admin reads; then applies that fix — a mapping, a change in Xero through the emulator's control
// API or the Accounting API, an edit of the document — and checks that the document syncs.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "rules/catalogue.h"
#include "sync/engine.h"
#include "sync/engine_test_fixture.h"
#include "sync/prepare.h"

namespace xerosync::sync {
namespace {

using store::DocumentKind;
using store::DocumentState;
using testing::kConnection;
using xero::testing::kNz;

// A sales invoice of the demo organisation, each part replaceable.
struct InvoiceSpec {
  std::string number{};
  std::string contact = R"({"Name":"ABC Furniture"})";
  std::string status = "AUTHORISED";
  std::string date = "2026-01-02";
  std::string due_date = "2026-01-30";  // "" for none
  std::string currency{};               // "" for the base currency
  std::string account = "200";          // "" for none
  std::string tax_type = "OUTPUT2";     // "" for none
};

std::string InvoiceJson(const InvoiceSpec& spec) {
  std::string json = R"({"Type":"ACCREC","InvoiceNumber":")" + spec.number + R"(","Contact":)" +
                     spec.contact + R"(,"Date":")" + spec.date + R"(","Status":")" + spec.status +
                     R"(","LineAmountTypes":"Exclusive")";
  if (!spec.due_date.empty()) json += R"(,"DueDate":")" + spec.due_date + R"(")";
  if (!spec.currency.empty()) json += R"(,"CurrencyCode":")" + spec.currency + R"(")";
  json += R"(,"LineItems":[{"Description":"Work","Quantity":2,"UnitAmount":100.5)";
  if (!spec.account.empty()) json += R"(,"AccountCode":")" + spec.account + R"(")";
  if (!spec.tax_type.empty()) json += R"(,"TaxType":")" + spec.tax_type + R"(")";
  return json + "}]}";
}

class PreflightRows : public testing::EngineFixture {
 protected:
  // The organisation's first run caches its settings; the tests' runs then call Xero only to send.
  void SetUp() override {
    ASSERT_EQ(Sync(store::RunTrigger::kInitial).run.outcome, store::RunOutcome::kSucceeded);
  }

  static domain::TenantId Tenant() { return domain::TenantId(kNz); }

  void PushInvoice(const std::string& host_id, const InvoiceSpec& spec) {
    Push({{DocumentKind::kInvoice, host_id, store::Operation::kUpsert, InvoiceJson(spec), {}}});
  }

  // Runs a sync that must refuse `host_id` before any call to Xero; its error.
  store::SyncError ExpectRefusedWithoutACall(DocumentKind kind, const std::string& host_id,
                                             std::string_view code) {
    const RunReport report = Sync();
    EXPECT_EQ(report.run.counts.api_calls, 0) << "the pre-flight checks spend no call";
    const store::Document document = Doc(kind, host_id);
    EXPECT_EQ(document.state, DocumentState::kFailed);
    if (!document.error_id) return {};
    store::SyncError error = store_->GetError(*document.error_id).value();
    EXPECT_EQ(error.report.code, code) << error.report.message;
    EXPECT_EQ(rules::FindEntry(code) != nullptr && rules::FindEntry(code)->preflight, true)
        << "the catalogue says " << code << " is caught before Xero";
    return error;
  }

  void ExpectSyncs(DocumentKind kind, const std::string& host_id) {
    const RunReport report = Sync();
    const store::Document document = Doc(kind, host_id);
    EXPECT_EQ(document.state, DocumentState::kSynced) << report.run.detail;
    EXPECT_TRUE(document.xero_id.has_value());
    if (document.error_id) {
      EXPECT_EQ(store_->GetError(*document.error_id).value().status, store::ErrorStatus::kResolved)
          << "the error closes by itself when its document syncs";
    }
  }

  void Map(const std::string& kind, const std::string& from, const std::string& to) {
    ASSERT_TRUE(store_->SetMapping(Tenant(), {kind, from, to}, "admin", Now()).ok());
  }

  SettingsRefresh Refresh() {
    Result<SettingsRefresh> refreshed = engine_->RefreshSettingsNow(Tenant());
    EXPECT_TRUE(refreshed.ok()) << refreshed.status();
    return refreshed.value_or(SettingsRefresh{});
  }

  // A change made in Xero through the emulator's control API (what the admin does in Xero's
  // screens); the HTTP status.
  int Control(const std::string& method, const std::string& path, const std::string& body = "{}") {
    const xero::TransportResult result =
        transport_.Send({method,
                         std::string(xero::testing::kBase) + "/_emulator/tenants/" + kNz + path,
                         {{"Content-Type", "application/json"}},
                         body});
    const auto* response = std::get_if<xero::HttpResponse>(&result);
    return response == nullptr ? 0 : response->status;
  }

  // A write through Xero's Accounting API, as another app or the admin would make it.
  int XeroWrite(const std::string& method, const std::string& path, const std::string& body) {
    const xero::CallTarget target{kConnection, Tenant(), xero::Priority::kLive};
    Result<xero::HttpRequest> request =
        xero::BuildWrite(xero_->Caller(target), method, path, {}, body, "");
    EXPECT_TRUE(request.ok());
    return testing::StatusOfResult(xero_->Send(target, *request));
  }

  // Contacts in the emulator with that name (any status).
  int ContactsNamed(const std::string& name) {
    int count = 0;
    emulator_.organisations().Read(kNz, [&](const emulator::OrgState& state) {
      for (const auto& contact : state.contacts) count += contact.name == name ? 1 : 0;
    });
    return count;
  }

  std::string ContactIdOf(const std::string& name) {
    std::string id;
    emulator_.organisations().Read(kNz, [&](const emulator::OrgState& state) {
      for (const auto& contact : state.contacts) {
        if (contact.name == name) id = contact.contact_id;
      }
    });
    return id;
  }

  std::string AccountIdOf(const std::string& code) {
    std::string id;
    emulator_.organisations().Read(kNz, [&](const emulator::OrgState& state) {
      for (const auto& account : state.accounts) {
        if (account.code == code) id = account.account_id;
      }
    });
    return id;
  }

  // The Xero contact of the invoice Xero holds with that number.
  std::string ContactOfInvoiceInXero(const std::string& number) {
    std::string id;
    emulator_.organisations().Read(kNz, [&](const emulator::OrgState& state) {
      for (const auto& invoice : state.invoices) {
        if (invoice.invoice_number == number) id = invoice.contact_id;
      }
    });
    return id;
  }

  static bool Says(const std::string& text, std::string_view part) {
    return text.find(part) != std::string::npos;
  }
};

// ---- contacts ----

TEST_F(PreflightRows, ContactMissingIsCreatedOnceAutoCreateIsTurnedOn) {
  PushInvoice("i1", {.number = "PF-1", .contact = R"({"Name":"Nobody Ltd"})"});
  const store::SyncError error =
      ExpectRefusedWithoutACall(DocumentKind::kInvoice, "i1", "contact.missing");
  EXPECT_TRUE(Says(error.report.fix, "create missing contacts")) << error.report.fix;
  EXPECT_EQ(ContactsNamed("Nobody Ltd"), 0) << "Xero did not create it behind the admin's back";

  Map("setting", "auto_create_contacts", "true");
  ExpectSyncs(DocumentKind::kInvoice, "i1");
  EXPECT_EQ(ContactsNamed("Nobody Ltd"), 1);
  EXPECT_EQ(ContactOfInvoiceInXero("PF-1"), ContactIdOf("Nobody Ltd"));
  const store::Document contact = Doc(DocumentKind::kContact, AutoContactHostId("Nobody Ltd"));
  EXPECT_EQ(contact.state, DocumentState::kSynced) << "the contact went through the protocol too";
}

TEST_F(PreflightRows, ContactMissingIsLinkedToAnExistingContactByAMapping) {
  PushInvoice("i1", {.number = "PF-2", .contact = R"({"Name":"ABC Furn - old name"})"});
  ExpectRefusedWithoutACall(DocumentKind::kInvoice, "i1", "contact.missing");
  Map("contact", "ABC Furn - old name", ContactIdOf("ABC Furniture"));
  ExpectSyncs(DocumentKind::kInvoice, "i1");
  EXPECT_EQ(ContactOfInvoiceInXero("PF-2"), ContactIdOf("ABC Furniture"));
  EXPECT_EQ(ContactsNamed("ABC Furn - old name"), 0);
}

TEST_F(PreflightRows, AutoCreateLinksANameThatAnActiveContactAlreadyHas) {
  Map("setting", "auto_create_contacts", "true");
  // Made in Xero after xerosync cached the contacts: the cache does not know it.
  ASSERT_EQ(XeroWrite("PUT", "/Contacts", R"({"Name":"Fresh Fields Ltd"})"), 200);
  PushInvoice("i1", {.number = "PF-3", .contact = R"({"Name":"Fresh Fields Ltd"})"});
  ExpectSyncs(DocumentKind::kInvoice, "i1");

  EXPECT_EQ(ContactsNamed("Fresh Fields Ltd"), 1) << "linked, not duplicated";
  EXPECT_EQ(ContactOfInvoiceInXero("PF-3"), ContactIdOf("Fresh Fields Ltd"));
}

TEST_F(PreflightRows, ContactArchivedSyncsOnceUnarchivedInXero) {
  PushInvoice("i1", {.number = "PF-4", .contact = R"({"Name":"Old Supplies Co"})"});
  const store::SyncError error =
      ExpectRefusedWithoutACall(DocumentKind::kInvoice, "i1", "contact.archived");
  EXPECT_TRUE(Says(error.report.fix, "Unarchive the contact in Xero")) << error.report.fix;

  ASSERT_EQ(Control("POST", "/contacts/" + ContactIdOf("Old Supplies Co") + "/unarchive"), 200);
  EXPECT_EQ(Refresh().released, 1) << "the document waiting on it is re-queued by itself";
  ExpectSyncs(DocumentKind::kInvoice, "i1");
}

TEST_F(PreflightRows, ContactAccountNumberTakenSyncsWithAnotherNumber) {
  Push({{DocumentKind::kContact,
         "c1",
         store::Operation::kUpsert,
         R"({"Name":"Bayside Sailing","AccountNumber":"CUST-002"})",
         {}}});
  const store::SyncError error =
      ExpectRefusedWithoutACall(DocumentKind::kContact, "c1", "contact.account_number_taken");
  EXPECT_TRUE(Says(error.report.fix, "change the account number")) << error.report.fix;

  Push({{DocumentKind::kContact,
         "c1",
         store::Operation::kUpsert,
         R"({"Name":"Bayside Sailing","AccountNumber":"CUST-102"})",
         {}}});
  ExpectSyncs(DocumentKind::kContact, "c1");
  EXPECT_EQ(ContactsNamed("Bayside Sailing"), 1);
}

// ---- accounts ----

TEST_F(PreflightRows, AccountCodeMissingSyncsWithADefaultSalesAccount) {
  PushInvoice("i1", {.number = "PF-5", .account = ""});
  const store::SyncError error =
      ExpectRefusedWithoutACall(DocumentKind::kInvoice, "i1", "account.missing");
  EXPECT_TRUE(Says(error.report.fix, "default sales")) << error.report.fix;
  Map("default", "sales_account", "200");
  ExpectSyncs(DocumentKind::kInvoice, "i1");
}

TEST_F(PreflightRows, AccountCodeNotValidForTheDocumentSyncsOnceMapped) {
  PushInvoice("i1", {.number = "PF-6", .account = "090"});    // the bank account
  PushInvoice("i2", {.number = "PF-7", .account = "SALES"});  // the business app's own code
  ExpectRefusedWithoutACall(DocumentKind::kInvoice, "i1", "account.invalid_for_document");
  const store::SyncError error =
      store_->GetError(*Doc(DocumentKind::kInvoice, "i2").error_id).value();
  EXPECT_EQ(error.report.code, "account.invalid_for_document");
  EXPECT_TRUE(Says(error.report.fix, "map SALES")) << error.report.fix;

  Map("account", "SALES", "200");
  PushInvoice("i1", {.number = "PF-6", .account = "200"});  // the edit
  Sync();
  EXPECT_EQ(Doc(DocumentKind::kInvoice, "i1").state, DocumentState::kSynced);
  EXPECT_EQ(Doc(DocumentKind::kInvoice, "i2").state, DocumentState::kSynced);
}

TEST_F(PreflightRows, AccountArchivedSyncsOnceMappedToAnother) {
  ASSERT_EQ(XeroWrite("POST", "/Accounts/" + AccountIdOf("260"), R"({"Status":"ARCHIVED"})"), 200);
  Refresh();
  PushInvoice("i1", {.number = "PF-8", .account = "260"});
  const store::SyncError error =
      ExpectRefusedWithoutACall(DocumentKind::kInvoice, "i1", "account.archived");
  EXPECT_TRUE(Says(error.report.fix, "map 260")) << error.report.fix;
  Map("account", "260", "200");
  ExpectSyncs(DocumentKind::kInvoice, "i1");
}

TEST_F(PreflightRows, AXeroAccountWithoutACodeIsAWarningAndTheRestIsImported) {
  ASSERT_EQ(Control("POST", "/accounts", R"({"name":"Sundry Income","type":"REVENUE"})"), 200);
  const SettingsRefresh refresh = Refresh();
  ASSERT_EQ(refresh.warnings.size(), 1u);
  EXPECT_EQ(refresh.warnings[0].code, "account.without_code");
  EXPECT_TRUE(Says(refresh.warnings[0].message, "Sundry Income")) << refresh.warnings[0].message;
  EXPECT_TRUE(Says(refresh.warnings[0].fix, "Give the account a code")) << refresh.warnings[0].fix;
  PushInvoice("i1", {.number = "PF-9"});
  ExpectSyncs(DocumentKind::kInvoice, "i1");  // the other accounts were imported

  std::string id;
  emulator_.organisations().Read(kNz, [&](const emulator::OrgState& state) {
    for (const auto& account : state.accounts) {
      if (account.name == "Sundry Income") id = account.account_id;
    }
  });
  ASSERT_EQ(XeroWrite("POST", "/Accounts/" + id, R"({"Code":"265"})"), 200);
  EXPECT_TRUE(Refresh().warnings.empty());
}

// ---- tax rates ----

TEST_F(PreflightRows, TaxRateUnknownSyncsOnceMapped) {
  PushInvoice("i1", {.number = "PF-10", .tax_type = "GST15"});
  const store::SyncError error =
      ExpectRefusedWithoutACall(DocumentKind::kInvoice, "i1", "tax_rate.unknown");
  EXPECT_TRUE(Says(error.report.fix, "Map GST15")) << error.report.fix;
  Map("tax_rate", "GST15", "OUTPUT2");
  ExpectSyncs(DocumentKind::kInvoice, "i1");
}

TEST_F(PreflightRows, TaxRateNotAllowedWithTheAccountSyncsWithACompatibleRate) {
  PushInvoice("i1", {.number = "PF-11", .tax_type = "INPUT2"});  // an expense rate on sales
  const store::SyncError error =
      ExpectRefusedWithoutACall(DocumentKind::kInvoice, "i1", "tax_rate.not_for_account");
  EXPECT_TRUE(Says(error.report.fix, "compatible") || Says(error.report.fix, "applies to"))
      << error.report.fix;
  PushInvoice("i1", {.number = "PF-11", .tax_type = "OUTPUT2"});
  ExpectSyncs(DocumentKind::kInvoice, "i1");
}

TEST_F(PreflightRows, TaxRateInactiveSyncsOnceReactivatedInXero) {
  ASSERT_EQ(Control("POST", "/tax-rates/ZERORATED/status", R"({"status":"ARCHIVED"})"), 200);
  Refresh();
  PushInvoice("i1", {.number = "PF-12", .tax_type = "ZERORATED"});
  const store::SyncError error =
      ExpectRefusedWithoutACall(DocumentKind::kInvoice, "i1", "tax_rate.inactive");
  EXPECT_TRUE(Says(error.report.fix, "Reactivate the tax rate in Xero")) << error.report.fix;
  ASSERT_EQ(Control("POST", "/tax-rates/ZERORATED/status", R"({"status":"ACTIVE"})"), 200);
  EXPECT_EQ(Refresh().released, 1);
  ExpectSyncs(DocumentKind::kInvoice, "i1");
}

// ---- currencies, required fields, dates ----

TEST_F(PreflightRows, CurrencyNotEnabledSyncsOnceAddedInXero) {
  PushInvoice("i1", {.number = "PF-13", .currency = "EUR"});
  const store::SyncError error =
      ExpectRefusedWithoutACall(DocumentKind::kInvoice, "i1", "currency.not_enabled");
  EXPECT_TRUE(Says(error.report.message, "EUR")) << error.report.message;
  EXPECT_TRUE(Says(error.report.fix, "Add the currency in Xero")) << error.report.fix;
  ASSERT_EQ(Control("POST", "/currencies/EUR/subscribe", R"({"description":"Euro"})"), 200);
  EXPECT_EQ(Refresh().released, 1);
  ExpectSyncs(DocumentKind::kInvoice, "i1");
}

TEST_F(PreflightRows, RequiredInformationMissingNamesTheFieldAndSyncsOnceFilledIn) {
  PushInvoice("i1", {.number = "PF-14", .due_date = ""});
  const store::SyncError error =
      ExpectRefusedWithoutACall(DocumentKind::kInvoice, "i1", "document.missing_information");
  EXPECT_TRUE(Says(error.report.message, "due date")) << error.report.message;
  PushInvoice("i1", {.number = "PF-14"});
  ExpectSyncs(DocumentKind::kInvoice, "i1");
}

TEST_F(PreflightRows, PeriodLockedSyncsOnceTheDateIsInAnOpenPeriod) {
  ASSERT_EQ(Control("PUT", "/lock-dates", R"({"period_lock_date":"2026-01-31"})"), 200);
  Refresh();
  PushInvoice("i1", {.number = "PF-15", .date = "2026-01-20", .due_date = "2026-02-20"});
  const store::SyncError error =
      ExpectRefusedWithoutACall(DocumentKind::kInvoice, "i1", "document.period_locked");
  EXPECT_TRUE(Says(error.report.fix, "open period")) << error.report.fix;
  PushInvoice("i1", {.number = "PF-15", .date = "2026-02-02", .due_date = "2026-02-20"});
  ExpectSyncs(DocumentKind::kInvoice, "i1");
}

TEST_F(PreflightRows, PeriodLockedWithTheShiftPolicyIsSentDatedTheFirstOpenDay) {
  ASSERT_EQ(Control("PUT", "/lock-dates", R"({"period_lock_date":"2026-01-31"})"), 200);
  Refresh();
  ASSERT_TRUE(
      store_->SetMapping(Tenant(), {"setting", "lock_date_policy", "shift"}, "admin", Now()).ok());
  // Due before the first open day (moved with it), and due after it (kept).
  PushInvoice("i1", {.number = "PF-16", .date = "2026-01-20", .due_date = "2026-01-25"});
  PushInvoice("i2", {.number = "PF-17", .date = "2026-01-31", .due_date = "2026-02-20"});
  ExpectSyncs(DocumentKind::kInvoice, "i1");
  EXPECT_EQ(Doc(DocumentKind::kInvoice, "i2").state, DocumentState::kSynced);
  std::map<std::string, std::pair<std::string, std::string>> dates;  // number -> (date, due)
  emulator_.organisations().Read(kNz, [&](const emulator::OrgState& state) {
    for (const auto& invoice : state.invoices) {
      const auto day = [](TimePoint t) {
        return domain::Date::FromDays(std::chrono::floor<std::chrono::days>(t)).ToString();
      };
      dates[invoice.invoice_number] = {day(invoice.date),
                                       invoice.due_date ? day(*invoice.due_date) : ""};
    }
  });
  EXPECT_EQ(dates["PF-16"], (std::pair<std::string, std::string>{"2026-02-01", "2026-02-01"}));
  EXPECT_EQ(dates["PF-17"], (std::pair<std::string, std::string>{"2026-02-01", "2026-02-20"}));
  // The host's document keeps its own date; the log says what was sent.
  EXPECT_TRUE(Says(Doc(DocumentKind::kInvoice, "i1").payload, "2026-01-20"));
  std::vector<std::string> shifted;
  const std::vector<store::AuditEntry> audit = store_->ListAudit(Tenant(), 0, 100).value();
  for (const store::AuditEntry& e : audit) {
    if (e.action == "document.date_shifted") shifted.push_back(e.subject + " " + e.detail);
  }
  ASSERT_EQ(shifted.size(), 2u);
  EXPECT_TRUE(Says(shifted[0], "invoice:i1")) << shifted[0];
  EXPECT_TRUE(Says(shifted[0],
                   "dated 2026-01-20, on or before the lock date 2026-01-31: sent "
                   "dated 2026-02-01, due 2026-02-01 (was 2026-01-25)"))
      << shifted[0];

  // Back to "fail": the same date is refused again.
  ASSERT_TRUE(
      store_->SetMapping(Tenant(), {"setting", "lock_date_policy", "fail"}, "admin", Now()).ok());
  PushInvoice("i3", {.number = "PF-18", .date = "2026-01-20", .due_date = "2026-02-20"});
  ExpectRefusedWithoutACall(DocumentKind::kInvoice, "i3", "document.period_locked");
}

// ---- payments ----

store::IncomingDocument PaymentOf(const std::string& host_id, const std::string& invoice,
                                  const std::string& account = "090") {
  return {DocumentKind::kPayment,
          host_id,
          store::Operation::kUpsert,
          R"({"Date":"2026-01-05","Amount":10.00,"Account":{"Code":")" + account + R"("}})",
          {{{DocumentKind::kInvoice, invoice}, "invoice"}}};
}

TEST_F(PreflightRows, PaymentAgainstADraftSyncsOnceTheInvoiceIsApproved) {
  PushInvoice("i1", {.number = "PF-16", .status = "DRAFT"});
  ExpectSyncs(DocumentKind::kInvoice, "i1");
  Push({PaymentOf("p1", "i1")});
  const store::SyncError error =
      ExpectRefusedWithoutACall(DocumentKind::kPayment, "p1", "payment.document_not_authorised");
  EXPECT_TRUE(Says(error.report.fix, "Approve the invoice")) << error.report.fix;

  PushInvoice("i1", {.number = "PF-16"});  // approved in the business app
  ASSERT_TRUE(store_
                  ->RetryDocuments(std::vector<int64_t>{Doc(DocumentKind::kPayment, "p1").id},
                                   "admin", Now())
                  .ok());
  ExpectSyncs(DocumentKind::kPayment, "p1");
  EXPECT_EQ(Doc(DocumentKind::kInvoice, "i1").synced_version, 2);
}

TEST_F(PreflightRows, APaymentWaitsForTheVersionThatApprovesItsInvoice) {
  PushInvoice("i1", {.number = "PF-17", .status = "DRAFT"});
  ExpectSyncs(DocumentKind::kInvoice, "i1");
  // The approving version's first send fails (Xero answers 500): the payment, planned after it in
  // the same round, waits for it instead of failing, and goes once it is in.
  AddFault("POST", "/api.xro/2.0/Invoices", emulator::FaultAction::kAnswer, 1);
  PushInvoice("i1", {.number = "PF-17"});
  Push({PaymentOf("p1", "i1")});
  const RunReport report = Sync();
  EXPECT_EQ(report.run.counts.blocked, 1) << "the payment waited";
  EXPECT_EQ(Doc(DocumentKind::kInvoice, "i1").synced_version, 2);
  EXPECT_EQ(Doc(DocumentKind::kPayment, "p1").state, DocumentState::kSynced) << report.run.detail;
  EXPECT_FALSE(Doc(DocumentKind::kPayment, "p1").error_id.has_value()) << "no error: it waited";
}

TEST_F(PreflightRows, PaymentAccountThatCannotTakePaymentsSyncsOnceEnabledInXero) {
  PushInvoice("i1", {.number = "PF-18"});
  ExpectSyncs(DocumentKind::kInvoice, "i1");
  Push({PaymentOf("p1", "i1", "260")});  // a revenue account
  const store::SyncError error = ExpectRefusedWithoutACall(DocumentKind::kPayment, "p1",
                                                           "payment.account_cannot_take_payments");
  EXPECT_TRUE(Says(error.report.fix, "Enable payments on the account")) << error.report.fix;
  EXPECT_EQ(Sync().run.counts.api_calls, 0) << "not retried while nothing changed";

  ASSERT_EQ(Control("POST", "/accounts/260/payments", R"({"enabled":true})"), 200);
  EXPECT_EQ(Refresh().released, 1);
  ExpectSyncs(DocumentKind::kPayment, "p1");
}

TEST_F(PreflightRows, DocumentNotEditableOnceAPaymentIsInXeroAndTheFixIsACreditNote) {
  PushInvoice("i1", {.number = "PF-19"});
  Push({PaymentOf("p1", "i1")});
  Sync();
  ASSERT_EQ(Doc(DocumentKind::kPayment, "p1").state, DocumentState::kSynced);

  // The business app changes the paid invoice's line: Xero would refuse the edit.
  PushInvoice("i1", {.number = "PF-19", .tax_type = "ZERORATED"});
  const store::SyncError error =
      ExpectRefusedWithoutACall(DocumentKind::kInvoice, "i1", "document.not_editable");
  EXPECT_TRUE(Says(error.report.fix, "Issue a credit note and a new document")) << error.report.fix;

  // The fix: the Xero record is left as it is (the error archived with the reason) and the
  // change goes as a credit note and a new invoice.
  ASSERT_TRUE(store_->ArchiveError(error.id, "credited and re-issued", "admin", Now()).ok());
  Push(
      {{DocumentKind::kCreditNote,
        "cn1",
        store::Operation::kUpsert,
        R"({"Type":"ACCRECCREDIT","CreditNoteNumber":"PF-CN-19","Contact":{"Name":"ABC Furniture"},)"
        R"("Date":"2026-01-06",)"
        R"("Status":"AUTHORISED","LineAmountTypes":"Exclusive","LineItems":[{"Description":)"
        R"("Work","Quantity":2,"UnitAmount":100.5,"AccountCode":"200","TaxType":"OUTPUT2"}]})",
        {}}});
  PushInvoice("i2", {.number = "PF-19B", .tax_type = "ZERORATED"});
  Sync();
  EXPECT_EQ(Doc(DocumentKind::kCreditNote, "cn1").state, DocumentState::kSynced);
  EXPECT_EQ(Doc(DocumentKind::kInvoice, "i2").state, DocumentState::kSynced);
  EXPECT_EQ(Doc(DocumentKind::kInvoice, "i1").state, DocumentState::kArchived);
  EXPECT_EQ(Doc(DocumentKind::kInvoice, "i1").synced_version, 1) << "Xero keeps the paid one";
}

}  // namespace
}  // namespace xerosync::sync
