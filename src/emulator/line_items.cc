#include "emulator/line_items.h"

#include <algorithm>
#include <utility>

#include "emulator/api_util.h"

namespace xerosync::emulator {
namespace {

constexpr Decimal kHundred = Decimal::FromInt(100);
constexpr Decimal kOne = Decimal::FromInt(1);

// `text` ("0.000149611361") rounded half away from zero to four places, for plain decimals with
// more places than Decimal holds; Xero rounds such inputs rather than refusing them.
Result<Decimal> ParseRounded(std::string_view text) {
  Result<Decimal> exact = Decimal::Parse(text);
  const std::size_t point = text.find('.');
  if (exact.ok() || point == std::string_view::npos ||
      text.find_first_of("eE") != std::string_view::npos || text.size() <= point + 5) {
    return exact;
  }
  ASSIGN_OR_RETURN(const Decimal truncated, Decimal::Parse(text.substr(0, point + 5)));
  const char next = text[point + 5];
  if (next < '0' || next > '9') return exact;
  if (next < '5') return truncated;
  const Decimal unit = Decimal::FromRaw(truncated.is_negative() || text.front() == '-' ? -1 : 1);
  return truncated.Plus(unit);
}

// A numeric member: a JSON number, or a string holding one (as some clients send). nullopt when
// absent or null; sets `bad` when present but not a number.
std::optional<Decimal> Number(const Json& line, std::string_view key, bool& bad) {
  const Json* value = Member(line, key);
  if (value == nullptr || value->is_null()) return std::nullopt;
  Result<Decimal> number = value->is_number() ? ParseRounded(value->NumberText())
                           : value->is_string()
                               ? ParseRounded(value->AsString())
                               : Result<Decimal>(InvalidArgumentError("not a number"));
  if (!number.ok()) {
    bad = true;
    return std::nullopt;
  }
  return *number;
}

// Xero does not let a line post to a bank account, nor to the system accounts it keeps itself
// (receivables, payables, the tax account, retained earnings): "not a valid code for this
// document".
bool UsableOnLines(const Account& account) {
  return account.type != "BANK" &&
         (account.system_account.empty() || account.system_account == "ROUNDING");
}

// Whether `rate` may be used on an account of `account_class` (the TaxRate's CanApplyTo* flags).
bool TaxAppliesTo(const TaxRate& rate, std::string_view account_class) {
  if (account_class == "ASSET") return rate.can_apply_to_assets;
  if (account_class == "EQUITY") return rate.can_apply_to_equity;
  if (account_class == "EXPENSE") return rate.can_apply_to_expenses;
  if (account_class == "LIABILITY") return rate.can_apply_to_liabilities;
  if (account_class == "REVENUE") return rate.can_apply_to_revenue;
  return true;
}

const Account* FindAccount(const OrgState& state, const std::string& code, const std::string& id) {
  for (const Account& account : state.accounts) {
    if (!id.empty() ? EqualsIgnoringCase(account.account_id, id)
                    : (!account.code.empty() && EqualsIgnoringCase(account.code, code))) {
      return &account;
    }
  }
  return nullptr;
}

const TaxRate* FindTaxRate(const OrgState& state, const std::string& tax_type) {
  for (const TaxRate& rate : state.tax_rates) {
    if (EqualsIgnoringCase(rate.tax_type, tax_type)) return &rate;
  }
  return nullptr;
}

// The tracking of one line: each entry resolved against the organisation's categories by id or
// by name; entries that match nothing are dropped, and at most two are kept.
std::vector<LineTracking> ReadTracking(const OrgState& state, const Json& line) {
  std::vector<LineTracking> out;
  const Json* tracking = Member(line, "Tracking");
  if (tracking == nullptr || !tracking->is_array()) return out;
  for (const Json& entry : tracking->AsArray()) {
    if (out.size() == 2) break;
    const std::string category_id = MemberText(entry, "TrackingCategoryID");
    const std::string name = MemberText(entry, "Name");
    const std::string option_id = MemberText(entry, "TrackingOptionID");
    const std::string option = MemberText(entry, "Option");
    for (const TrackingCategory& category : state.tracking_categories) {
      const bool category_matches =
          !category_id.empty() ? EqualsIgnoringCase(category.tracking_category_id, category_id)
                               : EqualsIgnoringCase(category.name, name);
      if (!category_matches) continue;
      for (const TrackingOption& candidate : category.options) {
        const bool option_matches =
            !option_id.empty() ? EqualsIgnoringCase(candidate.tracking_option_id, option_id)
                               : EqualsIgnoringCase(candidate.name, option);
        if (option_matches) {
          out.push_back({category.tracking_category_id, category.name, candidate.tracking_option_id,
                         candidate.name});
          break;
        }
      }
      break;
    }
  }
  return out;
}

// The line's amount before tax: Quantity × UnitAmount less its discount, rounded once to 2 dp.
Result<Decimal> LineAmountOf(const LineItem& line) {
  const Decimal quantity = line.quantity.value_or(kOne);
  const Decimal unit = line.unit_amount.value_or(Decimal());
  if (line.discount_rate) {
    ASSIGN_OR_RETURN(const Decimal kept, kHundred.Minus(*line.discount_rate));
    return Decimal::Ratio({quantity, unit, kept}, {kHundred}, 2);
  }
  ASSIGN_OR_RETURN(const Decimal gross, Decimal::Ratio({quantity, unit}, {kOne}, 4));
  if (line.discount_amount) {
    ASSIGN_OR_RETURN(const Decimal net, gross.Minus(*line.discount_amount));
    return net.Round(2);
  }
  return gross.Round(2);
}

// The line's tax under `line_amount_types` at `rate` percent, rounded to 2 dp.
Result<Decimal> TaxOf(Decimal line_amount, Decimal rate, std::string_view line_amount_types) {
  if (line_amount_types == "NoTax") return Decimal();
  if (line_amount_types == "Inclusive") {
    ASSIGN_OR_RETURN(const Decimal gross_rate, kHundred.Plus(rate));
    return Decimal::Ratio({line_amount, rate}, {gross_rate}, 2);
  }
  return line_amount.PercentOf(rate, 2);
}

class LineReader {
 public:
  LineReader(const OrgState& state, const LineRules& rules, const std::vector<LineItem>& existing,
             RandomSource& random)
      : state_(state), rules_(rules), existing_(existing), random_(random) {}

  // One line; appends its problems to `errors`.
  LineItem Read(const Json& json, std::vector<std::string>& errors) {
    LineItem line;
    const std::string given_id = MemberText(json, "LineItemID");
    line.line_item_id = random_.Uuid();
    for (const LineItem& old : existing_) {
      if (!given_id.empty() && EqualsIgnoringCase(old.line_item_id, given_id)) {
        line.line_item_id = old.line_item_id;
      }
    }
    line.description = MemberText(json, "Description");
    line.item_code = MemberText(json, "ItemCode");
    ReadFigures(json, line, errors);
    ReadAccountAndTax(json, line, errors);
    line.tracking = ReadTracking(state_, json);
    return line;
  }

 private:
  void ReadFigures(const Json& json, LineItem& line, std::vector<std::string>& errors) {
    bool bad = false;
    line.quantity = Number(json, "Quantity", bad);
    std::optional<Decimal> unit = Number(json, "UnitAmount", bad);
    const std::optional<Decimal> given_line_amount = Number(json, "LineAmount", bad);
    const std::optional<Decimal> given_tax = Number(json, "TaxAmount", bad);
    if (rules_.allow_discounts) {
      line.discount_rate = Number(json, "DiscountRate", bad);
      line.discount_amount = Number(json, "DiscountAmount", bad);
    }
    // No Xero text is known for this: the emulator's own words.
    if (bad) errors.push_back("A line item has a value that is not a number.");
    const int unit_places = rules_.unit_dp4 ? 4 : 2;
    if (unit) unit = unit->Round(unit_places).value_or(*unit);
    if (line.quantity && line.quantity->is_negative()) {
      errors.push_back("The quantity value '" + line.quantity->ToString(4) +
                       "' is invalid. Quantity must not be less than zero.");
    }
    has_amount_ = unit.has_value() || given_line_amount.has_value();
    if (!has_amount_) {
      // A description-only line: no figures at all.
      given_tax_ = std::nullopt;
      return;
    }
    if (!line.quantity) line.quantity = kOne;
    if (!unit && given_line_amount) {
      // "If you wish to omit either the Quantity or UnitAmount you can provide a LineAmount and
      // Xero will calculate the missing amount for you" (spec, LineItem.LineAmount).
      unit = line.quantity->is_zero()
                 ? *given_line_amount
                 : Decimal::Ratio({*given_line_amount}, {*line.quantity}, unit_places)
                       .value_or(*given_line_amount);
    }
    line.unit_amount = unit;
    given_tax_ = given_tax;
  }

  void ReadAccountAndTax(const Json& json, LineItem& line, std::vector<std::string>& errors) {
    const std::string code = MemberText(json, "AccountCode");
    const std::string id = MemberText(json, "AccountID");
    std::string tax_type = MemberText(json, "TaxType");
    // A TaxType Xero cannot read as a code at all (a number, an object, blanks) is the generic
    // "Tax rate must be valid." reported by XeroAPI/Xero-Java#353, not the "does not exist" text.
    if (const Json* given = Member(json, "TaxType");
        given != nullptr && !given->is_null() &&
        (!given->is_string() ||
         (!tax_type.empty() && tax_type.find_first_not_of(' ') == std::string::npos))) {
      errors.push_back("Tax rate must be valid.");
      tax_type.clear();
    }
    const Account* account = nullptr;
    if (!code.empty() || !id.empty()) {
      account = FindAccount(state_, code, id);
      const std::string named = account != nullptr && !account->code.empty() ? account->code : code;
      if (account == nullptr && code.empty()) {
        errors.push_back("Account must be valid.");
      } else if (account == nullptr || !UsableOnLines(*account) ||
                 std::ranges::find(rules_.excluded_account_ids, account->account_id) !=
                     rules_.excluded_account_ids.end()) {
        errors.push_back("Account code '" + named + "' is not a valid code for this document.");
        account = nullptr;
      } else if (account->status != "ACTIVE") {
        errors.push_back("Account code '" + named +
                         "' has been archived, or has been deleted. Each line item must reference "
                         "a valid account.");
        account = nullptr;
      } else {
        line.account_code = account->code;
        line.account_id = account->account_id;
      }
    } else if (rules_.require_account && has_amount_) {
      errors.push_back("Account code must be specified");
    }
    if (tax_type.empty() && account != nullptr) tax_type = account->tax_type;
    // A posting line needs a tax type: given, or its account's (Apex-for-Xero#9).
    if (tax_type.empty() && account != nullptr && rules_.require_account && has_amount_ &&
        rules_.line_amount_types != "NoTax") {
      errors.push_back("The TaxType field is mandatory");
    }
    Decimal rate;
    if (!tax_type.empty()) {
      const TaxRate* tax_rate = FindTaxRate(state_, tax_type);
      if (tax_rate == nullptr || tax_rate->status != "ACTIVE") {
        errors.push_back("The TaxType code " + tax_type +
                         " does not exist or cannot be used for this type of transaction.");
        // Xero also reports the pairing with the line's account (XeroAPI/Xero-Java#336).
        if (account != nullptr) {
          errors.push_back("The TaxType code '" + tax_type +
                           "' cannot be used with account code '" + account->code + "'.");
        }
      } else {
        line.tax_type = tax_rate->tax_type;
        rate = TotalRate(*tax_rate);
        if (account != nullptr && !TaxAppliesTo(*tax_rate, AccountClass(account->type))) {
          errors.push_back("The TaxType code '" + tax_rate->tax_type +
                           "' cannot be used with account code '" + account->code + "'.");
        }
      }
    }
    if (!has_amount_) return;
    const Result<Decimal> line_amount = LineAmountOf(line);
    const Result<Decimal> tax =
        line_amount.ok() ? TaxOf(*line_amount, rate, rules_.line_amount_types) : line_amount;
    if (!tax.ok()) {
      errors.push_back("The line amount is out of range.");
      return;
    }
    line.line_amount = *line_amount;
    line.tax_amount = *tax;
    if (given_tax_ && rules_.line_amount_types != "NoTax") {
      line.tax_amount = given_tax_->Round(2).value_or(*tax);
    }
  }

  const OrgState& state_;
  const LineRules& rules_;
  const std::vector<LineItem>& existing_;
  RandomSource& random_;
  bool has_amount_ = false;
  std::optional<Decimal> given_tax_;
};

Json Money(Decimal value) { return Json::Number(value, 2); }

}  // namespace

ReadLines ReadLineItems(const OrgState& state, const Json* line_items, const LineRules& rules,
                        const std::vector<LineItem>& existing, RandomSource& random) {
  ReadLines out;
  if (line_items != nullptr && line_items->is_array()) {
    for (const Json& json : line_items->AsArray()) {
      LineReader reader(state, rules, existing, random);
      out.lines.push_back(reader.Read(json, out.errors));
    }
  }
  out.totals = TotalsOf(out.lines, rules.line_amount_types);
  if (out.totals.total.is_negative()) {
    out.errors.push_back("The Total for this document must be greater than or equal to zero.");
  }
  return out;
}

DocumentTotals TotalsOf(const std::vector<LineItem>& lines, std::string_view line_amount_types) {
  // Line figures are 2 dp amounts far inside Decimal's range: the sums cannot overflow, and
  // value_or keeps the partial sum if they ever did.
  Decimal lines_sum;
  Decimal tax_sum;
  for (const LineItem& line : lines) {
    lines_sum = lines_sum.Plus(line.line_amount).value_or(lines_sum);
    tax_sum = tax_sum.Plus(line.tax_amount).value_or(tax_sum);
  }
  DocumentTotals totals;
  totals.total_tax = tax_sum;
  if (line_amount_types == "Inclusive") {
    totals.total = lines_sum;
    totals.sub_total = lines_sum.Minus(tax_sum).value_or(lines_sum);
  } else {
    totals.sub_total = lines_sum;
    totals.total = lines_sum.Plus(tax_sum).value_or(lines_sum);
  }
  return totals;
}

std::optional<std::string> ParseLineAmountTypes(std::string_view text) {
  if (text.empty() || EqualsIgnoringCase(text, "Exclusive")) return "Exclusive";
  if (EqualsIgnoringCase(text, "Inclusive")) return "Inclusive";
  if (EqualsIgnoringCase(text, "NoTax")) return "NoTax";
  return std::nullopt;
}

Json LineItemJson(const LineItem& line, bool unit_dp4) {
  Json json = Json::MakeObject();
  json.Set("LineItemID", Json::String(line.line_item_id));
  if (!line.description.empty()) json.Set("Description", Json::String(line.description));
  if (line.quantity) json.Set("Quantity", Json::Number(*line.quantity, 4));
  if (line.unit_amount) {
    const Decimal unit =
        unit_dp4 ? *line.unit_amount : line.unit_amount->Round(2).value_or(*line.unit_amount);
    json.Set("UnitAmount", Json::Number(unit, unit_dp4 ? 4 : 2));
  }
  if (!line.item_code.empty()) json.Set("ItemCode", Json::String(line.item_code));
  if (!line.account_code.empty()) json.Set("AccountCode", Json::String(line.account_code));
  if (!line.account_id.empty()) json.Set("AccountID", Json::String(line.account_id));
  if (!line.tax_type.empty()) json.Set("TaxType", Json::String(line.tax_type));
  json.Set("TaxAmount", Money(line.tax_amount));
  json.Set("LineAmount", Money(line.line_amount));
  if (line.discount_rate) json.Set("DiscountRate", Money(*line.discount_rate));
  if (line.discount_amount) json.Set("DiscountAmount", Money(*line.discount_amount));
  Json tracking = Json::MakeArray();
  for (const LineTracking& t : line.tracking) {
    tracking.Append(Json::MakeObject({{"TrackingCategoryID", Json::String(t.tracking_category_id)},
                                      {"TrackingOptionID", Json::String(t.tracking_option_id)},
                                      {"Name", Json::String(t.name)},
                                      {"Option", Json::String(t.option)}}));
  }
  json.Set("Tracking", std::move(tracking));
  json.Set("ValidationErrors", Json::MakeArray());
  return json;
}

Json LineItemsJson(const std::vector<LineItem>& lines, bool unit_dp4) {
  Json array = Json::MakeArray();
  for (const LineItem& line : lines) array.Append(LineItemJson(line, unit_dp4));
  return array;
}

}  // namespace xerosync::emulator
