#pragma once
// Edits the control API makes to an organisation (docs/emulator.md, "Organisation edits"):
// the changes a user makes in Xero's web app that a test needs in order to reach an error path —
// an archived contact, a deleted tax rate, an unsubscribed currency, an account that takes
// payments, an account without a code, lock dates.
//
// Each edit either succeeds or leaves the state exactly as it was. Failures are kNotFound for an
// unknown record and kInvalidArgument, naming the field, for a bad value; the messages are meant
// for the test's author (they are not Xero's). Records that carry an updated time (contacts,
// accounts) get `now` as their UpdatedDateUTC, so If-Modified-Since reads see the change; tax
// rates, currencies and the organisation have no such field in Xero.
//
// Thread safety: functions over an OrgState the caller holds exclusively (Organisations::Write).

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/result.h"
#include "emulator/organisation.h"

namespace xerosync::emulator {

// ContactStatus ARCHIVED (archived) or ACTIVE. Un-archiving is refused while another active contact
// has the same name (ignoring case), since Xero keeps active names unique.
Result<Contact> SetContactArchived(OrgState& state, std::string_view contact_id, bool archived,
                                   TimePoint now);

// A tax rate's Status, found by TaxType (ignoring case): ACTIVE, DELETED or ARCHIVED.
Result<TaxRate> SetTaxRateStatus(OrgState& state, std::string_view tax_type,
                                 std::string_view status);

// Removes currency `code` from the organisation's subscribed currencies; the base currency cannot
// be removed. kNotFound when it is not subscribed.
Status UnsubscribeCurrency(OrgState& state, std::string_view code);
// Adds currency `code` (three upper-case letters) with `description` (empty: the currency's usual
// English name when known, else the code). Subscribing a subscribed currency changes nothing.
Result<Currency> SubscribeCurrency(OrgState& state, std::string_view code, std::string description);

// EnablePaymentsToAccount of the account whose AccountID (ignoring case) or Code is `account`.
Result<Account> SetPaymentsToAccount(OrgState& state, std::string_view account, bool enabled,
                                     TimePoint now);

// Adds `account` as given (AccountID already chosen by the caller), after Xero's checks: Name
// required (at most 150 characters) and unique, Type one of Xero's AccountType values, Code (may be
// empty, as Xero allows) at most 10 letters and digits and unique, TaxType (default "NONE") one of
// the organisation's tax rates. A BANK account without a currency gets the base currency.
Result<Account> AddAccount(OrgState& state, Account account, TimePoint now);

// Sets (a date) or clears (nullopt) each lock date that is given (outer optional set); leaves the
// others as they are. The end-of-year lock date may not be after the period lock date when both are
// set, as in Xero's settings.
Status SetLockDates(OrgState& state, std::optional<std::optional<TimePoint>> period_lock_date,
                    std::optional<std::optional<TimePoint>> end_of_year_lock_date);

}  // namespace xerosync::emulator
