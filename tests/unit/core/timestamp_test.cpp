#include "core/timestamp.hpp"

#include <gtest/gtest.h>

namespace tessera::core {
namespace {

using namespace std::chrono;

Timestamp at(int y, unsigned mo, unsigned d, int h, int mi, int s, long long us = 0) {
  return Timestamp{sys_days{year{y} / mo / d} + hours{h} + minutes{mi} + seconds{s} +
                   microseconds{us}};
}

TEST(Timestamp, FormatsWholeSecondsWithoutFraction) {
  EXPECT_EQ(format_rfc3339(at(2026, 11, 25, 10, 0, 0)), "2026-11-25T10:00:00Z");
  EXPECT_EQ(format_rfc3339(Timestamp{}), "1970-01-01T00:00:00Z");
}

TEST(Timestamp, FormatsFractionAsMicroseconds) {
  EXPECT_EQ(format_rfc3339(at(2026, 11, 25, 10, 0, 0, 123456)), "2026-11-25T10:00:00.123456Z");
  EXPECT_EQ(format_rfc3339(at(2026, 1, 2, 3, 4, 5, 500000)), "2026-01-02T03:04:05.500000Z");
  EXPECT_EQ(format_rfc3339(at(1999, 12, 31, 23, 59, 59, 1)), "1999-12-31T23:59:59.000001Z");
}

TEST(Timestamp, FormatsTimesBeforeTheEpoch) {
  EXPECT_EQ(format_rfc3339(at(1969, 12, 31, 23, 59, 59, 250000)), "1969-12-31T23:59:59.250000Z");
}

TEST(Timestamp, ParsesUtc) {
  EXPECT_EQ(parse_rfc3339("2026-11-25T10:00:00Z"), at(2026, 11, 25, 10, 0, 0));
  EXPECT_EQ(parse_rfc3339("2026-11-25t10:00:00z"), at(2026, 11, 25, 10, 0, 0));
  EXPECT_EQ(parse_rfc3339("2026-11-25 10:00:00Z"), at(2026, 11, 25, 10, 0, 0));
}

TEST(Timestamp, ParsesFractions) {
  EXPECT_EQ(parse_rfc3339("2026-11-25T10:00:00.5Z"), at(2026, 11, 25, 10, 0, 0, 500000));
  EXPECT_EQ(parse_rfc3339("2026-11-25T10:00:00.123Z"), at(2026, 11, 25, 10, 0, 0, 123000));
  EXPECT_EQ(parse_rfc3339("2026-11-25T10:00:00.123456Z"), at(2026, 11, 25, 10, 0, 0, 123456));
  // Digits beyond microseconds are truncated.
  EXPECT_EQ(parse_rfc3339("2026-11-25T10:00:00.123456789Z"), at(2026, 11, 25, 10, 0, 0, 123456));
}

TEST(Timestamp, ParsesOffsets) {
  EXPECT_EQ(parse_rfc3339("2026-11-25T12:30:00+02:30"), at(2026, 11, 25, 10, 0, 0));
  EXPECT_EQ(parse_rfc3339("2026-11-25T05:00:00-05:00"), at(2026, 11, 25, 10, 0, 0));
  EXPECT_EQ(parse_rfc3339("2026-11-25T10:00:00+00:00"), at(2026, 11, 25, 10, 0, 0));
  EXPECT_EQ(parse_rfc3339("2026-01-01T01:00:00.25+02:00"), at(2025, 12, 31, 23, 0, 0, 250000));
}

TEST(Timestamp, RoundTrips) {
  for (const auto t : {at(2026, 11, 25, 10, 0, 0), at(2000, 2, 29, 23, 59, 59, 999999),
                       at(1970, 1, 1, 0, 0, 0, 1)})
    EXPECT_EQ(parse_rfc3339(format_rfc3339(t)), t);
  const auto current = now();
  EXPECT_EQ(parse_rfc3339(format_rfc3339(current)), current);
}

TEST(Timestamp, AcceptsTheWholeRangeOfFourDigitYears) {
  EXPECT_EQ(parse_rfc3339("0000-01-01T00:00:00Z"), at(0, 1, 1, 0, 0, 0));
  EXPECT_EQ(parse_rfc3339("9999-12-31T23:59:59.999999Z"), at(9999, 12, 31, 23, 59, 59, 999999));
  // Offsets that keep the time in UTC inside the range.
  EXPECT_EQ(parse_rfc3339("0000-01-01T00:30:00+00:30"), at(0, 1, 1, 0, 0, 0));
  EXPECT_EQ(parse_rfc3339("0000-01-01T00:00:00-23:59"), at(0, 1, 1, 23, 59, 0));
  EXPECT_EQ(parse_rfc3339("9999-12-31T23:30:00+01:00"), at(9999, 12, 31, 22, 30, 0));
  EXPECT_EQ(parse_rfc3339("9999-12-31T23:59:59.999999+23:59"), at(9999, 12, 31, 0, 0, 59, 999999));
  for (const auto t : {at(0, 1, 1, 0, 0, 0), at(9999, 12, 31, 23, 59, 59, 999999)})
    EXPECT_EQ(parse_rfc3339(format_rfc3339(t)), t) << format_rfc3339(t);
}

TEST(Timestamp, RejectsOffsetsThatLeaveYears0000To9999) {
  // In UTC these are in year -1 or 10000, which format_rfc3339 cannot write as four digits
  // (it would write "-001-12-31T23:30:00Z" or "10000-01-01T00:30:00Z").
  for (const char* text : {
           "0000-01-01T00:00:00+00:30", "0000-01-01T00:30:00+01:00",
           "0000-01-01T23:58:59.999999+23:59", "9999-12-31T23:59:00-00:30",
           "9999-12-31T23:30:00-01:00", "9999-12-31T00:01:00-23:59",
           "9999-12-31T23:59:60Z",  // a leap second carries into year 10000
       })
    EXPECT_FALSE(parse_rfc3339(text)) << text;
}

TEST(Timestamp, RejectsMalformedText) {
  for (const char* text : {
           "",
           "2026-11-25",
           "2026-11-25T10:00:00",   // no zone
           "2026-11-25T10:00Z",     // no seconds
           "2026-11-25X10:00:00Z",  // bad separator
           "2026/11/25T10:00:00Z",
           "2026-13-01T00:00:00Z",             // month
           "2026-02-30T00:00:00Z",             // day
           "2025-02-29T00:00:00Z",             // not a leap year
           "2026-11-25T24:00:00Z",             // hour
           "2026-11-25T10:60:00Z",             // minute
           "2026-11-25T10:00:61Z",             // second
           "2026-11-25T10:00:00.Z",            // empty fraction
           "2026-11-25T10:00:00.1234567890Z",  // over 9 digits
           "2026-11-25T10:00:00+0200",         // offset without colon
           "2026-11-25T10:00:00+02",
           "2026-11-25T10:00:00+24:00",
           "2026-11-25T10:00:00+02:60",
           "2026-11-25T10:00:00Zjunk",
           "2026-11-25T10:00:00+02:00 ",
           " 2026-11-25T10:00:00Z",
           "+026-11-25T10:00:00Z",
           "2026-1a-25T10:00:00Z",
       })
    EXPECT_FALSE(parse_rfc3339(text)) << text;
}

}  // namespace
}  // namespace tessera::core
