#include "media/variants.hpp"

#include <algorithm>
#include <memory>
#include <stdexcept>

#include "media/errors.hpp"
#include "media/image_probe.hpp"
#include "media/vips_handle.hpp"
#include "media/vips_runtime.hpp"
#include "media/webp_container.hpp"

namespace tessera::media {
namespace {

using detail::ImagePtr;

// Decoding failed: the data is bad, unless libvips ran out of memory (worth a retry).
[[noreturn]] void throw_decode_error(const std::filesystem::path& original) {
  std::string reason = detail::take_vips_error();
  if (reason.find("out of memory") != std::string::npos) {
    throw ImageProcessingError("decoding " + original.string() + ": " + reason);
  }
  throw CorruptImageError("The image data is corrupt or truncated", std::move(reason));
}

using SourcePtr = std::unique_ptr<VipsSource, detail::GObjectUnref>;

// A source rather than a file name: libvips would read "[...]" at the end of a file name
// as options.
SourcePtr open_source(const std::filesystem::path& original) {
  SourcePtr source(vips_source_new_from_file(original.c_str()));
  if (!source) throw ImageProcessingError("cannot open " + original.string());
  return source;
}

// Whether the original embeds an ICC profile: its header only.
bool has_icc_profile(const std::filesystem::path& original) {
  const SourcePtr source = open_source(original);
  ImagePtr header(
      vips_image_new_from_source(source.get(), "", "access", VIPS_ACCESS_SEQUENTIAL, nullptr));
  if (!header) throw_decode_error(original);
  return vips_image_get_typeof(header.get(), VIPS_META_ICC_NAME) != 0;
}

// The original at `longest_side`, upright, in sRGB, held in memory. Shrink-on-load (JPEG,
// WebP) keeps the decode small; fail_on=truncated makes a cut-off file an error instead of
// a grey bottom. An embedded profile is converted to sRGB before the metadata is dropped, so
// colours survive; without one the conversion is skipped (8.14 would still run it: +35%).
ImagePtr decode_largest(const std::filesystem::path& original, int longest_side) {
  vips_error_clear();
  const bool convert_to_srgb = has_icc_profile(original);
  const SourcePtr source = open_source(original);
  // 8.14's thumbnail_source ignores its own fail_on argument; the loader's option string
  // does reach the loader.
  constexpr const char* kLoadOptions = "fail_on=truncated";
  VipsImage* lazy = nullptr;
  const int failed =
      convert_to_srgb
          ? vips_thumbnail_source(source.get(), &lazy, longest_side, "height", longest_side, "size",
                                  VIPS_SIZE_DOWN, "option_string", kLoadOptions, "export_profile",
                                  "srgb", nullptr)
          : vips_thumbnail_source(source.get(), &lazy, longest_side, "height", longest_side, "size",
                                  VIPS_SIZE_DOWN, "option_string", kLoadOptions, nullptr);
  if (failed != 0) throw_decode_error(original);
  ImagePtr pipeline(lazy);
  ImagePtr in_memory(vips_image_copy_memory(pipeline.get()));
  if (!in_memory) throw_decode_error(original);
  return in_memory;
}

// A copy that shares the pixels but has no metadata (EXIF, XMP, IPTC, ICC, comments):
// webpsave's `strip` is ignored by 8.14.1 for still images (libvips issue 3340).
ImagePtr without_metadata(VipsImage* image) {
  VipsImage* copy = nullptr;
  if (vips_copy(image, &copy, nullptr) != 0) {
    throw ImageProcessingError("copying: " + detail::take_vips_error());
  }
  ImagePtr stripped(copy);
  std::unique_ptr<char*, void (*)(char**)> fields(vips_image_get_fields(copy), g_strfreev);
  for (char** field = fields.get(); *field; ++field) {
    vips_image_remove(copy, *field);  // a built-in field (width, ...) stays: that is fine
  }
  return stripped;
}

int longest_side_of(VipsImage* image) {
  return std::max(vips_image_get_width(image), vips_image_get_height(image));
}

// A smaller copy of the decoded image; the image itself when it is small enough already.
ImagePtr resized(VipsImage* decoded, int longest_side) {
  if (longest_side_of(decoded) <= longest_side) {
    g_object_ref(decoded);
    return ImagePtr(decoded);
  }
  VipsImage* out = nullptr;
  vips_error_clear();
  if (vips_thumbnail_image(decoded, &out, longest_side, "height", longest_side, "size",
                           VIPS_SIZE_DOWN, "no_rotate", TRUE, nullptr) != 0) {
    throw ImageProcessingError("resizing: " + detail::take_vips_error());
  }
  return ImagePtr(out);
}

std::string encode_webp(VipsImage* image, const RenderOptions& options) {
  void* buffer = nullptr;
  std::size_t length = 0;
  vips_error_clear();
  if (vips_webpsave_buffer(image, &buffer, &length, "Q", kWebpQuality, "strip", TRUE, "effort",
                           options.webp_effort, nullptr) != 0) {
    throw ImageProcessingError("encoding WebP: " + detail::take_vips_error());
  }
  const std::unique_ptr<void, detail::GFree> owned(buffer);
  auto stripped = strip_webp_metadata(std::string_view(static_cast<const char*>(buffer), length));
  if (!stripped) throw ImageProcessingError("libvips wrote a malformed WebP container");
  return std::move(*stripped);
}

}  // namespace

std::vector<RenderedVariant> render_variants(const std::filesystem::path& original,
                                             const std::vector<core::ImageVariantSpec>& specs,
                                             const VariantSink& sink,
                                             const RenderOptions& options) {
  int largest = 0;
  for (const auto& spec : specs) {
    if (spec.longest_side < 1) {
      throw std::invalid_argument("variant " + spec.name + ": longest side must be at least 1");
    }
    largest = std::max(largest, spec.longest_side);
  }
  if (specs.empty()) return {};
  init_vips();
  // Refuse what the upload would have refused, before libvips picks a loader by itself.
  if (!sniff_image_format(read_file_head(original))) {
    throw CorruptImageError("The file is not a JPEG, PNG, WebP or GIF image");
  }

  const ImagePtr decoded = without_metadata(decode_largest(original, largest).get());
  std::vector<RenderedVariant> rendered;
  rendered.reserve(specs.size());
  for (const auto& spec : specs) {
    const ImagePtr image = resized(decoded.get(), spec.longest_side);
    const std::string webp = encode_webp(image.get(), options);
    std::string key = sink(spec, webp);
    rendered.push_back({.name = spec.name,
                        .width = vips_image_get_width(image.get()),
                        .height = vips_image_get_height(image.get()),
                        .size_bytes = static_cast<std::int64_t>(webp.size()),
                        .storage_key = std::move(key)});
  }
  return rendered;
}

}  // namespace tessera::media
