#pragma once
// Turning request bytes into values the decoders read: JSON with a depth limit, and
// application/x-www-form-urlencoded pairs (form bodies and query strings).

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/value.hpp>

namespace tessera::schema {

// Deeper documents are refused, so no input can exhaust the stack of anything that walks
// the parsed value recursively.
inline constexpr std::size_t max_json_depth = 64;

// Parses `body` as one JSON document. Throws ValidationError with one `json_invalid` item at
// loc ["body"] when it is not JSON or nests deeper than max_json_depth.
boost::json::value parse_json_body(std::string_view body);

// True when `body` holds nothing but JSON whitespace: FastAPI reads that as a missing body.
bool is_blank(std::string_view body);

using FieldPairs = std::vector<std::pair<std::string, std::string>>;

// "a=1&b=x+y%21": '+' is a space, %XX a byte; empty segments are skipped and a name without
// '=' has an empty value. Invalid UTF-8 after decoding becomes U+FFFD. Throws
// ValidationError with one `form_invalid` item at loc ["body"] for a malformed %-escape.
FieldPairs parse_form_body(std::string_view body);

// The same for a query string, except that a malformed %-escape is kept as it is written,
// as Starlette does: a query string always parses.
FieldPairs parse_query_string(std::string_view query);

// Throws ValidationError with one item at loc ["body"] of `type` ("json_invalid",
// "form_invalid", "multipart_invalid"), `msg` and ctx {"error": reason}: a body that does not
// parse at all.
[[noreturn]] void throw_body_error(std::string_view type, std::string_view msg,
                                   std::string_view reason);

namespace detail {
// Thrown for an empty JSON body or a JSON `null` where a value is required.
[[noreturn]] void throw_missing_body();
}  // namespace detail

}  // namespace tessera::schema
