#include "openapi/document.hpp"

#include <boost/json/array.hpp>

#include "http/router.hpp"
#include "schema/schema.hpp"

namespace tessera::openapi {
namespace {

namespace json = boost::json;
constexpr std::string_view security_scheme = "OAuth2PasswordBearer";

json::object json_content(json::value schema) {
  return json::object{{"application/json", json::object{{"schema", std::move(schema)}}}};
}

json::object detail_response(schema::Registry& registry, std::string_view description) {
  return json::object{{"description", description},
                      {"content", json_content(registry.error_detail())}};
}

std::string_view describe_status(int status) {
  if (status == 401) return "Not authenticated";
  if (status == 403) return "Not enough privileges";
  return http::reason_phrase(status);
}

// "get_api_v1_users__id_": unique per method and path, stable across builds.
std::string operation_id(const http::Route& route) {
  std::string id(http::to_string(route.method));
  for (char& c : id) c = static_cast<char>(c - 'A' + 'a');
  for (char c : route.path) id += (std::isalnum(static_cast<unsigned char>(c)) ? c : '_');
  return id;
}

json::value path_param_schema(http::ParamType type) {
  switch (type) {
    case http::ParamType::uuid:
      return json::object{{"type", "string"}, {"format", "uuid"}};
    case http::ParamType::integer:
      return json::object{{"type", "integer"}};
    case http::ParamType::string:
      break;
  }
  return json::object{{"type", "string"}};
}

json::object operation(const http::Route& route, schema::Registry& registry) {
  json::object op;
  if (!route.doc.tags.empty()) {
    json::array tags;
    for (const auto& tag : route.doc.tags) tags.emplace_back(tag);
    op["tags"] = std::move(tags);
  }
  if (!route.doc.summary.empty()) op["summary"] = route.doc.summary;
  if (!route.doc.description.empty()) op["description"] = route.doc.description;
  op["operationId"] = operation_id(route);

  json::array parameters;
  bool typed_path = false;
  for (const auto& segment : route.segments) {
    if (!segment.is_param) continue;
    typed_path = typed_path || segment.type != http::ParamType::string;
    parameters.push_back(json::object{{"name", segment.text},
                                      {"in", "path"},
                                      {"required", true},
                                      {"schema", path_param_schema(segment.type)}});
  }
  if (route.query_params) {
    for (auto& param : route.query_params(registry)) {
      json::object p{{"name", param.name},
                     {"in", param.in},
                     {"required", param.required},
                     {"schema", param.schema}};
      if (!param.description.empty()) p["description"] = param.description;
      parameters.push_back(std::move(p));
    }
  }
  if (!parameters.empty()) op["parameters"] = std::move(parameters);

  if (route.request_schema) {
    op["requestBody"] = json::object{
        {"required", true},
        {"content", json::object{{route.request_content_type,
                                  json::object{{"schema", route.request_schema(registry)}}}}}};
  }

  json::object responses;
  const int status = route.success_status();
  json::object success{{"description", status == 204 ? "No Content" : "Successful Response"}};
  if (route.response_schema)
    success["content"] = json::object{
        {route.response_content_type, json::object{{"schema", route.response_schema(registry)}}}};
  responses[std::to_string(status)] = std::move(success);
  if (route.doc.auth != http::Auth::none) {
    responses["401"] = detail_response(registry, describe_status(401));
    if (route.doc.auth == http::Auth::superuser)
      responses["403"] = detail_response(registry, describe_status(403));
    op["security"] = json::array{json::object{{security_scheme, json::array{}}}};
  }
  for (int error : route.doc.errors)
    responses[std::to_string(error)] = detail_response(registry, describe_status(error));
  if (route.has_validation || typed_path)
    responses["422"] = json::object{{"description", "Validation Error"},
                                    {"content", json_content(registry.http_validation_error())}};
  op["responses"] = std::move(responses);
  return op;
}

}  // namespace

json::object build_document(const http::Router& router, const Info& info) {
  schema::Registry registry;
  json::object paths;
  for (const auto& route : router.routes()) {
    if (!route->doc.include_in_schema) continue;
    std::string method(http::to_string(route->method));
    for (char& c : method) c = static_cast<char>(c - 'A' + 'a');
    auto& item = paths[route->path];
    if (!item.is_object()) item = json::object{};
    item.as_object()[method] = operation(*route, registry);
  }

  json::object info_json{{"title", info.title}, {"version", info.version}};
  if (!info.description.empty()) info_json["description"] = info.description;
  json::object components{
      {"schemas", registry.to_json()},
      {"securitySchemes",
       json::object{
           {security_scheme,
            json::object{{"type", "oauth2"},
                         {"flows", json::object{{"password",
                                                 json::object{{"scopes", json::object{}},
                                                              {"tokenUrl", info.token_url}}}}}}}}}};
  return json::object{{"openapi", "3.1.0"},
                      {"info", std::move(info_json)},
                      {"paths", std::move(paths)},
                      {"components", std::move(components)}};
}

}  // namespace tessera::openapi
