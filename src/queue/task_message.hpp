#pragma once
// A task message in Celery's protocol v2 envelope, as kombu's Redis transport stores it in
// the queue's list, so Python Celery clients and workers and Tessera read each other's.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "core/timestamp.hpp"
#include "core/uuid.hpp"
#include "queue/message_error.hpp"

namespace tessera::queue {

inline constexpr std::string_view kDefaultQueue = "celery";

struct TaskMessage {
  core::Uuid id;
  std::string name;  // header "task"
  boost::json::array args;
  boost::json::object kwargs;
  std::optional<core::Timestamp> eta;      // not before
  std::optional<core::Timestamp> expires;  // discarded (not run) after
  int retries = 0;
  core::Uuid root_id;  // the first task of a workflow; the task itself when alone
  std::optional<core::Uuid> parent_id;
  std::string queue{kDefaultQueue};  // delivery_info.routing_key, the Redis list's name
  // Header "timelimit": [hard, soft] in seconds.
  std::optional<std::chrono::milliseconds> time_limit;
  std::optional<std::chrono::milliseconds> soft_time_limit;
  // Celery keeps these in the task's code, not in the message; Tessera carries them in
  // headers "x_tessera_max_retries", "x_tessera_retry_backoff_ms" and
  // "x_tessera_retry_backoff_max_ms", which Celery workers ignore.
  std::optional<int> max_retries;
  std::optional<std::chrono::milliseconds> retry_backoff;
  std::optional<std::chrono::milliseconds> retry_backoff_max;
  bool ignore_result = false;
  std::string origin;    // "name@host" of the sender; default_origin() when empty
  std::string reply_to;  // the sender's reply queue (Celery's app oid); a new UUID when empty
  // The body's third element: callbacks, errbacks, chain and chord as the sender wrote
  // them, kept so that a workflow is not silently dropped. Empty: all null.
  boost::json::object embed;

  friend bool operator==(const TaskMessage&, const TaskMessage&) = default;
};

// A message for a new task: fresh id, root_id = id.
TaskMessage make_message(std::string name, boost::json::array args = {},
                         boost::json::object kwargs = {});

// The envelope as JSON text, ready for LPUSH.
std::string encode_message(const TaskMessage& message);

// Reads what encode_message and Celery 4/5 clients write. Throws MessageError, naming the
// field, for anything else (protocol v1, another serializer or body encoding, bad types).
TaskMessage decode_message(std::string_view text);

// The message that runs the task again at `eta`: same id and root, one more retry.
TaskMessage next_retry(const TaskMessage& message, core::Timestamp eta);

// "tessera@<hostname>".
std::string default_origin();

}  // namespace tessera::queue
