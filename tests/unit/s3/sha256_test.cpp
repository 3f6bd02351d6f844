// SHA-256 against FIPS 180-2's examples (appendix B: "abc", the 448-bit message, a million
// 'a'), and the body hashes printed beside the SigV4 examples the other tests use.

#include "s3/sha256.hpp"

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>

#include <gtest/gtest.h>

namespace tessera::s3 {
namespace {

constexpr std::string_view abc_digest =
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
constexpr std::string_view two_blocks = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
constexpr std::string_view two_blocks_digest =
    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
constexpr std::string_view million_a_digest =
    "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";

TEST(Sha256, Fips180Examples) {
  EXPECT_EQ(sha256_hex("abc"), abc_digest);
  EXPECT_EQ(sha256_hex(two_blocks), two_blocks_digest);
  EXPECT_EQ(sha256_hex(std::string(1'000'000, 'a')), million_a_digest);
}

TEST(Sha256, EmptyMessageIsTheEmptyPayloadHash) {
  EXPECT_EQ(sha256_hex(""), empty_payload_sha256);
  EXPECT_EQ(Sha256().final_hex(), empty_payload_sha256);
  EXPECT_EQ(Sha256().update("").update("").final_hex(), empty_payload_sha256);
}

TEST(Sha256, BodiesOfThePublishedSigV4Examples) {
  // S3 API Reference, "Example: PUT Object"; the SigV4 test suite's post-x-www-form-urlencoded.
  EXPECT_EQ(sha256_hex("Welcome to Amazon S3."),
            "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");
  EXPECT_EQ(sha256_hex("Param1=value1"),
            "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e");
}

TEST(Sha256, PiecesHashAsTheWholeMessage) {
  Sha256 hash;
  for (std::size_t at = 0; at < two_blocks.size(); at += 5) hash.update(two_blocks.substr(at, 5));
  EXPECT_EQ(hash.final_hex(), two_blocks_digest);

  // A million bytes in uneven chunks crossing every 64-byte block boundary.
  const std::string chunk(977, 'a');
  std::size_t left = 1'000'000;
  while (left > 0) {
    const std::size_t n = std::min(left, chunk.size());
    hash.update(std::string_view(chunk).substr(0, n));
    left -= n;
  }
  EXPECT_EQ(hash.final_hex(), million_a_digest);
}

TEST(Sha256, FinalStartsAgainFromAnEmptyMessage) {
  Sha256 hash;
  hash.update("ab");
  EXPECT_EQ(hash.update("c").final_hex(), abc_digest);
  EXPECT_EQ(hash.update("abc").final_hex(), abc_digest);
  EXPECT_EQ(hash.final_hex(), empty_payload_sha256);
}

TEST(Sha256, MovesItsState) {
  Sha256 first;
  first.update("a");
  Sha256 second = std::move(first);
  second.update("bc");
  EXPECT_EQ(second.final_hex(), abc_digest);
  first = std::move(second);
  EXPECT_EQ(first.update("abc").final_hex(), abc_digest);
}

TEST(HexLower, TwoDigitsAByte) {
  const unsigned char bytes[] = {0x00, 0x0f, 0xa0, 0xff};
  EXPECT_EQ(hex_lower(bytes), "000fa0ff");
  EXPECT_EQ(hex_lower({}), "");
}

}  // namespace
}  // namespace tessera::s3
