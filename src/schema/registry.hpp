#pragma once
// The named schemas of an OpenAPI document (components.schemas), filled as routes ask for
// the schemas of their bodies.

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <typeindex>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

namespace tessera::schema {

class Registry {
 public:
  // {"$ref": "#/components/schemas/<name>"}
  static boost::json::value ref(std::string_view name);

  // Reserves `name` for `type` before its schema is built (so recursive types terminate).
  // True the first time: the caller then calls set(). False when `type` already has it.
  // Throws std::logic_error when a different type already uses the name.
  bool claim(std::string_view name, std::type_index type);
  void set(std::string_view name, boost::json::object schema);

  bool contains(std::string_view name) const { return entries_.find(name) != entries_.end(); }
  // The schema stored under `name`, or nullptr.
  const boost::json::object* find(std::string_view name) const;

  // FastAPI's HTTPValidationError (and its ValidationError items): the 422 body. Adds both
  // on first use and returns the $ref.
  boost::json::value http_validation_error();
  // {"detail": string}, the body of every other error (component "ErrorDetail").
  boost::json::value error_detail();

  // The components.schemas object, names in alphabetical order.
  boost::json::object to_json() const;

 private:
  struct Entry {
    std::type_index owner;
    boost::json::object schema;
  };
  std::map<std::string, Entry, std::less<>> entries_;
};

}  // namespace tessera::schema
