#include "media/vips_runtime.hpp"

#include <gtest/gtest.h>

#include "test_images.hpp"

namespace tessera::media {
namespace {

class VipsRuntime : public fixtures::ScratchDir {};

TEST_F(VipsRuntime, StartingAgainIsHarmless) {
  init_vips();
  init_vips(1);
  EXPECT_EQ(vips_cache_get_max(), 0);
}

TEST_F(VipsRuntime, OnlyTheFourUploadFormatsCanBeLoaded) {
  const auto image = fixtures::make_rgb(32, 32);
  const auto tiff = path("image.tif");
  fixtures::check_vips(vips_tiffsave(image.get(), tiff.c_str(), nullptr), "tiffsave");
  VipsImage* loaded = vips_image_new_from_file(tiff.c_str(), nullptr);
  EXPECT_EQ(loaded, nullptr) << "the TIFF loader is blocked";
  if (loaded) g_object_unref(loaded);
  vips_error_clear();

  const auto png = path("image.png");
  fixtures::save(image.get(), ImageFormat::png, png);
  fixtures::Image allowed(vips_image_new_from_file(png.c_str(), nullptr));
  EXPECT_NE(allowed, nullptr);
}

}  // namespace
}  // namespace tessera::media
