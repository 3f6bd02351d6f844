#pragma once
// The S3 REST operations that storage needs, over libcurl, signed by s3::Signer: objects put
// (from memory or streamed from a file, in parts above the part size), got (streamed, with a
// byte range), headed, deleted and listed; presigned GET URLs.
//
// BLOCKING: every call waits for the network. Call it from a worker's thread pool (or the
// CPU pool), never from an I/O thread.
//
// Thread safety: one Client serves any number of threads at once. A call borrows a libcurl
// easy handle from the client's small cache (a vector guarded by a mutex, held only to take
// or give back a handle; a call that finds it empty makes a handle), so connections to the
// server are kept alive and reused between calls.
//
// Every request carries the SHA-256 of its body in x-amz-content-sha256 and in its signature
// (an upload is read twice: once to hash it, once to send it). Idempotent requests (all but
// CreateMultipartUpload) are tried again, up to max_attempts, after a connection error, a
// timeout, a 500, 502, 503 (SlowDown) or 504, or a 400 RequestTimeout, waiting
// retry_backoff × 2^n with jitter in between; a GET only while no byte of the body has
// reached its sink.
//
// Errors: s3::Error for a request the server refused (s3::NotFound for a GET of a missing
// key), core::UnavailableError when it could not be reached, timed out or failed with 5xx
// after the retries (the API answers 503, a task is retried), XmlError for an answer that
// cannot be read, std::invalid_argument for an empty key or what the signer refuses, and what
// a local file or an UploadSource throws.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "s3/error.hpp"
#include "s3/messages.hpp"
#include "s3/signer.hpp"
#include "s3/upload_source.hpp"
#include "s3/xml.hpp"

namespace tessera::core {
struct Settings;
}

namespace tessera::s3 {

class Transport;
struct HttpResponse;

inline constexpr std::uint64_t mebibyte = 1024 * 1024;
inline constexpr std::uint64_t min_part_size = 5 * mebibyte;  // S3's smallest part but the last
inline constexpr int max_parts = 10000;

struct ClientOptions {
  Endpoint endpoint;  // S3_ENDPOINT; endpoint.addressing is S3_PATH_STYLE
  std::string region = "us-east-1";
  std::string bucket;
  Credentials credentials;
  std::chrono::milliseconds connect_timeout{5000};
  // The longest one HTTP request may take, from connecting to its answer's last byte: one
  // part of an upload, or a whole GET (a slow sink makes a GET slow).
  std::chrono::milliseconds request_timeout{120000};
  // Uploads larger than this go in parts of this size (at least min_part_size), made larger
  // when an upload would need more than max_parts of them.
  std::uint64_t part_size = 8 * mebibyte;
  // Tries of an idempotent request (at least 1), and the wait before the second.
  int max_attempts = 3;
  std::chrono::milliseconds retry_backoff{100};
  int list_page_size = 1000;     // keys asked per ListObjectsV2 page: 1..1000
  std::size_t idle_handles = 4;  // easy handles (and their connections) kept between calls
};

// S3_ENDPOINT, S3_REGION, S3_BUCKET, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY and S3_PATH_STYLE;
// the rest default. std::invalid_argument when one of those is missing or invalid.
ClientOptions client_options(const core::Settings& settings);

// Bytes first..last of an object, both included; without `last`, to its end.
struct ByteRange {
  std::uint64_t first = 0;
  std::optional<std::uint64_t> last;
};

struct ObjectHead {
  std::uint64_t size = 0;  // of the whole object, also when a range was asked for
  std::string etag;        // as S3 writes it, quotes included
  std::string content_type;
};

class Client {
 public:
  // std::invalid_argument for options out of range or that the signer refuses.
  explicit Client(ClientOptions options);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  const ClientOptions& options() const noexcept { return options_; }

  // Stores `bytes` under `key`, replacing what was there.
  void put_object(std::string_view key, std::string_view bytes,
                  std::string_view content_type) const;
  // Stores the file at `path`, read from disk a buffer at a time (std::system_error when it
  // cannot be read).
  void put_file(std::string_view key, const std::filesystem::path& path,
                std::string_view content_type) const;
  // Stores the bytes of `source`: one PUT up to the part size, a multipart upload above it
  // (aborted when anything fails, so that no parts stay behind).
  void put(std::string_view key, UploadSource& source, std::string_view content_type) const;

  // Hands the object's bytes (or those of `range`: 206) to `sink` as they arrive. NotFound
  // when there is no such key; Error 416 InvalidRange for a range past the end. What the
  // sink throws ends the transfer and is rethrown.
  ObjectHead get_object(std::string_view key, const std::function<void(std::string_view)>& sink,
                        std::optional<ByteRange> range = std::nullopt) const;
  // The same into a file at `path`, created or truncated; removed again when the GET fails.
  ObjectHead get_to_file(std::string_view key, const std::filesystem::path& path,
                         std::optional<ByteRange> range = std::nullopt) const;
  // nullopt when there is no such key.
  std::optional<ObjectHead> head_object(std::string_view key) const;

  // Deletes `key`; a key that does not exist is no error.
  void delete_object(std::string_view key) const;
  // Deletes every key that starts with `prefix` (not empty: std::invalid_argument), a page
  // of the listing at a time (DeleteObjects); returns how many were listed and deleted.
  std::size_t delete_prefix(std::string_view prefix) const;
  // Every key that starts with `prefix`, in S3's order (UTF-8 bytes), every page.
  std::vector<ListedObject> list_keys(std::string_view prefix) const;

  // The multipart uploads begun and neither completed nor aborted for keys that start with
  // `prefix`: those of a process that died while uploading, for a sweep to abort.
  std::vector<UploadInProgress> list_uploads(std::string_view prefix) const;
  // Aborts one of them, freeing its parts; an upload already gone is no error.
  void abort_upload(std::string_view key, std::string_view upload_id) const;

  // A URL that GETs `key` without credentials for `expires` (1 s to 7 days). `query` adds
  // parameters such as response-content-disposition.
  std::string presign_get(std::string_view key, std::chrono::seconds expires,
                          const Fields& query = {}) const;

 private:
  struct Call;  // one request with its body, its sink and whether it may be tried again

  ObjectRequest object_request(std::string method, std::string_view key, Fields query = {}) const;
  ObjectRequest bucket_request(std::string method, Fields query) const;
  HttpResponse send(const Call& call) const;
  std::string create_upload(std::string_view key, std::string_view content_type) const;
  void upload_parts(std::string_view key, UploadSource& source,
                    std::string_view content_type) const;
  void complete_upload(std::string_view key, const std::string& upload_id,
                       const std::vector<CompletedPart>& parts) const;
  ListPage list_page(std::string_view prefix, const std::string& continuation) const;
  void delete_batch(const std::vector<std::string>& keys) const;

  ClientOptions options_;
  Signer signer_;
  std::unique_ptr<Transport> transport_;
};

}  // namespace tessera::s3
