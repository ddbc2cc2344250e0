// The state form (state_json.h): every field of every record survives a round trip, times and
// amounts are exact, bad input is refused naming the member, and the counts prove duplicates.
#include "emulator/state_json.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>

#include "emulator/demo_data.h"
#include "emulator/state_test_support.h"

namespace xerosync::emulator {
namespace {

using std::chrono::milliseconds;
using std::chrono::nanoseconds;
using ::testing::HasSubstr;

TEST(StateTimeTest, FormatsAndParsesExactly) {
  const TimePoint midnight = *ParseStateTime("2026-01-31");
  EXPECT_EQ(FormatStateTime(midnight), "2026-01-31T00:00:00Z");
  const TimePoint precise = midnight + std::chrono::hours(9) + milliseconds(250) + nanoseconds(1);
  EXPECT_EQ(FormatStateTime(precise), "2026-01-31T09:00:00.250000001Z");
  EXPECT_EQ(ParseStateTime(FormatStateTime(precise)), precise);
  EXPECT_EQ(ParseStateTime("2026-01-31T09:00:00.25Z"),
            midnight + std::chrono::hours(9) + milliseconds(250));
  EXPECT_EQ(FormatStateTime(TimePoint{}), "1970-01-01T00:00:00Z");
  for (const char* bad :
       {"", "2026-02-30", "2026-1-31", "2026-01-31T09:00:00", "2026-01-31T24:00:00Z",
        "2026-01-31T09:00:00.Z", "2026-01-31 09:00:00Z", "yesterday"}) {
    EXPECT_FALSE(ParseStateTime(bad).has_value()) << bad;
  }
}

TEST(StateJsonTest, EveryFieldSurvivesTheRoundTrip) {
  const OrgState original = testing::StateWithEveryField();
  const Json json = StateToJson(original);
  // Through text, as the state file stores it.
  const Result<Json> reparsed = Json::Parse(json.Serialize());
  ASSERT_TRUE(reparsed.ok());
  const Result<OrgState> loaded = StateFromJson(*reparsed);
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  testing::ExpectSameState(*loaded, original);
}

// A tripwire for the round trip above, which can only check the fields it knows: a field added to
// a record changes the record's size (on this platform, g++ on x86-64). When this fails, add the
// new field to state_json.cc's Fields list and to state_test_support.cc (StateWithEveryField and
// ExpectSameState), then update the size here.
TEST(StateJsonTest, TheRecordsHaveTheFieldsTheStateFormKnows) {
  EXPECT_EQ(sizeof(OrganisationInfo), 472u);
  EXPECT_EQ(sizeof(Account), 336u);
  EXPECT_EQ(sizeof(TaxComponent), 48u);
  EXPECT_EQ(sizeof(TaxRate), 160u);
  EXPECT_EQ(sizeof(Currency), 64u);
  EXPECT_EQ(sizeof(TrackingOption), 96u);
  EXPECT_EQ(sizeof(TrackingCategory), 120u);
  EXPECT_EQ(sizeof(Contact), 272u);
  EXPECT_EQ(sizeof(LineTracking), 128u);
  EXPECT_EQ(sizeof(LineItem), 296u);
  EXPECT_EQ(sizeof(Invoice), 472u);
  EXPECT_EQ(sizeof(CreditNote), 424u);
  EXPECT_EQ(sizeof(Allocation), 120u);
  EXPECT_EQ(sizeof(Payment), 272u);
  EXPECT_EQ(sizeof(BankTransaction), 368u);
  EXPECT_EQ(sizeof(OrgState), 720u);
}

TEST(StateJsonTest, AmountsAreExactNumbersAndOptionalsNull) {
  OrgState state = testing::StateWithEveryField();
  state.invoices[0].line_items[0].quantity.reset();
  const Json json = StateToJson(state);
  const Json& invoice = json.Find("invoices")->AsArray()[0];
  EXPECT_EQ(invoice.Find("total")->NumberText(), "1234567890123.45");
  EXPECT_EQ(invoice.Find("line_items")->AsArray()[0].Find("unit_amount")->NumberText(), "0.1234");
  EXPECT_TRUE(invoice.Find("line_items")->AsArray()[0].Find("quantity")->is_null());
  EXPECT_EQ(invoice.Find("date")->AsString(), "2026-02-03T00:00:00Z");
}

TEST(StateJsonTest, DemoOrganisationsRoundTrip) {
  for (const OrgState& demo : DemoOrganisations()) {
    const Result<OrgState> loaded = StateFromJson(StateToJson(demo));
    ASSERT_TRUE(loaded.ok()) << loaded.status().message();
    EXPECT_EQ(StateToJson(*loaded), StateToJson(demo));
  }
}

TEST(StateJsonTest, BadMembersAreRefusedByPath) {
  const Json good = StateToJson(testing::StateWithEveryField());
  const auto refused = [&](const std::string& pointer_member, Json value) {
    // Replaces invoices[0].<member> (or a top-level member when no dot) and returns the error.
    Json json = good;
    Json* target = &json;
    std::string member = pointer_member;
    if (const auto dot = member.find('.'); dot != std::string::npos) {
      target = &json.Find(member.substr(0, dot))->AsArray()[0];
      member = member.substr(dot + 1);
    }
    target->Set(member, std::move(value));
    const Result<OrgState> loaded = StateFromJson(json, "organisations[3]");
    EXPECT_FALSE(loaded.ok()) << pointer_member;
    return loaded.ok() ? std::string() : loaded.status().message();
  };
  EXPECT_EQ(refused("invoices.total", Json::String("12")),
            "organisations[3].invoices[0].total must be a number with at most 4 decimals");
  EXPECT_THAT(refused("invoices.total", Json::NumberFromText("1.23456").value()),
              HasSubstr("invoices[0].total"));
  EXPECT_THAT(refused("invoices.date", Json::String("2026-02-30")),
              HasSubstr("invoices[0].date must be a UTC time"));
  EXPECT_THAT(refused("invoices.colour", Json::String("red")),
              HasSubstr("organisations[3].invoices[0].colour is not a known field"));
  EXPECT_THAT(refused("offline", Json::String("no")), HasSubstr("offline must be true or false"));
  EXPECT_THAT(refused("contacts", Json::MakeObject()), HasSubstr("contacts must be an array"));
  EXPECT_THAT(refused("invoices.payment_ids", Json::MakeArray({Json::Integer(1)})),
              HasSubstr("payment_ids must be an array of strings"));

  Json no_id = good;
  no_id.Find("organisation")->Set("organisation_id", Json::String(""));
  EXPECT_FALSE(StateFromJson(no_id).ok());
}

TEST(StateJsonTest, AStateFileNeedsItsVersionAndDistinctOrganisations) {
  const std::vector<OrgState> demos = DemoOrganisations();
  const Result<std::vector<OrgState>> loaded = StateFileFromJson(StateFileToJson(demos));
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  ASSERT_EQ(loaded->size(), 2u);
  EXPECT_EQ((*loaded)[1].organisation.organisation_id, kDemoUkTenantId);

  Json wrong_version = StateFileToJson(demos);
  wrong_version.Set("version", Json::Integer(2));
  EXPECT_THAT(StateFileFromJson(wrong_version).status().message(), HasSubstr("version must be 1"));
  const std::vector<OrgState> twice = {demos[0], demos[0]};
  EXPECT_THAT(StateFileFromJson(StateFileToJson(twice)).status().message(),
              HasSubstr("appears twice"));
  EXPECT_FALSE(StateFileFromJson(Json::MakeArray()).ok());
}

TEST(StateCountsTest, CountsEveryNumberAndNameWithTheLiveOnes) {
  OrgState state = DemoNzOrganisation();
  const auto invoice = [&](std::string type, std::string number, std::string status) {
    Invoice i;
    i.invoice_id = "i" + std::to_string(state.invoices.size());
    i.type = std::move(type);
    i.invoice_number = std::move(number);
    i.status = std::move(status);
    state.invoices.push_back(i);
  };
  invoice("ACCREC", "INV-0001", "AUTHORISED");
  invoice("ACCREC", "INV-0001", "VOIDED");
  invoice("ACCPAY", "INV-0001", "DRAFT");
  invoice("ACCPAY", "BILL-7", "DELETED");
  CreditNote note;
  note.credit_note_number = "CN-1";
  state.credit_notes = {note, note};
  state.credit_notes[1].status = "AUTHORISED";
  Contact twin = state.contacts[0];
  twin.contact_status = "ARCHIVED";
  state.contacts.push_back(twin);
  Payment payment;
  payment.status = "DELETED";
  state.payments = {payment, Payment{}};
  state.allocations = {Allocation{}};
  state.allocations[0].is_deleted = true;

  const Json counts = CountsToJson(state);
  const auto pair = [](int all, int live) {
    return Json::MakeObject({{"all", Json::Integer(all)}, {"live", Json::Integer(live)}});
  };
  const Json& invoices = *counts.Find("invoices");
  EXPECT_EQ(*invoices.Find("ACCREC")->Find("INV-0001"), pair(2, 1));
  EXPECT_EQ(*invoices.Find("ACCPAY")->Find("INV-0001"), pair(1, 1));
  EXPECT_EQ(*invoices.Find("ACCPAY")->Find("BILL-7"), pair(1, 0));
  EXPECT_EQ(*counts.Find("credit_notes")->Find("CN-1"), pair(2, 2));
  EXPECT_EQ(*counts.Find("contacts")->Find(twin.name), pair(2, 1));
  const Json& totals = *counts.Find("totals");
  EXPECT_EQ(*totals.Find("invoices"), pair(4, 2));
  EXPECT_EQ(*totals.Find("payments"), pair(2, 1));
  EXPECT_EQ(*totals.Find("allocations"), pair(1, 0));
  EXPECT_EQ(*totals.Find("bank_transactions"), pair(0, 0));
  const int demo_contacts = static_cast<int>(DemoNzOrganisation().contacts.size());
  EXPECT_EQ(totals.Find("contacts")->Find("all")->AsInt64().value(), demo_contacts + 1);
}

}  // namespace
}  // namespace xerosync::emulator
