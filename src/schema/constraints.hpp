#pragma once
// The constraints a field can carry. Each one checks a decoded value (recording a
// pydantic-worded error) and writes its JSON Schema keywords.

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "schema/decode_context.hpp"
#include "schema/traits.hpp"

namespace tessera::schema {

namespace detail {
inline constexpr std::size_t unbounded = std::numeric_limits<std::size_t>::max();

bool check_string_length(const std::string& value, std::size_t min, std::size_t max,
                         DecodeContext& ctx);
bool check_list_length(std::size_t size, std::size_t min, std::size_t max, DecodeContext& ctx);
bool check_email(std::string& value, DecodeContext& ctx);
bool check_one_of(const std::string& value, std::span<const std::string_view> allowed,
                  DecodeContext& ctx);
bool check_not_refused(const std::string& value, bool (*refused)(std::string_view),
                       std::string_view type, std::string_view message, DecodeContext& ctx);
enum class BoundKind { ge, gt, le, lt };
void report_bound(BoundKind kind, const boost::json::value& limit, boost::json::value input,
                  DecodeContext& ctx);
void annotate_length(boost::json::object& schema, bool is_list, std::size_t min, std::size_t max);
void annotate_bound(boost::json::object& schema, BoundKind kind, const boost::json::value& limit);
void annotate_one_of(boost::json::object& schema, std::span<const std::string_view> allowed);
// "'a', 'b' or 'c'", as pydantic lists the accepted values of an enum or literal.
std::string expected_text(std::span<const std::string_view> allowed);
// A number as Python prints it: 3, -1, 0.5, 2.0.
std::string number_text(const boost::json::value& number);

template <class A, class B>
constexpr bool compare(BoundKind kind, A value, B limit) {
  if constexpr (std::is_integral_v<A> && std::is_integral_v<B>) {
    switch (kind) {
      case BoundKind::ge:
        return std::cmp_greater_equal(value, limit);
      case BoundKind::gt:
        return std::cmp_greater(value, limit);
      case BoundKind::le:
        return std::cmp_less_equal(value, limit);
      case BoundKind::lt:
        return std::cmp_less(value, limit);
    }
  } else {
    const auto v = static_cast<long double>(value);
    const auto l = static_cast<long double>(limit);
    switch (kind) {
      case BoundKind::ge:
        return v >= l;
      case BoundKind::gt:
        return v > l;
      case BoundKind::le:
        return v <= l;
      case BoundKind::lt:
        return v < l;
    }
  }
  return false;
}

template <class V>
boost::json::value number_json(V v) {
  if constexpr (std::is_floating_point_v<V>)
    return boost::json::value(static_cast<double>(v));
  else if constexpr (std::is_signed_v<V>)
    return boost::json::value(static_cast<std::int64_t>(v));
  else
    return boost::json::value(static_cast<std::uint64_t>(v));
}
}  // namespace detail

// String length in characters (Unicode code points), or list length in items.
struct Length {
  std::size_t min = 0;
  std::size_t max = detail::unbounded;

  template <class V>
  bool check(V& value, DecodeContext& ctx) const {
    if constexpr (std::is_same_v<V, std::string>) {
      return detail::check_string_length(value, min, max, ctx);
    } else if constexpr (is_vector_v<V>) {
      return detail::check_list_length(value.size(), min, max, ctx);
    } else {
      static_assert(always_false_v<V>, "length constraints apply to strings and lists");
      return true;
    }
  }
  template <class V>
  void annotate(boost::json::object& schema) const {
    detail::annotate_length(schema, is_vector_v<V>, min, max);
  }
};

// A syntactically valid address; the decoded value is lower-cased.
struct EmailAddress {
  template <class V>
  bool check(V& value, DecodeContext& ctx) const {
    static_assert(std::is_same_v<V, std::string>, "email_address() applies to strings");
    return detail::check_email(value, ctx);
  }
  template <class V>
  void annotate(boost::json::object& schema) const {
    schema["format"] = "email";
  }
};

// A numeric bound: ge, gt, le or lt.
template <class L>
struct Bound {
  static_assert(std::is_arithmetic_v<L> && !std::is_same_v<L, bool>, "bounds are numbers");
  detail::BoundKind kind;
  L limit;

  template <class V>
  bool check(V& value, DecodeContext& ctx) const {
    static_assert(std::is_arithmetic_v<V> && !std::is_same_v<V, bool>,
                  "numeric bounds apply to numbers");
    if (detail::compare(kind, value, limit)) return true;
    detail::report_bound(kind, detail::number_json(limit), detail::number_json(value), ctx);
    return false;
  }
  template <class V>
  void annotate(boost::json::object& schema) const {
    detail::annotate_bound(schema, kind, detail::number_json(limit));
  }
};

// A string that must be one of a fixed set.
template <std::size_t N>
struct OneOf {
  std::array<std::string_view, N> values;

  template <class V>
  bool check(V& value, DecodeContext& ctx) const {
    static_assert(std::is_same_v<V, std::string>, "one_of() applies to strings");
    return detail::check_one_of(value, values, ctx);
  }
  template <class V>
  void annotate(boost::json::object& schema) const {
    detail::annotate_one_of(schema, values);
  }
};

// A string refused when `refused(value)` holds (a common password): the error has `type`
// and `message`. The rule is the caller's, so the schema layer needs nothing of it.
struct Refuses {
  bool (*refused)(std::string_view);
  std::string_view type;
  std::string_view message;

  template <class V>
  bool check(V& value, DecodeContext& ctx) const {
    static_assert(std::is_same_v<V, std::string>, "refuses() applies to strings");
    return detail::check_not_refused(value, refused, type, message, ctx);
  }
  template <class V>
  void annotate(boost::json::object&) const {}
};

// Documentation only: the field's "description" in JSON Schema.
struct Description {
  std::string_view text;
};

// The field may be left out; it then keeps its value in a default-constructed struct, which
// JSON Schema shows as "default".
struct HasDefault {};

constexpr Length min_length(std::size_t n) {
  return {n, detail::unbounded};
}
constexpr Length max_length(std::size_t n) {
  return {0, n};
}
constexpr Length length(std::size_t min, std::size_t max) {
  return {min, max};
}
constexpr Length exact_length(std::size_t n) {
  return {n, n};
}
constexpr EmailAddress email_address() {
  return {};
}
template <class L>
constexpr Bound<L> ge(L v) {
  return {detail::BoundKind::ge, v};
}
template <class L>
constexpr Bound<L> gt(L v) {
  return {detail::BoundKind::gt, v};
}
template <class L>
constexpr Bound<L> le(L v) {
  return {detail::BoundKind::le, v};
}
template <class L>
constexpr Bound<L> lt(L v) {
  return {detail::BoundKind::lt, v};
}
// one_of({"pending", "ready"})
template <std::size_t N>
constexpr OneOf<N> one_of(const std::string_view (&values)[N]) {
  OneOf<N> out{};
  for (std::size_t i = 0; i < N; ++i) out.values[i] = values[i];
  return out;
}
constexpr Description description(std::string_view text) {
  return {text};
}
constexpr Refuses refuses(bool (*refused)(std::string_view), std::string_view type,
                          std::string_view message) {
  return {refused, type, message};
}
constexpr HasDefault has_default() {
  return {};
}

}  // namespace tessera::schema
