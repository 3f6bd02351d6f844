#pragma once
// JSON Schema (2020-12, as OpenAPI 3.1 uses it) of described structs and their field types.
// A described struct becomes a named component in the Registry and is referred to with
// $ref; everything else is inline.

#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <typeinfo>
#include <vector>

#include <boost/core/demangle.hpp>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <boost/mp11/algorithm.hpp>

#include "core/timestamp.hpp"
#include "core/uuid.hpp"
#include "schema/encode.hpp"
#include "schema/enums.hpp"
#include "schema/registry.hpp"
#include "schema/rules.hpp"
#include "schema/traits.hpp"

namespace tessera::schema {

// One field of a struct, as the OpenAPI builder lists query parameters.
struct FieldDoc {
  std::string name;
  bool required = false;
  boost::json::value schema;
  std::string description;
};

namespace detail {
// "tessera::api::Page<tessera::api::UserPublic>" -> "Page_UserPublic_", as pydantic names
// generic models.
std::string component_name_from_type(std::string_view demangled);
// "full_name" -> "Full Name", pydantic's default title.
std::string title_from_name(std::string_view name);
}  // namespace detail

// The component name of a described struct: the name in its Rules, or its type's name.
template <class T>
std::string component_name() {
  if constexpr (!rules_of<T>.name.empty())
    return std::string(rules_of<T>.name);
  else
    return detail::component_name_from_type(boost::core::demangle(typeid(T).name()));
}

namespace detail {

template <class T>
boost::json::object type_schema(Registry& registry);

template <class V, class C>
void annotate_constraint(const C& constraint, boost::json::object& schema) {
  if constexpr (requires { constraint.template annotate<V>(schema); })
    constraint.template annotate<V>(schema);
}

template <class T, class D>
boost::json::object property_schema(Registry& registry) {
  using Info = FieldInfo<T, D>;
  using M = typename Info::type;
  using V = unwrapped_t<M>;

  boost::json::object inner = type_schema<V>(registry);
  std::apply([&](const auto&... c) { (annotate_constraint<V>(c, inner), ...); },
             Info::constraints());

  boost::json::object property;
  if constexpr (is_optional_v<M>)
    property["anyOf"] = boost::json::array{std::move(inner), boost::json::object{{"type", "null"}}};
  else
    property = std::move(inner);
  if (!property.contains("$ref")) property["title"] = title_from_name(D::name);
  if constexpr (!Info::description().empty())
    property["description"] = boost::json::string(Info::description());
  if constexpr (Info::has_default) {
    static_assert(std::is_default_constructible_v<T>, "has_default() needs a default constructor");
    property["default"] = encode(T{}.*D::pointer);
  } else if constexpr (is_optional_v<M>) {
    property["default"] = nullptr;
  }
  return property;
}

template <class T>
boost::json::object struct_schema(Registry& registry) {
  const std::string name = component_name<T>();
  if (registry.claim(name, typeid(T))) {
    boost::json::object properties;
    boost::json::array required;
    boost::mp11::mp_for_each<described_fields<T>>([&](auto d) {
      using D = decltype(d);
      properties[D::name] = property_schema<T, D>(registry);
      if (FieldInfo<T, D>::required) required.emplace_back(D::name);
    });
    boost::json::object schema{
        {"type", "object"}, {"title", name}, {"properties", std::move(properties)}};
    if (!required.empty()) schema["required"] = std::move(required);
    registry.set(name, std::move(schema));
  }
  return Registry::ref(name).as_object();
}

template <class T>
boost::json::object type_schema(Registry& registry) {
  if constexpr (std::is_same_v<T, std::string>) {
    return {{"type", "string"}};
  } else if constexpr (std::is_same_v<T, bool>) {
    return {{"type", "boolean"}};
  } else if constexpr (is_integer_v<T>) {
    return {{"type", "integer"}};
  } else if constexpr (std::is_floating_point_v<T>) {
    return {{"type", "number"}};
  } else if constexpr (std::is_same_v<T, core::Uuid>) {
    return {{"type", "string"}, {"format", "uuid"}};
  } else if constexpr (std::is_same_v<T, core::Timestamp>) {
    return {{"type", "string"}, {"format", "date-time"}};
  } else if constexpr (std::is_same_v<T, boost::json::value>) {
    return {};  // any JSON
  } else if constexpr (is_optional_v<T>) {
    return {{"anyOf", boost::json::array{type_schema<typename T::value_type>(registry),
                                         boost::json::object{{"type", "null"}}}}};
  } else if constexpr (is_vector_v<T>) {
    return {{"type", "array"}, {"items", type_schema<typename T::value_type>(registry)}};
  } else if constexpr (is_string_map_v<T>) {
    return {{"type", "object"},
            {"additionalProperties", type_schema<typename T::mapped_type>(registry)}};
  } else if constexpr (is_described_enum_v<T>) {
    boost::json::array names;
    for (auto name : enum_names<T>()) names.emplace_back(boost::json::string(name));
    return {{"type", "string"}, {"enum", std::move(names)}};
  } else if constexpr (is_described_struct_v<T>) {
    return struct_schema<T>(registry);
  } else {
    static_assert(always_false_v<T>, "tessera::schema has no JSON Schema for this type");
    return {};
  }
}

}  // namespace detail

// The schema of T: a $ref for a described struct (its object schema is added to `registry`
// once), an inline schema for anything else.
template <class T>
boost::json::value schema_of(Registry& registry) {
  return detail::type_schema<T>(registry);
}

// The fields of a described struct, in declaration order, with the schema each would have
// as a property (constraints, default and title included).
template <class T>
std::vector<FieldDoc> fields_of(Registry& registry) {
  static_assert(is_described_struct_v<T>, "fields_of needs a described struct");
  std::vector<FieldDoc> fields;
  boost::mp11::mp_for_each<described_fields<T>>([&](auto d) {
    using D = decltype(d);
    using Info = FieldInfo<T, D>;
    fields.push_back(FieldDoc{D::name, Info::required, detail::property_schema<T, D>(registry),
                              std::string(Info::description())});
  });
  return fields;
}

}  // namespace tessera::schema
