#pragma once
// "tessera.process_image" (tasks/process_image_args.hpp): the worker's half of an upload. It reads
// the stored original, writes one WebP variant per IMAGE_VARIANTS entry and records them, moving
// the image from pending through processing to ready, or to failed with a readable error. Running
// it again rewrites the same files and rows (idempotent), so a redelivered task is harmless.

#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include "core/settings.hpp"
#include "core/uuid.hpp"
#include "db/pool.hpp"
#include "media/media_storage.hpp"
#include "queue/task_registry.hpp"
#include "tasks/process_image_args.hpp"

namespace tessera::core {
class CpuPool;
}

namespace tessera::tasks {

// Transient failures (the database, the disk) are retried this many times; the task's
// failure hook marks the image failed after the last, as after a time limit or a poison
// message (tasks/image_errors.hpp has the sentences).
inline constexpr int kProcessImageMaxRetries = 3;

struct ProcessImageConfig {
  std::vector<core::ImageVariantSpec> variants;
  // Checked again before decoding (the decoder has no pixel limit of its own): a message
  // may come from any Celery client, not only from an upload the API checked.
  int min_side = 16;
  std::uint64_t max_pixels = 50'000'000;
  // Runs after each status the image takes here (processing, ready, failed), on the task's
  // thread: to tell its owner (live events). What it throws is logged, never fails the task.
  std::function<boost::asio::awaitable<void>(const core::Uuid& image_id)> on_change;
  // The task's own state hook (queue::TaskOptions::on_state); none by default.
  queue::StateHandler on_state;
};

// Registers ProcessImageArgs::task. Its handler runs on the worker's I/O thread with the worker's
// PostgreSQL pool `db` and resizes on the worker's `cpu` pool; all of them must outlive the
// registry's use.
void add_process_image_task(queue::TaskRegistry& registry, db::Pool& db, core::CpuPool& cpu,
                            const media::MediaStorage& storage, ProcessImageConfig config);

}  // namespace tessera::tasks
