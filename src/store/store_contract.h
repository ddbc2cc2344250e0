#pragma once
// The Store contract suite (store_contract_test.cc, store_contract_documents_test.cc): every
// method and every transition of docs/sync.md that the store performs, written against the Store
// interface only. Each backend instantiates it with its own StoreBackend:
//
//   INSTANTIATE_TEST_SUITE_P(Sqlite, StoreContractTest, testing::Values(SqliteBackend()),
//                            BackendName);
//   INSTANTIATE_TEST_SUITE_P(Sqlite, DocumentsTest, testing::Values(SqliteBackend()),
//                            BackendName);
//
// Test-only.

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "core/clock.h"
#include "store/store.h"

namespace xerosync::store {

// Opens a connection to one test database; every call reaches the same data.
using StoreOpener = std::function<std::unique_ptr<Store>()>;

struct StoreBackend {
  std::string name;
  // Creates a fresh empty database for one test and returns its opener. The opener owns whatever
  // the database needs (a temporary directory) and cleans it up when destroyed.
  std::function<StoreOpener()> new_database;
};

// gtest prints a parameter by its name (not its bytes).
inline void PrintTo(const StoreBackend& backend, std::ostream* os) { *os << backend.name; }

inline std::string BackendName(const testing::TestParamInfo<StoreBackend>& info) {
  return info.param.name;
}

// Records built field by field (designated initializers must name every field under -Wextra).
DocumentOutcomeRecord Outcome(int64_t document_id, OutcomeKind kind);
DocumentOutcomeRecord Written(int64_t document_id, std::string xero_id);
ErrorReport Report(std::string code, std::string message = "Account code '999' is not valid");
DocumentQuery Query(const domain::TenantId& tenant, std::optional<DocumentState> state = {},
                    std::optional<DocumentKind> kind = {}, std::optional<TimePoint> due_by = {});
ErrorQuery Errors(std::optional<domain::TenantId> tenant, std::optional<ErrorStatus> status = {},
                  std::optional<std::string> code = {});
AuditEntry Audit(TimePoint at, std::string actor, std::string action, std::string subject = "",
                 std::optional<domain::TenantId> tenant = {});

class StoreContractTest : public testing::TestWithParam<StoreBackend> {
 protected:
  static constexpr const char* kTenant = "tenant-a";
  static constexpr const char* kOtherTenant = "tenant-b";

  void SetUp() override;

  // A second connection (or, after store_.reset(), a reopened one) to the same database.
  std::unique_ptr<Store> OpenAgain() { return open_(); }

  domain::TenantId tenant() const { return domain::TenantId(kTenant); }
  TimePoint now() const { return clock_.Now(); }

  static IncomingDocument Contact(const std::string& host_id, const std::string& name = "Acme");
  static IncomingDocument Invoice(const std::string& host_id, std::string contact_host_id,
                                  const std::string& total = "115.00");

  // Accepts one document and returns its id (the test fails when that does not work).
  int64_t AcceptOne(const IncomingDocument& doc);
  // Accepts and opens an attempt for it: the document is syncing. Returns the attempt.
  Attempt AcceptAndOpen(const IncomingDocument& doc, const std::string& key = "key-1");
  Document Get(int64_t id);
  DocumentState StateOf(int64_t id) { return Get(id).state; }

  FakeClock clock_;
  StoreOpener open_;
  std::unique_ptr<Store> store_;
};

// The same fixture for the documents part of the suite (a second name keeps the test list
// readable). Instantiate both.
class DocumentsTest : public StoreContractTest {};
// The installation settings and webhook outbox part (store_contract_outbox_test.cc).
class OutboxTest : public StoreContractTest {};

}  // namespace xerosync::store
