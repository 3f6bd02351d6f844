#pragma once
// Which shape a field type has, for the decoder, the encoder and the JSON Schema writer.

#include <map>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include <boost/describe/enumerators.hpp>
#include <boost/describe/members.hpp>
#include <boost/describe/modifiers.hpp>
#include <boost/json/value.hpp>

#include "core/timestamp.hpp"
#include "core/uuid.hpp"

namespace tessera::schema {

template <class T>
struct IsOptional : std::false_type {};
template <class T>
struct IsOptional<std::optional<T>> : std::true_type {
  using value_type = T;
};
template <class T>
inline constexpr bool is_optional_v = IsOptional<T>::value;

template <class T>
struct IsVector : std::false_type {};
template <class T, class A>
struct IsVector<std::vector<T, A>> : std::true_type {};
template <class T>
inline constexpr bool is_vector_v = IsVector<T>::value;

template <class T>
struct IsStringMap : std::false_type {};
template <class T, class C, class A>
struct IsStringMap<std::map<std::string, T, C, A>> : std::true_type {};
template <class T>
inline constexpr bool is_string_map_v = IsStringMap<T>::value;

template <class T>
inline constexpr bool is_integer_v =
    std::is_integral_v<T> && !std::is_same_v<T, bool> && !std::is_same_v<T, char> &&
    !std::is_same_v<T, char8_t> && !std::is_same_v<T, char16_t> && !std::is_same_v<T, char32_t> &&
    !std::is_same_v<T, wchar_t>;

template <class T>
inline constexpr bool is_described_enum_v =
    std::is_enum_v<T>&& boost::describe::has_describe_enumerators<T>::value;

template <class T>
inline constexpr bool is_described_struct_v =
    std::is_class_v<T>&& boost::describe::has_describe_members<T>::value;

// Public members, inherited ones included, in declaration order.
template <class T>
using described_fields = boost::describe::describe_members<T, boost::describe::mod_public |
                                                                  boost::describe::mod_inherited>;

// The type a field holds once std::optional is taken off.
template <class T>
struct Unwrapped {
  using type = T;
};
template <class T>
struct Unwrapped<std::optional<T>> {
  using type = T;
};
template <class T>
using unwrapped_t = typename Unwrapped<T>::type;

// The member type of a pointer to data member.
template <class P>
struct MemberOf;
template <class C, class M>
struct MemberOf<M C::*> {
  using type = M;
  using owner = C;
};
template <class P>
using member_t = typename MemberOf<std::remove_cv_t<P>>::type;

template <class>
inline constexpr bool always_false_v = false;

}  // namespace tessera::schema
