#include "queue/json_fields.hpp"

#include <limits>

#include <boost/json/parse.hpp>

#include "core/json_numbers.hpp"

namespace tessera::queue::detail {

namespace json = boost::json;

void fail(std::string_view field, std::string_view reason) {
  std::string text(field);
  text += ": ";
  text += reason;
  throw MessageError(text);
}

json::value parse_json(std::string_view text, std::string_view what) {
  boost::system::error_code ec;
  json::value value = json::parse(text, ec);
  if (ec) fail(what, "not valid JSON (" + ec.message() + ")");
  // Boost.JSON reads 1e400 as an infinity, which the encoders could not write back.
  if (const auto path = core::find_non_finite(value))
    fail(what, "a number is too large for a double" +
                   (path->empty() ? std::string() : " at " + core::format_json_path(*path)));
  return value;
}

const json::object& as_object(const json::value& value, std::string_view field) {
  if (!value.is_object()) fail(field, "expected a JSON object");
  return value.get_object();
}

const json::value* find_present(const json::object& object, std::string_view key) {
  const json::value* value = object.if_contains(key);
  return value == nullptr || value->is_null() ? nullptr : value;
}

std::optional<std::string_view> optional_string(const json::object& object, std::string_view key,
                                                std::string_view field) {
  const json::value* value = find_present(object, key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_string()) fail(field, "expected a string");
  return std::string_view(value->get_string());
}

std::string_view required_string(const json::object& object, std::string_view key,
                                 std::string_view field) {
  const auto value = optional_string(object, key, field);
  if (!value) fail(field, "missing");
  return *value;
}

std::optional<std::int64_t> optional_integer(const json::object& object, std::string_view key,
                                             std::string_view field) {
  const json::value* value = find_present(object, key);
  if (value == nullptr) return std::nullopt;
  if (value->is_int64()) return value->get_int64();
  if (value->is_uint64() &&
      value->get_uint64() <= std::uint64_t(std::numeric_limits<std::int64_t>::max()))
    return static_cast<std::int64_t>(value->get_uint64());
  fail(field, "expected an integer");
}

std::optional<core::Uuid> optional_uuid(const json::object& object, std::string_view key,
                                        std::string_view field) {
  const auto text = optional_string(object, key, field);
  if (!text) return std::nullopt;
  const auto uuid = core::Uuid::parse(*text);
  if (!uuid) fail(field, "expected a UUID, got \"" + std::string(text->substr(0, 64)) + "\"");
  return uuid;
}

core::Uuid required_uuid(const json::object& object, std::string_view key, std::string_view field) {
  const auto uuid = optional_uuid(object, key, field);
  if (!uuid) fail(field, "missing");
  return *uuid;
}

std::optional<core::Timestamp> optional_time(const json::object& object, std::string_view key,
                                             std::string_view field) {
  const auto text = optional_string(object, key, field);
  if (!text) return std::nullopt;
  const auto time = parse_iso8601(*text);
  if (!time)
    fail(field,
         "expected an ISO 8601 date and time, got \"" + std::string(text->substr(0, 64)) + "\"");
  return time;
}

std::string format_iso8601(core::Timestamp t) {
  std::string text = core::format_rfc3339(t);
  text.pop_back();  // the 'Z'
  text += "+00:00";
  return text;
}

namespace {

std::optional<core::Timestamp> parse_with_offset(std::string_view text) {
  if (auto time = core::parse_rfc3339(text)) return time;
  // Without an offset: only the plain "YYYY-MM-DDTHH:MM:SS[.f]" form, never a second suffix.
  if (text.empty() || text.back() < '0' || text.back() > '9') return std::nullopt;
  std::string utc(text);
  utc += 'Z';
  return core::parse_rfc3339(utc);
}

}  // namespace

std::optional<core::Timestamp> parse_iso8601(std::string_view text) {
  const auto time = parse_with_offset(text);
  if (!time) return std::nullopt;
  // parse_rfc3339 keeps to years 0000-9999; Python's datetime has no year 0 either, and an
  // offset can move a time into it.
  const std::chrono::year_month_day day{std::chrono::floor<std::chrono::days>(*time)};
  if (day.year() < std::chrono::year{1} || day.year() > std::chrono::year{9999})
    return std::nullopt;
  return time;
}

}  // namespace tessera::queue::detail
