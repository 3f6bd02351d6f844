#pragma once
// ASCII case folding, independent of the locale: protocol tokens (header names, schemes,
// SQL keywords) and the email normalisation compare this way, never through std::tolower.

#include <algorithm>
#include <string>
#include <string_view>

namespace tessera::core {

constexpr char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

inline std::string ascii_lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](char c) { return ascii_lower(c); });
  return out;
}

// Equal when compared without ASCII case.
constexpr bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return ascii_lower(x) == ascii_lower(y);
         });
}

}  // namespace tessera::core
