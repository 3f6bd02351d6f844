#include "mail/header_encoding.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "queue/base64.hpp"

namespace tessera::mail {
namespace {

constexpr std::size_t subject = 7;  // "Subject"

// True when `bytes` is a sequence of whole UTF-8 characters.
bool whole_characters(const std::string& bytes) {
  for (std::size_t i = 0; i < bytes.size();) {
    const auto lead = static_cast<unsigned char>(bytes[i]);
    const std::size_t n = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    if (i + n > bytes.size()) return false;
    for (std::size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(bytes[i + k]) & 0xC0) != 0x80) return false;
    i += n;
  }
  return true;
}

// Reads RFC 2047 "B" words back: the text they carry, joined (the folding between two
// encoded-words is not part of the text).
std::string decode_words(const std::string& value) {
  std::string text;
  std::size_t pos = 0;
  while (pos < value.size()) {
    if (value.compare(pos, 3, "\r\n ") == 0) {
      pos += 3;
      continue;
    }
    EXPECT_EQ(value.compare(pos, 10, "=?UTF-8?B?"), 0) << value.substr(pos);
    const auto end = value.find("?=", pos + 10);
    if (end == std::string::npos) {
      ADD_FAILURE() << "unterminated encoded-word in " << value;
      return text;
    }
    EXPECT_LE(end + 2 - pos, 75u) << "an encoded-word longer than 75 characters";
    const auto bytes = queue::base64_decode(value.substr(pos + 10, end - pos - 10));
    EXPECT_TRUE(bytes.has_value());
    text += bytes.value_or("");
    pos = end + 2;
  }
  return text;
}

TEST(HeaderEncoding, KeepsShortPrintableAsciiAsItIs) {
  EXPECT_EQ(encode_header_text("Verify your email address", subject), "Verify your email address");
  EXPECT_EQ(encode_header_text("", subject), "");
}

TEST(HeaderEncoding, EncodesNonAsciiAsUtf8Base64Words) {
  EXPECT_EQ(encode_header_text("Grüße", subject), "=?UTF-8?B?R3LDvMOfZQ==?=");
  EXPECT_EQ(decode_words(encode_header_text("Vérifiez votre adresse", subject)),
            "Vérifiez votre adresse");
}

TEST(HeaderEncoding, EncodesWhatAReaderWouldMisreadOrALongLine) {
  EXPECT_EQ(decode_words(encode_header_text("a =?UTF-8?B?eA==?= b", subject)),
            "a =?UTF-8?B?eA==?= b");
  EXPECT_EQ(decode_words(encode_header_text("tab\there", subject)), "tab\there");
  const std::string long_ascii(120, 'x');
  EXPECT_EQ(decode_words(encode_header_text(long_ascii, subject)), long_ascii);
}

TEST(HeaderEncoding, FoldsLongTextIntoWordsOfWholeCharacters) {
  std::string text;
  for (int i = 0; i < 40; ++i) text += "é€🙂";  // 2 + 3 + 4 bytes, so cuts fall everywhere
  const std::string encoded = encode_header_text(text, subject);
  EXPECT_EQ(decode_words(encoded), text);
  std::size_t words = 0;
  for (std::size_t start = 0; start < encoded.size(); ++words) {
    auto end = encoded.find("\r\n ", start);
    if (end == std::string::npos) end = encoded.size();
    const auto word = queue::base64_decode(encoded.substr(start + 10, end - start - 12));
    ASSERT_TRUE(word.has_value());
    EXPECT_TRUE(whole_characters(*word)) << "a word holds part of a character";
    EXPECT_LE(subject + 2 + (end - start), 78u) << "a line longer than 78 characters";
    start = end + 3;
  }
  EXPECT_GT(words, 5u);
}

}  // namespace
}  // namespace tessera::mail
