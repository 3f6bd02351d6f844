#include "media/image_format.hpp"

namespace tessera::media {

std::optional<ImageFormat> sniff_image_format(std::string_view first_bytes) {
  using namespace std::string_view_literals;
  const auto starts_with = [&](std::string_view magic) { return first_bytes.starts_with(magic); };
  if (starts_with("\xFF\xD8\xFF"sv)) return ImageFormat::jpeg;
  if (starts_with("\x89PNG\r\n\x1A\n"sv)) return ImageFormat::png;
  if (starts_with("GIF87a"sv) || starts_with("GIF89a"sv)) return ImageFormat::gif;
  if (first_bytes.size() >= kSniffBytes && starts_with("RIFF"sv) &&
      first_bytes.substr(8, 4) == "WEBP"sv) {
    return ImageFormat::webp;
  }
  return std::nullopt;
}

namespace {

struct FormatNames {
  std::string_view name, content_type, extension, display_name;
};

// Indexed by ImageFormat.
constexpr FormatNames kNames[] = {
    {"jpeg", "image/jpeg", "jpg", "JPEG"},
    {"png", "image/png", "png", "PNG"},
    {"webp", "image/webp", "webp", "WebP"},
    {"gif", "image/gif", "gif", "GIF"},
};

const FormatNames& names(ImageFormat format) {
  return kNames[static_cast<int>(format)];
}

}  // namespace

std::string_view to_string(ImageFormat format) {
  return names(format).name;
}
std::string_view content_type(ImageFormat format) {
  return names(format).content_type;
}
std::string_view extension(ImageFormat format) {
  return names(format).extension;
}
std::string_view display_name(ImageFormat format) {
  return names(format).display_name;
}

}  // namespace tessera::media
