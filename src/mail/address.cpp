#include "mail/address.hpp"

namespace tessera::mail {
namespace {

constexpr std::size_t max_address_length = 254;  // RFC 5321 4.5.3.1.3's path, less "<>"
constexpr std::string_view forbidden = "<>()[],;:\\\"";

bool is_allowed(unsigned char c) {
  return c > 0x20 && c != 0x7f && forbidden.find(static_cast<char>(c)) == std::string_view::npos;
}

}  // namespace

bool is_plausible_address(std::string_view address) {
  if (address.empty() || address.size() > max_address_length) return false;
  for (unsigned char c : address)
    if (!is_allowed(c)) return false;
  const auto at = address.find('@');
  if (at == std::string_view::npos || at == 0 ||
      address.find('@', at + 1) != std::string_view::npos)
    return false;
  const auto domain = address.substr(at + 1);
  return !domain.empty() && !domain.starts_with('.') && !domain.ends_with('.') &&
         domain.find("..") == std::string_view::npos;
}

}  // namespace tessera::mail
