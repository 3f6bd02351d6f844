#include "security/common_passwords.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "core/embedded_asset.hpp"

namespace tessera {
extern const EmbeddedAsset common_password_list[];
}  // namespace tessera

namespace tessera::security {
namespace {

// The embedded file's lines, sorted (the file is sorted already; sorting again keeps the
// lookups right should it ever be regenerated in another order).
const std::vector<std::string_view>& entries() {
  static const std::vector<std::string_view> list = [] {
    std::vector<std::string_view> lines;
    std::string_view text = common_password_list[0].data;
    while (!text.empty()) {
      const auto end = std::min(text.find('\n'), text.size());
      if (end > 0) lines.push_back(text.substr(0, end));
      text.remove_prefix(std::min(end + 1, text.size()));
    }
    std::ranges::sort(lines);
    const auto duplicates = std::ranges::unique(lines);
    lines.erase(duplicates.begin(), duplicates.end());
    return lines;
  }();
  return list;
}

char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

}  // namespace

bool is_common_password(std::string_view password) {
  std::string lower(password);
  std::ranges::transform(lower, lower.begin(), ascii_lower);
  return std::ranges::binary_search(entries(), std::string_view{lower});
}

std::size_t common_password_count() {
  return entries().size();
}

}  // namespace tessera::security
