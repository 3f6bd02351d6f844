#include "app/announcements.hpp"

#include <utility>

#include "api/image_routes.hpp"
#include "api/task_routes.hpp"
#include "db/pool.hpp"
#include "mappers/image_mapper.hpp"
#include "queue/result_store.hpp"
#include "redis/client.hpp"
#include "services/events.hpp"
#include "services/task_status.hpp"

namespace tessera::app {

boost::asio::awaitable<void> announce_image(db::Pool& db, redis::Client& redis,
                                            const core::Uuid& image_id) {
  const auto image = co_await mappers::ImageMapper{}.find_by_id(db, image_id);
  if (!image) co_return;
  co_await services::publish_event(redis, image->owner_id, "image", api::image_public_json(*image));
}

boost::asio::awaitable<void> announce_task(redis::Client& redis, const core::Uuid& task_id) {
  static const queue::ResultStore results;
  auto task = co_await services::find_task(redis, results, task_id);
  if (!task || !task->owner) co_return;
  const core::Uuid owner = *task->owner;
  co_await services::publish_event(redis, owner, "task",
                                   api::task_public_json(std::move(task->view)));
}

}  // namespace tessera::app
