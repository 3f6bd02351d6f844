#pragma once
// Finds the images that no task will finish and settles them. An image stays `pending` or
// `processing` only while its task is in the outbox, queued or running; the broker's "sent"
// mark of a task lives from the relay's send to the task's final outcome, so an unfinished
// image, untouched for a while, whose task has neither an outbox row nor a mark was lost
// (Redis lost a second of writes, a hook met a database error, a message nobody sent). The
// sweep then fails it when its task's result says it failed, and queues it again (through
// the outbox, with its own task id) otherwise, a bounded number of times before failing it.
//
// It also removes the files of images that have no row (an API killed between storing an
// upload and committing its row), once they are older than the wait above.
//
// Every process runs one; a Redis lock that expires after one interval lets one of them
// sweep per interval.

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include "core/cpu_pool.hpp"
#include "db/pool.hpp"
#include "mappers/image_mapper.hpp"
#include "media/media_storage.hpp"
#include "queue/keys.hpp"
#include "queue/result_store.hpp"
#include "redis/client.hpp"
#include "services/task_outbox.hpp"

namespace tessera::services {

struct ImageSweepOptions {
  std::chrono::seconds interval{60};
  std::chrono::seconds untouched_for{300};  // how long an unfinished image waits before a look
  int max_requeues = 2;                     // then it is failed
  std::int64_t batch = 100;
  std::string task_queue = "celery";
  std::string lock_key = "tessera:lock:image-sweep";
  std::string requeued_prefix = "tessera:swept:";  // + image id: the sweep's requeues of it
  // Files are looked at once per `untouched_for` (a listing of the storage), by one process.
  std::string files_lock_key = "tessera:lock:file-sweep";
  std::chrono::minutes temporaries_after{60};  // above the longest upload
  // Runs after the sweep failed an image, to tell its owner (live events); what it throws
  // is logged.
  std::function<boost::asio::awaitable<void>(db::Pool&, redis::Client&, const core::Uuid&)>
      on_failed;
};

struct SweepCounts {
  bool swept = false;  // false when another process held the lock
  std::int64_t checked = 0, requeued = 0, failed = 0;
  bool files_swept = false;
  std::int64_t orphans_removed = 0;  // images whose files outlived their row
};

class ImageSweep {
 public:
  // `storage` and `cpu` (its listing and removals, off the I/O thread) for the files.
  ImageSweep(db::Pool& db, redis::Client& redis, const TaskOutbox& outbox,
             const media::MediaStorage& storage, core::CpuPool& cpu, queue::QueueKeys keys,
             ImageSweepOptions options);

  boost::asio::awaitable<void> run();  // until stop()
  void stop();

  boost::asio::awaitable<SweepCounts> sweep_once();

 private:
  boost::asio::awaitable<bool> task_is_live(const core::Uuid& task_id);
  boost::asio::awaitable<void> requeue(const domain::Image& image);
  boost::asio::awaitable<void> announce_failed(const core::Uuid& image_id);
  // Files of images without a row (an API killed between storing an upload and committing
  // its row): removed once older than `untouched_for`. And stale temporary files.
  boost::asio::awaitable<void> sweep_files(SweepCounts& counts);

  db::Pool& db_;
  redis::Client& redis_;
  const TaskOutbox& outbox_;
  const media::MediaStorage& storage_;
  core::CpuPool& cpu_;
  queue::QueueKeys keys_;
  queue::ResultStore results_;
  ImageSweepOptions options_;
  mappers::ImageMapper images_;
  boost::asio::steady_timer timer_;
  bool stopping_ = false;
};

}  // namespace tessera::services
