#pragma once
// The resized copies of an uploaded image: upright (EXIF orientation applied), metadata
// stripped, WebP at quality 80, longest side as configured but never upscaled.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/settings.hpp"

namespace tessera::media {

inline constexpr int kWebpQuality = 80;
// libwebp's effort (0 fastest .. 6 smallest); 4 is libwebp's own default. Effort 2 costs
// ~20% less CPU per image for ~3% more bytes (bench/images): variants are encoded once and
// served many times, so the bytes win.
inline constexpr int kDefaultWebpEffort = 4;

struct RenderedVariant {
  std::string name;
  int width = 0;
  int height = 0;
  std::string format = "webp";
  std::int64_t size_bytes = 0;
  std::string storage_key;  // what the sink returned

  friend bool operator==(const RenderedVariant&, const RenderedVariant&) = default;
};

// Stores one encoded variant and returns the storage key it was written under. `webp` is
// valid only during the call. An exception it throws stops rendering and propagates as is.
using VariantSink =
    std::function<std::string(const core::ImageVariantSpec& spec, std::string_view webp)>;

struct RenderOptions {
  int webp_effort = kDefaultWebpEffort;
};

// One variant per spec, in the order of `specs`, each handed to `sink` as soon as it is
// encoded. The original is decoded once, shrunk on load to the largest variant; the smaller
// ones are resized from that copy in memory. An animation gives its first frame. The same
// input gives the same bytes.
//
// The caller checks the original's dimensions first (probe_image, check_dimensions): the
// decode has no pixel limit of its own. Throws CorruptImageError when the original is not a
// readable JPEG, PNG, WebP or GIF image (truncated pixel data included),
// ImageProcessingError for any other failure of libvips, std::invalid_argument for a spec
// whose longest side is below 1.
std::vector<RenderedVariant> render_variants(const std::filesystem::path& original,
                                             const std::vector<core::ImageVariantSpec>& specs,
                                             const VariantSink& sink,
                                             const RenderOptions& options = {});

}  // namespace tessera::media
