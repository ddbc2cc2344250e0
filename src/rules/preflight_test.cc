// The pre-flight checks: each code a Prepare* function reports, what it rewrites (mapped codes,
// defaults, linked contacts), that what the cache does not know is never refused, and that codes
// and names match ignoring case.
#include "rules/preflight.h"

#include <gtest/gtest.h>

#include "rules/catalogue.h"

namespace xerosync::rules {
namespace {

using domain::AccountClass;
using domain::AccountStatus;
using domain::AccountType;
using domain::ContactStatus;
using domain::DocumentStatus;
using domain::TaxRateStatus;

domain::Date D(int y, unsigned m, unsigned d) { return *domain::Date::FromYmd(y, m, d); }
Decimal Dec(std::string_view text) { return *Decimal::Parse(text); }

domain::Account MakeAccount(std::string id, std::string code, AccountType type,
                            std::optional<std::string> tax_type = std::nullopt) {
  domain::Account a;
  a.id = domain::AccountId(std::move(id));
  a.code = std::move(code);
  a.type = type;
  a.status = AccountStatus::kActive;
  a.tax_type = std::move(tax_type);
  return a;
}

domain::TaxRate MakeRate(std::string type, std::string_view percent, bool revenue, bool expenses) {
  domain::TaxRate r;
  r.tax_type = std::move(type);
  r.status = TaxRateStatus::kActive;
  r.effective_rate = Dec(percent);
  r.can_apply_to_revenue = revenue;
  r.can_apply_to_expenses = expenses;
  r.can_apply_to_assets = true;
  r.can_apply_to_liabilities = true;
  r.can_apply_to_equity = true;
  return r;
}

domain::Contact MakeContact(std::string id, std::string name, ContactStatus status) {
  domain::Contact c;
  c.id = domain::ContactId(std::move(id));
  c.name = std::move(name);
  c.status = status;
  return c;
}

// A small organisation: NZD, locked to 2026-03-31.
Settings OrgSettings() {
  Settings s;
  domain::Organisation org;
  org.base_currency = "NZD";
  org.period_lock_date = D(2026, 3, 31);
  s.organisation = org;
  std::vector<domain::Account> accounts = {
      MakeAccount("a-200", "200", AccountType::kRevenue, "OUTPUT2"),
      MakeAccount("a-400", "400", AccountType::kExpense, "INPUT2"),
      MakeAccount("a-090", "090", AccountType::kBank),
      MakeAccount("a-610", "610", AccountType::kCurrent),
      MakeAccount("a-860", "860", AccountType::kCurrLiab),
      MakeAccount("a-260", "260", AccountType::kOtherIncome, "OUTPUT2"),
      MakeAccount("a-300", "Sales-NT", AccountType::kSales),  // no default tax type
      MakeAccount("a-877", "877", AccountType::kCurrent),     // payments enabled
  };
  accounts[3].system_account = "DEBTORS";
  accounts[4].system_account = "ROUNDING";
  accounts[5].status = AccountStatus::kArchived;
  accounts[7].enable_payments_to_account = true;
  domain::Account no_code;
  no_code.id = domain::AccountId("a-none");
  no_code.name = "Unnamed";
  accounts.push_back(no_code);
  s.accounts = accounts;
  std::vector<domain::TaxRate> rates = {
      MakeRate("OUTPUT2", "15", /*revenue=*/true, /*expenses=*/false),
      MakeRate("INPUT2", "15", /*revenue=*/false, /*expenses=*/true),
      MakeRate("NONE", "0", true, true),
      MakeRate("OLDTAX", "12.5", true, true),
  };
  rates[3].status = TaxRateStatus::kArchived;
  s.tax_rates = rates;
  s.currencies = std::vector<domain::Currency>{{"NZD", {}}, {"USD", {}}};
  domain::TrackingCategory region;
  region.name = "Region";
  domain::TrackingOption north;
  north.name = "North";
  region.options = {north};
  s.tracking_categories = std::vector<domain::TrackingCategory>{region};
  std::vector<domain::Contact> contacts = {
      MakeContact("c-acme", "Acme Ltd", ContactStatus::kActive),
      MakeContact("c-old", "Old Co", ContactStatus::kArchived),
      MakeContact("c-beta", "Beta Ltd", ContactStatus::kActive),
      MakeContact("c-old2", "Acme Ltd", ContactStatus::kArchived),
  };
  contacts[0].contact_number = "CUST-1";
  contacts[2].account_number = "ACC-9";
  s.contacts = contacts;
  return s;
}

domain::LineItem Line(std::string_view amount, std::optional<std::string> account = "200",
                      std::optional<std::string> tax = std::nullopt) {
  domain::LineItem line;
  line.description = "Work";
  line.quantity = Decimal::FromInt(1);
  line.unit_amount = Dec(amount);
  line.account_code = std::move(account);
  line.tax_type = std::move(tax);
  return line;
}

// An authorised sales invoice to Acme Ltd that passes every check.
domain::Invoice GoodInvoice() {
  domain::Invoice invoice;
  invoice.type = domain::InvoiceType::kAccRec;
  invoice.contact.name = "Acme Ltd";
  invoice.status = DocumentStatus::kAuthorised;
  invoice.date = D(2026, 5, 1);
  invoice.due_date = D(2026, 5, 31);
  invoice.line_items = {Line("100.00")};
  return invoice;
}

class PreflightTest : public ::testing::Test {
 protected:
  std::optional<Finding> Invoice(domain::Invoice& invoice, const Context& context = {}) {
    return PrepareInvoice(invoice, reference_, mappings_, context);
  }
  std::string_view CodeOf(domain::Invoice invoice) {
    const std::optional<Finding> f = Invoice(invoice);
    return f ? f->code : "none";
  }

  Reference reference_ = Reference::Build(OrgSettings());
  Mappings mappings_;
};

TEST_F(PreflightTest, AGoodInvoicePassesAndIsLinkedToItsContact) {
  domain::Invoice invoice = GoodInvoice();
  EXPECT_EQ(Invoice(invoice), std::nullopt);
  EXPECT_EQ(invoice.contact.id.value(), "c-acme");  // the active one, not the archived namesake
  EXPECT_EQ(invoice.contact.name, "Acme Ltd");
  EXPECT_EQ(invoice.line_items[0].tax_type, "OUTPUT2");  // the account's default, filled in
}

TEST_F(PreflightTest, ReferenceMatchesIgnoringCase) {
  ASSERT_NE(reference_.AccountByCode("sales-nt"), nullptr);
  EXPECT_EQ(reference_.AccountByCode("sales-nt")->id.value(), "a-300");
  EXPECT_NE(reference_.TaxRateByType("output2"), nullptr);
  EXPECT_TRUE(reference_.CurrencyEnabled("usd"));
  EXPECT_TRUE(reference_.CurrencyEnabled("nzd"));
  EXPECT_FALSE(reference_.CurrencyEnabled("EUR"));
  EXPECT_EQ(reference_.ContactByName("ACME LTD")->id.value(), "c-acme");
  EXPECT_EQ(reference_.ContactByName("old co")->id.value(), "c-old");
  EXPECT_EQ(reference_.ContactByNumber("cust-1")->id.value(), "c-acme");
  EXPECT_EQ(reference_.ContactByAccountNumber("acc-9")->id.value(), "c-beta");
  EXPECT_NE(reference_.TrackingCategoryByName("REGION"), nullptr);
  EXPECT_EQ(reference_.lock_date(), D(2026, 3, 31));
  ASSERT_EQ(reference_.AccountsWithoutCode().size(), 1U);
  EXPECT_EQ(reference_.AccountsWithoutCode()[0]->id.value(), "a-none");

  domain::Invoice invoice = GoodInvoice();
  invoice.contact.name = "acme LTD";
  invoice.line_items[0].account_code = "sales-nt";
  invoice.line_items[0].tax_type = "output2";
  invoice.currency_code = "usd";
  EXPECT_EQ(Invoice(invoice), std::nullopt);
  EXPECT_EQ(invoice.line_items[0].account_code, "Sales-NT");  // Xero's spelling
  EXPECT_EQ(invoice.line_items[0].tax_type, "OUTPUT2");
}

TEST_F(PreflightTest, ACopiedReferenceLooksUpInItsOwnSettings) {
  std::optional<Reference> original = Reference::Build(OrgSettings());
  const Reference copy = *original;
  original.reset();
  ASSERT_NE(copy.AccountByCode("200"), nullptr);
  EXPECT_EQ(copy.AccountByCode("200")->id.value(), "a-200");
}

TEST_F(PreflightTest, MappingsRefuseUnknownKindsDefaultsAndSettings) {
  Mappings m;
  EXPECT_TRUE(m.Set("account", "SALES", "200").ok());
  EXPECT_EQ(*m.Account("sales"), "200");
  EXPECT_EQ(m.Account("other"), nullptr);
  EXPECT_EQ(m.Set("colour", "a", "b").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(m.Set("default", "bank_account", "090").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(m.Set("setting", "auto_sync", "true").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(m.Set("setting", "auto_create_contacts", "yes").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(m.Set("account", "", "200").code(), StatusCode::kInvalidArgument);
  EXPECT_FALSE(m.auto_create_contacts());
  EXPECT_TRUE(m.Set("setting", "auto_create_contacts", "true").ok());
  EXPECT_TRUE(m.auto_create_contacts());
}

TEST_F(PreflightTest, HostValuesAreMappedAndDefaultsFilledIn) {
  ASSERT_TRUE(mappings_.Set("account", "4000", "200").ok());
  ASSERT_TRUE(mappings_.Set("tax_rate", "GST", "output2").ok());
  ASSERT_TRUE(mappings_.Set("currency", "US$", "USD").ok());
  ASSERT_TRUE(mappings_.Set("contact", "ACME", "c-acme").ok());
  ASSERT_TRUE(mappings_.Set("tracking", "Area/N", "region/north").ok());
  ASSERT_TRUE(mappings_.Set("default", "sales_account", "Sales-NT").ok());
  ASSERT_TRUE(mappings_.Set("default", "sales_tax_rate", "NONE").ok());
  domain::Invoice invoice = GoodInvoice();
  invoice.contact.name = "acme";
  invoice.currency_code = "US$";
  invoice.line_items[0].account_code = "4000";
  invoice.line_items[0].tax_type = "gst";
  invoice.line_items[0].tracking = {{{}, {}, "area", "n"}};
  invoice.line_items.push_back(Line("5.00", std::nullopt));  // no account: the defaults
  EXPECT_EQ(Invoice(invoice), std::nullopt);
  EXPECT_EQ(invoice.contact.id.value(), "c-acme");
  EXPECT_EQ(invoice.currency_code, "USD");
  EXPECT_EQ(invoice.line_items[0].account_code, "200");
  EXPECT_EQ(invoice.line_items[0].tax_type, "OUTPUT2");
  EXPECT_EQ(invoice.line_items[0].tracking[0].name, "Region");
  EXPECT_EQ(invoice.line_items[0].tracking[0].option, "North");
  EXPECT_EQ(invoice.line_items[1].account_code, "Sales-NT");
  EXPECT_EQ(invoice.line_items[1].tax_type, "NONE");  // the account has no default of its own

  // Bills take the purchases defaults.
  ASSERT_TRUE(mappings_.Set("default", "purchases_account", "400").ok());
  domain::Invoice bill = GoodInvoice();
  bill.type = domain::InvoiceType::kAccPay;
  bill.line_items = {Line("10.00", std::nullopt)};
  EXPECT_EQ(Invoice(bill), std::nullopt);
  EXPECT_EQ(bill.line_items[0].account_code, "400");
  EXPECT_EQ(bill.line_items[0].tax_type, "INPUT2");
}

TEST_F(PreflightTest, UnknownTrackingIsLeftToXero) {
  domain::Invoice invoice = GoodInvoice();
  invoice.line_items[0].tracking = {{{}, {}, "Department", "Sales"}, {{}, {}, "Region", "West"}};
  EXPECT_EQ(Invoice(invoice), std::nullopt);
  EXPECT_EQ(invoice.line_items[0].tracking[0].name, "Department");
  EXPECT_EQ(invoice.line_items[0].tracking[1].option, "West");
}

TEST_F(PreflightTest, ContactProblems) {
  domain::Invoice by_id = GoodInvoice();
  by_id.contact = {};
  by_id.contact.id = domain::ContactId("C-OLD");
  const std::optional<Finding> archived = Invoice(by_id);
  ASSERT_TRUE(archived);
  EXPECT_EQ(*archived, (Finding{"contact.archived", "contact", "Old Co"}));

  domain::Invoice by_name = GoodInvoice();
  by_name.contact.name = "old co";
  EXPECT_EQ(CodeOf(by_name), "contact.archived");

  domain::Invoice unknown = GoodInvoice();
  unknown.contact.name = "New Customer";
  EXPECT_EQ(Invoice(unknown), (Finding{"contact.missing", "contact", "New Customer"}));

  domain::Invoice number_only = GoodInvoice();
  number_only.contact = {};
  number_only.contact.contact_number = "cust-1";
  EXPECT_EQ(Invoice(number_only), std::nullopt);
  EXPECT_EQ(number_only.contact.id.value(), "c-acme");

  domain::Invoice nobody = GoodInvoice();
  nobody.contact = {};
  EXPECT_EQ(Invoice(nobody), (Finding{"document.missing_information", "contact", ""}));
}

TEST_F(PreflightTest, WhatTheCacheDoesNotKnowIsNeverRefused) {
  domain::Invoice unknown_id = GoodInvoice();
  unknown_id.contact = {};
  unknown_id.contact.id = domain::ContactId("c-created-since");
  EXPECT_EQ(Invoice(unknown_id), std::nullopt);

  const Reference empty = Reference::Build({});
  domain::Invoice invoice = GoodInvoice();
  invoice.contact.name = "Anyone";
  invoice.currency_code = "EUR";
  invoice.date = D(2020, 1, 1);
  invoice.line_items = {Line("1.00", "999", "MADEUP"), Line("2.00", "090")};
  EXPECT_EQ(PrepareInvoice(invoice, empty, mappings_, {}), std::nullopt);
  EXPECT_EQ(invoice.line_items[0].account_code, "999");

  const Reference defaulted;
  EXPECT_EQ(PrepareInvoice(invoice, defaulted, mappings_, {}), std::nullopt);
}

TEST_F(PreflightTest, CurrencyNotEnabled) {
  domain::Invoice invoice = GoodInvoice();
  invoice.currency_code = "EUR";
  EXPECT_EQ(Invoice(invoice), (Finding{"currency.not_enabled", "currency", "EUR"}));
}

TEST_F(PreflightTest, LineProblems) {
  domain::Invoice negative = GoodInvoice();
  negative.line_items.push_back(Line("1.00"));
  negative.line_items[1].quantity = Dec("-2");
  EXPECT_EQ(Invoice(negative), (Finding{"document.negative", "2", "-2"}));

  domain::Invoice no_account = GoodInvoice();
  no_account.line_items = {Line("1.00", std::nullopt)};
  EXPECT_EQ(Invoice(no_account), (Finding{"account.missing", "1", ""}));
  no_account.status = DocumentStatus::kDraft;
  EXPECT_EQ(CodeOf(no_account), "none");  // drafts need no account

  domain::Invoice description_only = GoodInvoice();
  description_only.line_items.push_back(Line("0", std::nullopt));
  description_only.line_items[1].unit_amount.reset();
  description_only.line_items[1].quantity.reset();
  EXPECT_EQ(CodeOf(description_only), "none");

  for (const char* code : {"999", "090", "610"}) {  // unknown, BANK, a system account
    domain::Invoice invoice = GoodInvoice();
    invoice.line_items[0].account_code = code;
    EXPECT_EQ(Invoice(invoice), (Finding{"account.invalid_for_document", "1", code}));
  }
  domain::Invoice by_id = GoodInvoice();
  by_id.line_items[0].account_code.reset();
  by_id.line_items[0].account_id = domain::AccountId("a-missing");
  EXPECT_EQ(CodeOf(by_id), "account.invalid_for_document");
  by_id.line_items[0].account_id = domain::AccountId("A-200");
  EXPECT_EQ(CodeOf(by_id), "none");

  domain::Invoice rounding = GoodInvoice();
  rounding.line_items[0].account_code = "860";
  rounding.line_items[0].tax_type = "NONE";
  EXPECT_EQ(CodeOf(rounding), "none");

  domain::Invoice archived = GoodInvoice();
  archived.line_items[0].account_code = "260";
  EXPECT_EQ(Invoice(archived), (Finding{"account.archived", "1", "260"}));
}

TEST_F(PreflightTest, TaxRateProblems) {
  domain::Invoice unknown = GoodInvoice();
  unknown.line_items[0].tax_type = "GST15";
  EXPECT_EQ(Invoice(unknown), (Finding{"tax_rate.unknown", "1", "GST15"}));

  domain::Invoice inactive = GoodInvoice();
  inactive.line_items[0].tax_type = "OLDTAX";
  EXPECT_EQ(Invoice(inactive), (Finding{"tax_rate.inactive", "1", "OLDTAX"}));

  domain::Invoice wrong_class = GoodInvoice();
  wrong_class.line_items[0].tax_type = "INPUT2";  // expenses only, on a revenue account
  EXPECT_EQ(Invoice(wrong_class), (Finding{"tax_rate.not_for_account", "1", "INPUT2"}));

  // No tax type anywhere (account without a default, no default mapped): Xero's "TaxType field is
  // mandatory", gathered with the missing due date.
  domain::Invoice missing = GoodInvoice();
  missing.line_items[0].account_code = "Sales-NT";
  missing.due_date.reset();
  EXPECT_EQ(Invoice(missing),
            (Finding{"document.missing_information", "line 1's tax rate and due date", ""}));
  missing.line_amount_types = domain::LineAmountType::kNoTax;
  EXPECT_EQ(Invoice(missing), (Finding{"document.missing_information", "due date", ""}));
}

TEST_F(PreflightTest, MissingInformationIsGatheredIntoOneFinding) {
  domain::Invoice invoice = GoodInvoice();
  invoice.contact = {};
  invoice.due_date.reset();
  invoice.line_items[0].account_code = "Sales-NT";
  EXPECT_EQ(Invoice(invoice), (Finding{"document.missing_information",
                                       "contact, line 1's tax rate and due date", ""}));
  // A problem found first wins over later missing fields.
  invoice.currency_code = "EUR";
  invoice.contact.name = "Acme Ltd";
  EXPECT_EQ(CodeOf(invoice), "currency.not_enabled");
}

TEST_F(PreflightTest, NegativeTotal) {
  domain::Invoice invoice = GoodInvoice();
  invoice.line_items.push_back(Line("-150.00"));
  EXPECT_EQ(Invoice(invoice), (Finding{"document.negative", "total", "-57.50"}));
  invoice.line_items[1].unit_amount = Dec("-100.00");  // a full discount line: total 0
  EXPECT_EQ(CodeOf(invoice), "none");
}

TEST_F(PreflightTest, SettledDueDateAndLockDate) {
  domain::Invoice settled = GoodInvoice();
  settled.id = domain::InvoiceId("i-1");
  const std::optional<Finding> f =
      Invoice(settled, {.settled_in_xero = true, .paid_document_status = std::nullopt});
  ASSERT_TRUE(f);
  EXPECT_EQ(f->code, "document.not_editable");

  domain::Invoice no_due = GoodInvoice();
  no_due.due_date.reset();
  EXPECT_EQ(Invoice(no_due), (Finding{"document.missing_information", "due date", ""}));

  domain::Invoice locked = GoodInvoice();
  locked.date = D(2026, 3, 15);
  // The value is the lock date, the one the date must come after.
  EXPECT_EQ(Invoice(locked), (Finding{"document.period_locked", "date", "2026-03-31"}));
  locked.status = DocumentStatus::kDraft;  // drafts do not post
  EXPECT_EQ(CodeOf(locked), "none");
  locked.status = DocumentStatus::kAuthorised;
  locked.date = D(2026, 4, 1);
  EXPECT_EQ(CodeOf(locked), "none");
  locked.date.reset();  // Xero dates it today: not known here
  EXPECT_EQ(CodeOf(locked), "none");
}

TEST_F(PreflightTest, CreditNotes) {
  domain::CreditNote note;
  note.type = domain::CreditNoteType::kAccRecCredit;
  note.contact.name = "Acme Ltd";
  note.status = DocumentStatus::kAuthorised;
  note.date = D(2026, 5, 1);
  note.line_items = {Line("10.00", std::nullopt)};
  ASSERT_TRUE(mappings_.Set("default", "sales_account", "200").ok());
  EXPECT_EQ(PrepareCreditNote(note, reference_, mappings_, {}), std::nullopt);  // no due date
  EXPECT_EQ(note.line_items[0].account_code, "200");
  EXPECT_EQ(note.contact.id.value(), "c-acme");

  note.contact = {};
  note.contact.name = "Old Co";
  EXPECT_EQ(PrepareCreditNote(note, reference_, mappings_, {})->code, "contact.archived");
  note.contact.name = "Acme Ltd";
  note.date = D(2026, 1, 1);
  EXPECT_EQ(PrepareCreditNote(note, reference_, mappings_, {})->code, "document.period_locked");
}

TEST_F(PreflightTest, Payments) {
  const auto code_of = [&](domain::Payment payment, const Context& context = {}) {
    const std::optional<Finding> f = PreparePayment(payment, reference_, mappings_, context);
    return f ? f->code : "none";
  };
  domain::Payment payment;
  payment.invoice_number = "INV-1";
  payment.amount = Dec("10.00");
  payment.date = D(2026, 5, 2);
  EXPECT_EQ(code_of(payment), "payment.account_missing");
  ASSERT_TRUE(mappings_.Set("default", "payment_account", "090").ok());
  domain::Payment defaulted = payment;
  EXPECT_EQ(PreparePayment(defaulted, reference_, mappings_, {}), std::nullopt);
  EXPECT_EQ(defaulted.account.code, "090");

  payment.account.code = "877";  // not a bank account, but takes payments
  EXPECT_EQ(code_of(payment), "none");
  payment.account.code = "999";
  EXPECT_EQ(code_of(payment), "payment.account_missing");
  payment.account.code = "400";
  EXPECT_EQ(code_of(payment), "payment.account_cannot_take_payments");
  payment.account.code = "090";
  EXPECT_EQ(
      code_of(payment, {.settled_in_xero = false, .paid_document_status = DocumentStatus::kDraft}),
      "payment.document_not_authorised");
  EXPECT_EQ(code_of(payment, {.settled_in_xero = false,
                              .paid_document_status = DocumentStatus::kAuthorised}),
            "none");
  payment.date = D(2026, 3, 1);
  EXPECT_EQ(code_of(payment), "document.period_locked");
  // Xero checks the document's status before the account.
  payment.account.code = "999";
  EXPECT_EQ(
      code_of(payment, {.settled_in_xero = false, .paid_document_status = DocumentStatus::kPaid}),
      "payment.document_not_authorised");
}

TEST_F(PreflightTest, Allocations) {
  domain::Allocation allocation;
  allocation.amount = Dec("5.00");
  allocation.date = D(2026, 3, 31);
  const std::optional<Finding> f = PrepareAllocation(allocation, reference_, mappings_, {});
  ASSERT_TRUE(f);
  EXPECT_EQ(f->code, "document.period_locked");
  allocation.date = D(2026, 4, 1);
  EXPECT_EQ(PrepareAllocation(allocation, reference_, mappings_, {}), std::nullopt);
}

TEST_F(PreflightTest, Expenses) {
  domain::BankTransaction expense;
  expense.type = domain::BankTransactionType::kSpend;
  expense.contact.name = "Old Co";  // archived contacts are taken on bank transactions
  expense.bank_account.code = "090";
  expense.date = D(2026, 5, 1);
  expense.line_items = {Line("20.00", "400")};
  const auto code_of = [&](domain::BankTransaction e) {
    const std::optional<Finding> f = PrepareExpense(e, reference_, mappings_, {});
    return f ? f->code : "none";
  };
  EXPECT_EQ(code_of(expense), "none");
  domain::BankTransaction linked = expense;
  ASSERT_EQ(PrepareExpense(linked, reference_, mappings_, {}), std::nullopt);
  EXPECT_EQ(linked.contact.id.value(), "c-old");

  domain::BankTransaction not_bank = expense;
  not_bank.bank_account.code = "400";
  EXPECT_EQ(PrepareExpense(not_bank, reference_, mappings_, {}),
            (Finding{"xero.validation", "bank account", "400"}));
  not_bank.bank_account.code.reset();
  EXPECT_EQ(code_of(not_bank), "xero.validation");

  domain::BankTransaction lines = expense;
  lines.line_items = {Line("20.00", std::nullopt)};  // every bank transaction line needs one
  EXPECT_EQ(code_of(lines), "account.missing");
  lines.line_items = {Line("20.00", "200")};  // a revenue account, with its own OUTPUT2
  EXPECT_EQ(code_of(lines), "none");
  lines.line_items = {Line("20.00", "400", "OUTPUT2")};
  EXPECT_EQ(code_of(lines), "tax_rate.not_for_account");
  lines.line_items = {Line("20.00", "400")};
  lines.currency_code = "EUR";
  EXPECT_EQ(code_of(lines), "currency.not_enabled");
  lines.currency_code.reset();
  lines.date = D(2026, 2, 1);
  EXPECT_EQ(code_of(lines), "document.period_locked");
}

TEST_F(PreflightTest, Contacts) {
  const auto prepare = [&](domain::Contact& c) { return PrepareContact(c, reference_, mappings_); };
  domain::Contact by_number;
  by_number.name = "Acme Limited";
  by_number.contact_number = "cust-1";
  EXPECT_EQ(prepare(by_number), std::nullopt);
  EXPECT_EQ(by_number.id.value(), "c-acme");

  domain::Contact by_name;
  by_name.name = "beta ltd";
  EXPECT_EQ(prepare(by_name), std::nullopt);
  EXPECT_EQ(by_name.id.value(), "c-beta");

  domain::Contact taken;
  taken.name = "Acme Ltd";
  taken.contact_number = "CUST-2";  // Acme Ltd has CUST-1
  EXPECT_EQ(prepare(taken), (Finding{"contact.name_taken", "name", "Acme Ltd"}));

  domain::Contact fresh;
  fresh.name = "Old Co";  // only an archived namesake: a new contact may take the name
  EXPECT_EQ(prepare(fresh), std::nullopt);
  EXPECT_TRUE(fresh.id.empty());

  domain::Contact renamed = MakeContact("c-beta", "Acme Ltd", ContactStatus::kActive);
  EXPECT_EQ(prepare(renamed)->code, "contact.name_taken");

  domain::Contact account_number;
  account_number.name = "Gamma";
  account_number.account_number = "acc-9";
  EXPECT_EQ(prepare(account_number),
            (Finding{"contact.account_number_taken", "account number", "acc-9"}));
  domain::Contact own = MakeContact("c-beta", "Beta Ltd", ContactStatus::kActive);
  own.account_number = "ACC-9";
  EXPECT_EQ(prepare(own), std::nullopt);

  domain::Contact email;
  email.name = "Delta";
  for (const char* bad : {"delta", "@delta.com", "a@b", "a b@c.com", "a@b@c.com"}) {
    email.email = bad;
    EXPECT_EQ(prepare(email), (Finding{"contact.email_invalid", "email address", bad})) << bad;
  }
  email.email = "accounts@delta.co.nz";
  EXPECT_EQ(prepare(email), std::nullopt);

  domain::Contact nameless;
  nameless.contact_number = "NEW-1";
  EXPECT_EQ(prepare(nameless)->code, "contact.missing");
}

TEST_F(PreflightTest, RefineWithReferenceMakesXerosUnknownTaxRatePrecise) {
  EXPECT_EQ(RefineWithReference("tax_rate.unknown", "oldtax", reference_), "tax_rate.inactive");
  EXPECT_EQ(RefineWithReference("tax_rate.unknown", "GST15", reference_), "tax_rate.unknown");
  EXPECT_EQ(RefineWithReference("tax_rate.unknown", "OUTPUT2", reference_), "tax_rate.unknown");
  EXPECT_EQ(RefineWithReference("account.archived", "OLDTAX", reference_), "account.archived");
}

TEST_F(PreflightTest, EveryCodeReportedIsInTheCatalogue) {
  for (std::string_view code : {"contact.archived",
                                "contact.missing",
                                "document.missing_information",
                                "currency.not_enabled",
                                "document.negative",
                                "account.missing",
                                "account.invalid_for_document",
                                "account.archived",
                                "tax_rate.unknown",
                                "tax_rate.inactive",
                                "tax_rate.not_for_account",
                                "document.not_editable",
                                "document.period_locked",
                                "payment.account_missing",
                                "payment.account_cannot_take_payments",
                                "payment.document_not_authorised",
                                "xero.validation",
                                "contact.name_taken",
                                "contact.account_number_taken",
                                "contact.email_invalid"}) {
    EXPECT_NE(FindEntry(code), nullptr) << code;
  }
}

}  // namespace
}  // namespace xerosync::rules
