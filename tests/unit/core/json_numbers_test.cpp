#include "core/json_numbers.hpp"

#include <limits>
#include <string>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

namespace tessera::core {
namespace {

namespace json = boost::json;

constexpr double kInf = std::numeric_limits<double>::infinity();

// The formatted path to the first non-finite number, or "(finite)".
std::string where(const json::value& value) {
  const auto path = find_non_finite(value);
  return path ? format_json_path(*path) : "(finite)";
}

TEST(JsonNumbers, FiniteValuesHaveNoPath) {
  EXPECT_EQ(where(json::parse(R"({"a": [1, -2, 0.5, 1e300, -0.0, 1e-400], "b": {"c": null}})")),
            "(finite)");
  EXPECT_EQ(where(json::parse("1.7976931348623157e308")), "(finite)");  // the largest double
  EXPECT_EQ(where(json::parse("18446744073709551615")), "(finite)");
  EXPECT_EQ(where(json::parse(R"("1e400")")), "(finite)");  // text, not a number
  EXPECT_EQ(where(json::value()), "(finite)");
  EXPECT_EQ(where(json::array{}), "(finite)");
  EXPECT_EQ(where(json::object{}), "(finite)");
}

TEST(JsonNumbers, NumbersTooLargeForADoubleParseAsInfinities) {
  // What this helper exists for: Boost.JSON 1.81 reports no error for these.
  for (const char* text : {"1e400", "-1e400", "1.7976931348623158e308", "184467440737095E51615"}) {
    const json::value value = json::parse(text);
    ASSERT_TRUE(value.is_double()) << text;
    EXPECT_EQ(where(value), "") << text;  // the value itself
  }
  EXPECT_EQ(where(json::parse("[" + std::string(400, '9') + "]")), "[0]");
}

TEST(JsonNumbers, PathNamesTheFirstInDocumentOrder) {
  EXPECT_EQ(where(json::parse("[1, [2, 1e400], -1e400]")), "[1][1]");
  EXPECT_EQ(where(json::parse(R"({"a": 1, "b": [{"c": true}, {"d": -1e999}], "e": 1e400})")),
            R"(["b"][1]["d"])");
  EXPECT_EQ(where(json::parse(R"([[], {}, [[[[1e400]]]]])")), "[2][0][0][0][0]");
  EXPECT_EQ(where(json::array{1, json::object{{"nan", std::numeric_limits<double>::quiet_NaN()}}}),
            R"([1]["nan"])");
  // Steps are the value's own keys and indices.
  const json::value value = json::object{{"k", json::array{0, kInf}}};
  const auto path = find_non_finite(value);
  ASSERT_TRUE(path);
  ASSERT_EQ(path->size(), 2u);
  EXPECT_EQ(std::get<std::string_view>((*path)[0]), "k");
  EXPECT_EQ(std::get<std::size_t>((*path)[1]), 1u);
}

TEST(JsonNumbers, WalksAnyDepthWithoutRecursion) {
  json::value value = kInf;
  for (int i = 0; i < 100000; ++i) {
    json::array outer;
    outer.emplace_back(std::move(value));
    value = std::move(outer);
  }
  const auto path = find_non_finite(value);
  ASSERT_TRUE(path);
  EXPECT_EQ(path->size(), 100000u);
  // Boost.JSON destroys nested arrays recursively: take it apart from the top.
  while (value.is_array() && !value.get_array().empty()) {
    json::value inner = std::move(value.get_array()[0]);
    value = std::move(inner);
  }
}

TEST(JsonNumbers, FormatsKeysAsJsonStringsAndShortensLongOnes) {
  EXPECT_EQ(format_json_path({}), "");
  EXPECT_EQ(format_json_path({std::size_t{3}, std::string_view("a\"b\n")}), R"([3]["a\"b\n"])");
  const std::string long_key(100, 'x');
  EXPECT_EQ(format_json_path({std::string_view(long_key)}),
            "[\"" + std::string(32, 'x') + "...\"]");
  // Cut at a character boundary: 31 bytes of 'x', then a two-byte character across byte 32.
  const std::string accented = std::string(31, 'x') + "\xc3\xa9" + std::string(10, 'y');
  EXPECT_EQ(format_json_path({std::string_view(accented)}),
            "[\"" + std::string(31, 'x') + "...\"]");
}

}  // namespace
}  // namespace tessera::core
