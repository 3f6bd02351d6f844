#pragma once
// WebP's RIFF container, just enough to drop metadata chunks that libvips 8.14.1 writes even
// with `strip` (libvips issue 3340): a generated EXIF block of ~200 bytes, a third of a
// 160-pixel thumbnail.

#include <optional>
#include <string>
#include <string_view>

namespace tessera::media {

// `webp` without its EXIF, XMP and ICC profile chunks, in the simple format (no VP8X
// header) when nothing else needs the extended one (alpha in a separate chunk, animation).
// nullopt when `webp` is not a well-formed WebP container.
std::optional<std::string> strip_webp_metadata(std::string_view webp);

}  // namespace tessera::media
