#include "emulator/state_json.h"

#include <charconv>
#include <chrono>
#include <concepts>
#include <cstdint>
#include <map>
#include <set>
#include <type_traits>
#include <utility>

namespace xerosync::emulator {
namespace {

template <typename T, typename U>
concept Is = std::same_as<std::remove_const_t<T>, U>;

// Each record type's fields, named as in the state form. The writer and the reader both walk these
// lists, so a field cannot be saved and then not loaded (or the other way round). Declared before
// Writer and Reader: their templates find these by ordinary lookup.

template <typename V, Is<OrganisationInfo> T>
void Fields(V& v, T& o) {
  v("organisation_id", o.organisation_id);
  v("name", o.name);
  v("legal_name", o.legal_name);
  v("short_code", o.short_code);
  v("version", o.version);
  v("country_code", o.country_code);
  v("base_currency", o.base_currency);
  v("timezone", o.timezone);
  v("tax_number", o.tax_number);
  v("organisation_status", o.organisation_status);
  v("organisation_type", o.organisation_type);
  v("sales_tax_basis", o.sales_tax_basis);
  v("sales_tax_period", o.sales_tax_period);
  v("financial_year_end_day", o.financial_year_end_day);
  v("financial_year_end_month", o.financial_year_end_month);
  v("pays_tax", o.pays_tax);
  v("is_demo_company", o.is_demo_company);
  v("created", o.created);
  v("period_lock_date", o.period_lock_date);
  v("end_of_year_lock_date", o.end_of_year_lock_date);
}

template <typename V, Is<Account> T>
void Fields(V& v, T& a) {
  v("account_id", a.account_id);
  v("code", a.code);
  v("name", a.name);
  v("type", a.type);
  v("status", a.status);
  v("tax_type", a.tax_type);
  v("description", a.description);
  v("enable_payments_to_account", a.enable_payments_to_account);
  v("show_in_expense_claims", a.show_in_expense_claims);
  v("bank_account_number", a.bank_account_number);
  v("currency_code", a.currency_code);
  v("system_account", a.system_account);
  v("updated", a.updated);
}

template <typename V, Is<TaxComponent> T>
void Fields(V& v, T& c) {
  v("name", c.name);
  v("rate", c.rate);
  v("is_compound", c.is_compound);
  v("is_non_recoverable", c.is_non_recoverable);
}

template <typename V, Is<TaxRate> T>
void Fields(V& v, T& t) {
  v("name", t.name);
  v("tax_type", t.tax_type);
  v("report_tax_type", t.report_tax_type);
  v("status", t.status);
  v("components", t.components);
  v("can_apply_to_assets", t.can_apply_to_assets);
  v("can_apply_to_equity", t.can_apply_to_equity);
  v("can_apply_to_expenses", t.can_apply_to_expenses);
  v("can_apply_to_liabilities", t.can_apply_to_liabilities);
  v("can_apply_to_revenue", t.can_apply_to_revenue);
}

template <typename V, Is<Currency> T>
void Fields(V& v, T& c) {
  v("code", c.code);
  v("description", c.description);
}

template <typename V, Is<TrackingOption> T>
void Fields(V& v, T& o) {
  v("tracking_option_id", o.tracking_option_id);
  v("name", o.name);
  v("status", o.status);
}

template <typename V, Is<TrackingCategory> T>
void Fields(V& v, T& c) {
  v("tracking_category_id", c.tracking_category_id);
  v("name", c.name);
  v("status", c.status);
  v("options", c.options);
}

template <typename V, Is<Contact> T>
void Fields(V& v, T& c) {
  v("contact_id", c.contact_id);
  v("name", c.name);
  v("contact_number", c.contact_number);
  v("account_number", c.account_number);
  v("contact_status", c.contact_status);
  v("first_name", c.first_name);
  v("last_name", c.last_name);
  v("email_address", c.email_address);
  v("is_customer", c.is_customer);
  v("is_supplier", c.is_supplier);
  v("updated", c.updated);
}

template <typename V, Is<LineTracking> T>
void Fields(V& v, T& t) {
  v("tracking_category_id", t.tracking_category_id);
  v("name", t.name);
  v("tracking_option_id", t.tracking_option_id);
  v("option", t.option);
}

template <typename V, Is<LineItem> T>
void Fields(V& v, T& l) {
  v("line_item_id", l.line_item_id);
  v("description", l.description);
  v("quantity", l.quantity);
  v("unit_amount", l.unit_amount);
  v("item_code", l.item_code);
  v("account_code", l.account_code);
  v("account_id", l.account_id);
  v("tax_type", l.tax_type);
  v("tax_amount", l.tax_amount);
  v("line_amount", l.line_amount);
  v("discount_rate", l.discount_rate);
  v("discount_amount", l.discount_amount);
  v("tracking", l.tracking);
}

// A document's totals are flattened into it: sub_total, total_tax and total sit beside its other
// figures in the state form.
template <typename V, typename T>
requires Is<T, Invoice> || Is<T, CreditNote> || Is<T, BankTransaction>
void TotalsFields(V& v, T& d) {
  v("sub_total", d.totals.sub_total);
  v("total_tax", d.totals.total_tax);
  v("total", d.totals.total);
}

template <typename V, Is<Invoice> T>
void Fields(V& v, T& i) {
  v("invoice_id", i.invoice_id);
  v("type", i.type);
  v("contact_id", i.contact_id);
  v("invoice_number", i.invoice_number);
  v("reference", i.reference);
  v("url", i.url);
  v("date", i.date);
  v("due_date", i.due_date);
  v("status", i.status);
  v("line_amount_types", i.line_amount_types);
  v("currency_code", i.currency_code);
  v("currency_rate", i.currency_rate);
  v("sent_to_contact", i.sent_to_contact);
  v("line_items", i.line_items);
  TotalsFields(v, i);
  v("amount_due", i.amount_due);
  v("amount_paid", i.amount_paid);
  v("amount_credited", i.amount_credited);
  v("fully_paid_on", i.fully_paid_on);
  v("payment_ids", i.payment_ids);
  v("allocation_ids", i.allocation_ids);
  v("updated", i.updated);
}

template <typename V, Is<CreditNote> T>
void Fields(V& v, T& c) {
  v("credit_note_id", c.credit_note_id);
  v("type", c.type);
  v("contact_id", c.contact_id);
  v("credit_note_number", c.credit_note_number);
  v("reference", c.reference);
  v("date", c.date);
  v("due_date", c.due_date);
  v("status", c.status);
  v("line_amount_types", c.line_amount_types);
  v("currency_code", c.currency_code);
  v("currency_rate", c.currency_rate);
  v("sent_to_contact", c.sent_to_contact);
  v("line_items", c.line_items);
  TotalsFields(v, c);
  v("remaining_credit", c.remaining_credit);
  v("fully_paid_on", c.fully_paid_on);
  v("payment_ids", c.payment_ids);
  v("allocation_ids", c.allocation_ids);
  v("updated", c.updated);
}

template <typename V, Is<Allocation> T>
void Fields(V& v, T& a) {
  v("allocation_id", a.allocation_id);
  v("credit_note_id", a.credit_note_id);
  v("invoice_id", a.invoice_id);
  v("amount", a.amount);
  v("date", a.date);
  v("is_deleted", a.is_deleted);
}

template <typename V, Is<Payment> T>
void Fields(V& v, T& p) {
  v("payment_id", p.payment_id);
  v("invoice_id", p.invoice_id);
  v("credit_note_id", p.credit_note_id);
  v("account_id", p.account_id);
  v("date", p.date);
  v("amount", p.amount);
  v("bank_amount", p.bank_amount);
  v("currency_rate", p.currency_rate);
  v("reference", p.reference);
  v("status", p.status);
  v("payment_type", p.payment_type);
  v("is_reconciled", p.is_reconciled);
  v("updated", p.updated);
}

template <typename V, Is<BankTransaction> T>
void Fields(V& v, T& b) {
  v("bank_transaction_id", b.bank_transaction_id);
  v("type", b.type);
  v("contact_id", b.contact_id);
  v("bank_account_id", b.bank_account_id);
  v("date", b.date);
  v("reference", b.reference);
  v("url", b.url);
  v("status", b.status);
  v("line_amount_types", b.line_amount_types);
  v("currency_code", b.currency_code);
  v("currency_rate", b.currency_rate);
  v("is_reconciled", b.is_reconciled);
  v("line_items", b.line_items);
  TotalsFields(v, b);
  v("updated", b.updated);
}

template <typename V, Is<OrgState> T>
void Fields(V& v, T& s) {
  v("organisation", s.organisation);
  v("offline", s.offline);
  v("accounts", s.accounts);
  v("tax_rates", s.tax_rates);
  v("currencies", s.currencies);
  v("tracking_categories", s.tracking_categories);
  v("contacts", s.contacts);
  v("invoices", s.invoices);
  v("credit_notes", s.credit_notes);
  v("allocations", s.allocations);
  v("payments", s.payments);
  v("bank_transactions", s.bank_transactions);
}

// Walks a record's fields into a JSON object.
class Writer {
 public:
  void operator()(const char* key, const std::string& value) { Set(key, Json::String(value)); }
  void operator()(const char* key, bool value) { Set(key, Json::Bool(value)); }
  void operator()(const char* key, int value) { Set(key, Json::Integer(value)); }
  void operator()(const char* key, Decimal value) { Set(key, Json::Number(value, 2)); }
  void operator()(const char* key, TimePoint value) {
    Set(key, Json::String(FormatStateTime(value)));
  }
  template <typename T>
  void operator()(const char* key, const std::optional<T>& value) {
    if (value) {
      (*this)(key, *value);
    } else {
      Set(key, Json::Null());
    }
  }
  void operator()(const char* key, const std::vector<std::string>& values) {
    Json array = Json::MakeArray();
    for (const std::string& value : values) array.Append(Json::String(value));
    Set(key, std::move(array));
  }
  template <typename T>
  void operator()(const char* key, const std::vector<T>& records) {
    Json array = Json::MakeArray();
    for (const T& record : records) array.Append(Write(record));
    Set(key, std::move(array));
  }
  template <typename T>
  void operator()(const char* key, const T& record) {
    Set(key, Write(record));
  }

  template <typename T>
  static Json Write(const T& record) {
    Writer writer;
    Fields(writer, record);
    return std::move(writer.json_);
  }

 private:
  void Set(const char* key, Json value) { json_.Set(key, std::move(value)); }

  Json json_ = Json::MakeObject();
};

// Walks a record's fields out of a JSON object, keeping the first error.
class Reader {
 public:
  Reader(const Json& json, std::string path) : json_(json), path_(std::move(path)) {}

  void operator()(const char* key, std::string& value) {
    const Json* member = Take(key);
    if (member == nullptr) return;
    if (!member->is_string()) return Fail(key, "a string");
    value = member->AsString();
  }
  void operator()(const char* key, bool& value) {
    const Json* member = Take(key);
    if (member == nullptr) return;
    if (!member->is_bool()) return Fail(key, "true or false");
    value = member->AsBool();
  }
  void operator()(const char* key, int& value) {
    const Json* member = Take(key);
    if (member == nullptr) return;
    const Result<int64_t> n = member->is_number() ? member->AsInt64() : Result<int64_t>(0);
    if (!member->is_number() || !n.ok() || *n < INT32_MIN || *n > INT32_MAX) {
      return Fail(key, "a whole number");
    }
    value = static_cast<int>(*n);
  }
  void operator()(const char* key, Decimal& value) {
    const Json* member = Take(key);
    if (member == nullptr) return;
    Result<Decimal> d = member->is_number() ? member->AsDecimal() : Result<Decimal>(Decimal());
    if (!member->is_number() || !d.ok()) return Fail(key, "a number with at most 4 decimals");
    value = *d;
  }
  void operator()(const char* key, TimePoint& value) {
    const Json* member = Take(key);
    if (member == nullptr) return;
    const std::optional<TimePoint> time =
        member->is_string() ? ParseStateTime(member->AsString()) : std::nullopt;
    if (!time) return Fail(key, "a UTC time like \"2026-01-31T09:30:00Z\"");
    value = *time;
  }
  template <typename T>
  void operator()(const char* key, std::optional<T>& value) {
    const Json* member = Find(key);
    if (member != nullptr && member->is_null()) {
      Take(key);
      value.reset();
      return;
    }
    if (member == nullptr) return;
    T inner{};
    (*this)(key, inner);
    if (ok()) value = std::move(inner);
  }
  void operator()(const char* key, std::vector<std::string>& values) {
    const Json* member = Take(key);
    if (member == nullptr) return;
    if (!member->is_array()) return Fail(key, "an array of strings");
    std::vector<std::string> read;
    for (const Json& item : member->AsArray()) {
      if (!item.is_string()) return Fail(key, "an array of strings");
      read.push_back(item.AsString());
    }
    values = std::move(read);
  }
  template <typename T>
  void operator()(const char* key, std::vector<T>& records) {
    const Json* member = Take(key);
    if (member == nullptr) return;
    if (!member->is_array()) return Fail(key, "an array of objects");
    std::vector<T> read;
    const Json::Array& items = member->AsArray();
    for (std::size_t i = 0; i < items.size() && ok(); ++i) {
      T record{};
      status_ = Read(items[i], Child(key) + "[" + std::to_string(i) + "]", record);
      read.push_back(std::move(record));
    }
    if (ok()) records = std::move(read);
  }
  template <typename T>
  void operator()(const char* key, T& record) {
    const Json* member = Take(key);
    if (member == nullptr) return;
    if (ok()) status_ = Read(*member, Child(key), record);
  }

  // Reads `json` into `record` (whose fields keep their defaults where `json` has no member).
  template <typename T>
  static Status Read(const Json& json, const std::string& path, T& record) {
    if (!json.is_object()) {
      return InvalidArgumentError((path.empty() ? std::string("the state") : path) +
                                  " must be a JSON object");
    }
    Reader reader(json, path);
    Fields(reader, record);
    return reader.Finish();
  }

 private:
  bool ok() const { return status_.ok(); }
  std::string Child(std::string_view key) const {
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
  }
  const Json* Find(const char* key) const { return json_.Find(key); }
  // The member `key`, marked as read; null when absent or after an earlier error.
  const Json* Take(const char* key) {
    if (!ok()) return nullptr;
    used_.insert(key);
    return json_.Find(key);
  }
  void Fail(const char* key, std::string_view expected) {
    if (ok()) status_ = InvalidArgumentError(Child(key) + " must be " + std::string(expected));
  }
  // The first error, else an error for the first member no field read.
  Status Finish() {
    if (!ok()) return status_;
    for (const auto& [key, value] : json_.AsObject()) {
      if (!used_.contains(key)) return InvalidArgumentError(Child(key) + " is not a known field");
    }
    return OkStatus();
  }

  const Json& json_;
  std::string path_;
  std::set<std::string, std::less<>> used_;
  Status status_;
};

// Appends `digits` decimal digits of `value` (zero-padded) to `out`.
void AppendPadded(std::string& out, int64_t value, int digits) {
  std::string text = std::to_string(value);
  if (static_cast<int>(text.size()) < digits) out.append(digits - text.size(), '0');
  out += text;
}

// Reads exactly `digits` decimal digits at `text[at]`.
std::optional<int> Digits(std::string_view text, std::size_t at, std::size_t digits) {
  if (at + digits > text.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = at; i < at + digits; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

struct Counter {
  int all = 0;
  int live = 0;
  void Add(bool is_live) {
    ++all;
    if (is_live) ++live;
  }
  Json ToJson() const {
    return Json::MakeObject({{"all", Json::Integer(all)}, {"live", Json::Integer(live)}});
  }
};

Json CountersToJson(const std::map<std::string, Counter>& counters) {
  Json json = Json::MakeObject();
  for (const auto& [key, counter] : counters) json.Set(key, counter.ToJson());
  return json;
}

}  // namespace

std::string FormatStateTime(TimePoint time) {
  using std::chrono::days, std::chrono::duration_cast, std::chrono::floor, std::chrono::hh_mm_ss,
      std::chrono::nanoseconds, std::chrono::seconds, std::chrono::year_month_day;
  const auto day = floor<days>(time);
  const year_month_day date(day);
  const hh_mm_ss clock(floor<seconds>(time - day));
  const auto fraction = duration_cast<nanoseconds>(time - floor<seconds>(time)).count();
  std::string out;
  AppendPadded(out, static_cast<int>(date.year()), 4);
  out += '-';
  AppendPadded(out, static_cast<unsigned>(date.month()), 2);
  out += '-';
  AppendPadded(out, static_cast<unsigned>(date.day()), 2);
  out += 'T';
  AppendPadded(out, clock.hours().count(), 2);
  out += ':';
  AppendPadded(out, clock.minutes().count(), 2);
  out += ':';
  AppendPadded(out, clock.seconds().count(), 2);
  if (fraction != 0) {
    out += '.';
    std::string digits;
    AppendPadded(digits, fraction, 9);
    while (digits.back() == '0') digits.pop_back();
    out += digits;
  }
  out += 'Z';
  return out;
}

std::optional<TimePoint> ParseStateTime(std::string_view text) {
  using std::chrono::day, std::chrono::duration_cast, std::chrono::hours, std::chrono::minutes,
      std::chrono::month, std::chrono::nanoseconds, std::chrono::seconds, std::chrono::sys_days,
      std::chrono::system_clock, std::chrono::year, std::chrono::year_month_day;
  const auto y = Digits(text, 0, 4);
  const auto mo = Digits(text, 5, 2);
  const auto d = Digits(text, 8, 2);
  if (!y || !mo || !d || text[4] != '-' || text[7] != '-') return std::nullopt;
  const year_month_day date{year{*y}, month(static_cast<unsigned>(*mo)),
                            day(static_cast<unsigned>(*d))};
  if (!date.ok()) return std::nullopt;
  const TimePoint midnight = sys_days(date);
  if (text.size() == 10) return midnight;
  const auto h = Digits(text, 11, 2);
  const auto mi = Digits(text, 14, 2);
  const auto s = Digits(text, 17, 2);
  if (!h || !mi || !s || text[10] != 'T' || text[13] != ':' || text[16] != ':' || *h > 23 ||
      *mi > 59 || *s > 59) {
    return std::nullopt;
  }
  TimePoint time = midnight + hours(*h) + minutes(*mi) + seconds(*s);
  std::size_t at = 19;
  if (at < text.size() && text[at] == '.') {
    ++at;
    int64_t nanos = 0;
    int places = 0;
    while (at < text.size() && text[at] >= '0' && text[at] <= '9' && places < 9) {
      nanos = nanos * 10 + (text[at] - '0');
      ++places;
      ++at;
    }
    if (places == 0) return std::nullopt;
    for (int i = places; i < 9; ++i) nanos *= 10;
    time += duration_cast<system_clock::duration>(nanoseconds(nanos));
  }
  if (at + 1 != text.size() || text[at] != 'Z') return std::nullopt;
  return time;
}

Json StateToJson(const OrgState& state) { return Writer::Write(state); }
Json StateToJson(const Account& account) { return Writer::Write(account); }
Json StateToJson(const TaxRate& tax_rate) { return Writer::Write(tax_rate); }
Json StateToJson(const Currency& currency) { return Writer::Write(currency); }
Json StateToJson(const Contact& contact) { return Writer::Write(contact); }

Result<OrgState> StateFromJson(const Json& json, std::string_view path) {
  OrgState state;
  RETURN_IF_ERROR(Reader::Read(json, std::string(path), state));
  if (state.organisation.organisation_id.empty()) {
    return InvalidArgumentError((path.empty() ? std::string() : std::string(path) + ".") +
                                "organisation.organisation_id is required");
  }
  return state;
}

Json StateFileToJson(const std::vector<OrgState>& states) {
  Json organisations = Json::MakeArray();
  for (const OrgState& state : states) organisations.Append(StateToJson(state));
  return Json::MakeObject(
      {{"version", Json::Integer(kStateFileVersion)}, {"organisations", std::move(organisations)}});
}

Result<std::vector<OrgState>> StateFileFromJson(const Json& json) {
  if (!json.is_object()) return InvalidArgumentError("the state file must hold a JSON object");
  const Json* version = json.Find("version");
  if (version == nullptr || !version->is_number() || !version->AsInt64().ok() ||
      *version->AsInt64() != kStateFileVersion) {
    return InvalidArgumentError("version must be " + std::to_string(kStateFileVersion));
  }
  const Json* organisations = json.Find("organisations");
  if (organisations == nullptr || !organisations->is_array()) {
    return InvalidArgumentError("organisations must be an array");
  }
  for (const auto& [key, value] : json.AsObject()) {
    if (key != "version" && key != "organisations") {
      return InvalidArgumentError(key + " is not a known field");
    }
  }
  std::vector<OrgState> states;
  std::set<std::string, std::less<>> ids;
  const Json::Array& items = organisations->AsArray();
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string path = "organisations[" + std::to_string(i) + "]";
    ASSIGN_OR_RETURN(OrgState state, StateFromJson(items[i], path));
    if (!ids.insert(state.organisation.organisation_id).second) {
      return InvalidArgumentError(path + ": organisation " + state.organisation.organisation_id +
                                  " appears twice");
    }
    states.push_back(std::move(state));
  }
  return states;
}

bool IsLiveStatus(std::string_view status) {
  return status != "DELETED" && status != "VOIDED" && status != "ARCHIVED";
}

Json CountsToJson(const OrgState& state) {
  std::map<std::string, Counter> accrec;
  std::map<std::string, Counter> accpay;
  std::map<std::string, Counter> credit_notes;
  std::map<std::string, Counter> contacts;
  std::map<std::string, Counter> totals;
  for (const Invoice& invoice : state.invoices) {
    const bool live = IsLiveStatus(invoice.status);
    (invoice.type == "ACCPAY" ? accpay : accrec)[invoice.invoice_number].Add(live);
    totals["invoices"].Add(live);
  }
  for (const CreditNote& note : state.credit_notes) {
    const bool live = IsLiveStatus(note.status);
    credit_notes[note.credit_note_number].Add(live);
    totals["credit_notes"].Add(live);
  }
  for (const Contact& contact : state.contacts) {
    const bool live = IsLiveStatus(contact.contact_status);
    contacts[contact.name].Add(live);
    totals["contacts"].Add(live);
  }
  for (const Allocation& allocation : state.allocations) {
    totals["allocations"].Add(!allocation.is_deleted);
  }
  for (const Payment& payment : state.payments)
    totals["payments"].Add(IsLiveStatus(payment.status));
  for (const BankTransaction& transaction : state.bank_transactions) {
    totals["bank_transactions"].Add(IsLiveStatus(transaction.status));
  }
  Json total_json = Json::MakeObject();
  for (const char* kind :
       {"invoices", "credit_notes", "contacts", "allocations", "payments", "bank_transactions"}) {
    total_json.Set(kind, totals[kind].ToJson());
  }
  return Json::MakeObject({{"invoices", Json::MakeObject({{"ACCREC", CountersToJson(accrec)},
                                                          {"ACCPAY", CountersToJson(accpay)}})},
                           {"credit_notes", CountersToJson(credit_notes)},
                           {"contacts", CountersToJson(contacts)},
                           {"totals", std::move(total_json)}});
}

}  // namespace xerosync::emulator
