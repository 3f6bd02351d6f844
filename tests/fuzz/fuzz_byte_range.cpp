// Feeds arbitrary Range header values to select_range. The input is
//   <body length in decimal> '\n' <header value>
// The answer must agree with a reference written differently (a regular expression over a
// short header), a partial range must lie inside the body, and writing a partial range back
// as "bytes=a-b" must select the same range.

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <regex>
#include <string>
#include <string_view>

#include "http/byte_range.hpp"

namespace {

using tessera::http::RangeSelection;
using tessera::http::select_range;
using Kind = RangeSelection::Kind;

constexpr auto kMax = std::numeric_limits<std::uint64_t>::max();

void check(bool condition) {
  if (!condition) __builtin_trap();
}

// Decimal digits, saturating at 2^64 - 1 like the parser.
std::uint64_t saturated(const std::string& digits) {
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  return error == std::errc::result_out_of_range ? kMax : value;
}

RangeSelection reference(const std::string& header, std::uint64_t total) {
  static const std::regex single(R"(^[ \t]*[Bb][Yy][Tt][Ee][Ss]=[ \t]*([0-9]*)-([0-9]*)[ \t]*$)");
  std::smatch m;
  if (total == 0 || !std::regex_match(header, m, single)) return {};
  const std::string first = m[1], last = m[2];
  if (first.empty() && last.empty()) return {};
  if (first.empty()) {
    const std::uint64_t n = saturated(last);
    if (n == 0) return {Kind::unsatisfiable, {}};
    return {Kind::partial, {n >= total ? 0 : total - n, total - 1}};
  }
  const std::uint64_t a = saturated(first);
  const std::uint64_t b = last.empty() ? kMax : saturated(last);
  if (b < a) return {};
  if (a >= total) return {Kind::unsatisfiable, {}};
  return {Kind::partial, {a, b >= total ? total - 1 : b}};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto newline = input.find('\n');
  if (newline == std::string_view::npos) return 0;
  std::uint64_t total = 0;
  const auto length = input.substr(0, newline);
  if (std::from_chars(length.data(), length.data() + length.size(), total).ec != std::errc())
    return 0;
  const std::string header(input.substr(newline + 1));

  const RangeSelection got = select_range(header, total);
  if (got.kind == Kind::partial) {
    check(got.range.first <= got.range.last && got.range.last < total);
    const std::string again =
        "bytes=" + std::to_string(got.range.first) + "-" + std::to_string(got.range.last);
    check(select_range(again, total) == got);
  } else {
    check(got.range == tessera::http::ByteRange{});
  }
  // std::regex recurses per character: keep the reference to short headers.
  if (header.size() <= 256) check(got == reference(header, total));
  return 0;
}
