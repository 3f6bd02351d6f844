#include "core/uuid.hpp"

#include <set>

#include <gtest/gtest.h>

namespace tessera::core {
namespace {

TEST(Uuid, ParsesAndFormatsCanonicalForm) {
  const auto uuid = Uuid::parse("123e4567-e89b-12d3-a456-426614174000");
  ASSERT_TRUE(uuid);
  EXPECT_EQ(uuid->str(), "123e4567-e89b-12d3-a456-426614174000");
  EXPECT_EQ(uuid->bytes()[0], 0x12);
  EXPECT_EQ(uuid->bytes()[15], 0x00);
  EXPECT_EQ(uuid->bytes()[6], 0x12);
}

TEST(Uuid, UpperCaseIsAcceptedAndFormattedLower) {
  const auto uuid = Uuid::parse("ABCDEF01-2345-6789-ABCD-EF0123456789");
  ASSERT_TRUE(uuid);
  EXPECT_EQ(uuid->str(), "abcdef01-2345-6789-abcd-ef0123456789");
  EXPECT_EQ(Uuid::parse("abcdef01-2345-6789-abcd-ef0123456789"), uuid);
}

TEST(Uuid, NilUuid) {
  EXPECT_TRUE(Uuid().is_nil());
  EXPECT_EQ(Uuid().str(), "00000000-0000-0000-0000-000000000000");
  EXPECT_EQ(Uuid::parse("00000000-0000-0000-0000-000000000000"), Uuid());
  EXPECT_FALSE(Uuid::parse("00000000-0000-0000-0000-000000000001")->is_nil());
}

TEST(Uuid, RejectsMalformedText) {
  for (const char* text : {
           "",
           "123e4567e89b12d3a456426614174000",       // no dashes
           "123e4567-e89b-12d3-a456-42661417400",    // too short
           "123e4567-e89b-12d3-a456-4266141740000",  // too long
           "123e4567-e89b-12d3-a456_426614174000",   // wrong separator
           "123e456-7e89b-12d3-a456-426614174000",   // dash misplaced
           "123e4567-e89b-12d3-a456-42661417400g",   // not hex
           "{123e4567-e89b-12d3-a456-426614174000",  // braces
           "123e4567-e89b-12d3-a456-42661417400 ",   // trailing space
           " 23e4567-e89b-12d3-a456-426614174000",   // leading space
           "123e4567--89b-12d3-a456-426614174000",   // dash in a hex position
           "+23e4567-e89b-12d3-a456-426614174000",
       })
    EXPECT_FALSE(Uuid::parse(text)) << text;
  EXPECT_FALSE(Uuid::parse(std::string_view("123e4567-e89b-12d3-a456-42661417400\0", 36)));
}

TEST(Uuid, RandomIsVersion4Rfc4122) {
  std::set<Uuid> seen;
  for (int i = 0; i < 1000; ++i) {
    const Uuid uuid = Uuid::random();
    EXPECT_EQ(uuid.bytes()[6] >> 4, 4);
    EXPECT_EQ(uuid.bytes()[8] & 0xc0, 0x80);
    const std::string text = uuid.str();
    EXPECT_EQ(text[14], '4');
    EXPECT_NE(std::string("89ab").find(text[19]), std::string::npos);
    EXPECT_EQ(Uuid::parse(text), uuid);
    seen.insert(uuid);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(Uuid, OrderingFollowsBytes) {
  const auto a = *Uuid::parse("00000000-0000-0000-0000-000000000001");
  const auto b = *Uuid::parse("10000000-0000-0000-0000-000000000000");
  EXPECT_LT(a, b);
  EXPECT_NE(a, b);
  EXPECT_EQ(a, a);
}

}  // namespace
}  // namespace tessera::core
