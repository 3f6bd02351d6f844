#pragma once
// Parameters are always bound, never spliced into SQL: each C++ value becomes the text
// form PostgreSQL reads for its type, or NULL.

#include <concepts>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

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
inline Param to_param(const core::Timestamp& v) {
  return core::format_rfc3339(v);
}
Param to_param(const Bytes& v);  // "\x0a1b..."
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
