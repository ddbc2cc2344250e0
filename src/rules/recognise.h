#pragma once
// Recognising Xero's validation messages (FACTS.md §5): each maps to a catalogue code
// (catalogue.h), with the value the message names (an account code, a tax type, a currency) when it
// names one. A message nobody recognises maps to "xero.validation", which keeps Xero's words.
//
//   Recognised r = RecogniseXeroMessage("Account code '999' is not a valid code for this
//   document.");
//   // r.code == "account.invalid_for_document", r.value == "999"
//
// Matching ignores case and does not depend on the exact punctuation at the end, since sources
// quote the same message with and without a final period.
//
// Thread safety: pure functions.

#include <string>
#include <string_view>

namespace xerosync::rules {

struct Recognised {
  std::string_view code;  // a catalogue code
  std::string value;      // what the message names, "" when nothing
};

Recognised RecogniseXeroMessage(std::string_view message);

}  // namespace xerosync::rules
