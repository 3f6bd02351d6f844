#include "api/image_routes.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/describe/class.hpp>
#include <boost/json/object.hpp>

#include "api/account_schemas.hpp"
#include "api/authentication.hpp"
#include "api/upload_reader.hpp"
#include "core/timestamp.hpp"
#include "core/uuid.hpp"
#include "domain/image.hpp"
#include "http/byte_range.hpp"
#include "http/context.hpp"
#include "http/http_error.hpp"
#include "http/router.hpp"
#include "schema/encode.hpp"
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

// The part of the file the request asks for. Range is defined for GET only (HEAD ignores
// it), and an If-Range that names other bytes than these asks for the whole file.
http::RangeSelection requested_range(const http::Request& request, const std::string& etag,
                                     std::uint64_t total) {
  if (request.method != http::Method::get) return {};
  const std::string* if_range = request.headers.find("If-Range");
  if (if_range && *if_range != etag) return {};
  return http::select_range(request.headers.get("Range"), total);
}

// A variant's bytes streamed from storage (a Range of them: 206), or 304 when the client has
// them already, or 416 for a range past their end.
asio::awaitable<http::Response> send_file(http::Context& ctx, services::Images& images,
                                          const services::StoredFile& file) {
  const auto total = static_cast<std::uint64_t>(file.size_bytes);
  http::Response response;
  response.headers.set("ETag", file.etag);
  response.headers.set("Cache-Control", "private, max-age=0, must-revalidate");
  response.headers.set("Accept-Ranges", "bytes");
  if (ctx.request().headers.get("If-None-Match") == file.etag) {
    response.status = 304;
    co_return response;
  }
  const http::RangeSelection range = requested_range(ctx.request(), file.etag, total);
  if (range.kind == http::RangeSelection::Kind::unsatisfiable) {
    http::Response refused = http::Response::detail(416, "Range Not Satisfiable");
    refused.headers.set("Content-Range", http::unsatisfied_content_range(total));
    co_return refused;
  }
  const bool partial = range.kind == http::RangeSelection::Kind::partial;
  const std::uint64_t offset = partial ? range.range.first : 0;
  const std::uint64_t length = partial ? range.range.length() : total;
  response.stream = co_await images.open(file, offset, length);
  response.headers.set("Content-Type", file.content_type);
  if (partial) {
    response.status = 206;
    response.headers.set("Content-Range", http::content_range(range.range, total));
  }
  co_return response;
}

}  // namespace

std::string image_public_json(const domain::Image& image) {
  return schema::to_json_string(to_public(image));
}

void add_image_routes(http::Router& router, services::Images& images,
                      std::uint64_t max_upload_bytes) {
  const std::vector<std::string> tags = {"images"};

  auto& upload = router.post(
      "/api/v1/images/",
      {.summary = "Upload an image (JPEG, PNG, WebP or GIF); it is processed in the background",
       .tags = tags,
       .auth = Auth::user,
       .status = 202,
       .errors = {413, 415, 422, 429, 503},
       // The multipart framing around the file is small; the file itself is held to the limit.
       .max_body_bytes = max_upload_bytes + 64 * 1024,
       .stream_body = true},
      [&images, max_upload_bytes](http::Context& ctx) -> asio::awaitable<ImagePublic> {
        // The file's bytes go to disk on the services' pool, not on this I/O thread.
        const UploadWriter write = [&images](media::PendingFile& file, std::string_view bytes) {
          return images.write_upload(file, bytes);
        };
        co_await images.count_upload(principal(ctx).user.id);
        UploadedFile upload =
            co_await read_file_part(ctx, images.begin_upload(), "file", max_upload_bytes, write);
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
             {.summary = "The bytes of a variant of your image (or of the original); a Range "
                         "of them answers 206",
              .tags = tags,
              .auth = Auth::user,
              .errors = {404, 416}},
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
