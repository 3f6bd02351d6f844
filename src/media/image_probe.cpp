#include "media/image_probe.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <string_view>
#include <utility>

#include "media/errors.hpp"
#include "media/vips_handle.hpp"
#include "media/vips_runtime.hpp"

namespace tessera::media {
namespace {

std::string describe(ImageFormat format) {
  return std::string(display_name(format));
}

// Header only: libvips loads lazily, and `access=sequential` keeps any later decode
// streaming instead of asking for a whole-image buffer.
VipsImage* open_header(ImageFormat format, const char* path) {
  constexpr auto sequential = VIPS_ACCESS_SEQUENTIAL;
  VipsImage* out = nullptr;
  int failed = -1;
  switch (format) {
    case ImageFormat::jpeg:
      failed = vips_jpegload(path, &out, "access", sequential, nullptr);
      break;
    case ImageFormat::png:
      failed = vips_pngload(path, &out, "access", sequential, nullptr);
      break;
    case ImageFormat::webp:
      failed = vips_webpload(path, &out, "access", sequential, nullptr);
      break;
    case ImageFormat::gif:
      failed = vips_gifload(path, &out, "access", sequential, nullptr);
      break;
  }
  return failed == 0 ? out : nullptr;
}

}  // namespace

std::string read_file_head(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    throw ImageProcessingError("cannot open " + file.string() + ": " + std::strerror(errno));
  }
  std::string head(kSniffBytes, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  if (in.bad()) throw ImageProcessingError("cannot read " + file.string());
  head.resize(static_cast<std::size_t>(in.gcount()));
  return head;
}

ImageHeader probe_image(const std::filesystem::path& file) {
  init_vips();
  const auto format = sniff_image_format(read_file_head(file));
  if (!format) throw CorruptImageError("The file is not a JPEG, PNG, WebP or GIF image");

  vips_error_clear();
  detail::ImagePtr image(open_header(*format, file.c_str()));
  if (!image) {
    throw CorruptImageError("The file is not a readable " + describe(*format) + " image",
                            detail::take_vips_error());
  }
  ImageHeader header{.format = *format,
                     .width = vips_image_get_width(image.get()),
                     .height = vips_image_get_page_height(image.get()),
                     .pages = vips_image_get_n_pages(image.get())};
  if (vips_image_get_orientation_swap(image.get())) std::swap(header.width, header.height);
  return header;
}

std::optional<std::string> check_dimensions(const ImageHeader& header, int min_side,
                                            std::uint64_t max_pixels) {
  const std::string size = std::to_string(header.width) + "×" + std::to_string(header.height);
  if (header.width < min_side || header.height < min_side) {
    return "The image is " + size + " pixels; each side must be at least " +
           std::to_string(min_side);
  }
  const auto pixels =
      static_cast<std::uint64_t>(header.width) * static_cast<std::uint64_t>(header.height);
  if (pixels > max_pixels) {
    return "The image is " + size + " pixels, over the limit of " + std::to_string(max_pixels) +
           " pixels";
  }
  return std::nullopt;
}

}  // namespace tessera::media
