#pragma once
// AWS Signature Version 4 (header and query authentication), as S3 checks it: the canonical
// request, the string to sign, the signing key and the signature, from plain values. No I/O.
//
// S3's flavour of the canonical URI: each path segment is URI-encoded once, and the path is
// signed as it is sent: neither normalised ("/a/../b", "//" stay) nor encoded a second time.

#include <array>
#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/secret.hpp"

namespace tessera::s3 {

inline constexpr std::string_view sigv4_algorithm = "AWS4-HMAC-SHA256";
// The payload hash of a request whose body is not signed (presigned URLs, streamed uploads
// over TLS).
inline constexpr std::string_view unsigned_payload = "UNSIGNED-PAYLOAD";

using Time = std::chrono::system_clock::time_point;
// Names and values in order; a name may appear more than once.
using Fields = std::vector<std::pair<std::string, std::string>>;

// "20130524T000000Z": the time in UTC to the second, as x-amz-date and X-Amz-Date carry it.
std::string amz_date(Time at);

// RFC 3986 percent-encoding as SigV4 wants it: A-Z a-z 0-9 - . _ ~ stay, every other byte is
// %XX in uppercase (a space is %20, never '+'). For query names and values, and path segments.
std::string uri_encode(std::string_view text);
// The same, with '/' kept: an object key, or a whole path, in the request's path.
std::string uri_encode_path(std::string_view text);

struct Credentials {
  std::string access_key_id;
  core::Secret secret_access_key;
};

// What a signature is valid for besides its day.
struct Scope {
  std::string region;  // "us-east-1"
  std::string service = "s3";
};

// One request as it is signed. The path and the query are given decoded; signing encodes them.
struct Request {
  std::string method;        // "GET"
  std::string path = "/";    // "/bucket/photos/a b.jpg"
  Fields query;              // {"prefix", "photos/"}, in any order; an empty value is "name="
  Fields headers;            // every header to sign, in any case and order; `host` among them
  std::string payload_hash;  // sha256_hex(body), empty_payload_sha256 or unsigned_payload
};

// The keys of the derivation HMAC("AWS4" + secret, date) -> region -> service ->
// "aws4_request". Wiped when destroyed.
struct SigningKey {
  using Bytes = std::array<unsigned char, 32>;
  Bytes k_date{}, k_region{}, k_service{}, k_signing{};
  ~SigningKey();
};

// The key of one secret for one day ("20130524"), region and service.
SigningKey derive_signing_key(const core::Secret& secret, std::string_view yyyymmdd,
                              std::string_view region, std::string_view service);

// Every step of one signature: what S3 compares when it answers SignatureDoesNotMatch (its
// error body carries its own canonical request and string to sign).
struct Signature {
  std::string canonical_request;
  std::string string_to_sign;
  std::string credential_scope;  // "20130524/us-east-1/s3/aws4_request"
  std::string signed_headers;    // "host;range;x-amz-content-sha256;x-amz-date"
  std::string signature;         // 64 lowercase hexadecimal digits
  // "AWS4-HMAC-SHA256 Credential=<key id>/<scope>, SignedHeaders=<...>, Signature=<...>"
  std::string authorization;
};

// The canonical form of a request's parts (exposed for the tests and for diagnostics):
// the encoded path; the encoded query sorted by name then value ("a=1&b=", "" for none);
// headers with lowercase names sorted, values trimmed with inner runs of blanks made one
// space and repeated names joined by ',', each line "name:value\n".
std::string canonical_query(const Fields& query);
std::string canonical_headers(const Fields& headers);

// "20130524/us-east-1/s3/aws4_request": the day, region and service a signature made at `at`
// is valid for.
std::string credential_scope(Time at, const Scope& scope);

// std::invalid_argument unless the key id is made of A-Z a-z 0-9 - . _ ~ and the region and
// service of lowercase letters, digits and '-': what a credential scope can carry.
void check_scope(const Credentials& credentials, const Scope& scope);

// Signs `request` at `at`. The request must carry the same time itself, in an x-amz-date
// header or an X-Amz-Date parameter, and a host header. std::invalid_argument on a request
// that cannot be signed as given: no host, no matching date, a method that is not uppercase
// letters, a header name that is not a token or a value with CR, LF or NUL, a payload hash
// that is neither 64 lowercase hexadecimal digits nor UNSIGNED-PAYLOAD, or what check_scope
// refuses.
Signature sign(const Request& request, const Credentials& credentials, const Scope& scope, Time at);

}  // namespace tessera::s3
