#include "media/variants.hpp"

#include <chrono>
#include <map>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

#include "media/errors.hpp"

#include "test_images.hpp"

namespace tessera::media {
namespace {

using fixtures::decode;
using fixtures::make_rgb;
using fixtures::save;

// IMAGE_VARIANTS' default.
const std::vector<core::ImageVariantSpec> kDefaultSpecs = {
    {"thumb", 160}, {"medium", 640}, {"large", 1280}};

class RenderVariants : public fixtures::ScratchDir {
 protected:
  // Renders `original`, keeping every variant's bytes by name.
  std::vector<RenderedVariant> render(
      const std::filesystem::path& original,
      const std::vector<core::ImageVariantSpec>& specs = kDefaultSpecs) {
    return render_variants(original, specs,
                           [this](const core::ImageVariantSpec& spec, std::string_view webp) {
                             bytes_[spec.name] = std::string(webp);
                             return "variants/test/" + spec.name + ".webp";
                           });
  }

  std::map<std::string, std::string> bytes_;
};

bool is_webp(std::string_view bytes) {
  return bytes.size() > 12 && bytes.substr(0, 4) == "RIFF" && bytes.substr(8, 4) == "WEBP";
}

int distance(fixtures::Rgb a, fixtures::Rgb b) {
  return std::abs(a.r - b.r) + std::abs(a.g - b.g) + std::abs(a.b - b.b);
}

TEST_F(RenderVariants, EveryFormatGivesTheThreeDefaultVariantsAsWebp) {
  const auto image = make_rgb(2000, 1500);
  for (auto format : {ImageFormat::jpeg, ImageFormat::png, ImageFormat::webp, ImageFormat::gif}) {
    SCOPED_TRACE(to_string(format));
    const auto file = path("original." + std::string(extension(format)));
    save(image.get(), format, file);
    const auto variants = render(file);

    ASSERT_EQ(variants.size(), 3u);
    const std::pair<int, int> expected[] = {{160, 120}, {640, 480}, {1280, 960}};
    for (std::size_t i = 0; i < variants.size(); ++i) {
      const auto& variant = variants[i];
      EXPECT_EQ(variant.name, kDefaultSpecs[i].name);
      EXPECT_EQ(std::pair(variant.width, variant.height), expected[i]);
      EXPECT_EQ(variant.format, "webp");
      EXPECT_EQ(variant.storage_key, "variants/test/" + variant.name + ".webp");
      const std::string& bytes = bytes_[variant.name];
      EXPECT_EQ(variant.size_bytes, static_cast<std::int64_t>(bytes.size()));
      ASSERT_TRUE(is_webp(bytes));
      const auto decoded = decode(bytes);
      EXPECT_EQ(vips_image_get_width(decoded.get()), expected[i].first);
      EXPECT_EQ(vips_image_get_height(decoded.get()), expected[i].second);
    }
  }
}

TEST_F(RenderVariants, OrientationSixComesOutUprightWithTheCornerWhereItBelongs) {
  const auto file = path("sideways.jpg");
  // Stored landscape with the marker top-left; shown rotated 90° clockwise: portrait, marker
  // top-right.
  save(make_rgb(800, 600, {255, 0, 0}).get(), ImageFormat::jpeg, file, 6);
  const auto variants = render(file);

  ASSERT_EQ(variants.size(), 3u);
  EXPECT_EQ(std::pair(variants[0].width, variants[0].height), std::pair(120, 160));
  EXPECT_EQ(std::pair(variants[1].width, variants[1].height), std::pair(480, 640));
  EXPECT_EQ(std::pair(variants[2].width, variants[2].height), std::pair(600, 800));  // no upscale
  for (const auto& variant : variants) {
    SCOPED_TRACE(variant.name);
    const auto decoded = decode(bytes_[variant.name]);
    const int w = vips_image_get_width(decoded.get());
    const int inset = w / 20;  // inside the marker (a quarter of the short side)
    EXPECT_LT(distance(fixtures::pixel(decoded.get(), w - 1 - inset, inset), {255, 0, 0}), 60);
    EXPECT_GT(distance(fixtures::pixel(decoded.get(), inset, inset), {255, 0, 0}), 200);
    EXPECT_EQ(vips_image_get_typeof(decoded.get(), VIPS_META_ORIENTATION), 0u)
        << "no orientation tag left to rotate it twice";
  }
}

TEST_F(RenderVariants, MetadataIsStripped) {
  const auto file = path("tagged.jpg");
  save(make_rgb(800, 600).get(), ImageFormat::jpeg, file, 3);
  render(file);
  ASSERT_EQ(bytes_.size(), 3u);
  for (const auto& [name, bytes] : bytes_) {
    SCOPED_TRACE(name);
    EXPECT_EQ(bytes.find("EXIF"), std::string::npos);
    EXPECT_EQ(bytes.find("XMP "), std::string::npos);
    EXPECT_EQ(bytes.find("ICCP"), std::string::npos);
    EXPECT_EQ(bytes.substr(12, 4), "VP8 ") << "the simple format: nothing needs VP8X";
    const auto decoded = decode(bytes);
    EXPECT_EQ(vips_image_get_typeof(decoded.get(), VIPS_META_EXIF_NAME), 0u);
    EXPECT_EQ(vips_image_get_typeof(decoded.get(), VIPS_META_ICC_NAME), 0u);
  }
}

TEST_F(RenderVariants, TransparencyIsKept) {
  const auto opaque = make_rgb(400, 200);
  VipsImage* with_alpha = nullptr;
  fixtures::check_vips(vips_bandjoin_const1(opaque.get(), &with_alpha, 100, nullptr), "bandjoin");
  const fixtures::Image rgba(with_alpha);
  const auto file = path("transparent.png");
  save(rgba.get(), ImageFormat::png, file);
  for (const auto& variant : render(file)) {
    const auto decoded = decode(bytes_[variant.name]);
    EXPECT_EQ(vips_image_get_bands(decoded.get()), 4) << variant.name;
    EXPECT_NEAR(fixtures::pixel(decoded.get(), variant.width / 2, variant.height / 2, 3), 100, 2);
  }
}

TEST_F(RenderVariants, AnEmbeddedProfileIsAppliedBeforeItIsDropped) {
  // Pure sRGB red, stored as Display P3 numbers (about 234,51,35) with the P3 profile.
  VipsImage* p3 = nullptr;
  const auto red = make_rgb(400, 300, {255, 0, 0});
  fixtures::check_vips(vips_icc_transform(red.get(), &p3, "p3", "input_profile", "srgb", nullptr),
                       "icc_transform");
  const fixtures::Image tagged(p3);
  const auto file = path("p3.jpg");
  save(tagged.get(), ImageFormat::jpeg, file);
  render(file);
  const auto decoded = decode(bytes_["medium"]);
  EXPECT_LT(distance(fixtures::pixel(decoded.get(), 20, 20), {255, 0, 0}), 30)
      << "the marker is sRGB red again, not P3 numbers read as sRGB";
}

TEST_F(RenderVariants, ALyingHeaderFailsFastWithoutAllocatingItsPixels) {
  const auto file = path("huge.png");
  fixtures::write_bytes(file, fixtures::lying_png(100000, 100000));
  const auto start = std::chrono::steady_clock::now();
  EXPECT_THROW(render(file), CorruptImageError);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

TEST_F(RenderVariants, ASmallImageIsNeverUpscaled) {
  const auto file = path("small.png");
  save(make_rgb(100, 80).get(), ImageFormat::png, file);
  for (const auto& variant : render(file)) {
    EXPECT_EQ(std::pair(variant.width, variant.height), std::pair(100, 80)) << variant.name;
    const auto decoded = decode(bytes_[variant.name]);
    EXPECT_EQ(vips_image_get_width(decoded.get()), 100);
  }
}

TEST_F(RenderVariants, KeepsTheAspectRatioOfATallImage) {
  const auto file = path("tall.webp");
  save(make_rgb(300, 1200).get(), ImageFormat::webp, file);
  const auto variants = render(file);
  EXPECT_EQ(std::pair(variants[0].width, variants[0].height), std::pair(40, 160));
  EXPECT_EQ(std::pair(variants[1].width, variants[1].height), std::pair(160, 640));
  EXPECT_EQ(std::pair(variants[2].width, variants[2].height), std::pair(300, 1200));
}

TEST_F(RenderVariants, RenderingTwiceGivesTheSameBytes) {
  const auto file = path("twice.jpg");
  save(make_rgb(1600, 1200).get(), ImageFormat::jpeg, file);
  const auto first = render(file);
  const auto first_bytes = bytes_;
  const auto second = render(file);
  EXPECT_EQ(first, second);
  EXPECT_EQ(first_bytes, bytes_);
}

TEST_F(RenderVariants, ATruncatedJpegIsCorrupt) {
  const auto file = path("truncated.jpg");
  save(make_rgb(1600, 1200).get(), ImageFormat::jpeg, file);
  const std::string whole = fixtures::read_bytes(file);
  fixtures::write_bytes(file, whole.substr(0, whole.size() * 6 / 10));
  EXPECT_THROW(render(file), CorruptImageError);
  EXPECT_TRUE(bytes_.empty()) << "nothing reached the sink";
}

TEST_F(RenderVariants, ATruncatedPngIsCorrupt) {
  const auto file = path("truncated.png");
  save(make_rgb(800, 600).get(), ImageFormat::png, file);
  const std::string whole = fixtures::read_bytes(file);
  fixtures::write_bytes(file, whole.substr(0, whole.size() / 2));
  EXPECT_THROW(render(file), CorruptImageError);
}

TEST_F(RenderVariants, TextIsCorruptAndAMissingFileIsNot) {
  const auto text = path("notes.jpg");
  fixtures::write_bytes(text, "just some text, long enough to sniff\n");
  EXPECT_THROW(render(text), CorruptImageError);
  EXPECT_THROW(render(path("missing.jpg")), ImageProcessingError);
}

TEST_F(RenderVariants, TheSinksErrorsPropagateUnchanged) {
  const auto file = path("ok.png");
  save(make_rgb(200, 100).get(), ImageFormat::png, file);
  const auto failing_sink = [](const core::ImageVariantSpec&, std::string_view) -> std::string {
    throw std::runtime_error("disk full");
  };
  try {
    render_variants(file, kDefaultSpecs, failing_sink);
    FAIL() << "no exception";
  } catch (const CorruptImageError&) {
    FAIL() << "a storage failure is not a corrupt image";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "disk full");
  }
}

TEST_F(RenderVariants, SpecsComeOutInTheirOwnOrder) {
  const auto file = path("order.png");
  save(make_rgb(1000, 500).get(), ImageFormat::png, file);
  const auto variants = render(file, {{"b", 300}, {"a", 900}, {"c", 10}});
  ASSERT_EQ(variants.size(), 3u);
  EXPECT_EQ(variants[0].name, "b");
  EXPECT_EQ(variants[0].width, 300);
  EXPECT_EQ(variants[1].width, 900);
  EXPECT_EQ(std::pair(variants[2].width, variants[2].height), std::pair(10, 5));
  EXPECT_TRUE(render(file, {}).empty());
  EXPECT_THROW(render(file, {{"zero", 0}}), std::invalid_argument);
}

}  // namespace
}  // namespace tessera::media
