#pragma once
// Described enums travel as their enumerators' names.

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

#include <boost/describe/enumerators.hpp>
#include <boost/mp11/algorithm.hpp>

namespace tessera::schema {

template <class E>
constexpr auto enum_names() {
  using List = boost::describe::describe_enumerators<E>;
  std::array<std::string_view, boost::mp11::mp_size<List>::value> names{};
  std::size_t i = 0;
  boost::mp11::mp_for_each<List>([&](auto d) { names[i++] = d.name; });
  return names;
}

template <class E>
constexpr auto enum_values() {
  using List = boost::describe::describe_enumerators<E>;
  std::array<E, boost::mp11::mp_size<List>::value> values{};
  std::size_t i = 0;
  boost::mp11::mp_for_each<List>([&](auto d) { values[i++] = d.value; });
  return values;
}

// The name of `value`, or nothing for a value without an enumerator.
template <class E>
constexpr std::optional<std::string_view> enum_name(E value) {
  constexpr auto names = enum_names<E>();
  constexpr auto values = enum_values<E>();
  for (std::size_t i = 0; i < values.size(); ++i)
    if (values[i] == value) return names[i];
  return std::nullopt;
}

}  // namespace tessera::schema
