#include "openapi/docs_routes.hpp"

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <boost/json/serialize.hpp>

#include "core/embedded_asset.hpp"
#include "http/embedded_files.hpp"
#include "http/http_error.hpp"
#include "http/router.hpp"

namespace tessera {
extern const EmbeddedAsset swagger_ui_assets[];
extern const std::size_t swagger_ui_assets_count;
}  // namespace tessera

namespace tessera::openapi {
namespace {

constexpr std::string_view docs_page = R"(<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tessera API - Swagger UI</title>
<link rel="stylesheet" href="/docs/swagger-ui.css">
<link rel="icon" type="image/png" href="/docs/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/swagger-init.js"></script>
</body>
</html>
)";

// Kept out of the page so that a strict Content-Security-Policy needs no inline script.
constexpr std::string_view init_script = R"(window.ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  layout: "BaseLayout",
  deepLinking: true,
  showExtensions: true,
  showCommonExtensions: true,
  persistAuthorization: true,
  oauth2RedirectUrl: window.location.origin + "/docs/oauth2-redirect.html",
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
});
)";

// The Swagger UI files with their ETags, computed once.
const std::vector<std::string>& swagger_etags() {
  static const std::vector<std::string> etags = [] {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < swagger_ui_assets_count; ++i)
      out.push_back(http::etag_of(swagger_ui_assets[i].data));
    return out;
  }();
  return etags;
}

}  // namespace

void add_docs_routes(http::Router& router, Info info) {
  struct Cached {
    std::once_flag once;
    std::string json;
  };
  auto cached = std::make_shared<Cached>();
  const http::Router* routes = &router;
  router.get("/openapi.json",
             {.summary = "OpenAPI document", .tags = {"docs"}, .include_in_schema = false},
             [cached, routes,
              info = std::move(info)](http::Context&) -> boost::asio::awaitable<http::Response> {
               std::call_once(cached->once, [&] {
                 cached->json = boost::json::serialize(build_document(*routes, info));
               });
               co_return http::Response::json(200, cached->json);
             });
  router.get("/docs", {.summary = "Swagger UI", .tags = {"docs"}, .include_in_schema = false},
             [](http::Context&) -> boost::asio::awaitable<http::Response> {
               co_return http::Response::text(200, std::string(docs_page),
                                              "text/html; charset=utf-8");
             });
  router.get("/docs/{file}",
             {.summary = "Swagger UI assets", .tags = {"docs"}, .include_in_schema = false},
             [](http::Context& ctx) -> boost::asio::awaitable<http::Response> {
               const auto file = ctx.path_param("file");
               if (file == "swagger-init.js")
                 co_return http::Response::text(200, std::string(init_script),
                                                http::content_type_of(file));
               for (std::size_t i = 0; i < swagger_ui_assets_count; ++i)
                 if (swagger_ui_assets[i].name == file)
                   co_return http::embedded_file_response(swagger_ui_assets[i], swagger_etags()[i],
                                                          ctx.request(), "public, max-age=3600");
               throw http::HttpError(404, "Not Found");
             });
}

}  // namespace tessera::openapi
