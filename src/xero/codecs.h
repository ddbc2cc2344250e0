#pragma once
// The codecs between Xero's JSON and the domain types, one specialisation of Codec<T> per type.
//
// Each codec names, in its .cc file, the JSON members it reads and writes, and the members it
// deliberately does not model (FieldReader::Skip) with the reason. Anything else Xero sends is
// reported as unknown, never dropped silently (tests/xero_spec_examples_test.cc checks this over
// every example in Xero's OpenAPI spec).

#include <string_view>

#include "domain/bank_transaction.h"
#include "domain/contact.h"
#include "domain/documents.h"
#include "domain/line_item.h"
#include "domain/settings.h"
#include "xero/wire_reader.h"
#include "xero/wire_writer.h"

namespace xerosync::xero {

#define XEROSYNC_DECLARE_CODEC(Type, Plural)                    \
  template <>                                                   \
  struct Codec<Type> {                                          \
    static constexpr std::string_view kPlural = Plural;         \
    static void Decode(FieldReader& reader, Type& out);         \
    static void Encode(const Type& value, FieldWriter& writer); \
  }

XEROSYNC_DECLARE_CODEC(domain::Address, "Addresses");
XEROSYNC_DECLARE_CODEC(domain::Phone, "Phones");
XEROSYNC_DECLARE_CODEC(domain::Contact, "Contacts");
XEROSYNC_DECLARE_CODEC(domain::LineTracking, "Tracking");
XEROSYNC_DECLARE_CODEC(domain::LineItem, "LineItems");
XEROSYNC_DECLARE_CODEC(domain::Invoice, "Invoices");
XEROSYNC_DECLARE_CODEC(domain::CreditNote, "CreditNotes");
XEROSYNC_DECLARE_CODEC(domain::Allocation, "Allocations");
XEROSYNC_DECLARE_CODEC(domain::Payment, "Payments");
XEROSYNC_DECLARE_CODEC(domain::BankTransaction, "BankTransactions");
XEROSYNC_DECLARE_CODEC(domain::Account, "Accounts");
XEROSYNC_DECLARE_CODEC(domain::TaxComponent, "TaxComponents");
XEROSYNC_DECLARE_CODEC(domain::TaxRate, "TaxRates");
XEROSYNC_DECLARE_CODEC(domain::Currency, "Currencies");
XEROSYNC_DECLARE_CODEC(domain::TrackingOption, "Options");
XEROSYNC_DECLARE_CODEC(domain::TrackingCategory, "TrackingCategories");
XEROSYNC_DECLARE_CODEC(domain::Organisation, "Organisations");

#undef XEROSYNC_DECLARE_CODEC

// SubTotal, TotalTax and Total, which every document with lines carries (read-only in Xero).
void DecodeTotals(FieldReader& reader, domain::ReportedTotals& totals);
void EncodeTotals(const domain::ReportedTotals& totals, FieldWriter& writer);

}  // namespace xerosync::xero
