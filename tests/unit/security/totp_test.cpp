#include "security/totp.hpp"

#include <array>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

namespace tessera::security {
namespace {

std::vector<unsigned char> bytes_of(std::string_view text) {
  return {text.begin(), text.end()};
}

// RFC 6238 appendix B's SHA-1 key, and the same key as an authenticator app would get it.
const std::vector<unsigned char> rfc_key = bytes_of("12345678901234567890");
const std::string rfc_secret = base32_encode(rfc_key);

std::string six_digits(int code) {
  std::string text = std::to_string(code);
  return std::string(6 - text.size(), '0') + text;
}

struct Vector {
  std::int64_t unix_seconds;
  int code;
};
// RFC 6238 appendix B, SHA-1 column.
constexpr std::array<Vector, 6> rfc6238_sha1{{{59, 94287082},
                                              {1111111109, 7081804},
                                              {1111111111, 14050471},
                                              {1234567890, 89005924},
                                              {2000000000, 69279037},
                                              {20000000000, 65353130}}};

TEST(TotpTest, Rfc6238Sha1VectorsAtEightDigits) {
  for (const auto& [t, code] : rfc6238_sha1)
    EXPECT_EQ(totp_code(rfc_key, totp_step(t), 8), code) << "t = " << t;
}

TEST(TotpTest, SixDigitCodesAreTheLastSixOfTheEightDigitOnes) {
  for (const auto& [t, code] : rfc6238_sha1) {
    EXPECT_EQ(totp_code(rfc_key, totp_step(t)), code % 1'000'000) << "t = " << t;
    EXPECT_EQ(totp_code(rfc_key, totp_step(t), 6), code % 1'000'000) << "t = " << t;
  }
}

TEST(TotpTest, Rfc4226HotpVectors) {
  // RFC 4226 appendix D: the same key, counters 0 to 9.
  constexpr std::array<int, 10> codes{755224, 287082, 359152, 969429, 338314,
                                      254676, 287922, 162583, 399871, 520489};
  for (std::int64_t counter = 0; counter < 10; ++counter)
    EXPECT_EQ(totp_code(rfc_key, counter), codes[counter]) << "counter = " << counter;
}

TEST(TotpTest, DigitsOutsideSixToEightAreRefused) {
  EXPECT_THROW(totp_code(rfc_key, 1, 5), std::invalid_argument);
  EXPECT_THROW(totp_code(rfc_key, 1, 9), std::invalid_argument);
  EXPECT_EQ(totp_code(rfc_key, 1, 7), 4287082);
}

TEST(TotpTest, StepsAreThirtySecondsFloored) {
  EXPECT_EQ(totp_step(0), 0);
  EXPECT_EQ(totp_step(29), 0);
  EXPECT_EQ(totp_step(30), 1);
  EXPECT_EQ(totp_step(59), 1);
  EXPECT_EQ(totp_step(1111111109), 37037036);
  EXPECT_EQ(totp_step(-1), -1);
  EXPECT_EQ(totp_step(-30), -1);
  EXPECT_EQ(totp_step(-31), -2);
}

TEST(Base32Test, Rfc4648Vectors) {
  // RFC 4648 section 10, without the padding.
  EXPECT_EQ(base32_encode(bytes_of("")), "");
  EXPECT_EQ(base32_encode(bytes_of("f")), "MY");
  EXPECT_EQ(base32_encode(bytes_of("fo")), "MZXQ");
  EXPECT_EQ(base32_encode(bytes_of("foo")), "MZXW6");
  EXPECT_EQ(base32_encode(bytes_of("foob")), "MZXW6YQ");
  EXPECT_EQ(base32_encode(bytes_of("fooba")), "MZXW6YTB");
  EXPECT_EQ(base32_encode(bytes_of("foobar")), "MZXW6YTBOI");
  EXPECT_EQ(rfc_secret, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
}

TEST(Base32Test, DecodesRfc4648VectorsWithOrWithoutPadding) {
  EXPECT_EQ(base32_decode("MZXW6YTBOI"), bytes_of("foobar"));
  EXPECT_EQ(base32_decode("MZXW6YTBOI======"), bytes_of("foobar"));
  EXPECT_EQ(base32_decode("MY======"), bytes_of("f"));
  EXPECT_EQ(base32_decode("MZXQ"), bytes_of("fo"));
  EXPECT_EQ(base32_decode(""), bytes_of(""));
}

TEST(Base32Test, DecodingIgnoresCaseAndSpaces) {
  EXPECT_EQ(base32_decode("mzxw6ytboi"), bytes_of("foobar"));
  EXPECT_EQ(base32_decode("mzxw 6ytb oi"), bytes_of("foobar"));
  EXPECT_EQ(base32_decode("gezd gnbv gy3t qojq gezd gnbv gy3t qojq"), rfc_key);
}

TEST(Base32Test, RoundTripsEveryLength) {
  std::vector<unsigned char> bytes;
  for (int n = 0; n < 41; ++n) {
    EXPECT_EQ(base32_decode(base32_encode(bytes)), bytes) << n << " bytes";
    bytes.push_back(static_cast<unsigned char>(n * 37 + 255));
  }
  const std::vector<unsigned char> extremes{0x00, 0xff, 0x00, 0xff, 0x80, 0x01};
  EXPECT_EQ(base32_decode(base32_encode(extremes)), extremes);
}

TEST(Base32Test, BadTextIsRefused) {
  EXPECT_EQ(base32_decode("MZXW1YTB"), std::nullopt);  // 0, 1, 8 and 9 are not base32
  EXPECT_EQ(base32_decode("MZXW0YTB"), std::nullopt);
  EXPECT_EQ(base32_decode("MZXW8YTB"), std::nullopt);
  EXPECT_EQ(base32_decode("MZXW-YTB"), std::nullopt);
  EXPECT_EQ(base32_decode("MZXW6YT\n"), std::nullopt);
  EXPECT_EQ(base32_decode(std::string_view("MZ\0XQ", 5)), std::nullopt);
  EXPECT_EQ(base32_decode("MZXW6YTBÉ"), std::nullopt);
  // No encoding ends with 1, 3 or 6 digits past a group of 8.
  EXPECT_EQ(base32_decode("M"), std::nullopt);
  EXPECT_EQ(base32_decode("MZX"), std::nullopt);
  EXPECT_EQ(base32_decode("MZXW6Y"), std::nullopt);
  EXPECT_EQ(base32_decode("MZXW6YTBM"), std::nullopt);
}

TEST(TotpSecretTest, NewSecretsAre32Base32CharactersOf20Bytes) {
  const std::string secret = new_totp_secret();
  EXPECT_EQ(secret.size(), 32u);
  EXPECT_EQ(secret.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"), std::string::npos)
      << secret;
  const auto key = base32_decode(secret);
  ASSERT_TRUE(key);
  EXPECT_EQ(key->size(), 20u);
}

TEST(TotpSecretTest, NewSecretsDiffer) {
  EXPECT_NE(new_totp_secret(), new_totp_secret());
}

TEST(TotpMatchTest, AcceptsTheCurrentStepAndOneEitherSide) {
  const std::int64_t now = 1111111111;  // step 37037037
  const std::int64_t step = totp_step(now);
  for (std::int64_t offset = -1; offset <= 1; ++offset) {
    const std::string code = six_digits(totp_code(rfc_key, step + offset));
    EXPECT_EQ(totp_match(rfc_secret, code, now), step + offset) << "offset " << offset;
  }
}

TEST(TotpMatchTest, RefusesTwoStepsAway) {
  const std::int64_t now = 1111111111;
  const std::int64_t step = totp_step(now);
  for (const std::int64_t offset : {-2, 2}) {
    const std::string code = six_digits(totp_code(rfc_key, step + offset));
    EXPECT_EQ(totp_match(rfc_secret, code, now), std::nullopt) << "offset " << offset;
  }
}

TEST(TotpMatchTest, TheWindowIsTheCallers) {
  const std::int64_t now = 1111111111;
  const std::int64_t step = totp_step(now);
  const std::string previous = six_digits(totp_code(rfc_key, step - 1));
  EXPECT_EQ(totp_match(rfc_secret, previous, now, 0), std::nullopt);
  EXPECT_EQ(totp_match(rfc_secret, six_digits(totp_code(rfc_key, step)), now, 0), step);
  EXPECT_EQ(totp_match(rfc_secret, six_digits(totp_code(rfc_key, step - 2)), now, 2), step - 2);
}

TEST(TotpMatchTest, MatchesTheRfcVectorsAndLeadingZeros) {
  // At 1111111109 the 6-digit code is 081804: its leading zero must be typed.
  EXPECT_EQ(totp_match(rfc_secret, "081804", 1111111109), totp_step(1111111109));
  EXPECT_EQ(totp_match(rfc_secret, "287082", 59), 1);
  EXPECT_EQ(totp_match(rfc_secret, "279037", 2000000000), totp_step(2000000000));
  // The secret as users may type it: lowercase, in groups.
  EXPECT_EQ(totp_match("gezd gnbv gy3t qojq gezd gnbv gy3t qojq", "287082", 59), 1);
}

TEST(TotpMatchTest, RefusesCodesThatAreNotSixDigits) {
  EXPECT_EQ(totp_match(rfc_secret, "81804", 1111111109), std::nullopt);
  EXPECT_EQ(totp_match(rfc_secret, "07081804", 1111111109), std::nullopt);
  EXPECT_EQ(totp_match(rfc_secret, "", 1111111109), std::nullopt);
  EXPECT_EQ(totp_match(rfc_secret, " 81804", 1111111109), std::nullopt);
  EXPECT_EQ(totp_match(rfc_secret, "081804 ", 1111111109), std::nullopt);
  EXPECT_EQ(totp_match(rfc_secret, "08180a", 1111111109), std::nullopt);
  EXPECT_EQ(totp_match(rfc_secret, "+81804", 1111111109), std::nullopt);
  EXPECT_EQ(totp_match(rfc_secret, "-81804", 1111111109), std::nullopt);
  EXPECT_EQ(totp_match(rfc_secret, std::string_view("08180\0", 6), 1111111109), std::nullopt);
}

TEST(TotpMatchTest, RefusesABadOrEmptySecret) {
  EXPECT_EQ(totp_match("GEZDGNBVGY3TQOJ1", "287082", 59), std::nullopt);
  EXPECT_EQ(totp_match("", "287082", 59), std::nullopt);
  EXPECT_EQ(totp_match("  ==", "287082", 59), std::nullopt);
}

TEST(TotpMatchTest, RefusesAnotherSecretsCode) {
  const std::vector<unsigned char> other_key = bytes_of("12345678901234567891");
  const std::string other = base32_encode(other_key);
  ASSERT_NE(totp_code(other_key, 1), totp_code(rfc_key, 1));
  EXPECT_EQ(totp_match(other, "287082", 59), std::nullopt);
  EXPECT_EQ(totp_match(other, six_digits(totp_code(other_key, 1)), 59), 1);
}

TEST(OtpauthUriTest, HasTheParametersAppsExpect) {
  EXPECT_EQ(otpauth_uri("Tessera", "alice@example.com", "JBSWY3DPEHPK3PXP"),
            "otpauth://totp/Tessera:alice%40example.com?secret=JBSWY3DPEHPK3PXP"
            "&issuer=Tessera&algorithm=SHA1&digits=6&period=30");
}

TEST(OtpauthUriTest, PercentEncodesLabelAndParameters) {
  EXPECT_EQ(otpauth_uri("Acme Corp", "bob+2fa@example.com", "JBSWY3DPEHPK3PXP"),
            "otpauth://totp/Acme%20Corp:bob%2B2fa%40example.com?secret=JBSWY3DPEHPK3PXP"
            "&issuer=Acme%20Corp&algorithm=SHA1&digits=6&period=30");
  // Unreserved characters stay; reserved ones and non-ASCII bytes do not.
  EXPECT_EQ(otpauth_uri("a-b.c_d~e", "x:y/z?&=#%", "S"),
            "otpauth://totp/a-b.c_d~e:x%3Ay%2Fz%3F%26%3D%23%25?secret=S"
            "&issuer=a-b.c_d~e&algorithm=SHA1&digits=6&period=30");
  EXPECT_EQ(otpauth_uri("Café", "é", "S"),
            "otpauth://totp/Caf%C3%A9:%C3%A9?secret=S"
            "&issuer=Caf%C3%A9&algorithm=SHA1&digits=6&period=30");
}

}  // namespace
}  // namespace tessera::security
