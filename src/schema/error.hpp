#pragma once
// Validation errors in the shape FastAPI (pydantic v2) reports them: a list of items, each
// with a location, a message and a machine-readable type.

#include <cstddef>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

namespace tessera::schema {

// One step of a location: a field name or a list index.
using LocPart = std::variant<std::string, std::size_t>;
// Where a problem is: ["body", "items", 2, "name"].
using Loc = std::vector<LocPart>;

struct ErrorItem {
  Loc loc;
  std::string msg;
  std::string type;
  std::optional<boost::json::value> input;
  std::optional<boost::json::object> ctx;

  // {"loc", "msg", "type", "input"?, "ctx"?}. "input" is left out when any step of the
  // location names a password, so a secret never travels back in an error body.
  boost::json::value to_json() const;
};

using ErrorList = std::vector<ErrorItem>;

// True when a location step names a secret ("password", "new_password", ...).
bool is_sensitive(const Loc& loc);

// An item for a malformed path parameter: loc ["path", name], the raw text as input.
ErrorItem path_error(std::string_view name, std::string_view value, std::string_view type,
                     std::string_view msg);

// Thrown by the decoders with every problem found, not only the first.
class ValidationError : public std::exception {
 public:
  explicit ValidationError(ErrorList errors);

  const ErrorList& errors() const noexcept { return errors_; }
  // "2 validation errors: body.email: Field required; ..." (never contains inputs).
  const char* what() const noexcept override { return summary_.c_str(); }

  // The 422 body: {"detail": [item, ...]}.
  boost::json::value to_json() const;
  std::string to_json_string() const;

 private:
  ErrorList errors_;
  std::string summary_;
};

}  // namespace tessera::schema
