#include "media/image_format.hpp"

#include <string>

#include <gtest/gtest.h>

namespace tessera::media {
namespace {

using namespace std::string_literals;

TEST(SniffImageFormat, RecognisesEachSignature) {
  EXPECT_EQ(sniff_image_format("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00"s), ImageFormat::jpeg);
  EXPECT_EQ(sniff_image_format("\x89PNG\r\n\x1A\n\x00\x00\x00\x0D"s), ImageFormat::png);
  EXPECT_EQ(sniff_image_format("GIF87a\x01\x00\x01\x00\x00\x00"s), ImageFormat::gif);
  EXPECT_EQ(sniff_image_format("GIF89a\x01\x00\x01\x00\x00\x00"s), ImageFormat::gif);
  EXPECT_EQ(sniff_image_format("RIFF\x24\x00\x00\x00WEBPVP8 "s), ImageFormat::webp);
}

TEST(SniffImageFormat, NeedsNoMoreThanKSniffBytes) {
  EXPECT_EQ(kSniffBytes, 12u);
  EXPECT_EQ(sniff_image_format("RIFF\x24\x00\x00\x00WEBP"s), ImageFormat::webp);
  EXPECT_EQ(sniff_image_format("\xFF\xD8\xFF"s), ImageFormat::jpeg);
}

TEST(SniffImageFormat, RefusesEverythingElse) {
  for (const std::string& bytes : {
           ""s,
           "\xFF\xD8"s,                  // JPEG cut short
           "\x89PNG\r\n\x1A"s,           // PNG signature cut short
           "\x89PNX\r\n\x1A\n"s,         // damaged signature
           "GIF88a......"s,              // no such GIF version
           "RIFF\x24\x00\x00\x00WAVE"s,  // RIFF, but audio
           "RIFF\x24\x00\x00\x00WEB"s,   // WebP cut short
           "II*\x00\x08\x00\x00\x00"s,   // TIFF
           "<svg xmlns='http://www.w3.org/2000/svg'>"s,
           "%PDF-1.7\n"s,
           "This is a text file, named photo.jpg\n"s,
       }) {
    EXPECT_EQ(sniff_image_format(bytes), std::nullopt) << bytes;
  }
}

TEST(ImageFormat, NamesContentTypesAndExtensions) {
  EXPECT_EQ(to_string(ImageFormat::jpeg), "jpeg");
  EXPECT_EQ(content_type(ImageFormat::jpeg), "image/jpeg");
  EXPECT_EQ(extension(ImageFormat::jpeg), "jpg");
  EXPECT_EQ(to_string(ImageFormat::png), "png");
  EXPECT_EQ(content_type(ImageFormat::png), "image/png");
  EXPECT_EQ(extension(ImageFormat::png), "png");
  EXPECT_EQ(to_string(ImageFormat::webp), "webp");
  EXPECT_EQ(content_type(ImageFormat::webp), "image/webp");
  EXPECT_EQ(extension(ImageFormat::webp), "webp");
  EXPECT_EQ(to_string(ImageFormat::gif), "gif");
  EXPECT_EQ(content_type(ImageFormat::gif), "image/gif");
  EXPECT_EQ(extension(ImageFormat::gif), "gif");
}

}  // namespace
}  // namespace tessera::media
