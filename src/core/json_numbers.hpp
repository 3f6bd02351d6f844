#pragma once
// Numbers of parsed JSON that JSON cannot write back. Boost.JSON (1.81) parses a number too
// large for a double (1e400, even 1.7976931348623158e308) as an infinity without an error, and
// serialising one then writes `Infinity`, which is not JSON. Whatever reads JSON from outside
// checks the value with find_non_finite and refuses it.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <boost/json/value.hpp>

namespace tessera::core {

// One step into a JSON value: an object key (viewing the value's own key) or an array index.
using JsonPathStep = std::variant<std::string_view, std::size_t>;
using JsonPath = std::vector<JsonPathStep>;

// The path to the first infinite or NaN double in `value`, in document order (empty when
// `value` is that double), or nothing when every number is finite. Iterative: any depth.
std::optional<JsonPath> find_non_finite(const boost::json::value& value);

// `[0]["key"][2]`, keys written as JSON strings (cut after 32 bytes): for error messages.
std::string format_json_path(const JsonPath& path);

}  // namespace tessera::core
