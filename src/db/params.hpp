#pragma once
// Parameters are always bound, never spliced into SQL: each C++ value becomes the text
// form PostgreSQL reads for its type, or NULL.

#include <concepts>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <boost/describe/enum_to_string.hpp>

#include "core/timestamp.hpp"
#include "core/uuid.hpp"

namespace tessera::db {

using Param = std::optional<std::string>;  // nullopt is NULL
using Params = std::vector<Param>;

// Raw bytes for a bytea parameter.
struct Bytes {
  std::span<const unsigned char> data;
};

inline Param to_param(std::string_view v) {
  return std::string(v);
}
inline Param to_param(const std::string& v) {
  return v;
}
inline Param to_param(const char* v) {
  return std::string(v);
}
inline Param to_param(bool v) {
  return std::string(v ? "true" : "false");
}
template <std::integral T>
requires(!std::same_as<T, bool>) Param to_param(T v) {
  return std::to_string(v);
}
inline Param to_param(double v) {
  return std::to_string(v);
}
inline Param to_param(const core::Uuid& v) {
  return v.str();
}
// A uuid[] in PostgreSQL's text form, "{0f8e...,5b1c...}" (cast it: $1::uuid[]).
inline Param to_param(const std::vector<core::Uuid>& ids) {
  std::string text = "{";
  for (const auto& id : ids) {
    if (text.size() > 1) text += ',';
    text += id.str();
  }
  return text + "}";
}
inline Param to_param(const core::Timestamp& v) {
  return core::format_rfc3339(v);
}
Param to_param(const Bytes& v);  // "\x0a1b..."
// A described enum as the name of its enumerator ("pending").
template <class E>
requires(std::is_enum_v<E>&& boost::describe::has_describe_enumerators<E>::value) Param
    to_param(E v) {
  const char* name = boost::describe::enum_to_string(v, nullptr);
  if (!name) throw std::invalid_argument("an enumeration value without a name");
  return std::string(name);
}
inline Param to_param(std::nullopt_t) {
  return std::nullopt;
}
template <class T>
Param to_param(const std::optional<T>& v) {
  return v ? to_param(*v) : std::nullopt;
}

template <class... Args>
Params make_params(const Args&... args) {
  Params params;
  params.reserve(sizeof...(Args));
  (params.push_back(to_param(args)), ...);
  return params;
}

}  // namespace tessera::db
