#pragma once
// Small text helpers for ASCII identifiers (codes, names, headers), where Xero and HTTP compare
// without regard to letter case. Not for general Unicode text.
//
// Thread safety: pure functions.

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

namespace xerosync {

inline char AsciiLower(char c) {
  return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

inline bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  return std::ranges::equal(a, b, [](char x, char y) { return AsciiLower(x) == AsciiLower(y); });
}

// `text` with A-Z made a-z.
inline std::string AsciiLowered(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = AsciiLower(c);
  return out;
}

}  // namespace xerosync
