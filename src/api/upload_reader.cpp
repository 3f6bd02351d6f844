#include "api/upload_reader.hpp"

#include <optional>

#include "http/context.hpp"
#include "http/http_error.hpp"
#include "http/multipart.hpp"
#include "schema/body.hpp"
#include "schema/error.hpp"

namespace tessera::api {
namespace {

namespace asio = boost::asio;

[[noreturn]] void missing_part(std::string_view field, std::string_view msg) {
  schema::ErrorItem item;
  item.loc = {std::string("body"), std::string(field)};
  item.msg = std::string(msg);
  item.type = "missing";
  throw schema::ValidationError({std::move(item)});
}

}  // namespace

asio::awaitable<UploadedFile> read_file_part(http::Context& ctx, media::PendingFile file,
                                             std::string_view field, std::uint64_t max_bytes,
                                             UploadWriter write) {
  http::Request& request = ctx.request();
  const auto boundary = http::multipart_boundary(request.headers.get("Content-Type"));
  if (!boundary) throw http::HttpError(415, "Expected a multipart/form-data body with a boundary");
  if (!request.body_reader) throw std::logic_error("read_file_part needs a streamed route");

  std::optional<std::string> filename;  // set once the part has begun
  bool in_part = false, twice = false;
  // The part's bytes are counted as they arrive, so the limit is enforced before they are
  // written; they wait in `batch` until written together on the writer's pool.
  std::uint64_t received = 0;
  std::string batch;
  batch.reserve(kUploadWriteBatch);
  http::MultipartParser::Callbacks callbacks;
  callbacks.on_part_begin = [&](const http::PartHeaders& part) {
    if (part.name != field) return;
    twice = twice || filename.has_value();
    filename = part.filename.value_or("");
    in_part = true;
  };
  callbacks.on_part_data = [&](std::string_view bytes) {
    if (!in_part || twice) return;
    received += bytes.size();
    if (received > max_bytes)
      throw http::HttpError(
          413, "The file is larger than the limit of " + std::to_string(max_bytes) + " bytes");
    batch.append(bytes);
  };
  callbacks.on_part_end = [&] { in_part = false; };

  try {
    http::MultipartParser parser(*boundary, std::move(callbacks));
    while (!parser.done()) {
      const std::string_view chunk = co_await request.body_reader->read_some();
      if (chunk.empty()) break;
      parser.feed(chunk);
      // No more of the body is read until this batch is on disk.
      if (batch.size() >= kUploadWriteBatch) {
        co_await write(file, batch);
        batch.clear();
      }
    }
    parser.finish();
  } catch (const http::MultipartError& e) {
    schema::throw_body_error("multipart_invalid", "Invalid multipart/form-data body", e.what());
  }
  // Whatever follows the closing delimiter is epilogue: read it, so the connection may live.
  while (!request.body_reader->done()) co_await request.body_reader->read_some();
  if (!filename) missing_part(field, "Field required");
  if (twice) missing_part(field, "Expected one file part of this name");
  if (!batch.empty()) co_await write(file, batch);
  co_return UploadedFile{std::move(file), std::move(*filename)};
}

}  // namespace tessera::api
