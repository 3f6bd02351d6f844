#include "security/qr_svg.hpp"

#include <cstddef>
#include <regex>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

#include "security/totp.hpp"

namespace tessera::security {
namespace {

// The side of the square the viewBox shows, in modules; -1 when it is not "0 0 n n".
int view_box_side(const std::string& svg) {
  static const std::regex view_box(R"re(viewBox="0 0 (\d+) (\d+)")re");
  std::smatch match;
  if (!std::regex_search(svg, match, view_box) || match[1] != match[2]) return -1;
  return std::stoi(match[1]);
}

TEST(QrSvgTest, IsAWellFormedSvgDocument) {
  const std::string svg = qr_svg("hello");
  EXPECT_TRUE(svg.starts_with("<svg ")) << svg;
  EXPECT_TRUE(svg.ends_with("</svg>")) << svg;
  EXPECT_NE(svg.find(R"(xmlns="http://www.w3.org/2000/svg")"), std::string::npos);
  EXPECT_NE(svg.find(R"(shape-rendering="crispEdges")"), std::string::npos);
  EXPECT_NE(svg.find(R"(fill="#fff")"), std::string::npos);  // the light background
  EXPECT_NE(svg.find("<path "), std::string::npos);
  EXPECT_EQ(svg.find("<script"), std::string::npos);
  EXPECT_EQ(svg.find("href"), std::string::npos);  // nothing fetched from elsewhere
}

TEST(QrSvgTest, AShortTextIsVersionOneWithAQuietZone) {
  // Version 1 is 21 modules a side; 4 more of quiet zone on each.
  EXPECT_EQ(view_box_side(qr_svg("hello")), 21 + 8);
}

TEST(QrSvgTest, AnOtpauthUriNeedsALargerVersion) {
  // 131 bytes at level M (versions 7 and 8 hold 122 and 152): version 8, 49 modules a side.
  const std::string uri = otpauth_uri("Tessera", "alice@example.com", new_totp_secret());
  ASSERT_EQ(uri.size(), 131u) << uri;
  EXPECT_EQ(view_box_side(qr_svg(uri)), 49 + 8);
}

TEST(QrSvgTest, DarkModulesStayInsideTheQuietZone) {
  const std::string svg = qr_svg("hello");
  static const std::regex run(R"(M(\d+) (\d+)h(\d+)v1h-(\d+)z)");
  int runs = 0;
  for (std::sregex_iterator it(svg.begin(), svg.end(), run), end; it != end; ++it, ++runs) {
    const int x = std::stoi((*it)[1]), y = std::stoi((*it)[2]), w = std::stoi((*it)[3]);
    EXPECT_GE(x, 4);
    EXPECT_GE(y, 4);
    EXPECT_LE(x + w, 4 + 21);
    EXPECT_LT(y, 4 + 21);
    EXPECT_EQ((*it)[3], (*it)[4]);
  }
  // The three finder patterns alone make a run on each of their 7 rows.
  EXPECT_GE(runs, 21);
}

TEST(QrSvgTest, DifferentTextsGiveDifferentCodes) {
  EXPECT_NE(qr_svg("hello"), qr_svg("hellp"));
  EXPECT_EQ(qr_svg("hello"), qr_svg("hello"));
}

TEST(QrSvgTest, TextThatCannotBeEncodedThrows) {
  EXPECT_THROW(qr_svg(""), std::runtime_error);
  EXPECT_THROW(qr_svg(std::string(3000, 'x')), std::runtime_error);
}

TEST(QrSvgTest, TextWithANulByteIsEncodedWhole) {
  using namespace std::string_literals;
  EXPECT_NE(qr_svg("a\0b"s), qr_svg("a"));
}

}  // namespace
}  // namespace tessera::security
