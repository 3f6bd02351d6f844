#include "schema/constraints.hpp"

#include <charconv>
#include <cmath>

#include <boost/json/array.hpp>

#include "core/email_address.hpp"
#include "schema/email.hpp"

namespace tessera::schema::detail {
namespace {

std::size_t code_points(std::string_view text) {
  std::size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

std::string plural(std::size_t n, std::string_view word) {
  return std::to_string(n) + " " + std::string(word) + (n == 1 ? "" : "s");
}

}  // namespace

std::string number_text(const boost::json::value& number) {
  if (number.is_int64()) return std::to_string(number.get_int64());
  if (number.is_uint64()) return std::to_string(number.get_uint64());
  if (!number.is_double()) return "?";
  const double d = number.get_double();
  if (std::isnan(d)) return "nan";
  if (std::isinf(d)) return d > 0 ? "inf" : "-inf";
  char buf[64];
  const auto result = std::to_chars(buf, buf + sizeof buf, d);
  std::string out(buf, result.ptr);
  if (out.find_first_of(".e") == std::string::npos) out += ".0";
  return out;
}

std::string expected_text(std::span<const std::string_view> allowed) {
  std::string out;
  for (std::size_t i = 0; i < allowed.size(); ++i) {
    if (i > 0) out += i + 1 == allowed.size() ? " or " : ", ";
    out += "'" + std::string(allowed[i]) + "'";
  }
  return out;
}

bool check_string_length(const std::string& value, std::size_t min, std::size_t max,
                         DecodeContext& ctx) {
  const std::size_t n = code_points(value);
  if (n >= min && n <= max) return true;
  const boost::json::value input(boost::json::string(value.data(), value.size()));
  if (n < min)
    ctx.fail("string_too_short", "String should have at least " + plural(min, "character"), &input,
             {{"min_length", min}});
  else
    ctx.fail("string_too_long", "String should have at most " + plural(max, "character"), &input,
             {{"max_length", max}});
  return false;
}

bool check_list_length(std::size_t size, std::size_t min, std::size_t max, DecodeContext& ctx) {
  if (size >= min && size <= max) return true;
  if (size < min)
    ctx.fail("too_short",
             "List should have at least " + plural(min, "item") + " after validation, not " +
                 std::to_string(size),
             nullptr, {{"field_type", "List"}, {"min_length", min}, {"actual_length", size}});
  else
    ctx.fail("too_long",
             "List should have at most " + plural(max, "item") + " after validation, not " +
                 std::to_string(size),
             nullptr, {{"field_type", "List"}, {"max_length", max}, {"actual_length", size}});
  return false;
}

bool check_email(std::string& value, DecodeContext& ctx) {
  if (auto problem = email_problem(value)) {
    const boost::json::value input(boost::json::string(value.data(), value.size()));
    ctx.fail("value_error", "value is not a valid email address: " + *problem, &input,
             {{"reason", *problem}});
    return false;
  }
  value = core::normalize_email(value);
  return true;
}

bool check_one_of(const std::string& value, std::span<const std::string_view> allowed,
                  DecodeContext& ctx) {
  for (auto candidate : allowed)
    if (candidate == value) return true;
  const auto expected = expected_text(allowed);
  const boost::json::value input(boost::json::string(value.data(), value.size()));
  ctx.fail("literal_error", "Input should be " + expected, &input, {{"expected", expected}});
  return false;
}

bool check_not_refused(const std::string& value, bool (*refused)(std::string_view),
                       std::string_view type, std::string_view message, DecodeContext& ctx) {
  if (!refused(value)) return true;
  const boost::json::value input(boost::json::string(value.data(), value.size()));
  ctx.fail(type, std::string(message), &input, {});
  return false;
}

void report_bound(BoundKind kind, const boost::json::value& limit, boost::json::value input,
                  DecodeContext& ctx) {
  const auto text = number_text(limit);
  switch (kind) {
    case BoundKind::ge:
      ctx.fail("greater_than_equal", "Input should be greater than or equal to " + text, &input,
               {{"ge", limit}});
      break;
    case BoundKind::gt:
      ctx.fail("greater_than", "Input should be greater than " + text, &input, {{"gt", limit}});
      break;
    case BoundKind::le:
      ctx.fail("less_than_equal", "Input should be less than or equal to " + text, &input,
               {{"le", limit}});
      break;
    case BoundKind::lt:
      ctx.fail("less_than", "Input should be less than " + text, &input, {{"lt", limit}});
      break;
  }
}

void annotate_length(boost::json::object& schema, bool is_list, std::size_t min, std::size_t max) {
  if (min > 0) schema[is_list ? "minItems" : "minLength"] = min;
  if (max != unbounded) schema[is_list ? "maxItems" : "maxLength"] = max;
}

void annotate_bound(boost::json::object& schema, BoundKind kind, const boost::json::value& limit) {
  switch (kind) {
    case BoundKind::ge:
      schema["minimum"] = limit;
      break;
    case BoundKind::gt:
      schema["exclusiveMinimum"] = limit;
      break;
    case BoundKind::le:
      schema["maximum"] = limit;
      break;
    case BoundKind::lt:
      schema["exclusiveMaximum"] = limit;
      break;
  }
}

void annotate_one_of(boost::json::object& schema, std::span<const std::string_view> allowed) {
  boost::json::array values;
  for (auto v : allowed) values.emplace_back(boost::json::string(v));
  schema["enum"] = std::move(values);
}

}  // namespace tessera::schema::detail
