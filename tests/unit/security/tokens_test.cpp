#include "security/tokens.hpp"

#include <string>

#include <gtest/gtest.h>

namespace tessera::security {
namespace {

using namespace std::string_literals;

TEST(TokensTest, RandomTokenIs43UrlSafeCharacters) {
  const std::string token = random_token();
  EXPECT_EQ(token.size(), 43u);
  EXPECT_EQ(
      token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
      std::string::npos)
      << token;
}

TEST(TokensTest, RandomTokensDiffer) {
  EXPECT_NE(random_token(), random_token());
}

TEST(TokensTest, DigestIsSha256InLowercaseHex) {
  EXPECT_EQ(token_digest("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(token_digest(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(token_digest(std::string_view{}), token_digest(""));
  EXPECT_NE(token_digest("a\0b"s), token_digest("a"));
}

TEST(TokensTest, DigestOfATokenIs64HexDigits) {
  const std::string digest = token_digest(random_token());
  EXPECT_EQ(digest.size(), 64u);
  EXPECT_EQ(digest.find_first_not_of("0123456789abcdef"), std::string::npos);
}

TEST(TokensTest, EqualConstantTime) {
  EXPECT_TRUE(equal_constant_time("abc", "abc"));
  EXPECT_TRUE(equal_constant_time("", ""));
  EXPECT_TRUE(equal_constant_time(std::string_view{}, ""));
  EXPECT_FALSE(equal_constant_time("abc", "abd"));
  EXPECT_FALSE(equal_constant_time("abc", "ab"));
  EXPECT_FALSE(equal_constant_time("", "a"));
  EXPECT_FALSE(equal_constant_time("a\0b"s, "a\0c"s));
  const std::string digest = token_digest("x");
  EXPECT_TRUE(equal_constant_time(digest, token_digest("x")));
}

}  // namespace
}  // namespace tessera::security
