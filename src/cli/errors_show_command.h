#pragma once
// `xerosync errors show <id>` (docs/sync.md, "The command line"): one sync error in full — its
// code and title, the document, the message, Xero's own words, the fix and the section of
// docs/errors.md that explains it; with --diagnostics, only the bundle a user copies for support
// (rules/diagnostics.h: no payload, token, email, name or address).
//
// Exit statuses: kExitOk; kExitFailed for an unknown error or a store that refuses; kExitBadUsage
// for bad settings or a data directory without a database.

#include <cstdint>

#include "cli/connection_settings.h"

namespace xerosync::cli {

struct ErrorsShowOptions {
  ConnectionFlags connection;  // --data-dir
  int64_t id = 0;
  bool diagnostics = false;  // print the support bundle only
};
int RunErrorsShow(const ErrorsShowOptions& options, const CommandEnvironment& environment);

}  // namespace xerosync::cli
