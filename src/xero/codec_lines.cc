// Line items (shared by invoices, credit notes and bank transactions) and bank transactions.
#include "xero/codecs.h"

namespace xerosync::xero {

using domain::BankTransaction;
using domain::LineItem;
using domain::LineTracking;

void Codec<LineTracking>::Decode(FieldReader& r, LineTracking& t) {
  t.category_id = r.IdOf<domain::TrackingCategoryId>("TrackingCategoryID");
  t.option_id = r.IdOf<domain::TrackingOptionId>("TrackingOptionID");
  t.name = r.String("Name");
  t.option = r.String("Option");
}

void Codec<LineTracking>::Encode(const LineTracking& t, FieldWriter& w) {
  w.IdOf("TrackingCategoryID", t.category_id);
  w.IdOf("TrackingOptionID", t.option_id);
  w.String("Name", t.name);
  w.String("Option", t.option);
}

void Codec<LineItem>::Decode(FieldReader& r, LineItem& l) {
  l.id = r.IdOf<domain::LineItemId>("LineItemID");
  l.description = r.String("Description");
  l.quantity = r.Amount("Quantity");
  l.unit_amount = r.Amount("UnitAmount");
  l.item_code = r.String("ItemCode");
  l.account_code = r.String("AccountCode");
  l.account_id = r.IdOf<domain::AccountId>("AccountID");
  l.tax_type = r.String("TaxType");
  l.tax_amount = r.Amount("TaxAmount");
  l.line_amount = r.Amount("LineAmount");
  l.discount_rate = r.Amount("DiscountRate");
  l.discount_amount = r.Amount("DiscountAmount");
  r.Array("Tracking", l.tracking);
  // Not modelled: the Item object echoes ItemCode; US sales-tax details (Taxability,
  // SalesTaxCodeId, TaxBreakdown) and the repeating-invoice link are not synced by xerosync.
  r.Skip({"Item", "RepeatingInvoiceID", "Taxability", "SalesTaxCodeId", "TaxBreakdown"});
}

void Codec<LineItem>::Encode(const LineItem& l, FieldWriter& w) {
  w.IdOf("LineItemID", l.id);
  w.String("Description", l.description);
  w.Amount("Quantity", l.quantity);
  w.Amount("UnitAmount", l.unit_amount);
  w.String("ItemCode", l.item_code);
  w.String("AccountCode", l.account_code);
  w.IdOf("AccountID", l.account_id);
  w.String("TaxType", l.tax_type);
  w.Amount("TaxAmount", l.tax_amount);
  w.Amount("LineAmount", l.line_amount);
  w.Amount("DiscountRate", l.discount_rate);
  w.Amount("DiscountAmount", l.discount_amount);
  w.Array("Tracking", l.tracking, EncodeMode::kRequest);
}

void DecodeTotals(FieldReader& r, domain::ReportedTotals& totals) {
  totals.sub_total = r.Amount("SubTotal");
  totals.total_tax = r.Amount("TotalTax");
  totals.total = r.Amount("Total");
}

void EncodeTotals(const domain::ReportedTotals& totals, FieldWriter& w) {
  w.Amount("SubTotal", totals.sub_total);
  w.Amount("TotalTax", totals.total_tax);
  w.Amount("Total", totals.total);
}

void Codec<BankTransaction>::Decode(FieldReader& r, BankTransaction& b) {
  b.id = r.IdOf<domain::BankTransactionId>("BankTransactionID");
  b.type = r.Enum<domain::BankTransactionType>("Type");
  r.Object("Contact", b.contact);
  r.Array("LineItems", b.line_items);
  r.Object("BankAccount", b.bank_account);
  b.is_reconciled = r.Bool("IsReconciled");
  b.date = r.Date("Date");
  b.reference = r.String("Reference");
  b.currency_code = r.String("CurrencyCode");
  b.currency_rate = r.Amount("CurrencyRate");
  b.url = r.String("Url");
  b.status = r.Enum<domain::BankTransactionStatus>("Status");
  b.line_amount_types = r.Enum<domain::LineAmountType>("LineAmountTypes");
  DecodeTotals(r, b.totals);
  b.prepayment_id = r.String("PrepaymentID");
  b.overpayment_id = r.String("OverpaymentID");
  b.has_attachments = r.Bool("HasAttachments");
  b.updated_at = r.Timestamp("UpdatedDateUTC");
  // Not modelled: DateString repeats Date; attachments and batch payments are not synced.
  r.Skip({"DateString", "UpdatedDateUTCString", "Attachments", "BatchPayment"});
}

void Codec<BankTransaction>::Encode(const BankTransaction& b, FieldWriter& w) {
  w.IdOf("BankTransactionID", b.id);
  if (w.reference()) return;
  w.Enum("Type", b.type);
  w.Object("Contact", b.contact, EncodeMode::kReference);
  w.Array("LineItems", b.line_items, EncodeMode::kRequest);
  w.Object("BankAccount", b.bank_account, EncodeMode::kReference);
  w.Bool("IsReconciled", b.is_reconciled);
  w.Date("Date", b.date);
  w.String("Reference", b.reference);
  w.String("CurrencyCode", b.currency_code);
  w.Amount("CurrencyRate", b.currency_rate);
  w.String("Url", b.url);
  w.Enum("Status", b.status);
  w.Enum("LineAmountTypes", b.line_amount_types);
  if (w.snapshot()) {
    EncodeTotals(b.totals, w);
    w.String("PrepaymentID", b.prepayment_id);
    w.String("OverpaymentID", b.overpayment_id);
    w.Bool("HasAttachments", b.has_attachments);
    w.Timestamp("UpdatedDateUTC", b.updated_at);
  }
}

}  // namespace xerosync::xero
