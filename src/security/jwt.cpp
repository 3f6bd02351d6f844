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
#include <sodium.h>

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

void check(int status, const char* what) {
  if (status == ENOMEM) throw std::bad_alloc();
  if (status != 0) throw std::runtime_error(std::string("libjwt: cannot ") + what);
}

bool is_base64url(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

// header.payload.signature, each non-empty unpadded base64url. Checked before libjwt sees
// the token: it reads a C string (a NUL would cut the token short of what was signed) and
// accepts an empty signature when the header says "none".
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

std::optional<json::object> decode_object(std::string_view part) {
  std::vector<unsigned char> bytes(part.size() * 3 / 4 + 1);
  std::size_t size = 0;
  const char* end = nullptr;
  if (sodium_base642bin(bytes.data(), bytes.size(), part.data(), part.size(), nullptr, &size, &end,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
      end != part.data() + part.size())
    return std::nullopt;
  boost::system::error_code error;
  json::value value =
      json::parse(std::string_view(reinterpret_cast<const char*>(bytes.data()), size), error);
  if (error || !value.is_object()) return std::nullopt;
  return std::move(value.as_object());
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

AccessClaims read_claims(const json::object& claims, core::Timestamp now) {
  const json::value* type = claims.if_contains("type");
  if (type == nullptr || !type->is_string() || type->get_string() != "access")
    throw InvalidToken("not an access token");
  AccessClaims out;
  out.expires_at = core::Timestamp(seconds(seconds_claim(claims, "exp")));
  if (out.expires_at <= now) throw InvalidToken("expired");
  out.issued_at = core::Timestamp(seconds(seconds_claim(claims, "iat")));
  out.user_id = uuid_claim(claims, "sub");
  out.session_id = uuid_claim(claims, "sid");
  out.jti = std::string(string_claim(claims, "jti"));
  return out;
}

}  // namespace

JwtCodec::JwtCodec(std::string secret, core::JwtAlgorithm algorithm, seconds lifetime)
    : secret_(std::move(secret)), algorithm_(algorithm), lifetime_(lifetime) {
  // libjwt verifies against an empty key as if there were none.
  if (secret_.empty()) throw std::invalid_argument("JWT secret is empty");
  if (secret_.size() > INT_MAX) throw std::invalid_argument("JWT secret too long");
  if (lifetime_ <= seconds::zero()) throw std::invalid_argument("JWT lifetime not positive");
  (void)to_libjwt(algorithm_);
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
  // libjwt takes the algorithm from the token; the configured one is the only one allowed.
  const auto header = decode_object(parts[0]);
  if (!header) throw InvalidToken("malformed header");
  const json::value* alg = header->if_contains("alg");
  if (alg == nullptr || !alg->is_string() || alg->get_string() != core::to_string(algorithm_))
    throw InvalidToken("algorithm not allowed");

  // libjwt compares the signatures with strcmp, not in constant time: a remote timing
  // attack on an HMAC through that is not considered practical, but it is not ideal.
  jwt_t* raw = nullptr;
  const std::string text(token);  // NUL-terminated for libjwt
  const int status =
      jwt_decode(&raw, text.c_str(), reinterpret_cast<const unsigned char*>(secret_.data()),
                 static_cast<int>(secret_.size()));
  JwtPtr jwt(raw);
  if (status == ENOMEM) throw std::bad_alloc();
  if (status != 0 || !jwt) throw InvalidToken("bad signature or malformed");
  // Again on what libjwt read, in case its JSON parser saw another "alg" than ours.
  if (jwt_get_alg(jwt.get()) != to_libjwt(algorithm_)) throw InvalidToken("algorithm not allowed");

  // The claims as libjwt verified them (not our own decoding of the payload).
  CString grants(jwt_get_grants_json(jwt.get(), nullptr));
  if (!grants) throw InvalidToken("no claims");
  boost::system::error_code error;
  const json::value claims = json::parse(grants.get(), error);
  if (error || !claims.is_object()) throw InvalidToken("malformed claims");
  return read_claims(claims.as_object(), now);
}

}  // namespace tessera::security
