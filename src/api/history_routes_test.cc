// A document's history (api/history_routes.h) and the Xero links of the document and error JSON
// (api/xero_link.h), through the REST API's handlers against a real SQLite store, the sync engine
// and the Xero emulator; every response held to docs/api.openapi.json.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "api/api.h"
#include "api/routes_test_util.h"
#include "core/json.h"
#include "xero/oauth_test_util.h"

namespace xerosync::api {
namespace {

using store::DocumentKind;
using sync::testing::kNz;
using testing::Text;

const std::string kOrg = std::string("/api/v1/orgs/") + kNz;

const std::string kContact =
    R"({"kind":"contact","host_id":"c1","payload":{"Name":"History Ltd"}})";

std::string InvoiceJson(const std::string& account) {
  return R"({"kind":"invoice","host_id":"i1","payload":{"Type":"ACCREC","InvoiceNumber":"HIS-1",)"
         R"("Date":"2026-01-02","DueDate":"2026-01-30","Status":"AUTHORISED",)"
         R"("LineAmountTypes":"Exclusive","LineItems":[{"Description":"Work","Quantity":1,)"
         R"("UnitAmount":10.00,"AccountCode":")" +
         account +
         R"(","TaxType":"OUTPUT2"}]},"parents":[{"kind":"contact","host_id":"c1","role":"contact"}]})";
}

// The route tests' fixture (routes_test_util.h), against the emulator: Xero links point at its
// read endpoints until a test says the API base is Xero's.
class HistoryTest : public testing::RoutesTest {
 protected:
  HistoryTest() { context_->xero_api_base = xero::testing::kBase; }

  // The history's entries as "type outcome-or-action" strings, newest first.
  std::vector<std::string> Timeline(const Json& body) {
    std::vector<std::string> lines;
    for (const Json& e : body.Find("entries")->AsArray()) {
      const std::string type = Text(e, {"type"});
      if (type == "version") lines.push_back("version " + Text(e, {"version"}));
      if (type == "attempt") lines.push_back("attempt " + Text(e, {"outcome"}));
      if (type == "action") lines.push_back("action " + Text(e, {"action"}));
    }
    return lines;
  }
};

TEST_F(HistoryTest, ADocumentsHistoryShowsItsVersionsAttemptsAndTheUsersActions) {
  ASSERT_EQ(Send("POST", kOrg + "/documents",
                 R"({"documents":[)" + kContact + "," + InvoiceJson("SALES") + "]}")
                .first,
            200);
  auto [status, body] = Send("POST", kOrg + "/sync");
  ASSERT_EQ(status, 200) << body.Serialize();
  const std::string first_run = Text(body, {"run", "id"});
  const std::string error_id = std::to_string(*Doc(DocumentKind::kInvoice, "i1").error_id);
  emulator_.clock().Advance(std::chrono::minutes(1));
  ASSERT_EQ(
      Send("POST", kOrg + "/errors/" + error_id + "/edit", R"({"fields":{"AccountCode":"200"}})")
          .first,
      200);
  emulator_.clock().Advance(std::chrono::minutes(1));
  std::tie(status, body) = Send("POST", kOrg + "/sync");
  ASSERT_EQ(Text(body, {"run", "counts", "synced"}), "1") << body.Serialize();
  const std::string second_run = Text(body, {"run", "id"});

  std::tie(status, body) = Send("GET", kOrg + "/documents/invoice/i1/history");
  ASSERT_EQ(status, 200) << body.Serialize();
  EXPECT_EQ(Timeline(body),
            (std::vector<std::string>{"attempt written", "action document.edit", "version 2",
                                      "attempt rejected", "version 1"}))
      << body.Serialize();
  const std::vector<Json>& entries = body.Find("entries")->AsArray();
  // Written: by the second run, with the record's id in Xero.
  EXPECT_EQ(Text(entries[0], {"run_id"}), second_run);
  EXPECT_EQ(Text(entries[0], {"version"}), "2");
  EXPECT_EQ(Text(entries[0], {"xero_id"}), *Doc(DocumentKind::kInvoice, "i1").xero_id);
  EXPECT_EQ(Text(entries[0], {"sent"}), "true");
  // The edit: who and what.
  EXPECT_EQ(Text(entries[1], {"actor"}), "api");
  EXPECT_NE(Text(entries[1], {"detail"}).find("AccountCode"), std::string::npos);
  // Rejected: by the first run, with the error's code and message.
  EXPECT_EQ(Text(entries[3], {"run_id"}), first_run);
  EXPECT_EQ(Text(entries[3], {"error", "id"}), error_id);
  EXPECT_EQ(Text(entries[3], {"error", "code"}), "account.invalid_for_document");
  EXPECT_NE(Text(entries[3], {"error", "message"}).find("SALES"), std::string::npos);
  EXPECT_EQ(Text(entries[4], {"operation"}), "upsert");
  EXPECT_EQ(Text(entries[4], {"content_hash"}).size(), 16u);
  EXPECT_NE(Text(entries[4], {"content_hash"}), Text(entries[2], {"content_hash"}));
  EXPECT_EQ(Text(body, {"document", "state"}), "synced");
  EXPECT_EQ(Text(body, {"next_offset"}), "null");

  // Each run's documents: the first refused the invoice and wrote the contact; the second
  // wrote the invoice.
  std::tie(status, body) = Send("GET", kOrg + "/runs/" + first_run + "/documents");
  ASSERT_EQ(status, 200) << body.Serialize();
  std::vector<std::string> done;
  for (const Json& d : body.Find("documents")->AsArray()) {
    done.push_back(Text(d, {"kind"}) + " " + Text(d, {"host_id"}) + " " + Text(d, {"outcome"}));
  }
  EXPECT_EQ(done, (std::vector<std::string>{"contact c1 written", "invoice i1 rejected"}));
  EXPECT_EQ(Text(body, {"run", "id"}), first_run);
  std::tie(status, body) = Send("GET", kOrg + "/runs/" + second_run + "/documents?limit=1");
  ASSERT_EQ(body.Find("documents")->AsArray().size(), 1u);
  EXPECT_EQ(Text(body.Find("documents")->AsArray()[0], {"outcome"}), "written");
  EXPECT_EQ(Send("GET", kOrg + "/runs/999/documents").first, 404);
  EXPECT_EQ(Send("GET", kOrg + "/runs/x/documents").first, 400);

  // Paged: two at a time.
  std::tie(status, body) = Send("GET", kOrg + "/documents/invoice/i1/history?limit=2");
  EXPECT_EQ(Timeline(body), (std::vector<std::string>{"attempt written", "action document.edit"}));
  EXPECT_EQ(Text(body, {"next_offset"}), "2");
  std::tie(status, body) = Send("GET", kOrg + "/documents/invoice/i1/history?limit=2&offset=4");
  EXPECT_EQ(Timeline(body), (std::vector<std::string>{"version 1"}));
  EXPECT_EQ(Text(body, {"next_offset"}), "null");
}

TEST_F(HistoryTest, BadRequestsNameTheirFieldAndAnUnknownDocumentIsNotFound) {
  ASSERT_EQ(Send("POST", kOrg + "/documents", kContact).first, 200);
  for (const auto& [query, field] :
       std::vector<std::pair<std::string, std::string>>{{"?limit=0", "limit"},
                                                        {"?limit=501", "limit"},
                                                        {"?limit=x", "limit"},
                                                        {"?offset=-1", "offset"},
                                                        {"?offset=10001", "offset"}}) {
    auto [status, body] = Send("GET", kOrg + "/documents/contact/c1/history" + query);
    EXPECT_EQ(status, 400) << query;
    EXPECT_EQ(Text(body, {"error", "field"}), field) << query;
  }
  auto [status, body] = Send("GET", kOrg + "/documents/receipt/c1/history");
  EXPECT_EQ(status, 400);
  EXPECT_EQ(Text(body, {"error", "field"}), "kind");
  EXPECT_EQ(Send("GET", kOrg + "/documents/contact/nobody/history").first, 404);
  EXPECT_EQ(Send("GET", "/api/v1/orgs/no-such-org/documents/contact/c1/history").first, 404);
}

TEST_F(HistoryTest, DocumentsAndErrorsLinkToTheirRecordInXero) {
  ASSERT_EQ(Send("POST", kOrg + "/documents",
                 R"({"documents":[)" + kContact + "," + InvoiceJson("SALES") + "]}")
                .first,
            200);
  auto [status, body] = Send("GET", kOrg + "/documents/contact/c1");
  EXPECT_EQ(Text(body, {"xero_url"}), "null") << "not in Xero yet";
  ASSERT_EQ(Send("POST", kOrg + "/sync").first, 200);
  const std::string contact_id = *Doc(DocumentKind::kContact, "c1").xero_id;

  // Against the emulator: its read endpoint for the record, which answers with it.
  std::tie(status, body) = Send("GET", kOrg + "/documents/contact/c1");
  EXPECT_EQ(Text(body, {"xero_url"}),
            std::string(xero::testing::kBase) + "/api.xro/2.0/Contacts/" + contact_id);
  std::tie(status, body) = Send("GET", kOrg + "/documents?kind=contact");
  EXPECT_EQ(Text(body.Find("documents")->AsArray()[0], {"xero_url"}),
            std::string(xero::testing::kBase) + "/api.xro/2.0/Contacts/" + contact_id);

  // Against Xero: the deep link, with the organisation's ShortCode from the cached settings.
  context_->xero_api_base = "https://api.xero.com";
  std::tie(status, body) = Send("GET", kOrg + "/documents/contact/c1");
  EXPECT_EQ(Text(body, {"xero_url"}),
            "https://go.xero.com/organisationlogin/default.aspx?shortcode=!xSnz1"
            "&redirecturl=/Contacts/View/" +
                contact_id);

  // The invoice failed: its error names it, and it has no link (it is not in Xero).
  std::tie(status, body) = Send("GET", kOrg + "/errors?status=open");
  ASSERT_EQ(body.Find("errors")->AsArray().size(), 1u);
  const Json& error = body.Find("errors")->AsArray()[0];
  EXPECT_EQ(Text(error, {"document", "kind"}), "invoice");
  EXPECT_EQ(Text(error, {"document", "host_id"}), "i1");
  EXPECT_EQ(Text(error, {"xero_url"}), "null");
}

}  // namespace
}  // namespace xerosync::api
