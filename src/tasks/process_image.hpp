#pragma once
// "tessera.process_image": the worker's half of an upload. It reads the stored original,
// writes one WebP variant per IMAGE_VARIANTS entry and records them, moving the image from
// pending through processing to ready, or to failed with a readable error. Running it
// again rewrites the same files and rows (idempotent), so a redelivered task is harmless.

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "core/settings.hpp"
#include "core/uuid.hpp"
#include "db/pool.hpp"
#include "media/media_storage.hpp"
#include "queue/task_registry.hpp"

namespace tessera::tasks {

inline constexpr std::string_view kProcessImage = "tessera.process_image";
// Transient failures (the database, the disk) are retried this many times; the image is
// marked failed after the last.
inline constexpr int kProcessImageMaxRetries = 3;

// {"image_id": "<uuid>"}.
boost::json::object process_image_kwargs(core::Uuid image_id);

struct ProcessImageConfig {
  db::ConnectOptions db;
  db::PoolOptions pool;
  std::vector<core::ImageVariantSpec> variants;
  // Checked again before decoding (the decoder has no pixel limit of its own): a message
  // may come from any Celery client, not only from an upload the API checked.
  int min_side = 16;
  std::uint64_t max_pixels = 50'000'000;
  unsigned cpu_threads = 1;  // images resized at once
};

class ImageProcessor;

// Registers kProcessImage. The returned processor owns the task's PostgreSQL pool and
// threads: close() it on the worker's thread before the worker's io_context goes
// (WorkerOptions::on_stopped).
std::shared_ptr<ImageProcessor> add_process_image_task(
    queue::TaskRegistry& registry, std::shared_ptr<const media::MediaStorage> storage,
    ProcessImageConfig config);

void close(ImageProcessor& processor);

}  // namespace tessera::tasks
