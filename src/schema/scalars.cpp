#include "schema/scalars.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <variant>

#include "core/ascii.hpp"
#include "core/json_numbers.hpp"
#include "core/text.hpp"
#include "schema/constraints.hpp"

namespace tessera::schema::detail {
namespace {

std::string_view trim(std::string_view s) {
  return core::trim(s, " \t\r\n\f\v");
}

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Sign and magnitude of an integer; `overflow` when it does not fit in 64 bits.
struct Wide {
  bool negative = false;
  std::uint64_t magnitude = 0;
  bool overflow = false;
};

enum class IntRead { ok, not_integer, fractional, unparsable };

IntRead read_integer(const boost::json::value& in, Wide& out) {
  switch (in.kind()) {
    case boost::json::kind::bool_:
      out.magnitude = in.get_bool() ? 1 : 0;
      return IntRead::ok;
    case boost::json::kind::int64: {
      const auto v = in.get_int64();
      out.negative = v < 0;
      out.magnitude = v < 0 ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
      return IntRead::ok;
    }
    case boost::json::kind::uint64:
      out.magnitude = in.get_uint64();
      return IntRead::ok;
    case boost::json::kind::double_: {
      const double d = in.get_double();
      if (std::isinf(d)) {
        out.negative = d < 0;
        out.overflow = true;
        return IntRead::ok;
      }
      if (std::isnan(d) || d != std::trunc(d)) return IntRead::fractional;
      out.negative = d < 0;
      const double m = std::fabs(d);
      if (m >= 18446744073709551616.0) {
        out.overflow = true;
      } else {
        out.magnitude = static_cast<std::uint64_t>(m);
      }
      return IntRead::ok;
    }
    case boost::json::kind::string: {
      auto text = trim(in.get_string());
      if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
        out.negative = text.front() == '-';
        text.remove_prefix(1);
      }
      if (text.empty() || text.front() < '0' || text.front() > '9') return IntRead::unparsable;
      const auto* end = text.data() + text.size();
      const auto result = std::from_chars(text.data(), end, out.magnitude);
      if (result.ptr != end) return IntRead::unparsable;
      if (result.ec == std::errc::result_out_of_range) {
        out.overflow = true;
      } else if (out.magnitude == 0) {
        out.negative = false;
      }
      return IntRead::ok;
    }
    default:
      return IntRead::not_integer;
  }
}

// For a decimal text that from_chars found out of a double's range: whether it is too large
// (an overflow) rather than too small (an underflow). The decimal exponent of the first
// significant digit plus the written exponent tells them apart.
bool overflows(std::string_view text) {
  if (!text.empty() && text.front() == '-') text.remove_prefix(1);
  const auto e = text.find_first_of("eE");
  const auto mantissa = text.substr(0, e);
  long long exponent = 0;
  if (e != std::string_view::npos) {
    auto digits = text.substr(e + 1);
    const bool negative = !digits.empty() && digits.front() == '-';
    if (!digits.empty() && (digits.front() == '-' || digits.front() == '+'))
      digits.remove_prefix(1);
    for (const char c : digits) exponent = std::min(exponent * 10 + (c - '0'), 1'000'000'000LL);
    if (negative) exponent = -exponent;
  }
  const auto point = mantissa.find('.');
  const auto integer = mantissa.substr(0, point);
  long long lead = 0;
  if (const auto first = integer.find_first_not_of('0'); first != std::string_view::npos) {
    lead = static_cast<long long>(integer.size() - first) - 1;
  } else {
    const auto fraction =
        point == std::string_view::npos ? std::string_view{} : mantissa.substr(point + 1);
    lead = -static_cast<long long>(fraction.find_first_not_of('0')) - 1;
  }
  return lead + exponent > 0;
}

void fail_finite_number(DecodeContext& ctx) {
  ctx.fail("finite_number", "Input should be a finite number");
}

// Bytes in the UTF-8 sequence that starts with `lead` (the text is valid UTF-8).
std::size_t utf8_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xF0) return 4;
  if (lead >= 0xE0) return 3;
  return 2;
}

std::string uuid_reason(std::string_view text) {
  std::size_t position = 0;  // in characters, as pydantic counts
  for (std::size_t i = 0; i < text.size(); i += utf8_length(static_cast<unsigned char>(text[i]))) {
    ++position;
    if (is_hex(text[i]) || text[i] == '-') continue;
    const auto character = text.substr(i, utf8_length(static_cast<unsigned char>(text[i])));
    return "invalid character: expected an optional prefix of `urn:uuid:` followed by "
           "[0-9a-fA-F-], found `" +
           std::string(character) + "` at " + std::to_string(position);
  }
  if (text.find('-') == std::string_view::npos)
    return "invalid length: expected length 32 for simple format, found " +
           std::to_string(text.size());
  return "invalid group length: expected 8-4-4-4-12 hexadecimal digits";
}

}  // namespace

bool decode_string(const boost::json::value& in, std::string& out, DecodeContext& ctx) {
  const auto* s = in.if_string();
  if (!s) {
    ctx.fail("string_type", "Input should be a valid string", &in);
    return false;
  }
  // PostgreSQL text cannot hold NUL; refusing it here keeps it from becoming a server error.
  if (s->find('\0') != boost::json::string::npos) {
    ctx.fail("value_error", "Value error, string must not contain NUL characters", &in,
             {{"error", "string must not contain NUL characters"}});
    return false;
  }
  out.assign(s->data(), s->size());
  return true;
}

bool decode_bool(const boost::json::value& in, bool& out, DecodeContext& ctx) {
  static constexpr std::array<std::string_view, 6> truthy{"1", "on", "t", "true", "y", "yes"};
  static constexpr std::array<std::string_view, 6> falsy{"0", "off", "f", "false", "n", "no"};
  if (in.is_bool()) {
    out = in.get_bool();
    return true;
  }
  if (in.is_int64() || in.is_uint64()) {
    const bool zero = in.is_int64() ? in.get_int64() == 0 : in.get_uint64() == 0;
    const bool one = in.is_int64() ? in.get_int64() == 1 : in.get_uint64() == 1;
    if (zero || one) {
      out = one;
      return true;
    }
  } else if (const auto* s = in.if_string()) {
    const auto text = trim(*s);
    for (auto word : truthy)
      if (core::iequals(text, word)) return out = true, true;
    for (auto word : falsy)
      if (core::iequals(text, word)) return out = false, true;
  } else {
    ctx.fail("bool_type", "Input should be a valid boolean", &in);
    return false;
  }
  ctx.fail("bool_parsing", "Input should be a valid boolean, unable to interpret input", &in);
  return false;
}

bool decode_integer(const boost::json::value& in, std::int64_t min, std::uint64_t max,
                    bool& negative, std::uint64_t& magnitude, DecodeContext& ctx) {
  Wide wide;
  switch (read_integer(in, wide)) {
    case IntRead::ok:
      break;
    case IntRead::not_integer:
      ctx.fail("int_type", "Input should be a valid integer", &in);
      return false;
    case IntRead::fractional:
      ctx.fail("int_from_float",
               "Input should be a valid integer, got a number with a fractional part", &in);
      return false;
    case IntRead::unparsable:
      ctx.fail("int_parsing",
               "Input should be a valid integer, unable to parse string as an integer", &in);
      return false;
  }
  const std::uint64_t min_magnitude = min < 0 ? 0 - static_cast<std::uint64_t>(min) : 0;
  if (wide.negative && (wide.overflow || wide.magnitude > min_magnitude)) {
    report_bound(BoundKind::ge, boost::json::value(min), in, ctx);
    return false;
  }
  if (!wide.negative && (wide.overflow || wide.magnitude > max)) {
    report_bound(BoundKind::le, boost::json::value(max), in, ctx);
    return false;
  }
  negative = wide.negative;
  magnitude = wide.magnitude;
  return true;
}

bool decode_double(const boost::json::value& in, double& out, DecodeContext& ctx) {
  switch (in.kind()) {
    case boost::json::kind::double_:
      // JSON has no infinities: this was a number too large for a double (1e400).
      if (!std::isfinite(in.get_double())) {
        fail_finite_number(ctx);
        return false;
      }
      out = in.get_double();
      return true;
    case boost::json::kind::int64:
      out = static_cast<double>(in.get_int64());
      return true;
    case boost::json::kind::uint64:
      out = static_cast<double>(in.get_uint64());
      return true;
    case boost::json::kind::bool_:
      out = in.get_bool() ? 1.0 : 0.0;
      return true;
    case boost::json::kind::string: {
      auto text = trim(in.get_string());
      if (!text.empty() && text.front() == '+') text.remove_prefix(1);
      const auto* end = text.data() + text.size();
      const auto result = std::from_chars(text.data(), end, out);
      if (!text.empty() && result.ptr == end && result.ec == std::errc{}) return true;
      if (!text.empty() && result.ptr == end && result.ec == std::errc::result_out_of_range) {
        // from_chars leaves `out` alone; Python's float() gives an infinity or a zero.
        const bool negative = text.front() == '-';
        out = overflows(text) ? std::numeric_limits<double>::infinity() : 0.0;
        if (negative) out = -out;
        return true;
      }
      ctx.fail("float_parsing",
               "Input should be a valid number, unable to parse string as a number", &in);
      return false;
    }
    default:
      ctx.fail("float_type", "Input should be a valid number", &in);
      return false;
  }
}

bool decode_any(const boost::json::value& in, boost::json::value& out, DecodeContext& ctx) {
  const auto path = core::find_non_finite(in);
  if (!path) {
    out = in;
    return true;
  }
  for (const core::JsonPathStep& step : *path) std::visit([&](auto s) { ctx.push(s); }, step);
  fail_finite_number(ctx);
  for (std::size_t i = 0; i < path->size(); ++i) ctx.pop();
  return false;
}

bool decode_uuid(const boost::json::value& in, core::Uuid& out, DecodeContext& ctx) {
  const auto* s = in.if_string();
  if (!s) {
    ctx.fail("uuid_type", "UUID input should be a string, bytes or UUID object", &in);
    return false;
  }
  std::string_view text = *s;
  std::string hyphenated;
  if (text.size() == 32) {  // the simple form, without hyphens
    hyphenated = std::string(text.substr(0, 8)) + "-" + std::string(text.substr(8, 4)) + "-" +
                 std::string(text.substr(12, 4)) + "-" + std::string(text.substr(16, 4)) + "-" +
                 std::string(text.substr(20));
  }
  if (auto uuid = core::Uuid::parse(hyphenated.empty() ? text : std::string_view(hyphenated))) {
    out = *uuid;
    return true;
  }
  ctx.fail("uuid_parsing", "Input should be a valid UUID, " + uuid_reason(text), &in,
           {{"error", uuid_reason(text)}});
  return false;
}

bool decode_timestamp(const boost::json::value& in, core::Timestamp& out, DecodeContext& ctx) {
  const auto* s = in.if_string();
  if (!s) {
    ctx.fail("datetime_type", "Input should be a valid datetime", &in);
    return false;
  }
  if (auto t = core::parse_rfc3339(*s)) {
    out = *t;
    return true;
  }
  const std::string reason =
      s->size() < 19 ? "input is too short" : "input is not an RFC 3339 date and time";
  ctx.fail("datetime_parsing", "Input should be a valid datetime, " + reason, &in,
           {{"error", reason}});
  return false;
}

bool decode_enum(const boost::json::value& in, std::span<const std::string_view> names,
                 std::size_t& index, DecodeContext& ctx) {
  if (const auto* s = in.if_string()) {
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (names[i] == std::string_view(*s)) {
        index = i;
        return true;
      }
    }
  }
  const auto expected = expected_text(names);
  ctx.fail("enum", "Input should be " + expected, &in, {{"expected", expected}});
  return false;
}

void fail_model_type(const boost::json::value& in, DecodeContext& ctx) {
  ctx.fail("model_attributes_type",
           "Input should be a valid dictionary or object to extract fields from", &in);
}

void fail_list_type(const boost::json::value& in, DecodeContext& ctx) {
  ctx.fail("list_type", "Input should be a valid list", &in);
}

void fail_dict_type(const boost::json::value& in, DecodeContext& ctx) {
  ctx.fail("dict_type", "Input should be a valid dictionary", &in);
}

}  // namespace tessera::schema::detail
