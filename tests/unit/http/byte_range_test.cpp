#include "http/byte_range.hpp"

#include <cstdint>
#include <limits>

#include <gtest/gtest.h>

namespace tessera::http {
namespace {

using Kind = RangeSelection::Kind;

constexpr std::uint64_t kTotal = 1000;
constexpr RangeSelection kWhole{};
constexpr RangeSelection kUnsatisfiable{.kind = Kind::unsatisfiable};

RangeSelection partial(std::uint64_t first, std::uint64_t last) {
  return {Kind::partial, {first, last}};
}

TEST(ByteRange, FirstAndLastAreBothIncluded) {
  EXPECT_EQ(select_range("bytes=0-499", kTotal), partial(0, 499));
  EXPECT_EQ(select_range("bytes=500-500", kTotal), partial(500, 500));
  EXPECT_EQ(select_range("bytes=0-0", kTotal).range.length(), 1u);
  EXPECT_EQ(select_range("bytes=100-199", kTotal).range.length(), 100u);
}

TEST(ByteRange, AnOpenRangeRunsToTheEnd) {
  EXPECT_EQ(select_range("bytes=900-", kTotal), partial(900, 999));
  EXPECT_EQ(select_range("bytes=0-", kTotal), partial(0, 999));
  EXPECT_EQ(select_range("bytes=999-", kTotal), partial(999, 999));
}

TEST(ByteRange, ALastPastTheEndMeansTheEnd) {
  EXPECT_EQ(select_range("bytes=900-5000", kTotal), partial(900, 999));
  EXPECT_EQ(select_range("bytes=0-99999999999999999999999", kTotal), partial(0, 999));
}

TEST(ByteRange, ASuffixIsTheLastBytes) {
  EXPECT_EQ(select_range("bytes=-1", kTotal), partial(999, 999));
  EXPECT_EQ(select_range("bytes=-100", kTotal), partial(900, 999));
  EXPECT_EQ(select_range("bytes=-1000", kTotal), partial(0, 999));
  // Longer than the body: the whole body, as a 206.
  EXPECT_EQ(select_range("bytes=-5000", kTotal), partial(0, 999));
  EXPECT_EQ(select_range("bytes=-99999999999999999999999", kTotal), partial(0, 999));
}

TEST(ByteRange, AFirstAtOrPastTheEndIsUnsatisfiable) {
  EXPECT_EQ(select_range("bytes=1000-", kTotal), kUnsatisfiable);
  EXPECT_EQ(select_range("bytes=1000-2000", kTotal), kUnsatisfiable);
  EXPECT_EQ(select_range("bytes=99999999999999999999999-", kTotal), kUnsatisfiable);
  EXPECT_EQ(select_range("bytes=-0", kTotal), kUnsatisfiable);
  EXPECT_EQ(select_range("bytes=1-1", 1), kUnsatisfiable);
}

TEST(ByteRange, UnitAndSpacesAsRfc9110AllowsThem) {
  EXPECT_EQ(select_range("Bytes=1-2", kTotal), partial(1, 2));
  EXPECT_EQ(select_range("BYTES=1-2", kTotal), partial(1, 2));
  EXPECT_EQ(select_range("  bytes=1-2\t", kTotal), partial(1, 2));
  EXPECT_EQ(select_range("bytes= 1-2 ", kTotal), partial(1, 2));
}

TEST(ByteRange, MalformedHeadersAreIgnored) {
  for (const char* header :
       {"",           "bytes",      "bytes=",        "bytes=-",     "bytes=a-b",
        "bytes=1",    "bytes=1-a",  "bytes=--1",     "bytes=1-2-3", "bytes=+1-2",
        "bytes=1 -2", "bytes=1- 2", "bytes=0x10-20", "bytes =1-2",  "items=1-2",
        "bytes:1-2",  "=1-2",       "bytes=5-4",     "bytes=-1-2",  "bytes=\x01-2"}) {
    EXPECT_EQ(select_range(header, kTotal), kWhole) << header;
  }
}

TEST(ByteRange, SeveralRangesAreIgnored) {
  // Answering them would take multipart/byteranges; the whole body is what RFC 9110 allows.
  for (const char* header : {"bytes=0-1,5-6", "bytes=0-1, 5-6", "bytes=-1,0-", "bytes=0-1,",
                             "bytes=,0-1", "bytes=2000-,0-1"}) {
    EXPECT_EQ(select_range(header, kTotal), kWhole) << header;
  }
}

TEST(ByteRange, AnEmptyBodyIsAlwaysWhole) {
  for (const char* header : {"bytes=0-", "bytes=0-0", "bytes=-1", "bytes=-0", "bytes=5-"}) {
    EXPECT_EQ(select_range(header, 0), kWhole) << header;
  }
}

TEST(ByteRange, TheLargestBodiesStillWork) {
  constexpr auto max = std::numeric_limits<std::uint64_t>::max();
  EXPECT_EQ(select_range("bytes=0-", max), partial(0, max - 1));
  EXPECT_EQ(select_range("bytes=-10", max), partial(max - 10, max - 1));
  EXPECT_EQ(select_range("bytes=18446744073709551614-", max), partial(max - 1, max - 1));
  EXPECT_EQ(select_range("bytes=18446744073709551615-", max), kUnsatisfiable);
}

TEST(ByteRange, ContentRangeValues) {
  EXPECT_EQ(content_range({0, 499}, 1000), "bytes 0-499/1000");
  EXPECT_EQ(content_range({999, 999}, 1000), "bytes 999-999/1000");
  EXPECT_EQ(unsatisfied_content_range(1000), "bytes */1000");
}

}  // namespace
}  // namespace tessera::http
