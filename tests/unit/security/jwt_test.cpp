#include "security/jwt.hpp"

#include <array>
#include <chrono>
#include <stdexcept>
#include <string>
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

// A token signed with HMAC-SHA256 over whatever header and payload a test wants.
std::string forge(std::string_view header, std::string_view payload,
                  std::string_view key = secret) {
  const std::string signing_input = base64url(header) + "." + base64url(payload);
  crypto_auth_hmacsha256_state state;
  std::array<unsigned char, crypto_auth_hmacsha256_BYTES> mac;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()),
                              key.size());
  crypto_auth_hmacsha256_update(
      &state, reinterpret_cast<const unsigned char*>(signing_input.data()), signing_input.size());
  crypto_auth_hmacsha256_final(&state, mac.data());
  return signing_input + "." +
         base64url(std::string_view(reinterpret_cast<const char*>(mac.data()), mac.size()));
}

constexpr std::string_view hs256_header = R"({"alg":"HS256","typ":"JWT"})";

// The claims a genuine token has; tests change one thing.
json::object good_claims() {
  return json::object{{"sub", user.str()},    {"sid", session.str()}, {"jti", "j-1"},
                      {"iat", 1'795'600'800}, {"exp", 1'795'602'600}, {"type", "access"}};
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
  // Boost.JSON and jansson (libjwt's parser) both keep the last of duplicated keys, as
  // RFC 7515 allows; were they ever to disagree, the check after decoding would catch it.
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

TEST_F(JwtTest, RefusesAnEmptySecretOrLifetime) {
  EXPECT_THROW(JwtCodec("", JwtAlgorithm::HS256, 30min), std::invalid_argument);
  EXPECT_THROW(JwtCodec(secret, JwtAlgorithm::HS256, 0s), std::invalid_argument);
}

}  // namespace
}  // namespace tessera::security
