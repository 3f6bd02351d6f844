#include "core/text.hpp"

#include <gtest/gtest.h>

#include "core/ascii.hpp"
#include "core/utf8.hpp"

namespace tessera::core {
namespace {

TEST(Ascii, FoldsOnlyAsciiLetters) {
  EXPECT_EQ(ascii_lower("Alice@Example.COM"), "alice@example.com");
  // Not the locale's rules: "İ" (U+0130) and "K" (Kelvin sign) stay as they are.
  EXPECT_EQ(ascii_lower("\xC4\xB0STANBUL"), "\xC4\xB0stanbul");
  EXPECT_EQ(ascii_lower("\xE2\x84\xAA"), "\xE2\x84\xAA");
  EXPECT_TRUE(iequals("StartTLS", "starttls"));
  EXPECT_FALSE(iequals("tls", "tl"));
  EXPECT_FALSE(iequals("a", "b"));
}

TEST(Text, JoinsWithTheSeparator) {
  EXPECT_EQ(join({}, ", "), "");
  EXPECT_EQ(join({"a"}, ", "), "a");
  EXPECT_EQ(join({"a", "b", "c"}, ","), "a,b,c");
}

TEST(Utf8, AcceptsWellFormedText) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("plain"));
  EXPECT_TRUE(is_valid_utf8("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"));
}

TEST(Utf8, RefusesOverlongSurrogatesAndTruncations) {
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // a UTF-16 surrogate
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(is_valid_utf8("caf\xC3"));           // cut short
  EXPECT_FALSE(is_valid_utf8("\x80"));              // a lone continuation byte
}

TEST(Utf8, RepairReplacesEachBadByte) {
  EXPECT_EQ(repair_utf8("ok"), "ok");
  EXPECT_EQ(repair_utf8("a\xFF"
                        "b"),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(repair_utf8("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");
}

}  // namespace
}  // namespace tessera::core
