#pragma once
// Constraints declared beside a described struct, in one place per type:
//
//   struct UserRegister { std::string email; std::string password; };
//   BOOST_DESCRIBE_STRUCT(UserRegister, (), (email, password))
//   constexpr auto schema_rules(const UserRegister*) {
//     using namespace tessera::schema;
//     return Rules{"UserRegister",
//                  field(&UserRegister::email, email_address(), max_length(254)),
//                  field(&UserRegister::password, length(8, 128))};
//   }
//
// `schema_rules` is found by argument-dependent lookup, so it lives in the struct's own
// namespace and must be constexpr. The name is the type's OpenAPI component name; without
// one, the unqualified C++ type name is used. A type without `schema_rules` has no
// constraints; every field that is not std::optional is then required.

#include <cstddef>
#include <limits>
#include <string_view>
#include <tuple>
#include <type_traits>

#include <boost/describe/class.hpp>  // BOOST_DESCRIBE_STRUCT, written beside the rules
#include <boost/describe/enum.hpp>   // BOOST_DESCRIBE_ENUM
#include <boost/mp11/algorithm.hpp>

#include "schema/constraints.hpp"
#include "schema/traits.hpp"

namespace tessera::schema {

template <class C, class M, class... Cs>
struct FieldRule {
  M C::*member;
  std::tuple<Cs...> constraints;
};

template <class T>
struct IsFieldRule : std::false_type {};
template <class C, class M, class... Cs>
struct IsFieldRule<FieldRule<C, M, Cs...>> : std::true_type {};
template <class T>
concept FieldRuleType = IsFieldRule<T>::value;

// field(&UserRegister::password, length(8, 128), description("At least 8 characters"))
template <class C, class M, class... Cs>
constexpr FieldRule<C, M, Cs...> field(M C::*member, Cs... constraints) {
  return {member, std::tuple<Cs...>(constraints...)};
}

template <FieldRuleType... Fs>
struct Rules {
  std::string_view name;
  std::tuple<Fs...> fields;

  constexpr Rules(Fs... fs) : fields(fs...) {}
  constexpr Rules(std::string_view component_name, Fs... fs)
      : name(component_name), fields(fs...) {}
};
template <FieldRuleType... Fs>
Rules(Fs...) -> Rules<Fs...>;
template <FieldRuleType... Fs>
Rules(std::string_view, Fs...) -> Rules<Fs...>;

namespace detail {

template <class T>
constexpr auto lookup_rules() {
  if constexpr (requires { schema_rules(static_cast<const T*>(nullptr)); })
    return schema_rules(static_cast<const T*>(nullptr));
  else
    return Rules<>{};
}

template <class A, class B>
constexpr bool same_member(A a, B b) {
  if constexpr (std::is_same_v<A, B>)
    return a == b;
  else
    return false;
}

inline constexpr std::size_t no_rule = std::numeric_limits<std::size_t>::max();

}  // namespace detail

// The rules of T: what its `schema_rules` returns, or none.
template <class T>
inline constexpr auto rules_of = detail::lookup_rules<T>();

namespace detail {

template <class T, auto Member>
constexpr std::size_t rule_index() {
  std::size_t found = no_rule;
  std::size_t i = 0;
  std::apply(
      [&](const auto&... rule) {
        ((found = same_member(rule.member, Member) ? i : found, ++i), ...);
      },
      rules_of<T>.fields);
  return found;
}

template <class T, class P>
constexpr bool is_described_member(P pointer) {
  bool found = false;
  boost::mp11::mp_for_each<described_fields<T>>(
      [&](auto d) { found = found || same_member(d.pointer, pointer); });
  return found;
}

template <class T>
constexpr bool rules_name_described_members() {
  return std::apply(
      [](const auto&... rule) { return (is_described_member<T>(rule.member) && ...); },
      rules_of<T>.fields);
}

template <class Tuple, class C>
struct TupleHas;
template <class... Cs, class C>
struct TupleHas<std::tuple<Cs...>, C> : std::bool_constant<(std::is_same_v<Cs, C> || ...)> {};

}  // namespace detail

// What the rules of T say about one described member D.
template <class T, class D>
struct FieldInfo {
  static_assert(detail::rules_name_described_members<T>(),
                "schema_rules names a member that BOOST_DESCRIBE_STRUCT does not list");

  using type = member_t<decltype(D::pointer)>;
  static constexpr std::size_t index = detail::rule_index<T, D::pointer>();

  static constexpr auto constraints() {
    if constexpr (index == detail::no_rule)
      return std::tuple<>{};
    else
      return std::get<index>(rules_of<T>.fields).constraints;
  }
  using constraints_type = decltype(constraints());

  static constexpr bool has_default = detail::TupleHas<constraints_type, HasDefault>::value;
  static constexpr bool required = !is_optional_v<type> && !has_default;

  static constexpr std::string_view description() {
    std::string_view text;
    std::apply(
        [&](const auto&... c) {
          (
              [&](const auto& one) {
                if constexpr (std::is_same_v<std::remove_cvref_t<decltype(one)>, Description>)
                  text = one.text;
              }(c),
              ...);
        },
        constraints());
    return text;
  }
};

}  // namespace tessera::schema
