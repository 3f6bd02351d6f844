#pragma once
// Decoding described structs (and the types their fields may have) from JSON, form bodies
// and query strings, with every problem collected into one ValidationError.
//
// Field types: std::string, bool, integers (range-checked), float/double, core::Uuid,
// core::Timestamp, described enums (by name), described structs, std::optional<T> (absent or
// null), std::vector<T>, std::map<std::string, T> and boost::json::value (any JSON whose
// numbers are finite: Boost.JSON reads 1e400 as an infinity, refused as "finite_number").

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <boost/mp11/algorithm.hpp>

#include "schema/body.hpp"
#include "schema/decode_context.hpp"
#include "schema/enums.hpp"
#include "schema/error.hpp"
#include "schema/rules.hpp"
#include "schema/scalars.hpp"
#include "schema/traits.hpp"

namespace tessera::schema {
namespace detail {

template <class T>
bool decode_value(const boost::json::value& in, T& out, DecodeContext& ctx);

template <class V, class C>
bool check_constraint(const C& constraint, V& value, DecodeContext& ctx) {
  if constexpr (requires { constraint.template check<V>(value, ctx); })
    return constraint.template check<V>(value, ctx);
  else
    return true;  // documentation-only (description, has_default)
}

// The first failing constraint of a field is its only error, as in pydantic.
template <class Info, class M>
void check_field(M& value, DecodeContext& ctx) {
  using Constraints = decltype(Info::constraints());
  static constexpr Constraints constraints = Info::constraints();
  if constexpr (std::tuple_size_v<Constraints> != 0) {
    if constexpr (is_optional_v<M>) {
      if (!value) return;
      std::apply([&](const auto&... c) { (void)(check_constraint(c, *value, ctx) && ...); },
                 constraints);
    } else {
      std::apply([&](const auto&... c) { (void)(check_constraint(c, value, ctx) && ...); },
                 constraints);
    }
  }
}

template <class T, class D>
void decode_field(const boost::json::object& in, T& out, DecodeContext& ctx) {
  using Info = FieldInfo<T, D>;
  LocScope scope(ctx, D::name);
  const boost::json::value* value = in.if_contains(D::name);
  if (!value) {
    if (Info::required) ctx.missing();
    return;
  }
  auto& member = out.*D::pointer;
  if (decode_value(*value, member, ctx)) check_field<Info>(member, ctx);
}

template <class T>
bool decode_struct(const boost::json::value& in, T& out, DecodeContext& ctx) {
  const auto* object = in.if_object();
  if (!object) {
    fail_model_type(in, ctx);
    return false;
  }
  const auto before = ctx.error_count();
  boost::mp11::mp_for_each<described_fields<T>>(
      [&](auto d) { decode_field<T, decltype(d)>(*object, out, ctx); });
  return ctx.error_count() == before;
}

template <class I>
bool decode_int(const boost::json::value& in, I& out, DecodeContext& ctx) {
  static_assert(sizeof(I) <= sizeof(std::uint64_t), "integers up to 64 bits");
  bool negative = false;
  std::uint64_t magnitude = 0;
  if (!decode_integer(in, static_cast<std::int64_t>(std::numeric_limits<I>::min()),
                      static_cast<std::uint64_t>(std::numeric_limits<I>::max()), negative,
                      magnitude, ctx))
    return false;
  // Two's complement negation of the magnitude; the range check above keeps it in I.
  out = negative ? static_cast<I>(static_cast<std::int64_t>(0 - magnitude))
                 : static_cast<I>(magnitude);
  return true;
}

template <class V>
bool decode_list(const boost::json::value& in, V& out, DecodeContext& ctx) {
  const auto* array = in.if_array();
  if (!array) {
    fail_list_type(in, ctx);
    return false;
  }
  bool ok = true;
  out.clear();
  out.reserve(array->size());
  for (std::size_t i = 0; i < array->size(); ++i) {
    LocScope scope(ctx, i);
    typename V::value_type item{};
    ok = decode_value((*array)[i], item, ctx) && ok;
    out.push_back(std::move(item));
  }
  return ok;
}

template <class M>
bool decode_map(const boost::json::value& in, M& out, DecodeContext& ctx) {
  const auto* object = in.if_object();
  if (!object) {
    fail_dict_type(in, ctx);
    return false;
  }
  bool ok = true;
  out.clear();
  for (const auto& entry : *object) {
    LocScope scope(ctx, entry.key());
    typename M::mapped_type item{};
    ok = decode_value(entry.value(), item, ctx) && ok;
    out.insert_or_assign(std::string(entry.key()), std::move(item));
  }
  return ok;
}

template <class T>
bool decode_value(const boost::json::value& in, T& out, DecodeContext& ctx) {
  if constexpr (std::is_same_v<T, std::string>) {
    return decode_string(in, out, ctx);
  } else if constexpr (std::is_same_v<T, bool>) {
    return decode_bool(in, out, ctx);
  } else if constexpr (is_integer_v<T>) {
    return decode_int(in, out, ctx);
  } else if constexpr (std::is_floating_point_v<T>) {
    double d = 0;
    if (!decode_double(in, d, ctx)) return false;
    out = static_cast<T>(d);
    return true;
  } else if constexpr (std::is_same_v<T, core::Uuid>) {
    return decode_uuid(in, out, ctx);
  } else if constexpr (std::is_same_v<T, core::Timestamp>) {
    return decode_timestamp(in, out, ctx);
  } else if constexpr (std::is_same_v<T, boost::json::value>) {
    return decode_any(in, out, ctx);
  } else if constexpr (is_optional_v<T>) {
    if (in.is_null()) {
      out.reset();
      return true;
    }
    typename T::value_type inner{};
    if (!decode_value(in, inner, ctx)) return false;
    out = std::move(inner);
    return true;
  } else if constexpr (is_vector_v<T>) {
    return decode_list(in, out, ctx);
  } else if constexpr (is_string_map_v<T>) {
    return decode_map(in, out, ctx);
  } else if constexpr (is_described_enum_v<T>) {
    static constexpr auto names = enum_names<T>();
    static constexpr auto values = enum_values<T>();
    std::size_t index = 0;
    if (!decode_enum(in, names, index, ctx)) return false;
    out = values[index];
    return true;
  } else if constexpr (is_described_struct_v<T>) {
    return decode_struct(in, out, ctx);
  } else {
    static_assert(always_false_v<T>,
                  "tessera::schema cannot decode this type: describe it with "
                  "BOOST_DESCRIBE_STRUCT / BOOST_DESCRIBE_ENUM or use a supported field type");
    return false;
  }
}

// One JSON value per field of T from name/value pairs: the last value for a scalar field,
// all of them for a list field.
template <class T>
boost::json::object pairs_to_object(const FieldPairs& pairs, bool blank_is_missing) {
  static_assert(is_described_struct_v<T>, "form and query decoding need a described struct");
  boost::json::object object;
  boost::mp11::mp_for_each<described_fields<T>>([&](auto d) {
    using M = member_t<decltype(d.pointer)>;
    constexpr bool many = is_vector_v<unwrapped_t<M>>;
    boost::json::array values;
    const std::string* last = nullptr;
    for (const auto& [name, value] : pairs) {
      if (name != d.name || (blank_is_missing && value.empty())) continue;
      if (many)
        values.emplace_back(boost::json::string(value));
      else
        last = &value;
    }
    if (many && !values.empty()) object[d.name] = std::move(values);
    if (!many && last) object[d.name] = boost::json::string(*last);
  });
  return object;
}

}  // namespace detail

// Decodes `in` as a T; locations of errors start with `root` (["body"], ["query"], ...).
template <class T>
T decode(const boost::json::value& in, Loc root) {
  DecodeContext ctx(std::move(root));
  T out{};
  detail::decode_value(in, out, ctx);
  if (ctx.failed()) throw ValidationError(ctx.take());
  return out;
}

// A JSON request body. An empty body is a missing one (loc ["body"], type "missing").
template <class T>
T decode_json(std::string_view body) {
  if (is_blank(body)) {
    if constexpr (is_optional_v<T>) return T{};
    detail::throw_missing_body();
  }
  const auto value = parse_json_body(body);
  if constexpr (!is_optional_v<T>)
    if (value.is_null()) detail::throw_missing_body();
  return decode<T>(value, Loc{std::string("body")});
}

// Name/value pairs already split and unescaped (path or header parameters, for instance).
// With `blank_is_missing`, an empty value counts as absent, as FastAPI does for forms.
template <class T>
T decode_pairs(const FieldPairs& pairs, Loc root, bool blank_is_missing = false) {
  return decode<T>(detail::pairs_to_object<T>(pairs, blank_is_missing), std::move(root));
}

// An application/x-www-form-urlencoded body; locations are ["body", name].
template <class T>
T decode_form(std::string_view body) {
  return decode_pairs<T>(parse_form_body(body), Loc{std::string("body")}, true);
}

// A raw query string (without '?'); locations are ["query", name].
template <class T>
T decode_query(std::string_view query) {
  return decode_pairs<T>(parse_query_string(query), Loc{std::string("query")});
}

}  // namespace tessera::schema
