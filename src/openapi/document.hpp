#pragma once
// The OpenAPI 3.1 document of every registered route, built from the same declarations
// that route and validate requests.

#include <string>

#include <boost/json/object.hpp>

namespace tessera::http {
class Router;
}

namespace tessera::openapi {

struct Info {
  std::string title = "Tessera";
  std::string version;
  std::string description;
  std::string token_url = "/api/v1/auth/login";  // the OAuth2 password flow's endpoint
};

boost::json::object build_document(const http::Router& router, const Info& info);

}  // namespace tessera::openapi
