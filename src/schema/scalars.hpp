#pragma once
// Decoding of leaf values, in pydantic's lax mode: numbers and booleans are also accepted as
// strings (which is how query strings and form bodies carry them), but a number is never
// accepted as a string.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include <boost/json/value.hpp>

#include "core/timestamp.hpp"
#include "core/uuid.hpp"
#include "schema/decode_context.hpp"

namespace tessera::schema::detail {

bool decode_string(const boost::json::value& in, std::string& out, DecodeContext& ctx);
bool decode_bool(const boost::json::value& in, bool& out, DecodeContext& ctx);
// An integer in [min, max]; `negative` and `magnitude` give its value.
bool decode_integer(const boost::json::value& in, std::int64_t min, std::uint64_t max,
                    bool& negative, std::uint64_t& magnitude, DecodeContext& ctx);
// A JSON number that overflowed to an infinity is refused ("finite_number"); the text "inf",
// "-inf" or "nan", or a numeric text beyond a double's range, is ±inf or NaN, as in pydantic.
bool decode_double(const boost::json::value& in, double& out, DecodeContext& ctx);
bool decode_uuid(const boost::json::value& in, core::Uuid& out, DecodeContext& ctx);
bool decode_timestamp(const boost::json::value& in, core::Timestamp& out, DecodeContext& ctx);
// Any JSON (a boost::json::value field) without infinities, which JSON cannot write back: a
// number that overflowed is refused ("finite_number") at its own location.
bool decode_any(const boost::json::value& in, boost::json::value& out, DecodeContext& ctx);
// The position of the matching name in `names`.
bool decode_enum(const boost::json::value& in, std::span<const std::string_view> names,
                 std::size_t& index, DecodeContext& ctx);

// Errors of values that are not of the container kind a field needs.
void fail_model_type(const boost::json::value& in, DecodeContext& ctx);
void fail_list_type(const boost::json::value& in, DecodeContext& ctx);
void fail_dict_type(const boost::json::value& in, DecodeContext& ctx);

}  // namespace tessera::schema::detail
