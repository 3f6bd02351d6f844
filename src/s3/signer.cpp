#include "s3/signer.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

#include "core/ascii.hpp"

namespace tessera::s3 {
namespace {

constexpr std::chrono::seconds longest_presign = std::chrono::hours(24 * 7);

bool is_alnum_lower(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

// A bucket name that is also a DNS name under the endpoint's host.
bool is_dns_bucket(std::string_view bucket) {
  return !bucket.empty() && is_alnum_lower(bucket.front()) && is_alnum_lower(bucket.back()) &&
         bucket.find("..") == std::string_view::npos &&
         std::all_of(bucket.begin(), bucket.end(),
                     [](char c) { return is_alnum_lower(c) || c == '.' || c == '-'; });
}

bool is_host_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
}

// "[::1]", "127.0.0.1" or "s3.amazonaws.com", already lowercase.
bool is_host(std::string_view host) {
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    return std::all_of(host.begin() + 1, host.end() - 1, [](char c) {
      return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || c == ':' || c == '.';
    });
  return !host.empty() && std::all_of(host.begin(), host.end(), is_host_char);
}

bool is_port(std::string_view port) {
  if (port.empty() || port.size() > 5 || port.front() == '0') return false;
  if (!std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return false;
  return std::stoi(std::string(port)) <= 65535;
}

void check_endpoint(const Endpoint& endpoint) {
  if (endpoint.scheme != "http" && endpoint.scheme != "https")
    throw std::invalid_argument("S3: the endpoint's scheme must be http or https");
  if (endpoint.host.empty()) throw std::invalid_argument("S3: the endpoint has no host");
}

// Whether `name` is one of the headers the signer writes itself.
bool is_signer_header(std::string_view name) {
  for (const std::string_view own : {"host", "x-amz-date", "x-amz-content-sha256", "authorization"})
    if (core::iequals(name, own)) return true;
  return false;
}

}  // namespace

Endpoint Endpoint::parse(std::string_view url, Addressing addressing) {
  Endpoint out;
  out.addressing = addressing;
  const auto separator = url.find("://");
  if (separator == std::string_view::npos)
    throw std::invalid_argument("S3: the endpoint is not an http:// or https:// URL");
  out.scheme = core::ascii_lower(url.substr(0, separator));
  std::string_view rest = url.substr(separator + 3);
  if (rest.ends_with('/')) rest.remove_suffix(1);
  if (out.scheme != "http" && out.scheme != "https")
    throw std::invalid_argument("S3: the endpoint's scheme must be http or https");

  std::string authority = core::ascii_lower(rest);
  std::string_view host = authority;
  std::string_view port;
  const auto bracket = host.rfind(']');
  const auto colon = host.rfind(':');
  if (colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket)) {
    port = host.substr(colon + 1);
    host = host.substr(0, colon);
    if (!is_port(port)) throw std::invalid_argument("S3: the endpoint's port is not 1-65535");
  }
  if (!is_host(host))
    throw std::invalid_argument("S3: the endpoint must be a scheme, a host and a port, no path");
  const bool default_port =
      (out.scheme == "http" && port == "80") || (out.scheme == "https" && port == "443");
  out.host = default_port ? std::string(host) : authority;
  return out;
}

Signer::Signer(Endpoint endpoint, Credentials credentials, std::string region)
    : endpoint_(std::move(endpoint)),
      credentials_(std::move(credentials)),
      scope_{std::move(region), "s3"} {
  check_endpoint(endpoint_);
  check_scope(credentials_, scope_);
}

Signer::Target Signer::target(std::string_view bucket, std::string_view key) const {
  if (endpoint_.addressing == Addressing::virtual_hosted) {
    if (!is_dns_bucket(bucket))
      throw std::invalid_argument("S3: the bucket name cannot be part of a host name");
    return {std::string(bucket) + '.' + endpoint_.host, '/' + std::string(key)};
  }
  if (bucket.empty() || bucket.find('/') != std::string_view::npos)
    throw std::invalid_argument("S3: the bucket name is empty or holds a '/'");
  std::string path = '/' + std::string(bucket);
  if (!key.empty()) path += '/' + std::string(key);
  return {endpoint_.host, std::move(path)};
}

std::string Signer::url(const Target& target, const std::string& query) const {
  std::string out = endpoint_.scheme + "://" + target.host + uri_encode_path(target.path);
  if (!query.empty()) out += '?' + query;
  return out;
}

SignedRequest Signer::sign(const ObjectRequest& request, Time at) const {
  for (const auto& field : request.headers)
    if (is_signer_header(field.first))
      throw std::invalid_argument("S3: the signer sets the " + field.first + " header itself");
  const Target where = target(request.bucket, request.key);
  Request signed_request{request.method, where.path, request.query, request.headers,
                         request.payload_hash};
  signed_request.headers.emplace_back("host", where.host);
  signed_request.headers.emplace_back("x-amz-date", amz_date(at));
  signed_request.headers.emplace_back("x-amz-content-sha256", request.payload_hash);

  SignedRequest out;
  out.signature = s3::sign(signed_request, credentials_, scope_, at);
  out.url = url(where, canonical_query(request.query));
  out.headers = std::move(signed_request.headers);
  out.headers.emplace_back("authorization", out.signature.authorization);
  return out;
}

SignedRequest Signer::presign_get(std::string_view bucket, std::string_view key,
                                  std::chrono::seconds expires, Time at,
                                  const Fields& query) const {
  if (expires < std::chrono::seconds(1) || expires > longest_presign)
    throw std::invalid_argument("S3: a presigned URL expires after 1 second to 7 days");
  for (const auto& field : query)
    if (field.first.size() >= 6 &&
        core::iequals(std::string_view(field.first).substr(0, 6), "x-amz-"))
      throw std::invalid_argument("S3: the signer sets the X-Amz-* parameters itself");
  const Target where = target(bucket, key);
  const std::string date = amz_date(at);
  Request request{"GET", where.path, query, {{"host", where.host}}, std::string(unsigned_payload)};
  request.query.emplace_back("X-Amz-Algorithm", sigv4_algorithm);
  request.query.emplace_back("X-Amz-Credential",
                             credentials_.access_key_id + '/' + credential_scope(at, scope_));
  request.query.emplace_back("X-Amz-Date", date);
  request.query.emplace_back("X-Amz-Expires", std::to_string(expires.count()));
  request.query.emplace_back("X-Amz-SignedHeaders", "host");

  SignedRequest out;
  out.signature = s3::sign(request, credentials_, scope_, at);
  out.url =
      url(where, canonical_query(request.query) + "&X-Amz-Signature=" + out.signature.signature);
  out.headers = std::move(request.headers);
  return out;
}

}  // namespace tessera::s3
