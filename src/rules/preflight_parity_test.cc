// Parity of the pre-flight checks with Xero, stood in for by the emulator: for each case, the
// document is prepared against a Reference built from the organisation's settings as the client
// reads them, and the same (prepared) document is sent to the emulator with the client's codecs.
// The first finding's code must be the code of the emulator's first message, as
// rules/recognise.h reads it and RefineWithReference makes it precise; a document the checks pass
// must be written.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/clock.h"
#include "emulator/demo_data.h"
#include "emulator/emulator.h"
#include "emulator/test_support.h"
#include "rules/preflight.h"
#include "rules/recognise.h"
#include "rules/testing/emulator_settings.h"
#include "xero/batch.h"
#include "xero/requests.h"
#include "xero/testing/emulator_transport.h"

namespace xerosync::rules {
namespace {

using domain::DocumentStatus;

constexpr char kScopes[] =
    "openid offline_access accounting.settings accounting.contacts accounting.transactions";
constexpr std::string_view kNone = "(none)";

domain::Date Day(int year, unsigned month, unsigned day) {
  return domain::Date::FromYmd(year, month, day).value();
}

domain::LineItem Line(std::string_view amount, std::optional<std::string> account = "200",
                      std::optional<std::string> tax = std::nullopt) {
  domain::LineItem line;
  line.description = "Chairs";
  line.quantity = Decimal::FromInt(2);
  line.unit_amount = Decimal::Parse(amount).value();
  line.account_code = std::move(account);
  line.tax_type = std::move(tax);
  return line;
}

domain::Invoice Invoice(std::string contact_name = "Bayside Club") {
  domain::Invoice invoice;
  invoice.type = domain::InvoiceType::kAccRec;
  invoice.contact.name = std::move(contact_name);
  invoice.status = DocumentStatus::kAuthorised;
  invoice.date = Day(2026, 1, 5);
  invoice.due_date = Day(2026, 1, 31);
  invoice.line_items = {Line("20.00")};
  return invoice;
}

class PreflightParity : public ::testing::Test {
 protected:
  PreflightParity()
      : emulator_(clock_, emulator::testing::DemoOptions(43)),
        transport_(emulator_),
        caller_{"http://127.0.0.1:1", emulator::testing::ConnectDemoApp(emulator_, kScopes),
                std::string(emulator::kDemoNzTenantId)} {}

  // Also lets a little time pass, so that no case meets the emulator's limit of 60 calls a minute.
  Reference ReferenceNow() {
    clock_.Advance(std::chrono::seconds(10));
    Result<Settings> settings = testing::ReadSettings(transport_, caller_);
    EXPECT_TRUE(settings.ok()) << settings.status();
    return Reference::Build(settings.ok() ? std::move(*settings) : Settings{});
  }

  // POST (or PUT) to the emulator's control API for the NZ organisation; fails the test unless
  // it answers 200.
  void Control(std::string method, const std::string& path, std::string body = "") {
    const xero::TransportResult answer = transport_.Send(
        {std::move(method),
         "http://127.0.0.1:1/_emulator/tenants/" + std::string(emulator::kDemoNzTenantId) + path,
         {{"Content-Type", "application/json"}},
         std::move(body)});
    const auto* response = std::get_if<xero::HttpResponse>(&answer);
    ASSERT_TRUE(response != nullptr);
    ASSERT_EQ(response->status, 200) << path << ": " << response->body;
  }

  // The code Xero's answer to `document` produces: kNone when it is written.
  template <typename T>
  std::string Sent(const T& document, const Reference& reference,
                   xero::WriteMethod method = xero::WriteMethod::kPut) {
    const std::vector<T> documents = {document};
    const auto results = xero::WriteDocuments<T>(transport_, caller_, method, documents, {});
    if (results.size() != 1) return "(no result)";
    if (results[0].outcome == xero::DocumentOutcome::kWritten) return std::string(kNone);
    if (results[0].errors.empty()) return "(not rejected: " + results[0].status.ToString() + ")";
    const Recognised recognised = RecogniseXeroMessage(results[0].errors[0].message);
    return std::string(RefineWithReference(recognised.code, recognised.value, reference));
  }

  static std::string CodeOf(const std::optional<Finding>& finding) {
    return finding ? std::string(finding->code) : std::string(kNone);
  }

  // Prepares `invoice` and sends it; expects both to give `code`.
  void ExpectInvoice(domain::Invoice invoice, std::string_view code, const Context& context = {}) {
    const Reference reference = ReferenceNow();
    const std::string found = CodeOf(PrepareInvoice(invoice, reference, mappings_, context));
    EXPECT_EQ(found, code) << "pre-flight";
    EXPECT_EQ(Sent(invoice, reference), found) << "the emulator's answer";
  }

  FakeClock clock_{TimePoint(std::chrono::sys_days(std::chrono::year{2026} / 2 / 1))};
  emulator::Emulator emulator_;
  xero::testing::EmulatorTransport transport_;
  xero::ApiCaller caller_;
  Mappings mappings_;
};

TEST_F(PreflightParity, AGoodInvoiceIsWrittenWithItsMappedValues) {
  ASSERT_TRUE(mappings_.Set("account", "4000", "200").ok());
  ASSERT_TRUE(mappings_.Set("tax_rate", "GST", "OUTPUT2").ok());
  ASSERT_TRUE(mappings_.Set("tracking", "Area/N", "Region/North").ok());
  domain::Invoice invoice = Invoice();
  invoice.line_items = {Line("20.00", "4000", "GST")};
  invoice.line_items[0].tracking = {{{}, {}, "Area", "N"}};
  ExpectInvoice(invoice, kNone);
}

TEST_F(PreflightParity, Contacts) {
  domain::Invoice archived_by_id = Invoice();
  archived_by_id.contact = {};
  archived_by_id.contact.id = domain::ContactId(emulator::DemoContactId(1, 8));
  ExpectInvoice(archived_by_id, "contact.archived");

  ExpectInvoice(Invoice("old supplies co"), "contact.archived");
  Control("POST", "/contacts/" + emulator::DemoContactId(1, 2) + "/archive");
  ExpectInvoice(Invoice("Bayside Club"), "contact.archived");

  domain::Invoice nobody = Invoice();
  nobody.contact = {};
  ExpectInvoice(nobody, "document.missing_information");

  domain::Invoice unknown_number = Invoice();
  unknown_number.contact = {};
  unknown_number.contact.contact_number = "CUST-999";
  ExpectInvoice(unknown_number, "contact.missing");

  domain::Invoice by_number = Invoice();
  by_number.contact = {};
  by_number.contact.contact_number = "CUST-003";
  ExpectInvoice(by_number, kNone);
}

TEST_F(PreflightParity, Currencies) {
  domain::Invoice euro = Invoice();
  euro.currency_code = "EUR";
  ExpectInvoice(euro, "currency.not_enabled");
  domain::Invoice dollars = Invoice();
  dollars.currency_code = "USD";
  dollars.currency_rate = Decimal::Parse("0.6").value();
  ExpectInvoice(dollars, kNone);
  Control("POST", "/currencies/USD/unsubscribe");
  ExpectInvoice(dollars, "currency.not_enabled");
}

TEST_F(PreflightParity, Lines) {
  domain::Invoice negative = Invoice();
  negative.line_items.push_back(Line("1.00"));
  negative.line_items[1].quantity = Decimal::Parse("-1").value();
  ExpectInvoice(negative, "document.negative");

  domain::Invoice no_account = Invoice();
  no_account.line_items = {Line("5.00", std::nullopt)};
  ExpectInvoice(no_account, "account.missing");
  no_account.status = DocumentStatus::kDraft;
  ExpectInvoice(no_account, kNone);

  for (const char* code : {"999", "090", "610", "800"}) {
    SCOPED_TRACE(code);
    domain::Invoice invoice = Invoice();
    invoice.line_items[0].account_code = code;
    ExpectInvoice(invoice, "account.invalid_for_document");
  }
  domain::Invoice rounding = Invoice();
  rounding.line_items[0].account_code = "860";
  ExpectInvoice(rounding, kNone);

  // An account archived through the API.
  const std::string advertising = emulator::DemoAccountId(1, "400");
  Result<xero::HttpRequest> archive = xero::BuildWrite(caller_, "POST", "/Accounts/" + advertising,
                                                       {}, R"({"Status":"ARCHIVED"})", "");
  ASSERT_TRUE(archive.ok());
  const xero::TransportResult archived = transport_.Send(*archive);
  ASSERT_EQ(std::get<xero::HttpResponse>(archived).status, 200)
      << std::get<xero::HttpResponse>(archived).body;
  domain::Invoice bill = Invoice("PowerDirect");
  bill.type = domain::InvoiceType::kAccPay;
  bill.line_items = {Line("5.00", "400")};
  ExpectInvoice(bill, "account.archived");
}

TEST_F(PreflightParity, TaxRates) {
  domain::Invoice unknown = Invoice();
  unknown.line_items[0].tax_type = "GST15";
  ExpectInvoice(unknown, "tax_rate.unknown");

  domain::Invoice wrong_class = Invoice();
  wrong_class.line_items[0].tax_type = "INPUT2";
  ExpectInvoice(wrong_class, "tax_rate.not_for_account");

  domain::Invoice zero_rated = Invoice();
  zero_rated.line_items[0].tax_type = "ZERORATED";
  ExpectInvoice(zero_rated, kNone);
  Control("POST", "/tax-rates/ZERORATED/status", R"({"status":"ARCHIVED"})");
  ExpectInvoice(zero_rated, "tax_rate.inactive");

  // An account added to the chart whose own default tax type does not suit its class: the line
  // takes the account's tax type, which is checked as if given.
  Control("POST", "/accounts",
          R"({"code":"205","name":"Sales - odd","type":"REVENUE","tax_type":"INPUT2"})");
  domain::Invoice account_default = Invoice();
  account_default.line_items[0].account_code = "205";
  ExpectInvoice(account_default, "tax_rate.not_for_account");
  account_default.line_items[0].tax_type = "NONE";
  ExpectInvoice(account_default, kNone);
}

TEST_F(PreflightParity, TotalsDueDateAndLockDate) {
  domain::Invoice negative_total = Invoice();
  negative_total.line_items.push_back(Line("-30.00"));
  ExpectInvoice(negative_total, "document.negative");

  domain::Invoice no_due_date = Invoice();
  no_due_date.due_date.reset();
  ExpectInvoice(no_due_date, "document.missing_information");

  Control("PUT", "/lock-dates", R"({"period_lock_date":"2026-01-10"})");
  ExpectInvoice(Invoice(), "document.period_locked");
  domain::Invoice draft = Invoice();
  draft.status = DocumentStatus::kDraft;
  ExpectInvoice(draft, kNone);
  Control("PUT", "/lock-dates",
          R"({"period_lock_date":"2026-01-05","end_of_year_lock_date":"2025-12-31"})");
  ExpectInvoice(Invoice(), "document.period_locked");
  domain::Invoice later = Invoice();
  later.date = Day(2026, 1, 6);
  ExpectInvoice(later, kNone);
}

TEST_F(PreflightParity, CreditNotes) {
  domain::CreditNote note;
  note.type = domain::CreditNoteType::kAccRecCredit;
  note.contact.name = "Old Supplies Co";
  note.status = DocumentStatus::kAuthorised;
  note.date = Day(2026, 1, 5);
  note.line_items = {Line("10.00", std::nullopt)};
  ASSERT_TRUE(mappings_.Set("default", "sales_account", "200").ok());
  for (const auto& [name, code] : std::vector<std::pair<std::string, std::string_view>>{
           {"Old Supplies Co", "contact.archived"}, {"City Agency", kNone}}) {
    domain::CreditNote prepared = note;
    prepared.contact.name = name;
    const Reference reference = ReferenceNow();
    const std::string found = CodeOf(PrepareCreditNote(prepared, reference, mappings_, {}));
    EXPECT_EQ(found, code) << name;
    EXPECT_EQ(Sent(prepared, reference), found) << name;
  }
}

TEST_F(PreflightParity, Payments) {
  // An authorised invoice and a draft one to pay.
  std::vector<domain::Invoice> invoices = {Invoice(), Invoice()};
  invoices[1].status = DocumentStatus::kDraft;
  const auto written = xero::WriteDocuments<domain::Invoice>(transport_, caller_,
                                                             xero::WriteMethod::kPut, invoices, {});
  ASSERT_EQ(written.size(), 2U);
  ASSERT_TRUE(written[0].record && written[1].record);
  ASSERT_TRUE(mappings_.Set("default", "payment_account", "090").ok());

  struct Case {
    std::size_t invoice;
    std::optional<std::string> account;
    std::string_view code;
  };
  for (const Case& c : std::vector<Case>{{0, "400", "payment.account_cannot_take_payments"},
                                         {0, "999", "payment.account_missing"},
                                         {1, "090", "payment.document_not_authorised"},
                                         {1, "999", "payment.document_not_authorised"},
                                         {0, std::nullopt, kNone}}) {
    SCOPED_TRACE(c.account.value_or("default"));
    domain::Payment payment;
    domain::Invoice paid;
    paid.id = written[c.invoice].record->id;
    payment.invoice = paid;
    payment.account.code = c.account;
    payment.amount = Decimal::Parse("1.00").value();
    payment.date = Day(2026, 1, 20);
    const Reference reference = ReferenceNow();
    const Context context{.settled_in_xero = false,
                          .paid_document_status = invoices[c.invoice].status};
    const std::string found = CodeOf(PreparePayment(payment, reference, mappings_, context));
    EXPECT_EQ(found, c.code);
    EXPECT_EQ(Sent(payment, reference), found);
  }

  // A payment dated in a locked period.
  Control("PUT", "/lock-dates", R"({"period_lock_date":"2026-01-25"})");
  domain::Payment locked;
  domain::Invoice paid;
  paid.id = written[0].record->id;
  locked.invoice = paid;
  locked.amount = Decimal::Parse("1.00").value();
  locked.date = Day(2026, 1, 25);
  const Reference reference = ReferenceNow();
  const std::string found = CodeOf(PreparePayment(locked, reference, mappings_, {}));
  EXPECT_EQ(found, "document.period_locked");
  EXPECT_EQ(Sent(locked, reference), found);
}

TEST_F(PreflightParity, AnInvoiceWithAPaymentCannotBeEdited) {
  std::vector<domain::Invoice> invoices = {Invoice()};
  const auto written = xero::WriteDocuments<domain::Invoice>(transport_, caller_,
                                                             xero::WriteMethod::kPut, invoices, {});
  ASSERT_TRUE(written.size() == 1 && written[0].record);
  domain::Payment payment;
  domain::Invoice paid;
  paid.id = written[0].record->id;
  payment.invoice = paid;
  payment.account.code = "090";
  payment.amount = Decimal::Parse("1.00").value();
  payment.date = Day(2026, 1, 20);
  ASSERT_EQ(Sent(payment, ReferenceNow()), kNone);

  domain::Invoice update = Invoice();
  update.id = written[0].record->id;
  update.line_items = {Line("25.00")};  // new figures
  const Reference reference = ReferenceNow();
  const Context settled{.settled_in_xero = true, .paid_document_status = std::nullopt};
  const std::string found = CodeOf(PrepareInvoice(update, reference, mappings_, settled));
  EXPECT_EQ(found, "document.not_editable");
  EXPECT_EQ(Sent(update, reference, xero::WriteMethod::kPost), found);
}

TEST_F(PreflightParity, Allocations) {
  // An authorised invoice and credit note of one contact, then allocations of the note to it.
  std::vector<domain::Invoice> invoices = {Invoice()};
  const auto invoice = xero::WriteDocuments<domain::Invoice>(transport_, caller_,
                                                             xero::WriteMethod::kPut, invoices, {});
  ASSERT_TRUE(invoice.size() == 1 && invoice[0].record);
  domain::CreditNote note;
  note.type = domain::CreditNoteType::kAccRecCredit;
  note.contact.name = "Bayside Club";
  note.status = DocumentStatus::kAuthorised;
  note.date = Day(2026, 1, 5);
  note.line_items = {Line("5.00")};
  const std::vector<domain::CreditNote> notes = {note};
  const auto credit = xero::WriteDocuments<domain::CreditNote>(transport_, caller_,
                                                               xero::WriteMethod::kPut, notes, {});
  ASSERT_TRUE(credit.size() == 1 && credit[0].record);
  Control("PUT", "/lock-dates", R"({"period_lock_date":"2026-01-10"})");

  for (const auto& [date, code] : std::vector<std::pair<domain::Date, std::string_view>>{
           {Day(2026, 1, 10), "document.period_locked"}, {Day(2026, 1, 11), kNone}}) {
    domain::Allocation allocation;
    domain::Invoice allocated;
    allocated.id = invoice[0].record->id;
    allocation.invoice = allocated;
    allocation.amount = Decimal::Parse("1.00").value();
    allocation.date = date;
    const Reference reference = ReferenceNow();
    const std::string found = CodeOf(PrepareAllocation(allocation, reference, mappings_, {}));
    EXPECT_EQ(found, code);
    const std::vector<domain::Allocation> allocations = {allocation};
    const xero::BatchPlan plan = xero::PlanBatches<domain::Allocation>(allocations);
    ASSERT_EQ(plan.batches.size(), 1U);
    const auto results = xero::SendAllocations(transport_, caller_, credit[0].record->id.value(),
                                               allocations, plan.batches[0], "");
    ASSERT_EQ(results.size(), 1U);
    std::string answered(kNone);
    if (results[0].outcome != xero::DocumentOutcome::kWritten) {
      ASSERT_FALSE(results[0].errors.empty()) << results[0].status;
      answered = RecogniseXeroMessage(results[0].errors[0].message).code;
    }
    EXPECT_EQ(answered, found);
  }
}

TEST_F(PreflightParity, Expenses) {
  domain::BankTransaction expense;
  expense.type = domain::BankTransactionType::kSpend;
  expense.contact.name = "Old Supplies Co";  // archived: bank transactions take it
  expense.bank_account.code = "090";
  expense.date = Day(2026, 1, 7);
  expense.line_items = {Line("12.00", "404")};
  struct Case {
    std::string bank;
    std::optional<std::string> line_account;
    std::string_view code;
    std::string currency = "";
    bool locked = false;
  };
  for (const Case& c : std::vector<Case>{{"090", "404", kNone},
                                         {"400", "404", "xero.validation"},
                                         {"090", std::nullopt, "account.missing"},
                                         {"090", "091", "account.invalid_for_document"},
                                         {"090", "404", "currency.not_enabled", "EUR"},
                                         {"090", "404", "document.period_locked", "", true}}) {
    SCOPED_TRACE(c.bank + "/" + c.line_account.value_or("-"));
    domain::BankTransaction prepared = expense;
    prepared.bank_account.code = c.bank;
    prepared.line_items[0].account_code = c.line_account;
    if (!c.currency.empty()) prepared.currency_code = c.currency;
    if (c.locked) Control("PUT", "/lock-dates", R"({"period_lock_date":"2026-01-07"})");
    const Reference reference = ReferenceNow();
    const std::string found = CodeOf(PrepareExpense(prepared, reference, mappings_, {}));
    EXPECT_EQ(found, c.code);
    EXPECT_EQ(Sent(prepared, reference), found);
  }
}

TEST_F(PreflightParity, NewContacts) {
  domain::Contact holder;
  holder.name = "Foxtrot Ltd";
  holder.account_number = "ACC-1";
  ASSERT_EQ(Sent(holder, ReferenceNow()), kNone);
  struct Case {
    std::string name;
    std::optional<std::string> number;
    std::optional<std::string> email;
    std::string_view code;
    std::optional<std::string> account_number = std::nullopt;
  };
  for (const Case& c : std::vector<Case>{
           {"ABC Furniture", "NEW-1", std::nullopt, "contact.name_taken"},
           {"Delta Ltd", std::nullopt, "delta.co.nz", "contact.email_invalid"},
           {"Old Supplies Co", "NEW-2", std::nullopt, kNone},  // the namesake is archived
           {"Golf Ltd", "NEW-4", std::nullopt, "contact.account_number_taken", "ACC-1"},
           {"Hotel Ltd", "NEW-5", std::nullopt, kNone, "acc-1"},  // matched exactly
           {"Echo Ltd", "NEW-3", "accounts@echo.co.nz", kNone}}) {
    SCOPED_TRACE(c.name);
    domain::Contact contact;
    contact.name = c.name;
    contact.contact_number = c.number;
    contact.email = c.email;
    contact.account_number = c.account_number;
    const Reference reference = ReferenceNow();
    const std::string found = CodeOf(PrepareContact(contact, reference, mappings_));
    EXPECT_EQ(found, c.code);
    EXPECT_TRUE(contact.id.empty());  // nothing to link: a new contact
    EXPECT_EQ(Sent(contact, reference), found);
  }
}

}  // namespace
}  // namespace xerosync::rules
