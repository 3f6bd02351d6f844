#include "core/dotenv.hpp"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace tessera::core {
namespace {

using Pair = std::pair<std::string, std::string>;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// The value of the only entry of `text`.
std::string value_of(std::string_view text) {
  const auto entries = parse_dotenv(text);
  EXPECT_EQ(entries.size(), 1u) << text;
  return entries.empty() ? std::string() : entries.front().second;
}

// The DotenvError of parsing `text`; fails the test if it parses.
DotenvError error_of(std::string_view text) {
  try {
    parse_dotenv(text);
  } catch (const DotenvError& e) {
    return e;
  }
  ADD_FAILURE() << "parsed without error: " << text;
  return DotenvError(0, "");
}

TEST(Dotenv, EmptyInputHasNoEntries) {
  EXPECT_TRUE(parse_dotenv("").empty());
  EXPECT_TRUE(parse_dotenv("\n\n  \n\t\n").empty());
}

TEST(Dotenv, CommentsAndBlankLinesAreSkipped) {
  const auto entries = parse_dotenv("# header\n\n  # indented comment\nA=1\n#B=2\n");
  EXPECT_THAT(entries, ElementsAre(Pair{"A", "1"}));
}

TEST(Dotenv, KeepsOrderOfFirstAppearance) {
  EXPECT_THAT(parse_dotenv("B=2\nA=1\nC=3"),
              ElementsAre(Pair{"B", "2"}, Pair{"A", "1"}, Pair{"C", "3"}));
}

TEST(Dotenv, LaterDuplicateWins) {
  EXPECT_THAT(parse_dotenv("A=1\nB=2\nA=3\n"), ElementsAre(Pair{"A", "3"}, Pair{"B", "2"}));
}

TEST(Dotenv, ExportPrefixIsIgnored) {
  EXPECT_THAT(parse_dotenv("export A=1\nexport\tB=2\n  export   C = 3"),
              ElementsAre(Pair{"A", "1"}, Pair{"B", "2"}, Pair{"C", "3"}));
}

TEST(Dotenv, ExportAloneIsAKeyName) {
  EXPECT_THAT(parse_dotenv("export=1\nexported=2"),
              ElementsAre(Pair{"export", "1"}, Pair{"exported", "2"}));
}

TEST(Dotenv, SpacesAroundEqualsAreIgnored) {
  EXPECT_THAT(parse_dotenv("A = 1\nB\t=\t2\n  C=3"),
              ElementsAre(Pair{"A", "1"}, Pair{"B", "2"}, Pair{"C", "3"}));
}

TEST(Dotenv, UnquotedValuesAreTrimmed) {
  EXPECT_EQ(value_of("A=   some value  \t"), "some value");
}

TEST(Dotenv, EmptyValues) {
  EXPECT_THAT(parse_dotenv("A=\nB=   \nC=''\nD=\"\""),
              ElementsAre(Pair{"A", ""}, Pair{"B", ""}, Pair{"C", ""}, Pair{"D", ""}));
}

TEST(Dotenv, InlineCommentNeedsABlankBeforeIt) {
  EXPECT_EQ(value_of("A=value # comment"), "value");
  EXPECT_EQ(value_of("A=value\t#comment"), "value");
  EXPECT_EQ(value_of("A=val#ue"), "val#ue");
  EXPECT_EQ(value_of("A=#value"), "#value");
  EXPECT_EQ(value_of("A= # only a comment"), "");
  EXPECT_EQ(value_of("A=http://host/#anchor"), "http://host/#anchor");
}

TEST(Dotenv, SingleQuotedValuesAreLiteral) {
  EXPECT_EQ(value_of(R"(A='a\nb $HOME "x" # not a comment')"), R"(a\nb $HOME "x" # not a comment)");
  EXPECT_EQ(value_of("A='  padded  '"), "  padded  ");
}

TEST(Dotenv, DoubleQuotedEscapes) {
  EXPECT_EQ(value_of(R"(A="line1\nline2")"), "line1\nline2");
  EXPECT_EQ(value_of(R"(A="a\tb")"), "a\tb");
  EXPECT_EQ(value_of(R"(A="say \"hi\"")"), "say \"hi\"");
  EXPECT_EQ(value_of(R"(A="back\\slash")"), "back\\slash");
  EXPECT_EQ(value_of(R"(A="it\'s")"), "it's");
  EXPECT_EQ(value_of(R"(A="\r")"), "\r");
}

TEST(Dotenv, UnknownEscapesAreKept) {
  EXPECT_EQ(value_of(R"(A="C:\dir\x")"), R"(C:\dir\x)");
  EXPECT_EQ(value_of(R"(A="\$HOME")"), R"(\$HOME)");
}

TEST(Dotenv, DoubleQuotedKeepsHashAndSpaces) {
  EXPECT_EQ(value_of(R"(A="  a # b  ")"), "  a # b  ");
}

TEST(Dotenv, QuotedValueMaySpanLines) {
  EXPECT_THAT(parse_dotenv("A=\"first\nsecond\"\nB='x\ny'\nC=3"),
              ElementsAre(Pair{"A", "first\nsecond"}, Pair{"B", "x\ny"}, Pair{"C", "3"}));
}

TEST(Dotenv, CommentAfterClosingQuote) {
  EXPECT_EQ(value_of("A=\"v\"   # comment"), "v");
  EXPECT_EQ(value_of("A='v'#comment"), "v");
  EXPECT_EQ(value_of("A='v'   "), "v");
}

TEST(Dotenv, WindowsLineEndings) {
  EXPECT_THAT(parse_dotenv("A=1\r\nB = two words \r\nC=\"x\r\ny\"\r\n"),
              ElementsAre(Pair{"A", "1"}, Pair{"B", "two words"}, Pair{"C", "x\ny"}));
}

TEST(Dotenv, ByteOrderMarkIsSkipped) {
  EXPECT_THAT(parse_dotenv("\xEF\xBB\xBF"
                           "A=1"),
              ElementsAre(Pair{"A", "1"}));
}

TEST(Dotenv, NoInterpolation) {
  EXPECT_EQ(value_of("A=${HOME}/x"), "${HOME}/x");
}

TEST(Dotenv, ValidKeys) {
  EXPECT_THAT(parse_dotenv("_=1\n_a9=2\nAbC_12=3"),
              ElementsAre(Pair{"_", "1"}, Pair{"_a9", "2"}, Pair{"AbC_12", "3"}));
}

TEST(Dotenv, KeyStartingWithDigitIsAnError) {
  const auto e = error_of("A=1\n1A=2\n");
  EXPECT_EQ(e.line(), 2u);
  EXPECT_THAT(e.what(), HasSubstr("line 2: expected a variable name"));
}

TEST(Dotenv, KeyWithInvalidCharacterIsAnError) {
  const auto e = error_of("\n\nMY-KEY=1");
  EXPECT_EQ(e.line(), 3u);
  EXPECT_THAT(e.what(), HasSubstr("invalid character after \"MY\""));
}

TEST(Dotenv, MissingEqualsIsAnError) {
  EXPECT_EQ(error_of("A").line(), 1u);
  EXPECT_THAT(error_of("# c\nKEY value").what(), HasSubstr("line 2: expected '=' after \"KEY\""));
  EXPECT_EQ(error_of("export KEY\n").line(), 1u);
  EXPECT_EQ(error_of("export \n").line(), 1u);
}

TEST(Dotenv, EqualsWithoutKeyIsAnError) {
  EXPECT_EQ(error_of("A=1\n=2").line(), 2u);
}

TEST(Dotenv, UnterminatedDoubleQuoteNamesItsLine) {
  const auto e = error_of("A=1\nB=\"open\nmore\nlines");
  EXPECT_EQ(e.line(), 2u);
  EXPECT_EQ(std::string(e.what()), "line 2: unterminated double-quoted value");
}

TEST(Dotenv, UnterminatedSingleQuoteNamesItsLine) {
  const auto e = error_of("\n\nA='abc");
  EXPECT_EQ(e.line(), 3u);
  EXPECT_EQ(std::string(e.what()), "line 3: unterminated single-quoted value");
}

TEST(Dotenv, EscapedQuoteDoesNotTerminate) {
  EXPECT_EQ(error_of(R"(A="abc\")").line(), 1u);
}

TEST(Dotenv, TrailingBackslashIsUnterminated) {
  EXPECT_EQ(error_of("A=\"abc\\").line(), 1u);
}

TEST(Dotenv, TextAfterClosingQuoteIsAnError) {
  EXPECT_THAT(error_of("A=1\nB=\"x\" y").what(),
              HasSubstr("line 2: unexpected text after the closing quote"));
  EXPECT_EQ(error_of("A='x'y").line(), 1u);
}

TEST(Dotenv, LineNumbersCountLinesInsideQuotedValues) {
  EXPECT_EQ(error_of("A=\"1\n2\n3\"\nB").line(), 4u);
}

TEST(Dotenv, ErrorsNeverQuoteTheValue) {
  const auto e = error_of("PASSWORD=\"hunter2-secret");
  EXPECT_THAT(e.what(), ::testing::Not(HasSubstr("hunter2")));
  const auto after = error_of("PASSWORD='hunter2' trailing");
  EXPECT_THAT(after.what(), ::testing::Not(HasSubstr("hunter2")));
}

TEST(Dotenv, ArbitraryBytesNeverCrash) {
  const std::string samples[] = {std::string("\0\0\0", 3),
                                 "\"",
                                 "'",
                                 "=",
                                 "A=\"\\",
                                 "A=\r",
                                 "\r",
                                 "\r\r\n",
                                 "export",
                                 "A=\xff\xfe",
                                 "A='\0'",
                                 "#\0\n=",
                                 "A=\"\\\n\"",
                                 "\xEF\xBB",
                                 "A = #",
                                 "A\t"};
  for (const auto& sample : samples) {
    try {
      parse_dotenv(sample);
    } catch (const DotenvError&) {
    }
  }
  EXPECT_EQ(value_of("A=\r"), "");
  EXPECT_EQ(value_of(std::string_view("A=x\0y", 5)), std::string("x\0y", 3));
}

}  // namespace
}  // namespace tessera::core
