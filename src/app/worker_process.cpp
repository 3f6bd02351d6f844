#include "app/worker_process.hpp"

#include <cstdlib>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <malloc.h>

#include "app/announcements.hpp"
#include "app/options.hpp"
#include "core/logging.hpp"
#include "media/vips_runtime.hpp"
#include "tasks/process_image.hpp"
#include "tasks/send_email.hpp"

namespace tessera::app {

WorkerProcess::WorkerProcess(const core::Settings& settings, queue::WorkerOptions options)
    : cpu_(options.concurrency),
      db_(io_.get_executor(), db_connect_options(settings), db_pool_options(settings)),
      storage_(settings.media_root),
      relay_redis_(io_.get_executor(), redis_client_options(settings)),
      relay_(db_, relay_redis_, queue::QueueKeys{}),
      sweep_(db_, relay_redis_, outbox_, storage_, cpu_, queue::QueueKeys{},
             image_sweep_options(settings)),
      smtp_(mail::smtp_options(settings)),
      worker_(io_, cpu_.executor(), redis_client_options(settings),
              stopping_too(std::move(options)), registry_) {
  // One image at a time per lane, each on one libvips thread: the lanes fill the cores.
  media::init_vips(1);
  // glibc's per-thread arenas let a long-lived image worker creep from ~80 to ~110 MB;
  // two arenas keep it flat at no measurable cost (bench/images).
  ::mallopt(M_ARENA_MAX, 2);
  queue::add_builtin_tasks(registry_);
  tasks::add_send_email_task(registry_, smtp_);
  tasks::add_process_image_task(
      registry_, db_, cpu_, storage_,
      {.variants = settings.image_variants,
       .min_side = settings.image_min_side,
       .max_pixels = settings.image_max_pixels,
       .on_change = [this](const core::Uuid& id) { return announce_image(db_, relay_redis_, id); },
       .on_state = announce_task});
}

queue::WorkerOptions WorkerProcess::stopping_too(queue::WorkerOptions options) {
  options.on_stopped = [this] {
    relay_.stop();
    sweep_.stop();
    relay_redis_.close();  // its open connection would keep io_ running
  };
  return options;
}

int WorkerProcess::run_until_signal() {
  boost::asio::co_spawn(io_, relay_.run(), boost::asio::detached);
  boost::asio::co_spawn(io_, sweep_.run(), boost::asio::detached);
  worker_.run_until_signal();
  const auto counts = worker_.counts();
  core::log_info("worker totals", {{"succeeded", counts.succeeded},
                                   {"retried", counts.retried},
                                   {"failed", counts.failed},
                                   {"expired", counts.expired},
                                   {"handed_back", counts.handed_back}});
  if (const auto stuck = worker_.abandoned_blocking_handlers(); stuck > 0) {
    // Their tasks are back in the queues; a thread cannot be interrupted, so do not wait
    // for it (joining the pool would).
    core::log_warning("exiting with blocking handlers still running", {{"handlers", stuck}});
    core::flush_logs();
    std::_Exit(0);
  }
  return 0;
}

}  // namespace tessera::app
