#include "schema/email.hpp"

#include <cstddef>

namespace tessera::schema {
namespace {

constexpr std::size_t max_email_length = 254;

bool is_ascii_alnum(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// RFC 5322 "atext" plus '.', and any non-ASCII byte (internationalised local parts).
bool is_local_char(unsigned char c) {
  if (c >= 0x80 || is_ascii_alnum(c)) return true;
  static constexpr std::string_view specials = "!#$%&'*+-/=?^_`{|}~.";
  return specials.find(static_cast<char>(c)) != std::string_view::npos;
}

// Letters, digits, hyphens and dots; non-ASCII bytes for internationalised domains.
bool is_domain_char(unsigned char c) {
  return c >= 0x80 || is_ascii_alnum(c) || c == '-' || c == '.';
}

std::size_t code_points(std::string_view text) {
  std::size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

std::string quoted(unsigned char c) {
  if (c == ' ') return "SPACE";
  if (c < 0x20 || c == 0x7f) return "control characters";
  return std::string("'") + static_cast<char>(c) + "'";
}

std::optional<std::string> dots_problem(std::string_view part, bool is_domain) {
  if (part.front() == '.')
    return is_domain ? "An email address cannot have a period immediately after the @-sign."
                     : "An email address cannot start with a period.";
  if (part.back() == '.')
    return is_domain ? "An email address cannot end with a period."
                     : "An email address cannot have a period immediately before the @-sign.";
  if (part.find("..") != std::string_view::npos)
    return "An email address cannot have two periods in a row.";
  return std::nullopt;
}

}  // namespace

std::optional<std::string> email_problem(std::string_view address) {
  const auto at = address.find('@');
  if (at == std::string_view::npos) return "An email address must have an @-sign.";
  if (address.find('@', at + 1) != std::string_view::npos)
    return "The email address is not valid. It must have exactly one @-sign.";
  const auto local = address.substr(0, at);
  const auto domain = address.substr(at + 1);
  if (local.empty()) return "There must be something before the @-sign.";
  if (domain.empty()) return "There must be something after the @-sign.";
  for (unsigned char c : local)
    if (!is_local_char(c))
      return "The email address contains invalid characters before the @-sign: " + quoted(c) + ".";
  for (unsigned char c : domain)
    if (!is_domain_char(c))
      return "The part after the @-sign contains invalid characters: " + quoted(c) + ".";
  if (auto problem = dots_problem(local, false)) return problem;
  if (auto problem = dots_problem(domain, true)) return problem;
  if (domain.find('.') == std::string_view::npos)
    return "The part after the @-sign is not valid. It should have a period.";
  const auto length = code_points(address);
  if (length > max_email_length)
    return "The email address is too long (" + std::to_string(length - max_email_length) +
           (length - max_email_length == 1 ? " character" : " characters") + " too many).";
  return std::nullopt;
}

}  // namespace tessera::schema
