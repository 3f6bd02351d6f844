#include "s3/sigv4.hpp"

#include <algorithm>
#include <cstdio>
#include <span>
#include <stdexcept>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "core/ascii.hpp"
#include "s3/sha256.hpp"

namespace tessera::s3 {
namespace {

bool is_unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

std::string percent_encode(std::string_view text, bool keep_slash) {
  static constexpr std::string_view digits = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (is_unreserved(c) || (keep_slash && c == '/')) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(digits[c >> 4]);
      out.push_back(digits[c & 0x0f]);
    }
  }
  return out;
}

// RFC 9110's token characters: what a header name may be made of.
bool is_token(std::string_view text) {
  constexpr std::string_view specials = "!#$%&'*+-.^_`|~";
  return !text.empty() && std::all_of(text.begin(), text.end(), [&](char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           specials.find(ch) != std::string_view::npos;
  });
}

// Lowercase letters, digits and '-': what a region or a service name is; a '/' or a space
// would change the credential scope's meaning.
bool is_scope_part(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

bool is_payload_hash(std::string_view text) {
  if (text == unsigned_payload) return true;
  return text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

// The value trimmed of blanks, with each inner run of blanks made one space.
std::string canonical_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  bool blank = false;
  for (const char c : value) {
    if (c == '\r' || c == '\n' || c == '\0')
      throw std::invalid_argument("SigV4: a header value holds CR, LF or NUL");
    if (c == ' ' || c == '\t') {
      blank = true;
      continue;
    }
    if (blank && !out.empty()) out.push_back(' ');
    blank = false;
    out.push_back(c);
  }
  return out;
}

// Lowercase names with their canonical values, sorted by name (repeated names keep their order).
Fields sorted_headers(const Fields& headers) {
  Fields out;
  out.reserve(headers.size());
  for (const auto& [name, value] : headers) {
    if (!is_token(name)) throw std::invalid_argument("SigV4: a header name is not a token");
    out.emplace_back(core::ascii_lower(name), canonical_value(value));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  return out;
}

// The canonical header lines of sorted headers: "name:value\n", a repeated name's values
// joined by ','.
std::string header_lines(const Fields& sorted) {
  std::string out;
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    if (i > 0 && sorted[i - 1].first == sorted[i].first) {
      out.back() = ',';  // instead of the previous line's '\n'
    } else {
      out += sorted[i].first;
      out += ':';
    }
    out += sorted[i].second;
    out += '\n';
  }
  return out;
}

// "host;range;x-amz-date": the names of sorted headers, each once.
std::string header_names(const Fields& sorted) {
  std::string out;
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    if (i > 0 && sorted[i - 1].first == sorted[i].first) continue;
    if (!out.empty()) out += ';';
    out += sorted[i].first;
  }
  return out;
}

const std::string* find(const Fields& fields, std::string_view name) {
  for (const auto& field : fields)
    if (field.first == name) return &field.second;
  return nullptr;
}

// Wipes a copy of the secret however the scope ends.
struct Wiped {
  std::string& text;
  ~Wiped() { OPENSSL_cleanse(text.data(), text.size()); }
};

using Mac = SigningKey::Bytes;

Mac hmac_sha256(std::span<const unsigned char> key, std::string_view data) {
  // An empty view may have a null data(), which HMAC would take for "no input".
  static constexpr unsigned char nothing = 0;
  const auto* bytes = data.empty() ? &nothing : reinterpret_cast<const unsigned char*>(data.data());
  Mac mac{};
  unsigned int size = 0;
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), bytes, data.size(), mac.data(),
           &size) == nullptr ||
      size != mac.size())
    throw std::runtime_error("OpenSSL: cannot compute an HMAC-SHA-256");
  return mac;
}

// Whether the request carries the time it is signed at.
bool carries_date(const Fields& headers, const Fields& query, std::string_view date) {
  const std::string* header = find(headers, "x-amz-date");
  if (header) return *header == date;
  for (const auto& [name, value] : query)
    if (name == "X-Amz-Date") return value == date;
  return false;
}

}  // namespace

std::string amz_date(Time at) {
  using namespace std::chrono;
  const auto seconds = floor<std::chrono::seconds>(at);
  const auto day = floor<days>(seconds);
  const year_month_day ymd{day};
  const hh_mm_ss hms{seconds - day};
  char text[17];
  std::snprintf(text, sizeof text, "%04d%02u%02uT%02d%02d%02dZ", int(ymd.year()),
                unsigned(ymd.month()), unsigned(ymd.day()), int(hms.hours().count()),
                int(hms.minutes().count()), int(hms.seconds().count()));
  return std::string(text, 16);
}

void check_scope(const Credentials& credentials, const Scope& scope) {
  const std::string_view id = credentials.access_key_id;
  if (id.empty() || !std::all_of(id.begin(), id.end(), [](char c) {
        return is_unreserved(static_cast<unsigned char>(c));
      }))
    throw std::invalid_argument("SigV4: the access key id must be letters, digits or -._~");
  if (!is_scope_part(scope.region) || !is_scope_part(scope.service))
    throw std::invalid_argument("SigV4: region and service must be lowercase letters, digits, -");
}

std::string credential_scope(Time at, const Scope& scope) {
  return amz_date(at).substr(0, 8) + '/' + scope.region + '/' + scope.service + "/aws4_request";
}

std::string uri_encode(std::string_view text) {
  return percent_encode(text, false);
}

std::string uri_encode_path(std::string_view text) {
  return percent_encode(text, true);
}

SigningKey::~SigningKey() {
  for (Bytes* key : {&k_date, &k_region, &k_service, &k_signing})
    OPENSSL_cleanse(key->data(), key->size());
}

SigningKey derive_signing_key(const core::Secret& secret, std::string_view yyyymmdd,
                              std::string_view region, std::string_view service) {
  std::string first = "AWS4" + secret.value();
  const Wiped wiped{first};
  SigningKey key;
  key.k_date = hmac_sha256(
      std::span(reinterpret_cast<const unsigned char*>(first.data()), first.size()), yyyymmdd);
  key.k_region = hmac_sha256(key.k_date, region);
  key.k_service = hmac_sha256(key.k_region, service);
  key.k_signing = hmac_sha256(key.k_service, "aws4_request");
  return key;
}

std::string canonical_query(const Fields& query) {
  Fields encoded;
  encoded.reserve(query.size());
  for (const auto& [name, value] : query) encoded.emplace_back(uri_encode(name), uri_encode(value));
  std::sort(encoded.begin(), encoded.end());
  std::string out;
  for (const auto& [name, value] : encoded) {
    if (!out.empty()) out += '&';
    out += name;
    out += '=';
    out += value;
  }
  return out;
}

std::string canonical_headers(const Fields& headers) {
  return header_lines(sorted_headers(headers));
}

Signature sign(const Request& request, const Credentials& credentials, const Scope& scope,
               Time at) {
  const std::string date = amz_date(at);
  const std::string_view day = std::string_view(date).substr(0, 8);
  check_scope(credentials, scope);
  if (request.method.empty() || !std::all_of(request.method.begin(), request.method.end(),
                                             [](char c) { return c >= 'A' && c <= 'Z'; }))
    throw std::invalid_argument("SigV4: the method must be uppercase letters");
  if (request.path.empty() || request.path.front() != '/')
    throw std::invalid_argument("SigV4: the path must start with '/'");
  if (!is_payload_hash(request.payload_hash))
    throw std::invalid_argument(
        "SigV4: the payload hash is neither a SHA-256 nor UNSIGNED-PAYLOAD");

  const Fields headers = sorted_headers(request.headers);
  if (!find(headers, "host")) throw std::invalid_argument("SigV4: the request has no host header");
  if (!carries_date(headers, request.query, date))
    throw std::invalid_argument("SigV4: the request does not carry the time it is signed at");

  Signature out;
  out.signed_headers = header_names(headers);
  out.canonical_request = request.method + '\n' + uri_encode_path(request.path) + '\n' +
                          canonical_query(request.query) + '\n' + header_lines(headers) + '\n' +
                          out.signed_headers + '\n' + request.payload_hash;
  out.credential_scope = credential_scope(at, scope);
  out.string_to_sign = std::string(sigv4_algorithm) + '\n' + date + '\n' + out.credential_scope +
                       '\n' + sha256_hex(out.canonical_request);
  const SigningKey key =
      derive_signing_key(credentials.secret_access_key, day, scope.region, scope.service);
  out.signature = hex_lower(hmac_sha256(key.k_signing, out.string_to_sign));
  out.authorization = std::string(sigv4_algorithm) + " Credential=" + credentials.access_key_id +
                      '/' + out.credential_scope + ", SignedHeaders=" + out.signed_headers +
                      ", Signature=" + out.signature;
  return out;
}

}  // namespace tessera::s3
