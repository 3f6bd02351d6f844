#include "security/jwt.hpp"

#include <array>
#include <cerrno>
#include <climits>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <new>
#include <optional>
#include <utility>
#include <vector>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <jwt.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium.h>

#include "core/ascii.hpp"

namespace tessera::security {
namespace {

namespace json = boost::json;
using std::chrono::seconds;

struct JwtFree {
  void operator()(jwt_t* jwt) const { jwt_free(jwt); }  // also scrubs the key copy
};
using JwtPtr = std::unique_ptr<jwt_t, JwtFree>;

// libjwt 1.10's strings are malloc'ed. This deleter is the RAII the checks below ask for.
struct MallocFree {
  void operator()(char* text) const {
    std::free(text);  // NOLINT(cppcoreguidelines-no-malloc,cppcoreguidelines-owning-memory)
  }
};
using CString = std::unique_ptr<char, MallocFree>;

// 9999-12-31T23:59:59Z. Later claims are nonsense, and would overflow Timestamp's
// microseconds (signed overflow: undefined behaviour).
constexpr std::int64_t max_claim_seconds = 253'402'300'799;

jwt_alg_t to_libjwt(core::JwtAlgorithm algorithm) {
  switch (algorithm) {
    case core::JwtAlgorithm::HS256:
      return JWT_ALG_HS256;
    case core::JwtAlgorithm::HS384:
      return JWT_ALG_HS384;
    case core::JwtAlgorithm::HS512:
      return JWT_ALG_HS512;
  }
  throw std::invalid_argument("unknown JWT algorithm");
}

const EVP_MD* digest_of(core::JwtAlgorithm algorithm) {
  switch (algorithm) {
    case core::JwtAlgorithm::HS256:
      return EVP_sha256();
    case core::JwtAlgorithm::HS384:
      return EVP_sha384();
    case core::JwtAlgorithm::HS512:
      return EVP_sha512();
  }
  throw std::invalid_argument("unknown JWT algorithm");
}

void check(int status, const char* what) {
  if (status == ENOMEM) throw std::bad_alloc();
  if (status != 0) throw std::runtime_error(std::string("libjwt: cannot ") + what);
}

bool is_base64url(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

// header.payload.signature, each non-empty unpadded base64url (so an empty signature, as
// "alg": "none" has, never gets further).
std::array<std::string_view, 3> split(std::string_view token) {
  std::array<std::string_view, 3> parts;
  std::size_t part = 0;
  std::size_t begin = 0;
  for (std::size_t i = 0; i <= token.size(); ++i) {
    if (i < token.size() && token[i] != '.') {
      if (!is_base64url(token[i])) throw InvalidToken("not base64url");
      continue;
    }
    if (part == parts.size() || i == begin) throw InvalidToken("not three parts");
    parts[part++] = token.substr(begin, i - begin);
    begin = i + 1;
  }
  if (part != parts.size()) throw InvalidToken("not three parts");
  return parts;
}

// The bytes of one part; none unless all of it is canonical base64url (libsodium refuses
// stray bits in the last character, so one token has one spelling).
std::optional<std::size_t> decode_base64url(std::string_view part, unsigned char* out,
                                            std::size_t capacity) {
  std::size_t size = 0;
  const char* end = nullptr;
  if (sodium_base642bin(out, capacity, part.data(), part.size(), nullptr, &size, &end,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
      end != part.data() + part.size())
    return std::nullopt;
  return size;
}

std::optional<json::object> decode_object(std::string_view part) {
  std::vector<unsigned char> bytes(part.size() * 3 / 4 + 1);
  const auto size = decode_base64url(part, bytes.data(), bytes.size());
  if (!size) return std::nullopt;
  boost::system::error_code error;
  json::value value =
      json::parse(std::string_view(reinterpret_cast<const char*>(bytes.data()), *size), error);
  if (error || !value.is_object()) return std::nullopt;
  return std::move(value.as_object());
}

// The signature must be the HMAC of "header.payload" under our secret and our algorithm,
// compared in constant time, whatever the header claims.
void check_signature(std::string_view signing_input, std::string_view signature,
                     const std::string& secret, core::JwtAlgorithm algorithm) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> expected{};
  unsigned int expected_size = 0;
  if (HMAC(digest_of(algorithm), secret.data(), static_cast<int>(secret.size()),
           reinterpret_cast<const unsigned char*>(signing_input.data()), signing_input.size(),
           expected.data(), &expected_size) == nullptr)
    throw std::runtime_error("OpenSSL: cannot compute an HMAC");
  std::array<unsigned char, EVP_MAX_MD_SIZE> given{};
  const auto given_size = decode_base64url(signature, given.data(), given.size());
  // The lengths are public (the algorithm's); only the bytes are compared in constant time.
  const bool same = given_size && *given_size == expected_size &&
                    CRYPTO_memcmp(given.data(), expected.data(), expected_size) == 0;
  OPENSSL_cleanse(expected.data(), expected.size());
  if (!same) throw InvalidToken("bad signature");
}

void check_header(const json::object& header, core::JwtAlgorithm algorithm) {
  // A valid signature under our algorithm already; the header must say the same.
  const json::value* alg = header.if_contains("alg");
  if (alg == nullptr || !alg->is_string() || alg->get_string() != core::to_string(algorithm))
    throw InvalidToken("algorithm not allowed");
  // RFC 7519 §5.1: "JWT" when present; media types compare without case (RFC 7515 §4.1.9).
  if (const json::value* typ = header.if_contains("typ"))
    if (!typ->is_string() || !core::iequals(typ->get_string(), "JWT"))
      throw InvalidToken("not a JWT");
  // RFC 7515 §4.1.11: extensions a recipient does not understand must be refused; we
  // understand none.
  if (header.contains("crit")) throw InvalidToken("critical header extensions");
}

std::int64_t seconds_claim(const json::object& claims, std::string_view name) {
  const json::value* value = claims.if_contains(name);
  if (value == nullptr || !value->is_int64())
    throw InvalidToken(std::string(name) + " missing or not an integer");
  const std::int64_t count = value->get_int64();
  if (count < 0 || count > max_claim_seconds)
    throw InvalidToken(std::string(name) + " out of range");
  return count;
}

std::string_view string_claim(const json::object& claims, std::string_view name) {
  const json::value* value = claims.if_contains(name);
  if (value == nullptr || !value->is_string() || value->get_string().empty())
    throw InvalidToken(std::string(name) + " missing or not a string");
  return value->get_string();
}

core::Uuid uuid_claim(const json::object& claims, std::string_view name) {
  const auto uuid = core::Uuid::parse(string_claim(claims, name));
  if (!uuid) throw InvalidToken(std::string(name) + " not a UUID");
  return *uuid;
}

// RFC 7519 §4.1.3: one audience, or a list of them, ours among them.
bool for_audience(const json::object& claims, std::string_view audience) {
  const json::value* aud = claims.if_contains("aud");
  if (aud == nullptr) return false;
  if (aud->is_string()) return aud->get_string() == audience;
  if (!aud->is_array()) return false;
  for (const json::value& one : aud->get_array())
    if (one.is_string() && one.get_string() == audience) return true;
  return false;
}

AccessClaims read_claims(const json::object& claims, core::Timestamp now) {
  const json::value* type = claims.if_contains("type");
  if (type == nullptr || !type->is_string() || type->get_string() != "access")
    throw InvalidToken("not an access token");
  const json::value* iss = claims.if_contains("iss");
  if (iss == nullptr || !iss->is_string() || iss->get_string() != JwtCodec::issuer)
    throw InvalidToken("another issuer");
  if (!for_audience(claims, JwtCodec::audience)) throw InvalidToken("another audience");
  AccessClaims out;
  out.expires_at = core::Timestamp(seconds(seconds_claim(claims, "exp")));
  if (out.expires_at <= now) throw InvalidToken("expired");
  if (claims.contains("nbf") && core::Timestamp(seconds(seconds_claim(claims, "nbf"))) > now)
    throw InvalidToken("not yet valid");
  out.issued_at = core::Timestamp(seconds(seconds_claim(claims, "iat")));
  out.user_id = uuid_claim(claims, "sub");
  out.session_id = uuid_claim(claims, "sid");
  out.jti = std::string(string_claim(claims, "jti"));
  return out;
}

}  // namespace

JwtCodec::JwtCodec(std::string secret, core::JwtAlgorithm algorithm, seconds lifetime)
    : secret_(std::move(secret)), algorithm_(algorithm), lifetime_(lifetime) {
  // An empty key is no key: libjwt would sign with none.
  if (secret_.empty()) throw std::invalid_argument("JWT secret is empty");
  if (secret_.size() > INT_MAX) throw std::invalid_argument("JWT secret too long");
  if (lifetime_ <= seconds::zero()) throw std::invalid_argument("JWT lifetime not positive");
  (void)to_libjwt(algorithm_);
  (void)digest_of(algorithm_);
}

std::string JwtCodec::issue(const core::Uuid& user, const core::Uuid& session, core::Timestamp now,
                            std::string jti) const {
  if (jti.empty()) jti = core::Uuid::random().str();
  if (jti.find('\0') != std::string::npos) throw std::invalid_argument("jti contains a NUL");
  const long issued = std::chrono::floor<seconds>(now.time_since_epoch()).count();
  jwt_t* raw = nullptr;
  check(jwt_new(&raw), "create a token");
  JwtPtr jwt(raw);
  check(jwt_set_alg(jwt.get(), to_libjwt(algorithm_),
                    reinterpret_cast<const unsigned char*>(secret_.data()),
                    static_cast<int>(secret_.size())),
        "set the algorithm");
  check(jwt_add_grant(jwt.get(), "iss", std::string(issuer).c_str()), "add iss");
  check(jwt_add_grant(jwt.get(), "aud", std::string(audience).c_str()), "add aud");
  check(jwt_add_grant(jwt.get(), "sub", user.str().c_str()), "add sub");
  check(jwt_add_grant(jwt.get(), "sid", session.str().c_str()), "add sid");
  check(jwt_add_grant(jwt.get(), "jti", jti.c_str()), "add jti");
  check(jwt_add_grant_int(jwt.get(), "iat", issued), "add iat");
  check(jwt_add_grant_int(jwt.get(), "exp", issued + lifetime_.count()), "add exp");
  check(jwt_add_grant(jwt.get(), "type", "access"), "add type");
  CString token(jwt_encode_str(jwt.get()));
  if (!token) throw std::runtime_error("libjwt: cannot encode a token");
  return token.get();
}

AccessClaims JwtCodec::verify(std::string_view token, core::Timestamp now) const {
  const auto parts = split(token);
  check_signature(token.substr(0, parts[0].size() + 1 + parts[1].size()), parts[2], secret_,
                  algorithm_);
  const auto header = decode_object(parts[0]);
  if (!header) throw InvalidToken("malformed header");
  check_header(*header, algorithm_);
  const auto claims = decode_object(parts[1]);
  if (!claims) throw InvalidToken("malformed claims");
  return read_claims(*claims, now);
}

}  // namespace tessera::security
