#pragma once
// Sending tasks: immediate ones are LPUSHed on the queue's list exactly as kombu's Redis
// transport does (so a Celery worker can consume them); delayed ones (countdown, ETA,
// retries) wait in a sorted set until promote_due moves them onto their queue. Tasks that
// failed for good are kept in a dead-letter list for inspection.
//
// Shared by every thread: each call takes the calling thread's Redis client. Redis being
// down throws core::UnavailableError.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "core/timestamp.hpp"
#include "queue/keys.hpp"
#include "queue/task_args.hpp"
#include "queue/task_message.hpp"

namespace tessera::redis {
class Client;
}

namespace tessera::queue {

struct EnqueueOptions {
  // The task's id when the caller must know it before sending (to store it beside the
  // work it stands for); a new random one otherwise.
  std::optional<core::Uuid> task_id;
  // Not before now + countdown, or not before eta (eta wins when both are set).
  std::optional<std::chrono::milliseconds> countdown;
  std::optional<core::Timestamp> eta;
  std::optional<core::Timestamp> expires;
  std::string queue{kDefaultQueue};
  std::optional<int> max_retries;
  std::optional<std::chrono::milliseconds> retry_backoff;
  std::optional<std::chrono::milliseconds> retry_backoff_max;
  std::optional<std::chrono::milliseconds> time_limit;
};

struct DeadLetter {
  std::string envelope;                // as it was queued
  std::optional<TaskMessage> message;  // none when the envelope does not decode
  std::string reason;
  core::Timestamp failed_at;
};

// A message encoded earlier (in the outbox), for Broker::send_once.
struct OnceMessage {
  core::Uuid task_id;
  std::string queue;
  std::string envelope;
  std::optional<core::Timestamp> due;
};

// The message enqueue() would send: a new id unless options.task_id, the eta from countdown.
TaskMessage make_task_message(std::string name, boost::json::array args, boost::json::object kwargs,
                              EnqueueOptions options);

class Broker {
 public:
  explicit Broker(QueueKeys keys = {});

  const QueueKeys& keys() const { return keys_; }

  // Builds the message and sends it; returns the new task's id. No default arguments: g++ 12
  // relocates a coroutine's defaulted class-type argument bitwise (a std::string in it then
  // points into freed memory), so every caller passes all of them.
  boost::asio::awaitable<std::string> enqueue(redis::Client& client, std::string name,
                                              boost::json::array args, boost::json::object kwargs,
                                              EnqueueOptions options) const;
  // The task that `args` declares (queue/task_args.hpp), with them as keyword arguments.
  template <class Args>
  boost::asio::awaitable<std::string> enqueue(redis::Client& client, const Args& args,
                                              EnqueueOptions options) const {
    std::string name(Args::task);
    co_return co_await enqueue(client, std::move(name), boost::json::array(), task_kwargs(args),
                               std::move(options));
  }
  // Sends a ready message: onto its queue when its eta is unset or past, else scheduled.
  // Throws std::invalid_argument for an empty queue name or one holding a newline.
  boost::asio::awaitable<void> send(redis::Client& client, const TaskMessage& message) const;

  // Sends each encoded message (onto its queue, or scheduled when `due` is in the future)
  // unless a message with its task id was sent this way and has not reached its final
  // outcome (the "sent" mark, kept at most `remember`): at most once per id, all in one
  // script. How many were sent, the others being copies. For the outbox relay, which may
  // send a message again after a crash.
  boost::asio::awaitable<std::size_t> send_once(redis::Client& client,
                                                const std::vector<OnceMessage>& messages,
                                                std::chrono::seconds remember) const;

  // Moves up to `limit` scheduled messages due at `now` onto their queues, atomically (one
  // script: a message is never both scheduled and queued, nor lost between the two).
  // Returns how many were moved.
  boost::asio::awaitable<std::int64_t> promote_due(redis::Client& client, core::Timestamp now,
                                                   std::int64_t limit = 1000) const;

  // Schedules next_retry(message, eta): same id, one more retry.
  boost::asio::awaitable<void> schedule_retry(redis::Client& client, const TaskMessage& message,
                                              core::Timestamp eta) const;

  boost::asio::awaitable<void> dead_letter(redis::Client& client, const TaskMessage& message,
                                           std::string reason) const;
  // For a message that cannot even be decoded (it must not go back on the queue).
  boost::asio::awaitable<void> dead_letter_raw(redis::Client& client, std::string envelope,
                                               std::string reason) const;
  // Newest first.
  boost::asio::awaitable<std::vector<DeadLetter>> dead_letters(redis::Client& client,
                                                               std::int64_t limit = 100) const;

  boost::asio::awaitable<std::int64_t> depth(redis::Client& client, std::string queue) const;
  boost::asio::awaitable<std::int64_t> scheduled_count(redis::Client& client) const;
  boost::asio::awaitable<std::int64_t> dead_count(redis::Client& client) const;

 private:
  boost::asio::awaitable<void> schedule(redis::Client& client, const TaskMessage& message,
                                        core::Timestamp due) const;

  QueueKeys keys_;
};

}  // namespace tessera::queue
