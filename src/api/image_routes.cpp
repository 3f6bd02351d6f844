#include "api/image_routes.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/describe/class.hpp>
#include <boost/json/object.hpp>

#include "api/account_schemas.hpp"
#include "api/authentication.hpp"
#include "api/upload_reader.hpp"
#include "core/timestamp.hpp"
#include "core/uuid.hpp"
#include "domain/image.hpp"
#include "http/context.hpp"
#include "http/http_error.hpp"
#include "http/router.hpp"
#include "schema/schema.hpp"
#include "services/images.hpp"

namespace tessera::api {

struct ImageVariantPublic {
  std::string name;
  std::int32_t width = 0;
  std::int32_t height = 0;
  std::string format;
  std::int64_t size_bytes = 0;
  std::string url;
};
BOOST_DESCRIBE_STRUCT(ImageVariantPublic, (), (name, width, height, format, size_bytes, url))
constexpr auto schema_rules(const ImageVariantPublic*) {
  return schema::Rules{"ImageVariant"};
}

struct ImagePublic {
  core::Uuid id;
  std::string original_filename;
  std::string content_type;
  std::int64_t size_bytes = 0;
  std::int32_t width = 0;
  std::int32_t height = 0;
  domain::ImageStatus status = domain::ImageStatus::pending;
  std::optional<std::string> error;
  std::vector<ImageVariantPublic> variants;
  std::optional<core::Uuid> task_id;
  core::Timestamp created_at{};
  core::Timestamp updated_at{};
};
BOOST_DESCRIBE_STRUCT(ImagePublic, (),
                      (id, original_filename, content_type, size_bytes, width, height, status,
                       error, variants, task_id, created_at, updated_at))

struct ImagesPublic {
  std::vector<ImagePublic> data;
  long long count = 0;
};
BOOST_DESCRIBE_STRUCT(ImagesPublic, (), (data, count))

namespace {

namespace asio = boost::asio;
using http::Auth;

constexpr std::string_view kImages = "/api/v1/images/";

ImagePublic to_public(const domain::Image& image) {
  ImagePublic out{image.id,
                  image.original_filename,
                  image.content_type,
                  image.size_bytes,
                  image.width,
                  image.height,
                  image.status,
                  image.error,
                  {},
                  image.task_id,
                  image.created_at,
                  image.updated_at};
  for (const auto& v : image.variants)
    out.variants.push_back({v.name, v.width, v.height, v.format, v.size_bytes,
                            std::string(kImages) + image.id.str() + "/variants/" + v.name});
  return out;
}

// The multipart body as OpenAPI (and the docs page's file picker) describe it.
boost::json::value upload_schema(schema::Registry&) {
  return boost::json::object{{"type", "object"},
                             {"properties", {{"file", {{"type", "string"}, {"format", "binary"}}}}},
                             {"required", {"file"}}};
}

// A variant's bytes, or 304 when the client has them already.
asio::awaitable<http::Response> send_file(http::Context& ctx, services::Images& images,
                                          const services::StoredFile& file) {
  http::Response response;
  response.headers.set("ETag", file.etag);
  response.headers.set("Cache-Control", "private, max-age=0, must-revalidate");
  if (ctx.request().headers.get("If-None-Match") == file.etag) {
    response.status = 304;
    co_return response;
  }
  response.body = co_await images.read(file);
  response.headers.set("Content-Type", file.content_type);
  co_return response;
}

}  // namespace

void add_image_routes(http::Router& router, services::Images& images,
                      std::uint64_t max_upload_bytes) {
  const std::vector<std::string> tags = {"images"};

  auto& upload = router.post(
      "/api/v1/images/",
      {.summary = "Upload an image (JPEG, PNG, WebP or GIF); it is processed in the background",
       .tags = tags,
       .auth = Auth::user,
       .status = 202,
       .errors = {413, 415, 422, 503},
       // The multipart framing around the file is small; the file itself is held to the limit.
       .max_body_bytes = max_upload_bytes + 64 * 1024,
       .stream_body = true},
      [&images, max_upload_bytes](http::Context& ctx) -> asio::awaitable<ImagePublic> {
        UploadedFile upload =
            co_await read_file_part(ctx, images.begin_upload(), "file", max_upload_bytes);
        co_return to_public(co_await images.upload(principal(ctx).user.id, std::move(upload.file),
                                                   std::move(upload.filename)));
      });
  upload.request_content_type = "multipart/form-data";
  upload.request_schema = upload_schema;
  upload.has_validation = true;

  router.get(
      "/api/v1/images/", {.summary = "Your images, newest first", .tags = tags, .auth = Auth::user},
      [&images](http::Context& ctx, http::Query<PageQuery> q) -> asio::awaitable<ImagesPublic> {
        const auto page = co_await images.page(principal(ctx).user.id, q.skip, q.limit);
        ImagesPublic out{{}, page.total};
        for (const auto& image : page.items) out.data.push_back(to_public(image));
        co_return out;
      });
  router.get(
      "/api/v1/images/{id:uuid}",
      {.summary = "One of your images", .tags = tags, .auth = Auth::user, .errors = {404}},
      [&images](http::Context& ctx) -> asio::awaitable<ImagePublic> {
        co_return to_public(co_await images.get(principal(ctx).user.id, ctx.uuid_param("id")));
      });
  router.get("/api/v1/images/{id:uuid}/variants/{name}",
             {.summary = "The bytes of a variant of your image (or of the original)",
              .tags = tags,
              .auth = Auth::user,
              .errors = {404}},
             [&images](http::Context& ctx) -> asio::awaitable<http::Response> {
               const auto file = co_await images.file(principal(ctx).user.id, ctx.uuid_param("id"),
                                                      std::string(ctx.path_param("name")));
               co_return co_await send_file(ctx, images, file);
             });
  router.del("/api/v1/images/{id:uuid}",
             {.summary = "Delete your image and all its files",
              .tags = tags,
              .auth = Auth::user,
              .errors = {404}},
             [&images](http::Context& ctx) -> asio::awaitable<void> {
               co_await images.erase(principal(ctx).user.id, ctx.uuid_param("id"));
             });
}

}  // namespace tessera::api
