#pragma once
// Images made at test time with libvips (no binary fixtures), and a scratch directory.

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>
#include <vips/vips.h>
#include <zlib.h>

#include "media/image_format.hpp"
#include "media/vips_runtime.hpp"

namespace tessera::media::fixtures {

struct Unref {
  void operator()(void* object) const noexcept { g_object_unref(object); }
};
using Image = std::unique_ptr<VipsImage, Unref>;

inline void check_vips(int result, const char* what) {
  if (result != 0) {
    std::string error = vips_error_buffer();
    vips_error_clear();
    throw std::runtime_error(std::string(what) + ": " + error);
  }
}

struct Rgb {
  std::uint8_t r, g, b;
};

// A w×h sRGB image: a smooth gradient, with a `marker`-coloured square of side min(w,h)/4
// in the top-left corner (to see where rotations put it).
inline Image make_rgb(int width, int height, Rgb marker = {255, 0, 0}) {
  init_vips();
  const int side = std::min(width, height) / 4;
  std::vector<std::uint8_t> pixels(static_cast<std::size_t>(width) * height * 3);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      std::uint8_t* p = &pixels[(static_cast<std::size_t>(y) * width + x) * 3];
      const bool in_marker = x < side && y < side;
      p[0] = in_marker ? marker.r : 0;
      p[1] = in_marker ? marker.g : static_cast<std::uint8_t>(64 + 64 * x / width);
      p[2] = in_marker ? marker.b : static_cast<std::uint8_t>(128 + 96 * y / height);
    }
  }
  VipsImage* raw = vips_image_new_from_memory_copy(pixels.data(), pixels.size(), width, height, 3,
                                                   VIPS_FORMAT_UCHAR);
  check_vips(raw ? 0 : -1, "new_from_memory_copy");
  Image plain(raw);
  VipsImage* out = nullptr;
  check_vips(vips_copy(plain.get(), &out, "interpretation", VIPS_INTERPRETATION_sRGB, nullptr),
             "copy");
  return Image(out);
}

// `image` saved as `format` to `path` (JPEG quality 90). `orientation` > 1 is written as
// an EXIF orientation tag (JPEG only).
inline void save(VipsImage* image, ImageFormat format, const std::filesystem::path& path,
                 int orientation = 1) {
  const char* file = path.c_str();
  Image tagged;
  if (orientation > 1) {
    VipsImage* copy = nullptr;
    check_vips(vips_copy(image, &copy, nullptr), "copy");
    tagged.reset(copy);
    vips_image_set_int(copy, VIPS_META_ORIENTATION, orientation);
    image = copy;
  }
  switch (format) {
    case ImageFormat::jpeg:
      check_vips(vips_jpegsave(image, file, "Q", 90, nullptr), "jpegsave");
      break;
    case ImageFormat::png:
      check_vips(vips_pngsave(image, file, nullptr), "pngsave");
      break;
    case ImageFormat::webp:
      check_vips(vips_webpsave(image, file, "Q", 90, nullptr), "webpsave");
      break;
    case ImageFormat::gif:
      check_vips(vips_gifsave(image, file, nullptr), "gifsave");
      break;
  }
}

inline void write_bytes(const std::filesystem::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

inline std::string read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Decodes encoded image bytes (the variants) back.
inline Image decode(std::string_view bytes) {
  init_vips();
  VipsImage* out = vips_image_new_from_buffer(bytes.data(), bytes.size(), "", nullptr);
  check_vips(out ? 0 : -1, "new_from_buffer");
  return Image(out);
}

inline Rgb pixel(VipsImage* image, int x, int y) {
  double* values = nullptr;
  int n = 0;
  check_vips(vips_getpoint(image, &values, &n, x, y, nullptr), "getpoint");
  Rgb rgb{static_cast<std::uint8_t>(values[0]), static_cast<std::uint8_t>(values[n > 1 ? 1 : 0]),
          static_cast<std::uint8_t>(values[n > 2 ? 2 : 0])};
  g_free(values);
  return rgb;
}

inline double pixel(VipsImage* image, int x, int y, int band) {
  double* values = nullptr;
  int n = 0;
  check_vips(vips_getpoint(image, &values, &n, x, y, nullptr), "getpoint");
  const double value = band < n ? values[band] : -1;
  g_free(values);
  return value;
}

inline void append_be32(std::string& out, std::uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((value >> shift) & 0xFF);
}

inline std::string png_chunk(std::string_view type, std::string_view data) {
  std::string chunk;
  append_be32(chunk, static_cast<std::uint32_t>(data.size()));
  chunk += type;
  chunk += data;
  uLong crc = crc32(0, reinterpret_cast<const Bytef*>(type.data()), 4);
  crc = crc32(crc, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size()));
  append_be32(chunk, static_cast<std::uint32_t>(crc));
  return chunk;
}

// A valid PNG header claiming width×height RGB pixels, followed by a few bytes of pixels.
inline std::string lying_png(std::uint32_t width, std::uint32_t height) {
  std::string ihdr;
  append_be32(ihdr, width);
  append_be32(ihdr, height);
  ihdr += std::string("\x08\x02\x00\x00\x00", 5);  // 8 bits, RGB, deflate, no filter, no interlace
  const std::string row_start(16, '\0');
  std::string idat(64, '\0');
  uLongf idat_size = idat.size();
  compress2(reinterpret_cast<Bytef*>(idat.data()), &idat_size,
            reinterpret_cast<const Bytef*>(row_start.data()), row_start.size(), 9);
  idat.resize(idat_size);
  return std::string("\x89PNG\r\n\x1A\n", 8) + png_chunk("IHDR", ihdr) + png_chunk("IDAT", idat) +
         png_chunk("IEND", "");
}

// A fresh directory under /tmp, removed with everything in it.
class ScratchDir : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "tessera-media-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::filesystem::path path(const std::string& name) const { return dir_ / name; }

  std::filesystem::path dir_;
};

}  // namespace tessera::media::fixtures
