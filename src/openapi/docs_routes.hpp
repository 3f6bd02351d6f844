#pragma once
// GET /openapi.json, the Swagger UI page at /docs and its assets (compiled into the
// binary from npm's swagger-ui-dist; no CDN).

#include "openapi/document.hpp"

namespace tessera::http {
class Router;
}

namespace tessera::openapi {

// Add these last: the document describes the routes registered before its first request.
void add_docs_routes(http::Router& router, Info info);

}  // namespace tessera::openapi
