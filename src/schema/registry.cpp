#include "schema/registry.hpp"

#include <stdexcept>

#include <boost/json/array.hpp>

#include "schema/error_detail.hpp"
#include "schema/json_schema.hpp"

namespace tessera::schema {
namespace {

constexpr std::string_view ref_prefix = "#/components/schemas/";

boost::json::object validation_error_item_schema() {
  boost::json::array loc_item_kinds{boost::json::object{{"type", "string"}},
                                    boost::json::object{{"type", "integer"}}};
  return {
      {"type", "object"},
      {"title", "ValidationError"},
      {"properties",
       boost::json::object{
           {"loc", boost::json::object{{"type", "array"},
                                       {"title", "Location"},
                                       {"items", boost::json::object{{"anyOf", loc_item_kinds}}}}},
           {"msg", boost::json::object{{"type", "string"}, {"title", "Message"}}},
           {"type", boost::json::object{{"type", "string"}, {"title", "Error Type"}}},
           {"input", boost::json::object{{"title", "Input"}}},
           {"ctx", boost::json::object{{"type", "object"}, {"title", "Context"}}},
       }},
      {"required", boost::json::array{"loc", "msg", "type"}},
  };
}

boost::json::object http_validation_error_schema() {
  return {
      {"type", "object"},
      {"title", "HTTPValidationError"},
      {"properties",
       boost::json::object{
           {"detail", boost::json::object{{"type", "array"},
                                          {"title", "Detail"},
                                          {"items", Registry::ref("ValidationError")}}},
       }},
  };
}

}  // namespace

boost::json::value Registry::ref(std::string_view name) {
  std::string target(ref_prefix);
  target += name;
  return boost::json::object{{"$ref", target}};
}

bool Registry::claim(std::string_view name, std::type_index type) {
  auto it = entries_.find(name);
  if (it == entries_.end()) {
    entries_.emplace(std::string(name), Entry{type, {}});
    return true;
  }
  if (it->second.owner != type)
    throw std::logic_error("two schemas are named \"" + std::string(name) +
                           "\"; give one of them another name in its Rules");
  return false;
}

void Registry::set(std::string_view name, boost::json::object schema) {
  auto it = entries_.find(name);
  if (it == entries_.end())
    throw std::logic_error("schema \"" + std::string(name) + "\" was not claimed");
  it->second.schema = std::move(schema);
}

const boost::json::object* Registry::find(std::string_view name) const {
  auto it = entries_.find(name);
  return it == entries_.end() ? nullptr : &it->second.schema;
}

boost::json::value Registry::http_validation_error() {
  // Owned by the registry itself: no C++ type describes these two.
  const std::type_index owner(typeid(Registry));
  if (claim("ValidationError", owner)) set("ValidationError", validation_error_item_schema());
  if (claim("HTTPValidationError", owner))
    set("HTTPValidationError", http_validation_error_schema());
  return ref("HTTPValidationError");
}

boost::json::value Registry::error_detail() {
  return schema_of<ErrorDetail>(*this);
}

boost::json::object Registry::to_json() const {
  boost::json::object out;
  out.reserve(entries_.size());
  for (const auto& [name, entry] : entries_) out[name] = entry.schema;
  return out;
}

}  // namespace tessera::schema
