// The settings routes: each setting read, changed and taking effect — the interval in the
// scheduler (on the fake clock), "create missing contacts" and the lock-date policy in the next
// run's pre-flight, through the engine and the emulator — bad values refused naming the field, and
// who may change them.

#include "api/settings_routes.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "api/routes_test_util.h"

namespace xerosync::api::testing {
namespace {

using store::DocumentKind;
using store::DocumentState;

const std::string kSettings = std::string("/api/v1/orgs/") + kNz + "/settings";

class SettingsRoutesTest : public RoutesTest {
 protected:
  // The organisation's settings cached (its first run), as after connecting.
  void SetUp() override {
    ASSERT_EQ(Sync(store::RunTrigger::kInitial).run.outcome, store::RunOutcome::kSucceeded);
  }

  int Control(const std::string& method, const std::string& path, const std::string& body) {
    const xero::TransportResult result =
        transport_.Send({method,
                         std::string(xero::testing::kBase) + "/_emulator/tenants/" + kNz + path,
                         {{"Content-Type", "application/json"}},
                         body});
    const auto* response = std::get_if<xero::HttpResponse>(&result);
    return response == nullptr ? 0 : response->status;
  }

  void PushInvoice(const std::string& host_id, const std::string& contact_name,
                   const std::string& date) {
    Push({{DocumentKind::kInvoice,
           host_id,
           store::Operation::kUpsert,
           R"({"Type":"ACCREC","InvoiceNumber":"SET-)" + host_id + R"(","Contact":{"Name":")" +
               contact_name + R"("},"Date":")" + date +
               R"(","DueDate":"2026-03-30","Status":"AUTHORISED","LineAmountTypes":"Exclusive",)"
               R"("LineItems":[{"Description":"Work","Quantity":1,"UnitAmount":10.00,)"
               R"("AccountCode":"200","TaxType":"OUTPUT2"}]})",
           {}}});
  }

  store::SyncError ErrorOf(DocumentKind kind, const std::string& host_id) {
    const store::Document document = Doc(kind, host_id);
    EXPECT_TRUE(document.error_id.has_value());
    return store_->GetError(document.error_id.value_or(0)).value_or(store::SyncError{});
  }
};

TEST_F(SettingsRoutesTest, DefaultsAreTenMinutesNoAutoCreateAndFail) {
  auto [status, body] = Send("GET", kSettings);
  ASSERT_EQ(status, 200) << body.Serialize();
  EXPECT_EQ(Text(body, {"sync_interval_minutes"}), "10");
  EXPECT_EQ(Text(body, {"auto_create_contacts"}), "false");
  EXPECT_EQ(Text(body, {"lock_date_policy"}), "fail");
  std::tie(status, body) = Send("GET", "/api/v1/orgs/nobody/settings");
  EXPECT_EQ(status, 404);
}

TEST_F(SettingsRoutesTest, TheIntervalReachesTheSchedulerAndSurvivesARestart) {
  ASSERT_TRUE(scheduler_->Load().ok());
  ASSERT_EQ(scheduler_->RunDue().size(), 1u);
  auto [status, body] = Send("PUT", kSettings, R"({"sync_interval_minutes":5})");
  ASSERT_EQ(status, 200) << body.Serialize();
  EXPECT_EQ(Text(body, {"sync_interval_minutes"}), "5");
  EXPECT_EQ(scheduler_->interval(), std::chrono::minutes(5));
  EXPECT_EQ(scheduler_->NextDue(), Now() + std::chrono::minutes(5));
  const std::vector<store::AuditEntry> audit = Audit();
  ASSERT_FALSE(audit.empty());
  EXPECT_EQ(audit.back().action, "settings.change");
  EXPECT_EQ(audit.back().actor, "api");
  EXPECT_EQ(audit.back().detail, "sync_interval_minutes 10 -> 5");

  // Off: no automatic run waits.
  std::tie(status, body) = Send("PUT", kSettings, R"({"sync_interval_minutes":0})");
  ASSERT_EQ(status, 200);
  EXPECT_FALSE(scheduler_->NextDue().has_value());

  // A restarted service applies what was stored.
  sync::Scheduler restarted(*engine_, *store_, emulator_.clock());
  ASSERT_TRUE(restarted.Load().ok());
  ASSERT_TRUE(ApplyStoredSyncInterval(*store_, restarted).ok());
  EXPECT_EQ(restarted.interval(), Duration::zero());
  EXPECT_FALSE(restarted.NextDue().has_value());
}

TEST_F(SettingsRoutesTest, CreateMissingContactsRequeuesAndSyncsWhatItFixes) {
  PushInvoice("i1", "A Customer Xero Has Never Seen", "2026-02-02");
  Sync();
  ASSERT_EQ(Doc(DocumentKind::kInvoice, "i1").state, DocumentState::kFailed);
  EXPECT_EQ(ErrorOf(DocumentKind::kInvoice, "i1").report.code, "contact.missing");

  auto [status, body] = Send("PUT", kSettings, R"({"auto_create_contacts":true})");
  ASSERT_EQ(status, 200) << body.Serialize();
  EXPECT_EQ(Text(body, {"auto_create_contacts"}), "true");
  EXPECT_EQ(Text(body, {"released"}), "1");
  Sync();
  EXPECT_EQ(Doc(DocumentKind::kInvoice, "i1").state, DocumentState::kSynced);
  int contacts = 0;
  emulator_.organisations().Read(kNz, [&](const emulator::OrgState& state) {
    for (const auto& c : state.contacts) contacts += c.name == "A Customer Xero Has Never Seen";
  });
  EXPECT_EQ(contacts, 1);
}

TEST_F(SettingsRoutesTest, TheShiftPolicySendsALockedDateAsTheFirstOpenDay) {
  ASSERT_EQ(Control("PUT", "/lock-dates", R"({"period_lock_date":"2026-01-31"})"), 200);
  ASSERT_TRUE(engine_->RefreshSettingsNow(domain::TenantId(kNz)).ok());
  PushInvoice("i1", "ABC Furniture", "2026-01-15");
  Sync();
  EXPECT_EQ(ErrorOf(DocumentKind::kInvoice, "i1").report.code, "document.period_locked");

  auto [status, body] = Send("PUT", kSettings, R"({"lock_date_policy":"shift"})");
  ASSERT_EQ(status, 200) << body.Serialize();
  EXPECT_EQ(Text(body, {"lock_date_policy"}), "shift");
  EXPECT_EQ(Text(body, {"released"}), "1");
  Sync();
  EXPECT_EQ(Doc(DocumentKind::kInvoice, "i1").state, DocumentState::kSynced);
  std::string sent_date;
  emulator_.organisations().Read(kNz, [&](const emulator::OrgState& state) {
    for (const auto& invoice : state.invoices) {
      if (invoice.invoice_number == "SET-i1") {
        sent_date =
            domain::Date::FromDays(std::chrono::floor<std::chrono::days>(invoice.date)).ToString();
      }
    }
  });
  EXPECT_EQ(sent_date, "2026-02-01");
}

TEST_F(SettingsRoutesTest, BadValuesAreRefusedNamingTheFieldAndNothingChanges) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"sync_interval_minutes":1441})", "sync_interval_minutes"},
      {R"({"sync_interval_minutes":-1})", "sync_interval_minutes"},
      {R"({"sync_interval_minutes":1.5})", "sync_interval_minutes"},
      {R"({"sync_interval_minutes":"10"})", "sync_interval_minutes"},
      {R"({"sync_interval_minutes":null})", "sync_interval_minutes"},
      {R"({"auto_create_contacts":"yes"})", "auto_create_contacts"},
      {R"({"lock_date_policy":"later"})", "lock_date_policy"},
      {R"({"lock_date_policy":5})", "lock_date_policy"},
      // Valid first, bad second: nothing of the request is applied.
      {R"({"sync_interval_minutes":30,"colour":"red"})", "colour"},
      {R"({"auto_create_contacts":true,"lock_date_policy":"SHIFT"})", "lock_date_policy"},
      {"[1]", ""},
      {"{", ""},
  };
  for (const auto& [body_text, field] : cases) {
    auto [status, body] = Send("PUT", kSettings, body_text);
    EXPECT_EQ(status, 400) << body_text;
    if (!field.empty()) {
      EXPECT_EQ(Text(body, {"error", "field"}), field) << body_text;
    }
  }
  auto [status, body] = Send("GET", kSettings);
  EXPECT_EQ(Text(body, {"sync_interval_minutes"}), "10");
  EXPECT_EQ(Text(body, {"auto_create_contacts"}), "false");
  EXPECT_EQ(scheduler_->interval(), std::chrono::minutes(10));
  EXPECT_FALSE(store_->GetInstallationSetting(kSyncIntervalSetting).value().has_value());
  EXPECT_TRUE(Audit().empty());
  // A PUT that changes nothing is not audited.
  std::tie(status, body) = Send("PUT", kSettings, R"({"lock_date_policy":"fail"})");
  EXPECT_EQ(status, 200);
  EXPECT_TRUE(Audit().empty());
}

TEST_F(SettingsRoutesTest, ViewersSeeThemOnlyAdminsChangeThem) {
  Wire(kConnection, /*with_access=*/true);
  std::map<store::Role, std::string> keys;
  for (const store::Role role :
       {store::Role::kViewer, store::Role::kOperator, store::Role::kAdmin}) {
    keys[role] = access_->CreateApiKey(std::string(store::RoleName(role)) + "-key", role)->key;
  }
  const std::string change = R"({"sync_interval_minutes":15})";
  EXPECT_EQ(Raw("GET", kSettings).status, 401);
  EXPECT_EQ(Raw("GET", kSettings, "", keys[store::Role::kViewer]).status, 200);
  EXPECT_EQ(Raw("PUT", kSettings, change).status, 401);
  EXPECT_EQ(Raw("PUT", kSettings, change, keys[store::Role::kViewer]).status, 403);
  EXPECT_EQ(Raw("PUT", kSettings, change, keys[store::Role::kOperator]).status, 403);
  EXPECT_EQ(scheduler_->interval(), std::chrono::minutes(10));
  EXPECT_EQ(Raw("PUT", kSettings, change, keys[store::Role::kAdmin]).status, 200);
  EXPECT_EQ(scheduler_->interval(), std::chrono::minutes(15));
  EXPECT_EQ(Audit().back().actor, "api:admin-key");
}

}  // namespace
}  // namespace xerosync::api::testing
