#include "webapp/app_routes.hpp"

#include <string>
#include <string_view>
#include <unordered_map>

#include "core/embedded_asset.hpp"
#include "http/application.hpp"
#include "http/context.hpp"
#include "http/embedded_files.hpp"
#include "http/http_error.hpp"

namespace tessera {
extern const EmbeddedAsset web_app_assets[];
extern const std::size_t web_app_assets_count;
}  // namespace tessera

namespace tessera::webapp {
namespace {

namespace asio = boost::asio;

struct File {
  const EmbeddedAsset* asset;
  std::string etag;
};

const std::unordered_map<std::string_view, File>& files() {
  static const auto table = [] {
    std::unordered_map<std::string_view, File> out;
    for (std::size_t i = 0; i < web_app_assets_count; ++i)
      out.emplace(web_app_assets[i].name,
                  File{&web_app_assets[i], http::etag_of(web_app_assets[i].data)});
    return out;
  }();
  return table;
}

// Vite names what it builds under assets/ by content hash: such a name never changes
// meaning, so browsers may keep it a year. index.html is checked each time (its ETag).
constexpr std::string_view kHashed = "public, max-age=31536000, immutable";
constexpr std::string_view kIndex = "no-cache";
constexpr std::string_view kOther = "public, max-age=3600";

constexpr std::string_view kNotBuilt = R"(<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Tessera</title></head>
<body>
<main>
<h1>Tessera</h1>
<p>The web app is not part of this build: Node.js or its npm packages were missing when
tessera was built. Run <code>scripts/deps</code>, then build again.</p>
<p>The API works as usual: see <a href="/docs">/docs</a>.</p>
</main>
</body>
</html>
)";

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

asio::awaitable<http::Response> answer(http::Context& ctx) {
  const std::string_view path = ctx.request().path;
  // The API's own paths never turn into the app's page.
  if (path == "/api" || starts_with(path, "/api/")) throw http::HttpError(404, "Not Found");
  const auto& table = files();
  if (table.empty())
    co_return http::Response::text(200, std::string(kNotBuilt), "text/html; charset=utf-8");
  const std::string_view name = path.substr(1);
  if (!name.empty() && name != "index.html") {
    if (const auto found = table.find(name); found != table.end())
      co_return http::embedded_file_response(*found->second.asset, found->second.etag,
                                             ctx.request(),
                                             starts_with(name, "assets/") ? kHashed : kOther);
    // A missing asset is a 404, not a page: a stale page asks for files of an older build.
    if (starts_with(name, "assets/")) throw http::HttpError(404, "Not Found");
  }
  const auto index = table.find("index.html");
  if (index == table.end()) throw http::HttpError(404, "Not Found");
  co_return http::embedded_file_response(*index->second.asset, index->second.etag, ctx.request(),
                                         kIndex);
}

}  // namespace

void serve_web_app(http::Application& app) {
  app.set_fallback(answer);
}

bool web_app_built() {
  return web_app_assets_count > 0;
}

}  // namespace tessera::webapp
