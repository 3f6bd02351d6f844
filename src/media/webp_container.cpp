#include "media/webp_container.hpp"

#include <cstdint>
#include <vector>

namespace tessera::media {
namespace {

// VP8X feature flags (WebP container specification).
constexpr std::uint8_t kIccFlag = 0x20;
constexpr std::uint8_t kExifFlag = 0x08;
constexpr std::uint8_t kXmpFlag = 0x04;

struct Chunk {
  std::string_view fourcc;
  std::string_view payload;
};

std::uint32_t read_le32(std::string_view bytes) {
  std::uint32_t value = 0;
  for (int i = 3; i >= 0; --i) value = (value << 8) | static_cast<std::uint8_t>(bytes[i]);
  return value;
}

void append_le32(std::string& out, std::uint32_t value) {
  for (int i = 0; i < 4; ++i) out += static_cast<char>((value >> (8 * i)) & 0xFF);
}

std::optional<std::vector<Chunk>> parse_chunks(std::string_view webp) {
  if (webp.size() < 12 || webp.substr(0, 4) != "RIFF" || webp.substr(8, 4) != "WEBP") {
    return std::nullopt;
  }
  const std::uint64_t riff_end = std::uint64_t{read_le32(webp.substr(4, 4))} + 8;
  if (riff_end > webp.size() || riff_end < 12) return std::nullopt;
  std::vector<Chunk> chunks;
  std::size_t at = 12;
  while (at < riff_end) {
    if (riff_end - at < 8) return std::nullopt;
    const std::uint32_t size = read_le32(webp.substr(at + 4, 4));
    const std::uint64_t padded = std::uint64_t{size} + (size & 1);
    if (padded > riff_end - at - 8) return std::nullopt;
    chunks.push_back({webp.substr(at, 4), webp.substr(at + 8, size)});
    at += 8 + static_cast<std::size_t>(padded);
  }
  return chunks;
}

bool is_metadata(std::string_view fourcc) {
  return fourcc == "EXIF" || fourcc == "XMP " || fourcc == "ICCP";
}

}  // namespace

std::optional<std::string> strip_webp_metadata(std::string_view webp) {
  const auto chunks = parse_chunks(webp);
  if (!chunks) return std::nullopt;
  std::vector<Chunk> kept;
  std::string vp8x;  // the extended header, its metadata flags cleared
  for (const Chunk& chunk : *chunks) {
    if (chunk.fourcc == "VP8X") {
      if (chunk.payload.size() < 10) return std::nullopt;
      vp8x = std::string(chunk.payload);
      vp8x[0] = static_cast<char>(vp8x[0] & ~(kIccFlag | kExifFlag | kXmpFlag));
    } else if (!is_metadata(chunk.fourcc)) {
      kept.push_back(chunk);
    }
  }
  const bool simple = kept.size() == 1 && (kept[0].fourcc == "VP8 " || kept[0].fourcc == "VP8L");
  const bool needs_vp8x = !vp8x.empty() && !(vp8x[0] == 0 && simple);

  std::string out("RIFF\0\0\0\0WEBP", 12);  // the RIFF size is filled in at the end
  const auto append_chunk = [&out](std::string_view fourcc, std::string_view payload) {
    out += fourcc;
    append_le32(out, static_cast<std::uint32_t>(payload.size()));
    out += payload;
    if (payload.size() & 1) out += '\0';
  };
  if (needs_vp8x) append_chunk("VP8X", vp8x);
  for (const Chunk& chunk : kept) append_chunk(chunk.fourcc, chunk.payload);
  std::string riff_size;
  append_le32(riff_size, static_cast<std::uint32_t>(out.size() - 8));
  out.replace(4, 4, riff_size);
  return out;
}

}  // namespace tessera::media
