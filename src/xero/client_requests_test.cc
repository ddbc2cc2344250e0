// The client's batches, paging and lookups against the emulator in-process (EmulatorTransport):
// what a user would check in Xero afterwards — which documents were written with which ids, which
// were refused and why, that nothing was written twice, and that lookups find what is there.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/json.h"
#include "domain/contact.h"
#include "domain/documents.h"
#include "emulator/demo_data.h"
#include "emulator/emulator.h"
#include "emulator/test_support.h"
#include "xero/batch.h"
#include "xero/reads.h"
#include "xero/requests.h"
#include "xero/testing/emulator_transport.h"
#include "xero/wire.h"

namespace xerosync::xero {
namespace {

using ::testing::Contains;
using ::testing::Each;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::SizeIs;

constexpr char kScopes[] =
    "openid offline_access accounting.settings accounting.contacts accounting.transactions";

domain::Date Day(int year, unsigned month, unsigned day) {
  return domain::Date::FromYmd(year, month, day).value();
}

domain::LineItem Line(std::string account = "200") {
  domain::LineItem line;
  line.description = "Chairs";
  line.quantity = Decimal::FromInt(2);
  line.unit_amount = Decimal::FromInt(20);
  line.account_code = std::move(account);
  return line;
}

domain::Invoice SalesInvoice(std::string number, std::string contact_id, int lines = 1) {
  domain::Invoice invoice;
  invoice.type = domain::InvoiceType::kAccRec;
  invoice.contact.id = domain::ContactId(std::move(contact_id));
  invoice.date = Day(2026, 1, 5);
  invoice.due_date = Day(2026, 1, 31);
  invoice.number = std::move(number);
  for (int i = 0; i < lines; ++i) invoice.line_items.push_back(Line());
  return invoice;
}

domain::Contact NewContact(std::string name, std::string number = "") {
  domain::Contact contact;
  contact.name = std::move(name);
  if (!number.empty()) contact.contact_number = std::move(number);
  return contact;
}

class ClientRequests : public ::testing::Test {
 protected:
  ClientRequests()
      : emulator_(clock_, emulator::testing::DemoOptions(41)),
        transport_(emulator_),
        caller_{"http://127.0.0.1:1", emulator::testing::ConnectDemoApp(emulator_, kScopes),
                std::string(emulator::kDemoNzTenantId)} {}

  // A control API read: GET /_emulator/tenants/{nz}/<path>.
  Json Control(const std::string& path) {
    const TransportResult answer = transport_.Send(
        {"GET",
         "http://127.0.0.1:1/_emulator/tenants/" + std::string(emulator::kDemoNzTenantId) + path,
         {},
         ""});
    const auto* response = std::get_if<HttpResponse>(&answer);
    EXPECT_TRUE(response != nullptr && response->status == 200);
    return response ? Json::Parse(response->body).value_or(Json()) : Json();
  }
  int64_t Count(const std::string& query) {
    const Json counts = Control("/counts?" + query);
    const Json* all = counts.Find("all");
    return all ? all->AsInt64().value_or(-1) : -1;
  }
  void ControlPost(const std::string& path, const std::string& body = "") {
    const TransportResult answer =
        transport_.Send({"POST", "http://127.0.0.1:1/_emulator" + path, {}, body});
    const auto* response = std::get_if<HttpResponse>(&answer);
    ASSERT_TRUE(response != nullptr);
    ASSERT_EQ(response->status, 200) << response->body;
  }

  FakeClock clock_;
  emulator::Emulator emulator_;
  testing::EmulatorTransport transport_;
  ApiCaller caller_;
};

TEST_F(ClientRequests, ABatchWithBadElementsReturnsIdsAndAttachesMessagesToTheRightDocuments) {
  const std::string abc = emulator::DemoContactId(1, 1);
  const std::string archived = emulator::DemoContactId(1, 8);  // Old Supplies Co
  std::vector<domain::Invoice> invoices = {
      SalesInvoice("T-1", abc), SalesInvoice("T-2", archived), SalesInvoice("T-3", abc),
      SalesInvoice("T-1", abc),  // the number of the first, again
      SalesInvoice("T-5", abc)};
  invoices[2].line_items[0].account_code = "999";

  const auto results =
      WriteDocuments<domain::Invoice>(transport_, caller_, WriteMethod::kPut, invoices,
                                      [](const Batch&) { return std::string("batch-1"); });
  ASSERT_THAT(results, SizeIs(5));
  for (std::size_t i : {0u, 4u}) {
    EXPECT_EQ(results[i].outcome, DocumentOutcome::kWritten) << i;
    ASSERT_TRUE(results[i].record.has_value());
    EXPECT_FALSE(results[i].record->id.empty());
    EXPECT_EQ(results[i].record->number, invoices[i].number);
    EXPECT_TRUE(results[i].errors.empty());
  }
  EXPECT_NE(results[0].record->id, results[4].record->id);
  EXPECT_EQ(results[1].outcome, DocumentOutcome::kRejected);
  EXPECT_THAT(results[1].errors,
              Contains(Field(&ValidationMessage::message, HasSubstr("has been archived"))));
  EXPECT_EQ(results[2].outcome, DocumentOutcome::kRejected);
  EXPECT_THAT(results[2].errors,
              Contains(Field(&ValidationMessage::message,
                             "Account code '999' is not a valid code for this document.")));
  EXPECT_EQ(results[3].outcome, DocumentOutcome::kRejected);
  EXPECT_THAT(results[3].errors,
              Contains(Field(&ValidationMessage::message, "Invoice # must be unique.")));
  for (std::size_t i = 0; i < results.size(); ++i) EXPECT_EQ(results[i].index, i);
  EXPECT_EQ(transport_.sent(), 1);

  // What Xero holds afterwards: exactly the two good invoices, T-1 once.
  EXPECT_EQ(Count("invoice_number=T-1"), 1);
  EXPECT_EQ(Count("invoice_number=T-2"), 0);
  EXPECT_EQ(Count("invoice_number=T-5"), 1);
  const auto found = FindInvoicesByNumber(transport_, caller_, "T-5");
  ASSERT_TRUE(found.ok()) << found.status();
  ASSERT_THAT(*found, SizeIs(1));
  EXPECT_EQ((*found)[0].id, results[4].record->id);

  // Many numbers in one request: only those asked for, each once.
  const std::vector<std::string> numbers{"T-1", "T-5", "T-2", "NO-SUCH"};
  const int64_t before = transport_.sent();
  const auto many = FindInvoicesByNumbers(transport_, caller_, numbers);
  ASSERT_TRUE(many.ok()) << many.status();
  EXPECT_EQ(transport_.sent(), before + 1);
  std::vector<std::string> got;
  for (const domain::Invoice& invoice : *many) got.push_back(invoice.number.value_or(""));
  std::ranges::sort(got);
  EXPECT_EQ(got, (std::vector<std::string>{"T-1", "T-5"}));
  const std::vector<std::string> comma{"A,B"};
  EXPECT_EQ(FindInvoicesByNumbers(transport_, caller_, comma).status().code(),
            StatusCode::kInvalidArgument);
}

TEST_F(ClientRequests, OneHundredAndTwentyContactsGoInThreeRequestsAllWritten) {
  std::vector<domain::Contact> contacts;
  contacts.reserve(120);
  for (int i = 0; i < 120; ++i) {
    contacts.push_back(NewContact("Batch Contact " + std::to_string(i), "BC-" + std::to_string(i)));
  }
  const auto results =
      WriteDocuments<domain::Contact>(transport_, caller_, WriteMethod::kPost, contacts);
  EXPECT_EQ(transport_.sent(), 3);
  ASSERT_THAT(results, SizeIs(120));
  for (std::size_t i = 0; i < results.size(); ++i) {
    ASSERT_EQ(results[i].outcome, DocumentOutcome::kWritten) << i << results[i].status;
    EXPECT_EQ(results[i].record->name, contacts[i].name);
    EXPECT_FALSE(results[i].record->id.empty());
  }
  const Json counts = Control("/counts");
  EXPECT_EQ(counts.Find("totals")->Find("contacts")->Find("all")->AsInt64().value(), 8 + 120);
}

TEST_F(ClientRequests, TheSizeLimitSplitsRequestsAndRefusesADocumentTooBigAlone) {
  const std::string abc = emulator::DemoContactId(1, 1);
  std::vector<domain::Invoice> invoices;
  invoices.reserve(8);
  for (int i = 0; i < 8; ++i) invoices.push_back(SalesInvoice("S-" + std::to_string(i), abc, 5));
  // Room for two invoices in a body; the fourth is too big alone.
  const std::size_t one = EncodeRequest<domain::Invoice>(std::span(invoices).subspan(0, 1)).size();
  invoices[3].line_items[0].description = std::string(one * 3, 'x');
  const BatchLimits limits{.max_documents = 50, .max_body_bytes = one * 2};
  const auto results =
      WriteDocuments<domain::Invoice>(transport_, caller_, WriteMethod::kPut, invoices, {}, limits);
  EXPECT_EQ(transport_.sent(), 4);  // {0, 1}, {2}, {4, 5}, {6, 7}
  for (std::size_t i = 0; i < invoices.size(); ++i) {
    if (i == 3) {
      EXPECT_EQ(results[i].outcome, DocumentOutcome::kNotSent);
      EXPECT_THAT(results[i].status.message(),
                  HasSubstr("over the limit of " + std::to_string(one * 2) + " bytes"));
      EXPECT_EQ(Count("invoice_number=S-3"), 0);
    } else {
      EXPECT_EQ(results[i].outcome, DocumentOutcome::kWritten) << i << results[i].status;
      EXPECT_EQ(Count("invoice_number=S-" + std::to_string(i)), 1);
    }
  }
}

TEST_F(ClientRequests, TheSameIdempotencyKeyGetsTheSameAnswerAndNoDuplicate) {
  domain::Invoice bill = SalesInvoice("SUP-77", emulator::DemoContactId(1, 1));
  bill.type = domain::InvoiceType::kAccPay;  // bill numbers are not unique: only the key protects
  const std::vector<domain::Invoice> bills = {bill};
  const IdempotencyKeyFor key = [](const Batch& b) { return "sync-42:" + std::to_string(b.first); };
  const auto first =
      WriteDocuments<domain::Invoice>(transport_, caller_, WriteMethod::kPut, bills, key);
  const auto again =
      WriteDocuments<domain::Invoice>(transport_, caller_, WriteMethod::kPut, bills, key);
  ASSERT_EQ(first[0].outcome, DocumentOutcome::kWritten) << first[0].status;
  ASSERT_EQ(again[0].outcome, DocumentOutcome::kWritten) << again[0].status;
  EXPECT_EQ(again[0].record->id, first[0].record->id);
  EXPECT_EQ(Count("invoice_number=SUP-77&type=ACCPAY"), 1);
  // Without a key, the same bill sent again is a second bill: the check above can fail.
  const auto unkeyed =
      WriteDocuments<domain::Invoice>(transport_, caller_, WriteMethod::kPut, bills);
  ASSERT_EQ(unkeyed[0].outcome, DocumentOutcome::kWritten);
  EXPECT_NE(unkeyed[0].record->id, first[0].record->id);
  EXPECT_EQ(Count("invoice_number=SUP-77&type=ACCPAY"), 2);
}

TEST_F(ClientRequests, AKeyOverTheLimitIsRefusedBeforeSending) {
  const std::vector<domain::Invoice> invoices = {
      SalesInvoice("K-1", emulator::DemoContactId(1, 1))};
  const auto results =
      WriteDocuments<domain::Invoice>(transport_, caller_, WriteMethod::kPut, invoices,
                                      [](const Batch&) { return std::string(129, 'k'); });
  EXPECT_EQ(results[0].outcome, DocumentOutcome::kNotSent);
  EXPECT_THAT(results[0].status.message(), HasSubstr("Xero takes at most 128"));
  EXPECT_EQ(transport_.sent(), 0);
}

TEST_F(ClientRequests, ReadsThreePagesOfChangesSinceATime) {
  clock_.Advance(std::chrono::minutes(10));  // within the access token's 30 minutes
  const TimePoint since = clock_.Now();
  clock_.Advance(std::chrono::seconds(5));
  std::vector<domain::Contact> contacts;
  contacts.reserve(25);
  for (int i = 0; i < 25; ++i) contacts.push_back(NewContact("Paged " + std::to_string(i)));
  const auto written =
      WriteDocuments<domain::Contact>(transport_, caller_, WriteMethod::kPut, contacts);
  ASSERT_THAT(written,
              Each(Field(&DocumentResult<domain::Contact>::outcome, DocumentOutcome::kWritten)));

  const int64_t before = transport_.sent();
  const auto changed =
      ReadAllPages<domain::Contact>(transport_, caller_, {}, since, PageOptions{.page_size = 10});
  ASSERT_TRUE(changed.ok()) << changed.status();
  EXPECT_EQ(transport_.sent() - before, 3);  // 10 + 10 + 5; the demo contacts are older
  ASSERT_THAT(*changed, SizeIs(25));
  for (int i = 0; i < 25; ++i) EXPECT_EQ((*changed)[i].name, "Paged " + std::to_string(i));

  // Five full pages: pagination.pageCount stops it without asking for an empty sixth.
  const int64_t five = transport_.sent();
  const auto paged =
      ReadAllPages<domain::Contact>(transport_, caller_, {}, since, PageOptions{.page_size = 5});
  ASSERT_TRUE(paged.ok());
  EXPECT_THAT(*paged, SizeIs(25));
  EXPECT_EQ(transport_.sent() - five, 5);

  // Nothing changed since now: one request, nothing returned.
  const int64_t mark = transport_.sent();
  const auto none = ReadAllPages<domain::Contact>(transport_, caller_, {}, clock_.Now());
  ASSERT_TRUE(none.ok());
  EXPECT_THAT(*none, SizeIs(0));
  EXPECT_EQ(transport_.sent() - mark, 1);
}

TEST_F(ClientRequests, FindsContactsByNamesWithQuotesBackslashesAndOtherSpecialCharacters) {
  const std::vector<std::string> names = {R"(Bob "The Builder" Ltd)", R"(Back\slash & Sons)",
                                          R"(100% "Plus"+Minus = "")", "Café Ōtautahi"};
  std::vector<domain::Contact> contacts;
  contacts.reserve(names.size() + 1);
  for (const std::string& name : names) contacts.push_back(NewContact(name));
  contacts.push_back(NewContact("Bob The Builder Ltd"));  // what an unescaped filter might match
  const auto written =
      WriteDocuments<domain::Contact>(transport_, caller_, WriteMethod::kPut, contacts);
  for (const auto& r : written) ASSERT_EQ(r.outcome, DocumentOutcome::kWritten) << r.status;

  for (std::size_t i = 0; i < names.size(); ++i) {
    const auto found = FindContactsByName(transport_, caller_, names[i]);
    ASSERT_TRUE(found.ok()) << names[i] << ": " << found.status();
    ASSERT_THAT(*found, SizeIs(1)) << names[i];
    EXPECT_EQ((*found)[0].name, names[i]);
    EXPECT_EQ((*found)[0].id, written[i].record->id);
  }
  const auto nobody = FindContactsByName(transport_, caller_, R"(No "Such" One)");
  ASSERT_TRUE(nobody.ok());
  EXPECT_THAT(*nobody, SizeIs(0));
}

TEST_F(ClientRequests, FindsArchivedContactsOnlyWhenAsked) {
  const auto active = FindContactsByName(transport_, caller_, "Old Supplies Co");
  ASSERT_TRUE(active.ok());
  EXPECT_THAT(*active, SizeIs(0));
  const auto all = FindContactsByName(transport_, caller_, "old supplies co", true);
  ASSERT_TRUE(all.ok());
  ASSERT_THAT(*all, SizeIs(1));
  EXPECT_EQ((*all)[0].id.value(), emulator::DemoContactId(1, 8));
}

TEST_F(ClientRequests, FindsContactsByNumberEitherWay) {
  const auto by_where = FindContactsByNumber(transport_, caller_, "CUST-001");
  ASSERT_TRUE(by_where.ok()) << by_where.status();
  ASSERT_THAT(*by_where, SizeIs(1));
  EXPECT_EQ((*by_where)[0].name, "ABC Furniture");
  const auto archived = FindContactsByNumber(transport_, caller_, "SUP-003");
  ASSERT_TRUE(archived.ok());
  EXPECT_THAT(*archived, SizeIs(1));  // numbers are unique across archived contacts too

  const auto by_path = GetContactByNumber(transport_, caller_, "CUST-001");
  ASSERT_TRUE(by_path.ok()) << by_path.status();
  ASSERT_TRUE(by_path->has_value());
  EXPECT_EQ((*by_path)->id.value(), emulator::DemoContactId(1, 1));
  const auto missing = GetContactByNumber(transport_, caller_, "NOPE-404");
  ASSERT_TRUE(missing.ok()) << missing.status();
  EXPECT_FALSE(missing->has_value());
}

TEST_F(ClientRequests, FindsDocumentsByNumberReferenceAndUrl) {
  const std::string abc = emulator::DemoContactId(1, 1);
  domain::Invoice invoice = SalesInvoice("INV, \"Q\" 9", abc);
  invoice.reference = R"(PO "77" \ A&B)";
  invoice.url = "https://app.example.com/invoices/9?x=1&y=\"2\"";
  domain::Invoice other = SalesInvoice("INV-10", abc);
  other.reference = "PO 77";
  const std::vector<domain::Invoice> invoices = {invoice, other};
  const auto written =
      WriteDocuments<domain::Invoice>(transport_, caller_, WriteMethod::kPut, invoices);
  ASSERT_EQ(written[0].outcome, DocumentOutcome::kWritten) << written[0].status;
  const domain::InvoiceId id = written[0].record->id;

  for (const auto& found : {FindInvoicesByNumber(transport_, caller_, *invoice.number),
                            FindInvoicesByReference(transport_, caller_, *invoice.reference),
                            FindInvoicesByUrl(transport_, caller_, *invoice.url)}) {
    ASSERT_TRUE(found.ok()) << found.status();
    ASSERT_THAT(*found, SizeIs(1));
    EXPECT_EQ((*found)[0].id, id);
  }
  const auto by_number = FindInvoicesByNumber(transport_, caller_, "INV-10");
  ASSERT_TRUE(by_number.ok());
  ASSERT_THAT(*by_number, SizeIs(1));
  EXPECT_EQ((*by_number)[0].reference, "PO 77");
  const auto none = FindInvoicesByReference(transport_, caller_, "PO 78");
  ASSERT_TRUE(none.ok());
  EXPECT_THAT(*none, SizeIs(0));
}

TEST_F(ClientRequests, FindsCreditNotesBankTransactionsAndPaymentsByTheirKeys) {
  const std::string abc = emulator::DemoContactId(1, 1);
  domain::CreditNote note;
  note.type = domain::CreditNoteType::kAccRecCredit;
  note.contact.id = domain::ContactId(abc);
  note.date = Day(2026, 1, 6);
  note.number = R"(CN "1")";
  note.reference = "Refund \\ 1";
  note.line_items.push_back(Line());
  const auto notes =
      WriteDocuments<domain::CreditNote>(transport_, caller_, WriteMethod::kPut, std::vector{note});
  ASSERT_EQ(notes[0].outcome, DocumentOutcome::kWritten) << notes[0].status;
  for (const auto& found : {FindCreditNotesByNumber(transport_, caller_, *note.number),
                            FindCreditNotesByReference(transport_, caller_, *note.reference)}) {
    ASSERT_TRUE(found.ok()) << found.status();
    ASSERT_THAT(*found, SizeIs(1));
    EXPECT_EQ((*found)[0].id, notes[0].record->id);
  }

  domain::BankTransaction spend;
  spend.type = domain::BankTransactionType::kSpend;
  spend.contact.id = domain::ContactId(abc);
  spend.bank_account.code = "090";
  spend.date = Day(2026, 1, 7);
  spend.reference = R"(Card "4242")";
  spend.url = "https://app.example.com/spend/1";
  spend.line_items.push_back(Line("400"));
  const auto spent = WriteDocuments<domain::BankTransaction>(transport_, caller_, WriteMethod::kPut,
                                                             std::vector{spend});
  ASSERT_EQ(spent[0].outcome, DocumentOutcome::kWritten) << spent[0].status;
  for (const auto& found : {FindBankTransactionsByReference(transport_, caller_, *spend.reference),
                            FindBankTransactionsByUrl(transport_, caller_, *spend.url)}) {
    ASSERT_TRUE(found.ok()) << found.status();
    ASSERT_THAT(*found, SizeIs(1));
    EXPECT_EQ((*found)[0].id, spent[0].record->id);
  }

  domain::Invoice invoice = SalesInvoice("PAY-1", abc);
  invoice.status = domain::DocumentStatus::kAuthorised;
  const auto invoiced =
      WriteDocuments<domain::Invoice>(transport_, caller_, WriteMethod::kPut, std::vector{invoice});
  ASSERT_EQ(invoiced[0].outcome, DocumentOutcome::kWritten) << invoiced[0].status;
  domain::Payment payment;
  payment.invoice_number = "PAY-1";
  payment.account.code = "090";
  payment.date = Day(2026, 1, 8);
  payment.amount = Decimal::FromInt(10);
  payment.reference = R"(Pay "ref" 1)";
  const auto paid =
      WriteDocuments<domain::Payment>(transport_, caller_, WriteMethod::kPut, std::vector{payment});
  ASSERT_EQ(paid[0].outcome, DocumentOutcome::kWritten) << paid[0].status;
  const auto found = FindPaymentsByReference(transport_, caller_, *payment.reference);
  ASSERT_TRUE(found.ok()) << found.status();
  ASSERT_THAT(*found, SizeIs(1));
  EXPECT_EQ((*found)[0].id, paid[0].record->id);
}

TEST_F(ClientRequests, AnAnswerThatIsNotTwoHundredFailsTheBatchAsAWhole) {
  ControlPost("/tenants/" + std::string(emulator::kDemoNzTenantId) + "/offline");
  const std::vector<domain::Invoice> invoices = {
      SalesInvoice("OFF-1", emulator::DemoContactId(1, 1))};
  const auto results =
      WriteDocuments<domain::Invoice>(transport_, caller_, WriteMethod::kPut, invoices);
  // 503: Xero may or may not have written it, so the engine must look before sending it again.
  EXPECT_EQ(results[0].outcome, DocumentOutcome::kAmbiguous);
  EXPECT_EQ(results[0].http_status, 503);
  EXPECT_THAT(results[0].status.message(), HasSubstr("The Organisation is Offline"));
  const auto lookup = FindInvoicesByNumber(transport_, caller_, "OFF-1");
  EXPECT_EQ(lookup.status().code(), StatusCode::kUnavailable);
}

}  // namespace
}  // namespace xerosync::xero
