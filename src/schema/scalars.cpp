#include "schema/scalars.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <limits>

#include "core/ascii.hpp"
#include "schema/constraints.hpp"

namespace tessera::schema::detail {
namespace {

std::string_view trim(std::string_view s) {
  constexpr std::string_view space = " \t\r\n\f\v";
  const auto first = s.find_first_not_of(space);
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(space) - first + 1);
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
      if (!text.empty() && result.ptr == end &&
          (result.ec == std::errc{} || result.ec == std::errc::result_out_of_range))
        return true;
      ctx.fail("float_parsing",
               "Input should be a valid number, unable to parse string as a number", &in);
      return false;
    }
    default:
      ctx.fail("float_type", "Input should be a valid number", &in);
      return false;
  }
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
