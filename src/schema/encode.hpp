#pragma once
// Encoding described structs (and their field types) to JSON: std::optional without a value
// is null, Uuid a string, Timestamp an RFC 3339 string, an enum its enumerator's name.

#include <cmath>
#include <cstdint>
#include <string>
#include <type_traits>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>
#include <boost/json/value.hpp>
#include <boost/mp11/algorithm.hpp>

#include "core/timestamp.hpp"
#include "core/uuid.hpp"
#include "schema/enums.hpp"
#include "schema/traits.hpp"

namespace tessera::schema {

template <class T>
boost::json::value encode(const T& value) {
  if constexpr (std::is_same_v<T, std::string>) {
    return boost::json::string(value.data(), value.size());
  } else if constexpr (std::is_same_v<T, bool>) {
    return value;
  } else if constexpr (is_integer_v<T>) {
    if constexpr (std::is_signed_v<T>)
      return static_cast<std::int64_t>(value);
    else
      return static_cast<std::uint64_t>(value);
  } else if constexpr (std::is_floating_point_v<T>) {
    // JSON has no infinities or NaN; JavaScript's JSON.stringify writes null for them too.
    if (!std::isfinite(value)) return nullptr;
    return static_cast<double>(value);
  } else if constexpr (std::is_same_v<T, core::Uuid>) {
    return boost::json::string(value.str());
  } else if constexpr (std::is_same_v<T, core::Timestamp>) {
    return boost::json::string(core::format_rfc3339(value));
  } else if constexpr (std::is_same_v<T, boost::json::value>) {
    return value;
  } else if constexpr (is_optional_v<T>) {
    if (!value) return nullptr;
    return encode(*value);
  } else if constexpr (is_vector_v<T>) {
    boost::json::array out;
    out.reserve(value.size());
    for (const auto& item : value) out.push_back(encode<typename T::value_type>(item));
    return out;
  } else if constexpr (is_string_map_v<T>) {
    boost::json::object out;
    out.reserve(value.size());
    for (const auto& [key, item] : value) out[key] = encode(item);
    return out;
  } else if constexpr (is_described_enum_v<T>) {
    if (auto name = enum_name(value)) return boost::json::string(*name);
    return static_cast<std::int64_t>(value);
  } else if constexpr (is_described_struct_v<T>) {
    boost::json::object out;
    boost::mp11::mp_for_each<described_fields<T>>(
        [&](auto d) { out[d.name] = encode(value.*d.pointer); });
    return out;
  } else {
    static_assert(always_false_v<T>,
                  "tessera::schema cannot encode this type: describe it with "
                  "BOOST_DESCRIBE_STRUCT / BOOST_DESCRIBE_ENUM or use a supported field type");
    return nullptr;
  }
}

template <class T>
std::string to_json_string(const T& value) {
  return boost::json::serialize(encode(value));
}

}  // namespace tessera::schema
