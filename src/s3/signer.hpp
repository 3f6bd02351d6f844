#pragma once
// Requests to one S3 service signed for one account: where a bucket and a key live in the URL
// (path-style or virtual-hosted), the headers S3 wants signed, and presigned GET URLs. It
// writes what to send; sending it is the client's.

#include <chrono>
#include <string>
#include <string_view>

#include "s3/sha256.hpp"
#include "s3/sigv4.hpp"

namespace tessera::s3 {

enum class Addressing {
  path_style,      // http://127.0.0.1:7480/bucket/key (Ceph RGW, MinIO)
  virtual_hosted,  // https://bucket.s3.amazonaws.com/key
};

struct Endpoint {
  std::string scheme = "https";  // "http" or "https"
  std::string host;              // lowercase, with ":port" when not the scheme's default
  Addressing addressing = Addressing::path_style;

  // From S3_ENDPOINT ("http://127.0.0.1:7480", "https://s3.amazonaws.com/"): the scheme http
  // or https, a host name or IP address, a port, nothing after but one '/'. A default port
  // (80, 443) is dropped, as clients leave it out of the Host header. std::invalid_argument
  // otherwise.
  static Endpoint parse(std::string_view url, Addressing addressing);
};

// An S3 request before signing. The key and the query are given decoded.
struct ObjectRequest {
  std::string method = "GET";
  std::string bucket;
  std::string key;  // "" for a request on the bucket itself (list, lifecycle)
  Fields query;     // {"uploadId", "..."}, {"lifecycle", ""}
  // Headers signed besides those the signer sets (host, x-amz-date, x-amz-content-sha256):
  // range, content-type, content-md5, x-amz-meta-*, x-amz-storage-class ...
  Fields headers;
  std::string payload_hash = std::string(empty_payload_sha256);
};

struct SignedRequest {
  std::string url;  // "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-..."
  // The headers to send as they are: the request's own, then host, x-amz-date,
  // x-amz-content-sha256 and authorization (a presigned URL: host only).
  Fields headers;
  Signature signature;
};

class Signer {
 public:
  // std::invalid_argument when the endpoint has no host or a scheme other than http(s), or
  // the credentials or region cannot be put in a credential scope.
  Signer(Endpoint endpoint, Credentials credentials, std::string region);

  const Endpoint& endpoint() const noexcept { return endpoint_; }
  const std::string& region() const noexcept { return scope_.region; }

  // The request signed at `at`, in an Authorization header. std::invalid_argument for a
  // bucket name the addressing cannot carry (virtual-hosted: lowercase letters, digits, '.',
  // '-', starting and ending with a letter or digit; path-style: no '/'), a header the signer
  // sets itself, or anything sign() refuses.
  SignedRequest sign(const ObjectRequest& request, Time at) const;

  // A URL that GETs `key` from `bucket` without credentials for `expires` (1 s to 7 days,
  // std::invalid_argument otherwise) from `at`: query authentication, the host header
  // alone signed, the payload unsigned. `query` adds parameters such as
  // response-content-disposition, signed with the rest; X-Amz-* names are the signer's.
  SignedRequest presign_get(std::string_view bucket, std::string_view key,
                            std::chrono::seconds expires, Time at, const Fields& query = {}) const;

 private:
  struct Target {
    std::string host;
    std::string path;  // decoded
  };
  Target target(std::string_view bucket, std::string_view key) const;
  std::string url(const Target& target, const std::string& query) const;

  Endpoint endpoint_;
  Credentials credentials_;
  Scope scope_;
};

}  // namespace tessera::s3
