// s3::Client's uploads: one PUT, or CreateMultipartUpload, UploadPart each part and
// CompleteMultipartUpload, with AbortMultipartUpload when anything fails in between.

#include <algorithm>
#include <vector>

#include "core/logging.hpp"
#include "s3/answers.hpp"
#include "s3/client.hpp"
#include "s3/client_call.hpp"

namespace tessera::s3 {
namespace {

constexpr std::size_t hash_buffer_size = 256 * 1024;

// The SHA-256 of a window of the upload, read a buffer at a time.
std::string hash_window(const BodyWindow& window) {
  Sha256 hash;
  std::vector<char> buffer(std::min<std::uint64_t>(hash_buffer_size, window.size));
  for (std::uint64_t done = 0; done < window.size;) {
    const std::size_t wanted = std::min<std::uint64_t>(buffer.size(), window.size - done);
    const std::size_t n = window.source->read(window.offset + done, {buffer.data(), wanted});
    hash.update({buffer.data(), n});
    done += n;
  }
  return hash.final_hex();
}

Fields content_type_header(std::string_view content_type) {
  if (content_type.empty()) return {};
  return {{"content-type", std::string(content_type)}};
}

}  // namespace

void Client::put_object(std::string_view key, std::string_view bytes,
                        std::string_view content_type) const {
  BufferSource source(bytes);
  put(key, source, content_type);
}

void Client::put_file(std::string_view key, const std::filesystem::path& path,
                      std::string_view content_type) const {
  FileSource source(path);
  put(key, source, content_type);
}

void Client::put(std::string_view key, UploadSource& source, std::string_view content_type) const {
  if (source.size() > options_.part_size) {
    upload_parts(key, source, content_type);
    return;
  }
  const BodyWindow whole{&source, 0, source.size()};
  ObjectRequest put = object_request("PUT", key);
  put.headers = content_type_header(content_type);
  put.payload_hash = hash_window(whole);
  expect(put, send({put, whole}), {200});
}

std::string Client::create_upload(std::string_view key, std::string_view content_type) const {
  ObjectRequest create = object_request("POST", key, {{"uploads", ""}});
  create.headers = content_type_header(content_type);
  // Not tried again: a first try that reached the server would leave an upload behind.
  const HttpResponse response = send({create, {}, nullptr, false});
  expect(create, response, {200});
  return read_upload_id(response.body);
}

void Client::upload_parts(std::string_view key, UploadSource& source,
                          std::string_view content_type) const {
  const std::uint64_t size = source.size();
  const std::uint64_t part_size = std::max(options_.part_size, (size + max_parts - 1) / max_parts);
  const std::string upload_id = create_upload(key, content_type);
  try {
    std::vector<CompletedPart> parts;
    for (std::uint64_t offset = 0; offset < size; offset += part_size) {
      const BodyWindow window{&source, offset, std::min(part_size, size - offset)};
      const int number = static_cast<int>(parts.size()) + 1;
      ObjectRequest part = object_request(
          "PUT", key, {{"partNumber", std::to_string(number)}, {"uploadId", upload_id}});
      part.payload_hash = hash_window(window);
      const HttpResponse response = send({part, window});
      expect(part, response, {200});
      const std::string* etag = response.header("etag");
      if (!etag || etag->empty())
        throw Error(describe(part) + ": the answer has no ETag", 200, "", "", "");
      parts.push_back({number, *etag});
    }
    complete_upload(key, upload_id, parts);
  } catch (...) {
    try {
      abort_upload(key, upload_id);
    } catch (const std::exception& e) {
      core::log_warning("S3: a failed multipart upload could not be aborted",
                        {{"key", key}, {"upload_id", upload_id}, {"error", e.what()}});
    }
    throw;
  }
}

void Client::complete_upload(std::string_view key, const std::string& upload_id,
                             const std::vector<CompletedPart>& parts) const {
  const std::string body = complete_upload_body(parts);
  BufferSource source(body);
  ObjectRequest complete = object_request("POST", key, {{"uploadId", upload_id}});
  complete.headers = {{"content-type", "application/xml"}};
  complete.payload_hash = sha256_hex(body);
  const HttpResponse response = send({complete, {&source, 0, body.size()}});
  expect(complete, response, {200});
  // The status goes out before the parts are joined: a failure then comes in a 200's body.
  if (read_error_body(response.body)) raise(complete, response);
}

}  // namespace tessera::s3
