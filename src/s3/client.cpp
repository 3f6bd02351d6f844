#include "s3/client.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <random>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <utility>

#include <fcntl.h>
#include <unistd.h>

#include "core/errors.hpp"
#include "core/settings.hpp"
#include "core/text.hpp"
#include "s3/answers.hpp"
#include "s3/client_call.hpp"
#include "s3/content_md5.hpp"
#include "s3/transport.hpp"

namespace tessera::s3 {
namespace {

constexpr std::chrono::milliseconds longest_backoff{5000};
constexpr std::size_t max_delete_batch = 1000;  // keys in one DeleteObjects

// retry_backoff × 2^(attempt - 1), at most longest_backoff, of which a random half is waited
// ("equal jitter"), so that clients refused at once do not come back at once.
std::chrono::milliseconds backoff(std::chrono::milliseconds first, int attempt) {
  const std::chrono::milliseconds full = std::min<std::chrono::milliseconds>(
      longest_backoff, first * (1L << std::min(attempt - 1, 20)));
  thread_local std::minstd_rand random{std::random_device{}()};
  std::uniform_int_distribution<std::int64_t> jitter(full.count() / 2, full.count());
  return std::chrono::milliseconds(jitter(random));
}

std::optional<std::uint64_t> parse_size(std::string_view text) {
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) return {};
  return value;
}

// The whole object's size from "bytes 0-9/1234" (206) or Content-Length (200).
ObjectHead object_head(const ObjectRequest& request, const HttpResponse& response) {
  ObjectHead head;
  std::optional<std::uint64_t> size;
  if (const std::string* range = response.header("content-range"); response.status == 206) {
    const auto slash = range ? range->rfind('/') : std::string::npos;
    if (slash != std::string::npos) size = parse_size(std::string_view(*range).substr(slash + 1));
  } else if (const std::string* length = response.header("content-length")) {
    size = parse_size(*length);
  }
  if (!size)
    throw Error(describe(request) + ": the answer does not say the object's size",
                static_cast<int>(response.status), "", "", "");
  head.size = *size;
  if (const std::string* etag = response.header("etag")) head.etag = *etag;
  if (const std::string* type = response.header("content-type")) head.content_type = *type;
  return head;
}

std::string range_header(const ByteRange& range) {
  if (range.last && *range.last < range.first)
    throw std::invalid_argument("S3: a byte range whose last byte comes before its first");
  return "bytes=" + std::to_string(range.first) + "-" +
         (range.last ? std::to_string(*range.last) : std::string());
}

// A file written by a GET's sink: removed again unless keep() was called.
class FileSink {
 public:
  explicit FileSink(const std::filesystem::path& path)
      : path_(path), fd_(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) {
    if (fd_ < 0)
      throw std::system_error(errno, std::generic_category(), "cannot create " + path.string());
  }
  FileSink(const FileSink&) = delete;
  FileSink& operator=(const FileSink&) = delete;
  ~FileSink() {
    if (fd_ >= 0) ::close(fd_);
    if (!kept_) ::unlink(path_.c_str());
  }

  void write(std::string_view bytes) {
    while (!bytes.empty()) {
      const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0)
        throw std::system_error(errno, std::generic_category(), "cannot write " + path_.string());
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
  }

  void keep() {
    const int fd = std::exchange(fd_, -1);
    if (::close(fd) != 0)
      throw std::system_error(errno, std::generic_category(), "cannot write " + path_.string());
    kept_ = true;
  }

 private:
  std::filesystem::path path_;
  int fd_;
  bool kept_ = false;
};

void check_options(const ClientOptions& options) {
  if (options.bucket.empty()) throw std::invalid_argument("S3: no bucket");
  if (options.part_size < min_part_size || options.part_size > 5 * 1024 * mebibyte)
    throw std::invalid_argument("S3: the part size must be 5 MiB to 5 GiB");
  if (options.max_attempts < 1) throw std::invalid_argument("S3: max_attempts must be 1 or more");
  if (options.list_page_size < 1 || options.list_page_size > 1000)
    throw std::invalid_argument("S3: the listing's page size must be 1 to 1000");
  if (options.connect_timeout.count() < 0 || options.request_timeout.count() < 0)
    throw std::invalid_argument("S3: a negative timeout");
}

}  // namespace

ClientOptions client_options(const core::Settings& settings) {
  std::vector<std::string> missing;
  if (!settings.s3_endpoint) missing.push_back("S3_ENDPOINT");
  if (!settings.s3_bucket) missing.push_back("S3_BUCKET");
  if (!settings.s3_access_key_id) missing.push_back("S3_ACCESS_KEY_ID");
  if (!settings.s3_secret_access_key) missing.push_back("S3_SECRET_ACCESS_KEY");
  if (!missing.empty())
    throw std::invalid_argument("S3: " + core::join(missing, ", ") + " not set");
  ClientOptions options;
  options.endpoint =
      Endpoint::parse(*settings.s3_endpoint,
                      settings.s3_path_style ? Addressing::path_style : Addressing::virtual_hosted);
  options.region = settings.s3_region;
  options.bucket = *settings.s3_bucket;
  options.credentials = {*settings.s3_access_key_id, *settings.s3_secret_access_key};
  return options;
}

Client::Client(ClientOptions options)
    : options_((check_options(options), std::move(options))),
      signer_(options_.endpoint, options_.credentials, options_.region),
      transport_(std::make_unique<Transport>(TransportOptions{
          options_.connect_timeout, options_.request_timeout, options_.idle_handles})) {}

Client::~Client() = default;

ObjectRequest Client::object_request(std::string method, std::string_view key, Fields query) const {
  // An empty key would name the bucket itself (a DELETE of it, a listing).
  if (key.empty()) throw std::invalid_argument("S3: an empty object key");
  return ObjectRequest{std::move(method), options_.bucket, std::string(key), std::move(query)};
}

ObjectRequest Client::bucket_request(std::string method, Fields query) const {
  return ObjectRequest{std::move(method), options_.bucket, "", std::move(query)};
}

HttpResponse Client::send(const Call& call) const {
  const int attempts = call.idempotent ? options_.max_attempts : 1;
  for (int attempt = 1;; ++attempt) {
    const SignedRequest signed_request =
        signer_.sign(call.request, std::chrono::system_clock::now());
    try {
      HttpResponse response =
          transport_->perform({call.request.method, signed_request, call.body, call.sink});
      if (attempt >= attempts || response.delivered > 0 || !is_transient(response)) return response;
    } catch (const TransportError& e) {
      if (attempt >= attempts || e.delivered() > 0 || !e.transient())
        throw core::UnavailableError(describe(call.request) + " at " + options_.endpoint.host +
                                     ": " + e.what() + " (attempt " + std::to_string(attempt) +
                                     ")");
    }
    std::this_thread::sleep_for(backoff(options_.retry_backoff, attempt));
  }
}

ObjectHead Client::get_object(std::string_view key,
                              const std::function<void(std::string_view)>& sink,
                              std::optional<ByteRange> range) const {
  ObjectRequest get = object_request("GET", key);
  if (range) get.headers.emplace_back("range", range_header(*range));
  const HttpResponse response = send({get, {}, &sink});
  expect(get, response, {200, 206});
  return object_head(get, response);
}

ObjectHead Client::get_to_file(std::string_view key, const std::filesystem::path& path,
                               std::optional<ByteRange> range) const {
  FileSink file(path);
  const ObjectHead head = get_object(
      key, [&file](std::string_view bytes) { file.write(bytes); }, range);
  file.keep();
  return head;
}

std::optional<ObjectHead> Client::head_object(std::string_view key) const {
  const ObjectRequest head = object_request("HEAD", key);
  const HttpResponse response = send({head});
  if (response.status == 404) return std::nullopt;
  expect(head, response, {200});
  return object_head(head, response);
}

void Client::delete_object(std::string_view key) const {
  const ObjectRequest del = object_request("DELETE", key);
  const HttpResponse response = send({del});
  if (response.status == 404) {
    const auto error = read_error_body(response.body);
    if (error && error->code == "NoSuchKey") return;
  }
  expect(del, response, {200, 204});
}

ListPage Client::list_page(std::string_view prefix, const std::string& continuation) const {
  ObjectRequest list =
      bucket_request("GET", {{"list-type", "2"},
                             {"prefix", std::string(prefix)},
                             {"max-keys", std::to_string(options_.list_page_size)}});
  if (!continuation.empty()) list.query.emplace_back("continuation-token", continuation);
  const HttpResponse response = send({list});
  expect(list, response, {200});
  return read_list_page(response.body);
}

std::vector<ListedObject> Client::list_keys(std::string_view prefix) const {
  std::vector<ListedObject> out;
  std::string continuation;
  do {
    ListPage page = list_page(prefix, continuation);
    std::move(page.objects.begin(), page.objects.end(), std::back_inserter(out));
    continuation = page.truncated ? std::move(page.next_continuation_token) : std::string();
  } while (!continuation.empty());
  return out;
}

std::size_t Client::delete_prefix(std::string_view prefix) const {
  if (prefix.empty()) throw std::invalid_argument("S3: delete_prefix needs a prefix");
  std::size_t deleted = 0;
  std::string continuation;
  do {
    const ListPage page = list_page(prefix, continuation);
    std::vector<std::string> batch;
    for (const auto& object : page.objects) {
      if (xml_can_carry(object.key))
        batch.push_back(object.key);
      else
        delete_object(object.key);
      if (batch.size() == max_delete_batch) delete_batch(std::exchange(batch, {}));
    }
    if (!batch.empty()) delete_batch(batch);
    deleted += page.objects.size();
    continuation = page.truncated ? page.next_continuation_token : std::string();
  } while (!continuation.empty());
  return deleted;
}

void Client::delete_batch(const std::vector<std::string>& keys) const {
  const std::string body = delete_objects_body(keys);
  BufferSource source(body);
  ObjectRequest del = bucket_request("POST", {{"delete", ""}});
  del.headers = {{"content-md5", content_md5(body)}, {"content-type", "application/xml"}};
  del.payload_hash = sha256_hex(body);
  const HttpResponse response = send({del, {&source, 0, body.size()}});
  expect(del, response, {200});
  for (const auto& failure : read_delete_failures(response.body)) {
    if (failure.code == "NoSuchKey") continue;
    const std::string* id = response.header("x-amz-request-id");
    throw Error(describe(del) + ": " + failure.key + ": " + failure.code + ": " + failure.message,
                200, failure.code, failure.message, id ? *id : "");
  }
}

std::vector<UploadInProgress> Client::list_uploads(std::string_view prefix) const {
  std::vector<UploadInProgress> out;
  std::string key_marker, upload_id_marker;
  while (true) {
    ObjectRequest list =
        bucket_request("GET", {{"uploads", ""},
                               {"prefix", std::string(prefix)},
                               {"max-uploads", std::to_string(options_.list_page_size)}});
    if (!key_marker.empty()) list.query.emplace_back("key-marker", key_marker);
    if (!upload_id_marker.empty()) list.query.emplace_back("upload-id-marker", upload_id_marker);
    const HttpResponse response = send({list});
    expect(list, response, {200});
    UploadPage page = read_upload_page(response.body);
    std::move(page.uploads.begin(), page.uploads.end(), std::back_inserter(out));
    if (!page.truncated) return out;
    key_marker = std::move(page.next_key_marker);
    upload_id_marker = std::move(page.next_upload_id_marker);
  }
}

void Client::abort_upload(std::string_view key, std::string_view upload_id) const {
  const ObjectRequest abort = object_request("DELETE", key, {{"uploadId", std::string(upload_id)}});
  const HttpResponse response = send({abort});
  if (response.status == 404) return;  // NoSuchUpload: completed or aborted already
  expect(abort, response, {200, 204});
}

std::string Client::presign_get(std::string_view key, std::chrono::seconds expires,
                                const Fields& query) const {
  if (key.empty()) throw std::invalid_argument("S3: an empty object key");
  return signer_.presign_get(options_.bucket, key, expires, std::chrono::system_clock::now(), query)
      .url;
}

}  // namespace tessera::s3
