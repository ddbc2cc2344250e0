#pragma once
// The sync engine's test fixture: the emulator (on its fake clock) behind the Xero client, a real
// SQLite store in a fresh directory, a connection to the demo NZ organisation, and helpers to push
// documents, run syncs and look at what Xero (the emulator) holds. Shared by the engine's tests
// and the tests of ERRORS.md's rows.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "emulator/demo_data.h"
#include "emulator/faults.h"
#include "store/sqlite_store.h"
#include "sync/engine.h"
#include "sync/store_token_store.h"
#include "xero/batch.h"
#include "xero/client.h"
#include "xero/oauth_test_util.h"

namespace xerosync::sync::testing {

using store::DocumentKind;
using store::DocumentState;
using xero::testing::kNz;

inline constexpr char kConnection[] = "acme";

// Forwards to the emulator, calling `before` and `after` around each request (to move the clock,
// to act in the middle of a run, or to "crash" by throwing).
class SteppingTransport final : public xero::Transport {
 public:
  explicit SteppingTransport(xero::Transport& inner) : inner_(inner) {}
  xero::TransportResult Send(const xero::HttpRequest& request) override {
    if (before) before(request);
    xero::TransportResult result = inner_.Send(request);
    if (after) after(request);
    return result;
  }
  std::function<void(const xero::HttpRequest&)> before;
  std::function<void(const xero::HttpRequest&)> after;

 private:
  xero::Transport& inner_;
};

struct Crash {};

inline int StatusOfResult(const xero::XeroResult& result) {
  if (const auto* response = std::get_if<xero::HttpResponse>(&result)) return response->status;
  return std::get<xero::XeroError>(result).http_status;
}  // thrown to stop a run where a process would have died

class EngineFixture : public xero::testing::EmulatorFixture, public xero::Waiter {
 protected:
  EngineFixture()
      : dir_(std::filesystem::temp_directory_path() /
             ("xerosync-engine-" + std::to_string(::getpid()) + "-" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name())),
        cipher_(xero::TokenCipher::DecodeKey(xero::TokenCipher::NewKeyBase64()).value()),
        stepping_(transport_) {
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    OpenStore();
    const auto [code, verifier] = Authorize(client_);
    EXPECT_TRUE(tokens_->Connect(kConnection, code, verifier).ok());
    EXPECT_TRUE(store_->UpsertOrganisation(domain::TenantId(kNz), kConnection, "Demo NZ").ok());
  }
  ~EngineFixture() override {
    engine_.reset();
    xero_.reset();
    tokens_.reset();
    token_store_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  // Opens (or, after a "crash", reopens) the store and builds everything on it anew, as a
  // restarted process would.
  void OpenStore() {
    engine_.reset();
    xero_.reset();
    tokens_.reset();
    token_store_.reset();
    store_.reset();
    store::SqliteStoreOptions options;
    options.path = (dir_ / "xerosync.db").string();
    store_ = store::OpenSqliteStore(options).value();
    token_store_ = NewStoreTokenStore(*store_, cipher_, emulator_.clock(),
                                      {.owner = "test-" + std::to_string(++generation_),
                                       .lock_ttl = std::chrono::seconds(60),
                                       .pause = {}});
    tokens_ = std::make_unique<xero::TokenManager>(client_, *token_store_, emulator_.clock());
    budget_ = std::make_unique<xero::RateBudget>(emulator_.clock());
    xero_ = std::make_unique<xero::XeroClient>(stepping_, *tokens_, *budget_, *this,
                                               xero::XeroEndpoints::AllAt(xero::testing::kBase));
    EngineOptions options_engine = engine_options_;
    options_engine.owner = "engine-" + std::to_string(generation_);
    engine_ = std::make_unique<Engine>(*store_, *xero_, emulator_.clock(), options_engine);
  }

  void WaitUntil(TimePoint deadline) override {
    const TimePoint now = emulator_.clock().Now();
    if (deadline > now) emulator_.clock().Advance(deadline - now);
  }

  TimePoint Now() { return emulator_.clock().Now(); }

  static store::IncomingDocument Contact(int n) {
    return {DocumentKind::kContact,
            "c" + std::to_string(n),
            store::Operation::kUpsert,
            R"({"Name":"Engine Customer )" + std::to_string(n) + R"(","ContactNumber":"EC-)" +
                std::to_string(n) + R"("})",
            {}};
  }

  static store::IncomingDocument Invoice(int n, int contact, const std::string& account = "200") {
    return {DocumentKind::kInvoice,
            "i" + std::to_string(n),
            store::Operation::kUpsert,
            R"({"Type":"ACCREC","InvoiceNumber":"ENG-)" + std::to_string(n) +
                R"(","Date":"2026-01-02","DueDate":"2026-01-30","Status":"AUTHORISED",)"
                R"("LineAmountTypes":"Exclusive","LineItems":[{"Description":"Work",)"
                R"("Quantity":2,"UnitAmount":100.5,"AccountCode":")" +
                account + R"(","TaxType":"OUTPUT2"}]})",
            {{{DocumentKind::kContact, "c" + std::to_string(contact)}, "contact"}}};
  }

  static store::IncomingDocument Payment(int n, int invoice) {
    return {DocumentKind::kPayment,
            "p" + std::to_string(n),
            store::Operation::kUpsert,
            R"({"Date":"2026-01-05","Amount":10.00,"Reference":"ENG-PAY-)" + std::to_string(n) +
                R"(","Account":{"Code":"090"}})",
            {{{DocumentKind::kInvoice, "i" + std::to_string(invoice)}, "invoice"}}};
  }

  void Push(std::vector<store::IncomingDocument> documents) {
    ASSERT_TRUE(store_->Accept(domain::TenantId(kNz), documents, Now()).ok());
  }

  RunReport Sync(store::RunTrigger trigger = store::RunTrigger::kAutomatic) {
    Result<RunReport> report = engine_->RunOnce(domain::TenantId(kNz), trigger);
    EXPECT_TRUE(report.ok()) << report.status();
    return report.value_or(RunReport{});
  }

  store::Document Doc(DocumentKind kind, const std::string& host_id) {
    return store_->FindDocument(domain::TenantId(kNz), {kind, host_id}).value().value();
  }

  // Invoices in the emulator whose number starts with "ENG-", by number: how many of each.
  std::map<std::string, int> InvoicesInXero() {
    std::map<std::string, int> count;
    emulator_.organisations().Read(kNz, [&](const emulator::OrgState& state) {
      for (const auto& invoice : state.invoices) {
        if (invoice.invoice_number.starts_with("ENG-") && invoice.status != "DELETED") {
          ++count[invoice.invoice_number];
        }
      }
    });
    return count;
  }

  std::map<std::string, int> ContactsInXero() {
    std::map<std::string, int> count;
    emulator_.organisations().Read(kNz, [&](const emulator::OrgState& state) {
      for (const auto& contact : state.contacts) {
        if (contact.contact_number.starts_with("EC-")) ++count[contact.contact_number];
      }
    });
    return count;
  }

  void ExpectEachInvoiceOnce(int count) {
    const std::map<std::string, int> in_xero = InvoicesInXero();
    EXPECT_EQ(static_cast<int>(in_xero.size()), count);
    for (const auto& [number, n] : in_xero) EXPECT_EQ(n, 1) << number << " is in Xero " << n;
  }

  int64_t CountIn(DocumentState state) {
    return store_->CountByState(domain::TenantId(kNz)).value()[static_cast<int>(state)];
  }

  void AddFault(const std::string& method, const std::string& path, emulator::FaultAction action,
                int64_t times = 1) {
    emulator::FaultRule rule;
    if (!method.empty()) rule.method = method;
    rule.path = path;
    rule.action = action;
    rule.times = times;
    emulator_.faults().Add(rule);
  }

  std::vector<store::IncomingDocument> ContactsAndInvoices(int contacts, int invoices) {
    std::vector<store::IncomingDocument> documents;
    for (int c = 1; c <= contacts; ++c) documents.push_back(Contact(c));
    for (int i = 1; i <= invoices; ++i) documents.push_back(Invoice(i, 1 + i % contacts));
    return documents;
  }

  std::filesystem::path dir_;
  xero::TokenCipher cipher_;
  SteppingTransport stepping_;
  int generation_ = 0;
  EngineOptions engine_options_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<xero::TokenStore> token_store_;
  std::unique_ptr<xero::TokenManager> tokens_;
  std::unique_ptr<xero::RateBudget> budget_;
  std::unique_ptr<xero::XeroClient> xero_;
  std::unique_ptr<Engine> engine_;
};

}  // namespace xerosync::sync::testing
