#include "media/webp_container.hpp"

#include <cstdint>
#include <string>

#include <gtest/gtest.h>

namespace tessera::media {
namespace {

std::string le32(std::uint32_t value) {
  std::string out;
  for (int i = 0; i < 4; ++i) out += static_cast<char>((value >> (8 * i)) & 0xFF);
  return out;
}

std::string chunk(std::string_view fourcc, std::string_view payload) {
  std::string out = std::string(fourcc) + le32(static_cast<std::uint32_t>(payload.size()));
  out += payload;
  if (payload.size() & 1) out += '\0';
  return out;
}

std::string riff(const std::string& chunks) {
  return "RIFF" + le32(static_cast<std::uint32_t>(chunks.size() + 4)) + "WEBP" + chunks;
}

std::string vp8x(std::uint8_t flags) {
  return chunk("VP8X", std::string(1, static_cast<char>(flags)) + std::string(9, '\x01'));
}

TEST(StripWebpMetadata, DropsMetadataAndTheExtendedHeaderItNeeded) {
  const std::string frame = chunk("VP8 ", "frame");  // odd size: padded
  const std::string input = riff(vp8x(0x08 | 0x20 | 0x04) + chunk("ICCP", "icc") + frame +
                                 chunk("EXIF", "Exif\0\0MM") + chunk("XMP ", "<x:xmpmeta/>"));
  EXPECT_EQ(strip_webp_metadata(input), riff(frame));
}

TEST(StripWebpMetadata, KeepsTheExtendedHeaderForAlphaAndAnimation) {
  const std::string alpha = chunk("ALPH", "al") + chunk("VP8 ", "frame");
  EXPECT_EQ(strip_webp_metadata(riff(vp8x(0x10 | 0x08) + alpha + chunk("EXIF", "e"))),
            riff(vp8x(0x10) + alpha));
  const std::string animation = chunk("ANIM", "an") + chunk("ANMF", "f1") + chunk("ANMF", "f2");
  EXPECT_EQ(strip_webp_metadata(riff(vp8x(0x02 | 0x04) + animation + chunk("XMP ", "x"))),
            riff(vp8x(0x02) + animation));
}

TEST(StripWebpMetadata, LeavesASimpleFileAsItIs) {
  const std::string lossless = riff(chunk("VP8L", "lossless"));
  EXPECT_EQ(strip_webp_metadata(lossless), lossless);
}

TEST(StripWebpMetadata, RefusesWhatIsNotAWellFormedContainer) {
  const std::string good = riff(chunk("VP8 ", "frame"));
  EXPECT_EQ(strip_webp_metadata(""), std::nullopt);
  EXPECT_EQ(strip_webp_metadata("RIFF\x04\0\0\0WAVE"), std::nullopt);
  EXPECT_EQ(strip_webp_metadata(good.substr(0, good.size() - 3)), std::nullopt);  // cut short
  std::string lying_chunk = good;
  lying_chunk.replace(16, 4, le32(1000));  // the chunk claims more than the file holds
  EXPECT_EQ(strip_webp_metadata(lying_chunk), std::nullopt);
  std::string lying_riff = good;
  lying_riff.replace(4, 4, le32(0xFFFFFFF0u));
  EXPECT_EQ(strip_webp_metadata(lying_riff), std::nullopt);
  EXPECT_EQ(strip_webp_metadata(riff(chunk("VP8X", "short"))), std::nullopt);
}

}  // namespace
}  // namespace tessera::media
