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

std::string_view to_string(ImageFormat format) {
  switch (format) {
    case ImageFormat::jpeg:
      return "jpeg";
    case ImageFormat::png:
      return "png";
    case ImageFormat::webp:
      return "webp";
    case ImageFormat::gif:
      return "gif";
  }
  return "unknown";
}

std::string_view content_type(ImageFormat format) {
  switch (format) {
    case ImageFormat::jpeg:
      return "image/jpeg";
    case ImageFormat::png:
      return "image/png";
    case ImageFormat::webp:
      return "image/webp";
    case ImageFormat::gif:
      return "image/gif";
  }
  return "application/octet-stream";
}

std::string_view extension(ImageFormat format) {
  switch (format) {
    case ImageFormat::jpeg:
      return "jpg";
    case ImageFormat::png:
      return "png";
    case ImageFormat::webp:
      return "webp";
    case ImageFormat::gif:
      return "gif";
  }
  return "bin";
}

}  // namespace tessera::media
