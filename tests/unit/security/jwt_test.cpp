#include "security/jwt.hpp"

#include <array>
#include <chrono>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <gtest/gtest.h>
#include <sodium.h>

#include "core/timestamp.hpp"
#include "core/uuid.hpp"

namespace tessera::security {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using namespace std::string_literals;
using core::JwtAlgorithm;

const std::string secret = "0123456789abcdef0123456789abcdef";
const core::Uuid user = *core::Uuid::parse("0b7e7dee-87ac-4a5c-a0a1-21a3a3a8c9b1");
const core::Uuid session = *core::Uuid::parse("5d1c3a2e-0f4b-4e6a-9c8d-7b6a5f4e3d2c");
// 2026-11-25T10:00:00.250Z: not a whole second, as clocks are.
const core::Timestamp now = core::Timestamp(1'795'600'800s) + 250ms;

std::string base64url(std::string_view bytes) {
  constexpr int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::vector<char> out(sodium_base64_ENCODED_LEN(bytes.size(), variant));
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), variant);
  return out.data();
}

std::string base64url_decode(std::string_view text) {
  std::vector<unsigned char> out(text.size());
  std::size_t size = 0;
  if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &size, nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
    throw std::runtime_error("bad base64url");
  return std::string(reinterpret_cast<const char*>(out.data()), size);
}

// HMAC-SHA256 (or, with sha512, HMAC-SHA512) of `input` under `key`, by libsodium: another
// implementation than the codec's (OpenSSL).
std::string hmac(std::string_view input, std::string_view key, bool sha512 = false) {
  const auto* k = reinterpret_cast<const unsigned char*>(key.data());
  const auto* in = reinterpret_cast<const unsigned char*>(input.data());
  std::array<unsigned char, crypto_auth_hmacsha512_BYTES> mac{};
  std::size_t size = crypto_auth_hmacsha256_BYTES;
  if (sha512) {
    crypto_auth_hmacsha512_state state;
    crypto_auth_hmacsha512_init(&state, k, key.size());
    crypto_auth_hmacsha512_update(&state, in, input.size());
    crypto_auth_hmacsha512_final(&state, mac.data());
    size = crypto_auth_hmacsha512_BYTES;
  } else {
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init(&state, k, key.size());
    crypto_auth_hmacsha256_update(&state, in, input.size());
    crypto_auth_hmacsha256_final(&state, mac.data());
  }
  return std::string(reinterpret_cast<const char*>(mac.data()), size);
}

// A token signed with HMAC-SHA256 over whatever header and payload a test wants.
std::string forge(std::string_view header, std::string_view payload,
                  std::string_view key = secret) {
  const std::string signing_input = base64url(header) + "." + base64url(payload);
  return signing_input + "." + base64url(hmac(signing_input, key));
}

constexpr std::string_view hs256_header = R"({"alg":"HS256","typ":"JWT"})";

// The claims a genuine token has; tests change one thing.
json::object good_claims() {
  return json::object{{"iss", "tessera"},     {"aud", "tessera-api"}, {"sub", user.str()},
                      {"sid", session.str()}, {"jti", "j-1"},         {"iat", 1'795'600'800},
                      {"exp", 1'795'602'600}, {"type", "access"}};
}

std::string forge_claims(const json::object& claims,
                         std::string_view header = R"({"alg":"HS256","typ":"JWT"})") {
  return forge(header, json::serialize(claims));
}

std::vector<std::string> parts_of(const std::string& token) {
  const auto first = token.find('.');
  const auto second = token.find('.', first + 1);
  return {token.substr(0, first), token.substr(first + 1, second - first - 1),
          token.substr(second + 1)};
}

class JwtTest : public ::testing::Test {
 protected:
  void expect_rejected(const std::string& token, core::Timestamp at = now) {
    EXPECT_THROW(codec.verify(token, at), InvalidToken) << token;
  }

  JwtCodec codec{secret, JwtAlgorithm::HS256, 30min};
};

TEST_F(JwtTest, RoundTripOfTheClaims) {
  const std::string token = codec.issue(user, session, now, "jti-1");
  const AccessClaims claims = codec.verify(token, now);
  EXPECT_EQ(claims.user_id, user);
  EXPECT_EQ(claims.session_id, session);
  EXPECT_EQ(claims.jti, "jti-1");
  EXPECT_EQ(claims.issued_at, core::Timestamp(1'795'600'800s));  // whole seconds
  EXPECT_EQ(claims.expires_at, core::Timestamp(1'795'600'800s + 30min));
}

TEST_F(JwtTest, TokenHasTheDocumentedHeaderAndClaims) {
  const auto parts = parts_of(codec.issue(user, session, now, "jti-1"));
  const json::value header = json::parse(base64url_decode(parts[0]));
  EXPECT_EQ(header.at("alg"), "HS256");
  EXPECT_EQ(header.at("typ"), "JWT");
  const json::value claims = json::parse(base64url_decode(parts[1]));
  json::object expected = good_claims();
  expected["jti"] = "jti-1";
  EXPECT_EQ(claims, json::value(expected)) << json::serialize(claims);
}

TEST_F(JwtTest, EmptyJtiMeansARandomOne) {
  const auto a = codec.verify(codec.issue(user, session, now), now);
  const auto b = codec.verify(codec.issue(user, session, now), now);
  EXPECT_FALSE(a.jti.empty());
  EXPECT_NE(a.jti, b.jti);
}

TEST_F(JwtTest, AcceptsATokenForgedWithTheSecret) {
  // The forging helper is right, so the rejections below are about what they change.
  const auto claims = codec.verify(forge(hs256_header, json::serialize(good_claims())), now);
  EXPECT_EQ(claims.jti, "j-1");
}

TEST_F(JwtTest, RejectsATamperedPayload) {
  auto parts = parts_of(codec.issue(user, session, now));
  json::object claims = json::parse(base64url_decode(parts[1])).as_object();
  claims["sub"] = core::Uuid::random().str();
  expect_rejected(parts[0] + "." + base64url(json::serialize(claims)) + "." + parts[2]);
}

TEST_F(JwtTest, RejectsATamperedSignature) {
  auto parts = parts_of(codec.issue(user, session, now));
  parts[2][0] = parts[2][0] == 'A' ? 'B' : 'A';
  expect_rejected(parts[0] + "." + parts[1] + "." + parts[2]);
  expect_rejected(parts[0] + "." + parts[1] + ".");
}

TEST_F(JwtTest, RejectsAlgNone) {
  const auto parts = parts_of(codec.issue(user, session, now));
  const std::string none = base64url(R"({"alg":"none","typ":"JWT"})");
  expect_rejected(none + "." + parts[1] + ".");
  expect_rejected(none + "." + parts[1] + "." + parts[2]);
  expect_rejected(base64url(R"({"alg":"None"})") + "." + parts[1] + ".");
  expect_rejected(base64url(R"({"typ":"JWT"})") + "." + parts[1] + "." + parts[2]);
}

TEST_F(JwtTest, RejectsAnotherAlgorithmWithTheSameSecret) {
  const JwtCodec hs512(secret, JwtAlgorithm::HS512, 30min);
  const JwtCodec hs384(secret, JwtAlgorithm::HS384, 30min);
  expect_rejected(hs512.issue(user, session, now));
  expect_rejected(hs384.issue(user, session, now));
  EXPECT_THROW(hs512.verify(codec.issue(user, session, now), now), InvalidToken);
  EXPECT_NO_THROW(hs512.verify(hs512.issue(user, session, now), now));
}

TEST_F(JwtTest, ReadsADuplicatedAlgHeaderAsItsLastValue) {
  // Only our decoder (Boost.JSON) reads a token, and it keeps the last of duplicated keys,
  // as RFC 7515 allows.
  const auto payload = json::serialize(good_claims());
  expect_rejected(forge(R"({"alg":"HS256","alg":"none"})", payload));
  EXPECT_NO_THROW(codec.verify(forge(R"({"alg":"none","alg":"HS256"})", payload), now));
}

TEST_F(JwtTest, RejectsAnotherSecret) {
  const JwtCodec other("another secret, just as long as ours", JwtAlgorithm::HS256, 30min);
  expect_rejected(other.issue(user, session, now));
}

TEST_F(JwtTest, RejectsExpiredTokens) {
  const std::string token = codec.issue(user, session, now);
  const core::Timestamp expiry = core::Timestamp(1'795'600'800s + 30min);
  EXPECT_NO_THROW(codec.verify(token, expiry - 1us));
  expect_rejected(token, expiry);  // exp exactly now
  expect_rejected(token, expiry + 1s);
}

TEST_F(JwtTest, RejectsOtherTokenTypes) {
  for (const json::value& type : {json::value("refresh"), json::value(nullptr), json::value(1)}) {
    json::object claims = good_claims();
    claims["type"] = type;
    expect_rejected(forge(hs256_header, json::serialize(claims)));
  }
  json::object claims = good_claims();
  claims.erase("type");
  expect_rejected(forge(hs256_header, json::serialize(claims)));
}

TEST_F(JwtTest, RejectsMissingClaims) {
  for (const char* name : {"sub", "sid", "jti", "iat", "exp"}) {
    json::object claims = good_claims();
    claims.erase(name);
    expect_rejected(forge(hs256_header, json::serialize(claims)));
  }
}

TEST_F(JwtTest, RejectsMalformedClaims) {
  struct Claim {
    const char* name;
    json::value value;
  };
  const std::vector<Claim> bad = {
      {"exp", json::value("1795602600")},
      {"exp", json::value(1795602600.0)},
      {"exp", json::value(-1)},
      {"exp", json::value(1e300)},
      {"exp", json::value(9'223'372'036'854'775'807LL)},
      {"exp", json::value(18'446'744'073'709'551'615ULL)},
      {"iat", json::value("1795600800")},
      {"sub", json::value("not-a-uuid")},
      {"sub", json::value(user.str() + " ")},
      {"sid", json::value(42)},
      {"sid", json::value(nullptr)},
      {"jti", json::value("")},
      {"jti", json::value(7)},
  };
  for (const auto& [name, value] : bad) {
    json::object claims = good_claims();
    claims[name] = value;
    expect_rejected(forge(hs256_header, json::serialize(claims)));
  }
  expect_rejected(forge(hs256_header, "[1,2]"));
  expect_rejected(forge(hs256_header, "not json"));
}

TEST_F(JwtTest, RejectsGarbage) {
  const std::string token = codec.issue(user, session, now);
  for (const std::string& text :
       {""s, "garbage"s, "a.b"s, "a.b.c"s, ".."s, "a..c"s, token + ".x"s, token + "."s, " " + token,
        token + " ", token + "="s, token + "\0"s, token + "\0junk"s,
        base64url("{}") + "." + base64url("{}") + ".sig", base64url("[]") + ".e30.sig"}) {
    expect_rejected(text);
  }
}

TEST_F(JwtTest, EveryAlgorithmRoundTripsThroughOurOwnVerification) {
  // libjwt signs, our code (OpenSSL's HMAC) verifies: two implementations agree.
  for (const auto algorithm : {JwtAlgorithm::HS256, JwtAlgorithm::HS384, JwtAlgorithm::HS512}) {
    const JwtCodec c(secret, algorithm, 30min);
    const auto parts = parts_of(c.issue(user, session, now, "jti-2"));
    EXPECT_EQ(json::parse(base64url_decode(parts[0])).at("alg").as_string(),
              core::to_string(algorithm));
    EXPECT_EQ(c.verify(parts[0] + "." + parts[1] + "." + parts[2], now).jti, "jti-2");
  }
  // And what libsodium signs with HMAC-SHA512 passes the HS512 codec.
  const JwtCodec hs512(secret, JwtAlgorithm::HS512, 30min);
  const std::string input =
      base64url(R"({"alg":"HS512","typ":"JWT"})") + "." + base64url(json::serialize(good_claims()));
  EXPECT_EQ(hs512.verify(input + "." + base64url(hmac(input, secret, true)), now).jti, "j-1");
}

TEST_F(JwtTest, RejectsAForgedSignatureOfTheSameLength) {
  const auto parts = parts_of(codec.issue(user, session, now));
  const std::string input = parts[0] + "." + parts[1];
  ASSERT_GE(sodium_init(), 0);
  std::array<unsigned char, crypto_auth_hmacsha256_BYTES> noise{};
  for (int attempt = 0; attempt < 16; ++attempt) {
    randombytes_buf(noise.data(), noise.size());
    const std::string forged =
        base64url(std::string_view(reinterpret_cast<const char*>(noise.data()), noise.size()));
    ASSERT_EQ(forged.size(), parts[2].size());
    expect_rejected(input + "." + forged);
  }
  // The right length and the right algorithm, another key.
  expect_rejected(input + "." + base64url(hmac(input, "another secret, just as long as ours")));
  // The HMAC-SHA512 of the same input and key: longer than ours, never a prefix match.
  expect_rejected(input + "." + base64url(hmac(input, secret, true)));
  expect_rejected(input + "." + base64url(hmac(input, secret).substr(0, 31)));
}

TEST_F(JwtTest, RejectsEveryOneByteChangeOfTheSignature) {
  const auto parts = parts_of(codec.issue(user, session, now));
  const std::string mac = base64url_decode(parts[2]);
  for (std::size_t i = 0; i < mac.size(); ++i)
    for (const unsigned char bit : {0x01, 0x80}) {
      std::string changed = mac;
      changed[i] = static_cast<char>(static_cast<unsigned char>(changed[i]) ^ bit);
      expect_rejected(parts[0] + "." + parts[1] + "." + base64url(changed));
    }
}

TEST_F(JwtTest, RejectsEveryOneCharacterChangeOfTheToken) {
  // Also the last character of each part, whose low bits base64url leaves unused: a
  // lenient decoder would read some of those changes as the same bytes.
  const std::string token = codec.issue(user, session, now);
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '.') continue;
    for (const char c : {'A', 'B', 'Q', 'g', 'w', '-', '_', '0'}) {
      if (c == token[i]) continue;
      std::string changed = token;
      changed[i] = c;
      expect_rejected(changed);
    }
  }
}

TEST_F(JwtTest, RejectsAHeaderNamingAnotherAlgorithmEvenWhenSignedRight) {
  // Signed with our key and our algorithm, so only the header's alg is wrong.
  const auto payload = json::serialize(good_claims());
  for (const char* header : {R"({"alg":"HS512","typ":"JWT"})", R"({"alg":"hs256"})",
                             R"({"alg":"none"})", R"({"alg":"RS256"})", R"({"alg":null})", "{}"})
    expect_rejected(forge(header, payload));
  // The algorithm swapped in an issued token: the signature no longer matches either.
  const auto parts = parts_of(codec.issue(user, session, now));
  expect_rejected(base64url(R"({"alg":"HS512","typ":"JWT"})") + "." + parts[1] + "." + parts[2]);
  expect_rejected(base64url(R"({"alg":"none","typ":"JWT"})") + "." + parts[1] + "." + parts[2]);
}

TEST_F(JwtTest, HeaderTypeIsJwtWhenPresent) {
  EXPECT_NO_THROW(codec.verify(forge_claims(good_claims(), R"({"alg":"HS256"})"), now));
  EXPECT_NO_THROW(codec.verify(forge_claims(good_claims(), R"({"alg":"HS256","typ":"jwt"})"), now));
  for (const char* header : {R"({"alg":"HS256","typ":"JWS"})", R"({"alg":"HS256","typ":"at+jwt"})",
                             R"({"alg":"HS256","typ":""})", R"({"alg":"HS256","typ":1})",
                             R"({"alg":"HS256","typ":null})"})
    expect_rejected(forge_claims(good_claims(), header));
  // Extensions we would have to understand.
  expect_rejected(forge_claims(good_claims(), R"({"alg":"HS256","typ":"JWT","crit":["exp"]})"));
  expect_rejected(forge(R"(["alg","HS256"])", json::serialize(good_claims())));
}

TEST_F(JwtTest, IssuerAndAudienceAreRequired) {
  const std::vector<std::pair<const char*, json::value>> bad = {
      {"iss", json::value("someone-else")}, {"iss", json::value("Tessera")},
      {"iss", json::value(nullptr)},        {"iss", json::value(json::array{"tessera"})},
      {"aud", json::value("another-api")},  {"aud", json::value(json::array{"another-api"})},
      {"aud", json::value(json::array{})},  {"aud", json::value(1)},
      {"aud", json::value(nullptr)},
  };
  for (const auto& [name, value] : bad) {
    json::object claims = good_claims();
    claims[name] = value;
    expect_rejected(forge_claims(claims));
  }
  for (const char* name : {"iss", "aud"}) {
    json::object claims = good_claims();
    claims.erase(name);
    expect_rejected(forge_claims(claims));
  }
  // RFC 7519: aud may be a list; ours must be in it.
  json::object claims = good_claims();
  claims["aud"] = json::array{"another-api", "tessera-api"};
  EXPECT_NO_THROW(codec.verify(forge_claims(claims), now));
}

TEST_F(JwtTest, NotBeforeIsHonouredWhenPresent) {
  json::object claims = good_claims();
  claims["nbf"] = 1'795'600'800;
  EXPECT_NO_THROW(codec.verify(forge_claims(claims), now));
  claims["nbf"] = 1'795'600'801;  // a second after now
  expect_rejected(forge_claims(claims));
  claims["nbf"] = "1795600800";
  expect_rejected(forge_claims(claims));
}

TEST_F(JwtTest, RefusesAnEmptySecretOrLifetime) {
  EXPECT_THROW(JwtCodec("", JwtAlgorithm::HS256, 30min), std::invalid_argument);
  EXPECT_THROW(JwtCodec(secret, JwtAlgorithm::HS256, 0s), std::invalid_argument);
}

}  // namespace
}  // namespace tessera::security
