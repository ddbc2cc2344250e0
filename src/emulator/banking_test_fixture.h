#pragma once
// The fixture the payment and bank transaction tests share: an in-process Emulator on a FakeClock
// (2026-01-01T00:00:00Z) with the demo app connected, requests sent through Emulator::Handle, and
// AUTHORISED invoices and credit notes put straight into the NZ demo organisation's state (their
// own writers are tested elsewhere). Test-only.

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/json.h"
#include "emulator/demo_data.h"
#include "emulator/emulator.h"
#include "emulator/test_support.h"

namespace xerosync::emulator::testing {

inline constexpr char kBankingScopes[] =
    "openid accounting.settings accounting.contacts accounting.transactions offline_access";

// Money in tests: exact, from text.
inline Decimal Money(const char* text) { return Decimal::Parse(text).value(); }
// Midnight UTC of a calendar day.
inline TimePoint Day(int y, unsigned m, unsigned d) {
  return TimePoint(std::chrono::sys_days(std::chrono::year_month_day{
      std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}}));
}

class BankingTest : public ::testing::Test {
 protected:
  using Pairs = std::vector<std::pair<std::string, std::string>>;

  BankingTest() : emulator_(clock_, Options()) {
    token_ = ConnectDemoApp(emulator_, kBankingScopes);
  }

  // Moves the clock on and connects again, as access tokens last 30 minutes.
  void Advance(Duration by) {
    clock_.Advance(by);
    token_ = ConnectDemoApp(emulator_, kBankingScopes);
  }

  static EmulatorOptions Options() {
    EmulatorOptions options;
    options.auto_consent = true;
    options.seed = 7;
    return options;
  }

  http::Response Send(const std::string& method, const std::string& path,
                      const std::string& body = "", Pairs query = {},
                      const std::string& if_modified_since = "") {
    http::Request r;
    r.method = method;
    r.path = "/api.xro/2.0" + path;
    r.query = std::move(query);
    r.body = body;
    r.headers.Set("Authorization", "Bearer " + token_);
    r.headers.Set("xero-tenant-id", std::string(kDemoNzTenantId));
    if (!body.empty()) r.headers.Set("Content-Type", "application/json");
    if (!if_modified_since.empty()) r.headers.Set("If-Modified-Since", if_modified_since);
    return emulator_.Handle(r);
  }
  static Json Parsed(const http::Response& response) {
    return Json::Parse(response.body).value_or(Json());
  }
  // The first of the `plural` records of a 200 answer.
  static Json First(const http::Response& response, const char* plural) {
    EXPECT_EQ(response.status, 200) << response.body;
    const Json body = Parsed(response);
    const Json* list = body.Find(plural);
    if (list == nullptr || !list->is_array() || list->AsArray().empty()) return Json();
    return list->AsArray().front();
  }
  // Every ValidationErrors message of a summarised 400's first element, in order.
  static std::vector<std::string> ElementMessages(const http::Response& response) {
    EXPECT_EQ(response.status, 400) << response.body;
    const Json body = Parsed(response);
    const Json* elements = body.Find("Elements");
    if (elements == nullptr || elements->AsArray().empty()) return {};
    return Messages(elements->AsArray().front());
  }
  // Runs `change` on the NZ demo organisation's state.
  void Write(const std::function<void(OrgState&)>& change) {
    ASSERT_TRUE(emulator_.organisations().Write(kDemoNzTenantId, change));
  }
  OrgState State() {
    OrgState copy;
    emulator_.organisations().Read(kDemoNzTenantId, [&](const OrgState& s) { copy = s; });
    return copy;
  }

  // An invoice of `total` (no tax) to the first demo contact, dated 2025-12-01.
  static Invoice MakeInvoice(std::string id, std::string number, const char* total,
                             std::string type = "ACCREC", std::string status = "AUTHORISED") {
    Invoice invoice;
    invoice.invoice_id = std::move(id);
    invoice.type = std::move(type);
    invoice.contact_id = DemoContactId(1, 1);
    invoice.invoice_number = std::move(number);
    invoice.date = Day(2025, 12, 1);
    invoice.status = std::move(status);
    invoice.currency_code = "NZD";
    invoice.totals = {Money(total), Decimal(), Money(total)};
    invoice.amount_due = Money(total);
    return invoice;
  }
  static CreditNote MakeCreditNote(std::string id, std::string number, const char* total,
                                   std::string type = "ACCRECCREDIT") {
    CreditNote note;
    note.credit_note_id = std::move(id);
    note.type = std::move(type);
    note.contact_id = DemoContactId(1, 2);
    note.credit_note_number = std::move(number);
    note.date = Day(2025, 12, 1);
    note.status = "AUTHORISED";
    note.currency_code = "NZD";
    note.totals = {Money(total), Decimal(), Money(total)};
    note.remaining_credit = Money(total);
    return note;
  }
  void AddInvoice(Invoice invoice) {
    Write([&](OrgState& s) { s.invoices.push_back(invoice); });
  }
  void AddCreditNote(CreditNote note) {
    Write([&](OrgState& s) { s.credit_notes.push_back(note); });
  }
  const Invoice& FindInvoice(const OrgState& state, const std::string& id) {
    for (const Invoice& invoice : state.invoices) {
      if (invoice.invoice_id == id) return invoice;
    }
    ADD_FAILURE() << "no invoice " << id;
    return state.invoices.front();
  }

  FakeClock clock_;
  Emulator emulator_;
  std::string token_;
};

}  // namespace xerosync::emulator::testing
