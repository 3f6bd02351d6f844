#pragma once
// One HTTP exchange of a signed S3 request over libcurl, for s3::Client: the body read from
// an UploadSource, a successful answer's body handed to a sink as it arrives, any other
// answer's body kept for its error document. Easy handles are kept between exchanges, so
// that connections stay open and are reused. Blocking; safe to share between threads.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "s3/signer.hpp"
#include "s3/upload_source.hpp"

namespace tessera::s3 {

using BodySink = std::function<void(std::string_view)>;

// [offset, offset + size) of `source`: a whole upload or one part of it.
struct BodyWindow {
  UploadSource* source = nullptr;  // null: no body
  std::uint64_t offset = 0;
  std::uint64_t size = 0;
};

struct Exchange {
  const std::string& method;
  const SignedRequest& request;
  BodyWindow body;                 // PUT and POST send one, empty when it has no source
  const BodySink* sink = nullptr;  // where a 2xx answer's body goes; null: into the response
};

struct HttpResponse {
  long status = 0;
  Fields headers;               // names in lowercase, values trimmed, in the order received
  std::string body;             // when it did not go to the sink
  std::uint64_t delivered = 0;  // bytes of the body given to the sink

  // The last value of header `name` (lowercase), or null.
  const std::string* header(std::string_view name) const;
};

// No answer: the server could not be reached, the connection broke, the time ran out.
// transient(): trying again may work (connection refused, reset, timeout), unlike a
// malformed URL or a certificate refused.
class TransportError : public std::runtime_error {
 public:
  TransportError(const std::string& what, bool transient, std::uint64_t delivered)
      : std::runtime_error(what), transient_(transient), delivered_(delivered) {}
  bool transient() const noexcept { return transient_; }
  std::uint64_t delivered() const noexcept { return delivered_; }  // to the sink before it broke

 private:
  bool transient_;
  std::uint64_t delivered_;
};

struct TransportOptions {
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds request_timeout{120000};
  std::size_t max_idle_handles = 4;
  std::size_t max_kept_body = 16 << 20;  // an answer kept in memory (XML) may be this large
};

class Transport {
 public:
  explicit Transport(TransportOptions options);
  ~Transport();
  Transport(const Transport&) = delete;
  Transport& operator=(const Transport&) = delete;

  // Sends `exchange` and waits for the whole answer. Throws TransportError when there is no
  // answer, and whatever the body's source or the sink threw (the exchange is then cut off).
  HttpResponse perform(const Exchange& exchange);

 private:
  struct Cleanup {
    void operator()(void* curl) const noexcept;
  };
  using Handle = std::unique_ptr<void, Cleanup>;  // a CURL easy handle
  struct Lease;                                   // a handle borrowed for one exchange

  Handle acquire();
  void release(Handle handle) noexcept;

  TransportOptions options_;
  std::mutex mutex_;
  std::vector<Handle> idle_;  // guarded by mutex_
};

}  // namespace tessera::s3
