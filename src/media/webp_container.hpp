#pragma once
// WebP's RIFF container, just enough to drop metadata chunks that libvips 8.14.1 writes even
// with `strip` (libvips issue 3340): an EXIF block it generates, ~200 bytes per file, a
// large share of a small thumbnail.

#include <optional>
#include <string>
#include <string_view>

namespace tessera::media {

// `webp` without its EXIF, XMP and ICC profile chunks, in the simple format (no VP8X
// header) when nothing else needs the extended one (alpha in a separate chunk, animation).
// nullopt when `webp` is not a well-formed WebP container.
std::optional<std::string> strip_webp_metadata(std::string_view webp);

}  // namespace tessera::media
