#include "emulator/document_write.h"

#include <algorithm>
#include <cctype>
#include <utility>

#include "emulator/api_util.h"
#include "emulator/document_rules.h"
#include "emulator/line_items.h"

namespace xerosync::emulator {
namespace {

constexpr char kSettledEdit[] =
    "This document cannot be edited as it has a payment or credit note allocated to it.";
constexpr char kSettledDate[] =
    "Date cannot be changed on an invoice that has payment or credit notes allocated to it.";

std::string Upper(std::string text) {
  std::ranges::transform(text, text.begin(),
                         [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return text;
}

bool OneOf(std::string_view value, std::initializer_list<std::string_view> values) {
  return std::ranges::find(values, value) != values.end();
}

// Sets `field` from string member `key` when the element has it.
void Take(const Json& element, std::string_view key, std::string& field) {
  if (const Json* value = Member(element, key); value != nullptr && value->is_string()) {
    field = value->AsString();
  }
}

// The status the element asks for, checked against the record's current one. Returns Xero's
// message for a move it refuses, or "".
std::string StatusError(const DocumentKind& kind, const DocumentTarget& target,
                        const std::string& status) {
  if (target.existing == nullptr) {
    if (OneOf(status, {"DRAFT", "SUBMITTED", "AUTHORISED"})) return "";
    // No Xero text is known for creating a document in another status: the emulator's own words.
    return "A document cannot be created with the status " + status + ".";
  }
  const std::string& old = target.existing->status;
  if (OneOf(old, {"PAID", "VOIDED", "DELETED"})) return std::string(kind.not_editable);
  if (old == "AUTHORISED") {
    if (status == "AUTHORISED") return "";
    if (status == "VOIDED") return target.settled ? std::string(kind.void_blocked) : "";
    return std::string(kind.not_editable);
  }
  // DRAFT or SUBMITTED: anything but voiding or marking paid.
  if (OneOf(status, {"DRAFT", "SUBMITTED", "AUTHORISED", "DELETED"})) return "";
  return std::string(kind.not_editable);
}

// Lines as they stand, read again under the document's new rules (tax mode, status): their stored
// figures are kept unless the tax mode changed.
Json StoredLinesAsRequest(const std::vector<LineItem>& lines, bool keep_tax) {
  Json array = LineItemsJson(lines, /*unit_dp4=*/true);
  for (Json& line : array.AsArray()) {
    auto& members = line.AsObject();
    std::erase_if(members, [&](const Json::Member& m) {
      return m.first == "LineAmount" || (!keep_tax && m.first == "TaxAmount") ||
             m.first == "ValidationErrors";
    });
  }
  return array;
}

bool SameFigures(const DocumentFields& a, const DocumentFields& b) {
  if (a.line_items.size() != b.line_items.size()) return false;
  for (std::size_t i = 0; i < a.line_items.size(); ++i) {
    const LineItem& x = a.line_items[i];
    const LineItem& y = b.line_items[i];
    if (x.line_amount != y.line_amount || x.tax_amount != y.tax_amount ||
        x.account_id != y.account_id || x.tax_type != y.tax_type) {
      return false;
    }
  }
  return a.totals.sub_total == b.totals.sub_total && a.totals.total_tax == b.totals.total_tax &&
         a.totals.total == b.totals.total;
}

}  // namespace

std::optional<ReadDocumentResult> ReadDocument(const WriteContext& context, const Json& element,
                                               const DocumentKind& kind,
                                               const DocumentTarget& target, Json& echo) {
  const OrgState& state = context.state;
  const bool creating = target.existing == nullptr;
  DocumentFields f = creating ? DocumentFields{} : *target.existing;
  bool valid = true;
  const auto fail = [&](std::string message) {
    AddValidationError(echo, std::move(message));
    valid = false;
  };

  // Type: given on create, fixed afterwards.
  if (creating) {
    f.type = Upper(MemberText(element, "Type"));
    // No Xero text is known for a missing or unknown Type: the emulator's own words.
    if (f.type.empty()) {
      fail("The Type field is mandatory");
    } else if (std::ranges::find(kind.types, f.type) == kind.types.end()) {
      fail("The Type " + f.type + " is not valid for this document.");
    }
  }

  // Status.
  if (const std::string status = Upper(MemberText(element, "Status")); !status.empty()) {
    f.status = status;
  }
  if (const std::string error = StatusError(kind, target, f.status); !error.empty()) {
    AddValidationError(echo, error);
    return std::nullopt;
  }

  // Contact.
  ContactChoice contact{f.contact_id, std::nullopt};
  if (const Json* ref = Member(element, "Contact"); creating || ref != nullptr) {
    std::optional<ContactChoice> chosen =
        ChooseDocumentContact(context, ref, echo, /*reject_archived=*/true);
    if (!chosen) {
      valid = false;
    } else {
      contact = std::move(*chosen);
      f.contact_id = contact.contact_id;
    }
  }

  // Dates.
  bool bad_date = false;
  if (std::optional<TimePoint> date = DateMember(element, "Date", bad_date)) {
    f.date = *date;
  } else if (creating) {
    f.date = context.Today();
  }
  if (std::optional<TimePoint> due = DateMember(element, "DueDate", bad_date)) f.due_date = *due;
  // No Xero text is known for an unreadable date: the emulator's own words.
  if (bad_date) fail("A date is not in a recognised format (YYYY-MM-DD).");

  // Tax mode and currency.
  if (const Json* types = Member(element, "LineAmountTypes"); types != nullptr) {
    const std::optional<std::string> parsed =
        ParseLineAmountTypes(types->is_string() ? types->AsString() : "?");
    if (parsed) {
      f.line_amount_types = *parsed;
    } else {
      fail("The LineAmountTypes value is not valid: use Exclusive, Inclusive or NoTax.");
    }
  }
  const std::string& base = state.organisation.base_currency;
  if (const std::string code = Upper(MemberText(element, "CurrencyCode")); !code.empty()) {
    if (!Subscribed(state, code)) {
      fail("Organisation is not subscribed to currency " + code);
    } else {
      f.currency_code = code;
    }
  } else if (creating) {
    f.currency_code = base;
  }
  if (const Json* rate = Member(element, "CurrencyRate"); rate != nullptr && rate->is_number()) {
    if (Result<Decimal> value = rate->AsDecimal(); value.ok() && !value->is_negative()) {
      f.currency_rate = *value;
    }
  }
  if (f.currency_code == base) f.currency_rate = Decimal::FromInt(1);

  // Number, reference and the rest.
  const bool numbered = f.type == kind.numbered_type;
  const auto number_used = [&](const std::string& number) {
    return std::ranges::find(target.numbers_in_use, number) != target.numbers_in_use.end();
  };
  Take(element, kind.number_member, f.number);
  if (numbered) {
    if (f.number.empty()) {
      f.number = NextNumber(kind.number_prefix, target.numbers_in_use);
    } else if (number_used(f.number)) {
      fail(std::string(kind.duplicate_number));
    }
  }
  if (kind.reference_on_every_type || numbered) Take(element, "Reference", f.reference);
  Take(element, "Url", f.url);
  if (const Json* sent = Member(element, "SentToContact"); sent != nullptr && sent->is_bool()) {
    f.sent_to_contact = sent->AsBool();
  }

  // Lines.
  LineRules rules;
  rules.document_type = f.type;
  rules.line_amount_types = f.line_amount_types;
  rules.require_account = f.status == "SUBMITTED" || f.status == "AUTHORISED";
  rules.allow_discounts = f.type == "ACCREC";
  rules.unit_dp4 = context.request.Query("unitdp").value_or("") == "4";
  const Json* lines = Member(element, "LineItems");
  Json stored;
  if (lines == nullptr && !creating) {
    rules.unit_dp4 = true;
    stored = StoredLinesAsRequest(target.existing->line_items,
                                  f.line_amount_types == target.existing->line_amount_types);
    lines = &stored;
  }
  const std::vector<LineItem> no_lines;
  ReadLines read = ReadLineItems(state, lines, rules,
                                 creating ? no_lines : target.existing->line_items, context.random);
  for (std::string& error : read.errors) fail(std::move(error));
  f.line_items = std::move(read.lines);
  f.totals = read.totals;

  // Settled documents keep their contact, figures and date.
  if (!creating && target.settled) {
    const DocumentFields& old = *target.existing;
    if (!SameFigures(f, old) || f.contact_id != old.contact_id ||
        f.currency_code != old.currency_code) {
      fail(kSettledEdit);
    }
    if (f.date != old.date) fail(kSettledDate);
  }

  if (kind.due_date_to_authorise && f.status == "AUTHORISED" && !f.due_date) {
    fail("Due date cannot be empty.");
  }
  // Lock dates stop what posts to the ledger: authorised documents and voids. Drafts and
  // submitted documents do not post, so they may be dated in a locked period.
  if (f.status == "AUTHORISED" || (f.status == "VOIDED" && !creating)) {
    if (std::string error = LockDateError(state.organisation, f.date); !error.empty()) {
      fail(std::move(error));
    }
  }
  if (!valid) return std::nullopt;
  return ReadDocumentResult{std::move(f), std::move(contact)};
}

}  // namespace xerosync::emulator
