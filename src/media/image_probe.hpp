#pragma once
// What an image file is and how big, read from its header alone: no pixel is decoded, so a
// file that claims 100000×100000 pixels costs as little to probe as a small one.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "media/image_format.hpp"

namespace tessera::media {

struct ImageHeader {
  ImageFormat format = ImageFormat::jpeg;
  int width = 0;   // as displayed: an EXIF orientation of 5..8 swaps width and height
  int height = 0;  // of one frame, for an animated GIF or WebP
  int pages = 1;   // frames of an animation, else 1

  friend bool operator==(const ImageHeader&, const ImageHeader&) = default;
};

// The header of `file`, whose format is decided by its magic bytes and then read by that
// format's libvips loader only. Throws CorruptImageError when the file is not JPEG, PNG,
// WebP or GIF or its header is unreadable, ImageProcessingError when the file cannot be
// opened.
ImageHeader probe_image(const std::filesystem::path& file);

// Why the image is refused, as a sentence for its owner, or nullopt when it is acceptable:
// each side at least `min_side` pixels, at most `max_pixels` pixels in all.
std::optional<std::string> check_dimensions(const ImageHeader& header, int min_side,
                                            std::uint64_t max_pixels);

// The first kSniffBytes bytes of `file` (fewer if it is shorter). Throws
// ImageProcessingError when it cannot be read.
std::string read_file_head(const std::filesystem::path& file);

}  // namespace tessera::media
