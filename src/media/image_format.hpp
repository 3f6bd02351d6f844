#pragma once
// The image formats an upload may be, recognised from their first bytes (never from a file
// name or a client's Content-Type).

#include <cstddef>
#include <optional>
#include <string_view>

namespace tessera::media {

enum class ImageFormat { jpeg, png, webp, gif };

// How many leading bytes sniff_image_format needs to recognise every format (WebP's
// "RIFF" <size> "WEBP").
inline constexpr std::size_t kSniffBytes = 12;

// The format whose signature `first_bytes` starts with, or nullopt (too short, or none of
// the four). Only magic bytes are checked: the rest of the file may still be corrupt.
std::optional<ImageFormat> sniff_image_format(std::string_view first_bytes);

std::string_view to_string(ImageFormat format);     // "jpeg", "png", "webp", "gif"
std::string_view content_type(ImageFormat format);  // "image/jpeg", ...
std::string_view extension(ImageFormat format);     // "jpg", "png", "webp", "gif" (no dot)
std::string_view display_name(ImageFormat format);  // "JPEG", "PNG", "WebP", "GIF"

}  // namespace tessera::media
