#include "mail/quoted_printable.hpp"

#include <cctype>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace tessera::mail {
namespace {

std::vector<std::string> lines_of(const std::string& encoded) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (auto end = encoded.find("\r\n"); end != std::string::npos;
       start = end + 2, end = encoded.find("\r\n", start))
    lines.push_back(encoded.substr(start, end - start));
  lines.push_back(encoded.substr(start));
  return lines;
}

// What every encoded text must satisfy (RFC 2045 6.7): short lines, no bare CR or LF, only
// printable ASCII, no whitespace before a line's end, and every '=' an escape or soft break.
void expect_well_formed(const std::string& encoded) {
  for (const std::string& line : lines_of(encoded)) {
    EXPECT_LE(line.size(), 76u) << line;
    EXPECT_EQ(line.find_first_of("\r\n"), std::string::npos) << line;
    for (unsigned char c : line) EXPECT_TRUE(c == ' ' || c == '\t' || (c >= 33 && c <= 126));
    if (!line.empty()) {
      EXPECT_FALSE(line.back() == ' ' || line.back() == '\t') << line;
    }
    for (auto pos = line.find('='); pos != std::string::npos; pos = line.find('=', pos + 1)) {
      if (pos + 1 == line.size()) continue;  // soft break
      ASSERT_LE(pos + 3, line.size()) << line;
      EXPECT_TRUE(std::isxdigit(line[pos + 1]) && std::isxdigit(line[pos + 2])) << line;
    }
  }
}

TEST(QuotedPrintable, LeavesPlainAsciiAlone) {
  EXPECT_EQ(quoted_printable_encode("Hello, world!"), "Hello, world!");
  EXPECT_EQ(quoted_printable_encode(""), "");
}

TEST(QuotedPrintable, EscapesTheEqualsSign) {
  EXPECT_EQ(quoted_printable_encode("a=b"), "a=3Db");
  EXPECT_EQ(quoted_printable_encode("https://x/verify?token=abc"), "https://x/verify?token=3Dabc");
}

TEST(QuotedPrintable, LineBreaksBecomeCrlf) {
  EXPECT_EQ(quoted_printable_encode("one\ntwo\r\nthree\n"), "one\r\ntwo\r\nthree\r\n");
  EXPECT_EQ(quoted_printable_encode("a\rb"), "a=0Db");  // a lone CR is data, not a break
}

TEST(QuotedPrintable, EscapesWhitespaceOnlyAtTheEndOfALine) {
  EXPECT_EQ(quoted_printable_encode("a b\tc"), "a b\tc");
  EXPECT_EQ(quoted_printable_encode("trailing  \nnext\t"), "trailing =20\r\nnext=09");
  EXPECT_EQ(quoted_printable_encode(" "), "=20");
}

TEST(QuotedPrintable, EscapesNonAsciiUtf8AndControls) {
  EXPECT_EQ(quoted_printable_encode("café"), "caf=C3=A9");
  EXPECT_EQ(quoted_printable_encode("€"), "=E2=82=AC");
  EXPECT_EQ(quoted_printable_encode(std::string("a\0b\x7f", 4)), "a=00b=7F");
}

TEST(QuotedPrintable, BreaksLongLinesSoftlyAtMost76Characters) {
  const std::string long_line(200, 'x');
  const std::string encoded = quoted_printable_encode(long_line);
  expect_well_formed(encoded);
  const auto lines = lines_of(encoded);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0], std::string(75, 'x') + "=");
  EXPECT_EQ(lines[1], std::string(75, 'x') + "=");
  EXPECT_EQ(lines[2], std::string(50, 'x'));
  EXPECT_EQ(quoted_printable_decode(encoded), long_line);
}

TEST(QuotedPrintable, NeverSplitsAnEscapeOrACharacter) {
  // 74 letters leave one column: "=C3=A9" must move to the next line whole.
  const std::string text = std::string(74, 'a') + "é" + std::string(10, 'b');
  const auto lines = lines_of(quoted_printable_encode(text));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], std::string(74, 'a') + "=");
  EXPECT_TRUE(lines[1].starts_with("=C3=A9bbb")) << lines[1];
  // The same with '=' escapes only.
  const std::string equals(60, '=');
  const std::string encoded = quoted_printable_encode(equals);
  expect_well_formed(encoded);
  const auto equals_lines = lines_of(encoded);
  for (std::size_t i = 0; i + 1 < equals_lines.size(); ++i)
    EXPECT_EQ(equals_lines[i].size() % 3, 1u) << equals_lines[i];  // escapes, then the '='
  EXPECT_EQ(equals_lines.back().size() % 3, 0u) << equals_lines.back();
}

TEST(QuotedPrintable, RoundTripsAnything) {
  std::string all_bytes;
  for (int i = 0; i < 256; ++i)
    if (i != '\r' && i != '\n') all_bytes += static_cast<char>(i);
  const std::vector<std::string> samples{
      all_bytes, "Grüße aus Köln — 東京 🙂 " + std::string(100, ' ') + "end",
      std::string(80, ' '), "line with = and =3D and trailing tab\t", "dot\n.\nstarting line"};
  for (const std::string& sample : samples) {
    const std::string encoded = quoted_printable_encode(sample);
    expect_well_formed(encoded);
    std::string expected = sample;
    for (auto pos = expected.find('\n'); pos != std::string::npos;
         pos = expected.find('\n', pos + 2))
      expected.replace(pos, 1, "\r\n");
    EXPECT_EQ(quoted_printable_decode(encoded), expected);
  }
}

TEST(QuotedPrintable, DecodesSoftBreaksEitherLineEndingAndKeepsStrayEquals) {
  EXPECT_EQ(quoted_printable_decode("ab=\r\ncd=\nef"), "abcdef");
  EXPECT_EQ(quoted_printable_decode("=c3=A9"), "é");
  EXPECT_EQ(quoted_printable_decode("a=zz=4"), "a=zz=4");
}

}  // namespace
}  // namespace tessera::mail
