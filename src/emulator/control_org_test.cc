// The control API's organisation routes, driven in-process through Emulator::Handle: each edit and
// what the accounting reads then show, the offline 503, state and count reads, and reset.
#include "emulator/control_org.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>

#include "core/json.h"
#include "emulator/demo_data.h"
#include "emulator/emulator.h"
#include "emulator/events.h"
#include "emulator/organisation.h"
#include "emulator/state_json.h"
#include "emulator/test_support.h"

namespace xerosync::emulator {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kScopes[] =
    "accounting.settings accounting.contacts accounting.transactions offline_access";

class ControlOrgTest : public ::testing::Test {
 protected:
  ControlOrgTest() : emulator_(clock_, Options()) {
    token_ = testing::ConnectDemoApp(emulator_, kScopes);
  }
  static EmulatorOptions Options() {
    EmulatorOptions options;
    options.auto_consent = true;
    options.seed = 5;
    return options;
  }

  // A control call on the NZ demo organisation (`path` after /_emulator/tenants/{id}).
  http::Response Control(std::string method, const std::string& path, std::string body = "",
                         const std::string& tenant = std::string(kDemoNzTenantId)) {
    http::Request r;
    r.method = std::move(method);
    r.path = "/_emulator/tenants/" + tenant + path;
    r.body = std::move(body);
    return emulator_.Handle(r);
  }
  // An accounting GET by the connected demo app.
  http::Response Get(const std::string& path,
                     std::vector<std::pair<std::string, std::string>> query = {},
                     const std::string& tenant = std::string(kDemoNzTenantId)) {
    http::Request r;
    r.method = "GET";
    r.path = "/api.xro/2.0" + path;
    r.query = std::move(query);
    r.headers.Set("Authorization", "Bearer " + token_);
    r.headers.Set("xero-tenant-id", tenant);
    return emulator_.Handle(r);
  }
  static Json Body(const http::Response& r) { return Json::Parse(r.body).value_or(Json()); }
  static std::string Error(const http::Response& r) {
    const Json body = Body(r);
    const Json* error = body.Find("error");
    return error != nullptr && error->is_string() ? error->AsString() : "<no error member>";
  }
  // The `field` of each element of the `plural` list of a 200 read.
  std::vector<std::string> Listed(const std::string& path, const char* plural, const char* field,
                                  std::vector<std::pair<std::string, std::string>> query = {}) {
    const http::Response r = Get(path, std::move(query));
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<std::string> values;
    const Json body = Body(r);
    for (const Json& item : body.Find(plural)->AsArray()) {
      const Json* value = item.Find(field);
      values.push_back(value == nullptr     ? "<absent>"
                       : value->is_string() ? value->AsString()
                                            : value->Serialize());
    }
    return values;
  }
  OrgState Nz() {
    OrgState copy;
    emulator_.organisations().Read(kDemoNzTenantId, [&](const OrgState& s) { copy = s; });
    return copy;
  }

  FakeClock clock_;
  Emulator emulator_;
  std::string token_;
};

TEST_F(ControlOrgTest, AnArchivedContactLeavesTheContactListAndComesBack) {
  const std::string id = DemoContactId(1, 1);  // ABC Furniture
  clock_.Advance(std::chrono::minutes(10));
  const http::Response archived = Control("POST", "/contacts/" + id + "/archive");
  ASSERT_EQ(archived.status, 200) << archived.body;
  EXPECT_EQ(Body(archived).Find("contact_status")->AsString(), "ARCHIVED");
  EXPECT_EQ(Body(archived).Find("updated")->AsString(), "2026-01-01T00:10:00Z");

  EXPECT_THAT(Listed("/Contacts", "Contacts", "Name"),
              ::testing::Not(::testing::Contains("ABC Furniture")));
  const http::Response one = Get("/Contacts/" + id);
  ASSERT_EQ(one.status, 200);
  const Json contact = Body(one).Find("Contacts")->AsArray()[0];
  EXPECT_EQ(contact.Find("ContactStatus")->AsString(), "ARCHIVED");
  EXPECT_EQ(contact.Find("UpdatedDateUTC")->AsString(), "/Date(1767226200000+0000)/");
  // An If-Modified-Since read from just before the edit sees it.
  http::Request since;
  since.method = "GET";
  since.path = "/api.xro/2.0/Contacts";
  since.query = {{"includeArchived", "true"}};
  since.headers.Set("Authorization", "Bearer " + token_);
  since.headers.Set("xero-tenant-id", std::string(kDemoNzTenantId));
  since.headers.Set("If-Modified-Since", "2026-01-01T00:09:59Z");
  const http::Response changed = emulator_.Handle(since);
  ASSERT_EQ(changed.status, 200) << changed.body;
  ASSERT_EQ(Body(changed).Find("Contacts")->AsArray().size(), 1u);
  EXPECT_EQ(Body(changed).Find("Contacts")->AsArray()[0].Find("ContactID")->AsString(), id);

  ASSERT_EQ(Control("POST", "/contacts/" + id + "/unarchive").status, 200);
  EXPECT_THAT(Listed("/Contacts", "Contacts", "Name"), ::testing::Contains("ABC Furniture"));
}

TEST_F(ControlOrgTest, UnarchivingIsRefusedWhileAnActiveContactHasTheName) {
  const std::string archived_id = DemoContactId(1, 8);  // Old Supplies Co, archived in the demo
  emulator_.organisations().Write(kDemoNzTenantId, [](OrgState& s) {
    Contact twin;
    twin.contact_id = "c0ffee00-0000-4000-8000-000000000001";
    twin.name = "old supplies co";
    s.contacts.push_back(twin);
  });
  const http::Response refused = Control("POST", "/contacts/" + archived_id + "/unarchive");
  EXPECT_EQ(refused.status, 400);
  EXPECT_THAT(Error(refused), HasSubstr("another active contact"));
  EXPECT_EQ(Nz().contacts[7].contact_status, "ARCHIVED");
  EXPECT_EQ(Control("POST", "/contacts/c0000001-0000-4000-8000-999999999999/archive").status, 404);
}

TEST_F(ControlOrgTest, ATaxRateStatusShowsInTaxRates) {
  const http::Response deleted =
      Control("POST", "/tax-rates/OUTPUT2/status", R"({"status":"DELETED"})");
  ASSERT_EQ(deleted.status, 200) << deleted.body;
  EXPECT_EQ(Body(deleted).Find("status")->AsString(), "DELETED");
  const http::Response rates = Get("/TaxRates", {{"where", "TaxType==\"OUTPUT2\""}});
  ASSERT_EQ(rates.status, 200) << rates.body;
  EXPECT_EQ(Body(rates).Find("TaxRates")->AsArray()[0].Find("Status")->AsString(), "DELETED");
  ASSERT_EQ(Control("POST", "/tax-rates/output2/status", R"({"status":"ARCHIVED"})").status, 200);
  EXPECT_EQ(Nz().tax_rates[1].status, "ARCHIVED");

  for (const char* bad :
       {R"({"status":"PENDING"})", R"({})", R"({"status":3})", R"({"state":"ACTIVE"})", "["}) {
    const http::Response r = Control("POST", "/tax-rates/OUTPUT2/status", bad);
    EXPECT_EQ(r.status, 400) << bad;
    EXPECT_NE(Error(r), "<no error member>") << bad;
  }
  EXPECT_EQ(Nz().tax_rates[1].status, "ARCHIVED");
  EXPECT_EQ(Control("POST", "/tax-rates/NOPE/status", R"({"status":"ACTIVE"})").status, 404);
}

TEST_F(ControlOrgTest, CurrenciesUnsubscribeAndSubscribeButNeverTheBase) {
  ASSERT_EQ(Control("POST", "/currencies/USD/unsubscribe").status, 200);
  EXPECT_THAT(Listed("/Currencies", "Currencies", "Code"), ElementsAre("NZD", "AUD"));
  EXPECT_EQ(Control("POST", "/currencies/USD/unsubscribe").status, 404);
  const http::Response base = Control("POST", "/currencies/NZD/unsubscribe");
  EXPECT_EQ(base.status, 400);
  EXPECT_THAT(Error(base), HasSubstr("base currency"));

  const http::Response eur = Control("POST", "/currencies/EUR/subscribe");
  ASSERT_EQ(eur.status, 200) << eur.body;
  EXPECT_EQ(Body(eur).Find("description")->AsString(), "Euro");
  ASSERT_EQ(Control("POST", "/currencies/XAU/subscribe", R"({"description":"Gold"})").status, 200);
  EXPECT_THAT(Listed("/Currencies", "Currencies", "Description"),
              ElementsAre("New Zealand Dollar", "Australian Dollar", "Euro", "Gold"));
  EXPECT_EQ(Control("POST", "/currencies/eur/subscribe").status, 400);
  EXPECT_EQ(Control("POST", "/currencies/CHF/subscribe", R"({"description":7})").status, 400);
  EXPECT_EQ(Nz().currencies.size(), 4u);
}

TEST_F(ControlOrgTest, PaymentsToAnAccountToggleByCodeOrId) {
  clock_.Advance(std::chrono::minutes(5));
  const http::Response on = Control("POST", "/accounts/200/payments", R"({"enabled":true})");
  ASSERT_EQ(on.status, 200) << on.body;
  const std::string id = DemoAccountId(1, "200");
  EXPECT_EQ(Body(on).Find("account_id")->AsString(), id);
  const http::Response read = Get("/Accounts/" + id);
  const Json account = Body(read).Find("Accounts")->AsArray()[0];
  EXPECT_EQ(account.Find("EnablePaymentsToAccount")->AsBool(), true);
  EXPECT_EQ(account.Find("UpdatedDateUTC")->AsString(), "/Date(1767225900000+0000)/");

  ASSERT_EQ(Control("POST", "/accounts/" + id + "/payments", R"({"enabled":false})").status, 200);
  EXPECT_THAT(
      Listed("/Accounts", "Accounts", "EnablePaymentsToAccount", {{"where", "Code==\"200\""}}),
      ElementsAre("false"));
  EXPECT_EQ(Control("POST", "/accounts/999/payments", R"({"enabled":true})").status, 404);
  EXPECT_THAT(Error(Control("POST", "/accounts/200/payments", R"({"enabled":"yes"})")),
              HasSubstr("enabled"));
  EXPECT_THAT(Error(Control("POST", "/accounts/200/payments", "")), HasSubstr("enabled"));
}

TEST_F(ControlOrgTest, AnAccountWithoutACodeCanBeAdded) {
  const http::Response added =
      Control("POST", "/accounts", R"({"name":"Petty Cash","type":"BANK"})");
  ASSERT_EQ(added.status, 200) << added.body;
  const std::string id = Body(added).Find("account_id")->AsString();
  EXPECT_EQ(id.size(), 36u);
  const http::Response read = Get("/Accounts/" + id);
  ASSERT_EQ(read.status, 200) << read.body;
  const Json account = Body(read).Find("Accounts")->AsArray()[0];
  EXPECT_EQ(account.Find("Code"), nullptr);  // Xero leaves an empty Code out
  EXPECT_EQ(account.Find("Name")->AsString(), "Petty Cash");
  EXPECT_EQ(account.Find("Type")->AsString(), "BANK");
  EXPECT_EQ(account.Find("CurrencyCode")->AsString(), "NZD");
  EXPECT_EQ(account.Find("TaxType")->AsString(), "NONE");

  const http::Response coded = Control(
      "POST", "/accounts",
      R"({"code":"455","name":"Subscriptions","type":"EXPENSE","tax_type":"INPUT2","enable_payments_to_account":true})");
  ASSERT_EQ(coded.status, 200) << coded.body;
  EXPECT_THAT(Listed("/Accounts", "Accounts", "Name", {{"where", "Code==\"455\""}}),
              ElementsAre("Subscriptions"));
}

TEST_F(ControlOrgTest, ABadAccountIsRefusedNamingTheFieldAndAddsNothing) {
  const std::size_t before = Nz().accounts.size();
  const std::vector<std::pair<const char*, const char*>> cases = {
      {R"({"type":"BANK"})", "name"},
      {R"({"name":"Sales","type":"REVENUE"})", "name"},  // the demo has a Sales account
      {R"({"name":"X","type":"MONEY"})", "type"},
      {R"({"name":"X","type":"EXPENSE","code":"200"})", "code"},
      {R"({"name":"X","type":"EXPENSE","code":"A-1"})", "code"},
      {R"({"name":"X","type":"EXPENSE","tax_type":"VAT20"})", "tax_type"},
      {R"({"name":"X","type":"EXPENSE","colour":"red"})", "colour"},
      {R"({"name":"X","type":"EXPENSE","enable_payments_to_account":1})",
       "enable_payments_to_account"},
      {R"({"name":5,"type":"EXPENSE"})", "name"},
  };
  for (const auto& [body, field] : cases) {
    const http::Response r = Control("POST", "/accounts", body);
    EXPECT_EQ(r.status, 400) << body;
    EXPECT_THAT(Error(r), HasSubstr(field)) << body;
  }
  EXPECT_EQ(Nz().accounts.size(), before);
}

TEST_F(ControlOrgTest, LockDatesAreSetShownAndCleared) {
  const http::Response set =
      Control("PUT", "/lock-dates",
              R"({"period_lock_date":"2026-01-31","end_of_year_lock_date":"2025-03-31"})");
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(Body(set).Find("period_lock_date")->AsString(), "2026-01-31");
  const Json organisation = Body(Get("/Organisation")).Find("Organisations")->AsArray()[0];
  EXPECT_EQ(organisation.Find("PeriodLockDate")->AsString(), "/Date(1769817600000+0000)/");
  EXPECT_EQ(organisation.Find("EndOfYearLockDate")->AsString(), "/Date(1743379200000+0000)/");

  // Only the members given change; null clears.
  const http::Response cleared = Control("PUT", "/lock-dates", R"({"end_of_year_lock_date":null})");
  ASSERT_EQ(cleared.status, 200) << cleared.body;
  EXPECT_EQ(Body(cleared).Find("period_lock_date")->AsString(), "2026-01-31");
  EXPECT_TRUE(Body(cleared).Find("end_of_year_lock_date")->is_null());
  EXPECT_EQ(
      Body(Get("/Organisation")).Find("Organisations")->AsArray()[0].Find("EndOfYearLockDate"),
      nullptr);

  for (const char* bad :
       {R"({"period_lock_date":"2026-01-31T00:00:00Z"})", R"({"period_lock_date":"31/01/2026"})",
        R"({"period_lock_date":20260131})", R"({"end_of_year_lock_date":"2026-02-28"})",
        R"({"period":"2026-01-31"})"}) {
    EXPECT_EQ(Control("PUT", "/lock-dates", bad).status, 400) << bad;
  }
  EXPECT_EQ(Nz().organisation.period_lock_date, ParseStateTime("2026-01-31"));
  EXPECT_FALSE(Nz().organisation.end_of_year_lock_date.has_value());
}

TEST_F(ControlOrgTest, AnOfflineOrganisationAnswers503UntilBackOnline) {
  const http::Response first = Get("/Organisation");
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(first.headers.Get("X-MinLimit-Remaining"), "59");
  const http::Response offline = Control("POST", "/offline");
  ASSERT_EQ(offline.status, 200) << offline.body;
  EXPECT_EQ(Body(offline).Find("offline")->AsBool(), true);

  for (const char* path : {"/Organisation", "/Contacts", "/Accounts/nope", "/Invoices"}) {
    const http::Response r = Get(path);
    EXPECT_EQ(r.status, 503) << path;
    EXPECT_EQ(r.body, "The Organisation is Offline") << path;
    EXPECT_THAT(std::string(r.headers.Get("Content-Type").value_or("")), HasSubstr("text/plain"));
    EXPECT_TRUE(r.headers.Get("Xero-Correlation-Id").has_value());
    EXPECT_FALSE(r.headers.Get("X-MinLimit-Remaining").has_value());  // not counted
  }
  http::Request create;  // writes too: nothing is written
  create.method = "PUT";
  create.path = "/api.xro/2.0/Contacts";
  create.headers.Set("Authorization", "Bearer " + token_);
  create.headers.Set("xero-tenant-id", std::string(kDemoNzTenantId));
  create.body = R"({"Contacts":[{"Name":"Offline Co"}]})";
  EXPECT_EQ(emulator_.Handle(create).status, 503);
  EXPECT_EQ(Nz().contacts.size(), DemoNzOrganisation().contacts.size());
  EXPECT_EQ(Get("/Organisation", {}, std::string(kDemoUkTenantId)).status, 200);  // only that one
  http::Request list;
  list.method = "GET";
  list.path = "/_emulator/tenants";
  const Json tenants = Body(emulator_.Handle(list));
  ASSERT_EQ(tenants.Find("tenants")->AsArray().size(), 2u);
  const Json& nz = tenants.Find("tenants")->AsArray()[0];
  EXPECT_EQ(nz.Find("tenant_id")->AsString(), kDemoNzTenantId);
  EXPECT_EQ(nz.Find("name")->AsString(), "Demo Company (NZ)");
  EXPECT_TRUE(nz.Find("offline")->AsBool());
  EXPECT_FALSE(tenants.Find("tenants")->AsArray()[1].Find("offline")->AsBool());
  EXPECT_EQ(Control("GET", "/state").status, 200);  // the control API still answers

  ASSERT_EQ(Control("POST", "/online").status, 200);
  const http::Response back = Get("/Organisation");
  EXPECT_EQ(back.status, 200);
  EXPECT_EQ(back.headers.Get("X-MinLimit-Remaining"), "58");  // the offline calls cost nothing
}

TEST_F(ControlOrgTest, AnUnknownTenantIs404WithAnError) {
  const std::string unknown = "00000000-0000-4000-8000-000000000000";
  for (const auto& [method, path] :
       std::vector<std::pair<std::string, std::string>>{{"GET", "/state"},
                                                        {"GET", "/counts"},
                                                        {"POST", "/offline"},
                                                        {"POST", "/currencies/EUR/subscribe"},
                                                        {"PUT", "/lock-dates"}}) {
    const http::Response r = Control(method, path, "", unknown);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_THAT(Error(r), HasSubstr(unknown)) << path;
  }
}

// Documents are put in directly: the document writers are not part of this test.
void AddInvoice(OrgState& s, std::string type, std::string number, std::string status) {
  Invoice invoice;
  invoice.invoice_id = "1e000000-0000-4000-8000-00000000000" + std::to_string(s.invoices.size());
  invoice.type = std::move(type);
  invoice.contact_id = s.contacts[0].contact_id;
  invoice.invoice_number = std::move(number);
  invoice.status = std::move(status);
  invoice.totals.total = Decimal::Parse("115.50").value();
  s.invoices.push_back(std::move(invoice));
}

TEST_F(ControlOrgTest, StateShowsEveryRecordAndCountsFindDuplicates) {
  emulator_.organisations().Write(kDemoNzTenantId, [](OrgState& s) {
    AddInvoice(s, "ACCREC", "INV-0001", "AUTHORISED");
    AddInvoice(s, "ACCREC", "INV-0001", "DRAFT");  // a duplicate a sync bug would make
    AddInvoice(s, "ACCREC", "INV-0002", "VOIDED");
    AddInvoice(s, "ACCPAY", "INV-0001", "AUTHORISED");
    CreditNote note;
    note.credit_note_number = "CN-1";
    s.credit_notes.push_back(note);
    s.payments.push_back(Payment{});
    s.bank_transactions.push_back(BankTransaction{});
    s.allocations.push_back(Allocation{});
  });
  const http::Response state = Control("GET", "/state");
  ASSERT_EQ(state.status, 200) << state.body;
  const Json body = Body(state);
  EXPECT_EQ(body.Find("organisation")->Find("organisation_id")->AsString(), kDemoNzTenantId);
  EXPECT_EQ(body.Find("offline")->AsBool(), false);
  ASSERT_EQ(body.Find("invoices")->AsArray().size(), 4u);
  EXPECT_EQ(body.Find("invoices")->AsArray()[0].Find("total")->NumberText(), "115.50");
  EXPECT_EQ(body.Find("contacts")->AsArray().size(), 8u);
  for (const char* kind : {"accounts", "tax_rates", "currencies", "tracking_categories",
                           "credit_notes", "allocations", "payments", "bank_transactions"}) {
    EXPECT_FALSE(body.Find(kind)->AsArray().empty()) << kind;
  }

  const Json counts = Body(Control("GET", "/counts"));
  EXPECT_EQ(
      counts.Find("invoices")->Find("ACCREC")->Find("INV-0001")->Find("all")->AsInt64().value(), 2);
  EXPECT_EQ(counts.Find("totals")->Find("invoices")->Find("live")->AsInt64().value(), 3);

  const auto count = [&](const std::string& query) {
    http::Request r;
    r.method = "GET";
    r.path = "/_emulator/tenants/" + std::string(kDemoNzTenantId) + "/counts";
    r.query = http::DecodeForm(query).value();
    return emulator_.Handle(r);
  };
  const Json inv = Body(count("invoice_number=INV-0001"));
  EXPECT_EQ(inv, Json::Parse(R"({"invoice_number":"INV-0001","all":3,"live":3})").value());
  const Json accrec = Body(count("invoice_number=INV-0001&type=ACCREC"));
  EXPECT_EQ(accrec.Find("all")->AsInt64().value(), 2);
  EXPECT_EQ(Body(count("invoice_number=INV-0002")).Find("live")->AsInt64().value(), 0);
  EXPECT_EQ(Body(count("credit_note_number=CN-1")).Find("all")->AsInt64().value(), 1);
  const Json name = Body(count("contact_name=Old%20Supplies%20Co"));
  EXPECT_EQ(name, Json::Parse(R"({"contact_name":"Old Supplies Co","all":1,"live":0})").value());
  EXPECT_EQ(Body(count("contact_name=Nobody")).Find("all")->AsInt64().value(), 0);
  EXPECT_EQ(count("invoice_number=1&contact_name=x").status, 400);
  EXPECT_EQ(count("type=ACCREC").status, 400);
  EXPECT_EQ(count("invoice_number=1&type=SALES").status, 400);
}

TEST_F(ControlOrgTest, ResetRestoresTheDemoDataAndKeepsTheToken) {
  http::Request fault;
  fault.method = "POST";
  fault.path = "/_emulator/faults";
  fault.body = R"({"path":"/api.xro/2.0/Invoices","kind":"500"})";
  ASSERT_EQ(emulator_.Handle(fault).status, 201);
  std::vector<std::string> hooks;
  // Hooks are registered before serving in real use; registering here is equivalent for a test.
  Emulator& emulator = emulator_;
  emulator.OnReset([&] { hooks.push_back("idempotency"); });
  emulator.OnReset([&] { hooks.push_back("faults"); });
  ASSERT_EQ(Control("POST", "/contacts/" + DemoContactId(1, 1) + "/archive").status, 200);
  ASSERT_EQ(Control("POST", "/accounts", R"({"name":"Petty Cash","type":"BANK"})").status, 200);
  ASSERT_EQ(Control("POST", "/offline", "", std::string(kDemoUkTenantId)).status, 200);
  emulator_.organisations().Write(kDemoNzTenantId,
                                  [](OrgState& s) { AddInvoice(s, "ACCREC", "INV-9", "DRAFT"); });
  http::Request create;
  create.method = "PUT";
  create.path = "/api.xro/2.0/Contacts";
  create.headers.Set("Authorization", "Bearer " + token_);
  create.headers.Set("xero-tenant-id", std::string(kDemoNzTenantId));
  create.headers.Set("Idempotency-Key", "create-new-co");
  create.body = R"({"Contacts":[{"Name":"New Co"}]})";
  ASSERT_EQ(emulator_.Handle(create).status, 200);
  ASSERT_EQ(emulator_.writes().IdempotencyKeyCount(), 1u);
  emulator_.rate_limits().SetOptions({.concurrent = 5, .per_minute = 2});  // the PUT was one
  ASSERT_EQ(Get("/Organisation").status, 200);
  ASSERT_EQ(Get("/Organisation").status, 429);

  http::Request reset;
  reset.method = "POST";
  reset.path = "/_emulator/reset";
  const http::Response r = emulator_.Handle(reset);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Body(r).Find("organisations")->AsInt64().value(), 2);
  EXPECT_THAT(hooks, ElementsAre("idempotency", "faults"));
  EXPECT_EQ(emulator_.writes().IdempotencyKeyCount(), 0u);  // the emulator's own hooks
  EXPECT_TRUE(emulator_.faults().List().empty());

  EXPECT_EQ(emulator_.rate_limits().options().per_minute, 60);
  const http::Response after = Get("/Organisation", {}, std::string(kDemoUkTenantId));
  EXPECT_EQ(after.status, 200) << after.body;  // the same token, back online
  EXPECT_EQ(after.headers.Get("X-MinLimit-Remaining"), "59");
  EXPECT_EQ(Get("/Organisation").status, 200);
  const OrgState nz = Nz();
  EXPECT_TRUE(nz.invoices.empty());
  EXPECT_EQ(nz.contacts.size(), DemoNzOrganisation().contacts.size());  // New Co is gone
  EXPECT_EQ(nz.accounts.size(), DemoNzOrganisation().accounts.size());
  EXPECT_EQ(nz.contacts[0].contact_status, "ACTIVE");
}

// The edits exist to reach the API's error paths: the document writers see them.
TEST_F(ControlOrgTest, TheWritersSeeTheEditsAndTheCountsSeeTheirDuplicates) {
  const auto put_invoice = [&](const std::string& invoice) {
    http::Request r;
    r.method = "PUT";
    r.path = "/api.xro/2.0/Invoices";
    r.headers.Set("Authorization", "Bearer " + token_);
    r.headers.Set("xero-tenant-id", std::string(kDemoNzTenantId));
    r.body = R"({"Invoices":[)" + invoice + "]}";
    return emulator_.Handle(r);
  };
  const auto bill = [](const std::string& contact, const std::string& date) {
    return R"({"Type":"ACCPAY","Status":"AUTHORISED","InvoiceNumber":"SUP-9","DueDate":"2026-02-28",)"
           R"("Date":")" +
           date + R"(","Contact":{"ContactID":")" + contact +
           R"("},"LineItems":[{"Quantity":1,"UnitAmount":5,"AccountCode":"429"}]})";
  };
  const std::string supplier = DemoContactId(1, 6);  // PowerDirect
  ASSERT_EQ(Control("POST", "/contacts/" + supplier + "/archive").status, 200);
  http::Response refused = put_invoice(bill(supplier, "2026-01-15"));
  EXPECT_EQ(refused.status, 400);
  EXPECT_THAT(refused.body, HasSubstr("has been archived"));
  ASSERT_EQ(Control("POST", "/contacts/" + supplier + "/unarchive").status, 200);

  ASSERT_EQ(Control("PUT", "/lock-dates", R"({"period_lock_date":"2026-01-31"})").status, 200);
  refused = put_invoice(bill(supplier, "2026-01-15"));
  EXPECT_EQ(refused.status, 400);
  EXPECT_THAT(refused.body, HasSubstr("The document date cannot be before the period lock date"));
  ASSERT_EQ(Control("PUT", "/lock-dates", R"({"period_lock_date":null})").status, 200);

  // A bill sent twice (bills' numbers may repeat in Xero) is a duplicate the counts show.
  ASSERT_EQ(put_invoice(bill(supplier, "2026-01-15")).status, 200);
  ASSERT_EQ(put_invoice(bill(supplier, "2026-01-15")).status, 200);
  http::Request count;
  count.method = "GET";
  count.path = "/_emulator/tenants/" + std::string(kDemoNzTenantId) + "/counts";
  count.query = {{"invoice_number", "SUP-9"}, {"type", "ACCPAY"}};
  const Json counted = Body(emulator_.Handle(count));
  EXPECT_EQ(counted.Find("all")->AsInt64().value(), 2);
  EXPECT_EQ(counted.Find("live")->AsInt64().value(), 2);
}

TEST_F(ControlOrgTest, TheWritersSeeTaxRatesCurrenciesAndPaymentsToAccounts) {
  const auto put = [&](const std::string& plural, const std::string& element) {
    http::Request r;
    r.method = "PUT";
    r.path = "/api.xro/2.0/" + plural;
    r.headers.Set("Authorization", "Bearer " + token_);
    r.headers.Set("xero-tenant-id", std::string(kDemoNzTenantId));
    r.body = R"({")" + plural + R"(":[)" + element + "]}";
    return emulator_.Handle(r);
  };
  const auto invoice = [&](const std::string& currency) {
    return put("Invoices",
               R"({"Type":"ACCREC","Status":"AUTHORISED","DueDate":"2026-02-28","CurrencyCode":")" +
                   currency + R"(","Contact":{"ContactID":")" + DemoContactId(1, 1) +
                   R"("},"LineItems":[{"Quantity":1,"UnitAmount":10,"AccountCode":"200"}]})");
  };
  ASSERT_EQ(Control("POST", "/tax-rates/OUTPUT2/status", R"({"status":"DELETED"})").status, 200);
  http::Response refused = invoice("NZD");  // account 200's tax type is OUTPUT2
  EXPECT_EQ(refused.status, 400);
  EXPECT_THAT(refused.body, HasSubstr("The TaxType code OUTPUT2 does not exist or cannot be used"));
  ASSERT_EQ(Control("POST", "/tax-rates/OUTPUT2/status", R"({"status":"ACTIVE"})").status, 200);

  ASSERT_EQ(Control("POST", "/currencies/USD/unsubscribe").status, 200);
  refused = invoice("USD");
  EXPECT_EQ(refused.status, 400);
  EXPECT_THAT(refused.body, HasSubstr("Organisation is not subscribed to currency USD"));
  ASSERT_EQ(Control("POST", "/currencies/USD/subscribe").status, 200);

  const http::Response created = invoice("NZD");
  ASSERT_EQ(created.status, 200) << created.body;
  const std::string invoice_id =
      Body(created).Find("Invoices")->AsArray()[0].Find("InvoiceID")->AsString();
  const std::string payment = R"({"Invoice":{"InvoiceID":")" + invoice_id +
                              R"("},"Account":{"Code":"260"},"Date":"2026-01-20","Amount":1})";
  refused = put("Payments", payment);  // 260 is a revenue account
  EXPECT_EQ(refused.status, 400);
  EXPECT_THAT(refused.body, HasSubstr("Account type is invalid for making a payment to/from"));
  ASSERT_EQ(Control("POST", "/accounts/260/payments", R"({"enabled":true})").status, 200);
  EXPECT_EQ(put("Payments", payment).status, 200);
}

TEST(ControlOrgEventsTest, ArchivingAContactIsAContactUpdateEvent) {
  FakeClock clock;
  Organisations organisations;
  organisations.Put(DemoNzOrganisation());
  RandomSource random(1);
  std::vector<ChangeEvent> events;
  http::Router router;
  AddOrganisationControlRoutes(
      router, clock, organisations, random, [] {},
      [&](const ChangeEvent& e) { events.push_back(e); });
  const auto post = [&](const std::string& path, std::string body = "") {
    http::Request r;
    r.method = "POST";
    r.path = "/_emulator/tenants/" + std::string(kDemoNzTenantId) + path;
    r.body = std::move(body);
    return router.Dispatch(r).status;
  };
  const std::string id = DemoContactId(1, 2);
  const TimePoint start = clock.Now();
  clock.Advance(std::chrono::microseconds(1500));
  ASSERT_EQ(post("/contacts/" + id + "/archive"), 200);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].tenant_id, kDemoNzTenantId);
  EXPECT_EQ(events[0].category, "CONTACT");
  EXPECT_EQ(events[0].type, "UPDATE");
  EXPECT_EQ(events[0].resource_id, id);
  EXPECT_EQ(events[0].at, start + std::chrono::milliseconds(1));  // Xero's precision
  ASSERT_EQ(post("/contacts/" + id + "/unarchive"), 200);
  EXPECT_EQ(events.size(), 2u);
  // A failed edit and settings edits report nothing.
  EXPECT_EQ(post("/contacts/nope/archive"), 404);
  EXPECT_EQ(post("/tax-rates/OUTPUT2/status", R"({"status":"DELETED"})"), 200);
  EXPECT_EQ(events.size(), 2u);
}

TEST(ControlOrgResetTest, WithoutTheDemoResetLeavesNoOrganisations) {
  FakeClock clock;
  EmulatorOptions options;
  options.demo = false;
  Emulator emulator(clock, options);
  emulator.ReplaceOrganisations({DemoUkOrganisation()});
  http::Request state;
  state.method = "GET";
  state.path = "/_emulator/tenants/" + std::string(kDemoUkTenantId) + "/state";
  EXPECT_EQ(emulator.Handle(state).status, 200);
  http::Request reset;
  reset.method = "POST";
  reset.path = "/_emulator/reset";
  EXPECT_EQ(emulator.Handle(reset).body, R"({"organisations":0})");
  EXPECT_EQ(emulator.Handle(state).status, 404);
  EXPECT_TRUE(emulator.identity().tenants().empty());
}

}  // namespace
}  // namespace xerosync::emulator
