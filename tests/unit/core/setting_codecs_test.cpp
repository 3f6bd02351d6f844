#include "core/setting_codecs.hpp"

#include <gtest/gtest.h>

namespace tessera::core::settings_detail {
namespace {

using namespace std::chrono_literals;

TEST(SettingCodecs, FormatSizeUsesTheLargestExactUnit) {
  EXPECT_EQ(format_size(0), "0");
  EXPECT_EQ(format_size(1000), "1000");
  EXPECT_EQ(format_size(1024), "1KiB");
  EXPECT_EQ(format_size(1536), "1536");
  EXPECT_EQ(format_size(20ull << 20), "20MiB");
  EXPECT_EQ(format_size(3ull << 30), "3GiB");
  EXPECT_EQ(format_size(1025ull << 20), "1025MiB");
}

TEST(SettingCodecs, SizeLimitsAndOverflow) {
  EXPECT_EQ(parse_size("18446744073709551615", 0, UINT64_MAX), UINT64_MAX);
  EXPECT_THROW(parse_size("18446744073709551616", 0, UINT64_MAX), InvalidSettingValue);
  EXPECT_THROW(parse_size("17179869184G", 0, UINT64_MAX), InvalidSettingValue);
  EXPECT_EQ(parse_size("16G", 0, UINT64_MAX), 16ull << 30);
  EXPECT_THROW(parse_size("", 0, 10), InvalidSettingValue);
  EXPECT_THROW(parse_size("K", 0, 10), InvalidSettingValue);
  EXPECT_THROW(parse_size("-1", 0, 10), InvalidSettingValue);
  EXPECT_THROW(parse_size("1 K B", 0, 1 << 20), InvalidSettingValue);
}

TEST(SettingCodecs, FormatDurationUsesTheLargestExactUnit) {
  EXPECT_EQ(format_duration(0ms), "0s");
  EXPECT_EQ(format_duration(1ms), "1ms");
  EXPECT_EQ(format_duration(1500ms), "1500ms");
  EXPECT_EQ(format_duration(10s), "10s");
  EXPECT_EQ(format_duration(90s), "90s");
  EXPECT_EQ(format_duration(5min), "5m");
  EXPECT_EQ(format_duration(2h), "2h");
}

TEST(SettingCodecs, DurationLimits) {
  EXPECT_EQ(parse_duration("24h", 0ms, 24h), 24h);
  EXPECT_THROW(parse_duration("1441m", 0ms, 24h), InvalidSettingValue);
  EXPECT_THROW(parse_duration("18446744073709551615h", 0ms, 24h), InvalidSettingValue);
  EXPECT_THROW(parse_duration("10 sec", 0ms, 24h), InvalidSettingValue);
  EXPECT_THROW(parse_duration("", 0ms, 24h), InvalidSettingValue);
}

TEST(SettingCodecs, QuotedEscapesAndShortens) {
  EXPECT_EQ(quote_for_message("abc"), "\"abc\"");
  EXPECT_EQ(quote_for_message("a\"b\\c\n\xff"), R"("a\x22b\x5cc\x0a\xff")");
  EXPECT_EQ(quote_for_message(std::string(70, 'x')), "\"" + std::string(64, 'x') + "...\"");
}

TEST(SettingCodecs, IntegerRange) {
  EXPECT_EQ(parse_integer(" -3 ", -5, 5), -3);
  EXPECT_THROW(parse_integer("+3", -5, 5), InvalidSettingValue);
  EXPECT_THROW(parse_integer("3 4", -5, 5), InvalidSettingValue);
  EXPECT_THROW(parse_integer("0x10", 0, 100), InvalidSettingValue);
  EXPECT_THROW(parse_integer("9223372036854775808", 0, INT64_MAX), InvalidSettingValue);
}

}  // namespace
}  // namespace tessera::core::settings_detail
