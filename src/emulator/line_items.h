#pragma once
// Line items as every document with lines reads, checks, totals and renders them (invoices, credit
// notes, bank transactions): FACTS.md §5 and §7 "LineItem", docs/emulator.md.
//
// Reading: a request's "LineItems" array (member names in any case, numbers exact). Each line's
// account is named by AccountCode or AccountID, its TaxType defaults to the account's, Tracking
// names a category and option by Name/Option or by their ids (at most two; unmatched ones are
// dropped).
//
// Figures, as Xero computes them: LineAmount = Quantity × UnitAmount less DiscountRate% (or less
// DiscountAmount), rounded once to 2 dp half away from zero; a line's tax is LineAmount × rate/100
// (Exclusive) or LineAmount × rate/(100 + rate) (Inclusive), rounded to 2 dp per line, 0 for NoTax;
// a TaxAmount given on the line replaces the computed one. SubTotal, TotalTax and Total are the
// sums of the rounded line figures (Inclusive: Total = Σ LineAmount, SubTotal = Total − TotalTax).
//
// Where the messages go: Xero reports a line's problems on the document itself, one entry per
// problem per line, in line order (observed: XeroAPI/Xero-Java#336, two lines each with a bad
// TaxType give four entries in the invoice's ValidationErrors). So ReadLineItems returns messages
// for the element's own ValidationErrors; rendered lines carry an empty "ValidationErrors" as in
// the spec's examples.
//
// Thread safety: free functions over values; the state is read, never written.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "emulator/crypto.h"
#include "emulator/documents.h"
#include "emulator/organisation.h"

namespace xerosync::emulator {

// How a document's lines are read.
struct LineRules {
  // ACCREC, ACCPAY, ACCRECCREDIT, ACCPAYCREDIT, RECEIVE, SPEND, ...: which accounts may be used.
  std::string document_type;
  // Exclusive, Inclusive or NoTax (ParseLineAmountTypes).
  std::string line_amount_types = "Exclusive";
  // Whether the document is being SUBMITTED or AUTHORISED: then every line with an amount needs an
  // account ("Account code must be specified"); drafts may leave it out.
  bool require_account = false;
  // DiscountRate and DiscountAmount are honoured (ACCREC invoices); ignored otherwise, as Xero's
  // other documents do not support discounts.
  bool allow_discounts = false;
  // unitdp=4: UnitAmount is read and rendered with four places; otherwise rounded to two.
  bool unit_dp4 = false;
  // Accounts that may not carry lines although they exist (a bank transaction's own bank account).
  std::vector<std::string> excluded_account_ids;
};

struct ReadLines {
  std::vector<LineItem> lines;
  DocumentTotals totals;
  // Xero's messages for the document's own ValidationErrors, in order; empty when all is valid.
  std::vector<std::string> errors;
};

// Reads `line_items` (the element's "LineItems" member; null or not an array reads as no lines)
// under `rules` against `state`, checks each line, computes the figures and the totals, and checks
// the document's total ("The Total for this document must be greater than or equal to zero.").
// A line whose LineItemID names a line of `existing` keeps that id; other lines get new ids from
// `random`.
ReadLines ReadLineItems(const OrgState& state, const Json* line_items, const LineRules& rules,
                        const std::vector<LineItem>& existing, RandomSource& random);

// The totals of `lines` (already computed figures) under `line_amount_types`.
DocumentTotals TotalsOf(const std::vector<LineItem>& lines, std::string_view line_amount_types);

// "Exclusive", "Inclusive" or "NoTax" for `text` in any case ("" reads as Exclusive, Xero's
// default); nullopt for anything else.
std::optional<std::string> ParseLineAmountTypes(std::string_view text);

// The lines as Xero renders them: Quantity with four places, UnitAmount with two (four with
// unit_dp4), money with two, LineItemID, AccountID, Tracking[] and an empty ValidationErrors.
Json LineItemJson(const LineItem& line, bool unit_dp4 = false);
Json LineItemsJson(const std::vector<LineItem>& lines, bool unit_dp4 = false);

}  // namespace xerosync::emulator
