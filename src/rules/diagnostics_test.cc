// The diagnostics bundle says what support needs and nothing secret or personal, whatever the
// inputs carry.
#include "rules/diagnostics.h"

#include <gtest/gtest.h>

#include <string>

namespace xerosync::rules {
namespace {

using std::chrono::seconds;

DiagnosticsInput Input() {
  DiagnosticsInput input;
  input.error_id = 42;
  input.code = "xero.unexpected";
  input.organisation = "8f6ea1a4-6bd2-4f6b-9a55-0e5a5b0d2d10";
  input.status = "open";
  input.first_seen = TimePoint(seconds(1767225600));  // 2026-01-01T00:00:00Z
  input.last_seen = TimePoint(seconds(1767229200));
  input.attempts = 7;
  input.document_kind = "invoice";
  input.document_host_id = "INV-0042";
  input.correlation_id = "04115443-c574-4949-9cfa-102bdb03ca91";
  input.request = RequestSummary{"PUT", "/api.xro/2.0/Invoices", 500, 50};
  return input;
}

TEST(Diagnostics, TheBundleNamesWhatSupportNeeds) {
  const std::string bundle = DiagnosticsBundle(Input());
  EXPECT_NE(bundle.find("error: 42\n"), std::string::npos) << bundle;
  EXPECT_NE(bundle.find("code: xero.unexpected\n"), std::string::npos) << bundle;
  EXPECT_NE(bundle.find("title: Unexpected error in Xero\n"), std::string::npos) << bundle;
  EXPECT_NE(bundle.find("document: invoice INV-0042\n"), std::string::npos) << bundle;
  EXPECT_NE(bundle.find("first seen: 2026-01-01T00:00:00Z\n"), std::string::npos) << bundle;
  EXPECT_NE(bundle.find("last seen: 2026-01-01T01:00:00Z\n"), std::string::npos) << bundle;
  EXPECT_NE(bundle.find("attempts: 7\n"), std::string::npos) << bundle;
  EXPECT_NE(bundle.find("xero correlation id: 04115443-c574-4949-9cfa-102bdb03ca91\n"),
            std::string::npos)
      << bundle;
  EXPECT_NE(bundle.find("request: PUT /api.xro/2.0/Invoices\n"), std::string::npos) << bundle;
  EXPECT_NE(bundle.find("http status: 500\n"), std::string::npos) << bundle;
  EXPECT_NE(bundle.find("documents in the request: 50\n"), std::string::npos) << bundle;
  EXPECT_NE(bundle.find("docs/errors.md#xero.unexpected"), std::string::npos) << bundle;
}

TEST(Diagnostics, NoSecretOrPersonalValueReachesTheBundle) {
  DiagnosticsInput input = Input();
  // Every field that comes from outside carries something that must not be shown.
  const std::string url =
      "https://admin:hunter2@api.xero.com/api.xro/2.0/Contacts?access_token=tok-SECRET-1"
      "&where=Name%3D%3D%22Alice%20Smith%22&email=alice@example.com#frag-SECRET-2";
  input.request = RequestSummary{"GET", url, std::nullopt, 1};
  input.document_host_id = "alice@example.com";
  input.correlation_id = "Bearer eyJhbGciOi.SECRET-3";
  input.organisation = "12 High Street, Wellington";
  input.document_kind = "contact Alice Smith";
  input.status = "open\nrefresh_token: SECRET-4";
  const std::string bundle = DiagnosticsBundle(input);
  for (const std::string_view absent :
       {"hunter2", "admin", "SECRET", "Alice", "alice", "example.com", "where", "High Street",
        "Wellington", "Bearer", "eyJ", "refresh_token", "api.xero.com"}) {
    EXPECT_EQ(bundle.find(absent), std::string::npos) << absent << " in:\n" << bundle;
  }
  EXPECT_NE(bundle.find("request: GET /api.xro/2.0/Contacts\n"), std::string::npos) << bundle;
  EXPECT_NE(bundle.find("http status: no answer\n"), std::string::npos) << bundle;
}

TEST(Diagnostics, RequestPathKeepsOnlyThePath) {
  EXPECT_EQ(RequestPath("https://api.xero.com/api.xro/2.0/Invoices?summarizeErrors=false"),
            "/api.xro/2.0/Invoices");
  EXPECT_EQ(RequestPath("/api.xro/2.0/CreditNotes/abc/Allocations?x=1"),
            "/api.xro/2.0/CreditNotes/abc/Allocations");
  EXPECT_EQ(RequestPath("http://127.0.0.1:4000"), "/");
}

}  // namespace
}  // namespace xerosync::rules
