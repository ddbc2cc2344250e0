#include "emulator/control_org.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/json.h"
#include "emulator/control.h"
#include "emulator/org_edits.h"
#include "emulator/state_json.h"

namespace xerosync::emulator {
namespace {

using control_json::Answer;
using control_json::BodyObject;
using control_json::Error;

constexpr char kTenant[] = "/_emulator/tenants/{tenantId}";

// The time an edit stamps: Xero keeps UpdatedDateUTC to the millisecond, so a client that sends
// back the time it read sees no change that is not there.
TimePoint Now(const Clock& clock) {
  return std::chrono::floor<std::chrono::milliseconds>(clock.Now());
}

http::Response UnknownTenant(const http::Request& r) {
  return Error(404, "unknown tenant " + std::string(r.Param("tenantId")));
}

// kInvalidArgument naming the first member of `body` not in `known`.
Status OnlyKnownMembers(const Json& body, std::initializer_list<std::string_view> known) {
  for (const auto& [key, value] : body.AsObject()) {
    if (std::ranges::find(known, key) == known.end()) {
      return InvalidArgumentError(key + " is not a known field");
    }
  }
  return OkStatus();
}

// A string member; `fallback` when absent.
Result<std::string> Text(const Json& body, std::string_view key, std::string fallback = "") {
  const Json* value = body.Find(key);
  if (value == nullptr) return fallback;
  if (!value->is_string()) return InvalidArgumentError(std::string(key) + " must be a string");
  return value->AsString();
}

// A true/false member; nullopt when absent.
Result<std::optional<bool>> Flag(const Json& body, std::string_view key) {
  const Json* value = body.Find(key);
  if (value == nullptr) return std::optional<bool>();
  if (!value->is_bool()) return InvalidArgumentError(std::string(key) + " must be true or false");
  return std::optional<bool>(value->AsBool());
}

// A lock date member: absent (nullopt: unchanged), null (clear) or "YYYY-MM-DD".
Result<std::optional<std::optional<TimePoint>>> LockDate(const Json& body, std::string_view key) {
  using Change = std::optional<std::optional<TimePoint>>;
  const Json* value = body.Find(key);
  if (value == nullptr) return Change();
  if (value->is_null()) return Change(std::optional<TimePoint>());
  const std::optional<TimePoint> date = value->is_string() && value->AsString().size() == 10
                                            ? ParseStateTime(value->AsString())
                                            : std::nullopt;
  if (!date) return InvalidArgumentError(std::string(key) + " must be \"YYYY-MM-DD\" or null");
  return Change(date);
}

http::Response FromStatus(const Status& status) {
  return Error(status.code() == StatusCode::kNotFound ? 404 : 400, status.message());
}

// Runs `edit` on the tenant's state under its lock and answers what it returns: 404 for an unknown
// tenant, 400/404 {"error"} for a failed edit (which changed nothing).
http::Response Edit(Organisations& organisations, const http::Request& request,
                    const std::function<Result<Json>(OrgState&)>& edit) {
  std::optional<Result<Json>> result;
  const bool known = organisations.Write(request.Param("tenantId"),
                                         [&](OrgState& state) { result.emplace(edit(state)); });
  if (!known) return UnknownTenant(request);
  if (!result->ok()) return FromStatus(result->status());
  return Answer(**result);
}

Json LockDatesJson(const OrganisationInfo& o) {
  const auto date = [](const std::optional<TimePoint>& d) {
    return d ? Json::String(FormatStateTime(*d).substr(0, 10)) : Json::Null();
  };
  return Json::MakeObject({{"period_lock_date", date(o.period_lock_date)},
                           {"end_of_year_lock_date", date(o.end_of_year_lock_date)}});
}

// The counts answer for one query form: {"<key>": value, "all": n, "live": m}.
template <typename T, typename Match, typename StatusOf>
Json CountOf(const std::vector<T>& records, std::string_view key, std::string_view value,
             Match match, StatusOf status) {
  int all = 0;
  int live = 0;
  for (const T& record : records) {
    if (!match(record)) continue;
    ++all;
    if (IsLiveStatus(status(record))) ++live;
  }
  return Json::MakeObject({{std::string(key), Json::String(std::string(value))},
                           {"all", Json::Integer(all)},
                           {"live", Json::Integer(live)}});
}

// GET …/counts, whole or for one number or name.
Result<Json> Counts(const OrgState& state, const http::Request& request) {
  const auto invoice_number = request.Query("invoice_number");
  const auto credit_note_number = request.Query("credit_note_number");
  const auto contact_name = request.Query("contact_name");
  const auto type = request.Query("type");
  if (int{invoice_number.has_value()} + int{credit_note_number.has_value()} +
          int{contact_name.has_value()} >
      1) {
    return InvalidArgumentError(
        "give at most one of invoice_number, credit_note_number and contact_name");
  }
  if (type && (!invoice_number || (*type != "ACCREC" && *type != "ACCPAY"))) {
    return InvalidArgumentError("type (ACCREC or ACCPAY) goes with invoice_number only");
  }
  if (invoice_number) {
    Json answer = CountOf(
        state.invoices, "invoice_number", *invoice_number,
        [&](const Invoice& i) {
          return i.invoice_number == *invoice_number && (!type || i.type == *type);
        },
        [](const Invoice& i) { return i.status; });
    if (type) answer.Set("type", Json::String(std::string(*type)));
    return answer;
  }
  if (credit_note_number) {
    return CountOf(
        state.credit_notes, "credit_note_number", *credit_note_number,
        [&](const CreditNote& c) { return c.credit_note_number == *credit_note_number; },
        [](const CreditNote& c) { return c.status; });
  }
  if (contact_name) {
    return CountOf(
        state.contacts, "contact_name", *contact_name,
        [&](const Contact& c) { return c.name == *contact_name; },
        [](const Contact& c) { return c.contact_status; });
  }
  return CountsToJson(state);
}

}  // namespace

void AddOrganisationControlRoutes(http::Router& router, const Clock& clock,
                                  Organisations& organisations, RandomSource& random,
                                  std::function<void()> reset, const ChangeListener& listener) {
  const std::string tenant = kTenant;
  router.Add("GET", "/_emulator/tenants", [&organisations](http::Request&) {
    Json tenants = Json::MakeArray();
    for (const OrgState& state : organisations.Snapshot()) {
      tenants.Append(
          Json::MakeObject({{"tenant_id", Json::String(state.organisation.organisation_id)},
                            {"name", Json::String(state.organisation.name)},
                            {"offline", Json::Bool(state.offline)}}));
    }
    return Answer(Json::MakeObject({{"tenants", std::move(tenants)}}));
  });
  router.Add("GET", tenant + "/state", [&organisations](http::Request& r) {
    std::optional<Json> state;
    if (!organisations.Read(r.Param("tenantId"),
                            [&](const OrgState& s) { state = StateToJson(s); })) {
      return UnknownTenant(r);
    }
    return Answer(*state);
  });
  router.Add("GET", tenant + "/counts", [&organisations](http::Request& r) {
    std::optional<Result<Json>> counts;
    if (!organisations.Read(r.Param("tenantId"),
                            [&](const OrgState& s) { counts.emplace(Counts(s, r)); })) {
      return UnknownTenant(r);
    }
    if (!counts->ok()) return FromStatus(counts->status());
    return Answer(**counts);
  });

  for (const bool archived : {true, false}) {
    router.Add(
        "POST", tenant + "/contacts/{contactId}/" + (archived ? "archive" : "unarchive"),
        [&organisations, &clock, archived, listener](http::Request& r) {
          std::optional<ChangeEvent> changed;
          http::Response response = Edit(organisations, r, [&](OrgState& state) -> Result<Json> {
            ASSIGN_OR_RETURN(Contact contact,
                             SetContactArchived(state, r.Param("contactId"), archived, Now(clock)));
            changed = ChangeEvent{std::string(r.Param("tenantId")),
                                  "CONTACT",
                                  "UPDATE",
                                  contact.contact_id,
                                  contact.updated,
                                  Json()};
            return StateToJson(contact);
          });
          // Reported once the organisation's lock is released, as the API's writes do.
          if (changed && listener) listener(*changed);
          return response;
        });
  }

  router.Add("POST", tenant + "/tax-rates/{taxType}/status", [&organisations](http::Request& r) {
    Result<Json> body = BodyObject(r);
    if (!body.ok()) return Error(400, body.status().message());
    Status known = OnlyKnownMembers(*body, {"status"});
    if (!known.ok()) return FromStatus(known);
    Result<std::string> status = Text(*body, "status");
    if (!status.ok()) return FromStatus(status.status());
    if (status->empty()) return Error(400, "status is required");
    return Edit(organisations, r, [&](OrgState& state) -> Result<Json> {
      ASSIGN_OR_RETURN(TaxRate rate, SetTaxRateStatus(state, r.Param("taxType"), *status));
      return StateToJson(rate);
    });
  });

  router.Add("POST", tenant + "/currencies/{code}/unsubscribe", [&organisations](http::Request& r) {
    return Edit(organisations, r, [&](OrgState& state) -> Result<Json> {
      RETURN_IF_ERROR(UnsubscribeCurrency(state, r.Param("code")));
      return Json::MakeObject({{"unsubscribed", Json::String(std::string(r.Param("code")))}});
    });
  });
  router.Add("POST", tenant + "/currencies/{code}/subscribe", [&organisations](http::Request& r) {
    Result<Json> body = BodyObject(r);
    if (!body.ok()) return Error(400, body.status().message());
    Status known = OnlyKnownMembers(*body, {"description"});
    if (!known.ok()) return FromStatus(known);
    Result<std::string> description = Text(*body, "description");
    if (!description.ok()) return FromStatus(description.status());
    return Edit(organisations, r, [&](OrgState& state) -> Result<Json> {
      ASSIGN_OR_RETURN(Currency currency, SubscribeCurrency(state, r.Param("code"), *description));
      return StateToJson(currency);
    });
  });

  router.Add(
      "POST", tenant + "/accounts/{account}/payments", [&organisations, &clock](http::Request& r) {
        Result<Json> body = BodyObject(r);
        if (!body.ok()) return Error(400, body.status().message());
        Status known = OnlyKnownMembers(*body, {"enabled"});
        if (!known.ok()) return FromStatus(known);
        Result<std::optional<bool>> enabled = Flag(*body, "enabled");
        if (!enabled.ok()) return FromStatus(enabled.status());
        if (!enabled->has_value()) return Error(400, "enabled is required");
        return Edit(organisations, r, [&](OrgState& state) -> Result<Json> {
          ASSIGN_OR_RETURN(Account account,
                           SetPaymentsToAccount(state, r.Param("account"), **enabled, Now(clock)));
          return StateToJson(account);
        });
      });

  router.Add("POST", tenant + "/accounts", [&organisations, &clock, &random](http::Request& r) {
    Result<Json> body = BodyObject(r);
    if (!body.ok()) return Error(400, body.status().message());
    Status known = OnlyKnownMembers(
        *body, {"code", "name", "type", "tax_type", "description", "enable_payments_to_account",
                "show_in_expense_claims", "bank_account_number", "currency_code"});
    if (!known.ok()) return FromStatus(known);
    Account account;
    for (const auto& [key, field] : std::array<std::pair<const char*, std::string*>, 7>{
             {{"code", &account.code},
              {"name", &account.name},
              {"type", &account.type},
              {"tax_type", &account.tax_type},
              {"description", &account.description},
              {"bank_account_number", &account.bank_account_number},
              {"currency_code", &account.currency_code}}}) {
      Result<std::string> text = Text(*body, key);
      if (!text.ok()) return FromStatus(text.status());
      *field = std::move(*text);
    }
    for (const auto& [key, field] : std::array<std::pair<const char*, bool*>, 2>{
             {{"enable_payments_to_account", &account.enable_payments_to_account},
              {"show_in_expense_claims", &account.show_in_expense_claims}}}) {
      Result<std::optional<bool>> flag = Flag(*body, key);
      if (!flag.ok()) return FromStatus(flag.status());
      *field = flag->value_or(false);
    }
    account.account_id = random.Uuid();
    return Edit(organisations, r, [&](OrgState& state) -> Result<Json> {
      ASSIGN_OR_RETURN(Account added, AddAccount(state, std::move(account), Now(clock)));
      return StateToJson(added);
    });
  });

  router.Add("PUT", tenant + "/lock-dates", [&organisations](http::Request& r) {
    Result<Json> body = BodyObject(r);
    if (!body.ok()) return Error(400, body.status().message());
    Status known = OnlyKnownMembers(*body, {"period_lock_date", "end_of_year_lock_date"});
    if (!known.ok()) return FromStatus(known);
    auto period = LockDate(*body, "period_lock_date");
    if (!period.ok()) return FromStatus(period.status());
    auto end_of_year = LockDate(*body, "end_of_year_lock_date");
    if (!end_of_year.ok()) return FromStatus(end_of_year.status());
    return Edit(organisations, r, [&](OrgState& state) -> Result<Json> {
      RETURN_IF_ERROR(SetLockDates(state, *period, *end_of_year));
      return LockDatesJson(state.organisation);
    });
  });

  for (const bool offline : {true, false}) {
    router.Add("POST", tenant + (offline ? "/offline" : "/online"),
               [&organisations, offline](http::Request& r) {
                 return Edit(organisations, r, [&](OrgState& state) -> Result<Json> {
                   state.offline = offline;
                   return Json::MakeObject({{"offline", Json::Bool(offline)}});
                 });
               });
  }

  router.Add("POST", "/_emulator/reset",
             [&organisations, reset = std::move(reset)](http::Request&) {
               reset();
               return Answer(Json::MakeObject(
                   {{"organisations",
                     Json::Integer(static_cast<int64_t>(organisations.TenantIds().size()))}}));
             });
}

}  // namespace xerosync::emulator
