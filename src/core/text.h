#pragma once
// Small text helpers for ASCII identifiers (codes, names, header and member names), which Xero and
// HTTP compare without regard to letter case. ASCII only, whatever the locale: bytes outside A-Z
// are compared as they are.
//
// Thread safety: pure functions.

#include <string>
#include <string_view>

namespace xerosync {

constexpr char AsciiLower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

constexpr bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a == b) return true;  // the usual case, and a cheap one
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
  }
  return true;
}

// `text` with A-Z made a-z.
inline std::string AsciiLowered(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = AsciiLower(c);
  return out;
}

}  // namespace xerosync
