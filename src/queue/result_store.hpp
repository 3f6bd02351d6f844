#pragma once
// Task states and results in Redis as Celery's Redis backend keeps them: JSON at
// "celery-task-meta-<id>" with a TTL, published on a channel of the same name, so that
// Python's AsyncResult.get() reads (and is woken by) what Tessera's workers write.
//
// Shared by every thread: each call takes the calling thread's Redis client.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/json/value.hpp>

#include "core/uuid.hpp"
#include "queue/task_result.hpp"

namespace tessera::redis {
class Client;
}

namespace tessera::queue {

// A message to remove from a worker's processing list in the same atomic step that stores
// its result, so that a task is never both finished and still counted as taken.
struct Acknowledgement {
  std::string processing_list;
  std::string envelope;
  std::vector<std::string> forget;  // keys deleted with the acknowledgement (the task's marks)
};

class ResultStore {
 public:
  // Settings::task_result_ttl (TASK_RESULT_TTL_SECONDS).
  explicit ResultStore(std::chrono::seconds ttl = std::chrono::seconds(86400));

  std::chrono::seconds ttl() const { return ttl_; }

  // SET with the TTL, then PUBLISH, in one atomic script, with the acknowledgement if any.
  // Like Celery 5, a SUCCESS already stored is never overwritten (a redelivered task must
  // not turn it back into STARTED), nor is a FAILURE by a STARTED; returns false then.
  boost::asio::awaitable<bool> store(redis::Client& client, const TaskResult& result,
                                     std::optional<Acknowledgement> ack = {}) const;
  // None: unknown, which Celery reports as PENDING. Throws MessageError for a record that
  // neither Tessera nor Celery wrote.
  boost::asio::awaitable<std::optional<TaskResult>> fetch(redis::Client& client,
                                                          const core::Uuid& task_id) const;

  boost::asio::awaitable<bool> mark_started(redis::Client& client, const core::Uuid& task_id,
                                            std::string_view hostname, long pid) const;
  boost::asio::awaitable<bool> mark_success(redis::Client& client, const core::Uuid& task_id,
                                            boost::json::value value,
                                            std::optional<Acknowledgement> ack = {}) const;
  boost::asio::awaitable<bool> mark_failure(redis::Client& client, const core::Uuid& task_id,
                                            TaskError error, std::string traceback = {},
                                            std::optional<Acknowledgement> ack = {}) const;
  boost::asio::awaitable<bool> mark_retry(redis::Client& client, const core::Uuid& task_id,
                                          std::string message, std::string traceback = {},
                                          std::optional<Acknowledgement> ack = {}) const;

 private:
  std::chrono::seconds ttl_;
};

}  // namespace tessera::queue
