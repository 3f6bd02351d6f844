#include "http/byte_range.hpp"

#include <limits>
#include <optional>

#include "core/text.hpp"

namespace tessera::http {
namespace {

constexpr auto kMax = std::numeric_limits<std::uint64_t>::max();

std::string_view trim_ows(std::string_view s) {
  return core::trim(s, " \t");
}

// 1*DIGIT; a value past 2^64 - 1 saturates, which means the same for every use here (past
// any body's end). nullopt when empty or not all digits.
std::optional<std::uint64_t> parse_digits(std::string_view s) {
  if (s.empty()) return std::nullopt;
  std::uint64_t value = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    const auto digit = static_cast<std::uint64_t>(c - '0');
    value = value > (kMax - digit) / 10 ? kMax : value * 10 + digit;
  }
  return value;
}

bool is_bytes_unit(std::string_view unit) {
  constexpr std::string_view bytes = "bytes";
  if (unit.size() != bytes.size()) return false;
  for (std::size_t i = 0; i < unit.size(); ++i) {
    const char c =
        unit[i] >= 'A' && unit[i] <= 'Z' ? static_cast<char>(unit[i] - 'A' + 'a') : unit[i];
    if (c != bytes[i]) return false;
  }
  return true;
}

}  // namespace

RangeSelection select_range(std::string_view header, std::uint64_t total) {
  constexpr RangeSelection whole{};
  constexpr RangeSelection unsatisfiable{.kind = RangeSelection::Kind::unsatisfiable};
  header = trim_ows(header);
  const auto equals = header.find('=');
  if (equals == std::string_view::npos || total == 0) return whole;
  if (!is_bytes_unit(header.substr(0, equals))) return whole;
  const std::string_view spec = trim_ows(header.substr(equals + 1));
  const auto dash = spec.find('-');
  // A comma means several ranges: sending them would take multipart/byteranges.
  if (dash == std::string_view::npos || spec.find(',') != std::string_view::npos) return whole;
  const std::string_view first_text = spec.substr(0, dash);
  const std::string_view last_text = spec.substr(dash + 1);

  if (first_text.empty()) {  // "-n": the last n bytes
    const auto suffix = parse_digits(last_text);
    if (!suffix) return whole;
    if (*suffix == 0) return unsatisfiable;
    const std::uint64_t length = *suffix < total ? *suffix : total;
    return {RangeSelection::Kind::partial, {total - length, total - 1}};
  }
  const auto first = parse_digits(first_text);
  if (!first) return whole;
  std::uint64_t last = kMax;  // "a-": to the end
  if (!last_text.empty()) {
    const auto given = parse_digits(last_text);
    if (!given || *given < *first) return whole;  // b < a is invalid, not unsatisfiable
    last = *given;
  }
  if (*first >= total) return unsatisfiable;
  return {RangeSelection::Kind::partial, {*first, last < total ? last : total - 1}};
}

std::string content_range(const ByteRange& range, std::uint64_t total) {
  return "bytes " + std::to_string(range.first) + "-" + std::to_string(range.last) + "/" +
         std::to_string(total);
}

std::string unsatisfied_content_range(std::uint64_t total) {
  return "bytes */" + std::to_string(total);
}

}  // namespace tessera::http
