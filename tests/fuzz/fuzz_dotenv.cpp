// Feeds arbitrary bytes to the .env parser: it must either parse them or throw DotenvError,
// and what it returns must respect the format's rules.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <set>
#include <string_view>

#include "core/dotenv.hpp"

namespace {

bool is_valid_key(std::string_view key) {
  const auto start = [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
  };
  const auto rest = [&](char c) { return start(c) || (c >= '0' && c <= '9'); };
  return !key.empty() && start(key.front()) && std::all_of(key.begin(), key.end(), rest);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
  try {
    std::set<std::string_view> keys;
    for (const auto& [key, value] : tessera::core::parse_dotenv(text)) {
      if (!is_valid_key(key) || !keys.insert(key).second) __builtin_trap();
      if (value.size() > text.size()) __builtin_trap();
    }
  } catch (const tessera::core::DotenvError& e) {
    if (e.line() == 0 || e.line() > lines) __builtin_trap();
  }
  return 0;
}
