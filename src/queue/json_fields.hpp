#pragma once
// Typed reads of JSON fields for the message and result decoders: each one either returns
// the value or throws MessageError naming the field, so the decoders stay declarative.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "core/timestamp.hpp"
#include "core/uuid.hpp"
#include "queue/message_error.hpp"

namespace tessera::queue::detail {

[[noreturn]] void fail(std::string_view field, std::string_view reason);

// Parses `text` as one JSON value; `what` names the text in the error. A number too large for
// a double (parsed as an infinity, which JSON cannot write back) is refused too.
boost::json::value parse_json(std::string_view text, std::string_view what);

const boost::json::object& as_object(const boost::json::value& value, std::string_view field);

// A missing key and a JSON null are both "absent".
const boost::json::value* find_present(const boost::json::object& object, std::string_view key);

std::string_view required_string(const boost::json::object& object, std::string_view key,
                                 std::string_view field);
std::optional<std::string_view> optional_string(const boost::json::object& object,
                                                std::string_view key, std::string_view field);
std::optional<std::int64_t> optional_integer(const boost::json::object& object,
                                             std::string_view key, std::string_view field);
core::Uuid required_uuid(const boost::json::object& object, std::string_view key,
                         std::string_view field);
std::optional<core::Uuid> optional_uuid(const boost::json::object& object, std::string_view key,
                                        std::string_view field);
std::optional<core::Timestamp> optional_time(const boost::json::object& object,
                                             std::string_view key, std::string_view field);

// Python's datetime.isoformat() of an aware UTC time ("...+00:00"), which every Celery
// version reads.
std::string format_iso8601(core::Timestamp t);
// ISO 8601 with an offset, or naive (as datetime.utcnow().isoformat() writes), taken as UTC.
std::optional<core::Timestamp> parse_iso8601(std::string_view text);

}  // namespace tessera::queue::detail
