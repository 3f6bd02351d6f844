#include "services/image_sweep.hpp"

#include <algorithm>
#include <exception>
#include <iterator>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/logging.hpp"
#include "core/uuid.hpp"
#include "tasks/image_errors.hpp"
#include "tasks/process_image_args.hpp"

namespace tessera::services {

namespace asio = boost::asio;
using domain::ImageStatus;

ImageSweep::ImageSweep(db::Pool& db, redis::Client& redis, const TaskOutbox& outbox,
                       const media::MediaStorage& storage, core::CpuPool& cpu,
                       queue::QueueKeys keys, ImageSweepOptions options)
    : db_(db),
      redis_(redis),
      outbox_(outbox),
      storage_(storage),
      cpu_(cpu),
      keys_(std::move(keys)),
      results_(std::chrono::hours(24)),  // only read here
      options_(std::move(options)),
      timer_(db.executor()) {}

asio::awaitable<bool> ImageSweep::task_is_live(const core::Uuid& task_id) {
  const auto reply = co_await redis_.command("EXISTS", keys_.sent_key(task_id.str()));
  co_return reply.as_integer() == 1;
}

asio::awaitable<void> ImageSweep::requeue(const domain::Image& image) {
  queue::EnqueueOptions options;
  options.task_id = image.task_id;
  options.queue = options_.task_queue;
  const tasks::ProcessImageArgs args{.image_id = image.id};
  auto tx = co_await db_.begin();
  co_await outbox_.add(tx, args, std::move(options));
  co_await images_.touch(tx, image.id);
  co_await tx.commit();
  outbox_.committed();
}

asio::awaitable<void> ImageSweep::sweep_files(SweepCounts& counts) {
  const auto lock_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::max(options_.interval, options_.untouched_for));
  const auto locked =
      co_await redis_.command("SET", options_.files_lock_key, "1", "NX", "PX",
                              std::to_string(std::max<std::int64_t>(1, lock_ms.count())));
  if (locked.is_nil()) co_return;
  counts.files_swept = true;
  auto list = [this] { return storage_.stored_images(options_.untouched_for); };
  const std::vector<core::Uuid> stored = co_await cpu_.run(std::move(list));
  constexpr std::size_t kBatch = 1000;
  for (std::size_t from = 0; from < stored.size(); from += kBatch) {
    const std::vector<core::Uuid> batch(
        stored.begin() + static_cast<std::ptrdiff_t>(from),
        stored.begin() + static_cast<std::ptrdiff_t>(std::min(stored.size(), from + kBatch)));
    auto rows = co_await images_.existing(db_, batch);
    std::sort(rows.begin(), rows.end());  // as `stored` is
    std::vector<core::Uuid> orphans;
    std::set_difference(batch.begin(), batch.end(), rows.begin(), rows.end(),
                        std::back_inserter(orphans));
    if (orphans.empty()) continue;
    auto remove = [this, &orphans] {
      for (const auto& id : orphans) storage_.remove_image(id);
    };
    co_await cpu_.run(std::move(remove));
    counts.orphans_removed += static_cast<std::int64_t>(orphans.size());
    for (const auto& id : orphans)
      core::log_warning("files without an image row removed", {{"image_id", id.str()}});
  }
  auto temporaries = [this] { return storage_.sweep_temporaries(options_.temporaries_after); };
  co_await cpu_.run(std::move(temporaries));
}

asio::awaitable<SweepCounts> ImageSweep::sweep_once() {
  SweepCounts counts;
  const auto lock_ms = std::chrono::duration_cast<std::chrono::milliseconds>(options_.interval);
  const auto locked =
      co_await redis_.command("SET", options_.lock_key, "1", "NX", "PX",
                              std::to_string(std::max<std::int64_t>(1, lock_ms.count())));
  if (locked.is_nil()) co_return counts;
  counts.swept = true;
  const auto images = co_await images_.unfinished(db_, options_.untouched_for, options_.batch);
  for (const auto& image : images) {
    ++counts.checked;
    if (!image.task_id) continue;  // not from an upload: nothing to queue
    const bool live = co_await task_is_live(*image.task_id);
    if (live) continue;
    const auto result = co_await results_.fetch(redis_, *image.task_id);
    std::string sentence;
    if (result && result->state == queue::TaskState::FAILURE && result->error) {
      // The task failed for good but its hook could not record it.
      sentence = tasks::image_failure_sentence(queue::FailureCause::error, result->error->type);
    } else {
      const auto requeues =
          (co_await redis_.command("INCR", options_.requeued_prefix + image.id.str())).as_integer();
      co_await redis_.command("EXPIRE", options_.requeued_prefix + image.id.str(), "86400");
      if (requeues > options_.max_requeues) sentence = std::string(tasks::kImageAbandoned);
    }
    if (!sentence.empty()) {
      const bool failed_now =
          co_await images_.set_status_if_unfinished(db_, image.id, ImageStatus::failed, sentence);
      ++counts.failed;
      core::log_warning("unfinished image failed by the sweep",
                        {{"image_id", image.id.str()}, {"task_id", image.task_id->str()}});
      if (failed_now) co_await announce_failed(image.id);
    } else {
      co_await requeue(image);
      ++counts.requeued;
      core::log_warning("unfinished image queued again by the sweep",
                        {{"image_id", image.id.str()}, {"task_id", image.task_id->str()}});
    }
  }
  co_await sweep_files(counts);
  co_return counts;
}

asio::awaitable<void> ImageSweep::announce_failed(const core::Uuid& image_id) {
  if (!options_.on_failed) co_return;
  std::string error;
  try {
    co_await options_.on_failed(db_, redis_, image_id);
  } catch (const std::exception& e) {
    error = e.what();
  }
  if (!error.empty())
    core::log_warning("could not announce an image's status",
                      {{"image_id", image_id.str()}, {"error", error}});
}

asio::awaitable<void> ImageSweep::run() {
  while (!stopping_) {
    std::string error;
    try {
      co_await sweep_once();
    } catch (const std::exception& e) {
      error = e.what();  // PostgreSQL or Redis down: the next interval tries again
    }
    if (!error.empty()) core::log_debug("image sweep skipped", {{"error", error}});
    if (stopping_) break;
    timer_.expires_after(options_.interval);
    co_await timer_.async_wait(asio::as_tuple(asio::use_awaitable));
  }
}

void ImageSweep::stop() {
  stopping_ = true;
  timer_.cancel();
}

}  // namespace tessera::services
