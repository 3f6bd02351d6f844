#include "media/image_probe.hpp"

#include <chrono>
#include <cstdint>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <sys/resource.h>

#include "media/errors.hpp"

#include "test_images.hpp"

namespace tessera::media {
namespace {

using fixtures::lying_png;
using fixtures::make_rgb;
using fixtures::save;
using fixtures::write_bytes;

long status_kb(const std::string& field) {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.starts_with(field + ":")) return std::stol(line.substr(field.size() + 1));
  }
  return -1;
}

// Resets the kernel's peak-RSS mark to the current RSS, where the kernel allows it.
bool reset_peak_rss() {
  std::ofstream clear_refs("/proc/self/clear_refs");
  clear_refs << "5";
  clear_refs.flush();
  return static_cast<bool>(clear_refs);
}

long getrusage_peak_kb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

class ImageProbe : public fixtures::ScratchDir {};

TEST_F(ImageProbe, ReadsFormatAndSizeOfEachFormat) {
  const auto image = make_rgb(64, 48);
  for (auto format : {ImageFormat::jpeg, ImageFormat::png, ImageFormat::webp, ImageFormat::gif}) {
    const auto file = path("image." + std::string(extension(format)));
    save(image.get(), format, file);
    EXPECT_EQ(probe_image(file), (ImageHeader{.format = format, .width = 64, .height = 48}))
        << to_string(format);
  }
}

TEST_F(ImageProbe, AHugeClaimIsProbedFromTheHeaderWithoutAllocatingPixels) {
  const auto file = path("huge.png");
  write_bytes(file, lying_png(100000, 100000));  // 30 GB of RGB pixels if decoded
  probe_image(file);                             // libvips' own start-up is not measured

  const bool reset = reset_peak_rss();
  const long rss_before = reset ? status_kb("VmRSS") : getrusage_peak_kb();
  const auto start = std::chrono::steady_clock::now();
  const ImageHeader header = probe_image(file);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  const long peak = reset ? status_kb("VmHWM") : getrusage_peak_kb();

  EXPECT_EQ(header, (ImageHeader{.format = ImageFormat::png, .width = 100000, .height = 100000}));
  EXPECT_LT(peak - rss_before, 100 * 1024) << "KB above the RSS before probing";
  EXPECT_LT(elapsed, std::chrono::seconds(2));
  EXPECT_EQ(check_dimensions(header, 16, 50'000'000),
            "The image is 100000×100000 pixels, over the limit of 50000000 pixels");
}

TEST_F(ImageProbe, SmallImageIsRefusedByCheckDimensions) {
  const auto file = path("tiny.png");
  save(make_rgb(8, 8).get(), ImageFormat::png, file);
  const ImageHeader header = probe_image(file);
  EXPECT_EQ(header.width, 8);
  EXPECT_EQ(header.height, 8);
  EXPECT_EQ(check_dimensions(header, 16, 50'000'000),
            "The image is 8×8 pixels; each side must be at least 16");
  EXPECT_EQ(check_dimensions(header, 8, 64), std::nullopt);
  EXPECT_EQ(check_dimensions(header, 8, 63),
            "The image is 8×8 pixels, over the limit of 63 pixels");
}

TEST_F(ImageProbe, OneShortSideIsEnoughToRefuse) {
  const ImageHeader wide{.format = ImageFormat::png, .width = 4000, .height = 15};
  EXPECT_EQ(check_dimensions(wide, 16, 50'000'000),
            "The image is 4000×15 pixels; each side must be at least 16");
  EXPECT_EQ(check_dimensions({.width = 16, .height = 16}, 16, 50'000'000), std::nullopt);
}

TEST_F(ImageProbe, ReportsTheUprightSizeOfARotatedJpeg) {
  const auto file = path("rotated.jpg");
  save(make_rgb(400, 300).get(), ImageFormat::jpeg, file, 6);
  EXPECT_EQ(probe_image(file),
            (ImageHeader{.format = ImageFormat::jpeg, .width = 300, .height = 400}));
}

TEST_F(ImageProbe, AnAnimatedGifHasTheSizeOfOneFrame) {
  auto strip = make_rgb(40, 90);  // three 40×30 frames, one above the other
  vips_image_set_int(strip.get(), VIPS_META_PAGE_HEIGHT, 30);
  const auto file = path("animated.gif");
  save(strip.get(), ImageFormat::gif, file);
  EXPECT_EQ(probe_image(file),
            (ImageHeader{.format = ImageFormat::gif, .width = 40, .height = 30, .pages = 3}));
}

TEST_F(ImageProbe, TextNamedLikeAJpegIsNotAnImage) {
  const auto file = path("photo.jpg");
  write_bytes(file, "This is not a photo.\n");
  try {
    probe_image(file);
    FAIL() << "no exception";
  } catch (const CorruptImageError& e) {
    EXPECT_STREQ(e.what(), "The file is not a JPEG, PNG, WebP or GIF image");
  }
}

TEST_F(ImageProbe, GarbageAfterAValidSignatureIsCorrupt) {
  const std::string garbage(4096, '\x5A');
  const std::pair<const char*, std::string> cases[] = {
      {"JPEG", std::string("\xFF\xD8\xFF\xE0", 4) + garbage},
      {"PNG", std::string("\x89PNG\r\n\x1A\n", 8) + garbage},
      {"GIF", "GIF89a" + garbage},
      {"WebP", std::string("RIFF\x00\x10\x00\x00WEBP", 12) + garbage},
  };
  for (const auto& [name, bytes] : cases) {
    const auto file = path(std::string("corrupt-") + name);
    write_bytes(file, bytes);
    try {
      probe_image(file);
      ADD_FAILURE() << name << ": no exception";
    } catch (const CorruptImageError& e) {
      EXPECT_EQ(e.what(), "The file is not a readable " + std::string(name) + " image");
      EXPECT_FALSE(e.detail().empty());
    }
  }
}

TEST_F(ImageProbe, ATruncatedJpegStillHasAReadableHeader) {
  const auto file = path("whole.jpg");
  save(make_rgb(640, 480).get(), ImageFormat::jpeg, file);
  const std::string bytes = fixtures::read_bytes(file);
  write_bytes(file, bytes.substr(0, bytes.size() / 2));
  EXPECT_EQ(probe_image(file).width, 640);
}

TEST_F(ImageProbe, AMissingFileIsNotACorruptImage) {
  EXPECT_THROW(probe_image(path("missing.png")), ImageProcessingError);
}

}  // namespace
}  // namespace tessera::media
