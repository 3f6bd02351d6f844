#pragma once
// A route: method, path template, handler, and everything the OpenAPI document says of it.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/json/value.hpp>

#include "http/request.hpp"

namespace tessera::schema {
class Registry;
}

namespace tessera::http {

class Context;
using Handler = std::function<boost::asio::awaitable<Response>(Context&)>;

// Who may call a route; the authenticator installed on the router enforces it.
enum class Auth { none, user, superuser };

// What the route's author declares, beside the handler.
struct RouteDoc {
  std::string summary;
  std::string description;
  std::vector<std::string> tags;
  Auth auth = Auth::none;
  int status = 0;           // success status; 0: 200, or 204 for handlers that return nothing
  std::vector<int> errors;  // documented error statuses ({"detail"} bodies)
  std::optional<std::uint64_t> max_body_bytes;  // overrides HTTP_MAX_BODY_BYTES (uploads)
  // The handler reads the body itself, as it arrives (Request::body_reader), after the
  // route's authentication: uploads are neither held in memory nor read for nothing.
  bool stream_body = false;
  bool include_in_schema = true;
};

// Produces a JSON Schema (usually a $ref into the registry's components).
using SchemaFn = std::function<boost::json::value(schema::Registry&)>;

struct ParamDoc {
  std::string name;
  std::string in;  // "path", "query" or "header"
  bool required = false;
  boost::json::value schema;
  std::string description;
};

enum class ParamType { string, uuid, integer };

struct Segment {
  std::string text;  // literal text, or the parameter's name
  bool is_param = false;
  ParamType type = ParamType::string;
};

struct Route {
  Method method = Method::get;
  std::string path;  // as documented: "/api/v1/users/{id}"
  std::vector<Segment> segments;
  RouteDoc doc;
  Handler handler;

  // Filled by the typed registration from the handler's signature.
  SchemaFn request_schema;
  std::string request_content_type;  // "application/json", "application/x-www-form-urlencoded"
  SchemaFn response_schema;
  std::string response_content_type = "application/json";
  std::function<std::vector<ParamDoc>(schema::Registry&)> query_params;
  bool has_validation = false;  // can answer 422

  int success_status() const;
};

}  // namespace tessera::http
