#include "media/vips_runtime.hpp"

#include <atomic>
#include <mutex>
#include <stdexcept>
#include <string>

#include <vips/vips.h>

namespace tessera::media {
namespace {

std::once_flag g_init_once;
std::atomic<bool> g_started{false};

// The operation classes that may read uploads: everything else (SVG, PDF, TIFF, HEIF,
// ImageMagick, ...) is refused even if a file reaches libvips by another path.
constexpr const char* kAllowedLoaders[] = {"VipsForeignLoadJpeg", "VipsForeignLoadPng",
                                           "VipsForeignLoadWebp", "VipsForeignLoadNsgif"};

void start(int concurrency) {
  if (VIPS_INIT("tessera") != 0) {
    char* detail = vips_error_buffer_copy();
    std::string message = std::string("libvips failed to start: ") + (detail ? detail : "");
    g_free(detail);
    throw std::runtime_error(message);
  }
  vips_cache_set_max(0);
  vips_block_untrusted_set(TRUE);
  vips_operation_block_set("VipsForeignLoad", TRUE);
  for (const char* loader : kAllowedLoaders) vips_operation_block_set(loader, FALSE);
  if (concurrency > 0) vips_concurrency_set(concurrency);
  g_started = true;
}

}  // namespace

void init_vips(int concurrency) {
  std::call_once(g_init_once, start, concurrency);
}

void shutdown_vips() {
  if (g_started.exchange(false)) vips_shutdown();
}

}  // namespace tessera::media
