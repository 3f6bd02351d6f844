#include "app/worker_process.hpp"

#include <cstdlib>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <malloc.h>

#include "api/image_routes.hpp"
#include "api/task_routes.hpp"
#include "app/options.hpp"
#include "core/logging.hpp"
#include "mappers/image_mapper.hpp"
#include "media/vips_runtime.hpp"
#include "services/events.hpp"
#include "services/task_status.hpp"
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
       .on_change = [this](const core::Uuid& id) { return announce_image(id); },
       .on_state = [this](redis::Client& client,
                          const core::Uuid& id) { return announce_task(client, id); }});
}

// The owner's open pages learn of it through the events stream (services/events.hpp), with
// the same JSON as GET /api/v1/images/{id} and GET /api/v1/tasks/{id}.
boost::asio::awaitable<void> WorkerProcess::announce_image(core::Uuid id) {
  const auto image = co_await mappers::ImageMapper{}.find_by_id(db_, id);
  if (!image) co_return;
  co_await services::publish_event(relay_redis_, image->owner_id, "image",
                                   api::image_public_json(*image));
}

boost::asio::awaitable<void> WorkerProcess::announce_task(redis::Client& client, core::Uuid id) {
  static const queue::ResultStore results;
  auto task = co_await services::find_task(client, results, id);
  if (!task || !task->owner) co_return;
  co_await services::publish_event(client, *task->owner, "task",
                                   api::task_public_json(std::move(task->view)));
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
