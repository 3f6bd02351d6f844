#include "queue/base64.hpp"

#include <gtest/gtest.h>

namespace tessera::queue {
namespace {

TEST(Base64, EncodesTheRfc4648Vectors) {
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(base64_encode("foo"), "Zm9v");
  EXPECT_EQ(base64_encode("foob"), "Zm9vYg==");
  EXPECT_EQ(base64_encode("fooba"), "Zm9vYmE=");
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
}

TEST(Base64, DecodesTheRfc4648Vectors) {
  EXPECT_EQ(base64_decode(""), "");
  EXPECT_EQ(base64_decode("Zg=="), "f");
  EXPECT_EQ(base64_decode("Zm8="), "fo");
  EXPECT_EQ(base64_decode("Zm9vYmFy"), "foobar");
}

TEST(Base64, RoundTripsEveryByteValue) {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes += static_cast<char>(i);
  for (std::size_t n = 0; n <= bytes.size(); n += 37) {
    const std::string part = bytes.substr(0, n);
    EXPECT_EQ(base64_decode(base64_encode(part)), part);
  }
  EXPECT_EQ(base64_encode("\xfb\xff"), "+/8=");
}

TEST(Base64, RejectsMalformedText) {
  EXPECT_FALSE(base64_decode("Zg="));       // length not a multiple of 4
  EXPECT_FALSE(base64_decode("Zg"));        // no padding
  EXPECT_FALSE(base64_decode("Z==="));      // too much padding
  EXPECT_FALSE(base64_decode("===="));      // only padding
  EXPECT_FALSE(base64_decode("Zg==Zm8="));  // padding in the middle
  EXPECT_FALSE(base64_decode("Zm9v\nYmFy"));
  EXPECT_FALSE(base64_decode("Zm9-"));  // URL-safe alphabet
  EXPECT_FALSE(base64_decode("Zm_v"));
  EXPECT_FALSE(base64_decode("Zh=="));  // unused bits set
  EXPECT_FALSE(base64_decode("Zm9="));
  EXPECT_FALSE(base64_decode(std::string_view("Zm\0v", 4)));
}

}  // namespace
}  // namespace tessera::queue
