// Feeds arbitrary bytes to the .env parser: it must either parse them or throw DotenvError
// naming a line of the input, and what it returns must respect the format's rules and survive
// a round trip: the entries written back as a .env file, quoted, parse to the same entries.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <set>
#include <string>
#include <string_view>

#include "core/dotenv.hpp"

#include "json_compare.hpp"

namespace {

using tessera::core::DotenvEntries;

bool is_valid_key(std::string_view key) {
  const auto start = [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
  };
  const auto rest = [&](char c) { return start(c) || (c >= '0' && c <= '9'); };
  return !key.empty() && start(key.front()) && std::all_of(key.begin(), key.end(), rest);
}

// Single quotes take everything literally but "\r\n", which becomes "\n"; double quotes
// need \ " and \r escaped. Every other entry gets an `export ` prefix.
std::string render(const DotenvEntries& entries, bool prefer_single_quotes) {
  std::string text;
  bool export_prefix = false;
  for (const auto& [key, value] : entries) {
    if (export_prefix) text += "export ";
    export_prefix = !export_prefix;
    text += key;
    text += '=';
    if (prefer_single_quotes && value.find('\'') == std::string::npos &&
        value.find("\r\n") == std::string::npos) {
      text += '\'' + value + '\'';
    } else {
      text += '"';
      for (const char c : value) {
        if (c == '\\' || c == '"') {
          text += '\\';
          text += c;
        } else if (c == '\r') {
          text += "\\r";
        } else {
          text += c;
        }
      }
      text += '"';
    }
    text += '\n';
  }
  return text;
}

void check_round_trip(const DotenvEntries& entries, bool prefer_single_quotes) {
  const std::string text = render(entries, prefer_single_quotes);
  try {
    if (tessera::core::parse_dotenv(text) != entries)
      fuzz::round_trip_failed(prefer_single_quotes ? "single-quoted entries"
                                                   : "double-quoted entries");
  } catch (const tessera::core::DotenvError& e) {
    std::fprintf(stderr, "%s\n", e.what());
    fuzz::round_trip_failed("rendered entries rejected");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
  DotenvEntries entries;
  try {
    entries = tessera::core::parse_dotenv(text);
  } catch (const tessera::core::DotenvError& e) {
    if (e.line() == 0 || e.line() > lines) __builtin_trap();
    return 0;
  }
  std::set<std::string_view> keys;
  for (const auto& [key, value] : entries) {
    if (!is_valid_key(key) || !keys.insert(key).second) __builtin_trap();
    if (value.size() > text.size()) __builtin_trap();
  }
  check_round_trip(entries, false);
  check_round_trip(entries, true);
  return 0;
}
