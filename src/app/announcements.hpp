#pragma once
// What the workers and sweeps tell a user's open pages (GET /api/v1/events): an image's or a
// task's new state, with the same JSON as GET /api/v1/images/{id} and /api/v1/tasks/{id}.
// Here, in the wiring, because the JSON is the API's and the changes are the tasks'.

#include <boost/asio/awaitable.hpp>

#include "core/uuid.hpp"

namespace tessera::db {
class Pool;
}
namespace tessera::redis {
class Client;
}

namespace tessera::app {

// Publishes the image as it is now to its owner; nothing when it is gone.
boost::asio::awaitable<void> announce_image(db::Pool& db, redis::Client& redis,
                                            const core::Uuid& image_id);

// Publishes the task's state to the user who started it; nothing for a task without one.
boost::asio::awaitable<void> announce_task(redis::Client& redis, const core::Uuid& task_id);

}  // namespace tessera::app
