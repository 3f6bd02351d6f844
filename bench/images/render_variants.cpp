// One image into the default variants, again and again in one process: prints
// "<images per second> <CPU seconds per image> <peak RSS KiB> <bytes per variant...>".
//
//   render_variants INPUT OUTPUT_DIR [ITERATIONS] [WEBP_EFFORT] [--storage]
//
// ITERATIONS 0 renders once and prints nothing (for timing whole processes from outside).
// The variants are written as plain files (as vipsthumbnail does), or with --storage through
// MediaStorage (temporary file, fsync, rename: what the worker does). VIPS_CONCURRENCY
// sets libvips' threads per image.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include <sys/resource.h>

#include "core/uuid.hpp"
#include "media/media_storage.hpp"
#include "media/variants.hpp"

namespace {

using tessera::core::ImageVariantSpec;
namespace media = tessera::media;

double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) { return t.tv_sec + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

long peak_rss_kib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s INPUT OUTPUT_DIR [ITERATIONS] [WEBP_EFFORT] [--storage]\n",
                 argv[0]);
    return 2;
  }
  const std::string input = argv[1];
  const std::string output = argv[2];
  const int iterations = argc > 3 ? std::atoi(argv[3]) : 10;
  const media::RenderOptions options{.webp_effort =
                                         argc > 4 ? std::atoi(argv[4]) : media::kDefaultWebpEffort};
  const bool through_storage = argc > 5 && std::string_view(argv[5]) == "--storage";
  const std::vector<ImageVariantSpec> specs = {{"thumb", 160}, {"medium", 640}, {"large", 1280}};

  media::MediaStorage storage(output);
  const auto image_id = tessera::core::Uuid::random();
  const media::VariantSink sink = [&](const ImageVariantSpec& spec, std::string_view webp) {
    if (through_storage) return storage.write_variant(image_id, spec.name, webp);
    const std::string path = output + "/" + spec.name + ".webp";
    std::ofstream(path, std::ios::binary).write(webp.data(), std::streamsize(webp.size()));
    return path;
  };

  auto variants = media::render_variants(input, specs, sink, options);  // warm-up
  if (iterations < 1) return 0;
  const double cpu_start = cpu_seconds();
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < iterations; ++i)
    variants = media::render_variants(input, specs, sink, options);
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;

  std::printf("%.2f %.4f %ld", iterations / elapsed.count(),
              (cpu_seconds() - cpu_start) / iterations, peak_rss_kib());
  for (const auto& variant : variants)
    std::printf(" %lld", static_cast<long long>(variant.size_bytes));
  std::printf("\n");
  return 0;
}
