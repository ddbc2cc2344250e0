#pragma once
// `xerosync import FILE`: documents from a file into the store, for the engine to sync
// (docs/sync.md, "The command line"). Two formats:
//
//  - JSON: {"documents":[{"kind":"invoice","host_id":"INV-1","operation":"upsert",
//    "payload":{...one Xero JSON element...},"parents":[{"kind":"contact","host_id":"c1",
//    "role":"contact"}]}, ...]} ("operation" and "parents" optional);
//  - CSV, as a finance admin exports it from a spreadsheet: one row per invoice line, in the
//    columns of Xero's own sales invoice import template (ContactName, EmailAddress, InvoiceNumber,
//    Reference, InvoiceDate, DueDate, Description, Quantity, UnitAmount, AccountCode, TaxType,
//    Currency; plus an optional Status). Rows with the same InvoiceNumber, one after another, make
//    one sales invoice; each contact name makes one contact document (host id "name:" + the name
//    in lower case), the invoices' parent.
//
// Every row (or JSON document) is checked on its own: one with a missing required value, a bad date
// or a bad amount (amounts are Decimals, never floating point) is reported with its line and column
// and left out, and the good ones are imported. An invoice with a bad line is left out whole (a
// partial invoice would be a wrong one). Documents go to Store::Accept in chunks; the file is read
// as a stream (a chunk at a time), so its size is not limited by memory. Progress goes to stderr.

#include <string>

#include "cli/connection_settings.h"

namespace xerosync::cli {

struct ImportOptions {
  ConnectionFlags connection;  // --data-dir
  std::string file;
  std::string org;        // tenant id or name; may be left out when the store has one organisation
  bool dry_run = false;   // check the file only; nothing is stored
  std::string format;     // "csv" or "json"; empty: from the file name's extension
  int chunk_size = 1000;  // documents per Store::Accept
  int progress_every = 10000;  // a progress line on stderr every this many documents
};

// Exit status: kExitOk when every row was imported; kExitFailed when any row was rejected (the
// good ones are imported), the file cannot be read as a whole, or the store refused; kExitBadUsage
// for bad settings, an unknown format, or no organisation chosen.
int RunImport(const ImportOptions& options, const CommandEnvironment& environment);

}  // namespace xerosync::cli
