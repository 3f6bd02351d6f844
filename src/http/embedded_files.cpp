#include "http/embedded_files.hpp"

#include <cstdint>

namespace tessera::http {
namespace {

bool accepts_gzip(const Request& request) {
  return request.headers.get("Accept-Encoding").find("gzip") != std::string_view::npos;
}

bool names_etag(std::string_view if_none_match, std::string_view etag) {
  if (if_none_match.find('*') != std::string_view::npos) return true;
  return if_none_match.find(etag) != std::string_view::npos;
}

}  // namespace

// FNV-1a over the content: files are few and small, and an ETag needs no cryptography.
std::string etag_of(std::string_view data) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const unsigned char c : data) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  std::string hex(16, '0');
  for (int i = 15; i >= 0; --i, hash >>= 4) hex[i] = "0123456789abcdef"[hash & 0xf];
  return "\"" + hex + "\"";
}

std::string content_type_of(std::string_view name) {
  const auto dot = name.rfind('.');
  const auto ext = dot == std::string_view::npos ? std::string_view() : name.substr(dot + 1);
  if (ext == "js" || ext == "mjs") return "text/javascript; charset=utf-8";
  if (ext == "css") return "text/css; charset=utf-8";
  if (ext == "html") return "text/html; charset=utf-8";
  if (ext == "json" || ext == "map") return "application/json";
  if (ext == "svg") return "image/svg+xml";
  if (ext == "png") return "image/png";
  if (ext == "ico") return "image/x-icon";
  if (ext == "woff2") return "font/woff2";
  if (ext == "txt") return "text/plain; charset=utf-8";
  if (ext == "webmanifest") return "application/manifest+json";
  return "application/octet-stream";
}

Response embedded_file_response(const EmbeddedAsset& file, std::string_view etag,
                                const Request& request, std::string_view cache_control) {
  Response response;
  if (names_etag(request.headers.get("If-None-Match"), etag)) {
    response.status = 304;
  } else {
    const bool gzip = accepts_gzip(request) && file.gzip.size() < file.data.size();
    response =
        Response::text(200, std::string(gzip ? file.gzip : file.data), content_type_of(file.name));
    if (gzip) response.headers.add("Content-Encoding", "gzip");
  }
  response.headers.set("ETag", std::string(etag));
  response.headers.add("Vary", "Accept-Encoding");
  response.headers.add("Cache-Control", std::string(cache_control));
  return response;
}

}  // namespace tessera::http
