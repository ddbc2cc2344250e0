#include "rules/catalogue.h"

#include <algorithm>

#include "rules/rows.h"

namespace xerosync::rules {
namespace {

using A = Action;
using R = AutoRetry;

// The cases of ERRORS.md, then the engine's own (src/sync/reports.h). Sources: seed articles by
// number (shared/seeds/00N), FACTS.md sections.
const std::vector<CatalogueEntry>& Entries() {
  static const std::vector<CatalogueEntry> entries = {
      {"contact.missing",
       "Contact not in Xero",
       "The contact of {document} is not in Xero.",
       {"Create the contact in Xero now, or link the document to an existing Xero contact.",
        "Or turn on \"create missing contacts\" so that xerosync creates it before the document."},
       {A::kCreateContact, A::kLinkContact, A::kEditDocument},
       true,
       R::kOnChange,
       "",
       "seeds 000, 004"},
      {"contact.archived",
       "Contact archived in Xero",
       "The contact of {document}, {value}, is archived in Xero.",
       {"Unarchive the contact in Xero (Contacts, Archived, Restore), then retry.",
        "Or link the document to another contact."},
       {A::kOpenInXero, A::kLinkContact, A::kRetry},
       true,
       R::kAfterSettingsRefresh,
       "The contact with the specified contact details has been archived. The contact details "
       "need to be changed, or the contact restored before proceeding.",
       "seed 000; FACTS.md 5"},
      {"contact.account_number_taken",
       "Contact account number already used",
       "The account number {value} of {document} belongs to another contact in Xero.",
       {"Compare the two contacts. If they are the same, link the document to the Xero contact.",
        "Otherwise change the account number in the business app."},
       {A::kLinkContact, A::kEditDocument},
       true,
       R::kOnChange,
       "The Account Number already exists. Please enter a different Account Number.",
       "seed 003 #10; FACTS.md 5"},
      {"contact.name_taken",
       "Contact name already used",
       "Another active contact in Xero is already called {value}, the name of {document}.",
       {"If it is the same contact, link the document to it.",
        "Otherwise give the contact a distinct name in the business app."},
       {A::kLinkContact, A::kEditDocument},
       true,
       R::kOnChange,
       "The contact name {value} is already assigned to another contact. The contact name must be "
       "unique across all active contacts.",
       "FACTS.md 5"},
      {"contact.number_taken",
       "Contact number already used",
       "The contact number of {document} belongs to another contact in Xero.",
       {"If it is the same contact, link the document to it.",
        "Otherwise change the contact number in the business app."},
       {A::kLinkContact, A::kEditDocument},
       false,
       R::kOnChange,
       "The contact number {value} is already assigned to another contact. The contact number "
       "must be unique across all contacts.",
       "FACTS.md 5"},
      {"contact.email_invalid",
       "Contact email address not valid",
       "The email address of {document} is not a valid address.",
       {"Correct the email address in the business app (or leave it empty)."},
       {A::kEditDocument},
       false,
       R::kOnChange,
       "Email address must be valid.",
       "FACTS.md 5"},
      {"account.missing",
       "Account code missing",
       "Line {field} of {document} has no account code.",
       {"Set the account code on the line in the business app,",
        "or set a default sales (or purchases) account in the mappings."},
       {A::kEditDocument, A::kMapAccount},
       true,
       R::kOnChange,
       "Account code must be specified",
       "seeds 000, 003 #9; FACTS.md 5"},
      {"account.invalid_for_document",
       "Account code not valid for this document",
       "Account code {value} on line {field} of {document} cannot be used on this kind of "
       "document.",
       {"Choose a revenue account for sales (an expense account for bills), or map {value} to "
        "one."},
       {A::kMapAccount, A::kEditDocument},
       true,
       R::kOnChange,
       "Account code '{value}' is not a valid code for this document.",
       "seeds 000, 003 #11; FACTS.md 5"},
      {"account.archived",
       "Account archived or deleted in Xero",
       "Account code {value} on line {field} of {document} is archived or deleted in Xero.",
       {"Pick another account and map {value} to it, or restore the account in Xero."},
       {A::kMapAccount, A::kOpenInXero},
       true,
       R::kOnChange,
       "Account code '{value}' has been archived, or has been deleted. Each line item must "
       "reference a valid account.",
       "FACTS.md 5"},
      {"account.without_code",
       "Xero account without a code",
       "The Xero account {value} has no code, so documents cannot name it.",
       {"Give the account a code in Xero (Accounting, Chart of accounts)."},
       {A::kOpenInXero},
       true,
       R::kAfterSettingsRefresh,
       "",
       "seed 003 #3"},
      {"tax_rate.unknown",
       "Tax rate not found",
       "Tax rate {value} on line {field} of {document} does not exist in Xero or cannot be used on "
       "this kind of document.",
       {"Map {value} to one of the organisation's tax rates, or add the tax rate in Xero."},
       {A::kMapTaxRate, A::kOpenInXero},
       true,
       R::kOnChange,
       "The TaxType code {value} does not exist or cannot be used for this type of transaction.",
       "seeds 000, 003 #4, 004; FACTS.md 5"},
      {"tax_rate.not_for_account",
       "Tax rate not allowed with this account",
       "Tax rate {value} cannot be used with the account on line {field} of {document}.",
       {"Choose a tax rate that applies to that kind of account, or another account."},
       {A::kMapTaxRate, A::kMapAccount, A::kEditDocument},
       true,
       R::kOnChange,
       "The TaxType code '{value}' cannot be used with account code '...'.",
       "seed 003 #4; FACTS.md 5"},
      {"tax_rate.inactive",
       "Tax rate not active",
       "Tax rate {value} on line {field} of {document} is not active in Xero.",
       {"Reactivate the tax rate in Xero, or map {value} to an active one."},
       {A::kOpenInXero, A::kMapTaxRate},
       true,
       R::kAfterSettingsRefresh,
       "",
       "seed 003 #8"},
      {"currency.not_enabled",
       "Currency not enabled in Xero",
       "{document} is in {value}, which the Xero organisation does not use.",
       {"Add the currency in Xero (Settings, Currencies; it needs a plan with multi-currency)."},
       {A::kOpenInXero, A::kRetry},
       true,
       R::kAfterSettingsRefresh,
       "Organisation is not subscribed to currency {value}",
       "seed 004; FACTS.md 5"},
      {"document.missing_information",
       "More information required",
       "{document} is missing {field}.",
       {"Fill in {field} in the business app; the next version is synced."},
       {A::kEditDocument},
       true,
       R::kOnChange,
       "",
       "seed 000"},
      {"invoice.number_taken",
       "Invoice number already used",
       "Invoice number {value} of {document} is already used by another invoice in Xero.",
       {"If it is the same invoice, link it (xerosync does when contact, date and total agree).",
        "Otherwise give the document another number (renumber it) in the business app."},
       {A::kPassToAccounts, A::kEditDocument},
       false,
       R::kOnDocumentChange,
       "Invoice # must be unique.",
       "seed 003 #12; FACTS.md 5"},
      {"payment.document_not_authorised",
       "Payment against a document that is not approved",
       "The {value} that {document} pays is not approved in Xero.",
       {"Approve the invoice (or credit note) first; if xerosync is sending it, the payment "
        "waits."},
       {A::kOpenInXero, A::kRetry},
       true,
       R::kWhenParentSyncs,
       "Payments can only be made against Authorised documents",
       "seed 003 #6; FACTS.md 5"},
      {"payment.exceeds_outstanding",
       "Payment larger than the amount due",
       "{document} is more than the amount still due on what it pays: {value}.",
       {"If the payment is already in Xero, mark it passed to accounts.",
        "Otherwise correct the amount in the business app."},
       {A::kPassToAccounts, A::kEditDocument},
       false,
       R::kNever,
       "Payment amount exceeds the amount outstanding on this document",
       "seed 003 #6; FACTS.md 5"},
      {"payment.not_editable",
       "Payment cannot be changed",
       "{document} is already in Xero, and Xero does not edit payments.",
       {"Delete the payment in the business app and record the corrected one."},
       {A::kArchive, A::kEditDocument},
       true,
       R::kNever,
       "Payment not of valid status for modification",
       "FACTS.md 3.2, 5"},
      {"payment.account_missing",
       "Payment without an account",
       "{document} does not say which bank account the money went through.",
       {"Set the payment's account in the business app, or a default payment account in the "
        "mappings."},
       {A::kEditDocument, A::kMapAccount},
       true,
       R::kOnChange,
       "You must specify and Account code or Account ID for the payment",
       "FACTS.md 5"},
      {"payment.account_cannot_take_payments",
       "Account cannot take payments",
       "The account {value} of {document} is not a bank account and does not allow payments.",
       {"Enable payments on the account in Xero (Edit account, Enable payments), or map a bank "
        "account."},
       {A::kOpenInXero, A::kMapAccount},
       true,
       R::kAfterSettingsRefresh,
       "Account type is invalid for making a payment to/from",
       "seed 003 #5; FACTS.md 5"},
      {"payment.invoice_not_in_xero",
       "The paid invoice is not in Xero",
       "The invoice that {document} pays is not in Xero: {value}.",
       {"Sync the invoice first; the payment follows by itself.",
        "If the invoice was wrongly marked passed to accounts, reopen it."},
       {A::kPassToAccounts},
       true,
       R::kWhenParentSyncs,
       "The invoice of payment does not exist",
       "seed 003 #7"},
      {"credit_note.invoice_not_in_xero",
       "The credited invoice is not in Xero",
       "The invoice that {document} credits is not in Xero: {value}.",
       {"Sync the invoice first, or both together; the credit note follows by itself.",
        "If the invoice was wrongly marked passed to accounts, reopen it."},
       {A::kRetry},
       true,
       R::kWhenParentSyncs,
       "",
       "seed 003 #13"},
      {"allocation.exceeds_outstanding",
       "Allocation larger than the amount due",
       "{document} allocates more than is still due on the invoice or left on the credit note: "
       "{value}.",
       {"If the allocation is already in Xero, mark it passed to accounts.",
        "Otherwise reduce the allocation in the business app, or amend the invoice in Xero."},
       {A::kEditDocument, A::kPassToAccounts, A::kOpenInXero},
       false,
       R::kNever,
       "Credit Note cannot be allocated as amount is greater than amount outstanding",
       "seed 003 #14; FACTS.md 5"},
      {"allocation.parent_not_in_xero",
       "The allocated credit note or invoice is not in Xero",
       "A document that {document} allocates is not in Xero: {value}.",
       {"Sync the credit note and the invoice first; the allocation follows by itself.",
        "If one was wrongly marked passed to accounts, reopen it."},
       {A::kPassToAccounts, A::kArchive},
       true,
       R::kWhenParentSyncs,
       "",
       "seed 003 #13, #14 (dependency)"},
      {"document.parent_not_in_xero",
       "A document it needs is not in Xero",
       "A document that {document} refers to is not in Xero: {value}.",
       {"Sync that document first; this one follows by itself.",
        "If it was wrongly marked passed to accounts, reopen it."},
       {A::kPassToAccounts, A::kArchive},
       true,
       R::kWhenParentSyncs,
       "",
       "xerosync (docs/sync.md, dependencies)"},
      {"document.not_in_xero",
       "Xero record not found",
       "The Xero record {document} is linked to no longer exists in Xero.",
       {"If it was deleted in Xero on purpose, archive this error.",
        "Otherwise reopen the document so that it is created again."},
       {A::kArchive, A::kPassToAccounts},
       false,
       R::kNever,
       "An existing Invoice with the specified InvoiceID could not be found",
       "FACTS.md 5"},
      {"document.negative",
       "Negative total or quantity",
       "{document} has a negative total or a negative quantity on a line.",
       {"Make the quantities positive; send money back as a credit note instead."},
       {A::kEditDocument},
       true,
       R::kOnChange,
       "The Total for this document must be greater than or equal to zero.",
       "FACTS.md 5"},
      {"document.period_locked",
       "Date in a locked period",
       "The date of {document} is before the organisation's lock date {value}.",
       {"Change the document's date to an open period, or ask an adviser to move the lock date.",
        "Or set the lock-date policy to \"shift\" (Settings): such documents are then sent dated "
        "the first open day, and the document's log says so."},
       {A::kEditDocument, A::kOpenInXero},
       true,
       R::kAfterSettingsRefresh,
       "The document date cannot be before the period lock date",
       "FACTS.md 5"},
      {"document.not_editable",
       "Document can no longer be edited in Xero",
       "{document} has a payment or credit note allocated to it in Xero, so the change cannot be "
       "made there.",
       {"Issue a credit note and a new document in the business app, or leave the Xero record as "
        "it is and archive this error."},
       {A::kArchive, A::kOpenInXero},
       true,
       R::kNever,
       "This document cannot be edited as it has a payment or credit note allocated to it.",
       "FACTS.md 5"},
      {"connection.expired",
       "Connection to Xero expired",
       "The connection to Xero expired (XERO11): xerosync can no longer sign in to {value}.",
       {"An administrator connects the organisation again (the console's Integrations page, "
        "Reconnect; or xerosync connect)."},
       {A::kReconnect},
       false,
       R::kAfterReconnect,
       "401 TokenExpired; refresh: invalid_grant",
       "seeds 001, 002, 004; FACTS.md 1.4"},
      {"connection.revoked",
       "Organisation disconnected from xerosync",
       "{value} was disconnected from xerosync in Xero, or access to it was removed.",
       {"An administrator connects the organisation again, choosing it on Xero's consent page."},
       {A::kReconnect},
       false,
       R::kAfterReconnect,
       "403 AuthenticationUnsuccessful",
       "seeds 001, 002; FACTS.md 4"},
      {"connection.missing_scope",
       "Permission missing",
       "The connection to {value} lacks the permission {field} needs.",
       {"An administrator connects again and grants the permissions asked for."},
       {A::kReconnect},
       false,
       R::kAfterReconnect,
       "401 AuthorizationUnsuccessful",
       "FACTS.md 1.3, 4"},
      {"connection.not_connected",
       "Organisation not connected",
       "{value} is not connected to xerosync (it was disconnected, or never connected).",
       {"An administrator connects the organisation (the console's Integrations page, Connect; or "
        "xerosync connect)."},
       {A::kReconnect},
       false,
       R::kAfterReconnect,
       "",
       "xerosync (docs/client.md, connections)"},
      {"rate_limit.minute",
       "Xero's minute limit reached",
       "Xero's limit of calls a minute was reached; {document} goes in a moment.",
       {"Nothing to do."},
       {},
       false,
       R::kWithBackoff,
       "429, X-Rate-Limit-Problem: minute",
       "FACTS.md 2"},
      {"rate_limit.day",
       "Xero's daily limit reached",
       "Xero's limit of calls a day for {value} is spent; syncing resumes {field}.",
       {"Nothing to do: it resumes by itself when the day's window resets."},
       {},
       false,
       R::kAfterWindowReset,
       "429, X-Rate-Limit-Problem: day",
       "FACTS.md 2"},
      {"xero.unavailable",
       "Xero unavailable",
       "Xero has not accepted {document} for a while: {value}.",
       {"Nothing to do: xerosync keeps trying. Check Xero's status page if it lasts."},
       {A::kRetry, A::kCopyDiagnostics},
       false,
       R::kWithBackoff,
       "503 (text or HTML), organisation offline",
       "seed 003 #1; FACTS.md 4"},
      {"xero.organisation_offline",
       "Organisation offline in Xero",
       "{value} is offline in Xero for a while (Xero moves it between servers); {document} goes "
       "when it is back.",
       {"Nothing to do: it usually lasts minutes, at most an hour, and xerosync keeps trying."},
       {A::kRetry},
       false,
       R::kWithBackoff,
       "503 The Organisation is Offline",
       "FACTS.md 4"},
      {"xero.unexpected",
       "Unexpected error in Xero",
       "Xero answered {document} with an unexpected error: {value}.",
       {"Retry. If it keeps failing, copy the diagnostics and send them to support."},
       {A::kRetry, A::kCopyDiagnostics},
       false,
       R::kWithBackoff,
       "500, \"Object reference not set to an instance of an object.\"",
       "seeds 000, 003 #2; FACTS.md 4"},
      {"xero.validation",
       "Refused by Xero",
       "Xero refused {document}: {value}",
       {"Correct what Xero names, in the business app or in Xero's settings.",
        "The document is sent again when it changes; after a fix in Xero, retry it."},
       {A::kEditDocument, A::kRetry, A::kArchive},
       false,
       R::kOnDocumentChange,
       "(any validation message not recognised above, kept verbatim)",
       "FACTS.md 5"},
      {"xero.idempotency_key_reused",
       "Request key reused",
       "Xero refused {document} because its request key was used before with different content.",
       {"Retry: xerosync sends it with a new key. If it happens again, copy the diagnostics for "
        "support."},
       {A::kRetry, A::kCopyDiagnostics},
       false,
       R::kNever,
       "Idempotency Key: {value} is used with a different request.",
       "FACTS.md 3.1, 5"},
      {"xero.request_refused",
       "Request refused by Xero",
       "Xero refused the request carrying {document}: {value}.",
       {"Check the document; if it looks right, copy the diagnostics for support."},
       {A::kRetry, A::kCopyDiagnostics, A::kArchive},
       false,
       R::kNever,
       "400, 404, 413 for the request as a whole",
       "FACTS.md 4"},
      {"sync.unreadable",
       "Document cannot be read",
       "{document} cannot be read: {value}.",
       {"Correct the document in the business app; its next version is synced."},
       {A::kEditDocument, A::kArchive},
       true,
       R::kOnDocumentChange,
       "",
       "xerosync"},
      {"sync.not_searchable",
       "Document cannot be found again",
       "{document} has none of {field}, so xerosync could not find it in Xero after an "
       "interrupted call, and does not send it.",
       {"Give the document one of {field} in the business app."},
       {A::kEditDocument},
       true,
       R::kOnDocumentChange,
       "",
       "xerosync (docs/sync.md, exactly once)"},
      {"sync.too_large",
       "Document too large for one request",
       "{document} is larger than one request to Xero may be.",
       {"Split the document into smaller ones."},
       {A::kEditDocument, A::kArchive},
       true,
       R::kOnDocumentChange,
       "",
       "FACTS.md 2 (3.5 MB)"},
      {"sync.possible_duplicate",
       "Possible duplicate in Xero",
       "A call to create {document} was interrupted, and Xero now holds several records that "
       "match it: {value}.",
       {"Check these records in Xero and delete any duplicate.",
        "Then mark the document passed to accounts, linked to the record to keep."},
       {A::kOpenInXero, A::kPassToAccounts},
       false,
       R::kNever,
       "",
       "xerosync (docs/sync.md, reconciliation); seed 004"},
  };
  return entries;
}

}  // namespace

std::string_view ActionName(Action action) {
  switch (action) {
    case A::kRetry:
      return "retry";
    case A::kArchive:
      return "archive";
    case A::kPassToAccounts:
      return "pass_to_accounts";
    case A::kEditDocument:
      return "edit_document";
    case A::kMapAccount:
      return "map_account";
    case A::kMapTaxRate:
      return "map_tax_rate";
    case A::kLinkContact:
      return "link_contact";
    case A::kCreateContact:
      return "create_contact";
    case A::kReconnect:
      return "reconnect";
    case A::kOpenInXero:
      return "open_in_xero";
    case A::kCopyDiagnostics:
      return "copy_diagnostics";
  }
  return "unknown";
}

std::string_view AutoRetryText(AutoRetry retry) {
  switch (retry) {
    case R::kNever:
      return "Not retried by itself: a person fixes it, then retries.";
    case R::kOnChange:
      return "Retried by itself when the document, a mapping or the organisation's settings "
             "change.";
    case R::kOnDocumentChange:
      return "Sent again by itself when the document changes in the business app; a mapping or "
             "settings change does not send it again.";
    case R::kAfterSettingsRefresh:
      return "Retried by itself once a refresh of the organisation's Xero settings shows the fix.";
    case R::kWhenParentSyncs:
      return "Waits (blocked), and goes by itself when the document it depends on is in Xero.";
    case R::kWithBackoff:
      return "Retried by itself, waiting longer each time (30 seconds, doubling, up to an hour).";
    case R::kAfterReconnect:
      return "The organisation's documents pause (they do not fail) and resume by themselves "
             "after reconnecting.";
    case R::kAfterWindowReset:
      return "The organisation pauses and resumes by itself when Xero's window resets.";
  }
  return "";
}

std::span<const CatalogueEntry> Catalogue() { return Entries(); }

const CatalogueEntry* FindEntry(std::string_view code) {
  const auto& entries = Entries();
  const auto it = std::ranges::find(entries, code, &CatalogueEntry::code);
  return it == entries.end() ? nullptr : &*it;
}

std::string FormatFix(const CatalogueEntry& entry, const TemplateValues& values) {
  std::string out;
  int step = 0;
  for (const std::string_view s : entry.fix) {
    if (!out.empty()) out += ' ';
    out += std::to_string(++step) + ". " + FormatText(s, values);
  }
  return out;
}

std::string FormatText(std::string_view text, const TemplateValues& values) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t open = text.find('{', i);
    const std::size_t close = open == std::string_view::npos ? open : text.find('}', open);
    if (close == std::string_view::npos) {
      out += text.substr(i);
      break;
    }
    out += text.substr(i, open - i);
    const std::string_view name = text.substr(open + 1, close - open - 1);
    const auto found = values.find(name);
    out += found != values.end() ? found->second : std::string(text.substr(open, close - open + 1));
    i = close + 1;
  }
  return out;
}

std::string RenderErrorsMarkdown() {
  std::string out =
      "# Sync errors: what each means and how to fix it\n\n"
      "Generated from the catalogue in `src/rules/catalogue.cc` (a test fails when this page and "
      "the catalogue differ; edit the catalogue, then run `build/src/rules/rules_catalogue_render "
      "> "
      "docs/errors.md`). Each error has a stable code; the console and the API link to its "
      "section here. Words in braces are filled in for the document at hand.\n\n"
      "| code | title | caught before calling Xero |\n|---|---|---|\n";
  for (const CatalogueEntry& e : Entries()) {
    out += "| [`" + std::string(e.code) + "`](#" + std::string(e.code) + ") | " +
           std::string(e.title) + " | " + (e.preflight ? "yes" : "no") + " |\n";
  }
  for (const CatalogueEntry& e : Entries()) {
    out += "\n<a id=\"" + std::string(e.code) + "\"></a>\n## `" + std::string(e.code) +
           "`: " + std::string(e.title) + "\n\n";
    out += "**Message:** " + std::string(e.message) + "\n\n";
    if (!e.xero_says.empty()) out += "**Xero says:** " + std::string(e.xero_says) + "\n\n";
    out += "**Fix:**\n";
    int step = 0;
    for (const std::string_view s : e.fix) {
      out += std::to_string(++step) + ". " + std::string(s) + "\n";
    }
    out += "\n**Caught before calling Xero:** " + std::string(e.preflight ? "yes" : "no") + "\n\n";
    out += "**Automatically:** " + std::string(AutoRetryText(e.retry)) + "\n\n";
    if (!e.actions.empty()) {
      out += "**In the console:**";
      bool first = true;
      for (const Action a : e.actions) {
        out += (first ? " " : ", ") + std::string("`") + std::string(ActionName(a)) + "`";
        first = false;
      }
      out += "\n\n";
    }
    out += "**Source:** " + std::string(e.source) + "\n";
  }
  out +=
      "\n<a id=\"errors-md-rows\"></a>\n## Every row of ERRORS.md, and the tests that prove it\n\n"
      "Each row of the design's list of sync errors (`shared/design/ERRORS.md`), the code(s) "
      "xerosync gives it, how it is caught, and the tests that build the case against the Xero "
      "emulator, check the code, the fix and (for the pre-flight rows) that no call to Xero was "
      "made, apply the fix and see the document sync. Generated from `src/rules/rows.cc`.\n\n"
      "| case | code | caught | tests |\n|---|---|---|---|\n";
  for (const ErrorsRow& row : ErrorsRows()) {
    std::string codes;
    for (const std::string_view c : row.codes) {
      codes += (codes.empty() ? "" : ", ") + std::string("[`") + std::string(c) + "`](#" +
               std::string(c) + ")";
    }
    std::string tests;
    for (const std::string_view t : row.tests) {
      tests += (tests.empty() ? "" : "<br>") + std::string("`") + std::string(t) + "`";
    }
    out += "| " + std::string(row.case_text) + " | " + (codes.empty() ? "—" : codes) + " | " +
           std::string(row.caught) + " | " + tests + " |\n";
  }
  return out;
}

}  // namespace xerosync::rules
